"""The relational model: SQLAlchemy 2 typed classes, mirrored by the Alembic migrations.

Everything a source says about a person is an *assertion* (a factoid): a name form, a faction
membership, a post holding or a purge event. Assertions share one table for what all of them
have (person, citations, where in data/ they were written) and keep their own fields in a table
of their own (joined-table inheritance). Fuzzy dates are stored as three columns: the EDTF text
as written and the earliest and latest day it can mean.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from prosopo.bodies import OrganisationKind
from prosopo.dates import FuzzyDate

# Stable constraint names, so that migrations can refer to them on every engine.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Fuzzy:
    """A fuzzy date read from its three columns, `PREFIX_text`, `PREFIX_earliest` and
    `PREFIX_latest` (None when there is no text): one definition for every date of the schema,
    declared beside its columns and their `_bounds_ordered` check."""

    def __init__(self, prefix: str) -> None:
        self.columns = (f"{prefix}_text", f"{prefix}_earliest", f"{prefix}_latest")

    @overload
    def __get__(self, row: None, owner: type[Any]) -> Fuzzy: ...

    @overload
    def __get__(self, row: object, owner: type[Any] | None = None) -> FuzzyDate | None: ...

    def __get__(self, row: object, owner: type[Any] | None = None) -> Fuzzy | FuzzyDate | None:
        if row is None:
            return self
        text, earliest, latest = (getattr(row, c) for c in self.columns)
        return None if text is None else FuzzyDate(text, earliest, latest)


def _bounds_ordered(prefix: str) -> CheckConstraint:
    return CheckConstraint(
        f"{prefix}_earliest IS NULL OR {prefix}_latest IS NULL"
        f" OR {prefix}_earliest <= {prefix}_latest",
        name=f"{prefix}_bounds_ordered",
    )


class Source(Base):
    """A source: a text read in full from its file, or a page of the official record (a
    reference work or a document) read where it is published (prosopo.scope)."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    author: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # "chapters" or "paragraphs" (the texts), "sections" (a page: section, then row)
    structure: Mapped[str] = mapped_column(String(16))
    container: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    read_on: Mapped[str | None] = mapped_column(String(64))  # the day the page was read
    version: Mapped[str | None] = mapped_column(Text)  # the revision or copy read
    relies_on: Mapped[list[str]] = mapped_column(default=list)  # the works it names as sources
    sections: Mapped[list[str]] = mapped_column(default=list)

    __table_args__ = (
        CheckConstraint(
            "structure IN ('chapters', 'paragraphs', 'sections')", name="structure_known"
        ),
        CheckConstraint(
            "kind IN ('monograph', 'article', 'reference', 'document')", name="kind_known"
        ),
    )


