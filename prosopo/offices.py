"""Who held which post when, from the tenures built with the data: the holders of a year, the
leadership as of a year or a day, the succession in one post, and the factions in power.

The rule for years and days is :mod:`prosopo.tenures`; the year answers read the tables it
filled at build time (``tenure_years``), filtered and ordered in SQL, and build answer objects
only for the rows returned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from prosopo.among import among
from prosopo.answers import (
    PAGE,
    Page,
    attach_documents,
    citations_of,
    holdings_by_id,
    page_of,
    post_ref,
    purges_by_id,
)
from prosopo.errors import BadQuestion, NotFound
from prosopo.filters import HoldingsFilter, HoldingsQuery
from prosopo.models import (
    AssertionYear,
    Faction,
    FactionMembership,
    Organisation,
    Person,
    Post,
    PostHolding,
    PurgeEvent,
    Tenure,
    TenureEvidence,
    TenureYear,
    Term,
)
from prosopo.schemas import (
    Body,
    BodyYears,
    ClosureOut,
    EvidenceOut,
    FactionCount,
    FactionsInPower,
    FactionYear,
    Holder,
    Leadership,
    PostHolders,
    PostRef,
    Ref,
    Seat,
    SeatHolder,
    ServedWith,
    TenureOut,
    Vacancy,
    YearSpan,
)
from prosopo.scope import Scope
from prosopo.tenures import (
    BASIS_ORDER,
    CORPUS_YEARS,
    HORIZON_YEARS,
    Attestation,
    Basis,
    Closer,
    Moment,
    holding_attestation,
    removal_attestation,
    year_days,
    year_range,
)
from prosopo.tenures import Tenure as Rule

_EXPLAIN = {
    "stated-end": "the holding states its end",
    "removed": "removed from the post",
    "purge": "a purge that took the post away",
    "successor": "another person held this post, which has one holder at a time",
    "body-ended": "the body ceased to exist",
    "term-ended": "the term whose composition names it ended: the next one was elected",
}


def _evidence(session: Session, ids: Iterable[int]) -> dict[int, EvidenceOut]:
    """The holdings and purges with these ids, as evidence with their citations."""
    wanted = set(ids)
    out: dict[int, EvidenceOut] = {}
    if not wanted:
        return out
    for row, (person, h) in holdings_by_id(session, wanted).items():
        parts = [f"from {h.start.text}"] if h.start else []
        parts += [f"held {h.during.text}"] if h.during else []
        parts += [f"to {h.end.text}"] if h.end else []
        out[row] = EvidenceOut(
            assertion=h.id, kind="holding", person=person, summary=", ".join(parts), holding=h
        )
    for row, (person, p) in purges_by_id(session, wanted.difference(out)).items():
        out[row] = EvidenceOut(
            assertion=p.id,
            kind="purge",
            person=person,
            summary=f"{p.action.name} {p.date.text if p.date else ''}".strip(),
            purge=p,
        )
    attach_documents(session, [c for e in out.values() for c in e.citations])
    return out


def _links(session: Session, tenure_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(tenure, assertion) for the attestations of these tenures, in time order."""
    rows = session.execute(
        select(TenureEvidence.tenure_id, TenureEvidence.assertion_id)
        .where(among(TenureEvidence.tenure_id, tenure_ids))
        .order_by(TenureEvidence.tenure_id, TenureEvidence.position)
    )
    return [(t, a) for t, a in rows]


