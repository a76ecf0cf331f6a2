"""The data as the International Prosopography Interchange Format (IPIF) sees them: read-only, at
compliance level 1 (every GET, every filter), for `/ipif/` (the API document is
`../shared/specs/ipif-prosopogrAPhI.yaml`).

The mapping, which keeps every locator and fuzzy date:
- a person is a person (`@id` the person's id, `label` the name);
- a statement is one assertion (a name, a faction membership, a post held, a purge), said in
  prosopo's own words (never the source's), with its date as `sortdate` (the earliest day it
  allows) and `label` (the date as the text gives it, uncertainty kept);
- a source is one cited passage, `source:locator` (e.g. `szalontai-2005:4.2.8`), labelled as a
  reader follows it ("Szalontai 2005, ch. 4, § 2, ¶ 8");
- a factoid is one statement about one person from one passage: an assertion cited by two
  passages is two factoids sharing one statement. An editorial name form (general knowledge,
  not read from the texts) has no source, so no factoid: the lists never show it.
A statement's id is its assertion's permanent id (`held:kim-il-sung:premier:koh-1965:2`, see
prosopo.build.keys) and a factoid's is that id `@` its source's: both survive edits of the
data, and a build refuses data that would drop a published one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import singledispatch
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, selectinload

from prosopo.answers import reference
from prosopo.dates import plain_bounds
from prosopo.errors import BadQuestion, NotFound
from prosopo.filters import IpifQuery
from prosopo.locators import citation_key
from prosopo.models import (
    Assertion,
    Build,
    Event,
    Faction,
    FactionMembership,
    Organisation,
    Person,
    PersonName,
    Post,
    PostHolding,
    PurgeEvent,
    PurgeKind,
    Source,
)

CREATED_BY = "prosopo (curated from the texts)"
SIZE = 30  # the API document's default page size
RESOURCES = ("factoids", "persons", "statements", "sources")


@dataclass
class Factoid:
    id: str
    person: str
    source: str
    statement: str


@dataclass
class Corpus:
    """Everything IPIF can be asked about, as dictionaries in its shapes, with the factoids
    linking them."""

    created: str
    persons: dict[str, dict[str, Any]] = field(default_factory=dict)
    statements: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    factoids: list[Factoid] = field(default_factory=list)
    # each dated statement's earliest and latest day (None: open), which `from`/`to` read
    spans: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)


def _date(text: str | None, earliest: dt.date | None) -> dict[str, str] | None:
    if not text:
        return None
    out = {"label": text}
    if earliest is not None:
        out["sortdate"] = earliest.isoformat()
    return out


def _holding_date(h: PostHolding) -> dict[str, str] | None:
    if h.start_text or h.end_text:
        return _date(f"{h.start_text or '?'}/{h.end_text or '?'}", h.span_earliest)
    return _date(h.during_text, h.during_earliest)


def _statement(a: Assertion) -> dict[str, Any]:
    """One assertion as an IPIF statement, in prosopo's words; its links are paths, made URIs
    under the server's address when sent (`_under`)."""
    s: dict[str, Any] = {"@id": a.permanent_id, "createdBy": CREATED_BY, **_said(a)}
    return {k: v for k, v in s.items() if v is not None}


@singledispatch
def _said(a: Assertion) -> dict[str, Any]:
    """What a statement says of its kind (each kind registers its own): a kind with none is an
    error here, not a statement silently left without type or date."""
    raise TypeError(f"no IPIF statement for an assertion of kind {a.type!r}")


@_said.register
def _name(a: PersonName) -> dict[str, Any]:
    return {
        "statementType": {"label": "name"},
        "name": a.form,
        "statementText": f"{a.person.name} is also written {a.form} ({a.scheme}).",
    }


@_said.register
def _membership(a: FactionMembership) -> dict[str, Any]:
    dated = a.start_text or a.end_text
    return {
        "statementType": {"label": "faction membership"},
        "memberOf": {"uri": f"/factions/{a.faction_id}", "label": a.faction.name},
        "date": _date(
            f"{a.start_text or '?'}/{a.end_text or '?'}" if dated else None, a.start_earliest
        ),
        "statementText": (
            f"{a.person.name} belonged to the {a.faction.name} (the text: {a.label})."
        ),
    }


