"""Purges: removals, expulsions, arrests, flights abroad, rehabilitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from prosopo import queries
from prosopo.schemas import Purged

router = APIRouter(prefix="/purges", tags=["purges"])


@router.get("")
def list_purges(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=1800, le=2100, description="a calendar year")] = None,
    action: Annotated[
        str | None, Query(description="a purge kind, e.g. expelled-from-party")
    ] = None,
    event: Annotated[
        str | None, Query(description="an event id, e.g. kwp-cc-plenum-1956-08")
    ] = None,
    certain: Annotated[bool, Query(description="only purges certain in that year")] = False,
) -> list[Purged]:
    """Purge events, optionally limited to a year, a kind of action or the event at which they
    happened. Each answer says whether its date makes it certain or only possible."""
    return queries.purges(session, year=year, action=action, event=event, certain_only=certain)
