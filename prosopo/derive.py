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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from prosopo import models
from prosopo.scope import Scope
from prosopo.tenures import Attestation, Closer, Limits, Moment, Tenure, alone, reconstruct

Key = tuple[str, str]  # person, post


def _moment(earliest: object, latest: object) -> Moment:
    return Moment(earliest, latest)  # type: ignore[arg-type]


def holding_attestation(h: Any) -> Attestation:
    """A holding as an attestation: its start, the date it was held at, and its end, in order.
    `h` is a PostHolding or a row of its date columns."""
    moments = [
        _moment(getattr(h, f"{part}_earliest"), getattr(h, f"{part}_latest"))
        for part in ("start", "during", "end")
        if getattr(h, f"{part}_text") is not None
    ]
    return Attestation(
        h.id, tuple(moments), starts=h.start_text is not None, ends=h.end_text is not None
    )


def removal_attestation(p: Any) -> Attestation:
    """A purge naming the post it took away: the post was held up to that moment. `p` is a
    PurgeEvent or a row of its id and date bounds."""
    return Attestation(p.id, (_moment(p.date_earliest, p.date_latest),), ends=True)


def ancestry(org_id: str, parents: Mapping[str, str | None]) -> list[str]:
    """A body and the bodies it lies inside, innermost first."""
    found: list[str] = []
    current: str | None = org_id
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found


def derive(session: Session) -> None:
    """Compute and write tenures (once per scope), their evidence and the year tables."""
    posts = {p.id: p for p in session.scalars(select(models.Post))}
    organisations = {o.id: o for o in session.scalars(select(models.Organisation))}
    parents = {o.id: o.parent_id for o in organisations.values()}
    kinds = list(session.scalars(select(models.PurgeKind)))
    ends = {k.id: k.ends for k in kinds}
    weakening = {k.id for k in kinds if k.weakens}
    holdings = list(session.scalars(select(models.PostHolding)))
    purges = list(session.scalars(select(models.PurgeEvent)))
    memberships = list(session.scalars(select(models.FactionMembership)))
    sources: dict[int, set[str]] = defaultdict(set)  # who states each assertion
    for assertion_id, source_id in session.execute(
        select(models.Citation.assertion_id, models.Citation.source_id).where(
            models.Citation.role == "states", models.Citation.assertion_id.is_not(None)
        )
    ):
        if assertion_id is not None:
            sources[assertion_id].add(source_id)
    in_scope: dict[str, set[int]] = defaultdict(set)
    for assertion_id, scope in session.execute(
        select(models.AssertionScope.assertion_id, models.AssertionScope.scope)
    ):
        in_scope[scope].add(assertion_id)

    # a post cannot be held outside its own dates, nor those of its body and the bodies it
    # lies in
    limits: dict[str, Limits] = {}
    for post in posts.values():
        bounded: list[models.Post | models.Organisation] = [
            post,
            *(organisations[o] for o in ancestry(post.organisation_id, parents)),
        ]
        opened = [b.from_earliest for b in bounded if b.from_earliest is not None]
        closed = [b.to_latest for b in bounded if b.to_latest is not None]
        limits[post.id] = Limits(max(opened, default=None), min(closed, default=None))

    def takes_away(purge: models.PurgeEvent, post_id: str) -> bool:
        scope = ends[purge.action_id]
        if purge.post_id == post_id:
            return False  # then it is an attestation of the post, not a closer
        if scope == ["all"]:
            return True
        return bool(set(ancestry(posts[post_id].organisation_id, parents)) & set(scope))

    tenure_rows: list[tuple[models.Tenure, Tenure]] = []
    for scope in Scope:
        kept = in_scope[scope.value]
        tenure_rows += _tenures(
            scope,
            [h for h in holdings if h.id in kept],
            [p for p in purges if p.id in kept],
            posts,
            limits,
            takes_away,
            {a: frozenset(s) for a, s in sources.items()},
            weakening,
        )
    session.add_all(row for row, _ in tenure_rows)
    session.flush()

    evidence = []
    tenure_years = []
    for row, tenure in tenure_rows:
        evidence += [
            {"tenure_id": row.id, "assertion_id": a.id, "position": i}
            for i, a in enumerate(tenure.attestations, start=1)
        ]
        tenure_years += [
            {"tenure_id": row.id, "year": year, "basis": basis.value}
            for year, basis in tenure.years().items()
        ]
    assertion_years = [
        {"assertion_id": a.id, "year": year, "basis": basis.value}
        for a in _dated(holdings, purges, memberships)
        for year, basis in alone(a).years().items()
    ]
    for table, rows in (
        (models.TenureEvidence, evidence),
        (models.TenureYear, tenure_years),
        (models.AssertionYear, assertion_years),
    ):
        for start in range(0, len(rows), 5000):
            session.execute(insert(table), rows[start : start + 5000])