class Faction(Base):
    __tablename__ = "factions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    labels: Mapped[list[str]]


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # the body this one replaced, e.g. the Standing Committee the Political Committee (1956)
    succeeds_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    labels: Mapped[list[str]]
    from_text: Mapped[str | None] = mapped_column(String(64))
    from_earliest: Mapped[dt.date | None] = mapped_column(Date)
    from_latest: Mapped[dt.date | None] = mapped_column(Date)
    to_text: Mapped[str | None] = mapped_column(String(64))
    to_earliest: Mapped[dt.date | None] = mapped_column(Date)
    to_latest: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # written by the build (prosopo/build/rows.py) so that the leadership is selected in SQL: the
    # body at the root of its tree, and the days left to it by its own dates and those of every
    # body it lies in (NULL: open)
    root_id: Mapped[str | None] = mapped_column(String(100))
    live_from: Mapped[dt.date | None] = mapped_column(Date)
    live_to: Mapped[dt.date | None] = mapped_column(Date)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    citations: Mapped[list[Citation]] = relationship(
        back_populates="organisation", order_by="Citation.id"
    )

    __table_args__ = (
        CheckConstraint(
            f"kind IN ({', '.join(repr(k.value) for k in OrganisationKind)})", name="kind_known"
        ),
        _bounds_ordered("from"),
        _bounds_ordered("to"),
    )


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    labels: Mapped[list[str]]
    single_holder: Mapped[bool] = mapped_column(default=False)
    leadership: Mapped[bool] = mapped_column(default=False)
    # its rank in the order of the leadership's seats (prosopo/build/rows.py): its body's place in
    # the tree (party first, each body before those inside it), then one-holder posts first,
    # then by title and id
    ordinal: Mapped[int] = mapped_column(Integer, server_default="0", index=True)
    # when the post itself was created and abolished, where that differs from its body's dates
    from_text: Mapped[str | None] = mapped_column(String(64))
    from_earliest: Mapped[dt.date | None] = mapped_column(Date)
    from_latest: Mapped[dt.date | None] = mapped_column(Date)
    to_text: Mapped[str | None] = mapped_column(String(64))
    to_earliest: Mapped[dt.date | None] = mapped_column(Date)
    to_latest: Mapped[dt.date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship()
    citations: Mapped[list[Citation]] = relationship(back_populates="post", order_by="Citation.id")

    __table_args__ = (_bounds_ordered("from"), _bounds_ordered("to"))


class Term(Base):
    """One term of a body (the 2nd Cabinet, the 3rd Central Committee): elected at a date,
    replaced by the next term at a date. A holding recorded from its composition runs from
    the election to the replacement unless its source gives other dates."""

    __tablename__ = "terms"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    from_text: Mapped[str] = mapped_column(String(64))
    from_earliest: Mapped[dt.date | None] = mapped_column(Date)
    from_latest: Mapped[dt.date | None] = mapped_column(Date)
    to_text: Mapped[str | None] = mapped_column(String(64))
    to_earliest: Mapped[dt.date | None] = mapped_column(Date)
    to_latest: Mapped[dt.date | None] = mapped_column(Date)
    elected_at_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"))
    note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship()
    elected_at: Mapped[Event | None] = relationship()
    citations: Mapped[list[Citation]] = relationship(back_populates="term", order_by="Citation.id")

    __table_args__ = (_bounds_ordered("from"), _bounds_ordered("to"))

    start = Fuzzy("from")
    end = Fuzzy("to")


class PurgeKind(Base):
    __tablename__ = "purge_kinds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # the posts it takes away besides the one a purge names: ["all"] or organisation ids
    ends: Mapped[list[str]]
    # a purge of this kind that names no post may have ended any post its person held: after it
    # no year of theirs is more than possible (a demotion, a removal from an unnamed post)
    weakens: Mapped[bool] = mapped_column(default=False)


class EventKind(Base):
    __tablename__ = "event_kinds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    label: Mapped[str] = mapped_column(String(200))


class Person(Base):
    __tablename__ = "persons"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)

    assertions: Mapped[list[Assertion]] = relationship(back_populates="person")


class Event(Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind_id: Mapped[str] = mapped_column(ForeignKey("event_kinds.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    date_text: Mapped[str] = mapped_column(String(64))
    date_earliest: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_latest: Mapped[dt.date | None] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(300))

    kind: Mapped[EventKind] = relationship()
    citations: Mapped[list[Citation]] = relationship(back_populates="event", order_by="Citation.id")

    __table_args__ = (_bounds_ordered("date"),)

    date = Fuzzy("date")


Days = tuple[dt.date | None, dt.date | None]  # the first and last day something may cover


class Assertion(Base):
    """What one or more cited passages say about one person."""

    __tablename__ = "assertions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # the id other tools keep, which never changes (prosopo.build.keys); `id` is this build's row
    permanent_id: Mapped[str] = mapped_column(String(300), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(300))  # data file and line it was written on

    person: Mapped[Person] = relationship(back_populates="assertions")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="assertion", order_by="Citation.id"
    )

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "assertion"}

    @property
    def days(self) -> Days | None:
        """The days the assertion may cover, as its dates allow (an open end: None); None when
        it has no date at all. Each dated kind says which of its dates bound it."""
        return None


def _days(first: dt.date | None, last: dt.date | None) -> Days | None:
    return None if (first, last) == (None, None) else (first, last)


class PersonName(Assertion):
    __tablename__ = "person_names"

    id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    form: Mapped[str] = mapped_column(String(200))
    scheme: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200), index=True)
    editorial: Mapped[bool]

    __mapper_args__ = {"polymorphic_identity": "name"}
    __table_args__ = (
        CheckConstraint(
            "scheme IN ('source', 'mr', 'rr', 'hangul', 'hanja', 'alias', 'ocr')",
            name="scheme_known",
        ),
    )


