"""Candidate conflicts between sources, for the curator: statements that cannot all be true.

With the official record beside the texts, one fact often has several sources, and they do not
always agree. Nothing is dropped or preferred: each statement stays, cited. But every place where
two statements (or a statement and a purge) cannot both be true is listed here, so that the
curator either records it as a disagreement (data/disagreements.yaml, shown side by side to
readers) or explains why it is none (data/conflicts.yaml: one term's dates read two ways, a
re-appointment after the purge, ...). Three kinds:

- ``start`` / ``end``: one person in one post, two holdings from different sources that describe
  one stretch (their spans overlap) but give dates for its start (or end) that cannot meet;
- ``after-purge``: a holding that goes on after a purge of the same person that took the post
  away, begun before the purge (so no new appointment);
- ``two-holders``: a post with one holder at a time that two persons' own statements put in two
  hands on the same days.

A candidate's key names its kind and its assertions' permanent ids, so that an explanation keeps
applying while the data around it change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from prosopo.bodies import ancestry
from prosopo.build.load import Dataset, Entry
from prosopo.build.records import ConflictRecord, HoldingRecord, PurgeRecord, fuzzy
from prosopo.dates import FuzzyDate
from prosopo.locators import split_citation

_LOW, _HIGH = dt.date.min, dt.date.max


@dataclass(frozen=True, order=True)
class Conflict:
    """Two statements that cannot both be true, and whether the curator has dealt with it."""

    key: str
    kind: str
    person: str
    post: str
    first: str  # permanent id
    second: str
    what: str  # the clash in words
    status: str = "open"  # open, recorded (a disagreement), explained (data/conflicts.yaml)
    explanation: str | None = None


@dataclass(frozen=True)
class _Held:
    id: str
    sources: frozenset[str]
    start: FuzzyDate | None
    end: FuzzyDate | None
    during: FuzzyDate | None
    start_from_term: bool
    end_from_term: bool

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """Every day this statement may place the holding on."""
        dates = [d for d in (self.start, self.during, self.end) if d is not None]
        lows = [d.earliest for d in dates]
        highs = [d.latest for d in dates]
        low = _LOW if self.start is None or None in lows else min(d for d in lows if d)
        high = _HIGH if self.end is None or None in highs else max(d for d in highs if d)
        return low, high

    @property
    def sure(self) -> tuple[dt.date, dt.date] | None:
        """The days the statement on its own says the post was held (from its start at the
        latest to its end at the earliest)."""
        if self.start is None or self.end is None:
            return None
        if self.start.latest is None or self.end.earliest is None:
            return None
        return (
            (self.start.latest, self.end.earliest)
            if self.start.latest <= self.end.earliest
            else None
        )


def _apart(a: FuzzyDate, b: FuzzyDate) -> bool:
    """Two dates that cannot be the same day."""
    return (a.latest is not None and b.earliest is not None and a.latest < b.earliest) or (
        b.latest is not None and a.earliest is not None and b.latest < a.earliest
    )


# Two statements describe one stretch when their spans share more than this: a term's last day
# and the next term's first are one day, and a handover may be dated a few weeks apart.
SAME_STRETCH = dt.timedelta(days=31)


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return lo <= hi and (hi == _HIGH or lo == _LOW or hi - lo > SAME_STRETCH)


def _sources(cites: list[str]) -> frozenset[str]:
    return frozenset(split_citation(c)[0] for c in cites)


def candidates(ds: Dataset) -> list[Conflict]:
    """Every candidate conflict in the data, with the curator's disposition of each."""
    found = sorted({c.key: c for c in _candidates(ds)}.values())
    recorded = {
        frozenset(side.assertion for side in d.record.sides): d.record.id for d in ds.disagreements
    }
    explained = {c.record.key: c.record.explanation for c in ds.conflicts}
    out = []
    for c in found:
        sides = {c.first, c.second}
        disagreement = next((d for ids, d in recorded.items() if sides <= ids), None)
        if disagreement is not None:
            out.append(_with(c, "recorded", f"disagreement {disagreement}"))
        elif c.key in explained:
            out.append(_with(c, "explained", explained[c.key]))
        else:
            out.append(c)
    return out


def _with(c: Conflict, status: str, explanation: str) -> Conflict:
    return Conflict(c.key, c.kind, c.person, c.post, c.first, c.second, c.what, status, explanation)


