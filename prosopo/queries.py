"""The questions prosopo answers about persons and purges, written once for the API, the CLI
and the tests. Who held which post when is
:mod:`prosopo.year_holders`, :mod:`prosopo.leaders` and :mod:`prosopo.succession`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, null, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.base import ExecutableOption

from prosopo.answers import (
    CITED,
    HOLDING,
    PURGE,
    Order,
    Page,
    attach_documents,
    holding_out,
    membership_out,
    name_out,
    page_of,
    purge_out,
    purges_by_id,
)
from prosopo.disagreements import disagreements
from prosopo.errors import NotFound
from prosopo.filters import PurgesFilter, PurgesQuery
from prosopo.models import (
    Assertion,
    AssertionScope,
    AssertionYear,
    Event,
    Faction,
    FactionMembership,
    Person,
    PersonName,
    PostHolding,
    PurgeEvent,
    PurgeKind,
)
from prosopo.schemas import (
    Career,
    CitationOut,
    FactionGroupCount,
    PersonOut,
    Purged,
    PurgeYearByFaction,
    Ref,
    YearCount,
)
from prosopo.scope import Scope
from prosopo.tenured import tenures_of_person
from prosopo.tenures import Basis

SCHEME_ORDER = {
    s: i for i, s in enumerate(("source", "mr", "rr", "hangul", "hanja", "alias", "ocr"))
}


def get_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id!r}")
    return person


A = TypeVar("A", bound=Assertion)


def _about(
    session: Session,
    cls: type[A],
    person_id: str,
    *options: ExecutableOption,
    scope: Scope | None = None,
) -> list[A]:
    """The assertions of one kind about one person, with what they refer to loaded; with a
    scope, only those the scope's sources state."""
    stmt = select(cls).where(cls.person_id == person_id).options(*options)
    if scope is not None:
        stmt = stmt.where(cls.id.in_(in_scope(scope)))
    return list(session.scalars(stmt).unique())


def in_scope(scope: Scope) -> Select[int]:
    """The ids of the assertions of a scope (prosopo.scope)."""
    return select(AssertionScope.assertion_id).where(AssertionScope.scope == scope.value)


def career(session: Session, person_id: str, scope: Scope = Scope.all) -> Career:
    """A person's names, factions, posts and purges, each with its citations, in date order.
    With a scope, the factions, posts, tenures, purges and disagreements are those the scope's
    sources state; the names are always all of them (they say who, not what)."""
    person = get_person(session, person_id)
    names = _about(session, PersonName, person_id, CITED)
    memberships = _about(
        session,
        FactionMembership,
        person_id,
        CITED,
        joinedload(FactionMembership.faction),
        scope=scope,
    )
    holdings = _about(session, PostHolding, person_id, *HOLDING, scope=scope)
    purges = _about(session, PurgeEvent, person_id, *PURGE, scope=scope)
    # a disagreement belongs to the answer when the scope's sources state each of its sides
    kept = {a.permanent_id for a in (*names, *memberships, *holdings, *purges)}
    result = Career(
        person=PersonOut.model_validate(person),
        scope=scope,
        names=[name_out(n) for n in sorted(names, key=lambda n: (SCHEME_ORDER[n.scheme], n.id))],
        factions=[membership_out(m) for m in memberships],
        posts=[holding_out(h) for h in sorted(holdings, key=_holding_order)],
        tenures=tenures_of_person(session, person_id, scope),
        purges=[purge_out(p) for p in sorted(purges, key=_purge_order)],
        disagreements=[
            d
            for d in disagreements(session, person=person_id)
            if all(side.assertion in kept for side in d.sides)
        ],
    )
    cited: list[list[CitationOut]] = [
        *(n.citations for n in result.names),
        *(m.citations for m in result.factions),
        *(h.citations for h in result.posts),
        *(p.citations for p in result.purges),
    ]
    attach_documents(session, [c for group in cited for c in group])
    return result


def _holding_order(h: PostHolding) -> tuple[str, str, int]:
    return (str(h.span_earliest or ""), h.post.title, h.id)


def _purge_order(p: PurgeEvent) -> tuple[str, int]:
    return (str(p.date_earliest or ""), p.id)


def check_ids(
    session: Session, action: str | None, event: str | None, faction: str | None = None
) -> None:
    """NotFound, naming it, for a purge kind, event or faction the data do not hold."""
    if action is not None and session.get(PurgeKind, action) is None:
        raise NotFound(f"no purge kind with id {action!r}")
    if event is not None and session.get(Event, event) is None:
        raise NotFound(f"no event with id {event!r}")
    if faction is not None and session.get(Faction, faction) is None:
        raise NotFound(f"no faction with id {faction!r}")


def _of_faction(faction: str) -> ColumnElement[bool]:
    """The purge's person has a membership in `faction` (at any time)."""
    members = select(FactionMembership.person_id).where(FactionMembership.faction_id == faction)
    return PurgeEvent.person_id.in_(members)


