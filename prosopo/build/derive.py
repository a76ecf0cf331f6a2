"""The derived tables, rebuilt with the data at every build: tenures with their evidence, and the
years every tenure and every dated assertion may fall in, each with its basis. Tenures are
derived once for each scope (prosopo.scope), from the assertions of that scope alone, so that
"what do the texts say" is answered from the texts' own tenures.

The rule is :mod:`prosopo.tenures`; this module only gathers its inputs from the loaded
assertions and the vocabulary (which posts have one holder at a time, which purge kinds take
which posts away, when each body existed) and writes its answers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from types import SimpleNamespace
from typing import Any

from prosopo.bodies import ancestry
from prosopo.build.records import fuzzy
from prosopo.build.rows import Ids, Row, date_columns, holding_row, purge_row, stating_sources
from prosopo.scope import Scope, scopes_of
from prosopo.tenures import (
    BASIS_ORDER,
    Attestation,
    Closer,
    Limits,
    Moment,
    Tenure,
    alone,
    holding_attestation,
    reconstruct,
    removal_attestation,
)

Key = tuple[str, str]  # person, post


def attested_as(h: _Holding) -> Attestation:
    """A holding's attestation, made once for every scope that asks for it."""
    return h.attestation


@dataclass(frozen=True, slots=True)
class _Holding:
    """What the rule needs of a holding, and its attestation."""

    id: int
    person_id: str
    post_id: str
    start_text: str | None
    start_earliest: dt.date | None
    start_latest: dt.date | None
    during_text: str | None
    during_earliest: dt.date | None
    during_latest: dt.date | None
    end_text: str | None
    end_earliest: dt.date | None
    end_latest: dt.date | None
    end_from_term: bool
    attestation: Attestation = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "attestation", holding_attestation(self))


@dataclass(frozen=True, slots=True)
class _Purge:
    """What the rule needs of a purge."""

    id: int
    person_id: str
    action_id: str
    post_id: str | None
    date_earliest: dt.date | None
    date_latest: dt.date | None


_HOLDING_COLUMNS = [f for f in _Holding.__annotations__ if f not in ("person_id", "attestation")]


def _inputs(ids: Ids) -> tuple[list[_Holding], list[_Purge]]:
    ds = ids.ds
    holdings = []
    for i, entry in enumerate(ds.holdings):
        row = holding_row(ids, i)
        holdings.append(
            _Holding(
                person_id=entry.record.person,
                **{f: row[f] for f in _HOLDING_COLUMNS},
            )
        )
    purges = []
    for i, purge in enumerate(ds.purges):
        row = purge_row(ids, i)
        purges.append(
            _Purge(
                person_id=purge.record.person,
                **{f: row[f] for f in _Purge.__dataclass_fields__ if f != "person_id"},
            )
        )
    return holdings, purges


Derived = list[tuple[str, int, Iterable[Row]]]
Made = list[tuple[int, tuple[str, str, str], Tenure]]  # id, (scope, person, post), tenure


def derive(ids: Ids) -> Derived:
    """The derived tables, as (table, number of rows or 0 where unknown, rows) in writing
    order: tenures (once per scope) with their evidence and years, and the years each dated
    assertion may fall in on its own. The tenures are computed as their rows are written."""
    ds = ids.ds
    posts = {p.record.id: p.record for p in ds.posts}
    organisations = {o.record.id: o.record for o in ds.organisations}
    parents = {o.id: o.parent for o in organisations.values()}
    kinds = {k.record.id: k.record for k in ds.purge_kinds}
    ends = {k: (["all"] if r.ends == "all" else list(r.ends)) for k, r in kinds.items()}
    weakening = {k for k, r in kinds.items() if r.weakens}
    holdings, purges = _inputs(ids)
    sources, in_scope = _sources(ids)
    limits = _limits(posts, organisations, parents)
    within = {p: set(ancestry(r.organisation, parents)) for p, r in posts.items()}
    single = {p: r.single_holder for p, r in posts.items()}

    def takes_away(purge: Any, post_id: str) -> bool:
        scope = ends[purge.action_id]
        if purge.post_id == post_id:
            return False  # then it is an attestation of the post, not a closer
        if scope == ["all"]:
            return True
        return not within[post_id].isdisjoint(scope)

    made: Made = []
    ordinal = _ordinals(ds, holdings, purges)

    def tenures() -> Iterator[Row]:
        for scope in Scope:
            kept = in_scope[scope.value]
            for person_id, post_id, tenure, row in _tenures(
                [h for h in holdings if h.id in kept],
                [p for p in purges if p.id in kept],
                single,
                limits,
                takes_away,
                sources,
                weakening,
            ):
                made.append((len(made) + 1, (scope.value, person_id, post_id), tenure))
                yield {
                    "id": len(made),
                    "scope": scope.value,
                    "person_id": person_id,
                    "post_id": post_id,
                    "ordinal": ordinal[(post_id, person_id)],
                    **row,
                }

    def assertion_years() -> Iterator[Row]:
        for a in _dated(holdings, purges, _memberships(ids)):
            for year, basis in alone(a).years().items():
                yield {"assertion_id": a.id, "year": year, "basis": basis.value}

    return [
        ("tenures", 0, tenures()),
        ("tenure_evidence", 0, _evidence_rows(made)),
        ("tenure_years", 0, _year_rows(made)),
        ("assertion_years", 0, assertion_years()),
    ]