def _held(ds: Dataset, entry: Entry[HoldingRecord]) -> _Held:
    r = entry.record
    start, end = ds.holding_dates(r)
    return _Held(
        id=ds.ids[entry.origin()],
        sources=_sources(r.cite),
        start=fuzzy(start),
        end=fuzzy(end),
        during=fuzzy(r.during),
        start_from_term=r.start is None and start is not None,
        end_from_term=r.end is None and end is not None,
    )


def _candidates(ds: Dataset) -> Iterator[Conflict]:
    by_post: dict[str, list[tuple[str, _Held]]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[_Held]] = defaultdict(list)
    for entry in ds.holdings:
        held = _held(ds, entry)
        by_key[(entry.record.person, entry.record.post)].append(held)
        by_post[entry.record.post].append((entry.record.person, held))
    for (person, post), statements in by_key.items():
        for i, a in enumerate(statements):
            for b in statements[i + 1 :]:
                if a.sources & b.sources or not _overlap(a.span, b.span):
                    continue  # one source's own statements, or two stretches
                yield from _dates_clash(person, post, a, b)
    yield from _after_purges(ds, by_key)
    single = {p.record.id for p in ds.posts if p.record.single_holder}
    for post, holders in by_post.items():
        if post not in single:
            continue
        for i, (p, a) in enumerate(holders):
            for q, b in holders[i + 1 :]:
                if p == q or a.sure is None or b.sure is None:
                    continue
                # a handover day may be counted by both: a clash needs more than one day
                lo, hi = max(a.sure[0], b.sure[0]), min(a.sure[1], b.sure[1])
                if lo < hi:
                    yield _conflict(
                        "two-holders",
                        p,
                        post,
                        a.id,
                        b.id,
                        f"{p} and {q} both held it from {lo} to {hi} by their own statements",
                    )


def _dates_clash(person: str, post: str, a: _Held, b: _Held) -> Iterator[Conflict]:
    for part in ("start", "end"):
        x, y = getattr(a, part), getattr(b, part)
        from_term = getattr(a, f"{part}_from_term") or getattr(b, f"{part}_from_term")
        if x is None or y is None or from_term or not _apart(x, y):
            continue
        yield _conflict(part, person, post, a.id, b.id, f"{part} {x.text} against {y.text}")


def _after_purges(ds: Dataset, by_key: dict[tuple[str, str], list[_Held]]) -> Iterator[Conflict]:
    parents = {o.record.id: o.record.parent for o in ds.organisations}
    body = {p.record.id: p.record.organisation for p in ds.posts}
    ends = {k.record.id: k.record.ends for k in ds.purge_kinds}
    events = {e.record.id: e.record.date for e in ds.events}

    def takes(r: PurgeRecord, post: str) -> bool:
        """Whether the purge takes this post away: it names it, or every post, or a body the
        post lies in."""
        scope = ends[r.action]
        if r.post == post or scope == "all":
            return True
        return isinstance(scope, list) and bool(set(ancestry(body[post], parents)) & set(scope))

    for entry in ds.purges:
        r: PurgeRecord = entry.record
        date = fuzzy(r.date or events.get(r.event or ""))
        if date is None or date.earliest is None or date.latest is None:
            continue
        for (person, post), held in by_key.items():
            if person != r.person or not takes(r, post):
                continue
            for h in held:
                if _held_across(h, date.earliest, date.latest):
                    yield _conflict(
                        "after-purge",
                        person,
                        post,
                        ds.ids[entry.origin()],
                        h.id,
                        f"held after {r.action} ({date.text})",
                    )


def _held_across(h: _Held, purged_from: dt.date, purged_to: dt.date) -> bool:
    """A holding that surely began before a purge and is said to go on after it."""
    started = h.start.latest if h.start is not None else None
    moments = [h.during] + ([] if h.end_from_term else [h.end])
    later = [m.earliest for m in moments if m is not None and m.earliest is not None]
    return started is not None and started < purged_from and any(d > purged_to for d in later)


def _conflict(kind: str, person: str, post: str, a: str, b: str, what: str) -> Conflict:
    first, second = sorted((a, b))
    return Conflict(f"{kind}|{first}|{second}", kind, person, post, first, second, what)


def stale(ds: Dataset, found: list[Conflict]) -> list[Entry[ConflictRecord]]:
    """The explanations in data/conflicts.yaml whose key no candidate has any more."""
    keys = {c.key for c in found}
    return [e for e in ds.conflicts if e.record.key not in keys]
