"""Who held which post when: the holders of a year, the leadership, a post's succession."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.answer import CSV, AnswersDep, AsCsv, with_page_links
from api.deps import Day, Limit, Offset, ScopeQuery
from prosopo import leaders, succession, year_holders
from prosopo.answers import PAGE
from prosopo.filters import HoldingsQuery, Year
from prosopo.schemas import Holder, Leadership, PostHolders
from prosopo.scope import Scope

router = APIRouter(tags=["posts"])


@router.get("/holdings", response_model=list[Holder], responses=CSV)
async def who_held(
    request: Request,
    answers: AnswersDep,
    as_csv: AsCsv,
    asked: Annotated[HoldingsQuery, Query()],
) -> Response:
    """Who held which post in `year`, from the tenures reconstructed from every attestation.
    Each row has its `basis` (`stated`: a passage places the holding in that year; `inferred`:
    the year lies between two attestations with nothing ending the holding in between;
    `possible`: the dates allow it), the tenure with its span, evidence and what ended it, and
    `because`: the assertions this year's basis rests on. One page at a time: `X-Total-Count`
    says how many rows there are in all, `Link` where the next page is. `scope` answers from
    some sources only (the texts alone, or the official record alone)."""
    response = await answers.live(
        lambda session: year_holders.who_held_page(session, asked),
        csv=Holder if as_csv else None,
    )
    return with_page_links(request, response, asked.limit, asked.offset)


@router.get("/leadership", response_model=Leadership)
async def leadership(
    request: Request,
    answers: AnswersDep,
    year: Annotated[Year | None, Query(description="a calendar year, e.g. 1956")] = None,
    date: Annotated[Day | None, Query(description="a day, e.g. 1956-09-01")] = None,
    scope: ScopeQuery = Scope.all,
    limit: Limit = PAGE,
    offset: Offset = 0,
) -> Response:
    """The leadership as of a year or a day (give one): the premier and vice-premiers, every
    ministry, the party's chairman, vice-chairmen and secretaries, the members of its top body
    and the heads of the other bodies, body by body, each seat with its holders and their
    basis. A seat the data cannot fill says so. `scope` answers from some sources only. The
    seats come a page at a time (`limit` seats from `offset`; a body whose seats fall on two
    pages is on both): `X-Total-Count` says how many seats there are in all, `Link` where the
    next page is."""
    response = await answers.live(
        lambda session: leaders.leadership_page(
            session, year=year, date=date, scope=scope, limit=limit, offset=offset
        )
    )
    return with_page_links(request, response, limit, offset)


@router.get("/posts/{post_id}/holders", response_model=PostHolders)
async def post_holders(
    post_id: str, answers: AnswersDep, scope: ScopeQuery = Scope.all
) -> Response:
    """The holders of one post over time, in order: each tenure with its years by basis, its
    evidence and what ended it, and the years the data leave without a holder. `scope` answers
    from some sources only."""
    return await answers.live(lambda session: succession.holders(session, post_id, scope))
