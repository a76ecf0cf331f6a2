"""The rows a build writes, made from the checked data table by table, as plain values.

Each table's rows come from a generator that reads the data afresh, so a build holds the data
and one chunk of rows at a time, never a whole database's worth of row objects. The ids rows
point at (an assertion's, a passage's) are given here, in an order every generator follows
again (`Ids`), so nothing is written and read back to link one row to another. `TABLES` lists
the tables in an order in which every foreign key points at a table already written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from prosopo.bodies import KIND_ORDER, ancestry
from prosopo.build import keys
from prosopo.build.load import Dataset, Entry
from prosopo.build.records import PersonRecord, fuzzy
from prosopo.build.texts.segment import Passage as TextPassage
from prosopo.locators import split_citation
from prosopo.names import name_key
from prosopo.scope import scopes_of
from prosopo.tenures import alone, holding_attestation

Row = dict[str, Any]


def date_columns(prefix: str, text: str | None) -> Row:
    date = fuzzy(text)
    return {
        f"{prefix}_text": text,
        f"{prefix}_earliest": date.earliest if date else None,
        f"{prefix}_latest": date.latest if date else None,
    }


@dataclass(frozen=True)
class NameRow:
    """One name form the build stores, with its assertion id."""

    id: int
    person: Entry[PersonRecord]
    form: keys.NameForm

    @property
    def origin(self) -> str:
        p, f = self.person.record, self.form
        if f.written is not None:
            return self.person.origin("names", f.written)
        source = f.from_hangul or 0  # romanized from a hangul form: editorial, and said so
        where = self.person.origin("names", source)
        return f"romanized from {p.names[source].form} by ko-pron ({where})"

    @property
    def cites(self) -> list[str]:
        return [] if self.form.written is None else self.person.record.names[self.form.written].cite


class Ids:
    """The row ids every table agrees on: name forms, then memberships, holdings and purges
    numbered in data order (`assertions`), and the passages of the index in its order."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.forms = [ds.forms[p.record.id] for p in ds.persons]
        self.first_membership = 1 + sum(len(forms) for forms in self.forms)
        self.first_holding = self.first_membership + len(ds.memberships)
        self.first_purge = self.first_holding + len(ds.holdings)
        self.passage = {(p.source, p.locator): i for i, p in enumerate(ds.passages, start=1)}
        self.event_dates = {e.record.id: e.record.date for e in ds.events}

    def names(self) -> Iterator[NameRow]:
        n = 0
        for person, forms in zip(self.ds.persons, self.forms, strict=True):
            for form in forms:
                n += 1
                yield NameRow(n, person, form)

    def of_permanent(self) -> dict[str, int]:
        """Each membership's, holding's and purge's row id by its permanent id."""
        found = {}
        for first, entries in self._groups():
            for i, e in enumerate(entries):
                found[self.ds.ids[e.origin()]] = first + i
        return found

    def _groups(self) -> list[tuple[int, list[Entry[Any]]]]:
        return [
            (self.first_membership, self.ds.memberships),
            (self.first_holding, self.ds.holdings),
            (self.first_purge, self.ds.purges),
        ]


Rows = Iterator[Row]


def _sources(ids: Ids) -> Rows:
    for s in ids.ds.sources:
        r = s.record
        yield {
            "id": r.id,
            "author": r.author,
            "title": r.title,
            "year": r.year,
            "kind": r.kind,
            "structure": r.structure,
            "container": r.container,
            "publisher": r.publisher,
            "place": r.place,
            "file_name": r.file,
            "sha256": r.sha256,
            "url": r.url,
            "read_on": r.read,
            "version": r.version,
            "relies_on": list(r.relies_on),
            "sections": list(r.sections),
        }


def _factions(ids: Ids) -> Rows:
    for f in ids.ds.factions:
        r = f.record
        yield {"id": r.id, "name": r.name, "description": r.description, "labels": list(r.labels)}


def _purge_kinds(ids: Ids) -> Rows:
    for k in ids.ds.purge_kinds:
        r = k.record
        yield {
            "id": r.id,
            "label": r.label,
            "description": r.description,
            "ends": ["all"] if r.ends == "all" else list(r.ends),
            "weakens": r.weakens,
        }


def _event_kinds(ids: Ids) -> Rows:
    for k in ids.ds.event_kinds:
        yield {"id": k.record.id, "label": k.record.label}


