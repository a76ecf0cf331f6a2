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
from typing import Any

from prosopo.bodies import ancestry
from prosopo.build.records import fuzzy
from prosopo.build.rows import Ids, Row, holding_row, purge_row, stating_sources
from prosopo.scope import Scope, scopes_of
from prosopo.tenures import (
    BASIS_BIT,
    BASIS_ORDER,
    Attestation,
    Basis,
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
    sources: frozenset[str]  # the sources stating it
    scopes: frozenset[str]  # the scopes it is in (prosopo.scope)
    attestation: Attestation = field(init=False)

    def __post_init__(self) -> None:
        # with its sources, for every scope alike
        object.__setattr__(
            self, "attestation", replace(holding_attestation(self), sources=self.sources)
        )

    def __reduce__(self) -> tuple[type[_Holding], tuple[Any, ...]]:
        # sent without its attestation, which is made again from the rest: a third of the
        # objects the process making the tenures would otherwise hold twice over
        return _Holding, tuple(getattr(self, f) for f in _HOLDING_FIELDS)


@dataclass(frozen=True, slots=True)
class _Purge:
    """What the rule needs of a purge."""

    id: int
    person_id: str
    action_id: str
    post_id: str | None
    date_earliest: dt.date | None
    date_latest: dt.date | None
    sources: frozenset[str]
    scopes: frozenset[str]


_HOLDING_FIELDS = [f for f in _Holding.__annotations__ if f != "attestation"]
_HOLDING_COLUMNS = [
    f
    for f in _Holding.__annotations__
    if f not in ("person_id", "sources", "scopes", "attestation")
]
_PURGE_COLUMNS = [f for f in _Purge.__annotations__ if f not in ("person_id", "sources", "scopes")]


def _inputs(ids: Ids) -> tuple[list[_Holding], list[_Purge]]:
    """The holdings and purges as the rule needs them, each with its sources and scopes."""
    ds = ids.ds
    sources, scopes = _sources(ids)
    holdings = []
    for i, entry in enumerate(ds.holdings):
        row = holding_row(ids, i)
        holdings.append(
            _Holding(
                person_id=entry.record.person,
                sources=sources[row["id"]],
                scopes=scopes[row["id"]],
                **{f: row[f] for f in _HOLDING_COLUMNS},
            )
        )
    purges = []
    for i, purge in enumerate(ds.purges):
        row = purge_row(ids, i)
        purges.append(
            _Purge(
                person_id=purge.record.person,
                sources=sources[row["id"]],
                scopes=scopes[row["id"]],
                **{f: row[f] for f in _PURGE_COLUMNS},
            )
        )
    return holdings, purges


# the derived tables, in the order they are written
TABLES = ("tenures", "tenure_evidence", "tenure_years", "assertion_years")


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the rule needs of the loaded data, read from it once: plain values that can be
    sent to a process of its own (prosopo.build.aside)."""

    holdings: list[_Holding]
    purges: list[_Purge]
    memberships: list[Attestation]  # the dated memberships, each on its own
    limits: dict[str, Limits]  # the days each post can be held
    within: dict[str, set[str]]  # the bodies each post lies in
    body: dict[str, str]  # the body of each post
    single: dict[str, bool]  # the posts with one holder at a time
    ends: dict[str, list[str]]  # the bodies each purge kind takes posts away from ("all")
    weakening: set[str]  # the purge kinds that may end a post they do not name
    ordinal: dict[Key, int]  # the order of each (post, person) in the year lists


def inputs(ids: Ids) -> Inputs:
    """The rule's inputs, read from the loaded data."""
    ds = ids.ds
    posts = {p.record.id: p.record for p in ds.posts}
    organisations = {o.record.id: o.record for o in ds.organisations}
    parents = {o.id: o.parent for o in organisations.values()}
    kinds = {k.record.id: k.record for k in ds.purge_kinds}
    holdings, purges = _inputs(ids)
    return Inputs(
        holdings=holdings,
        purges=purges,
        memberships=_membership_attestations(ids),
        limits=_limits(posts, organisations, parents),
        within={p: set(ancestry(r.organisation, parents)) for p, r in posts.items()},
        body={p: r.organisation for p, r in posts.items()},
        single={p: r.single_holder for p, r in posts.items()},
        ends={k: (["all"] if r.ends == "all" else list(r.ends)) for k, r in kinds.items()},
        weakening={k for k, r in kinds.items() if r.weakens},
        ordinal=_ordinals(ds, holdings, purges),
    )


def derive(given: Inputs) -> Iterator[tuple[str, Row]]:
    """Every row of the derived tables with the name of its table, in one pass: tenures (once
    per scope) with their evidence and years, then the years each dated assertion may fall in
    on its own. Within a table the rows come in writing order; nothing is kept once given."""

    def takes_away(purge: Any, post_id: str) -> bool:
        scope = given.ends[purge.action_id]
        if purge.post_id == post_id:
            return False  # then it is an attestation of the post, not a closer
        if scope == ["all"]:
            return True
        return not given.within[post_id].isdisjoint(scope)

    tenure_id = 0
    for scope in Scope:
        found = _tenures(
            [h for h in given.holdings if scope.value in h.scopes],
            [p for p in given.purges if scope.value in p.scopes],
            given.single,
            given.limits,
            takes_away,
            given.weakening,
        )
        for (person_id, post_id), group in groupby(found, key=lambda f: (f[0], f[1])):
            years: list[tuple[int, dict[int, Basis]]] = []
            for _, _, tenure, row in group:
                tenure_id += 1
                yield (
                    "tenures",
                    {
                        "id": tenure_id,
                        "scope": scope.value,
                        "person_id": person_id,
                        "post_id": post_id,
                        "ordinal": given.ordinal[(post_id, person_id)],
                        **row,
                    },
                )
                for i, a in enumerate(tenure.attestations, start=1):
                    yield (
                        "tenure_evidence",
                        {
                            "tenure_id": tenure_id,
                            "assertion_id": a.id,
                            "position": i,
                        },
                    )
                years.append((tenure_id, tenure.years()))
            copied = {
                "scope": scope.value,
                "ordinal": given.ordinal[(post_id, person_id)],
                "organisation_id": given.body[post_id],
                "post_id": post_id,
            }
            for year_row in _year_rows(years):
                yield "tenure_years", year_row | copied
    for a in _dated(given.holdings, given.purges, given.memberships):
        for year, basis in alone(a).years().items():
            yield "assertion_years", {"assertion_id": a.id, "year": year, "basis": basis.value}


def _year_rows(tenures: list[tuple[int, dict[int, Basis]]]) -> Iterator[Row]:
    """Every year of the tenures of one person in one post (in a scope), each with the bases of
    the tenures that stand before it in that year (`outranked`): those of a stronger basis, or
    of the same and a lower id. The first (none before it) stands for the person in that post
    in the year lists; asked for some bases only, the first of those bases does."""
    ranked: dict[int, list[tuple[int, int, Basis]]] = defaultdict(list)
    for tenure_id, years in tenures:
        for year, basis in years.items():
            ranked[year].append((BASIS_ORDER[basis], tenure_id, basis))
    outranked: dict[tuple[int, int], int] = {}
    for year, rivals in ranked.items():
        before = 0
        for _, tenure_id, basis in sorted(rivals):
            outranked[(tenure_id, year)] = before
            before |= BASIS_BIT[basis]
    for tenure_id, years in tenures:  # in the order of the table's key
        for year, basis in years.items():
            yield {
                "tenure_id": tenure_id,
                "year": year,
                "basis": basis.value,
                "outranked": outranked[(tenure_id, year)],
            }


def _sources(ids: Ids) -> tuple[dict[int, frozenset[str]], dict[int, frozenset[str]]]:
    """The sources that state each assertion, and its scopes (one object for each set)."""
    sources: dict[int, frozenset[str]] = {}
    scopes: dict[int, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}
    kind_of = {s.record.id: s.record.kind for s in ids.ds.sources}
    for assertion, stated in stating_sources(ids):
        sources[assertion] = shared.setdefault(stated, stated)
        found = frozenset(scope.value for scope in scopes_of({kind_of[s] for s in stated}))
        scopes[assertion] = shared.setdefault(found, found)
    return sources, scopes


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


def _membership_attestations(ids: Ids) -> list[Attestation]:
    """Every dated membership on its own, as an attestation that states its own end."""
    out = []
    for i, m in enumerate(ids.ds.memberships):
        r = m.record
        moments = [
            Moment(d.earliest, d.latest) for d in (fuzzy(r.start), fuzzy(r.end)) if d is not None
        ]
        if moments:  # an undated membership touches no year of its own
            out.append(Attestation(ids.first_membership + i, tuple(moments), ends=True))
    return out


def _tenures(
    holdings: list[Any],
    purges: list[Any],
    single: Mapping[str, bool],
    limits: Mapping[str, Limits],
    takes_away: Callable[[Any, str], bool],
    weakening: set[str],
) -> Iterator[tuple[str, str, Tenure, Row]]:
    """The tenures of one scope, from the holdings and purges of that scope only."""
    attested: dict[Key, list[Attestation]] = defaultdict(list)
    for p in purges:
        if p.post_id is not None:
            attested[(p.person_id, p.post_id)].append(
                replace(removal_attestation(p), sources=p.sources)
            )
    closers_of = _closers(holdings, purges, attested, single, takes_away)
    cut = _attest_holdings(holdings, attested, closers_of)
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
    # in a one-holder post, what each holder's attestations may end: made once, shared by
    # every other holder's list
    by_post: dict[str, list[tuple[str, list[Closer]]]] = defaultdict(list)
    for h in holdings:
        if single[h.post_id]:
            by_post[h.post_id].append((h.person_id, _succeeding(attested_as(h))))
    for (person, post_id), found in removals.items():
        if single[post_id]:
            by_post[post_id] += [(person, _succeeding(a)) for a in found]
    # one closer for each purge, however many posts it may have ended
    closer = {p.id: Closer("purge", Moment(p.date_earliest, p.date_latest), p.id) for p in purges}
    closers_of: dict[Key, list[Closer]] = {}
    for person, post_id in {(h.person_id, h.post_id) for h in holdings} | set(removals):
        closers = [closer[p.id] for p in purges_of[person] if takes_away(p, post_id)]
        if single[post_id]:
            closers += _successors(person, by_post[post_id])
        closers_of[(person, post_id)] = closers
    return closers_of


def _attest_holdings(
    holdings: list[Any],
    attested: dict[Key, list[Attestation]],
    closers_of: Mapping[Key, list[Closer]],
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
        a = attested_as(h)
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


def _successors(person: str, holders: list[tuple[str, list[Closer]]]) -> list[Closer]:
    """What another person's attestations of a one-holder post may end of this person's."""
    return [c for other, closers in holders if other != person for c in closers]


def _succeeding(a: Attestation) -> list[Closer]:
    """What a holder's attestation of a one-holder post may end of another holder's holding:
    each moment (marked when it is their stated start or end), and the stretch between the
    attestation's own dates."""
    closers = [
        Closer("successor", m, a.id, starts=a.starts and m is a.first, ends=a.ends and m is a.last)
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
    holdings: Iterable[_Holding], purges: Iterable[_Purge], memberships: Iterable[Attestation]
) -> list[Attestation]:
    """Every dated assertion on its own, as an attestation that states its own end: its years
    are those its dates allow, never stretched beyond them."""
    out = [attested_as(h) for h in holdings]
    out += [removal_attestation(p) for p in purges]
    return out + list(memberships)
