"""What queries return: pydantic models shared by the API (as JSON) and the CLI."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from prosopo.scope import Scope, SourceKind
from prosopo.tenures import Basis


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


class CitedDocument(Schema):
    """An archival document and the endnote that cites it."""

    document: DocumentOut
    source: str
    locator: str
    reference: str


class CitationOut(Schema):
    source: str
    # monograph or article (the texts), reference or document (the official record)
    source_kind: SourceKind
    locator: str
    # the locator in words, e.g. "Szalontai 2005, ch. 4, § 2, ¶ 8", or for a page
    # "“1st Cabinet of North Korea”, Wikipedia (English), Members › Premier of the Cabinet"
    reference: str
    url: str | None = None  # where a page of the official record is published
    role: str  # "states" (says it of the person) or "context" (dates or frames it)
    # the archival documents named by the cited endnote, or by the endnotes of the cited
    # paragraph: the primary sources behind the statement
    documents: list[DocumentOut] = Field(default_factory=list, json_schema_extra={"default": []})


class Ref(Schema):
    """A short reference to a vocabulary entry, person or event."""

    id: str
    name: str


class NameOut(Schema):
    id: str  # the name assertion's permanent id
    form: str
    scheme: str
    editorial: bool
    citations: list[CitationOut]


class PersonOut(Schema):
    id: str
    name: str
    summary: str | None


class MembershipOut(Schema):
    id: str  # the assertion's permanent id (see prosopo.build.keys)
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
    id: str  # the assertion's permanent id (see prosopo.build.keys)
    post: PostRef
    start: DateOut | None
    end: DateOut | None
    during: DateOut | None
    # the term whose composition names it; its start or end is the term's election or
    # replacement where the source gives no date of its own (start_from_term, end_from_term)
    term: Ref | None = None
    start_from_term: bool = False
    end_from_term: bool = False
    note: str | None
    citations: list[CitationOut]
    origin: str


class PurgeOut(Schema):
    id: str  # the assertion's permanent id (see prosopo.build.keys)
    action: Ref
    date: DateOut | None
    event: Ref | None
    post: PostRef | None
    note: str | None
    citations: list[CitationOut]
    origin: str


class YearSpan(Schema):
    """Consecutive years, first to last."""

    first: int
    last: int


class EvidenceOut(Schema):
    """An assertion a tenure rests on or ends with: a holding or a purge, with its citations.
    `person` is whose assertion it is: another person's for a successor who ended the tenure."""

    assertion: str  # its permanent id
    kind: str  # "holding" or "purge"
    person: Ref
    summary: str  # e.g. "held 1955-05/1955-08", "removed from post 1954-11"
    holding: HoldingOut | None = None
    purge: PurgeOut | None = None

    @property
    def citations(self) -> list[CitationOut]:
        found = self.holding or self.purge
        return found.citations if found else []


class ClosureOut(Schema):
    """What ended a tenure: `stated-end` (a holding states its end), `removed` (a purge names the
    post), `purge` (a purge that takes the post away, such as an arrest), `successor` (another
    person held this one-holder post) or `body-ended` (the body ceased to exist)."""

    how: str
    explanation: str
    evidence: EvidenceOut | None


class TenureOut(Schema):
    """One person in one post over a stretch reconstructed from every attestation of it.

    Every day it may have covered lies between `possible_from` and `possible_to`; it certainly
    covered `inferred_from` to `inferred_to` (null when its attestations bracket no stretch).
    `stated`, `inferred` and `possible` list its years by basis. `closed` is null when nothing
    in the data ends it: it is then possible for at most four years after its last attestation.
    """

    id: int
    person: Ref
    post: PostRef
    possible_from: dt.date
    possible_to: dt.date
    inferred_from: dt.date | None
    inferred_to: dt.date | None
    stated: list[YearSpan]
    inferred: list[YearSpan]
    possible: list[YearSpan]
    closed: ClosureOut | None
    # what bounds the years that are only possible: what ended it, or the four-year horizon
    # after its last attestation; and a purge naming no post after which nothing is certain
    bounds: str
    weakened: EvidenceOut | None = None
    evidence: list[EvidenceOut]


