"""Purges: removals, expulsions, arrests, flights abroad, rehabilitations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.answer import AnswerRoute, stored_or_live
from api.deps import SVG, Limit, Offset, SessionDep
from prosopo import queries
from prosopo.schemas import Purged, YearCount
from prosopo.tenures import Basis

router = APIRouter(prefix="/purges", tags=["purges"], route_class=AnswerRoute)


@router.get("", response_model=list[Purged])
def list_purges(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=1800, le=2100, description="a calendar year")] = None,
    action: Annotated[
        str | None, Query(description="a purge kind, e.g. expelled-from-party")
    ] = None,
    event: Annotated[
        str | None, Query(description="an event id, e.g. kwp-cc-plenum-1956-08")
    ] = None,
    basis: Annotated[
        list[Basis] | None, Query(description="with a year: only these bases (stated, possible)")
    ] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> Any:
    """Purge events, optionally limited to a year, a kind of action or the event at which they
    happened, in date order. With a year, each says on what basis: `stated` when its date lies
    within the year, `possible` when the date only allows it."""
    unfiltered = action is None and event is None and not basis and limit is None and not offset
    if year is not None and unfiltered:
        return stored_or_live(
            session, "purges", str(year), lambda: queries.purges(session, year=year)
        )
    return queries.purges(
        session,
        year=year,
        action=action,
        event=event,
        basis=basis,
        limit=limit,
        offset=offset,
    )


@router.get("/per-year")
def purges_per_year(
    session: SessionDep,
    action: Annotated[str | None, Query(description="a purge kind")] = None,
    event: Annotated[str | None, Query(description="an event id")] = None,
) -> list[YearCount]:
    """Purge events counted per year by basis: `stated` and `possible` add up to as many as
    `/purges?year=` lists for that year."""
    return queries.purge_counts(session, action=action, event=event)


@router.get("/per-year.svg", response_class=Response, responses=SVG)
def purges_per_year_chart(
    session: SessionDep,
    action: Annotated[str | None, Query(description="a purge kind")] = None,
    event: Annotated[str | None, Query(description="an event id")] = None,
) -> Response:
    """The counts of /purges/per-year as a bar chart (SVG)."""
    from prosopo import charts  # matplotlib is imported only when a picture is asked for

    counts = queries.purge_counts(session, action=action, event=event)
    title = "Purge events per year" + (f": {action}" if action else "")
    return Response(charts.purges_chart(counts, title), media_type="image/svg+xml")
