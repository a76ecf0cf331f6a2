"""Each list answer's columns, defined once: the CLI's tables and the CSV of the API and the CLI
all read them, so a column is named and written the same way everywhere. (JSON is the answer
itself, whole.)"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from prosopo.schemas import (
    Candidate,
    CitationOut,
    DateOut,
    DisagreementOut,
    EventKindOut,
    EventOut,
    FactionOut,
    Holder,
    IndexEntry,
    MentionOut,
    PersonRow,
    Purged,
    PurgeKindOut,
    PurgeOut,
    Ref,
    SearchHit,
    Seat,
    ServedWith,
    SourceOut,
    TenureOut,
    Vacancy,
    YearCount,
    YearSpan,
)


def date_text(d: DateOut | None) -> str:
    return d.text if d else ""


def span(start: DateOut | None, end: DateOut | None, during: DateOut | None = None) -> str:
    if start or end:
        return f"{date_text(start) or '?'} – {date_text(end) or '?'}"
    return f"in {date_text(during)}" if during else ""


def cites(citations: Iterable[CitationOut]) -> str:
    """'szalontai-2005:4.2.8; koh-1965:12; szalontai-2005:4.n23 (context)', each place once; a
    passage that only dates or frames the assertion is marked as context."""
    return "; ".join(
        dict.fromkeys(
            f"{c.source}:{c.locator}" + (" (context)" if c.role == "context" else "")
            for c in citations
        )
    )


def runs(spans: list[YearSpan]) -> str:
    return ", ".join(str(s.first) if s.first == s.last else f"{s.first}–{s.last}" for s in spans)


def years_by_basis(t: TenureOut) -> list[tuple[str, str]]:
    """A tenure's years, basis by basis, strongest first, each basis it has with its runs of
    years: [('stated', '1953–1954'), ('possible', '1956–1958')]. The pages put a badge on each
    basis; the tables and CSV write it in words (`tenure_years`)."""
    return [
        (basis, runs(spans))
        for basis, spans in (
            ("stated", t.stated),
            ("inferred", t.inferred),
            ("possible", t.possible),
        )
        if spans
    ]


def tenure_years(t: TenureOut) -> str:
    """A tenure's years by basis: '1953–1954 stated; 1955 inferred; 1956–1958 possible'."""
    return "; ".join(f"{years} {basis}" for basis, years in years_by_basis(t))


def bodies_and_years(row: ServedWith) -> str:
    """The bodies two persons served in together, with the years: 'KWP Central Committee
    1953–1954, 1956–1966; Cabinet 1957'."""
    return "; ".join(f"{b.organisation.name} {runs(b.years)}" for b in row.bodies)


def names(refs: Iterable[Ref]) -> str:
    return ", ".join(r.name for r in refs)


def _because(h: Holder) -> str:
    return cites(c for e in h.tenure.evidence if e.assertion in h.because for c in e.citations)


def purge_what(p: PurgeOut) -> str:
    """A purge in words: its kind, and the post it names ('removed from post: Vice-Premier')."""
    return p.action.name + (f": {p.post.title}" if p.post else "")


def seat_holders(seat: Seat) -> str:
    """A seat's holders in words, each with the basis of the year or day asked. What they leave
    unsaid (why the seat is empty, or that the holders of a one-holder post may have
    overlapped) is the seat's `note`, shown beside this by every view."""
    return ", ".join(f"{h.person.name} ({h.basis.value})" for h in seat.holders)


def _purge_what(p: Purged) -> str:
    return purge_what(p.purge)


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable[[Any], object]


