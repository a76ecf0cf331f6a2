"""Questions about the sources themselves: their passages, full-text search, where each person
is mentioned, and the back-of-book index."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session, selectinload

from prosopo.answers import reference
from prosopo.budget import within
from prosopo.errors import BadQuestion, Conflict, NotFound, PastLimit
from prosopo.locators import LocatorError
from prosopo.models import ArchivalReference, Mention, Passage, Person, Source
from prosopo.schemas import (
    CitedDocument,
    DocumentOut,
    IndexEntry,
    MentionOut,
    NoteOut,
    PassageOut,
    Ref,
    SearchHit,
    SourceOut,
)
from prosopo.scope import SourceKind

LOCATOR_FORMS = {
    "chapters": "chapter.section.paragraph (4.2.8), or chapter.nN for an endnote (4.n23)",
    "paragraphs": "paragraph number (12), or nN for a footnote (n5)",
    "sections": "section/row as the page prints them (Members/Premier of the Cabinet), or"
    " section/¶N for a paragraph",
}


MAX_WORDS = 32  # words of one search: every one must match, so more narrow nothing a reader needs


class NoText(Conflict):
    """The database was built without the source texts, so it has no passage text to search."""


def _source_out(session: Session, source: Source) -> SourceOut:
    count, with_text = session.execute(
        select(func.count(Passage.id), func.count(Passage.text)).where(
            Passage.source_id == source.id
        )
    ).one()
    return SourceOut(
        id=source.id,
        author=source.author,
        title=source.title,
        year=source.year,
        kind=SourceKind(source.kind),
        container=source.container,
        publisher=source.publisher,
        place=source.place,
        file_name=source.file_name,
        sha256=source.sha256,
        url=source.url,
        read_on=source.read_on,
        version=source.version,
        relies_on=source.relies_on,
        sections=source.sections,
        locators=LOCATOR_FORMS[source.structure],
        passages=count,
        has_text=with_text > 0,
    )


def list_sources(session: Session) -> list[SourceOut]:
    return [_source_out(session, s) for s in session.scalars(select(Source).order_by(Source.id))]


def get_source(session: Session, source_id: str) -> SourceOut:
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no source with id {source_id!r}")
    return _source_out(session, source)


def _documents(references: list[ArchivalReference]) -> list[DocumentOut]:
    return [DocumentOut.model_validate(r) for r in references]


def passage_texts(
    session: Session, places: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """The text of each of these (source, locator) passages that the database holds: none when
    it was built without the texts, and none for a locator naming a whole section."""
    wanted = sorted(set(places))
    if not wanted:
        return {}
    rows = session.execute(
        select(Passage.source_id, Passage.locator, Passage.text).where(
            tuple_(Passage.source_id, Passage.locator).in_(wanted), Passage.text.is_not(None)
        )
    )
    return {(source, locator): text for source, locator, text in rows if text is not None}


def archival_documents(session: Session) -> list[CitedDocument]:
    """Every archival document the sources' endnotes cite, by issuer and date, each with the
    note that cites it."""
    sources = {s.id: s for s in session.scalars(select(Source))}
    rows = session.execute(
        select(ArchivalReference, Passage.source_id, Passage.locator)
        .join(Passage, Passage.id == ArchivalReference.passage_id)
        .order_by(
            ArchivalReference.issuer,
            ArchivalReference.date.nulls_first(),
            Passage.source_id,
            Passage.line,
            ArchivalReference.position,  # two documents of one issuer and date in one note
        )
    )
    return [
        CitedDocument(
            document=DocumentOut.model_validate(r),
            source=source,
            locator=locator,
            reference=reference(sources[source], locator),
        )
        for r, source, locator in rows
    ]


def get_passage(session: Session, source_id: str, locator: str) -> PassageOut:
    """One passage with its endnotes, the archival documents they cite, and who it mentions."""
    source = session.get(Source, source_id)
    if source is None:
        raise NotFound(f"no source with id {source_id!r}")
    try:
        where = reference(source, locator)
    except LocatorError as bad:  # not a locator at all: a bad question, not a missing passage
        raise BadQuestion(
            f"{bad}; {source_id} locators are {LOCATOR_FORMS[source.structure]}"
        ) from None
    passage = session.scalars(
        select(Passage)
        .where(Passage.source_id == source_id, Passage.locator == locator)
        .options(
            selectinload(Passage.references),
            selectinload(Passage.mentions).joinedload(Mention.person),
        )
    ).first()
    if passage is None:
        raise NotFound(f"{source_id} has no passage {locator} ({where})")
    notes = session.scalars(
        select(Passage)
        .where(Passage.source_id == source_id, Passage.locator.in_(passage.notes))
        .options(selectinload(Passage.references))
    ).all()
    order = {loc: i for i, loc in enumerate(passage.notes)}
    return PassageOut(
        source=source_id,
        locator=locator,
        reference=where,
        kind=passage.kind,
        section_title=passage.section_title,
        line=passage.line,
        text=passage.text,
        notes=[
            NoteOut(
                locator=n.locator,
                reference=reference(source, n.locator),
                text=n.text,
                documents=_documents(n.references),
            )
            for n in sorted(notes, key=lambda n: order[n.locator])
        ],
        documents=_documents(passage.references),
        mentions=sorted(
            {
                m.person.id: Ref(id=m.person.id, name=m.person.name) for m in passage.mentions
            }.values(),
            key=lambda r: r.name,
        ),
    )


def _person_named(session: Session, words: str) -> str | None:
    """The one person the whole query names, in any spelling the name index knows."""
    from prosopo.resolve import resolve_person  # resolve needs this module's neighbours

    try:
        found = resolve_person(session, words)
    except NotFound:
        return None
    return found.person.id if found.resolved and found.person else None


def _mentioning(session: Session, person: str, source: str | None, limit: int) -> list[SearchHit]:
    """The passages that name `person` in whatever form they print, most mentions first, the
    printed form marked in the snippet."""
    stmt = (
        select(Passage, Mention.form)
        .join(Mention, Mention.passage_id == Passage.id)
        .where(Mention.person_id == person, Passage.text.is_not(None))
        .options(selectinload(Passage.source))
        .order_by(Mention.count.desc(), Passage.id)
        .limit(limit)
    )
    if source is not None:
        stmt = stmt.where(Passage.source_id == source)
    hits = []
    for passage, form in session.execute(stmt):
        assert passage.text is not None
        at = max(passage.text.find(form), 0)
        start, end = max(at - 80, 0), min(at + len(form) + 80, len(passage.text))
        snippet = (
            ("…" if start else "")
            + passage.text[start:at]
            + f"[{form}]"
            + passage.text[at + len(form) : end]
            + ("…" if end < len(passage.text) else "")
        )
        hits.append(
            SearchHit(
                source=passage.source_id,
                locator=passage.locator,
                reference=reference(passage.source, passage.locator),
                snippet=" ".join(snippet.split()),
            )
        )
    return hits


def _words(query: str) -> list[str]:
    """The words of a query, as both engines take them: all required, no operators."""
    return re.findall(r"\w+", query)


def _fts5_query(words: str) -> str:
    """The user's words as an FTS5 query that cannot be a syntax error: each word quoted."""
    return " ".join(f'"{w}"' for w in _words(words))


