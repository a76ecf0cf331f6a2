"""The derived tables, rebuilt with the data at every build: tenures with their evidence, and the
years every tenure and every dated assertion may fall in, each with its basis.

The rule is :mod:`prosopo.tenures`; this module only gathers its inputs from the loaded
assertions and the vocabulary (which posts have one holder at a time, which purge kinds take
which posts away, when each body existed) and writes its answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from prosopo import models
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
    """Compute and write tenures, their evidence and the year tables."""
    posts = {p.id: p for p in session.scalars(select(models.Post))}
    organisations = {o.id: o for o in session.scalars(select(models.Organisation))}
    parents = {o.id: o.parent_id for o in organisations.values()}
    ends = {k.id: k.ends for k in session.scalars(select(models.PurgeKind))}
    holdings = list(session.scalars(select(models.PostHolding)))
    purges = list(session.scalars(select(models.PurgeEvent)))
    memberships = list(session.scalars(select(models.FactionMembership)))

    attested: dict[Key, list[Attestation]] = defaultdict(list)
    for h in holdings:
        attested[(h.person_id, h.post_id)].append(holding_attestation(h))
    for p in purges:
        if p.post_id is not None:
            attested[(p.person_id, p.post_id)].append(removal_attestation(p))

    def takes_away(purge: models.PurgeEvent, post_id: str) -> bool:
        scope = ends[purge.action_id]
        if purge.post_id == post_id:
            return False  # then it is an attestation of the post, not a closer
        if scope == ["all"]:
            return True
        return bool(set(ancestry(posts[post_id].organisation_id, parents)) & set(scope))

    purges_of: dict[str, list[models.PurgeEvent]] = defaultdict(list)
    for p in purges:
        purges_of[p.person_id].append(p)
    by_post: dict[str, list[tuple[str, Attestation]]] = defaultdict(list)
    for (person, post_id), found in attested.items():
        by_post[post_id] += [(person, a) for a in found]

    removals = {p.id for p in purges if p.post_id is not None}
    tenure_rows: list[tuple[models.Tenure, Tenure]] = []
    for (person, post_id), found in sorted(attested.items()):
        post = posts[post_id]
        closers = [
            Closer("purge", _moment(p.date_earliest, p.date_latest), p.id)
            for p in purges_of[person]
            if takes_away(p, post_id)
        ]
        if post.single_holder:
            closers += _successors(person, by_post[post_id])
        # a post cannot be held outside the dates of its body, nor of the bodies it lies in
        bodies = [organisations[o] for o in ancestry(post.organisation_id, parents)]
        opened = [b.from_earliest for b in bodies if b.from_earliest is not None]
        closed = [b.to_latest for b in bodies if b.to_latest is not None]
        limits = Limits(max(opened, default=None), min(closed, default=None))
        for tenure in reconstruct(found, closers, limits):
            tenure_rows.append((_row(person, post_id, tenure, removals), tenure))
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


def _row(person: str, post: str, tenure: Tenure, removals: set[int]) -> models.Tenure:
    sure = tenure.sure()
    ending = tenure.ending
    closed_how, closed_by = None, None
    if ending is not None:
        closed_how = "removed" if ending.id in removals else "stated-end"
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
