"""The vocabularies and what the data hold of each: factions with their members and fates,
the organisations as a tree of bodies and posts with their holders, events with the purges at
them, purge kinds and event kinds. A client builds its filters from these; every id it can
pass to another question is listed here."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from prosopo import queries
from prosopo.answers import CITED, citations_out, date_out, membership_out
from prosopo.bodies import KIND_ORDER
from prosopo.errors import NotFound
from prosopo.filters import PurgesFilter
from prosopo.models import (
    Citation,
    Event,
    EventKind,
    Faction,
    FactionMembership,
    Organisation,
    Person,
    Post,
    PurgeEvent,
    PurgeKind,
    Tenure,
    TenureYear,
)
from prosopo.schemas import (
    EventDetail,
    EventKindOut,
    EventOut,
    FactionDetail,
    FactionMember,
    FactionOut,
    OrganisationNode,
    PostHeld,
    PostNode,
    PurgeKindOut,
    Ref,
)
from prosopo.scope import Scope
from prosopo.tenured import year_spans
from prosopo.tenures import Basis

CITED_EVENT = selectinload(Event.citations).joinedload(Citation.source)


def purge_kinds(session: Session) -> list[PurgeKindOut]:
    """Every kind of purge, with how many purge events the data hold of it."""
    counts = dict(
        session.execute(
            select(PurgeEvent.action_id, func.count()).group_by(PurgeEvent.action_id)
        ).all()
    )
    return [
        PurgeKindOut(
            id=k.id,
            label=k.label,
            description=k.description,
            ends=k.ends,
            purges=counts.get(k.id, 0),
        )
        for k in session.scalars(select(PurgeKind).order_by(PurgeKind.id))
    ]


def event_kinds(session: Session) -> list[EventKindOut]:
    """Every kind of event, with how many events the data hold of it."""
    counts = dict(
        session.execute(select(Event.kind_id, func.count()).group_by(Event.kind_id)).all()
    )
    return [
        EventKindOut(id=k.id, label=k.label, events=counts.get(k.id, 0))
        for k in session.scalars(select(EventKind).order_by(EventKind.id))
    ]


def _event_out(e: Event, purges: int) -> EventOut:
    return EventOut(
        id=e.id,
        kind=e.kind_id,
        name=e.name,
        date=date_out(e.date),
        note=e.note,
        citations=citations_out(e.citations),
        purges=purges,
    )


def _purges_at(session: Session) -> Counter[str]:
    counted = session.execute(
        select(PurgeEvent.event_id, func.count())
        .where(PurgeEvent.event_id.is_not(None))
        .group_by(PurgeEvent.event_id)
    )
    return Counter({event_id: n for event_id, n in counted if event_id is not None})


def events(session: Session, kind: str | None = None) -> list[EventOut]:
    """The events (plenums, congresses, conferences, trials...), in date order; `kind` keeps
    one kind of event."""
    stmt = select(Event).options(CITED_EVENT).order_by(Event.date_earliest.nulls_first(), Event.id)
    if kind is not None:
        if session.get(EventKind, kind) is None:
            raise NotFound(f"no event kind with id {kind!r}")
        stmt = stmt.where(Event.kind_id == kind)
    counts = _purges_at(session)
    return [_event_out(e, counts[e.id]) for e in session.scalars(stmt).unique()]


def event(session: Session, event_id: str) -> EventDetail:
    """One event, and every purge the data place at it."""
    found = session.scalars(
        select(Event).where(Event.id == event_id).options(CITED_EVENT)
    ).one_or_none()
    if found is None:
        raise NotFound(f"no event with id {event_id!r}")
    purged = queries.purges(session, PurgesFilter(event=event_id))
    return EventDetail(event=_event_out(found, len(purged)), purges=purged)


def _faction_out(f: Faction, members: int) -> FactionOut:
    return FactionOut(
        id=f.id, name=f.name, description=f.description, labels=f.labels, members=members
    )


def _members(session: Session) -> Counter[str]:
    counted = session.execute(
        select(
            FactionMembership.faction_id, func.count(FactionMembership.person_id.distinct())
        ).group_by(FactionMembership.faction_id)
    )
    return Counter(dict(counted.all()))


def factions(session: Session) -> list[FactionOut]:
    """Every faction, with the words the texts use for it and how many persons it counts."""
    counts = _members(session)
    return [
        _faction_out(f, counts[f.id]) for f in session.scalars(select(Faction).order_by(Faction.id))
    ]


def faction(session: Session, faction_id: str) -> FactionDetail:
    """One faction: its members over time, each membership with the text's own label and its
    citations, and their fates (every purge of a member, and those counted per year)."""
    found = session.get(Faction, faction_id)
    if found is None:
        raise NotFound(f"no faction with id {faction_id!r}")
    memberships = session.scalars(
        select(FactionMembership)
        .join(Person, Person.id == FactionMembership.person_id)
        .where(FactionMembership.faction_id == faction_id)
        .options(CITED, joinedload(FactionMembership.faction), joinedload(FactionMembership.person))
        .order_by(FactionMembership.start_earliest.nulls_first(), Person.name, FactionMembership.id)
    ).unique()
    members = [
        FactionMember(person=Ref.model_validate(m.person), membership=membership_out(m))
        for m in memberships
    ]
    return FactionDetail(
        faction=_faction_out(found, len({m.person.id for m in members})),
        members=members,
        purges=queries.purges(session, PurgesFilter(faction=faction_id)),
        purges_per_year=queries.purge_counts(session, faction=faction_id),
    )


def _holders(session: Session) -> dict[str, list[PostHeld]]:
    """Each post's tenures, in time order, with their years by basis."""
    years: dict[int, dict[Basis, list[int]]] = defaultdict(lambda: defaultdict(list))
    every = Tenure.scope == Scope.all.value
    for tenure_id, year, basis in session.execute(
        select(TenureYear.tenure_id, TenureYear.year, TenureYear.basis)
        .join(Tenure, Tenure.id == TenureYear.tenure_id)
        .where(every)
    ):
        years[tenure_id][Basis(basis)].append(year)
    held: dict[str, list[PostHeld]] = defaultdict(list)
    for t in session.scalars(
        select(Tenure)
        .where(every)
        .options(joinedload(Tenure.person))
        .order_by(Tenure.possible_from, Tenure.id)
    ):
        by_basis = years[t.id]
        held[t.post_id].append(
            PostHeld(
                person=Ref.model_validate(t.person),
                stated=year_spans(by_basis[Basis.stated]),
                inferred=year_spans(by_basis[Basis.inferred]),
                possible=year_spans(by_basis[Basis.possible]),
            )
        )
    return held


