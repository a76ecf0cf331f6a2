"""Persons and their careers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import SVG, SessionDep
from prosopo import charts, passages, queries
from prosopo.schemas import Career, MentionOut, PersonOut

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("")
def list_persons(
    session: SessionDep,
    name: Annotated[str, Query(min_length=1, description="a name in any spelling the data knows")],
) -> list[PersonOut]:
    """Persons whose id is `name` or who bear a name equal to it up to apostrophes, breves,
    hyphens, spaces and case."""
    return [PersonOut.model_validate(p) for p in queries.find_persons(session, name)]


@router.get("/{person_id}")
def get_career(person_id: str, session: SessionDep) -> Career:
    """A person's career: names, faction memberships, posts held and purges, each with its
    citations and the data file line it was written on."""
    return queries.career(session, person_id)


@router.get("/{person_id}/timeline.svg", response_class=Response, responses=SVG)
def get_timeline(person_id: str, session: SessionDep) -> Response:
    """A person's career as a timeline (SVG): posts as bars, dark where the dates make the
    holding certain and pale where they only make it possible; purges as red marks."""
    picture = charts.career_timeline(queries.career(session, person_id))
    return Response(picture, media_type="image/svg+xml")


@router.get("/{person_id}/mentions")
def get_mentions(person_id: str, session: SessionDep) -> list[MentionOut]:
    """Every passage that names the person, in reading order, with the form printed there and
    the passage text when the database has it."""
    return passages.mentions(session, person_id)