class FactionMembership(Assertion):
    __tablename__ = "faction_memberships"

    id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    faction_id: Mapped[str] = mapped_column(ForeignKey("factions.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))  # the text's own word for the faction
    start_text: Mapped[str | None] = mapped_column(String(64))
    start_earliest: Mapped[dt.date | None] = mapped_column(Date)
    start_latest: Mapped[dt.date | None] = mapped_column(Date)
    end_text: Mapped[str | None] = mapped_column(String(64))
    end_earliest: Mapped[dt.date | None] = mapped_column(Date)
    end_latest: Mapped[dt.date | None] = mapped_column(Date)

    faction: Mapped[Faction] = relationship()

    __mapper_args__ = {"polymorphic_identity": "membership"}
    __table_args__ = (
        _bounds_ordered("start"),
        _bounds_ordered("end"),
        CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name="start_not_after_end",
        ),
    )

    start = Fuzzy("start")
    end = Fuzzy("end")

    @property
    def days(self) -> Days | None:
        return _days(self.start_earliest, self.end_latest)


class PostHolding(Assertion):
    __tablename__ = "post_holdings"

    id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), index=True)
    # the term whose composition names the holding; where the holding gives no start or end
    # of its own, the term's election and replacement are its start and end
    term_id: Mapped[str | None] = mapped_column(ForeignKey("terms.id"), index=True)
    start_from_term: Mapped[bool] = mapped_column(default=False)
    end_from_term: Mapped[bool] = mapped_column(default=False)
    start_text: Mapped[str | None] = mapped_column(String(64))
    start_earliest: Mapped[dt.date | None] = mapped_column(Date)
    start_latest: Mapped[dt.date | None] = mapped_column(Date)
    end_text: Mapped[str | None] = mapped_column(String(64))
    end_earliest: Mapped[dt.date | None] = mapped_column(Date)
    end_latest: Mapped[dt.date | None] = mapped_column(Date)
    during_text: Mapped[str | None] = mapped_column(String(64))
    during_earliest: Mapped[dt.date | None] = mapped_column(Date)
    during_latest: Mapped[dt.date | None] = mapped_column(Date)
    # The days this holding on its own may cover (prosopo.tenures.alone), derived at build
    # time; the year queries read the tenures instead.
    span_earliest: Mapped[dt.date | None] = mapped_column(Date)
    span_latest: Mapped[dt.date | None] = mapped_column(Date)

    post: Mapped[Post] = relationship()
    term: Mapped[Term | None] = relationship()

    __mapper_args__ = {"polymorphic_identity": "holding"}
    __table_args__ = (
        _bounds_ordered("start"),
        _bounds_ordered("end"),
        _bounds_ordered("during"),
        CheckConstraint(
            "start_earliest IS NULL OR end_latest IS NULL OR start_earliest <= end_latest",
            name="start_not_after_end",
        ),
        CheckConstraint(
            "start_text IS NOT NULL OR end_text IS NOT NULL OR during_text IS NOT NULL",
            name="dated",
        ),
        _bounds_ordered("span"),
        Index("ix_post_holdings_span", "span_earliest", "span_latest"),
    )

    start = Fuzzy("start")
    end = Fuzzy("end")
    during = Fuzzy("during")

    @property
    def days(self) -> Days | None:
        return _days(self.span_earliest, self.span_latest)


class PurgeEvent(Assertion):
    __tablename__ = "purge_events"

    id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("purge_kinds.id"), index=True)
    date_text: Mapped[str | None] = mapped_column(String(64))
    date_earliest: Mapped[dt.date | None] = mapped_column(Date)
    date_latest: Mapped[dt.date | None] = mapped_column(Date)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    post_id: Mapped[str | None] = mapped_column(ForeignKey("posts.id"), index=True)

    action: Mapped[PurgeKind] = relationship()
    event: Mapped[Event | None] = relationship()
    post: Mapped[Post | None] = relationship()

    __mapper_args__ = {"polymorphic_identity": "purge"}
    __table_args__ = (
        _bounds_ordered("date"),
        Index("ix_purge_events_dates", "date_earliest", "date_latest"),
    )

    date = Fuzzy("date")

    @property
    def days(self) -> Days | None:
        return _days(self.date_earliest, self.date_latest)


