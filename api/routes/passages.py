"""Full-text search over the passages, and the back-of-book index."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answer import CSV, AnswersDep, AsCsv
from prosopo import passages
from prosopo.schemas import IndexEntry, Problem, SearchHit

router = APIRouter(tags=["sources"])


@router.get("/passages", response_model=list[SearchHit], responses={**CSV, 409: {"model": Problem}})
async def search_passages(
    answers: AnswersDep,
    as_csv: AsCsv,
    q: Annotated[str, Query(min_length=1, description="words that must all occur")],
    source: Annotated[str | None, Query(description="only this source")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many hits")] = 20,
) -> Response:
    """Passages containing all the words of `q`, best first, with a snippet. Needs a database
    built with the source texts (409 otherwise)."""
    return await answers.live(
        lambda session: passages.search(session, q, source=source, limit=limit),
        csv=SearchHit if as_csv else None,
    )


@router.get("/index", response_model=list[IndexEntry], responses=CSV)
async def back_of_book_index(answers: AnswersDep, as_csv: AsCsv) -> Response:
    """The back-of-book index: every person, alphabetically, with the passages naming them."""
    return await answers.live(passages.back_of_book_index, csv=IndexEntry if as_csv else None)
