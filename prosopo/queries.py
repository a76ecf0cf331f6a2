"""The questions prosopo answers, written once for the API, the CLI and the tests."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.sql.base import ExecutableOption

from prosopo.dates import FuzzyDate, year_bounds
from prosopo.locators import parse_locator
from prosopo.models import (
    ArchivalReference,
    Assertion,
    Citation,
    Event,
    FactionMembership,
    Organisation,
    Passage,
    Person,
    PersonName,
    Post,
    PostHolding,
    PurgeEvent,
    PurgeKind,
    Source,
)
from prosopo.periods import Certainty, date_certainty, holding_certainty
from prosopo.schemas import (
    Career,
    CitationOut,
    DateOut,
    DocumentOut,
    Holder,
    HoldingOut,
    MembershipOut,
    NameOut,
    PersonOut,
    PostRef,
    Purged,
    PurgeOut,
    Ref,
    YearCount,
)

SCHEME_ORDER = {
    s: i for i, s in enumerate(("source", "mr", "rr", "hangul", "hanja", "alias", "ocr"))
}


class NotFound(LookupError):
    """Something asked for by id is not in the database; the message says what."""


def _date(d: FuzzyDate | None) -> DateOut | None:
    return None if d is None else DateOut(text=d.text, earliest=d.earliest, latest=d.latest)


def reference(source: Source, locator: str) -> str:
    """A locator in words a reader can follow: 'Szalontai 2005, ch. 4, § 2, ¶ 8'."""
    where = parse_locator(locator, source.structure).describe()
    return f"{source.author.split()[-1]} {source.year}, {where}"


def _citations(citations: Sequence[Citation]) -> list[CitationOut]:
    return [
        CitationOut(
            source=c.source_id,
            locator=c.locator,
            reference=reference(c.source, c.locator),
            role=c.role,
        )
        for c in citations
    ]


def _post(post: Post) -> PostRef:
    return PostRef(id=post.id, title=post.title, organisation=Ref.model_validate(post.organisation))


def attach_documents(session: Session, citations: Iterable[CitationOut]) -> None:
    """Give each citation the archival documents its passage's endnotes (or the cited endnote
    itself) name; two queries for any number of citations."""
    wanted = list(citations)
    keys = {(c.source, c.locator) for c in wanted}
    if not keys:
        return
    cited = session.execute(
        select(Passage.source_id, Passage.locator, Passage.notes).where(
            tuple_(Passage.source_id, Passage.locator).in_(keys)
        )
    ).all()
    notes_of = {(r.source_id, r.locator): [r.locator, *r.notes] for r in cited}
    note_keys = {(source, note) for (source, _), notes in notes_of.items() for note in notes}
    documents: dict[tuple[str, str], list[DocumentOut]] = defaultdict(list)
    if note_keys:
        rows = session.execute(
            select(Passage.source_id, Passage.locator, ArchivalReference)
            .join(ArchivalReference, ArchivalReference.passage_id == Passage.id)
            .where(tuple_(Passage.source_id, Passage.locator).in_(note_keys))
            .order_by(Passage.id, ArchivalReference.position)
        ).all()
        for source_id, locator, ref in rows:
            documents[(source_id, locator)].append(DocumentOut.model_validate(ref))
    for c in wanted:
        c.documents = [
            d
            for note in notes_of.get((c.source, c.locator), [])
            for d in documents[(c.source, note)]
        ]


def _holding(h: PostHolding) -> HoldingOut:
    return HoldingOut(
        post=_post(h.post),
        start=_date(h.start),
        end=_date(h.end),
        during=_date(h.during),
        note=h.note,
        citations=_citations(h.citations),
        origin=h.origin,
    )


def _purge(p: PurgeEvent) -> PurgeOut:
    return PurgeOut(
        action=Ref(id=p.action.id, name=p.action.label),
        date=_date(p.date),
        event=Ref.model_validate(p.event) if p.event else None,
        post=_post(p.post) if p.post else None,
        note=p.note,
        citations=_citations(p.citations),
        origin=p.origin,
    )


_CITED = selectinload(Assertion.citations).joinedload(Citation.source)
_HOLDING = (_CITED, joinedload(PostHolding.post).joinedload(Post.organisation))
_PURGE = (
    _CITED,
    joinedload(PurgeEvent.action),
    joinedload(PurgeEvent.event),
    joinedload(PurgeEvent.post).joinedload(Post.organisation),
)


def get_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id!r}")
    return person


A = TypeVar("A", bound=Assertion)


def _about(session: Session, cls: type[A], person_id: str, *options: ExecutableOption) -> list[A]:
    """The assertions of one kind about one person, with what they refer to loaded."""
    stmt = select(cls).where(cls.person_id == person_id).options(*options)
    return list(session.scalars(stmt).unique())


def career(session: Session, person_id: str) -> Career:
    """A person's names, factions, posts and purges, each with its citations, in date order."""
    person = get_person(session, person_id)
    names = _about(session, PersonName, person_id, _CITED)
    memberships = _about(
        session, FactionMembership, person_id, _CITED, joinedload(FactionMembership.faction)
    )
    holdings = _about(session, PostHolding, person_id, *_HOLDING)
    purges = _about(session, PurgeEvent, person_id, *_PURGE)
    result = Career(
        person=PersonOut.model_validate(person),
        names=[
            NameOut(
                form=n.form,
                scheme=n.scheme,
                editorial=n.editorial,
                citations=_citations(n.citations),
            )
            for n in sorted(names, key=lambda n: (SCHEME_ORDER[n.scheme], n.id))
        ],
        factions=[
            MembershipOut(
                faction=Ref.model_validate(m.faction),
                label=m.label,
                start=_date(m.start),
                end=_date(m.end),
                note=m.note,
                citations=_citations(m.citations),
                origin=m.origin,
            )
            for m in memberships
        ],
        posts=[_holding(h) for h in sorted(holdings, key=_holding_order)],
        purges=[_purge(p) for p in sorted(purges, key=_purge_order)],
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


def _organisation_and_below(session: Session, organisation_id: str) -> set[str]:
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


def who_held(
    session: Session,
    year: int,
    post: str | None = None,
    organisation: str | None = None,
    certain_only: bool = False,
) -> list[Holder]:
    """Who held a post at some time in `year`, certainly or possibly, as the dates allow.

    `post` limits the answer to one post; `organisation` to the posts of an organisation and
    of the organisations inside it (`cabinet` takes in every ministry).
    """
    first, last = year_bounds(year)
    stmt = (
        select(PostHolding)
        .join(PostHolding.post)
        .where(or_(PostHolding.span_earliest.is_(None), PostHolding.span_earliest <= last))
        .where(or_(PostHolding.span_latest.is_(None), PostHolding.span_latest >= first))
        .options(*_HOLDING, joinedload(PostHolding.person))
    )
    if post is not None:
        if session.get(Post, post) is None:
            raise NotFound(f"no post with id {post!r}")
        stmt = stmt.where(PostHolding.post_id == post)
    if organisation is not None:
        stmt = stmt.where(Post.organisation_id.in_(_organisation_and_below(session, organisation)))
    out = []
    for h in session.scalars(stmt).unique():
        certainty = holding_certainty(h.start, h.end, h.during, year)
        if certainty is None or (certain_only and certainty is not Certainty.certain):
            continue
        out.append(
            Holder(person=Ref.model_validate(h.person), certainty=certainty, holding=_holding(h))
        )
    out.sort(key=lambda x: (x.holding.post.organisation.name, x.holding.post.title, x.person.name))
    attach_documents(session, [c for h in out for c in h.holding.citations])
    return out


def purges(
    session: Session,
    year: int | None = None,
    action: str | None = None,
    event: str | None = None,
    certain_only: bool = False,
) -> list[Purged]:
    """Purge events, optionally only those in `year`, of one kind, or at one event."""
    stmt = select(PurgeEvent).options(*_PURGE, joinedload(PurgeEvent.person))
    if year is not None:
        first, last = year_bounds(year)
        stmt = stmt.where(
            or_(PurgeEvent.date_earliest.is_(None), PurgeEvent.date_earliest <= last),
            or_(PurgeEvent.date_latest.is_(None), PurgeEvent.date_latest >= first),
        )
    if action is not None:
        if session.get(PurgeKind, action) is None:
            raise NotFound(f"no purge kind with id {action!r}")
        stmt = stmt.where(PurgeEvent.action_id == action)
    if event is not None:
        if session.get(Event, event) is None:
            raise NotFound(f"no event with id {event!r}")
        stmt = stmt.where(PurgeEvent.event_id == event)
    out = []
    for p in session.scalars(stmt).unique():
        certainty = Certainty.certain if year is None else date_certainty(p.date, year)
        if certainty is None or (certain_only and certainty is not Certainty.certain):
            continue
        out.append(
            Purged(person=Ref.model_validate(p.person), certainty=certainty, purge=_purge(p))
        )
    out.sort(key=lambda x: (str(x.purge.date.earliest if x.purge.date else ""), x.person.name))
    attach_documents(session, [c for p in out for c in p.purge.citations])
    return out


def purge_counts(
    session: Session, action: str | None = None, event: str | None = None
) -> list[YearCount]:
    """Purge events per year. A date within one year counts as certain for it; a date that
    spans several years counts as possible in each; open-ended dates are left out."""
    certain: Counter[int] = Counter()
    possible: Counter[int] = Counter()
    for item in purges(session, action=action, event=event):
        date = item.purge.date
        if date is None or date.earliest is None or date.latest is None:
            continue
        if date.earliest.year == date.latest.year:
            certain[date.earliest.year] += 1
        else:
            possible.update(range(date.earliest.year, date.latest.year + 1))
    return [
        YearCount(year=y, certain=certain[y], possible=possible[y])
        for y in sorted(set(certain) | set(possible))
    ]
