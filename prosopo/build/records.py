"""The entries of the data files under data/, as pydantic models.

These check each entry on its own (fields, types, dates, citation syntax); references between
entries (a holding's post, a purge's event) are checked by :mod:`prosopo.build.load`, which
knows all the files at once.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar, dataclass_transform

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.dataclasses import dataclass

from prosopo.bodies import OrganisationKind
from prosopo.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    DateError,
    FuzzyDate,
    certainly_after,
    outside_years,
    parse_date,
)
from prosopo.locators import split_citation
from prosopo.scope import TEXT_KINDS, SourceKind

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# an assertion's permanent id (see prosopo.build.keys), pinned in the data when it must not move
AssertionId = Annotated[
    str,
    StringConstraints(
        pattern=r"^[a-z0-9][a-z0-9\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff:.\-]*$", max_length=300
    ),
]


def _date_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f'date {value!r} must be written in quotes, e.g. "1956-08"')
    try:
        parsed = parse_date(value)
    except DateError as error:
        raise ValueError(str(error)) from None
    if outside_years(parsed):
        raise ValueError(f"date {value!r} lies outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return value.strip()


def _citation(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"citation {value!r} must be a string SOURCE:LOCATOR")
    split_citation(value)
    return value.strip()


DateText = Annotated[str, BeforeValidator(_date_text)]
Cite = Annotated[str, BeforeValidator(_citation)]
Cites = Annotated[list[Cite], Field(min_length=1)]


# Every record is a frozen, slotted pydantic dataclass, validated as it is read: at 100x the
# data a dataset holds about 170,000 of them with their names and citations, and a model
# with a __dict__ and a set of the fields given took four times the memory and the time.
_RECORD = ConfigDict(extra="forbid", populate_by_name=True)
_Record = TypeVar("_Record")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field,))
def record(cls: type[_Record]) -> type[_Record]:
    """Make `cls` a record of a data file: what every record is, said once."""
    made: type[_Record] = dataclass(config=_RECORD, frozen=True, slots=True, kw_only=True)(cls)  # type: ignore[assignment]
    return made


@record
class SourceRecord:
    """A source: one of the texts read in full from its file (a monograph or an article), or a
    page of the official record (a reference work or a document) read where it is published."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
    kind: SourceKind
    title: Text
    author: Text | None = None
    year: int | None = None
    structure: Literal["chapters", "paragraphs", "sections"]
    container: Text | None = None
    publisher: Text | None = None
    place: Text | None = None
    # a text: its file in the sources folder and the edition's checksum
    file: Text | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    # a page: where it is published, the day it was read and the version read
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    read: DateText | None = None
    version: Text | None = None
    # the works the page names as its own sources
    relies_on: list[Text] = Field(default_factory=list)
    # the sections, tables and boxes of the page its citations name first (Members, Lead, ...)
    sections: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fields_of_kind(self) -> SourceRecord:
        if self.kind in TEXT_KINDS:
            missing = [f for f in ("author", "year", "file", "sha256") if not getattr(self, f)]
            if missing:
                raise ValueError(f"a {self.kind} needs {', '.join(missing)}")
            if self.structure == "sections":
                raise ValueError(f"a {self.kind} is cited by chapters or paragraphs")
            if self.url or self.sections:
                raise ValueError(f"a {self.kind} is read from its file: no url or sections")
        else:
            missing = [f for f in ("url", "read", "publisher") if not getattr(self, f)]
            if not self.sections:
                missing.append("sections")
            if missing:
                raise ValueError(f"a {self.kind} needs {', '.join(missing)}")
            if self.structure != "sections":
                raise ValueError(f"a {self.kind} is cited by sections (structure: sections)")
            if self.file or self.sha256:
                raise ValueError(f"a {self.kind} is read where it is published: no file")
        return self


@record
class FactionRecord:
    id: Id
    name: Text
    description: Text
    labels: list[Text] = Field(default_factory=list)


@record
class OrganisationRecord:
    id: Id
    name: Text
    kind: OrganisationKind
    parent: Id | None = None
    succeeds: Id | None = None  # the body this one replaced (the line of the party's top body)
    labels: list[Text] = Field(default_factory=list)
    from_: DateText | None = Field(default=None, alias="from")
    to: DateText | None = None
    cite: list[Cite] = Field(default_factory=list)
    note: Text | None = None


@record
class PostRecord:
    id: Id
    title: Text
    organisation: Id
    labels: list[Text] = Field(default_factory=list)
    single_holder: bool = False  # one holder at a time: a successor ends the holding before
    leadership: bool = False  # listed in the leadership of a year though it has several holders
    # when the post itself was created and abolished, where that differs from its body's dates
    from_: DateText | None = Field(default=None, alias="from")
    to: DateText | None = None
    cite: list[Cite] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ordered(self) -> PostRecord:
        _check_span(self.from_, self.to)
        return self


@record
class TermRecord:
    """One term of a body: elected at a date (by an event), replaced by the next term at a
    date. A holding recorded from the term's composition runs from its election to its
    replacement unless the source gives other dates."""

    id: Id
    body: Id
    name: Text
    from_: DateText = Field(alias="from")
    to: DateText | None = None
    elected_at: Id | None = None  # the event that elected it
    cite: Cites
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> TermRecord:
        _check_span(self.from_, self.to)
        return self


