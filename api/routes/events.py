"""Events (plenums, congresses, conferences, trials) and the vocabularies a client builds its
filters from: purge kinds and event kinds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.answer import CSV, AnswersDep, AsCsv
from prosopo import catalogue
from prosopo.schemas import EventDetail, EventKindOut, EventOut, PurgeKindOut

router = APIRouter(tags=["events"])


@router.get("/events", response_model=list[EventOut], responses=CSV)
async def list_events(
    answers: AnswersDep,
    as_csv: AsCsv,
    kind: Annotated[str | None, Query(description="an event kind, e.g. plenum")] = None,
) -> Response:
    """The events, in date order, each with its date as the texts give it, its citations and
    how many purges the data place at it."""
    return await answers.live(
        lambda session: catalogue.events(session, kind), csv=EventOut if as_csv else None
    )


@router.get("/events/{event_id}", response_model=EventDetail)
async def get_event(event_id: str, answers: AnswersDep) -> Response:
    """One event and everyone whose purge the data place at it."""
    return await answers.live(lambda session: catalogue.event(session, event_id))


@router.get("/purge-kinds", response_model=list[PurgeKindOut], responses=CSV)
async def list_purge_kinds(answers: AnswersDep, as_csv: AsCsv) -> Response:
    """The kinds of purge (`action=` of /purges), each with the posts it takes away besides the
    one a purge names, and how many purges the data hold of it."""
    return await answers.live(catalogue.purge_kinds, csv=PurgeKindOut if as_csv else None)


@router.get("/event-kinds", response_model=list[EventKindOut], responses=CSV)
async def list_event_kinds(answers: AnswersDep, as_csv: AsCsv) -> Response:
    """The kinds of event (`kind=` of /events), with how many events the data hold of each."""
    return await answers.live(catalogue.event_kinds, csv=EventKindOut if as_csv else None)