def _organisations(ids: Ids) -> Rows:
    # parents (and the bodies a body succeeds) first, so that foreign keys hold at every insert
    by_id = {o.record.id: o.record for o in ids.ds.organisations}
    depth: dict[str, int] = {}

    def level(id_: str, seen: frozenset[str] = frozenset()) -> int:
        if id_ not in depth:
            before = [by_id[id_].parent, by_id[id_].succeeds]
            depth[id_] = max(
                (level(b, seen | {id_}) + 1 for b in before if b is not None and b not in seen),
                default=0,
            )
        return depth[id_]

    tree = _tree(by_id)
    for org in sorted(by_id.values(), key=lambda o: level(o.id)):
        place = {k: v for k, v in tree[org.id].items() if k != "ordinal"}
        yield {
            "id": org.id,
            "name": org.name,
            "kind": org.kind.value,
            "parent_id": org.parent,
            "succeeds_id": org.succeeds,
            "labels": list(org.labels),
            "note": org.note,
            **date_columns("from", org.from_),
            **date_columns("to", org.to),
            **place,
        }


def _tree(by_id: Mapping[str, Any]) -> dict[str, Row]:
    """Each body's place in the tree of bodies: its rank in the order the leadership shows
    them (`ordinal`, not a column: party bodies before the state's, each body before those
    inside it, by first day then name at each level, then id), the body at the root of its
    tree, and the days its own dates and those of every body it lies in leave it."""
    parents = {o.id: o.parent for o in by_id.values()}
    opened = {o.id: d.earliest if (d := fuzzy(o.from_)) else None for o in by_id.values()}
    closed = {o.id: d.latest if (d := fuzzy(o.to)) else None for o in by_id.values()}
    chains = {o: ancestry(o, parents) for o in by_id}  # innermost first

    def key(org_id: str) -> tuple[object, ...]:
        path = list(reversed(chains[org_id]))
        return (
            KIND_ORDER[by_id[path[0]].kind.value],
            *[(opened[p] or dt.date.min, by_id[p].name, p) for p in path],
        )

    ranked = {org_id: i for i, org_id in enumerate(sorted(by_id, key=key), start=1)}
    out: dict[str, Row] = {}
    for org_id, chain in chains.items():
        starts = [day for o in chain if (day := opened[o]) is not None]
        ends = [day for o in chain if (day := closed[o]) is not None]
        out[org_id] = {
            "ordinal": ranked[org_id],
            "root_id": chain[-1],
            "live_from": max(starts, default=None),
            "live_to": min(ends, default=None),
        }
    return out


def _posts(ids: Ids) -> Rows:
    tree = _tree({o.record.id: o.record for o in ids.ds.organisations})
    seats = sorted(
        (
            tree[p.record.organisation]["ordinal"],
            not p.record.single_holder,
            p.record.title,
            p.record.id,
        )
        for p in ids.ds.posts
    )
    ordinal = {seat[-1]: i for i, seat in enumerate(seats, start=1)}
    for p in ids.ds.posts:
        r = p.record
        yield {
            "ordinal": ordinal[r.id],
            "id": r.id,
            "title": r.title,
            "organisation_id": r.organisation,
            "labels": list(r.labels),
            "single_holder": r.single_holder,
            "leadership": r.leadership,
            **date_columns("from", r.from_),
            **date_columns("to", r.to),
        }


def _persons(ids: Ids) -> Rows:
    for p in ids.ds.persons:
        yield {"id": p.record.id, "name": p.record.name, "summary": p.record.summary}


def _events(ids: Ids) -> Rows:
    for e in ids.ds.events:
        r = e.record
        yield {
            "id": r.id,
            "kind_id": r.kind,
            "name": r.name,
            "note": r.note,
            "origin": e.origin(),
            **date_columns("date", r.date),
        }


def _terms(ids: Ids) -> Rows:
    for t in ids.ds.terms:
        r = t.record
        yield {
            "id": r.id,
            "organisation_id": r.body,
            "name": r.name,
            "elected_at_id": r.elected_at,
            "note": r.note,
            **date_columns("from", r.from_),
            **date_columns("to", r.to),
        }


def _assertions(ids: Ids) -> Rows:
    for n in ids.names():
        yield {
            "id": n.id,
            "permanent_id": n.form.id,
            "type": "name",
            "person_id": n.person.record.id,
            "note": None,
            "origin": n.origin,
        }
    for (first, entries), kind in zip(
        ids._groups(), ("membership", "holding", "purge"), strict=True
    ):
        for i, e in enumerate(entries):
            origin = e.origin()
            yield {
                "id": first + i,
                "permanent_id": ids.ds.ids[origin],
                "type": kind,
                "person_id": e.record.person,
                "note": e.record.note,
                "origin": origin,
            }


