"""Full-text search over the passages, and the back-of-book index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.answer import AnswerRoute
from api.deps import SessionDep
from prosopo import passages
from prosopo.schemas import IndexEntry, Problem, SearchHit

router = APIRouter(tags=["sources"], route_class=AnswerRoute)


@router.get("/passages", responses={409: {"model": Problem}})
def search_passages(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, description="words that must all occur")],
    source: Annotated[str | None, Query(description="only this source")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many hits")] = 20,
) -> list[SearchHit]:
    """Passages containing all the words of `q`, best first, with a snippet. Needs a database
    built with the source texts (409 otherwise)."""
    return passages.search(session, q, source=source, limit=limit)


@router.get("/index")
def back_of_book_index(session: SessionDep) -> list[IndexEntry]:
    """The back-of-book index: every person, alphabetically, with the passages naming them."""
    return passages.back_of_book_index(session)
