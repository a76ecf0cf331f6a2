"""Purges: removals, expulsions, arrests, flights abroad, rehabilitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.answer import CSV, AnswersDep, AsCsv, with_page_links
from api.deps import SVG
from prosopo import charts, queries
from prosopo.filters import PurgesQuery
from prosopo.schemas import Purged, YearCount

router = APIRouter(prefix="/purges", tags=["purges"])


@router.get("", response_model=list[Purged], responses=CSV)
async def list_purges(
    request: Request,
    answers: AnswersDep,
    as_csv: AsCsv,
    asked: Annotated[PurgesQuery, Query()],
) -> Response:
    """Purge events, optionally limited to a year, a kind of action, the event at which they
    happened or the members of a faction, in date order. With a year, each says on what basis:
    `stated` when its date lies within the year, `possible` when the date only allows it. One
    page at a time: `X-Total-Count` says how many rows there are in all, `Link` where the next
    page is. `scope` answers from some sources only."""
    response = await answers.live(
        lambda session: queries.purges_page(session, asked),
        csv=Purged if as_csv else None,
    )
    return with_page_links(request, response, asked.limit, asked.offset)


@router.get("/per-year", response_model=list[YearCount], responses=CSV)
async def purges_per_year(
    answers: AnswersDep,
    as_csv: AsCsv,
    action: Annotated[str | None, Query(description="a purge kind")] = None,
    event: Annotated[str | None, Query(description="an event id")] = None,
    faction: Annotated[str | None, Query(description="only members of this faction")] = None,
) -> Response:
    """Purge events counted per year by basis: `stated` and `possible` add up to as many as
    `/purges?year=` lists for that year."""
    return await answers.live(
        lambda session: queries.purge_counts(session, action, event, faction),
        csv=YearCount if as_csv else None,
    )


@router.get("/per-year.svg", response_class=Response, responses=SVG)
async def purges_per_year_chart(
    answers: AnswersDep,
    action: Annotated[str | None, Query(description="a purge kind")] = None,
    event: Annotated[str | None, Query(description="an event id")] = None,
) -> Response:
    """The counts of /purges/per-year as a bar chart (SVG)."""
    title = "Purge events per year" + (f": {action}" if action else "")
    return await answers.live(
        lambda session: Response(
            charts.drawn(
                charts.purge_count_bars(
                    queries.purge_counts(session, action=action, event=event),
                    title,
                    "/ui/years/{year}#purges",
                ),
                "purges",
                "no purge event the filters keep is dated",
            ),
            media_type="image/svg+xml",
        )
    )