@_said.register
def _holding(a: PostHolding) -> dict[str, Any]:
    body = a.post.organisation
    return {
        "statementType": {"label": "held a post"},
        "role": {"uri": f"/posts/{a.post_id}/holders", "label": a.post.title},
        "memberOf": {"uri": f"/organisations/{body.id}", "label": body.name},
        "date": _holding_date(a),
        "statementText": f"{a.person.name} held the post of {a.post.title} ({body.name}).",
    }


@_said.register
def _purge(a: PurgeEvent) -> dict[str, Any]:
    said: dict[str, Any] = {
        "statementType": {"uri": f"/purge-kinds#{a.action_id}", "label": a.action.label}
    }
    if a.post is not None:
        said["role"] = {"uri": f"/posts/{a.post_id}/holders", "label": a.post.title}
    if a.event is not None:
        said["memberOf"] = {"uri": f"/events/{a.event_id}", "label": a.event.name}
    said["date"] = _date(a.date_text, a.date_earliest)
    where = f" ({a.post.title})" if a.post else ""
    said["statementText"] = f"{a.person.name}: {a.action.label}{where}."
    return said


# The corpus of each database build: made once (about 150 ms on the real data), before a server
# answers from the build (api/served.py), as the name index is (prosopo.resolve); read-only once
# made. An engine reads one build (prosopo.db.make_engine), so the engine is the build's key.
_CORPORA: WeakKeyDictionary[Engine, Corpus] = WeakKeyDictionary()
_LOCK = threading.Lock()