def _rules(
    session: Session, tenure_ids: Sequence[int], links: list[tuple[int, int]] | None = None
) -> dict[int, Rule]:
    """The rule's view of these tenures (their bounds and their attestations' dates), read
    column by column: what a basis for a day or the evidence of a year needs, no more."""
    if not tenure_ids:
        return {}
    if links is None:
        links = _links(session, tenure_ids)
    ids = {a for _, a in links}
    attestations = {
        h.id: holding_attestation(h)
        for h in session.execute(
            select(
                PostHolding.id,
                *[
                    getattr(PostHolding, f"{part}_{bound}")
                    for part in ("start", "during", "end")
                    for bound in ("text", "earliest", "latest")
                ],
            ).where(among(PostHolding.id, ids))
        )
    }
    attestations |= {
        p.id: removal_attestation(p)
        for p in session.execute(
            select(PurgeEvent.id, PurgeEvent.date_earliest, PurgeEvent.date_latest).where(
                among(PurgeEvent.id, ids)
            )
        )
    }
    attested: dict[int, list[Attestation]] = defaultdict(list)
    for tenure_id, assertion_id in links:
        attested[tenure_id].append(attestations[assertion_id])
    return {
        t.id: Rule(
            attestations=tuple(attested[t.id]),
            lower=t.possible_from,
            upper=t.possible_to,
            weakened=_weakener(t.certain_until, t.weakened_by_id),
        )
        for t in session.execute(
            select(
                Tenure.id,
                Tenure.possible_from,
                Tenure.possible_to,
                Tenure.certain_until,
                Tenure.weakened_by_id,
            ).where(among(Tenure.id, tenure_ids))
        )
    }


def _weakener(certain_until: dt.date | None, assertion: int | None) -> Closer | None:
    """The weakening purge as the rule needs it: from the day after `certain_until` on."""
    if certain_until is None:
        return None
    return Closer("weakened", Moment(certain_until + dt.timedelta(days=1), None), assertion)


def _named(session: Session, tenure_ids: Iterable[int]) -> Sequence[Any]:
    """These tenures, each with its holder's name, its post's title, and its body's id, name
    and end (`organisation_to`): one query."""
    return session.execute(
        select(
            Tenure,
            Person.name.label("person_name"),
            Post.title.label("post_title"),
            Post.organisation_id,
            Organisation.name.label("organisation_name"),
            Organisation.to_text.label("organisation_to"),
        )
        .join(Person, Person.id == Tenure.person_id)
        .join(Post, Post.id == Tenure.post_id)
        .join(Organisation, Organisation.id == Post.organisation_id)
        .where(among(Tenure.id, tenure_ids))
    ).all()


class _Loaded:
    """Tenures with their evidence and years, loaded together for one answer."""

    def __init__(self, session: Session, tenure_ids: Sequence[int]) -> None:
        self.rows: dict[int, Tenure] = {}
        self.out: dict[int, TenureOut] = {}
        self.links: list[tuple[int, int]] = []
        self.permanent: dict[int, str] = {}  # each evidence row's permanent id
        if not tenure_ids:
            return
        rows = {r.Tenure.id: r for r in _named(session, tenure_ids)}
        self.rows = {tenure_id: r.Tenure for tenure_id, r in rows.items()}
        self.links = _links(session, tenure_ids)
        attested: dict[int, list[int]] = defaultdict(list)
        for tenure_id, assertion_id in self.links:
            attested[tenure_id].append(assertion_id)
        years: dict[int, dict[Basis, list[int]]] = defaultdict(lambda: defaultdict(list))
        for tenure_id, year, basis in session.execute(
            select(TenureYear.tenure_id, TenureYear.year, TenureYear.basis).where(
                among(TenureYear.tenure_id, tenure_ids)
            )
        ):
            years[tenure_id][Basis(basis)].append(year)
        closers = [
            a
            for t in self.rows.values()
            for a in (t.closed_by_id, t.weakened_by_id)
            if a is not None
        ]
        evidence = _evidence(session, [a for ids in attested.values() for a in ids] + closers)
        self.permanent = {row: e.assertion for row, e in evidence.items()}
        for tenure_id, r in rows.items():
            t, by_basis = r.Tenure, years[tenure_id]
            body = Ref(id=r.organisation_id, name=r.organisation_name)
            self.out[tenure_id] = TenureOut(
                id=t.id,
                person=Ref(id=t.person_id, name=r.person_name),
                post=PostRef(id=t.post_id, title=r.post_title, organisation=body),
                possible_from=t.possible_from,
                possible_to=t.possible_to,
                inferred_from=t.inferred_from,
                inferred_to=t.inferred_to,
                stated=_spans(by_basis[Basis.stated]),
                inferred=_spans(by_basis[Basis.inferred]),
                possible=_spans(by_basis[Basis.possible]),
                closed=(closed := _closure(t, body, r.organisation_to, evidence)),
                bounds=_bounds(
                    closed.explanation if closed else None,
                    t.possible_to,
                    t.certain_until,
                    max(by_basis[Basis.possible], default=None),
                ),
                weakened=evidence.get(t.weakened_by_id) if t.weakened_by_id else None,
                evidence=[evidence[a] for a in attested[tenure_id]],
            )


