"""What queries return: pydantic models shared by the API (as JSON) and the CLI."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from prosopo.periods import Certainty


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DateOut(Schema):
    """A fuzzy date: the text as the data file gives it and the days it can mean."""

    text: str
    earliest: dt.date | None
    latest: dt.date | None


class DocumentOut(Schema):
    """An archival document an endnote cites, in its parts."""

    issuer: str
    document_type: str
    date_text: str
    date: str | None
    series: str | None
    year: str | None
    box: str | None
    folder: str | None
    file_number: str | None


class CitationOut(Schema):
    source: str
    locator: str
    reference: str  # the locator in words, e.g. "Szalontai 2005, ch. 4, § 2, ¶ 8"
    role: str  # "states" (says it of the person) or "context" (dates or frames it)
    # the archival documents named by the cited endnote, or by the endnotes of the cited
    # paragraph: the primary sources behind the statement
    documents: list[DocumentOut] = []


class Ref(Schema):
    """A short reference to a vocabulary entry, person or event."""

    id: str
    name: str


class NameOut(Schema):
    form: str
    scheme: str
    editorial: bool
    citations: list[CitationOut]


class PersonOut(Schema):
    id: str
    name: str
    summary: str | None


class MembershipOut(Schema):
    faction: Ref
    label: str
    start: DateOut | None
    end: DateOut | None
    note: str | None
    citations: list[CitationOut]
    origin: str


class PostRef(Schema):
    id: str
    title: str
    organisation: Ref


class HoldingOut(Schema):
    post: PostRef
    start: DateOut | None
    end: DateOut | None
    during: DateOut | None
    note: str | None
    citations: list[CitationOut]
    origin: str


class PurgeOut(Schema):
    action: Ref
    date: DateOut | None
    event: Ref | None
    post: PostRef | None
    note: str | None
    citations: list[CitationOut]
    origin: str


class Career(Schema):
    """Everything the data says about one person, each item with its citations."""

    person: PersonOut
    names: list[NameOut]
    factions: list[MembershipOut]
    posts: list[HoldingOut]
    purges: list[PurgeOut]


class Holder(Schema):
    """A person who held a post at some time in the year asked about."""

    person: Ref
    certainty: Certainty
    holding: HoldingOut


class Purged(Schema):
    """A purge event that happened in the year asked about."""

    person: Ref
    certainty: Certainty
    purge: PurgeOut


class YearCount(Schema):
    """How many purge events fall in a year: `certain` ones are dated within it, `possible`
    ones have a date that spans it and other years."""

    year: int
    certain: int
    possible: int


class Problem(Schema):
    """The one shape of every API error."""

    status: int
    error: str


class SourceOut(Schema):
    """A source text's bibliographic record and what the database holds of it."""

    id: str
    author: str
    title: str
    year: int
    kind: str
    container: str | None
    publisher: str | None
    place: str | None
    file_name: str
    sha256: str
    locators: str  # how this source's locators read
    passages: int
    has_text: bool  # whether this database was built with the text present


class NoteOut(Schema):
    locator: str
    reference: str
    text: str | None
    documents: list[DocumentOut]


class PassageOut(Schema):
    """A paragraph or endnote: its place, its text when the database has it, the endnotes it
    cites with the archival documents they name, and the persons it mentions."""

    source: str
    locator: str
    reference: str
    kind: str
    section_title: str | None
    line: int
    text: str | None
    notes: list[NoteOut]
    documents: list[DocumentOut]
    mentions: list[Ref]


class SearchHit(Schema):
    source: str
    locator: str
    reference: str
    snippet: str


class MentionOut(Schema):
    """A passage where a person is named, with the form printed there."""

    source: str
    locator: str
    reference: str
    form: str
    count: int
    text: str | None


class IndexEntry(Schema):
    """One line of the back-of-book index: a person and the passages naming them."""

    person: Ref
    locators: dict[str, list[str]]  # source id -> locators in reading order


class Candidate(Schema):
    """A person a name may mean: the form that matched, how it matched, and a score (0–100).
    `how` is exact, normalised, variant (another spelling of the surname), romanized (a hangul
    query spelled out), prefix (for autocomplete) or fuzzy; a fuzzy match scores lowest."""

    person: PersonOut
    form: str
    scheme: str
    how: str
    score: float


class Resolution(Schema):
    """The answer to "who is this name?": one person when the name is unambiguous, otherwise
    `person` is null and `candidates` lists everyone it may mean, best first."""

    query: str
    resolved: bool
    person: PersonOut | None
    candidates: list[Candidate]
