"""Parameters shared by routes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from prosopo.answers import PAGE
from prosopo.scope import Scope

# OpenAPI description of a route that answers with a picture
SVG: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/svg+xml": {}}, "description": "an SVG picture"}
}


def _iso_day(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD, e.g. 1956-09-01")
    return value


# A day as YYYY-MM-DD only: pydantic alone would also take a number as a Unix timestamp.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


Limit = Annotated[
    int,
    Query(
        ge=1,
        le=10000,
        description=f"at most this many rows (default {PAGE}); `X-Total-Count` gives the number"
        " in all and `Link` the next page",
    ),
]
ScopeQuery = Annotated[
    Scope,
    Query(
        description="which sources answer: `all` (default), `texts` (the monograph and the"
        " article alone: what the texts themselves say) or `record` (the reference works and"
        " documents of the official record alone)"
    ),
]
Offset = Annotated[
    int, Query(ge=0, le=1_000_000_000, description="skip this many rows of the ordered answer")
]