def _evidence_rows(made: Made) -> Iterator[Row]:
    for tenure_id, _, tenure in made:
        for i, a in enumerate(tenure.attestations, start=1):
            yield {"tenure_id": tenure_id, "assertion_id": a.id, "position": i}


def _year_rows(made: Made) -> Iterator[Row]:
    """Every year of every tenure. The tenures of one person in one post (in a scope) come one
    after another: each year is marked `best` in the one of the strongest basis, then the
    lowest id, which stands for the person in that post in the year lists."""
    for _, group in groupby(made, key=lambda m: m[1]):
        tenures = [(tenure_id, tenure.years()) for tenure_id, _, tenure in group]
        best: dict[int, tuple[int, int]] = {}
        for tenure_id, years in tenures:
            for year, basis in years.items():
                best[year] = min(best.get(year, (9, 0)), (BASIS_ORDER[basis], tenure_id))
        for tenure_id, years in tenures:
            for year, basis in years.items():
                yield {
                    "tenure_id": tenure_id,
                    "year": year,
                    "basis": basis.value,
                    "best": best[year][1] == tenure_id,
                }


def _sources(ids: Ids) -> tuple[dict[int, frozenset[str]], dict[str, set[int]]]:
    """The sources that state each assertion, and the assertions of each scope."""
    sources: dict[int, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}  # one set object for each set of sources
    for assertion, stated in stating_sources(ids):
        sources[assertion] = shared.setdefault(stated, stated)
    kind_of = {s.record.id: s.record.kind for s in ids.ds.sources}
    in_scope: dict[str, set[int]] = {scope.value: set() for scope in Scope}
    for assertion, stated in sources.items():
        for scope in scopes_of({kind_of[s] for s in stated}):
            in_scope[scope.value].add(assertion)
    return sources, in_scope


def _limits(
    posts: Mapping[str, Any], organisations: Mapping[str, Any], parents: Mapping[str, str | None]
) -> dict[str, Limits]:
    """The days each post can be held: a post cannot be held outside its own dates, nor those
    of its body and the bodies it lies in."""
    limits: dict[str, Limits] = {}
    for post in posts.values():
        bounded: list[Any] = [
            post,
            *(organisations[o] for o in ancestry(post.organisation, parents)),
        ]
        opened = [d.earliest for b in bounded if (d := fuzzy(b.from_)) and d.earliest]
        closed = [d.latest for b in bounded if (d := fuzzy(b.to)) and d.latest]
        limits[post.id] = Limits(max(opened, default=None), min(closed, default=None))
    return limits


def _ordinals(
    ds: Any, holdings: Iterable[_Holding], purges: Iterable[_Purge]
) -> dict[tuple[str, str], int]:
    """Each (post, person) with a tenure (a holding, or a removal from the post: an
    attestation of it too), ranked by body name, post title and person name: the order of
    the year lists. Equal names share a rank (the tenure id orders them, as it would in SQL);
    Python's order of strings is SQLite's and PostgreSQL's "C" collation alike."""
    posts = {p.record.id: p.record for p in ds.posts}
    bodies = {o.record.id: o.record.name for o in ds.organisations}
    persons = {p.record.id: p.record.name for p in ds.persons}
    names = {
        (post, person): (bodies[posts[post].organisation], posts[post].title, persons[person])
        for post, person in {(h.post_id, h.person_id) for h in holdings}
        | {(p.post_id, p.person_id) for p in purges if p.post_id is not None}
    }
    rank = {key: i for i, key in enumerate(sorted(set(names.values())), start=1)}
    return {pair: rank[key] for pair, key in names.items()}


