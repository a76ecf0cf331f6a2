"""The source texts and their passages."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.answer import CSV, AnswersDep, AsCsv
from prosopo import passages
from prosopo.schemas import PassageOut, SourceOut

router = APIRouter(prefix="/sources", tags=["sources"])


@router.get("", response_model=list[SourceOut], responses=CSV)
async def list_sources(answers: AnswersDep, as_csv: AsCsv) -> Response:
    """The sources: bibliographic records, how their locators read, how many passages the
    database holds and whether it holds their text."""
    return await answers.live(passages.list_sources, csv=SourceOut if as_csv else None)


@router.get("/{source_id}", response_model=SourceOut)
async def get_source(source_id: str, answers: AnswersDep) -> Response:
    """One source's bibliographic record and what the database holds of it."""
    return await answers.live(lambda session: passages.get_source(session, source_id))


@router.get("/{source_id}/passages/{locator}", response_model=PassageOut)
async def get_passage(source_id: str, locator: str, answers: AnswersDep) -> Response:
    """One passage (e.g. `4.2.8` or `4.n23`): its text when the database has it, the endnotes it
    cites with the archival documents they name, and the persons it mentions."""
    return await answers.live(lambda session: passages.get_passage(session, source_id, locator))