def _bounds(
    ended: str | None, possible_to: dt.date, certain_until: dt.date | None, possible: int | None
) -> str:
    """What bounds the years a tenure is only possible in, in words: what ended it (`ended`,
    its closure's explanation), or else the horizon after its last attestation; and a purge
    naming no post, after which no year is certain (`possible` is its latest possible year).
    One sentence for the API, the CLI and the pages alike."""
    if ended is not None:
        said = f"it ended: {ended}"
    else:
        said = (
            f"nothing in the data ends it: it may have lasted until {possible_to.year}, no"
            f" more than {HORIZON_YEARS} years after its last attestation"
        )
    if certain_until is not None and possible is not None and possible > certain_until.year:
        said += (
            f"; no year after {certain_until.year} that no source states is more than"
            " possible: a purge that names no post may have ended it"
        )
    return said


def _spans(years: Iterable[int]) -> list[YearSpan]:
    return [YearSpan(first=a, last=b) for a, b in year_range(years)]


def _closure(
    t: Tenure, body: Ref, body_ended: str | None, evidence: dict[int, EvidenceOut]
) -> ClosureOut | None:
    """What ended a tenure, with its evidence; `body_ended` is the date its post's body
    ceased."""
    if t.closed_how is None:
        return None
    found = evidence.get(t.closed_by_id) if t.closed_by_id is not None else None
    term = found.holding if found and found.holding and found.holding.term else None
    explanation = _ended(
        t.closed_how,
        body.name,
        body_ended,
        term.term.name if term and term.term else None,
        (term.end.text if term.end else "?") if term else None,
    )
    return ClosureOut(how=t.closed_how, explanation=explanation, evidence=found)


def _ended(
    how: str, body: str, body_ended: str | None, term: str | None, term_end: str | None
) -> str:
    """What ended a tenure, in words: `term` and `term_end` are the term whose replacement
    closed it and when, where that is how."""
    if how == "body-ended":
        return f"{body} ceased to exist ({body_ended})"
    if how == "term-ended" and term is not None:
        return f"its term ended: the {term} was replaced ({term_end})"
    return _EXPLAIN[how]


def organisation_and_below(session: Session, organisation_id: str) -> set[str]:
    parents = {
        row.id: row.parent_id
        for row in session.execute(select(Organisation.id, Organisation.parent_id))
    }
    if organisation_id not in parents:
        raise NotFound(f"no organisation with id {organisation_id!r}")
    wanted = {organisation_id}
    grew = True
    while grew:
        below = {o for o, p in parents.items() if p in wanted} - wanted
        wanted |= below
        grew = bool(below)
    return wanted


def _check_post(session: Session, post: str) -> Post:
    found = session.get(Post, post)
    if found is None:
        raise NotFound(f"no post with id {post!r}")
    return found


