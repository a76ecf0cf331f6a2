"""What each list question asks, typed once: the filters of who held posts in a year, of the
purges, of the persons and of IPIF's lists, and the page of their answer. The API takes them as
query-parameter models, the CLI and the web pages build them from their own input, and the core
functions take them whole (`year_holders.who_held`, `queries.purges`, `persons.persons_page`,
`ipif.listing`), so a filter's name, type, bounds and description live here and nowhere else.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from prosopo.answers import PAGE
from prosopo.dates import FIRST_YEAR, LAST_YEAR
from prosopo.scope import Scope
from prosopo.tenures import Basis

Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description="a calendar year, e.g. 1956")]
Limit = Annotated[
    int,
    Field(
        ge=1,
        le=10000,
        description=f"at most this many rows (default {PAGE}); `X-Total-Count` gives the number"
        " in all and `Link` the next page",
    ),
]
Offset = Annotated[
    int, Field(ge=0, le=1_000_000_000, description="skip this many rows of the ordered answer")
]
SCOPE = (
    "which sources answer: `all` (default), `texts` (the monograph and the article alone: what"
    " the texts themselves say) or `record` (the reference works and documents of the official"
    " record alone)"
)


class _Asked(BaseModel):
    # other parameters of a request (`format`) are another dependency's; one no route takes
    # at all is refused before any of them (api/query.py)
    model_config = ConfigDict(frozen=True)


class HoldingsFilter(_Asked):
    """Who held which post in a year: one post, the posts of a body and of the bodies inside
    it, some bases, the tenures of some sources."""

    year: Year
    post: str | None = Field(default=None, description="a post id, e.g. vice-premier")
    organisation: str | None = Field(
        default=None, description="an organisation id; includes the bodies inside it, e.g. cabinet"
    )
    basis: list[Basis] | None = Field(
        default=None,
        description="only these bases (repeat for several); `stated` is the strict answer",
    )
    scope: Scope = Field(default=Scope.all, description=SCOPE)


class PurgesFilter(_Asked):
    """Purges: in a year (each with its basis there), of one kind, at one event, of the members
    of one faction, stated by some sources."""

    year: Year | None = None
    action: str | None = Field(default=None, description="a purge kind, e.g. expelled-from-party")
    event: str | None = Field(default=None, description="an event id, e.g. kwp-cc-plenum-1956-08")
    faction: str | None = Field(
        default=None, description="only members of this faction (at any time), e.g. yanan"
    )
    basis: list[Basis] | None = Field(
        default=None, description="with a year: only these bases (stated, possible)"
    )
    scope: Scope = Field(default=Scope.all, description=SCOPE)


class Sort(StrEnum):
    """The order of the persons list: by name or id, `-` reversing it."""

    name = "name"
    id = "id"
    name_descending = "-name"
    id_descending = "-id"


class PersonsFilter(_Asked):
    """Persons: by a form of their name (real matches only, never fuzzy), a faction, a year
    they are active in, a post held in a body or one inside it, a purge (in a year, of a kind,
    at an event: one purge meeting all those given); in the order `sort` names."""

    name: str | None = Field(
        default=None, min_length=1, description="a form of their name, any spelling or script"
    )
    faction: str | None = Field(default=None, description="a faction id, e.g. yanan")
    active: Year | None = Field(default=None, description="something places them in this year")
    organisation: str | None = Field(
        default=None, description="held a post in this body or one inside it, e.g. cabinet"
    )
    purged: Year | None = Field(default=None, description="purged in this year")
    action: str | None = Field(default=None, description="purged thus, e.g. expelled-from-party")
    event: str | None = Field(default=None, description="purged at this event")
    sort: Sort = Field(default=Sort.name, description="name or id; `-` before it reverses")


class _Paged(_Asked):
    limit: Limit = PAGE
    offset: Offset = 0


class HoldingsQuery(_Paged, HoldingsFilter):
    """`HoldingsFilter` and the page of the answer: what `GET /holdings` takes."""


class PurgesQuery(_Paged, PurgesFilter):
    """`PurgesFilter` and the page of the answer: what `GET /purges` takes."""


class PersonsQuery(_Paged, PersonsFilter):
    """`PersonsFilter` and the page of the answer: what `GET /persons` takes."""


# a day as the IPIF document writes one: yyyy, yyyy-mm or yyyy-mm-dd
IPIF_DAY = r"^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class IpifQuery(_Asked):
    """The filters of the IPIF document, and the page (`size`, `page`): what each IPIF list
    takes (`ipif.listing`). A record is kept when one of its factoids meets every filter given.
    The parameters keep the document's names (`personId`, `from`); the fields are Python's."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    size: int | None = Field(
        default=None, ge=1, le=10000, description="objects per page (default 30)"
    )
    page: int | None = Field(default=None, ge=1, description="page number, from 1")
    sort_by: str | None = Field(
        default=None, alias="sortBy", description="a property, then ASC or DESC"
    )
    person_id: str | None = Field(default=None, alias="personId", description="a person id")
    p: str | None = Field(default=None, description="words in the person (id, label)")
    statement_id: str | None = Field(default=None, alias="statementId")
    st: str | None = Field(default=None, description="words anywhere in the statement")
    source_id: str | None = Field(
        default=None, alias="sourceId", description="a source id, source:locator"
    )
    s: str | None = Field(default=None, description="words in the source")
    f: str | None = Field(default=None, description="words in the factoid")
    factoid_id: str | None = Field(default=None, alias="factoidId")
    statement_text: str | None = Field(default=None, alias="statementText")
    relates_to_person: str | None = Field(default=None, alias="relatesToPerson")
    member_of: str | None = Field(
        default=None, alias="memberOf", description="words in the body or faction"
    )
    role: str | None = Field(default=None, description="words in the post")
    name: str | None = Field(default=None, description="words in a name statement")
    from_: str | None = Field(
        default=None, alias="from", pattern=IPIF_DAY, description="yyyy[-mm[-dd]]"
    )
    to: str | None = Field(default=None, pattern=IPIF_DAY, description="yyyy[-mm[-dd]]")
    place: str | None = None
