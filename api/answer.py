"""How a route answers: by a core call in a worker thread, on the build the request is pinned
to (`api/cache.py`, `api/served.py`). Every route is a thin async function that names the core
call and hands it to `live` (an answer as JSON or CSV) or `run` (a result a page shapes into
HTML), so the rules below live here once.

A core call runs in a worker thread with a session of its own, and its answer is turned into
JSON bytes there, after the session is closed. A request holds a pooled connection only while
its call runs: with more requests in flight than threads and connections, nothing waits for a
connection held by a request that waits for a thread (that stalled the server once). The
answer is held in memory by `api/cache.py`, not here.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

import anyio
import anyio.to_thread
import pydantic_core
from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from api.served import Build, ServedDatabase
from prosopo import present
from prosopo.answers import Page

T = TypeVar("T")
Call = Callable[[Session], Any]
Csv = type[BaseModel] | None  # a list answer's model, whose columns it is sent in as CSV


def as_response(result: Any, csv: Csv = None) -> Response:
    """A core answer as JSON, or as CSV in the columns of `csv`; a page as its rows, with its
    total in `X-Total-Count`."""
    if isinstance(result, Response):
        return result
    headers = {"X-Total-Count": str(result.total)} if isinstance(result, Page) else None
    rows = result.rows if isinstance(result, Page) else result
    if csv is None:
        return Response(pydantic_core.to_json(rows), media_type="application/json", headers=headers)
    return Response(
        present.to_csv(csv, rows), media_type="text/csv; charset=utf-8", headers=headers
    )


def with_page_links(request: Request, response: Response, limit: int, offset: int) -> Response:
    """The `Link` header (RFC 8288) of a page: where the next and the previous pages are."""
    total = int(response.headers.get("X-Total-Count", "0"))
    links = []
    if offset + limit < total:
        after = request.url.include_query_params(offset=offset + limit, limit=limit)
        links.append(f'<{after}>; rel="next"')
    if offset > 0:
        before = request.url.include_query_params(offset=max(0, offset - limit), limit=limit)
        links.append(f'<{before}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


class Asked:
    """What one request is answered from: the build it is pinned to."""

    def __init__(self, request: Request) -> None:
        build = request.scope.get("state", {}).get("build")
        if build is None:
            database: ServedDatabase = request.app.state.database
            build = database.current()  # NotBuilt: the request is answered 503
        self.build: Build = build

    @property
    def engine(self) -> Engine:
        return self.build.engine

    async def live(self, call: Call, csv: Csv = None) -> Response:
        """The core call's answer, computed in a worker thread (as CSV in the columns of
        `csv`)."""
        return await _making(_answer, self.engine, call, csv)

    async def run(self, call: Call) -> Any:
        """The core call's result itself, computed in a worker thread with a session of its own
        (for the web pages, which shape it into HTML)."""
        return await _making(_result, self.engine, call)


# Answers are made in at most MAKERS worker threads at a time. Making one is mostly Python, which
# runs one thread at a time (the interpreter's lock): more threads make no answer sooner, but
# each more one the event loop must take turns with delays every held answer it sends (p99 of
# 1.9 s while 16 first askings ran at once after a start).
MAKERS = 2
# one per event loop (the tests run several, one after another)
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


async def _making(function: Callable[..., T], *args: Any) -> T:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters.setdefault(loop, anyio.CapacityLimiter(MAKERS))
    return await anyio.to_thread.run_sync(function, *args, limiter=limiter)


def _answer(engine: Engine, call: Call, csv: Csv) -> Response:
    with Session(engine) as session:
        result = call(session)
    return as_response(result, csv)


def _result(engine: Engine, call: Call) -> Any:
    with Session(engine) as session:
        return call(session)


async def _answers(request: Request) -> Asked:
    return Asked(request)


AnswersDep = Annotated[Asked, Depends(_answers)]


async def _as_csv(
    request: Request,
    format: Annotated[
        Literal["json", "csv"] | None,
        Query(description="`csv` for CSV, as `Accept: text/csv` also asks; JSON otherwise"),
    ] = None,
) -> bool:
    if format is not None:
        return format == "csv"
    return "text/csv" in request.headers.get("accept", "")


# Whether a list was asked for as CSV (`?format=csv` or `Accept: text/csv`)
AsCsv = Annotated[bool, Depends(_as_csv)]

# OpenAPI description of a list route that can answer CSV
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "the list, as JSON or CSV"}
}
