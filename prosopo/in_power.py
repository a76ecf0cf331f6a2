"""The factions in a body over the years: its seats by the factions of their holders, the body
counted with the bodies it succeeded and that succeeded it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from prosopo.among import among
from prosopo.errors import NotFound
from prosopo.models import (
    AssertionYear,
    Faction,
    FactionMembership,
    Organisation,
    Post,
    Tenure,
    TenureYear,
)
from prosopo.schemas import FactionCount, FactionsInPower, FactionYear, Ref
from prosopo.scope import Scope
from prosopo.tenures import BASIS_ORDER, Basis


def _line(session: Session, body: str) -> tuple[set[str], list[Organisation]]:
    """A body with the bodies it succeeded and that succeeded it (its line), and every body
    inside them."""
    organisations = {o.id: o for o in session.scalars(select(Organisation))}
    if body not in organisations:
        raise NotFound(f"no organisation with id {body!r}")
    line = {body}
    grew = True
    while grew:
        more = {o.succeeds_id for o in organisations.values() if o.id in line and o.succeeds_id}
        more |= {o.id for o in organisations.values() if o.succeeds_id in line}
        grew = bool(more - line)
        line |= more
    inside = set(line)
    grew = True
    while grew:
        below = {o.id for o in organisations.values() if o.parent_id in inside} - inside
        inside |= below
        grew = bool(below)
    ordered = sorted(
        (organisations[o] for o in inside), key=lambda o: (o.from_earliest or dt.date.min, o.name)
    )
    return line, ordered


def factions_in_power(session: Session, body: str) -> FactionsInPower:
    """For each year, how many seats of a body each faction held, by the faction memberships
    in force for each holder. A body's seats are its own posts and the one-holder and
    leadership posts of the bodies inside it; its line of succession counts as one body (the
    party's top body under its three names)."""
    line_ids, bodies = _line(session, body)
    posts = session.scalars(
        select(Post.id).where(
            among(Post.organisation_id, [o.id for o in bodies]),
            or_(
                Post.single_holder.is_(True),
                Post.leadership.is_(True),
                Post.organisation_id.in_(line_ids),
            ),
        )
    ).all()
    rows = session.execute(
        select(TenureYear.year, TenureYear.basis, Tenure.person_id)
        .join(Tenure, Tenure.id == TenureYear.tenure_id)
        .where(among(Tenure.post_id, posts), Tenure.scope == Scope.all.value)
    ).all()
    # each person once a year, on the strongest basis any of their seats has
    best: dict[int, dict[str, Basis]] = defaultdict(dict)
    for year, basis, person in rows:
        known = best[year].get(person)
        if known is None or BASIS_ORDER[Basis(basis)] < BASIS_ORDER[known]:
            best[year][person] = Basis(basis)
    in_force = _factions_in_force(session, {p for holders in best.values() for p in holders})
    factions = {f.id: f for f in session.scalars(select(Faction))}
    out = [_faction_year(year, best[year], in_force, factions) for year in sorted(best)]
    return FactionsInPower(
        body=Ref.model_validate(next(o for o in bodies if o.id == body)),
        line=[Ref.model_validate(o) for o in bodies if o.id in line_ids],
        bodies=[Ref.model_validate(o) for o in bodies],
        years=out,
    )


def _factions_in_force(session: Session, persons: set[str]) -> Callable[[str, int], set[str]]:
    """The factions each of these persons belonged to in a year: every membership of theirs
    that is undated, or whose dates reach the year."""
    memberships = session.execute(
        select(
            FactionMembership.id, FactionMembership.person_id, FactionMembership.faction_id
        ).where(among(FactionMembership.person_id, persons))
    ).all()
    dated: dict[int, set[int]] = defaultdict(set)
    for assertion_id, year in session.execute(
        select(AssertionYear.assertion_id, AssertionYear.year).where(
            among(AssertionYear.assertion_id, [m.id for m in memberships])
        )
    ):
        dated[assertion_id].add(year)
    of: dict[str, list[Any]] = defaultdict(list)
    for m in memberships:
        of[m.person_id].append(m)

    def in_force(person: str, year: int) -> set[str]:
        return {m.faction_id for m in of[person] if m.id not in dated or year in dated[m.id]}

    return in_force


def _faction_year(
    year: int,
    holders: dict[str, Basis],
    in_force: Callable[[str, int], set[str]],
    factions: dict[str, Faction],
) -> FactionYear:
    """A year's seats by faction: certain (stated or inferred) and only possible apart; a
    holder of several factions counts in each, one of none under no faction."""
    seats: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    counts = [0, 0]
    for person, basis in holders.items():
        column = 1 if basis is Basis.possible else 0
        counts[column] += 1
        belongs: set[str | None] = set(in_force(person, year)) or {None}
        for faction in belongs:
            seats[faction][column] += 1
    return FactionYear(
        year=year,
        seats=counts[0],
        possible=counts[1],
        factions=[
            FactionCount(
                faction=Ref.model_validate(factions[f]) if f else None,
                seats=n[0],
                possible=n[1],
            )
            for f, n in sorted(seats.items(), key=lambda item: (item[0] is None, item[0] or ""))
        ],
    )
