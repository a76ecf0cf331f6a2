"""The source texts and their passages."""

from __future__ import annotations

from fastapi import APIRouter

from api.answer import AnswerRoute
from api.deps import SessionDep
from prosopo import passages
from prosopo.schemas import PassageOut, SourceOut

router = APIRouter(prefix="/sources", tags=["sources"], route_class=AnswerRoute)


@router.get("")
def list_sources(session: SessionDep) -> list[SourceOut]:
    """The sources: bibliographic records, how their locators read, how many passages the
    database holds and whether it holds their text."""
    return passages.list_sources(session)


@router.get("/{source_id}")
def get_source(source_id: str, session: SessionDep) -> SourceOut:
    """One source's bibliographic record and what the database holds of it."""
    return passages.get_source(session, source_id)


@router.get("/{source_id}/passages/{locator}")
def get_passage(source_id: str, locator: str, session: SessionDep) -> PassageOut:
    """One passage (e.g. `4.2.8` or `4.n23`): its text when the database has it, the endnotes it
    cites with the archival documents they name, and the persons it mentions."""
    return passages.get_passage(session, source_id, locator)
