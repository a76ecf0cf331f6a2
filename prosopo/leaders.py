"""The leadership as of a year or a day: every one-holder post and every post the vocabulary
marks as leadership, body by body, each seat with its holders and their basis, a page of seats
at a time; and the seats no source fills, year by year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from prosopo.among import among
from prosopo.answers import PAGE, Page
from prosopo.errors import BadQuestion
from prosopo.models import Organisation, Person, Post, Tenure, TenureYear
from prosopo.schemas import Body, Leadership, PostRef, Ref, Seat, SeatHolder, Vacancy
from prosopo.scope import Scope
from prosopo.silences import silences
from prosopo.tenured import tenure_rules
from prosopo.tenures import BASIS_ORDER, CORPUS_YEARS, Basis, year_days


def leadership(
    session: Session,
    year: int | None = None,
    date: dt.date | None = None,
    scope: Scope = Scope.all,
) -> Leadership:
    """The leadership as of a year or a day: every one-holder post and every post the
    vocabulary marks as leadership, body by body, each seat with its holders and their basis."""
    return leadership_page(session, year, date, scope, limit=None).rows


def leadership_page(
    session: Session,
    year: int | None = None,
    date: dt.date | None = None,
    scope: Scope = Scope.all,
    limit: int | None = PAGE,
    offset: int = 0,
) -> Page[Leadership]:
    """The leadership of `leadership`, `limit` seats of it from `offset` on (None: all), with
    the number of seats in all; a body whose seats fall on two pages is on both, with its
    seats of each. The seats of the page are chosen and ordered in SQL (the build wrote each
    post's place in the order, and each body's place in its tree), so a page costs its own
    seats, not all."""
    if (year is None) == (date is None):
        raise BadQuestion("give a year or a date (not both)")
    first, last = year_days(year) if year is not None else (date, date)
    assert first is not None and last is not None
    period = _Period(year, first, last, scope)
    seat = period.seat
    shown = _shown_bodies(session, period)
    body, parent = aliased(Organisation), aliased(Organisation)
    seats = (
        select(
            Post.id,
            Post.title,
            Post.single_holder,
            body.id.label("body_id"),
            body.name.label("body_name"),
            parent.id.label("parent_id"),
            parent.name.label("parent_name"),
        )
        .join(body, body.id == Post.organisation_id)
        .outerjoin(parent, parent.id == body.parent_id)
        .where(*seat, among(Post.organisation_id, shown))
        .order_by(Post.ordinal)
    )
    posts = session.execute(seats.limit(limit).offset(offset)).all()
    # counted apart: a window over every seat would sort them all, where the page alone reads
    # the posts in the order of their index and stops
    total = (
        len(posts)
        if limit is None and not offset  # every seat was read: no need to count them again
        else session.scalar(select(func.count()).where(*seat, among(Post.organisation_id, shown)))
        or 0
    )
    seated = _seated(session, [p.id for p in posts], period)
    when = str(year) if year is not None else str(date)
    silent = silences(session, [p.id for p in posts if not seated[p.id]], first, last, scope)
    bodies = _bodies(posts, seated, silent, when)
    answer = Leadership(year=year, date=date, scope=scope, bodies=bodies)
    return Page(rows=answer, total=total, offset=offset, limit=limit or len(posts))


@dataclass(frozen=True)
class _Period:
    """What a leadership question asks of the tenures: a year (read from the year table the
    build filled) or a day (by the tenure rule), as its first and last days, in a scope."""

    year: int | None
    first: dt.date
    last: dt.date
    scope: Scope

    @property
    def seat(self) -> tuple[ColumnElement[bool], ...]:
        """The posts with a seat in the period: one-holder and leadership posts; a post created
        after the period or abolished before it has no seat then."""
        return (
            or_(Post.single_holder.is_(True), Post.leadership.is_(True)),
            or_(Post.from_earliest.is_(None), Post.from_earliest <= self.last),
            or_(Post.to_latest.is_(None), Post.to_latest >= self.first),
        )


def _shown_bodies(session: Session, period: _Period) -> list[str]:
    """The bodies the leadership shows: those with a holder then, and the bodies of the same
    tree (the party, the cabinet) whose own dates and whose parents' do not rule them out."""
    filled = set(
        session.scalars(
            select(Post.organisation_id)
            .where(*period.seat, Post.id.in_(_held_posts(session, period)))
            .distinct()
        )
    )
    trees = session.execute(  # a few hundred rows at most
        select(Organisation.id, Organisation.root_id, Organisation.live_from, Organisation.live_to)
    ).all()
    live = {t.root_id for t in trees if t.id in filled}
    return [
        t.id
        for t in trees
        if t.id in filled
        or (
            t.root_id in live
            and (t.live_from is None or t.live_from <= period.last)
            and (t.live_to is None or t.live_to >= period.first)
        )
    ]


def _bodies(
    posts: Sequence[Any],
    seated: dict[str, list[SeatHolder]],
    silent: dict[str, str],
    when: str,
) -> list[Body]:
    """The seats of a page, in order, gathered by body."""
    bodies: list[Body] = []
    for _, group in groupby(posts, key=lambda p: p.body_id):
        of_body = list(group)
        b = of_body[0]
        ref = Ref(id=b.body_id, name=b.body_name)
        bodies.append(
            Body(
                organisation=ref,
                parent=Ref(id=b.parent_id, name=b.parent_name) if b.parent_id else None,
                seats=[
                    Seat(
                        post=PostRef(id=p.id, title=p.title, organisation=ref),
                        single_holder=p.single_holder,
                        holders=seated[p.id],
                        note=_seat_note(p.single_holder, seated[p.id], silent.get(p.id), when),
                    )
                    for p in of_body
                ],
            )
        )
    return bodies