def _ends(value: Any) -> Any:
    if value == "all" or isinstance(value, list):
        return value
    raise ValueError(f"{value!r} is neither `all` nor a list of organisation ids")


@record
class PurgeKindRecord:
    id: Id
    label: Text
    description: Text
    # the posts a purge of this kind takes away besides the one it names: `all`, or the posts
    # of these organisations and the bodies inside them
    ends: Annotated[Literal["all"] | list[Id], BeforeValidator(_ends)] = Field(default_factory=list)
    # a purge of this kind naming no post leaves every post its person held no more than
    # possible after it (docs/data.md, "What a purge ends")
    weakens: bool = False


@record
class EventKindRecord:
    id: Id
    label: Text


@record
class NameRecord:
    form: Text
    scheme: Literal["source", "mr", "rr", "hangul", "hanja", "alias", "ocr"]
    editorial: bool = False
    cite: list[Cite] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cited_or_editorial(self) -> NameRecord:
        if self.editorial and self.cite:
            raise ValueError(f"name {self.form!r} is marked editorial but also cited: choose one")
        if not self.editorial and not self.cite:
            raise ValueError(f"name {self.form!r} needs a citation, or 'editorial: true'")
        if self.scheme in ("source", "ocr") and self.editorial:
            raise ValueError(f"a {self.scheme} form ({self.form!r}) must be cited, not editorial")
        return self


@record
class PersonRecord:
    id: Id
    name: Text
    summary: Text | None = None
    names: Annotated[list[NameRecord], Field(min_length=1)]


@record
class EventRecord:
    id: Id
    kind: Id
    name: Text
    date: DateText
    cite: Cites
    note: Text | None = None


def _check_span(start: str | None, end: str | None) -> None:
    if start and end and certainly_after(parse_date(start), parse_date(end)):
        raise ValueError(f"start {start!r} is after end {end!r}")


@record
class MembershipRecord:
    id: AssertionId | None = None
    person: Id
    faction: Id
    label: Text
    start: DateText | None = None
    end: DateText | None = None
    cite: Cites
    # passages that date or frame it without naming the person
    context: list[Cite] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> MembershipRecord:
        _check_span(self.start, self.end)
        return self


@record
class HoldingRecord:
    id: AssertionId | None = None
    person: Id
    post: Id
    term: Id | None = None  # the term whose composition names it: its dates by default
    start: DateText | None = None
    end: DateText | None = None
    during: DateText | None = None
    cite: Cites
    # passages that date or frame it without naming the person
    context: list[Cite] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _dated(self) -> HoldingRecord:
        if not (self.start or self.end or self.during or self.term):
            raise ValueError("a holding needs at least one of start, end, during, term")
        _check_span(self.start, self.end)
        return self


@record
class PurgeRecord:
    id: AssertionId | None = None
    person: Id
    action: Id
    date: DateText | None = None
    event: Id | None = None
    post: Id | None = None
    cite: Cites
    # passages that date or frame it without naming the person
    context: list[Cite] = Field(default_factory=list)
    note: Text | None = None

    @model_validator(mode="after")
    def _dated(self) -> PurgeRecord:
        if not (self.date or self.event):
            raise ValueError("a purge needs a date or an event")
        return self


@record
class ExcludedRecord:
    """A Korean name in the texts deliberately left out of the data, and why."""

    name: Text
    reason: Text
    cite: list[Cite] = Field(default_factory=list)


@record
class SideRecord:
    """One side of a disagreement: an assertion and what it says, in our words."""

    assertion: AssertionId
    reading: Text


@record
class DisagreementRecord:
    """Passages that disagree about one fact of one person's life: a date, a post, a fate or a
    faction. Each side is an assertion of the data, named by its permanent id."""

    id: Id
    person: Id
    about: Literal["date", "post", "fate", "faction"]
    question: Text
    sides: Annotated[list[SideRecord], Field(min_length=2)]
    note: Text | None = None

    @model_validator(mode="after")
    def _distinct(self) -> DisagreementRecord:
        named = [s.assertion for s in self.sides]
        if len(set(named)) != len(named):
            raise ValueError("a disagreement names one assertion on two sides")
        return self


@record
class IdentificationRecord:
    """How a name on a page was matched to a person where the match was not certain: filed under
    an existing person (`linked`), given a person of its own (`kept-apart`), or left unused
    (`not-used`), and why."""

    name: Text
    cite: Cites
    person: Id
    decision: Literal["linked", "kept-apart", "not-used"]
    reason: Text


@record
class ConflictRecord:
    """The curator's explanation of a candidate conflict that is no disagreement (see
    prosopo.build.conflicts): the candidate's key, as `prosopo conflicts` prints it, and why."""

    key: Annotated[
        str, StringConstraints(pattern=r"^(start|end|after-purge|two-holders)\|\S+\|\S+$")
    ]
    explanation: Text


@record
class AssertionFile:
    memberships: list[MembershipRecord] = Field(default_factory=list)
    holdings: list[HoldingRecord] = Field(default_factory=list)
    purges: list[PurgeRecord] = Field(default_factory=list)


def fuzzy(text: str | None) -> FuzzyDate | None:
    """The parsed form of a date field that validation has already accepted."""
    return None if text is None else parse_date(text)
