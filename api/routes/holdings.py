"""Who held which post when: the holders of a year, the leadership, a post's succession."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.answer import AnswerRoute, stored_or_live
from api.deps import Day, Limit, Offset, SessionDep
from prosopo import offices
from prosopo.schemas import Holder, Leadership, PostHolders
from prosopo.tenures import Basis

router = APIRouter(tags=["posts"], route_class=AnswerRoute)

Year = Annotated[int, Query(ge=1800, le=2100, description="a calendar year, e.g. 1956")]
BasisFilter = Annotated[
    list[Basis] | None,
    Query(description="only these bases (repeat for several); `stated` is the strict answer"),
]


@router.get("/holdings", response_model=list[Holder])
def who_held(
    session: SessionDep,
    year: Year,
    post: Annotated[str | None, Query(description="a post id, e.g. vice-premier")] = None,
    organisation: Annotated[
        str | None, Query(description="an organisation id; includes the bodies inside it")
    ] = None,
    basis: BasisFilter = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> Any:
    """Who held which post in `year`, from the tenures reconstructed from every attestation.
    Each row has its `basis` (`stated`: a passage places the holding in that year; `inferred`:
    the year lies between two attestations with nothing ending the holding in between;
    `possible`: the dates allow it), the tenure with its span, evidence and what ended it, and
    `because`: the assertions this year's basis rests on."""
    if post is None and organisation is None and not basis and limit is None and not offset:
        return stored_or_live(
            session, "holdings", str(year), lambda: offices.who_held(session, year)
        )
    return offices.who_held(
        session,
        year,
        post=post,
        organisation=organisation,
        basis=basis,
        limit=limit,
        offset=offset,
    )


@router.get("/leadership", response_model=Leadership)
def leadership(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=1800, le=2100, description="a calendar year")] = None,
    date: Annotated[Day | None, Query(description="a day, e.g. 1956-09-01")] = None,
) -> Any:
    """The leadership as of a year or a day (give one): the premier and vice-premiers, every
    ministry, the party's chairman, vice-chairmen and secretaries, the members of its top body
    and the heads of the other bodies, body by body, each seat with its holders and their
    basis. A seat the data cannot fill says so."""
    if year is not None and date is None:
        return stored_or_live(
            session, "leadership", str(year), lambda: offices.leadership(session, year=year)
        )
    return offices.leadership(session, year=year, date=date)


@router.get("/posts/{post_id}/holders")
def post_holders(post_id: str, session: SessionDep) -> PostHolders:
    """The holders of one post over time, in order: each tenure with its years by basis, its
    evidence and what ended it, and the years the data leave without a holder."""
    return offices.holders(session, post_id)