def corpus(session: Session) -> Corpus:
    """Every person, statement, source and factoid of the database."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    found = _CORPORA.get(engine)
    if found is None:
        found = read_corpus(session)
        with _LOCK:
            found = _CORPORA.setdefault(engine, found)
    return found


def _under(record: dict[str, Any], base: str) -> dict[str, Any]:
    """A statement with the paths of its links made URIs under `base` (the server's address)."""
    out = dict(record)
    for key in ("memberOf", "role", "statementType"):
        link = out.get(key)
        if isinstance(link, dict) and str(link.get("uri", "")).startswith("/"):
            out[key] = {**link, "uri": base + link["uri"]}
    return out


def read_corpus(session: Session) -> Corpus:
    """The corpus read from the database now."""
    built = session.scalar(select(Build.built_at))
    created = (built or dt.datetime.now(dt.UTC)).date().isoformat()
    found = Corpus(created=created)
    persons = session.scalars(select(Person).order_by(Person.id)).all()
    for p in persons:
        found.persons[p.id] = {"@id": p.id, "label": p.name, "createdBy": CREATED_BY}
    # every source, faction, post, body, purge kind and event, read once and held here (as
    # the persons are): what each assertion and citation points at is then found in the
    # session's identity map, not joined again to each of its rows (at 100x: 220,900
    # assertions and 353,000 citations; each joined source decoded its JSON columns anew)
    held = [
        row
        for model in (Source, Faction, Organisation, Post, PurgeKind, Event)
        for row in session.scalars(select(model))
    ]
    loads: list[type[Assertion]] = [PersonName, FactionMembership, PostHolding, PurgeEvent]
    for kind in loads:
        for a in session.scalars(
            select(kind).options(selectinload(kind.citations)).order_by(kind.id)
        ):
            statement = _statement(a)
            found.statements[statement["@id"]] = statement
            span = a.days
            if span is not None:
                found.spans[statement["@id"]] = span
            for c in a.citations:
                # a page's locator (Members/Premier of the Cabinet) made fit for a URL path
                source_id = citation_key(f"{c.source_id}:{c.locator}")
                if source_id not in found.sources:
                    found.sources[source_id] = {
                        "@id": source_id,
                        "label": reference(c.source, c.locator),
                        "createdBy": CREATED_BY,
                    }
                    if c.source.url:
                        found.sources[source_id]["uris"] = [c.source.url]
                # a passage that only dates or frames the statement is a factoid too, marked
                # as context in its id
                role = "" if c.role == "states" else f"#{c.role}"
                found.factoids.append(
                    Factoid(
                        f"{a.permanent_id}@{source_id}{role}",
                        a.person_id,
                        source_id,
                        statement["@id"],
                    )
                )
    del persons, held  # needed only while the assertions were read
    for record in (*found.persons.values(), *found.statements.values(), *found.sources.values()):
        record["createdWhen"] = created
    return found


def _words(value: Any) -> str:
    """Everything a keyword filter may find in a record, lower case."""
    if isinstance(value, dict):
        return " ".join(_words(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_words(v) for v in value)
    return str(value).lower()


def _has(value: Any, pattern: str) -> bool:
    """The keyword test: `*` asks for any value; otherwise every word of the pattern occurs."""
    if pattern == "*":
        return bool(value)
    text = _words(value) if value else ""
    return all(word in text for word in pattern.lower().split())


def _keyword(get: Callable[[Any], Any], pattern: str) -> Callable[[Any], bool]:
    return lambda record: _has(get(record), pattern)


def _getter(prop: str) -> Callable[[dict[str, Any]], Any]:
    return lambda statement: statement.get(prop)


def _whole(record: Any) -> Any:
    return record


def _equal(attribute: str, value: str) -> Callable[[Factoid], bool]:
    return lambda f: bool(getattr(f, attribute) == value)


def _day(text: str, last: bool) -> dt.date:
    """A date filter as a day: `yyyy`, `yyyy-mm` or `yyyy-mm-dd`, at its start or its end."""
    bounds = plain_bounds(text)
    if bounds is None:
        raise BadQuestion(f"{text!r} is not a date: write yyyy, yyyy-mm or yyyy-mm-dd")
    return bounds[1] if last else bounds[0]


def _statement_filter(
    asked: IpifQuery, spans: dict[str, tuple[dt.date | None, dt.date | None]]
) -> Callable[[dict[str, Any]], bool]:
    """The statement filters of the API document, all of which must hold. `from` and `to`
    keep a statement whose dates may fall in the range at all: a statement dated "1955/1957"
    is kept for 1956, as one whose end the texts leave open is kept for any later year."""
    tests: list[Callable[[dict[str, Any]], bool]] = []
    for pattern, prop in (
        (asked.role, "role"),
        (asked.member_of, "memberOf"),
        (asked.place, "places"),
        (asked.relates_to_person, "relatesToPersons"),
        (asked.name, "name"),
        (asked.statement_text, "statementText"),
    ):
        if pattern is not None:
            tests.append(_keyword(_getter(prop), pattern))
    if asked.st is not None:
        tests.append(_keyword(_whole, asked.st))
    if asked.from_ is not None or asked.to is not None:
        # the document: a fragment given alone (yyyy, yyyy-mm) is that year or month exactly
        given = asked.from_ or asked.to or ""
        alone = (asked.from_ is None) != (asked.to is None) and len(given) < len("yyyy-mm-dd")
        if alone:
            start, end = _day(given, last=False), _day(given, last=True)
        else:
            start = _day(asked.from_, last=False) if asked.from_ is not None else dt.date.min
            end = _day(asked.to, last=True) if asked.to is not None else dt.date.max

        def dated(s: dict[str, Any]) -> bool:
            if s["@id"] not in spans:
                return False  # undated: nothing places it in the range
            earliest, latest = spans[s["@id"]]
            return (earliest or dt.date.min) <= end and (latest or dt.date.max) >= start

        tests.append(dated)
    return lambda s: all(t(s) for t in tests)


def _factoid_filter(c: Corpus, asked: IpifQuery) -> Callable[[Factoid], bool]:
    statement_ok = _statement_filter(asked, c.spans)
    tests: list[Callable[[Factoid], bool]] = [lambda f: statement_ok(c.statements[f.statement])]
    for value, attribute in (
        (asked.person_id, "person"),
        (asked.source_id, "source"),
        (asked.statement_id, "statement"),
        (asked.factoid_id, "id"),
    ):
        if value is not None:
            tests.append(_equal(attribute, value))
    if asked.p is not None:
        tests.append(_keyword(lambda f: c.persons[f.person], asked.p))
    if asked.s is not None:
        tests.append(_keyword(lambda f: c.sources[f.source], asked.s))
    if asked.f is not None:
        tests.append(_keyword(lambda f: {"@id": f.id, "by": CREATED_BY}, asked.f))
    return lambda f: all(t(f) for t in tests)


def _ref(c: Corpus, f: Factoid) -> dict[str, Any]:
    return {
        "@id": f.id,
        "person-ref": {"@id": f.person},
        "source-ref": {"@id": f.source},
        "statement-refs": [{"@id": f.statement}],
    }


def _factoid(c: Corpus, f: Factoid) -> dict[str, Any]:
    return {**_ref(c, f), "createdBy": CREATED_BY, "createdWhen": c.created}


def _with_refs(c: Corpus, record: dict[str, Any], factoids: list[Factoid]) -> dict[str, Any]:
    return {**record, "factoid-refs": [_ref(c, f) for f in factoids]}


def _sorted(records: list[dict[str, Any]], sort_by: str | None) -> list[dict[str, Any]]:
    """`sortBy`: a property, optionally followed by ASC or DESC; by `@id` within it."""
    if not sort_by:
        return records
    words = sort_by.split()
    descending = len(words) > 1 and words[-1].upper() == "DESC"
    key = words[0]

    def value(r: dict[str, Any]) -> str:
        v = r.get(key)
        if isinstance(v, list):
            v = v[0] if v else None
        if isinstance(v, dict):
            v = v.get("sortdate") or v.get("label") or v.get("@id")
        return "" if v is None else str(v)

    return sorted(records, key=value, reverse=descending)


def listing(session: Session, resource: str, asked: IpifQuery, base: str) -> dict[str, Any]:
    """One page of `resource` (factoids, persons, statements, sources) that the filters keep:
    a record is kept when one of its factoids meets every filter."""
    size, page = asked.size or SIZE, asked.page or 1
    c = corpus(session)
    kept = [f for f in c.factoids if _factoid_filter(c, asked)(f)]
    records: list[dict[str, Any]]
    if resource == "factoids":
        records = [_factoid(c, f) for f in kept]
    else:
        attribute = {"persons": "person", "statements": "statement", "sources": "source"}[resource]
        table = {"persons": c.persons, "statements": c.statements, "sources": c.sources}[resource]
        grouped: dict[str, list[Factoid]] = {}
        for f in kept:
            grouped.setdefault(getattr(f, attribute), []).append(f)
        records = [_with_refs(c, table[key], found) for key, found in grouped.items()]
    records = _sorted(records, asked.sort_by)
    start = (page - 1) * size
    shown = records[start : start + size]
    if resource == "statements":
        shown = [_under(r, base) for r in shown]
    return {"protocol": {"size": size, "page": page, "totalHits": len(records)}, resource: shown}


def one(session: Session, resource: str, record_id: str, base: str) -> dict[str, Any]:
    """One factoid, person, statement or source, with its factoid references."""
    c = corpus(session)
    if resource == "factoids":
        for f in c.factoids:
            if f.id == record_id:
                return _factoid(c, f)
    else:
        attribute = {"persons": "person", "statements": "statement", "sources": "source"}[resource]
        table = {"persons": c.persons, "statements": c.statements, "sources": c.sources}[resource]
        if record_id in table:
            found = [f for f in c.factoids if getattr(f, attribute) == record_id]
            record = _with_refs(c, table[record_id], found)
            return _under(record, base) if resource == "statements" else record
    raise NotFound(f"no {resource[:-1]} with id {record_id!r}")


def describe(base: str) -> dict[str, Any]:
    return {
        "description": (
            "The North Korean leadership, 1945-1970: persons, faction memberships, posts held "
            "and purges, each statement read from Szalontai (2005) or Koh (1965-66) and cited "
            "to its paragraph or endnote; dates keep the uncertainty of the texts."
        ),
        "provider": "prosopo",
        "complianceLevel": 1,
        "formats": ["application/json"],
        "vocabs": [f"{base}{path}" for path in ("/purge-kinds", "/factions", "/organisations")],
    }