class Citation(Base):
    """A source and a locator in it, supporting an assertion, an event or an organisation."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    locator: Mapped[str] = mapped_column(String(200))
    # "states": the passage says it of the person; "context": it dates or frames the assertion
    # without naming the person (e.g. the paragraph giving the date of a plenum)
    role: Mapped[str] = mapped_column(String(16), default="states")
    assertion_id: Mapped[int | None] = mapped_column(
        ForeignKey("assertions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    post_id: Mapped[str | None] = mapped_column(ForeignKey("posts.id"), index=True)
    term_id: Mapped[str | None] = mapped_column(ForeignKey("terms.id"), index=True)
    # the passage the locator names, when it names one paragraph or note (not a whole section)
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("passages.id"), index=True)

    source: Mapped[Source] = relationship()
    passage: Mapped[Passage | None] = relationship()
    assertion: Mapped[Assertion | None] = relationship(back_populates="citations")
    event: Mapped[Event | None] = relationship(back_populates="citations")
    organisation: Mapped[Organisation | None] = relationship(back_populates="citations")
    post: Mapped[Post | None] = relationship(back_populates="citations")
    term: Mapped[Term | None] = relationship(back_populates="citations")

    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN assertion_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN event_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN post_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN term_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
        CheckConstraint("role IN ('states', 'context')", name="role_known"),
    )


class Passage(Base):
    """A paragraph or endnote of a source. Its text is there only in a database built with the
    source texts present (they are copyrighted and never in the repository); its locator always."""

    __tablename__ = "passages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    locator: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    line: Mapped[int]
    section_title: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[list[str]]  # the endnote locators a paragraph cites
    text: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()
    mentions: Mapped[list[Mention]] = relationship(back_populates="passage")
    references: Mapped[list[ArchivalReference]] = relationship(
        back_populates="passage", order_by="ArchivalReference.position"
    )

    __table_args__ = (
        UniqueConstraint("source_id", "locator", name="uq_passages_source_locator"),
        CheckConstraint("kind IN ('paragraph', 'note')", name="kind_known"),
    )


class Mention(Base):
    """A person named in a passage, through one of the forms of their name."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id"), index=True)
    form: Mapped[str] = mapped_column(String(200))  # as printed in the passage
    count: Mapped[int]

    person: Mapped[Person] = relationship()
    passage: Mapped[Passage] = relationship(back_populates="mentions")


class ArchivalReference(Base):
    """An archival document cited in an endnote, parsed into its parts."""

    __tablename__ = "archival_references"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id"), index=True)
    position: Mapped[int]  # order within the note, from 1
    issuer: Mapped[str] = mapped_column(String(300))
    document_type: Mapped[str] = mapped_column(String(100))
    date_text: Mapped[str] = mapped_column(String(64))
    date: Mapped[str | None] = mapped_column(String(10))  # ISO, to the precision given
    series: Mapped[str | None] = mapped_column(String(32))
    year: Mapped[str | None] = mapped_column(String(8))
    box: Mapped[str | None] = mapped_column(String(16))
    folder: Mapped[str | None] = mapped_column(String(32))
    file_number: Mapped[str | None] = mapped_column(String(64))

    passage: Mapped[Passage] = relationship(back_populates="references")


# --- Derived at build time from the assertions (prosopo.build.derive); never edited by hand ---


class Tenure(Base):
    """One person in one post over a stretch reconstructed from its attestations: every day it
    may have covered lies in [possible_from, possible_to]; it certainly covered
    [inferred_from, inferred_to] (null when its attestations do not bracket a stretch)."""

    __tablename__ = "tenures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # the sources the tenure was derived from (prosopo.scope): every scope has its own tenures
    scope: Mapped[str] = mapped_column(String(8), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), index=True)
    possible_from: Mapped[dt.date] = mapped_column(Date)
    possible_to: Mapped[dt.date] = mapped_column(Date)
    inferred_from: Mapped[dt.date | None] = mapped_column(Date)
    inferred_to: Mapped[dt.date | None] = mapped_column(Date)
    # how it ended: stated-end, removed (a purge naming the post), purge, successor, body-ended,
    # term-ended (its term's composition gave its dates and the next term was elected);
    # null when nothing in the data ends it (it is then bounded by the horizon)
    closed_how: Mapped[str | None] = mapped_column(String(16))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("assertions.id"))
    # a purge that may have ended it without saying so (prosopo.tenures), and the last day an
    # inferred year may reach because of it
    weakened_by_id: Mapped[int | None] = mapped_column(ForeignKey("assertions.id"))
    certain_until: Mapped[dt.date | None] = mapped_column(Date)
    # its rank by body, post and person name (equal names share one; prosopo.build.derive): the
    # order of a year list, with the id after it, so that no question sorts by three names
    ordinal: Mapped[int] = mapped_column(Integer, server_default="0")

    person: Mapped[Person] = relationship()
    post: Mapped[Post] = relationship()
    closed_by: Mapped[Assertion | None] = relationship(foreign_keys=[closed_by_id])
    evidence: Mapped[list[TenureEvidence]] = relationship(
        back_populates="tenure", order_by="TenureEvidence.position"
    )

    __table_args__ = (
        CheckConstraint("possible_from <= possible_to", name="possible_ordered"),
        CheckConstraint("scope IN ('all', 'texts', 'record')", name="scope_known"),
        CheckConstraint(
            "closed_how IS NULL OR closed_how IN"
            " ('stated-end', 'removed', 'purge', 'successor', 'body-ended', 'term-ended')",
            name="closed_how_known",
        ),
    )


