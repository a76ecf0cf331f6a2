"""Persons and their careers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from api.answer import CSV, AnswersDep, AsCsv, with_page_links
from api.deps import SVG, ScopeQuery
from prosopo import charts, passages, persons, queries, resolve, service
from prosopo.charts import FIRST_YEAR, LAST_YEAR
from prosopo.filters import PersonsQuery
from prosopo.schemas import Candidate, Career, MentionOut, PersonRow, Resolution, ServedWith
from prosopo.scope import Scope

router = APIRouter(prefix="/persons", tags=["persons"])


@router.get("", response_model=list[PersonRow], responses=CSV)
async def list_persons(
    request: Request,
    answers: AnswersDep,
    as_csv: AsCsv,
    asked: Annotated[PersonsQuery, Query()],
) -> Response:
    """Everyone in the data that every given filter keeps, a page at a time (`X-Total-Count`,
    `Link`): by a form of their name (real matches only, never fuzzy), a faction, a year they
    are active in (each row then says on what basis), a post held in an organisation, or a
    purge (in a year, of a kind, at an event: one purge meeting all of those given)."""
    response = await answers.live(
        lambda session: persons.persons_page(session, asked),
        csv=PersonRow if as_csv else None,
    )
    return with_page_links(request, response, asked.limit, asked.offset)


@router.get("/search", response_model=list[Candidate], responses=CSV)
async def search_persons(
    answers: AnswersDep,
    as_csv: AsCsv,
    name: Annotated[
        str, Query(min_length=1, description="a name in any spelling or script, or its start")
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="at most this many")] = 10,
) -> Response:
    """Persons a name may mean, best first, each with the form that matched, how it matched and
    a score: exact and normalised matches outrank surname variants and romanized hangul, which
    outrank prefixes (for autocomplete) and fuzzy matches. 404, with the nearest forms, when
    nothing matches."""
    return await answers.live(
        lambda session: resolve.search_persons(session, name, limit),
        csv=Candidate if as_csv else None,
    )


@router.get("/resolve", response_model=Resolution)
async def resolve_person(
    answers: AnswersDep,
    name: Annotated[str, Query(min_length=1, description="a name in any spelling or script")],
) -> Response:
    """The one person a name means (`resolved: true`): by an exact, normalised, variant-surname
    or romanized match that no other person shares, or by the start of a name beyond the surname
    that only one person's forms begin with. Otherwise, and always for a fuzzy match however
    close, `resolved: false` and every candidate, with no guess. 404, with the nearest forms,
    when nothing matches."""
    return await answers.live(lambda session: resolve.resolve_person(session, name))


@router.get("/{person_id}", response_model=Career)
async def get_career(
    person_id: str, answers: AnswersDep, scope: ScopeQuery = Scope.all
) -> Response:
    """A person's career: names, faction memberships, posts held (as stated, and as tenures
    with the basis of each year) and purges, each with its citations and the data file line it
    was written on. `scope` answers from some sources only (the names are always all given)."""
    return await answers.live(lambda session: queries.career(session, person_id, scope))


@router.get("/{person_id}/timeline.svg", response_class=Response, responses=SVG)
async def get_timeline(person_id: str, answers: AnswersDep) -> Response:
    """A person's career as a timeline (SVG): each tenure year by year, dark where a passage
    states it, lighter where it is inferred between attestations, palest where only possible,
    with the attestations as ticks; purges as red marks."""
    return await answers.live(
        lambda session: Response(
            charts.drawn(
                charts.timeline(queries.career(session, person_id), f"/ui/persons/{person_id}"),
                "timeline",
                f"nothing in this career is dated within {FIRST_YEAR}–{LAST_YEAR}",
            ),
            media_type="image/svg+xml",
        )
    )


@router.get("/{person_id}/served-with", response_model=list[ServedWith])
async def get_served_with(person_id: str, answers: AnswersDep) -> Response:
    """Who held a post in the same body as the person in the same years (each year stated or
    inferred for both), with the bodies and years, most years together first."""
    return await answers.live(lambda session: service.served_with(session, person_id))


@router.get("/{person_id}/mentions", response_model=list[MentionOut], responses=CSV)
async def get_mentions(person_id: str, answers: AnswersDep, as_csv: AsCsv) -> Response:
    """Every passage that names the person, in reading order, with the form printed there and
    the passage text when the database has it."""
    return await answers.live(
        lambda session: passages.mentions(session, person_id), csv=MentionOut if as_csv else None
    )
