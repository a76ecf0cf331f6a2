"""Who held which post in a year: the year list, filtered and ordered in SQL from the year
table the build filled (``tenure_years``), with answer objects made only for the rows returned,
a page at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from prosopo.among import among
from prosopo.answers import Order, Page, page_of
from prosopo.filters import HoldingsFilter, HoldingsQuery
from prosopo.models import Person, Post, Tenure, TenureYear
from prosopo.schemas import Holder, Ref, TenureOut
from prosopo.scope import Scope
from prosopo.tenured import Loaded, check_post, organisation_and_below
from prosopo.tenures import Basis, without, year_days

# a statement and the order of its rows, apart: a page keeps and counts the rows, then orders them
Held = tuple[Select[int, str], Order]


def _held(session: Session, asked: HoldingsFilter) -> Held:
    """(tenure, basis) of the holdings in the year that the filters keep, and the answer's order:
    one row for each person in each post, that of the tenure that stands first among those of
    the bases asked for: the strongest basis, then the lowest id (two tenures of one person in
    one post may both touch a year: a dismissal and a return, or two sources that date one
    appointment apart). The build wrote, on each year row, the bases of the tenures before it."""
    keep = [TenureYear.year == asked.year, TenureYear.scope == asked.scope.value]
    bases = set(asked.basis or Basis)
    if bases == set(Basis):
        keep.append(TenureYear.outranked == 0)
    else:
        # no tenure of those bases before it: a few values of `outranked`, read from its index
        keep += [
            TenureYear.outranked.in_(without(bases)),
            TenureYear.basis.in_([b.value for b in bases]),
        ]
    if asked.organisation is not None:
        bodies = organisation_and_below(session, asked.organisation)
        keep.append(among(TenureYear.organisation_id, bodies))
    if asked.post is not None:
        check_post(session, asked.post)
        keep.append(TenureYear.post_id == asked.post)
    held = select(TenureYear.tenure_id, TenureYear.basis).where(*keep)
    # by body, post and person name, then tenure: the order of the year's indexes
    return held, (TenureYear.ordinal, TenureYear.tenure_id)


def who_held(session: Session, asked: HoldingsFilter) -> list[Holder]:
    """Who held which post in a year, each with the basis for that year and its evidence.

    `post` limits the answer to one post; `organisation` to the posts of an organisation and of
    the bodies inside it (`cabinet` takes in every ministry); `basis` to some bases (`stated`
    alone is the strict answer: only what a passage places in that year); `scope` to the
    tenures derived from some sources (the texts alone, the official record alone). Ordered by
    body, post and person.
    """
    held, order = _held(session, asked)
    rows = session.execute(held.order_by(*order)).all()
    return _holders(session, asked.year, rows, asked.scope)


def _holders(session: Session, year: int, rows: Sequence[Any], scope: Scope) -> list[Holder]:
    """The answer's rows, from (tenure, basis) rows of `_held`: each tenure, its evidence and
    rivals read for all the rows at once."""
    ids = [r.tenure_id for r in rows]
    loaded = Loaded(session, ids)
    rules = loaded.rules()
    first, last = year_days(year)
    rivals = _rivals(session, year, [loaded.out[i].post.id for i in ids], scope)

    def competing(t: TenureOut) -> list[Ref]:
        """The others in this one-holder post whose possible days overlap this tenure's."""
        return [
            person
            for person, lo, hi in rivals.get(t.post.id, [])
            if person.id != t.person.id
            and (min(hi, t.possible_to) - max(lo, t.possible_from)).days > 1
        ]

    return [
        Holder(
            year=year,
            basis=Basis(r.basis),
            person=loaded.out[r.tenure_id].person,
            post=loaded.out[r.tenure_id].post,
            because=[loaded.permanent[a] for a in rules[r.tenure_id].evidence(first, last)],
            competing=competing(loaded.out[r.tenure_id]),
            tenure=loaded.out[r.tenure_id],
        )
        for r in rows
    ]


def _rivals(
    session: Session, year: int, posts: Iterable[str], scope: Scope
) -> dict[str, list[tuple[Ref, dt.date, dt.date]]]:
    """For the posts with one holder at a time among `posts`: everyone the data place in each
    in `year`, with the days their tenure may cover (one query)."""
    # the one-holder posts as a subquery of the page's posts: joined to `posts` instead,
    # PostgreSQL hashed all 10,500 one-holder posts at 100x for a page's 100 (4 ms)
    single = select(Post.id).where(among(Post.id, set(posts)), Post.single_holder.is_(True))
    rows = session.execute(
        select(Tenure.post_id, Person.id, Person.name, Tenure.possible_from, Tenure.possible_to)
        .join(TenureYear, TenureYear.tenure_id == Tenure.id)
        .join(Person, Person.id == Tenure.person_id)
        .where(
            TenureYear.year == year,
            Tenure.scope == scope.value,
            Tenure.post_id.in_(single),
        )
        .distinct()
        .order_by(Tenure.post_id, Person.name)
    ).all()
    found: dict[str, list[tuple[Ref, dt.date, dt.date]]] = defaultdict(list)
    for post_id, person_id, name, lo, hi in rows:
        found[post_id].append((Ref(id=person_id, name=name), lo, hi))
    return found


def who_held_page(session: Session, asked: HoldingsQuery) -> Page[list[Holder]]:
    """One page of `who_held`, with the number of rows in all: its time grows with the page,
    not with the whole answer."""
    rows, total = page_of(session, *_held(session, asked), asked.limit, asked.offset, indexed=True)
    return Page(
        rows=_holders(session, asked.year, rows, asked.scope),
        total=total,
        offset=asked.offset,
        limit=asked.limit,
    )