def _tenures(
    scope: Scope,
    holdings: list[models.PostHolding],
    purges: list[models.PurgeEvent],
    posts: Mapping[str, models.Post],
    limits: Mapping[str, Limits],
    takes_away: Callable[[models.PurgeEvent, str], bool],
    sources: Mapping[int, frozenset[str]],
    weakening: set[str],
) -> list[tuple[models.Tenure, Tenure]]:
    """The tenures of one scope, from the holdings and purges of that scope only."""
    attested: dict[Key, list[Attestation]] = defaultdict(list)
    for p in purges:
        if p.post_id is not None:
            attested[(p.person_id, p.post_id)].append(
                replace(removal_attestation(p), sources=sources.get(p.id, frozenset()))
            )
    purges_of: dict[str, list[models.PurgeEvent]] = defaultdict(list)
    for p in purges:
        purges_of[p.person_id].append(p)
    by_post: dict[str, list[tuple[str, Attestation]]] = defaultdict(list)
    for h in holdings:
        by_post[h.post_id].append((h.person_id, holding_attestation(h)))
    for (person, post_id), found in attested.items():
        by_post[post_id] += [(person, a) for a in found]

    closers_of: dict[Key, list[Closer]] = {}
    for person, post_id in {(h.person_id, h.post_id) for h in holdings} | set(attested):
        closers = [
            Closer("purge", _moment(p.date_earliest, p.date_latest), p.id)
            for p in purges_of[person]
            if takes_away(p, post_id)
        ]
        if posts[post_id].single_holder:
            closers += _successors(person, by_post[post_id])
        closers_of[(person, post_id)] = closers

    # removals from the post (the only attestations so far), and the ends other statements give
    # to the same holding, which may end it before its term did
    removed = {
        key: [Closer("removed", r.last, r.id) for r in found] for key, found in attested.items()
    }
    stated_ends: dict[Key, list[Closer]] = defaultdict(list)
    for h in holdings:
        if h.end_text is not None and not h.end_from_term:
            end = holding_attestation(h).last
            stated_ends[(h.person_id, h.post_id)].append(Closer("stated-end", end, h.id))
    cut: dict[int, Closer] = {}  # holdings a closer ended before their term did
    for h in holdings:
        key = (h.person_id, h.post_id)
        a = replace(holding_attestation(h), sources=sources.get(h.id, frozenset()))
        if h.end_text is not None:
            enders = [*closers_of[key], *removed.get(key, [])]
            if h.end_from_term:
                enders += stated_ends[key]
            a, closer = cut_at_closer(a, enders, from_term=h.end_from_term)
            if closer is not None and h.end_from_term:
                cut[h.id] = closer
        attested[key].append(a)

    # a demotion or removal that names no post may have ended any post its person held
    weakeners: dict[str, list[Closer]] = defaultdict(list)
    for p in purges:
        if p.post_id is None and p.action_id in weakening:
            weakeners[p.person_id].append(
                Closer("weakened", _moment(p.date_earliest, p.date_latest), p.id)
            )
    removals = {p.id for p in purges if p.post_id is not None}
    term_ended = {h.id for h in holdings if h.end_from_term}
    out = []
    for (person, post_id), found in sorted(attested.items()):
        for tenure in reconstruct(
            found, closers_of[(person, post_id)], limits[post_id], weakeners=weakeners[person]
        ):
            row = _row(person, post_id, tenure, removals, term_ended, cut)
            row.scope = scope.value
            out.append((row, tenure))
    return out


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
    person: str,
    post: str,
    tenure: Tenure,
    removals: set[int],
    term_ended: set[int],
    cut: Mapping[int, Closer],
) -> models.Tenure:
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
    return models.Tenure(
        person_id=person,
        post_id=post,
        possible_from=tenure.lower,
        possible_to=tenure.upper,
        inferred_from=sure[0] if sure else None,
        inferred_to=sure[1] if sure else None,
        closed_how=closed_how,
        closed_by_id=closed_by,
        weakened_by_id=tenure.weakened.id if tenure.weakened else None,
        certain_until=tenure.certain_until,
    )


def _dated(
    holdings: Iterable[models.PostHolding],
    purges: Iterable[models.PurgeEvent],
    memberships: Iterable[models.FactionMembership],
) -> list[Attestation]:
    """Every dated assertion on its own, as an attestation that states its own end: its years
    are those its dates allow, never stretched beyond them."""
    out = [holding_attestation(h) for h in holdings]
    out += [removal_attestation(p) for p in purges]
    for m in memberships:
        moments = [
            _moment(getattr(m, f"{part}_earliest"), getattr(m, f"{part}_latest"))
            for part in ("start", "end")
            if getattr(m, f"{part}_text") is not None
        ]
        if moments:  # an undated membership touches no year of its own
            out.append(Attestation(m.id, tuple(moments), ends=True))
    return out