def _held(session: Session, asked: HoldingsFilter) -> Select[int, str]:
    """(tenure, basis) of the holdings in the year that the filters keep, in the answer's order:
    one row for each person in each post, that of the tenure with the strongest basis (two
    tenures of one person in one post may both touch a year: a dismissal and a return, or two
    sources that date one appointment apart)."""
    keep = [TenureYear.year == asked.year, Tenure.scope == asked.scope.value]
    if asked.post is not None:
        _check_post(session, asked.post)
        keep.append(Tenure.post_id == asked.post)
    if asked.organisation is not None:
        bodies = organisation_and_below(session, asked.organisation)
        keep.append(Tenure.post_id.in_(select(Post.id).where(among(Post.organisation_id, bodies))))
    basis = asked.basis
    if not basis:  # the build marked the tenure that stands for each person in each post
        return (
            select(TenureYear.tenure_id, TenureYear.basis)
            .join(Tenure, Tenure.id == TenureYear.tenure_id)
            .where(*keep, TenureYear.best)
            .order_by(Tenure.ordinal, Tenure.id)  # by body, post and person name, then tenure
        )
    # a filter on basis: the strongest of the bases it keeps stands for the person
    rank = case(
        *((TenureYear.basis == b.value, order) for b, order in BASIS_ORDER.items()), else_=9
    )
    ranked = (
        select(
            TenureYear.tenure_id,
            TenureYear.basis,
            Tenure.ordinal,
            func.row_number()
            .over(
                partition_by=(Tenure.person_id, Tenure.post_id),
                order_by=(rank, TenureYear.tenure_id),
            )
            .label("rank"),
        )
        .join(Tenure, Tenure.id == TenureYear.tenure_id)
        .where(*keep, TenureYear.basis.in_([b.value for b in basis]))
        .subquery()
    )
    return (
        select(ranked.c.tenure_id, ranked.c.basis)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.ordinal, ranked.c.tenure_id)
    )


def who_held(session: Session, asked: HoldingsFilter) -> list[Holder]:
    """Who held which post in a year, each with the basis for that year and its evidence.

    `post` limits the answer to one post; `organisation` to the posts of an organisation and of
    the bodies inside it (`cabinet` takes in every ministry); `basis` to some bases (`stated`
    alone is the strict answer: only what a passage places in that year); `scope` to the
    tenures derived from some sources (the texts alone, the official record alone). Ordered by
    body, post and person.
    """
    rows = session.execute(_held(session, asked)).all()
    return _holders(session, asked.year, rows, asked.scope)


