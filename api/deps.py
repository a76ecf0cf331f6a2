"""Parameters shared by routes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Query
from pydantic import BeforeValidator

from prosopo import filters
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


# the filters' own types (prosopo/filters.py), as query parameters of the routes that take
# them one by one
Limit = Annotated[filters.Limit, Query()]
Offset = Annotated[filters.Offset, Query()]
ScopeQuery = Annotated[Scope, Query(description=filters.SCOPE)]
