"""Who held which post when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from prosopo import queries
from prosopo.schemas import Holder

router = APIRouter(prefix="/holdings", tags=["posts"])

Year = Annotated[int, Query(ge=1800, le=2100, description="a calendar year, e.g. 1956")]


@router.get("")
def who_held(
    session: SessionDep,
    year: Year,
    post: Annotated[str | None, Query(description="a post id, e.g. vice-premier")] = None,
    organisation: Annotated[
        str | None, Query(description="an organisation id; includes the bodies inside it")
    ] = None,
    certain: Annotated[bool, Query(description="only holdings certain in that year")] = False,
) -> list[Holder]:
    """Who held a post at some time in `year`. Each answer says whether the dates make it
    certain or only possible."""
    return queries.who_held(
        session, year, post=post, organisation=organisation, certain_only=certain
    )