class SideOut(Schema):
    """One side of a disagreement: the assertion (by its permanent id), what it says in our
    words, and the assertion itself with its citations (the one field of its `kind`)."""

    assertion: str
    kind: str  # "name", "membership", "holding" or "purge"
    reading: str
    name: NameOut | None = None
    membership: MembershipOut | None = None
    holding: HoldingOut | None = None
    purge: PurgeOut | None = None

    @property
    def citations(self) -> list[CitationOut]:
        found = self.name or self.membership or self.holding or self.purge
        return found.citations if found else []


class DisagreementOut(Schema):
    """Passages that disagree about one fact of one person's life (`about`: a date, a post, a
    fate or a faction), side by side with their citations; the data prefer none of them."""

    id: str
    person: Ref
    about: str
    question: str
    note: str | None
    sides: list[SideOut]
    origin: str


class Career(Schema):
    """Everything the data says about one person, each item with its citations; `tenures` are
    the posts as reconstructed from the holdings, with the basis of each year."""

    person: PersonOut
    scope: Scope = Scope.all  # the sources the answer draws on (prosopo.scope)
    names: list[NameOut]
    factions: list[MembershipOut]
    posts: list[HoldingOut]
    tenures: list[TenureOut]
    purges: list[PurgeOut]
    disagreements: list[DisagreementOut]  # where its passages disagree, side by side


class Holder(Schema):
    """A person who held a post in the year asked about, on a basis: `stated` (a passage places
    the holding in that year), `inferred` (the year lies between two attestations with nothing
    ending it in between) or `possible` (the dates allow it without requiring it). `because`
    names the assertions of `tenure.evidence` the basis rests on."""

    year: int
    basis: Basis
    person: Ref
    post: PostRef
    because: list[str]
    # for a post with one holder at a time: the others the data place in it the same year,
    # whom this holder may have followed or preceded (the answer does not choose)
    competing: list[Ref] = Field(default_factory=list, json_schema_extra={"default": []})
    tenure: TenureOut


class SeatHolder(Schema):
    person: Ref
    basis: Basis
    tenure: int
    possible_from: dt.date
    possible_to: dt.date


class Seat(Schema):
    """A post in the leadership and who held it then; `note` says so when the data name no one."""

    post: PostRef
    single_holder: bool
    holders: list[SeatHolder]
    note: str | None


class Body(Schema):
    organisation: Ref
    parent: Ref | None
    seats: list[Seat]


class TermOut(Schema):
    """One term of a body: when it was elected (and by what) and when the next replaced it."""

    id: str
    name: str
    body: Ref
    elected: DateOut | None
    replaced: DateOut | None
    elected_at: Ref | None
    note: str | None
    citations: list[CitationOut]


class TermMember(Schema):
    person: Ref
    holding: HoldingOut  # the post, its own dates where the source gives them, its citations


class Composition(Schema):
    """Who the sources list in one term; `note` says how much that is and what it is not."""

    term: TermOut
    scope: Scope = Scope.all
    members: list[TermMember]
    note: str


class ConflictOut(Schema):
    """A candidate conflict between sources and the curator's disposition
    (prosopo.build.conflicts)."""

    key: str
    kind: str
    person: str
    post: str
    first: str
    second: str
    what: str
    status: str
    explanation: str | None


class Vacancy(Schema):
    """A seat of the leadership in a year that no source fills, and why it is silent."""

    year: int
    body: Ref
    post: PostRef
    note: str


class Leadership(Schema):
    """The leadership as of a year or a day, body by body, each seat with its holders' basis."""

    year: int | None
    date: dt.date | None
    scope: Scope = Scope.all
    bodies: list[Body]


class PostHolders(Schema):
    """A post's holders over time in order; `gaps` are the years between the first and the last
    tenure in which no holder is stated or inferred."""

    post: PostRef
    single_holder: bool
    scope: Scope = Scope.all
    tenures: list[TenureOut]
    gaps: list[YearSpan]


class FactionCount(Schema):
    faction: Ref | None  # null: holders no membership places in a faction
    seats: int  # holders stated or inferred that year
    possible: int  # holders only possible that year


class FactionYear(Schema):
    """The seats of a body in a year by the factions of their holders. `seats` counts persons
    once; a person the data place in two factions counts in each of them."""

    year: int
    seats: int
    possible: int
    factions: list[FactionCount]