def _kept(
    session: Session,
    action: str | None,
    event: str | None,
    faction: str | None = None,
    scope: Scope = Scope.all,
) -> list[ColumnElement[bool]]:
    """The conditions on a purge of the filters every purge question takes (after checking
    that the kind, event and faction named exist): one kind, one event, the members of one
    faction, the sources of one scope."""
    check_ids(session, action, event, faction)
    kept = []
    if action is not None:
        kept.append(PurgeEvent.action_id == action)
    if event is not None:
        kept.append(PurgeEvent.event_id == event)
    if faction is not None:
        kept.append(_of_faction(faction))
    if scope is not Scope.all:
        kept.append(PurgeEvent.id.in_(in_scope(scope)))
    return kept


def _purged(session: Session, asked: PurgesFilter) -> tuple[Select[int, str | None], Order]:
    """(purge, basis in the year) of the purges the filters keep, and the answer's order."""
    year = asked.year
    in_year = AssertionYear.basis if year is not None else null()
    stmt = (
        select(PurgeEvent.id, in_year.label("basis"))
        .join(Person, Person.id == PurgeEvent.person_id)
        .where(*_kept(session, asked.action, asked.event, asked.faction, asked.scope))
    )
    if year is not None:
        stmt = stmt.join(
            AssertionYear,
            (AssertionYear.assertion_id == PurgeEvent.id) & (AssertionYear.year == year),
        )
        if asked.basis:
            stmt = stmt.where(AssertionYear.basis.in_([b.value for b in asked.basis]))
    # undated first (false sorts before true on both engines), then by date, name and id
    dated = PurgeEvent.date_earliest.is_not(None)
    return stmt, (dated, PurgeEvent.date_earliest, Person.name, PurgeEvent.id)


def purges(session: Session, asked: PurgesFilter | None = None) -> list[Purged]:
    """Purge events (all when nothing is asked), optionally only those in a year (each with its
    basis: `stated` when the date lies within the year, `possible` when it only allows it), of
    one kind, at one event, or of the members of one faction; in date order."""
    asked = asked or PurgesFilter()
    purged, order = _purged(session, asked)
    return _purged_out(session, session.execute(purged.order_by(*order)).all())


def _purged_out(session: Session, rows: Sequence[Any]) -> list[Purged]:
    """The answer's rows, from (purge, basis) rows of `_purged`: every purge read at once."""
    found = purges_by_id(session, [r.id for r in rows])
    out = [
        Purged(
            person=found[r.id][0],
            basis=None if r.basis is None else Basis(r.basis),
            purge=found[r.id][1],
        )
        for r in rows
    ]
    attach_documents(session, [c for p in out for c in p.purge.citations])
    return out


def purges_page(session: Session, asked: PurgesQuery) -> Page[list[Purged]]:
    """One page of `purges`, with the number of rows in all."""
    rows, total = page_of(session, *_purged(session, asked), asked.limit, asked.offset)
    return Page(
        rows=_purged_out(session, rows), total=total, offset=asked.offset, limit=asked.limit
    )


def purge_counts(
    session: Session,
    action: str | None = None,
    event: str | None = None,
    faction: str | None = None,
) -> list[YearCount]:
    """Purge events per year, by basis: for every year, as many as `purges(year=...)` lists."""
    stmt = (
        select(AssertionYear.year, AssertionYear.basis, func.count())
        .join(PurgeEvent, PurgeEvent.id == AssertionYear.assertion_id)
        .where(*_kept(session, action, event, faction))
        .group_by(AssertionYear.year, AssertionYear.basis)
    )
    counts: dict[Basis, Counter[int]] = defaultdict(Counter)
    for year, basis, n in session.execute(stmt):
        counts[Basis(basis)][year] += n
    years = sorted(set(counts[Basis.stated]) | set(counts[Basis.possible]))
    return [
        YearCount(year=y, stated=counts[Basis.stated][y], possible=counts[Basis.possible][y])
        for y in years
    ]


def purge_counts_by_faction(
    session: Session, action: str | None = None, event: str | None = None
) -> list[PurgeYearByFaction]:
    """`purge_counts` with each year split by the factions of the persons purged: a person in
    two factions is one group of both, never counted twice."""
    stmt = (
        select(AssertionYear.year, AssertionYear.basis, PurgeEvent.person_id, func.count())
        .join(PurgeEvent, PurgeEvent.id == AssertionYear.assertion_id)
        .where(*_kept(session, action, event))
        .group_by(AssertionYear.year, AssertionYear.basis, PurgeEvent.person_id)
    )
    factions: dict[str, set[str]] = defaultdict(set)
    for person, faction in session.execute(
        select(FactionMembership.person_id, FactionMembership.faction_id)
    ):
        factions[person].add(faction)
    names = dict(session.execute(select(Faction.id, Faction.name)).all())
    counts: dict[int, dict[tuple[str, ...], Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for year, basis, person, n in session.execute(stmt):
        counts[year][tuple(sorted(factions[person]))][basis] += n
    out = []
    for year in sorted(counts):
        groups = [
            FactionGroupCount(
                factions=[Ref(id=f, name=names[f]) for f in key],
                stated=c[Basis.stated.value],
                possible=c[Basis.possible.value],
            )
            for key, c in sorted(counts[year].items(), key=lambda kc: (not kc[0], kc[0]))
        ]
        out.append(
            PurgeYearByFaction(
                year=year,
                stated=sum(g.stated for g in groups),
                possible=sum(g.possible for g in groups),
                groups=groups,
            )
        )
    return out