def _person_names(ids: Ids) -> Rows:
    for n in ids.names():
        written = n.form.written
        yield {
            "id": n.id,
            "form": n.form.form,
            "scheme": n.form.scheme,
            "key": name_key(n.form.form),
            "editorial": True if written is None else n.person.record.names[written].editorial,
        }


def _faction_memberships(ids: Ids) -> Rows:
    for i, m in enumerate(ids.ds.memberships):
        r = m.record
        yield {
            "id": ids.first_membership + i,
            "faction_id": r.faction,
            "label": r.label,
            **date_columns("start", r.start),
            **date_columns("end", r.end),
        }


def holding_row(ids: Ids, i: int) -> Row:
    """The `post_holdings` row of the i-th holding: its dates are its own, or its term's."""
    h = ids.ds.holdings[i].record
    start, end = ids.ds.holding_dates(h)
    return {
        "id": ids.first_holding + i,
        "post_id": h.post,
        "term_id": h.term,
        "start_from_term": h.start is None and start is not None,
        "end_from_term": h.end is None and end is not None,
        **date_columns("start", start),
        **date_columns("end", end),
        **date_columns("during", h.during),
    }


def purge_row(ids: Ids, i: int) -> Row:
    """The `purge_events` row of the i-th purge: one dated only by its event happened when
    the event did."""
    p = ids.ds.purges[i].record
    date = p.date if p.date is not None else ids.event_dates[p.event or ""]
    return {
        "id": ids.first_purge + i,
        "action_id": p.action,
        "event_id": p.event,
        "post_id": p.post,
        **date_columns("date", date),
    }


def _purge_events(ids: Ids) -> Rows:
    for i in range(len(ids.ds.purges)):
        yield purge_row(ids, i)


def _disagreements(ids: Ids) -> Rows:
    for d in ids.ds.disagreements:
        r = d.record
        yield {
            "id": r.id,
            "person_id": r.person,
            "about": r.about,
            "question": r.question,
            "note": r.note,
            "origin": d.origin(),
        }


def _disagreement_sides(ids: Ids) -> Rows:
    wanted = {side.assertion for d in ids.ds.disagreements for side in d.record.sides}
    found = {k: v for k, v in ids.of_permanent().items() if k in wanted}
    for d in ids.ds.disagreements:
        for i, side in enumerate(d.record.sides):
            yield {
                "disagreement_id": d.record.id,
                "position": i,
                "assertion_id": found[side.assertion],
                "reading": side.reading,
            }


def _passages(ids: Ids, texts: Mapping[tuple[str, str], TextPassage]) -> Rows:
    for i, p in enumerate(ids.ds.passages, start=1):
        read = texts.get((p.source, p.locator))  # present only when built with the texts
        yield {
            "id": i,
            "source_id": p.source,
            "locator": p.locator,
            "kind": p.kind,
            "line": p.line,
            "section_title": read.section_title if read else None,
            "text": read.text if read else None,
            "notes": [
                f"{p.locator.split('.')[0]}.n{n}" if "." in p.locator else f"n{n}"
                for n in p.notes.split(",")
                if n
            ],
        }


def _mentions(ids: Ids) -> Rows:
    for i, m in enumerate(ids.ds.mentions, start=1):
        yield {
            "id": i,
            "person_id": m.person,
            "passage_id": ids.passage[(m.source, m.locator)],
            "form": m.form,
            "count": m.count,
        }


def _archival_references(ids: Ids) -> Rows:
    for i, r in enumerate(ids.ds.references, start=1):
        yield {
            "id": i,
            "passage_id": ids.passage[(r.source, r.locator)],
            "position": r.position,
            "issuer": r.issuer,
            "document_type": r.document_type,
            "date_text": r.date_text,
            "date": r.date or None,
            "series": r.series or None,
            "year": r.year or None,
            "box": r.box or None,
            "folder": r.folder or None,
            "file_number": r.file_number or None,
        }


_OWNERS = ("assertion_id", "event_id", "organisation_id", "post_id", "term_id")


def cited(ids: Ids) -> Iterator[tuple[str, str, list[str]]]:
    """(owner column, owner id, citations) of everything that is cited, with the role: the
    passages that state it, then those only cited as its context."""
    ds = ids.ds
    for o in ds.organisations:
        yield "organisation_id", o.record.id, o.record.cite
    for p in ds.posts:
        yield "post_id", p.record.id, p.record.cite
    for e in ds.events:
        yield "event_id", e.record.id, e.record.cite
    for t in ds.terms:
        yield "term_id", t.record.id, t.record.cite