def _memberships(ids: Ids) -> Iterator[Any]:
    for i, m in enumerate(ids.ds.memberships):
        r = m.record
        yield SimpleNamespace(
            id=ids.first_membership + i,
            **date_columns("start", r.start),
            **date_columns("end", r.end),
        )


def _tenures(
    holdings: list[Any],
    purges: list[Any],
    single: Mapping[str, bool],
    limits: Mapping[str, Limits],
    takes_away: Callable[[Any, str], bool],
    sources: Mapping[int, frozenset[str]],
    weakening: set[str],
) -> Iterator[tuple[str, str, Tenure, Row]]:
    """The tenures of one scope, from the holdings and purges of that scope only."""
    attested: dict[Key, list[Attestation]] = defaultdict(list)
    for p in purges:
        if p.post_id is not None:
            attested[(p.person_id, p.post_id)].append(
                replace(removal_attestation(p), sources=sources.get(p.id, frozenset()))
            )
    closers_of = _closers(holdings, purges, attested, single, takes_away)
    cut = _attest_holdings(holdings, attested, closers_of, sources)
    # a demotion or removal that names no post may have ended any post its person held
    weakeners: dict[str, list[Closer]] = defaultdict(list)
    for p in purges:
        if p.post_id is None and p.action_id in weakening:
            weakeners[p.person_id].append(
                Closer("weakened", Moment(p.date_earliest, p.date_latest), p.id)
            )
    removals = {p.id for p in purges if p.post_id is not None}
    term_ended = {h.id for h in holdings if h.end_from_term}
    for (person, post_id), found in sorted(attested.items()):
        for tenure in reconstruct(
            found, closers_of[(person, post_id)], limits[post_id], weakeners=weakeners[person]
        ):
            yield person, post_id, tenure, _row(tenure, removals, term_ended, cut)


def _closers(
    holdings: list[Any],
    purges: list[Any],
    removals: Mapping[Key, list[Attestation]],
    single: Mapping[str, bool],
    takes_away: Callable[[Any, str], bool],
) -> dict[Key, list[Closer]]:
    """What may end each person's holding of each post without attesting it: a purge that
    takes the post away, and in a one-holder post every other holder's attestation (the
    holdings, and the `removals` from the post, which are attestations of it too)."""
    purges_of: dict[str, list[Any]] = defaultdict(list)
    for p in purges:
        purges_of[p.person_id].append(p)
    by_post: dict[str, list[tuple[str, Attestation]]] = defaultdict(list)
    for h in holdings:
        by_post[h.post_id].append((h.person_id, attested_as(h)))
    for (person, post_id), found in removals.items():
        by_post[post_id] += [(person, a) for a in found]
    closers_of: dict[Key, list[Closer]] = {}
    for person, post_id in {(h.person_id, h.post_id) for h in holdings} | set(removals):
        closers = [
            Closer("purge", Moment(p.date_earliest, p.date_latest), p.id)
            for p in purges_of[person]
            if takes_away(p, post_id)
        ]
        if single[post_id]:
            closers += _successors(person, by_post[post_id])
        closers_of[(person, post_id)] = closers
    return closers_of


def _attest_holdings(
    holdings: list[Any],
    attested: dict[Key, list[Attestation]],
    closers_of: Mapping[Key, list[Closer]],
    sources: Mapping[int, frozenset[str]],
) -> dict[int, Closer]:
    """Add each holding's attestation to `attested` (which holds the removals from each post
    so far), its end cut short where a closer, a removal or another statement's end came
    before the end its term gave it; the holdings so cut, with what cut them."""
    # removals from the post (the only attestations so far), and the ends other statements give
    # to the same holding, which may end it before its term did
    removed = {
        key: [Closer("removed", r.last, r.id) for r in found] for key, found in attested.items()
    }
    stated_ends: dict[Key, list[Closer]] = defaultdict(list)
    for h in holdings:
        if h.end_text is not None and not h.end_from_term:
            end = attested_as(h).last
            stated_ends[(h.person_id, h.post_id)].append(Closer("stated-end", end, h.id))
    cut: dict[int, Closer] = {}  # holdings a closer ended before their term did
    for h in holdings:
        key = (h.person_id, h.post_id)
        a = replace(attested_as(h), sources=sources.get(h.id, frozenset()))
        if h.end_text is not None:
            enders = [*closers_of[key], *removed.get(key, [])]
            if h.end_from_term:
                enders += stated_ends[key]
            a, closer = cut_at_closer(a, enders, from_term=h.end_from_term)
            if closer is not None and h.end_from_term:
                cut[h.id] = closer
        attested[key].append(a)
    return cut