def search(
    session: Session, words: str, source: str | None = None, limit: int = 20
) -> list[SearchHit]:
    """Passages containing all of `words`, best first, each with a snippet. A query that is
    the name of one person, in any spelling ("Choe Chang-ik"), finds the passages naming him in
    whatever form they print."""
    if source is not None and session.get(Source, source) is None:
        raise NotFound(f"no source with id {source!r}")
    if session.scalar(select(func.count(Passage.text))) == 0:
        raise NoText(
            "this database holds no passage text: build it with PROSOPO_SOURCES pointing at the"
            " source texts to search them"
        )
    if not re.search(r"\w", words):
        return []
    if len(_words(words)) > MAX_WORDS:
        raise PastLimit(
            f"a search takes at most {MAX_WORDS} words, and this one has {len(_words(words))}:"
            " every word must be in a passage, so a few distinctive ones find it"
        )
    named = _person_named(session, words)
    if named is not None:
        return _mentioning(session, named, source, limit)
    only = "" if source is None else " AND source_id = :source"
    if session.get_bind().dialect.name == "postgresql":
        # the same words as FTS5 gets, all required, no operators, no stemming
        statement = text(
            "SELECT id, ts_headline('simple', text, query, 'MaxWords=30, MinWords=12,"
            " StartSel=[, StopSel=]') AS snippet FROM passages,"
            " plainto_tsquery('simple', :words) AS query"
            f" WHERE search_vector @@ query{only}"
            " ORDER BY ts_rank(search_vector, query) DESC, id LIMIT :limit"
        )
        params = {"words": " ".join(_words(words)), "source": source, "limit": limit}
    else:
        statement = text(
            "SELECT passages.id, snippet(passages_fts, 0, '[', ']', '…', 16) AS snippet"
            " FROM passages_fts JOIN passages ON passages.id = passages_fts.rowid"
            f" WHERE passages_fts MATCH :words{only}"
            " ORDER BY rank, passages.id LIMIT :limit"
        )
        params = {"words": _fts5_query(words), "source": source, "limit": limit}
    with within(session, what="the search"):
        rows = session.execute(statement, params).all()
    passages = {
        p.id: p
        for p in session.scalars(
            select(Passage)
            .where(Passage.id.in_([r.id for r in rows]))
            .options(selectinload(Passage.source))
        )
    }
    return [
        SearchHit(
            source=passages[r.id].source_id,
            locator=passages[r.id].locator,
            reference=reference(passages[r.id].source, passages[r.id].locator),
            snippet=" ".join(r.snippet.split()),
        )
        for r in rows
    ]