class FactionsInPower(Schema):
    body: Ref
    line: list[Ref]  # the body and those it succeeded or was succeeded by, in time order
    bodies: list[Ref]  # every body counted: the line and the bodies inside it
    years: list[FactionYear]


class Purged(Schema):
    """A purge event in the year asked about: `stated` when its date lies within the year,
    `possible` when the date allows the year without requiring it (null without a year)."""

    person: Ref
    basis: Basis | None
    purge: PurgeOut


class YearCount(Schema):
    """How many purge events fall in a year, by basis: as many as `/purges?year=` lists."""

    year: int
    stated: int
    possible: int


class FactionGroupCount(Schema):
    factions: list[Ref]  # the factions the data place the persons in; empty: none
    stated: int
    possible: int


class PurgeYearByFaction(Schema):
    """Purge events in a year by the factions of the persons purged: each purge counted once,
    under all the factions the data place its person in (none, one, or several together), so
    the groups add up to the year's count."""

    year: int
    stated: int
    possible: int
    groups: list[FactionGroupCount]


class Problem(Schema):
    """The one shape of every API error."""

    status: int
    error: str


class SourceOut(Schema):
    """A source text's bibliographic record and what the database holds of it."""

    id: str
    author: str | None
    title: str
    year: int | None
    kind: SourceKind
    container: str | None
    publisher: str | None
    place: str | None
    file_name: str | None  # a text: its file in the sources folder
    sha256: str | None
    url: str | None  # a page of the official record: where it is published,
    read_on: str | None  # the day it was read,
    version: str | None  # the version read,
    relies_on: list[str]  # the works it names as its own sources,
    sections: list[str]  # and the sections its locators name first
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


class PurgeKindOut(Schema):
    """A kind of purge, with the posts it takes away besides the one a purge names."""

    id: str
    label: str
    description: str
    ends: list[str]  # "all", or the organisations whose posts it ends
    purges: int  # purge events of this kind in the data


class EventKindOut(Schema):
    id: str
    label: str
    events: int


class EventOut(Schema):
    """A plenum, congress, conference or trial, with its date as the texts give it."""

    id: str
    kind: str
    name: str
    date: DateOut | None
    note: str | None
    citations: list[CitationOut]
    purges: int  # purge events the data place at it


class EventDetail(Schema):
    """One event and every purge the data place at it, with each person. (The data link events
    to purges only: an election at an event is a holding whose date is the event's.)"""

    event: EventOut
    purges: list[Purged]


class FactionOut(Schema):
    """A faction, with the words the texts use for it."""

    id: str
    name: str
    description: str
    labels: list[str]
    members: int  # persons with a membership in it


class FactionMember(Schema):
    person: Ref
    membership: MembershipOut


class FactionDetail(Schema):
    """A faction's members, each membership with the text's own label, dates and citations, in
    date order; and their fates: the purges of its members, and those counted per year."""

    faction: FactionOut
    members: list[FactionMember]
    purges: list[Purged]
    purges_per_year: list[YearCount]


class PostHeld(Schema):
    """One tenure of a post, as the organisation tree shows it: who, and which years by basis."""

    person: Ref
    stated: list[YearSpan]
    inferred: list[YearSpan]
    possible: list[YearSpan]


class PostNode(Schema):
    id: str
    title: str
    labels: list[str]
    single_holder: bool
    leadership: bool
    holders: list[PostHeld]


class OrganisationNode(Schema):
    """A body with its posts (each with its holders) and the bodies inside it."""

    id: str
    name: str
    kind: str
    labels: list[str]
    start: str | None  # the date it came into being, as the texts give it
    end: str | None
    succeeds: Ref | None  # the body this one replaced
    note: str | None
    posts: list[PostNode]
    bodies: list[OrganisationNode]


class PersonRow(Schema):
    """A person in a list: the factions the data place them in and, when the list asks for a
    year, the strongest basis on which something places them in it (stated, inferred,
    possible)."""

    id: str
    name: str
    summary: str | None
    factions: list[str]
    active: Basis | None = None


class BodyYears(Schema):
    organisation: Ref
    years: list[YearSpan]


class ServedWith(Schema):
    """Another person who held a post in the same body in the same years, each year stated or
    inferred for both (a year only possible is no evidence that they served together)."""

    person: Ref
    bodies: list[BodyYears]