def cut_at_closer(
    a: Attestation, closers: Sequence[Closer], from_term: bool
) -> tuple[Attestation, Closer | None]:
    """A holding's end narrowed by the first closer that certainly comes after its start and
    may come before its end (a purge that takes the post away, a removal from it, a successor
    in a one-holder post; for an end that is only the term's, another source's stated end):

    - an end that is only its term's replacement becomes that closer: a composition list says
      who was elected, not that nobody was removed before the next election;
    - a stated end that is only loosely dated ("by April 1956") ends no later than the closer.
    """
    if len(a.moments) < 2:
        return a, None  # an end alone: nothing it certainly follows
    start, end = a.first, a.last
    inside = [
        c
        for c in closers
        if c.moment.earliest is not None
        and c.moment.latest is not None
        and start.latest is not None
        and c.moment.earliest > start.latest
        and (end.latest is None or c.moment.latest < end.latest)
        and (not from_term or end.earliest is None or c.moment.earliest < end.earliest)
        and (from_term or end.earliest is None or c.moment.latest >= end.earliest)
    ]
    if not inside:
        return a, None
    first = min(inside, key=lambda c: (c.moment.latest or dt.date.max, c.moment.earliest))
    earliest = first.moment.earliest if from_term else end.earliest
    moments = (*a.moments[:-1], Moment(earliest, first.moment.latest))
    return replace(a, moments=moments), first


def _successors(person: str, holders: list[tuple[str, Attestation]]) -> list[Closer]:
    """Another person's attestations of a one-holder post: each moment (marked when it is their
    stated start or end), and the stretch between an attestation's own dates, may end this
    person's holding."""
    closers = []
    for other, a in holders:
        if other == person:
            continue
        closers += [
            Closer(
                "successor",
                m,
                a.id,
                starts=a.starts and m is a.first,
                ends=a.ends and m is a.last,
            )
            for m in a.moments
        ]
        span = a.own_span() if len(a.moments) > 1 else None
        if span is not None:
            closers.append(Closer("successor", Moment(*span), a.id))
    return closers


def _row(
    tenure: Tenure,
    removals: set[int],
    term_ended: set[int],
    cut: Mapping[int, Closer],
) -> Row:
    """A tenure's own columns."""
    sure = tenure.sure()
    ending = tenure.ending
    closed_how, closed_by = None, None
    if ending is not None and ending.id in cut:
        closed_how, closed_by = cut[ending.id].how, cut[ending.id].id
    elif ending is not None:
        closed_how = (
            "removed"
            if ending.id in removals
            else "term-ended"
            if ending.id in term_ended
            else "stated-end"
        )
        closed_by = ending.id
    elif tenure.closer is not None:
        closed_how, closed_by = tenure.closer.how, tenure.closer.id
    return {
        "possible_from": tenure.lower,
        "possible_to": tenure.upper,
        "inferred_from": sure[0] if sure else None,
        "inferred_to": sure[1] if sure else None,
        "closed_how": closed_how,
        "closed_by_id": closed_by,
        "weakened_by_id": tenure.weakened.id if tenure.weakened else None,
        "certain_until": tenure.certain_until,
    }


def _dated(
    holdings: Iterable[Any], purges: Iterable[Any], memberships: Iterable[Any]
) -> list[Attestation]:
    """Every dated assertion on its own, as an attestation that states its own end: its years
    are those its dates allow, never stretched beyond them."""
    out = [attested_as(h) for h in holdings]
    out += [removal_attestation(p) for p in purges]
    for m in memberships:
        moments = [
            Moment(getattr(m, f"{part}_earliest"), getattr(m, f"{part}_latest"))
            for part in ("start", "end")
            if getattr(m, f"{part}_text") is not None
        ]
        if moments:  # an undated membership touches no year of its own
            out.append(Attestation(m.id, tuple(moments), ends=True))
    return out
