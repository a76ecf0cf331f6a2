"""Dependencies shared by every route."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator
from sqlalchemy.orm import Session


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session on the database as it is now (a rebuild moves it to the new file), closed
    when the route has its answer (api/answer.py). Async because making a session does no I/O:
    it costs no trip through the worker threads; the route's queries run in its own thread."""
    session = Session(request.app.state.database.current())
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]

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
    int | None, Query(ge=1, le=10000, description="at most this many rows (default: all)")
]
Offset = Annotated[
    int, Query(ge=0, le=1_000_000_000, description="skip this many rows of the ordered answer")
]