def organisations(session: Session, root: str | None = None) -> list[OrganisationNode]:
    """The organisations as a tree: each body with its posts (each with its holders, from the
    tenures) and the bodies inside it; party bodies first, then the state's, the military,
    diplomatic and mass organisations. `root` gives one body's subtree."""
    bodies = {o.id: o for o in session.scalars(select(Organisation))}
    if root is not None and root not in bodies:
        raise NotFound(f"no organisation with id {root!r}")
    held = _holders(session)
    posts: dict[str, list[Post]] = defaultdict(list)
    for p in session.scalars(select(Post).order_by(Post.title)):
        posts[p.organisation_id].append(p)
    inside: dict[str | None, list[Organisation]] = defaultdict(list)
    for o in sorted(
        bodies.values(),
        key=lambda o: (
            KIND_ORDER[o.kind],
            o.from_earliest or o.to_earliest or dt.date.min,
            o.name,
        ),
    ):
        inside[o.parent_id].append(o)

    def node(o: Organisation) -> OrganisationNode:
        succeeded = bodies.get(o.succeeds_id) if o.succeeds_id else None
        return OrganisationNode(
            id=o.id,
            name=o.name,
            kind=o.kind,
            labels=o.labels,
            start=o.from_text,
            end=o.to_text,
            succeeds=Ref.model_validate(succeeded) if succeeded else None,
            note=o.note,
            posts=[
                PostNode(
                    id=p.id,
                    title=p.title,
                    labels=p.labels,
                    single_holder=p.single_holder,
                    leadership=p.leadership,
                    holders=held[p.id],
                )
                for p in posts[o.id]
            ],
            bodies=[node(child) for child in inside[o.id]],
        )

    return [node(bodies[root])] if root is not None else [node(o) for o in inside[None]]