class TenureEvidence(Base):
    """An assertion attesting a tenure (a holding, or a removal from the post)."""

    __tablename__ = "tenure_evidence"

    tenure_id: Mapped[int] = mapped_column(ForeignKey("tenures.id"), primary_key=True)
    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    position: Mapped[int]  # time order within the tenure, from 1

    tenure: Mapped[Tenure] = relationship(back_populates="evidence")
    assertion: Mapped[Assertion] = relationship()


_BASIS_KNOWN = "basis IN ('stated', 'inferred', 'possible')"


_YEAR_LIST, _IN_ORDER = ("year", "scope"), ("ordinal", "tenure_id")


class TenureYear(Base):
    """A year a tenure may fall in, with its basis: what the year queries read."""

    __tablename__ = "tenure_years"

    tenure_id: Mapped[int] = mapped_column(ForeignKey("tenures.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    basis: Mapped[str] = mapped_column(String(8))
    # the bases (prosopo.tenures.BASIS_BIT) of the other tenures of its person in its post (of
    # its scope) that stand before it in this year: of a stronger basis, or of the same and a
    # lower id (prosopo.build.derive). 0: it stands for its person in the post; asked for some
    # bases only, it stands if it is of one and no tenure before it is.
    outranked: Mapped[int] = mapped_column(Integer, server_default="0")
    # the tenure's scope, rank and post and its post's body, copied: a year list of a scope (of
    # some bodies, of one post) is then one index in its order, and the posts held in a year
    # (the leadership) are read from it too, without joining the year's rows to their tenures
    scope: Mapped[str] = mapped_column(String(8), server_default="all")
    ordinal: Mapped[int] = mapped_column(Integer, server_default="0")
    organisation_id: Mapped[str] = mapped_column(String(100), server_default="")
    post_id: Mapped[str] = mapped_column(String(100), server_default="")

    __table_args__ = (
        CheckConstraint(_BASIS_KNOWN, name="basis_known"),
        # the rows a year list reads, in its order, with all it reads of them
        Index(
            "ix_tenure_years_list",
            *_YEAR_LIST,
            "outranked",
            *_IN_ORDER,
            "basis",
            "organisation_id",
            "post_id",
        ),
    )


class Disagreement(Base):
    """Passages that disagree about one fact of one person's life (a date, a post, a fate or a
    faction), marked by a curator: the sides are assertions kept side by side, none preferred."""

    __tablename__ = "disagreements"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id"), index=True)
    about: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(300))

    person: Mapped[Person] = relationship()
    sides: Mapped[list[DisagreementSide]] = relationship(order_by="DisagreementSide.position")

    __table_args__ = (
        CheckConstraint("about IN ('date', 'post', 'fate', 'faction')", name="about_known"),
    )


class DisagreementSide(Base):
    """One side of a disagreement: an assertion and what it says, in our words."""

    __tablename__ = "disagreement_sides"

    disagreement_id: Mapped[str] = mapped_column(ForeignKey("disagreements.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), index=True)
    reading: Mapped[str] = mapped_column(Text)

    assertion: Mapped[Assertion] = relationship()


class AssertionScope(Base):
    """A scope (prosopo.scope) an assertion belongs to: one of the sources stating it is of the
    scope's kinds."""

    __tablename__ = "assertion_scopes"

    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    scope: Mapped[str] = mapped_column(String(8), primary_key=True)

    __table_args__ = (
        CheckConstraint("scope IN ('all', 'texts', 'record')", name="scope_known"),
        Index("ix_assertion_scopes_scope", "scope", "assertion_id"),
    )


class AssertionYear(Base):
    """A year one assertion on its own may fall in (a holding, a dated membership, a purge),
    with its basis: what the purge lists and counts read."""

    __tablename__ = "assertion_years"

    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    basis: Mapped[str] = mapped_column(String(8))

    __table_args__ = (
        CheckConstraint(_BASIS_KNOWN, name="basis_known"),
        Index("ix_assertion_years_year", "year", "basis"),
    )


class Build(Base):
    """When this database was built: the creation date an interchange format asks of every
    record (IPIF's `createdWhen`)."""

    __tablename__ = "builds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
