"""Everyone in the data, filtered and paged: by name in any form, by faction, by being active
in a year, by a post held in an organisation, and by a purge (in a year, of a kind, at an
event). Filters combine; each narrows the list in SQL, and the page is taken there too."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import ColumnElement, Select, func, select, union_all
from sqlalchemy.orm import Session

from prosopo.answers import Page
from prosopo.filters import PersonsFilter, PersonsQuery, Sort
from prosopo.models import (
    Assertion,
    AssertionYear,
    FactionMembership,
    Person,
    Post,
    PurgeEvent,
    Tenure,
    TenureYear,
)
from prosopo.queries import check_ids
from prosopo.resolve import name_index
from prosopo.schemas import PersonRow
from prosopo.scope import Scope
from prosopo.tenured import organisation_and_below
from prosopo.tenures import BASIS_ORDER, Basis


def _in_year(year: int) -> Select[str, str]:
    """(person, basis) of everything that places a person in `year`: the tenures' years and
    the years of each assertion on its own (holdings, dated memberships, purges)."""
    tenures = (
        select(Tenure.person_id, TenureYear.basis)
        .join(TenureYear, TenureYear.tenure_id == Tenure.id)
        .where(TenureYear.year == year, Tenure.scope == Scope.all.value)
    )
    assertions = (
        select(Assertion.person_id, AssertionYear.basis)
        .join(AssertionYear, AssertionYear.assertion_id == Assertion.id)
        .where(AssertionYear.year == year)
    )
    return union_all(tenures, assertions).subquery().select()


def _named(session: Session, name: str) -> list[str]:
    """The persons a name may mean by a real match (never a fuzzy one)."""
    index, persons = name_index(session)
    if name in persons:
        return [name]
    # as many matches as there are persons: a filter must not drop any of them
    return sorted({m.person_id for m in index.search(name, limit=len(persons), fuzzy=False)})


def _filters(session: Session, asked: PersonsFilter) -> list[ColumnElement[bool]]:
    name, faction, active, organisation = (
        asked.name,
        asked.faction,
        asked.active,
        asked.organisation,
    )
    purged, action, event = asked.purged, asked.action, asked.event
    check_ids(session, action, event, faction)
    where: list[ColumnElement[bool]] = []
    if name is not None:
        where.append(Person.id.in_(_named(session, name)))
    if faction is not None:
        members = select(FactionMembership.person_id).where(FactionMembership.faction_id == faction)
        where.append(Person.id.in_(members))
    if active is not None:
        where.append(Person.id.in_(select(_in_year(active).subquery().c.person_id)))
    if organisation is not None:
        bodies = organisation_and_below(session, organisation)
        held = (
            select(Tenure.person_id)
            .join(Post, Post.id == Tenure.post_id)
            .where(Post.organisation_id.in_(bodies), Tenure.scope == Scope.all.value)
        )
        where.append(Person.id.in_(held))
    if purged is not None or action is not None or event is not None:
        # one purge that meets every purge filter given
        purge = select(PurgeEvent.person_id)
        if purged is not None:
            purge = purge.join(AssertionYear, AssertionYear.assertion_id == PurgeEvent.id).where(
                AssertionYear.year == purged
            )
        if action is not None:
            purge = purge.where(PurgeEvent.action_id == action)
        if event is not None:
            purge = purge.where(PurgeEvent.event_id == event)
        where.append(Person.id.in_(purge))
    return where


def persons(session: Session, asked: PersonsFilter | None = None) -> list[PersonRow]:
    """Every person that every filter of `asked` keeps (everyone when nothing is asked), in the
    order it names.

    `name`: a form of their name (any spelling or script; real matches only, never fuzzy);
    `faction`: a membership in it at any time; `active`: something places them in that year,
    and each row then says on what basis (the strongest of stated, inferred, possible);
    `organisation`: a post held in it or in a body inside it; `purged`, `action`, `event`: a
    purge in that year, of that kind, at that event (one purge meeting all those given)."""
    asked = asked or PersonsFilter()
    return _rows(session, asked, _ordered(select(Person).where(*_filters(session, asked)), asked))


def persons_page(session: Session, asked: PersonsQuery) -> Page[list[PersonRow]]:
    """One page of `persons`, with the number of persons in all."""
    where = _filters(session, asked)
    total = session.scalar(select(func.count()).select_from(Person).where(*where)) or 0
    chosen = _ordered(select(Person).where(*where), asked).limit(asked.limit).offset(asked.offset)
    rows = _rows(session, asked, chosen)
    return Page(rows=rows, total=total, offset=asked.offset, limit=asked.limit)


def _ordered(stmt: Select[Person], asked: PersonsFilter) -> Select[Person]:
    """In the order `asked.sort` names, the id breaking ties."""
    sort = asked.sort
    column = Person.name if sort in (Sort.name, Sort.name_descending) else Person.id
    descending = sort.value.startswith("-")
    return stmt.order_by(
        column.desc() if descending else column, Person.id.desc() if descending else Person.id
    )


def _rows(session: Session, asked: PersonsFilter, chosen: Select[Person]) -> list[PersonRow]:
    """The persons `chosen` selects, each with its factions (and its basis in the year it is
    asked to be active in)."""
    found = list(session.scalars(chosen))
    ids = [p.id for p in found]
    factions: dict[str, list[str]] = defaultdict(list)
    for person_id, faction_id in session.execute(
        select(FactionMembership.person_id, FactionMembership.faction_id)
        .where(FactionMembership.person_id.in_(ids))
        .distinct()
        .order_by(FactionMembership.person_id, FactionMembership.faction_id)
    ):
        factions[person_id].append(faction_id)
    bases: dict[str, Basis] = {}
    if asked.active is not None:
        placed = _in_year(asked.active).subquery()
        for person_id, basis in session.execute(
            select(placed.c.person_id, placed.c.basis).where(placed.c.person_id.in_(ids))
        ):
            b = Basis(basis)
            if person_id not in bases or BASIS_ORDER[b] < BASIS_ORDER[bases[person_id]]:
                bases[person_id] = b
    return [
        PersonRow(
            id=p.id,
            name=p.name,
            summary=p.summary,
            factions=factions[p.id],
            active=bases.get(p.id),
        )
        for p in found
    ]