def assertion_citations(ids: Ids) -> Iterator[tuple[int, str, list[str]]]:
    """(assertion id, role, citations) of every name form, membership, holding and purge."""
    for n in ids.names():
        yield n.id, "states", n.cites
    for first, entries in ids._groups():
        for i, e in enumerate(entries):
            yield first + i, "states", e.record.cite
            if e.record.context:
                yield first + i, "context", e.record.context


def _citations(ids: Ids) -> Rows:
    n = 0

    def row(cite: str, role: str, column: str, owner: Any) -> Row:
        nonlocal n
        n += 1
        source, locator = split_citation(cite)
        return {
            "id": n,
            "source_id": source,
            "locator": locator,
            "role": role,
            **dict.fromkeys(_OWNERS),
            column: owner,
            "passage_id": ids.passage.get((source, locator)),
        }

    for column, owner, cites in cited(ids):
        for cite in cites:
            yield row(cite, "states", column, owner)
    for assertion, role, cites in assertion_citations(ids):
        for cite in cites:
            yield row(cite, role, "assertion_id", assertion)


def stating_sources(ids: Ids) -> Iterator[tuple[int, frozenset[str]]]:
    """Each membership, holding and purge with the sources that state it."""
    for first, entries in ids._groups():
        for i, e in enumerate(entries):
            yield first + i, frozenset(split_citation(c)[0] for c in e.record.cite)


def _assertion_scopes(ids: Ids) -> Rows:
    """The scopes of every membership, holding and purge: those of the kinds of the sources
    that state it (prosopo.scope). A name says who, not what: it is in every answer."""
    kind_of = {s.record.id: s.record.kind for s in ids.ds.sources}
    for assertion, sources in stating_sources(ids):
        for scope in scopes_of({kind_of[s] for s in sources}):
            yield {"assertion_id": assertion, "scope": scope}


def _post_holdings(ids: Ids) -> Rows:
    for i in range(len(ids.ds.holdings)):
        row = holding_row(ids, i)
        # the days the holding on its own may cover (the year queries read the tenures)
        span = alone(holding_attestation(SimpleNamespace(**row)))
        yield {**row, "span_earliest": span.lower, "span_latest": span.upper}


# the tables the data fill, in an order in which every foreign key points at a table before
TABLES: dict[str, Callable[[Ids], Rows]] = {
    "sources": _sources,
    "factions": _factions,
    "purge_kinds": _purge_kinds,
    "event_kinds": _event_kinds,
    "organisations": _organisations,
    "posts": _posts,
    "persons": _persons,
    "events": _events,
    "terms": _terms,
    "assertions": _assertions,
    "person_names": _person_names,
    "faction_memberships": _faction_memberships,
    "post_holdings": _post_holdings,
    "purge_events": _purge_events,
    "disagreements": _disagreements,
    "disagreement_sides": _disagreement_sides,
    "mentions": _mentions,
    "archival_references": _archival_references,
    "citations": _citations,
    "assertion_scopes": _assertion_scopes,
}


def tables(
    ids: Ids, texts: Mapping[tuple[str, str], TextPassage]
) -> Iterator[tuple[str, int, Iterable[Row]]]:
    """(table, number of rows, rows) for every table the data fill, in writing order; the
    passages come before the tables that point at them."""
    ds = ids.ds
    counts = _counts(ids)
    for name, rows in TABLES.items():
        if name == "mentions":
            yield "passages", len(ds.passages), _passages(ids, texts)
        yield name, counts.get(name, 0), rows(ids)


def _counts(ids: Ids) -> dict[str, int]:
    ds = ids.ds
    names = ids.first_membership - 1
    citations = sum(len(c) for _, _, c in cited(ids))
    citations += sum(len(c) for _, _, c in assertion_citations(ids))
    return {
        "citations": citations,
        "sources": len(ds.sources),
        "factions": len(ds.factions),
        "purge_kinds": len(ds.purge_kinds),
        "event_kinds": len(ds.event_kinds),
        "organisations": len(ds.organisations),
        "posts": len(ds.posts),
        "persons": len(ds.persons),
        "events": len(ds.events),
        "terms": len(ds.terms),
        "assertions": ids.first_purge - 1 + len(ds.purges),
        "person_names": names,
        "faction_memberships": len(ds.memberships),
        "post_holdings": len(ds.holdings),
        "purge_events": len(ds.purges),
        "disagreements": len(ds.disagreements),
        "disagreement_sides": sum(len(d.record.sides) for d in ds.disagreements),
        "mentions": len(ds.mentions),
        "archival_references": len(ds.references),
    }