def _held_posts(session: Session, period: _Period) -> Select[str] | list[str]:
    """The posts with a seat that someone held in `year` or on the days [first, last]. Within
    the years of the texts, a tenure whose possible days meet the period falls in it on some
    basis (the rule of `prosopo.tenures`); outside them only an attestation can state a day,
    so there the rule decides, tenure by tenure."""
    year, first, last, scope = period.year, period.first, period.last, period.scope
    if year is not None:  # one row for each person in each post: the year list's index
        return select(TenureYear.post_id).where(
            TenureYear.year == year,
            TenureYear.scope == scope.value,
            TenureYear.outranked == 0,
        )
    if CORPUS_YEARS[0] <= first.year and last.year <= CORPUS_YEARS[1]:
        return select(Tenure.post_id).where(
            Tenure.scope == scope.value, Tenure.possible_from <= last, Tenure.possible_to >= first
        )
    posts = session.scalars(select(Post.id).where(*period.seat)).all()
    return [p for p, holders in _seated(session, posts, period).items() if holders]


def _seated(session: Session, posts: Sequence[str], period: _Period) -> dict[str, list[SeatHolder]]:
    """Each post's holders in the period's year (from the year table) or on its days (by the
    tenure rule), each person once: the tenure of the strongest basis stands for them. In the
    order of a seat: the strongest basis first, then by name."""
    year, first, last, scope = period.year, period.first, period.last, period.scope
    columns = (
        Tenure.id,
        Tenure.post_id,
        Tenure.possible_from,
        Tenure.possible_to,
        Person.id.label("person_id"),
        Person.name,
    )
    found: list[tuple[Any, Basis]]
    if year is not None:
        in_year = session.execute(
            select(*columns, TenureYear.basis)
            .join(Tenure, Tenure.id == TenureYear.tenure_id)
            .join(Person, Person.id == Tenure.person_id)
            .where(
                TenureYear.year == year,
                among(Tenure.post_id, posts),
                Tenure.scope == scope.value,
            )
        ).all()
        found = [(r, Basis(r.basis)) for r in in_year]
    else:
        rows = session.execute(
            select(*columns)
            .join(Person, Person.id == Tenure.person_id)
            .where(
                among(Tenure.post_id, posts),
                Tenure.scope == scope.value,
                and_(Tenure.possible_from <= last, Tenure.possible_to >= first),
            )
        ).all()
        rules = tenure_rules(session, [r.id for r in rows])
        found = [(r, b) for r in rows if (b := rules[r.id].basis(first, last)) is not None]
    strongest: dict[tuple[str, str], tuple[tuple[int, int], Any, Basis]] = {}
    for r, basis in found:
        rank = (BASIS_ORDER[basis], r.id)
        key = (r.post_id, r.person_id)
        if key not in strongest or rank < strongest[key][0]:
            strongest[key] = (rank, r, basis)
    seated: dict[str, list[SeatHolder]] = defaultdict(list)
    for _, r, basis in strongest.values():
        seated[r.post_id].append(
            SeatHolder(
                person=Ref(id=r.person_id, name=r.name),
                basis=basis,
                tenure=r.id,
                possible_from=r.possible_from,
                possible_to=r.possible_to,
            )
        )
    for holders in seated.values():
        holders.sort(key=lambda h: (BASIS_ORDER[h.basis], h.person.name, h.tenure))
    return seated


def _seat_note(
    single_holder: bool, holders: list[SeatHolder], silence: str | None, when: str
) -> str | None:
    """What a seat's holders leave unsaid: why it is empty, or that a one-holder post has
    several persons placed in it and the dates do not tell when one gave way to the other."""
    if not holders:
        return f"no holder for {when}: {silence}" if silence else f"no holder for {when}"
    if single_holder:
        rivals = sorted({h.person.name for h in holders for o in holders if _contend(h, o)})
        if rivals:
            return (
                f"{' and '.join(rivals)} may each have held this one-holder post on the same"
                f" days in {when}: the dates do not tell when one gave way to the other"
            )
    return None


def _contend(a: SeatHolder, b: SeatHolder) -> bool:
    """Two holders of a one-holder post whose possible days overlap by more than a handover."""
    lo, hi = max(a.possible_from, b.possible_from), min(a.possible_to, b.possible_to)
    return a.person.id != b.person.id and (hi - lo).days > 1


def vacancies(session: Session, first: int, last: int, scope: Scope = Scope.all) -> list[Vacancy]:
    """The seats of the leadership that no source (of the scope) fills, year by year: every
    one-holder and leadership post of a body that may have existed that year, with no holder
    stated, inferred or possible."""
    if first > last:
        raise BadQuestion(f"the first year ({first}) is after the last ({last})")
    out = []
    for year in range(first, last + 1):
        for body in leadership(session, year=year, scope=scope).bodies:
            out += [
                Vacancy(year=year, body=body.organisation, post=seat.post, note=seat.note or "")
                for seat in body.seats
                if not seat.holders
            ]
    return out