def _reading_order(locator: str) -> tuple[int, tuple[int, ...]]:
    is_note = "n" in locator
    return (int(is_note), tuple(int(x) for x in re.findall(r"\d+", locator)))


def mentions(session: Session, person_id: str) -> list[MentionOut]:
    """Every passage that names a person, in reading order, with the form printed there."""
    if session.get(Person, person_id) is None:
        raise NotFound(f"no person with id {person_id!r}")
    rows = session.scalars(
        select(Mention)
        .where(Mention.person_id == person_id)
        .options(selectinload(Mention.passage).selectinload(Passage.source))
    ).all()
    out = [
        MentionOut(
            source=m.passage.source_id,
            locator=m.passage.locator,
            reference=reference(m.passage.source, m.passage.locator),
            form=m.form,
            count=m.count,
            text=m.passage.text,
        )
        for m in rows
    ]
    out.sort(key=lambda m: (m.source, _reading_order(m.locator), m.form))
    return out


def back_of_book_index(session: Session, person: str | None = None) -> list[IndexEntry]:
    """Persons in alphabetical order, each with the passages that name them, by source."""
    stmt = (
        select(Person.id, Person.name, Passage.source_id, Passage.locator)
        .join(Mention, Mention.person_id == Person.id)
        .join(Passage, Passage.id == Mention.passage_id)
    )
    if person is not None:
        stmt = stmt.where(Person.id == person)
    grouped: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for person_id, name, source_id, locator in session.execute(stmt):
        grouped[(name, person_id)][source_id].add(locator)
    return [
        IndexEntry(
            person=Ref(id=person_id, name=name),
            locators={s: sorted(locs, key=_reading_order) for s, locs in sorted(by_source.items())},
        )
        for (name, person_id), by_source in sorted(grouped.items())
    ]