COLUMNS: dict[type[BaseModel], tuple[Column, ...]] = {
    Vacancy: (
        Column("year", lambda v: str(v.year)),
        Column("body", lambda v: v.body.name),
        Column("seat", lambda v: v.post.title),
        Column("post id", lambda v: v.post.id),
        Column("why", lambda v: v.note),
    ),
    Candidate: (
        Column("person", lambda c: c.person.name),
        Column("id", lambda c: c.person.id),
        Column("matched form", lambda c: c.form),
        Column("scheme", lambda c: c.scheme),
        Column("how", lambda c: c.how),
        Column("score", lambda c: f"{c.score:g}"),
    ),
    Holder: (
        Column("post", lambda h: h.post.title),
        Column("post id", lambda h: h.post.id),
        Column("person", lambda h: h.person.name),
        Column("person id", lambda h: h.person.id),
        Column("basis", lambda h: h.basis.value),
        Column("tenure", lambda h: tenure_years(h.tenure)),
        Column("bounded by", lambda h: h.tenure.bounds),
        Column("competing", lambda h: names(h.competing)),
        Column("because", _because),
    ),
    Purged: (
        Column("date", lambda p: date_text(p.purge.date)),
        Column("person", lambda p: p.person.name),
        Column("person id", lambda p: p.person.id),
        Column("action", _purge_what),
        Column("event", lambda p: p.purge.event.id if p.purge.event else ""),
        Column("basis", lambda p: p.basis.value if p.basis else ""),
        Column("sources", lambda p: cites(p.purge.citations)),
    ),
    TenureOut: (
        Column("person", lambda t: t.person.name),
        Column("person id", lambda t: t.person.id),
        Column("years", tenure_years),
        Column("bounded by", lambda t: t.bounds),
        Column("sources", lambda t: cites(c for e in t.evidence for c in e.citations)),
    ),
    YearCount: (
        Column("year", lambda c: c.year),
        Column("stated", lambda c: c.stated),
        Column("possible", lambda c: c.possible),
    ),
    MentionOut: (
        Column("source", lambda m: m.source),
        Column("locator", lambda m: m.locator),
        Column("form", lambda m: m.form),
        Column("times", lambda m: m.count),
    ),
    SourceOut: (
        Column("id", lambda s: s.id),
        Column("work", lambda s: f"{s.author}, {s.title} ({s.year})"),
        Column("passages", lambda s: s.passages),
        Column("text", lambda s: "yes" if s.has_text else "no"),
        Column("locators", lambda s: s.locators),
    ),
    SearchHit: (
        Column("source", lambda h: h.source),
        Column("locator", lambda h: h.locator),
        Column("snippet", lambda h: h.snippet),
    ),
    PersonRow: (
        Column("id", lambda p: p.id),
        Column("name", lambda p: p.name),
        Column("factions", lambda p: "; ".join(p.factions)),
        Column("active", lambda p: p.active.value if p.active else ""),
        Column("summary", lambda p: p.summary),
    ),
    FactionOut: (
        Column("id", lambda f: f.id),
        Column("name", lambda f: f.name),
        Column("labels", lambda f: "; ".join(f.labels)),
        Column("members", lambda f: f.members),
    ),
    EventOut: (
        Column("id", lambda e: e.id),
        Column("kind", lambda e: e.kind),
        Column("name", lambda e: e.name),
        Column("date", lambda e: date_text(e.date)),
        Column("purges", lambda e: e.purges),
        Column("sources", lambda e: cites(e.citations)),
    ),
    PurgeKindOut: (
        Column("id", lambda k: k.id),
        Column("label", lambda k: k.label),
        Column("ends", lambda k: "; ".join(k.ends)),
        Column("purges", lambda k: k.purges),
    ),
    EventKindOut: (
        Column("id", lambda k: k.id),
        Column("label", lambda k: k.label),
        Column("events", lambda k: k.events),
    ),
    DisagreementOut: (
        Column("id", lambda d: d.id),
        Column("person", lambda d: d.person.name),
        Column("person id", lambda d: d.person.id),
        Column("about", lambda d: d.about),
        Column("question", lambda d: d.question),
        Column(
            "sides", lambda d: " | ".join(f"{s.reading} ({cites(s.citations)})" for s in d.sides)
        ),
    ),
    IndexEntry: (
        Column("person", lambda e: e.person.name),
        Column("person id", lambda e: e.person.id),
        Column(
            "passages",
            lambda e: "; ".join(f"{s} {', '.join(loc)}" for s, loc in e.locators.items()),
        ),
    ),
}


def columns(model: type[BaseModel]) -> tuple[Column, ...]:
    return COLUMNS[model]


def rows(model: type[BaseModel], items: Iterable[BaseModel]) -> list[list[str]]:
    """The items as rows of text, one cell a column."""
    return [["" if (v := c.value(i)) is None else str(v) for c in COLUMNS[model]] for i in items]


def to_csv(model: type[BaseModel], items: Sequence[BaseModel]) -> str:
    """The items as CSV with a header row of the column names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in COLUMNS[model]])
    writer.writerows(rows(model, items))
    return buffer.getvalue()