def _holders(session: Session, year: int, rows: Sequence[Any], scope: Scope) -> list[Holder]:
    """The answer's rows, from (tenure, basis) rows of `_held`: each tenure, its evidence and
    rivals read for all the rows at once."""
    ids = [r.tenure_id for r in rows]
    loaded = _Loaded(session, ids)
    rules = _rules(session, ids, loaded.links)
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
    rows = session.execute(
        select(Tenure.post_id, Person.id, Person.name, Tenure.possible_from, Tenure.possible_to)
        .join(TenureYear, TenureYear.tenure_id == Tenure.id)
        .join(Post, Post.id == Tenure.post_id)
        .join(Person, Person.id == Tenure.person_id)
        .where(
            TenureYear.year == year,
            Tenure.scope == scope.value,
            Post.single_holder.is_(True),
            among(Tenure.post_id, set(posts)),
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
    rows, total = page_of(session, _held(session, asked), asked.limit, asked.offset)
    return Page(
        rows=_holders(session, asked.year, rows, asked.scope),
        total=total,
        offset=asked.offset,
        limit=asked.limit,
    )


def _ordered(session: Session, where: ColumnElement[bool]) -> list[TenureOut]:
    """The tenures that match, in time order."""
    ids = session.scalars(
        select(Tenure.id)
        .where(where)
        # by the first day certainly held where there is one: a fuzzy open start reaching back
        # (a possible year) does not put a tenure before one its holder only followed
        .order_by(
            func.coalesce(Tenure.inferred_from, Tenure.possible_from),
            Tenure.possible_to,
            Tenure.post_id,
            Tenure.id,
        )
    ).all()
    loaded = _Loaded(session, ids)
    return [loaded.out[i] for i in ids]


def tenures_of_person(
    session: Session, person_id: str, scope: Scope = Scope.all
) -> list[TenureOut]:
    """A person's tenures in time order."""
    return _ordered(session, and_(Tenure.person_id == person_id, Tenure.scope == scope.value))


def service(session: Session, person_id: str | None = None) -> dict[tuple[str, int], set[str]]:
    """Who held a post in each body in each year, stated or inferred (a year only possible is
    no evidence of service): (organisation, year) -> persons. With `person_id`, only the bodies
    and years in which that person served."""
    served = (
        select(Tenure.person_id, Post.organisation_id, TenureYear.year)
        .join(TenureYear, TenureYear.tenure_id == Tenure.id)
        .join(Post, Post.id == Tenure.post_id)
        .where(
            TenureYear.basis.in_([Basis.stated.value, Basis.inferred.value]),
            Tenure.scope == Scope.all.value,
        )
    )
    if person_id is not None:
        own = served.where(Tenure.person_id == person_id).subquery()
        served = served.join(
            own, (own.c.organisation_id == Post.organisation_id) & (own.c.year == TenureYear.year)
        )
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for person, organisation, year in session.execute(served):
        found[(organisation, year)].add(person)
    return found


def served_with(session: Session, person_id: str) -> list[ServedWith]:
    """The persons who held a post in the same body as `person_id` in the same years, with the
    bodies and years, most years together first."""
    if session.get(Person, person_id) is None:
        raise NotFound(f"no person with id {person_id!r}")
    together: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (organisation, year), persons in service(session, person_id).items():
        for other in persons - {person_id}:
            together[other][organisation].append(year)
    refs = {
        p.id: Ref.model_validate(p)
        for p in session.scalars(select(Person).where(among(Person.id, together)))
    }
    bodies = {
        o.id: Ref.model_validate(o)
        for o in session.scalars(
            select(Organisation).where(
                among(Organisation.id, {b for t in together.values() for b in t})
            )
        )
    }
    rows = [
        ServedWith(
            person=refs[other],
            bodies=[
                BodyYears(organisation=bodies[b], years=_spans(years))
                # the first year together, then the body's name: no order left to the engine
                for b, years in sorted(
                    by_body.items(), key=lambda item: (min(item[1]), bodies[item[0]].name)
                )
            ],
        )
        for other, by_body in together.items()
    ]
    total = {other: sum(len(y) for y in by_body.values()) for other, by_body in together.items()}
    return sorted(rows, key=lambda r: (-total[r.person.id], r.person.name))


def holders(session: Session, post_id: str, scope: Scope = Scope.all) -> PostHolders:
    """The holders of one post over time, in order, with the gaps the data leave."""
    post = _check_post(session, post_id)
    tenures = _ordered(session, and_(Tenure.post_id == post_id, Tenure.scope == scope.value))
    held = {
        year
        for t in tenures
        for span in (*t.stated, *t.inferred)
        for year in range(span.first, span.last + 1)
    }
    gaps: list[YearSpan] = []
    if held:
        empty = set(range(min(held), max(held) + 1)) - held
        gaps = _spans(empty)
    return PostHolders(
        post=post_ref(post),
        single_holder=post.single_holder,
        scope=scope,
        tenures=tenures,
        gaps=gaps,
    )


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
    seat = (
        or_(Post.single_holder.is_(True), Post.leadership.is_(True)),
        # a post created after the period or abolished before it has no seat then
        or_(Post.from_earliest.is_(None), Post.from_earliest <= last),
        or_(Post.to_latest.is_(None), Post.to_latest >= first),
    )
    shown = _shown_bodies(session, seat, year, first, last, scope)
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
        offset + len(posts)
        if limit is None
        else session.scalar(select(func.count()).where(*seat, among(Post.organisation_id, shown)))
        or 0
    )
    seated = _seated(session, [p.id for p in posts], year, first, last, scope)
    when = str(year) if year is not None else str(date)
    silent = silences(session, [p.id for p in posts if not seated[p.id]], first, last, scope)
    bodies = _bodies(posts, seated, silent, when)
    answer = Leadership(year=year, date=date, scope=scope, bodies=bodies)
    return Page(rows=answer, total=total, offset=offset, limit=limit or len(posts))


def _shown_bodies(
    session: Session,
    seat: tuple[ColumnElement[bool], ...],
    year: int | None,
    first: dt.date,
    last: dt.date,
    scope: Scope,
) -> list[str]:
    """The bodies the leadership shows: those with a holder then, and the bodies of the same
    tree (the party, the cabinet) whose own dates and whose parents' do not rule them out."""
    filled = set(
        session.scalars(
            select(Post.organisation_id)
            .where(*seat, Post.id.in_(_held_posts(session, seat, year, first, last, scope)))
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
            and (t.live_from is None or t.live_from <= last)
            and (t.live_to is None or t.live_to >= first)
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


def _held_posts(
    session: Session,
    seat: tuple[ColumnElement[bool], ...],
    year: int | None,
    first: dt.date,
    last: dt.date,
    scope: Scope,
) -> Select[str] | list[str]:
    """The posts with a seat that someone held in `year` or on the days [first, last]. Within
    the years of the texts, a tenure whose possible days meet the period falls in it on some
    basis (the rule of `prosopo.tenures`); outside them only an attestation can state a day,
    so there the rule decides, tenure by tenure."""
    if year is not None:
        return (
            select(Tenure.post_id)
            .join(TenureYear, TenureYear.tenure_id == Tenure.id)
            .where(TenureYear.year == year, Tenure.scope == scope.value)
        )
    if CORPUS_YEARS[0] <= first.year and last.year <= CORPUS_YEARS[1]:
        return select(Tenure.post_id).where(
            Tenure.scope == scope.value, Tenure.possible_from <= last, Tenure.possible_to >= first
        )
    posts = session.scalars(select(Post.id).where(*seat)).all()
    return [
        p for p, holders in _seated(session, posts, None, first, last, scope).items() if holders
    ]


def _seated(
    session: Session,
    posts: Sequence[str],
    year: int | None,
    first: dt.date,
    last: dt.date,
    scope: Scope,
) -> dict[str, list[SeatHolder]]:
    """Each post's holders in `year` (from the year table) or on the days [first, last] (by
    the tenure rule), each person once: the tenure of the strongest basis stands for them. In
    the order of a seat: the strongest basis first, then by name."""
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
        rules = _rules(session, [r.id for r in rows])
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


def silences(
    session: Session, posts: Sequence[str], first: dt.date, last: dt.date, scope: Scope = Scope.all
) -> dict[str, str]:
    """Why each of these posts has no holder in [first, last], in words: no source names any
    holder of it; or its last holder is last named in a year (with the citation), and what
    bounds that tenure; or its first holder is named only later. The year pages, the CLI and
    the API give this one explanation."""
    if not posts:
        return {}
    rows = session.execute(
        select(Tenure.id, Tenure.post_id, Tenure.possible_from, Tenure.possible_to)
        .where(among(Tenure.post_id, posts), Tenure.scope == scope.value)
        .order_by(Tenure.possible_to, Tenure.id)
    ).all()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for r in rows:
        if r.possible_to < first:
            before[r.post_id] = r  # the latest comes last
        elif r.possible_from > last and (
            r.post_id not in after or r.possible_from < after[r.post_id].possible_from
        ):
            after[r.post_id] = r
    last_holder = _last_holders(session, [r.id for r in before.values()])
    whose = (
        " in the texts"
        if scope is Scope.texts
        else " in the record"
        if scope is Scope.record
        else ""
    )
    absent = _absent(session, posts, first, last)
    out: dict[str, str] = {}
    for post_id in posts:
        said = [absent[post_id]] if post_id in absent else []
        if post_id in before:
            name, named, ref, bounds = last_holder[before[post_id].id]
            said.append(
                f"its last holder{whose}, {name}, is last named in it in {named} ({ref}); {bounds}"
            )
        if post_id in after:
            said.append(f"the next holder is named only from {after[post_id].possible_from.year}")
        if not said:
            said.append(f"no source{whose} names any holder of this post")
        out[post_id] = "; ".join(said)
    return out


def _last_holders(
    session: Session, tenure_ids: Sequence[int]
) -> dict[int, tuple[str, int, str, str]]:
    """For each of these tenures: its holder's name, the last year a source names or implies
    (else the first possible), the reference of its last attestation's first citation, and what
    bounds it, in words. A few aggregate queries, however many tenures (an empty seat's words)."""
    if not tenure_ids:
        return {}
    wanted = set(tenure_ids)
    named = case(
        (TenureYear.basis.in_([Basis.stated.value, Basis.inferred.value]), TenureYear.year)
    )
    years = {
        r.tenure_id: (r.named, r.possible)
        for r in session.execute(
            select(
                TenureYear.tenure_id,
                func.max(named).label("named"),
                func.max(case((TenureYear.basis == Basis.possible.value, TenureYear.year))).label(
                    "possible"
                ),
            )
            .where(among(TenureYear.tenure_id, wanted))
            .group_by(TenureYear.tenure_id)
        )
    }
    latest = (
        select(TenureEvidence.tenure_id, func.max(TenureEvidence.position).label("position"))
        .where(among(TenureEvidence.tenure_id, wanted))
        .group_by(TenureEvidence.tenure_id)
        .subquery()
    )
    last_attested: dict[int, int] = dict(
        session.execute(
            select(TenureEvidence.tenure_id, TenureEvidence.assertion_id).join(
                latest,
                and_(
                    latest.c.tenure_id == TenureEvidence.tenure_id,
                    latest.c.position == TenureEvidence.position,
                ),
            )
        ).all()
    )
    cited = citations_of(session, last_attested.values())
    rows = _named(session, wanted)
    terms = {
        r.id: (r.name, r.end_text or "?")
        for r in session.execute(
            select(PostHolding.id, Term.name, PostHolding.end_text)
            .join(Term, Term.id == PostHolding.term_id)
            .where(among(PostHolding.id, {r.Tenure.closed_by_id for r in rows} - {None}))
        )
    }
    out = {}
    for r in rows:
        t = r.Tenure
        last_named, latest_possible = years.get(t.id, (None, None))
        citations = cited.get(last_attested.get(t.id, -1), [])
        term, term_end = terms.get(t.closed_by_id, (None, None)) if t.closed_by_id else (None, None)
        ended = (
            _ended(t.closed_how, r.organisation_name, r.organisation_to, term, term_end)
            if t.closed_how
            else None
        )
        out[t.id] = (
            r.person_name,
            last_named if last_named is not None else t.possible_from.year,
            citations[0].reference if citations else "",
            _bounds(ended, t.possible_to, t.certain_until, latest_possible),
        )
    return out


def _absent(
    session: Session, posts: Sequence[str], first: dt.date, last: dt.date
) -> dict[str, str]:
    """The posts among `posts` that did not exist in [first, last], or whose body did not: in
    words, with the dates the vocabulary gives it."""
    out = {}
    body = aliased(Organisation)
    dates = ("from_text", "from_earliest", "to_text", "to_latest")
    for r in session.execute(
        select(
            Post.id,
            *[getattr(Post, d) for d in dates],
            body.name,
            *[getattr(body, d).label(f"body_{d}") for d in dates],
        )
        .join(body, body.id == Post.organisation_id)
        .where(among(Post.id, posts))
    ):
        for what, prefix in (("the post", ""), (r.name, "body_")):
            since, begun, until, ended = (getattr(r, prefix + d) for d in dates)
            if (begun and begun > last) or (ended and ended < first):
                when = f"{since or '?'} to {until}" if until else f"from {since}"
                out[r.id] = f"{what} did not exist then ({when})"
                break
    return out


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
