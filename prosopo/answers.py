"""Turning loaded rows into answer objects: the pieces every query's answer shares (citations
with their archival documents, dates, posts, holdings, purges), written once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from prosopo.dates import FuzzyDate
from prosopo.locators import parse_locator
from prosopo.models import (
    ArchivalReference,
    Assertion,
    Citation,
    FactionMembership,
    Passage,
    PersonName,
    Post,
    PostHolding,
    PurgeEvent,
    Source,
)
from prosopo.schemas import (
    CitationOut,
    DateOut,
    DocumentOut,
    HoldingOut,
    MembershipOut,
    NameOut,
    PostRef,
    PurgeOut,
    Ref,
)
from prosopo.scope import SourceKind

T = TypeVar("T")

PAGE = 100  # rows of a year list sent when no `limit` is asked for (the real data: at most 75)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of an ordered answer: `rows` from `offset` on, of `total` in all."""

    rows: list[T]
    total: int
    offset: int
    limit: int


def date_out(d: FuzzyDate | None) -> DateOut | None:
    return None if d is None else DateOut(text=d.text, earliest=d.earliest, latest=d.latest)


def reference(source: Source, locator: str) -> str:
    """A locator in words a reader can follow: 'Szalontai 2005, ch. 4, § 2, ¶ 8', or for a page
    of the official record '“1st Cabinet of North Korea”, Wikipedia (English), Members ›
    Premier of the Cabinet'."""
    where = parse_locator(locator, source.structure).describe()
    if source.structure == "sections":
        return f"“{source.title}”, {source.publisher}, {where}"
    return f"{(source.author or '').split()[-1]} {source.year}, {where}"


def citations_out(citations: Sequence[Citation]) -> list[CitationOut]:
    return [
        CitationOut(
            source=c.source_id,
            source_kind=SourceKind(c.source.kind),
            locator=c.locator,
            reference=reference(c.source, c.locator),
            url=c.source.url,
            role=c.role,
        )
        for c in citations
    ]


def name_out(n: PersonName) -> NameOut:
    return NameOut(
        id=n.permanent_id,
        form=n.form,
        scheme=n.scheme,
        editorial=n.editorial,
        citations=citations_out(n.citations),
    )


def membership_out(m: FactionMembership) -> MembershipOut:
    """A faction membership with the text's own word for the faction, and its citations."""
    return MembershipOut(
        id=m.permanent_id,
        faction=Ref.model_validate(m.faction),
        label=m.label,
        start=date_out(m.start),
        end=date_out(m.end),
        note=m.note,
        citations=citations_out(m.citations),
        origin=m.origin,
    )


def post_ref(post: Post) -> PostRef:
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


def holding_out(h: PostHolding) -> HoldingOut:
    return HoldingOut(
        id=h.permanent_id,
        post=post_ref(h.post),
        start=date_out(h.start),
        end=date_out(h.end),
        during=date_out(h.during),
        term=Ref(id=h.term.id, name=h.term.name) if h.term else None,
        start_from_term=h.start_from_term,
        end_from_term=h.end_from_term,
        note=h.note,
        citations=citations_out(h.citations),
        origin=h.origin,
    )


def purge_out(p: PurgeEvent) -> PurgeOut:
    return PurgeOut(
        id=p.permanent_id,
        action=Ref(id=p.action.id, name=p.action.label),
        date=date_out(p.date),
        event=Ref.model_validate(p.event) if p.event else None,
        post=post_ref(p.post) if p.post else None,
        note=p.note,
        citations=citations_out(p.citations),
        origin=p.origin,
    )


# What an answer needs loaded with each kind of assertion.
CITED = selectinload(Assertion.citations).joinedload(Citation.source)
HOLDING = (
    CITED,
    joinedload(PostHolding.post).joinedload(Post.organisation),
    joinedload(PostHolding.term),
)
PURGE = (
    CITED,
    joinedload(PurgeEvent.action),
    joinedload(PurgeEvent.event),
    joinedload(PurgeEvent.post).joinedload(Post.organisation),
)
