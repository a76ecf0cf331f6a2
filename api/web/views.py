"""What each web page shows: the core answers it is made of, gathered with one session. Each
view returns the template to draw and what it needs; the routes (`api/web/routes.py`) only turn
a request into a view and a view into HTML. Pages call the core functions, never the HTTP API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from prosopo import (
    catalogue,
    charts,
    in_power,
    leaders,
    passages,
    queries,
    resolve,
    service,
    succession,
)
from prosopo.dates import STUDIED_YEARS
from prosopo.disagreements import disagreements
from prosopo.errors import NotFound
from prosopo.filters import PurgesFilter
from prosopo.persons import persons as everyone
from prosopo.schemas import CitationOut, CitedDocument, Leadership, Purged, Ref, Seat
from prosopo.scope import Scope

FIRST_YEAR, LAST_YEAR = STUDIED_YEARS
TOP_BODY = "kwp-standing-committee"  # the party's top body: the chart follows its whole line
CABINET = "cabinet"


@dataclass
class Page:
    template: str
    context: dict[str, Any]
    title: str


def _cited(citations: list[CitationOut]) -> list[tuple[str, str]]:
    return [(c.source, c.locator) for c in citations]


def home(session: Session) -> Page:
    return Page(
        "home.html",
        {
            "years": list(range(FIRST_YEAR, LAST_YEAR + 1)),
            "factions": catalogue.factions(session),
            "sources": passages.list_sources(session),
        },
        "prosopo",
    )


@dataclass
class Found:
    """What a search found: a person to go to, or candidates, or the nearest names."""

    person: str | None
    page: Page | None


def search(session: Session, q: str) -> Found:
    """A name in any spelling or script: the person it means, else every candidate (no guess),
    else a page saying it is not in the data, with the nearest names."""
    q = q.strip()
    if not q:
        return Found(None, Page("search.html", {"q": q, "candidates": [], "nearest": []}, "Search"))
    try:
        found = resolve.resolve_person(session, q)
    except NotFound:
        nearest = resolve.nearest_persons(session, q)
        return Found(
            None,
            Page("search.html", {"q": q, "candidates": [], "nearest": nearest}, f"“{q}”"),
        )
    if found.resolved and found.person is not None:
        return Found(found.person.id, None)
    return Found(
        None,
        Page("search.html", {"q": q, "candidates": found.candidates, "nearest": []}, f"“{q}”"),
    )


def person(session: Session, person_id: str, scope: Scope = Scope.all) -> Page:
    career = queries.career(session, person_id, scope)
    cited = [
        *(c for n in career.names for c in n.citations),
        *(c for m in career.factions for c in m.citations),
        *(c for h in career.posts for c in h.citations),
        *(c for p in career.purges for c in p.citations),
        *(c for t in career.tenures for e in t.evidence for c in e.citations),
        *(c for d in career.disagreements for s in d.sides for c in s.citations),
    ]
    base = f"/ui/persons/{person_id}"
    return Page(
        "person.html",
        {
            "career": career,
            "timeline": charts.timeline(career, base),
            "served": service.served_with(session, person_id),
            "texts": passages.passage_texts(session, _cited(cited)),
            "scope": scope,
        },
        career.person.name,
    )


def _by_event(purged: list[Purged]) -> list[tuple[str | None, str, list[Purged]]]:
    """The purges grouped by event (event id, name), in the order of their first purge (the
    purges come in date order), those at no event last."""
    groups: dict[str | None, list[Purged]] = defaultdict(list)
    names: dict[str | None, str] = {None: "At no named event"}
    for p in purged:
        event = p.purge.event
        groups[event.id if event else None].append(p)
        if event:
            names[event.id] = event.name
    order = [e for e in groups if e is not None] + ([None] if None in groups else [])
    return [(e, names[e], groups[e]) for e in order]


def _grouped(leadership: Leadership) -> list[tuple[Ref, list[tuple[Ref, Seat]]]]:
    """The bodies under the body they belong to (each ministry under the cabinet), in the
    leadership's order: one table for the cabinet, ministry by ministry."""
    groups: dict[str, tuple[Ref, list[tuple[Ref, Seat]]]] = {}
    for body in leadership.bodies:
        head = body.parent or body.organisation
        groups.setdefault(head.id, (head, []))[1].extend((body.organisation, s) for s in body.seats)
    return list(groups.values())


def year(session: Session, year: int, scope: Scope = Scope.all) -> Page:
    purged = queries.purges(session, PurgesFilter(year=year, scope=scope))
    leadership = leaders.leadership(session, year=year, scope=scope)
    return Page(
        "year.html",
        {
            "year": year,
            "scope": scope,
            "query": "" if scope is Scope.all else f"?scope={scope.value}",
            "groups": _grouped(leadership),
            "purged": _by_event(purged),
            "count": len(purged),
            "previous": year - 1 if year > FIRST_YEAR - 25 else None,
            "next": year + 1 if year < LAST_YEAR + 5 else None,
        },
        f"{year}",
    )


def purges(session: Session, action: str | None, event: str | None) -> Page:
    counts = queries.purge_counts_by_faction(session, action, event)
    query = "".join(f"&{k}={v}" for k, v in (("action", action), ("event", event)) if v is not None)
    return Page(
        "purges.html",
        {
            "chart": charts.purge_bars(counts, "/ui/years/{year}#purges"),
            "counts": counts,
            "kinds": catalogue.purge_kinds(session),
            "events": [e for e in catalogue.events(session) if e.purges],
            "action": action,
            "event": event,
            "query": query,
        },
        "Purges per year",
    )


def factions(session: Session) -> Page:
    bodies = []
    for heading, body in (("the party's top body", TOP_BODY), ("the cabinet", CABINET)):
        power = in_power.factions_in_power(session, body)
        bodies.append((heading, power, charts.faction_bars(power, "/ui/years/{year}")))
    return Page(
        "factions.html",
        {"factions": catalogue.factions(session), "bodies": bodies},
        "Factions",
    )


def faction(session: Session, faction_id: str) -> Page:
    found = catalogue.faction(session, faction_id)
    return Page("faction.html", {"found": found}, found.faction.name)


def post(session: Session, post_id: str, scope: Scope = Scope.all) -> Page:
    found = succession.holders(session, post_id, scope)
    return Page("post.html", {"found": found, "scope": scope}, found.post.title)


def event(session: Session, event_id: str) -> Page:
    found = catalogue.event(session, event_id)
    return Page("event.html", {"found": found}, found.event.name)


def sources(session: Session) -> Page:
    listed = passages.list_sources(session)
    index = passages.back_of_book_index(session)
    documents: dict[str, list[CitedDocument]] = defaultdict(list)
    for d in passages.archival_documents(session):
        documents[d.document.issuer].append(d)
    return Page(
        "sources.html",
        {"sources": listed, "index": index, "documents": sorted(documents.items())},
        "Sources",
    )


def passage(session: Session, source_id: str, locator: str) -> Page:
    found = passages.get_passage(session, source_id, locator)
    return Page("passage.html", {"found": found}, found.reference)


def all_disagreements(session: Session) -> Page:
    found = disagreements(session)
    return Page("disagreements.html", {"found": found}, "Disagreements")


def persons(session: Session) -> Page:
    return Page("persons.html", {"persons": everyone(session)}, "Persons")
