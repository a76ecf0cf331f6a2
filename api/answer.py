"""How a route answers: from memory, from the answers stored at build time, or by a core call
in a worker thread. Every route is a thin async function that names the core call and hands it
to one of these three, so the rules below live here once.

- A core call runs in a worker thread with a session of its own, and its answer is turned into
  JSON bytes there, after the session is closed. A request holds a pooled connection only while
  its call runs: with more requests in flight than threads and connections, nothing waits for a
  connection held by a request that waits for a thread (that stalled the server once).
- The data are read-only between builds. The answers the build stored (`prosopo.stored`) are
  kept in memory once read, up to `CACHE_BYTES`, least recently used first out, under the build
  they came from: on SQLite the file (a new build is a new file, which `database.py` sees with
  one `stat` per request, and a new engine), so that a held answer is sent without leaving the
  event loop; on PostgreSQL the build's schema, which every connection reads when it is taken
  from the pool (`prosopo.db`), so that a held answer costs that one round trip. Memory holds
  one build's answers at a time, so an answer sent from it is always the current build's.
- Calls that read only memory (the name index) are held in memory the same way (`remembered`).
- So is every other JSON answer (`live`) on PostgreSQL, under the URL that asked for it:
  between builds the same question has the same answer, so only its first asking runs the
  core call. (On SQLite, `api/held.py` holds whole responses before routing instead.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.database import ServedDatabase
from api.memory import Memory
from prosopo import present, stored
from prosopo.answers import Page
from prosopo.stored import Stored

Call = Callable[[Session], Any]
Csv = type[BaseModel] | None  # a list answer's model, whose columns it is sent in as CSV

CACHE_BYTES = 64 * 1024 * 1024  # the real data's stored answers take about 4 MB


def _send(found: Stored) -> Response:
    headers = None if found.total is None else {"X-Total-Count": str(found.total)}
    return Response(found.body, media_type="application/json", headers=headers)


def as_response(result: Any, csv: Csv = None) -> Response:
    """A core answer as JSON, or as CSV in the columns of `csv` (a page as its rows, with its
    total in `X-Total-Count`)."""
    if isinstance(result, Response):
        return result
    if csv is None:
        return _send(stored.as_stored(result))
    headers = {"X-Total-Count": str(result.total)} if isinstance(result, Page) else None
    rows = result.rows if isinstance(result, Page) else result
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


def _size(key: tuple[str, str], found: Stored) -> int:
    return len(found.body) + len(key[1])  # a key is a client's name query: it counts too


class Answers:
    """The answers of one served database."""

    def __init__(self, database: ServedDatabase, cache_bytes: int = CACHE_BYTES) -> None:
        self.database = database
        self.memory: Memory[tuple[str, str], Stored] = Memory(cache_bytes, _size)

    def _call(self, engine: Engine, call: Call, csv: Csv) -> Response:
        with Session(engine) as session:
            result = call(session)
        return as_response(result, csv)

    def _run(self, engine: Engine, call: Call) -> Any:
        with Session(engine) as session:
            return call(session)

    async def run(self, call: Call) -> Any:
        """The core call's result itself, computed in a worker thread with a session of its own
        (for the web pages, which shape it into HTML)."""
        return await run_in_threadpool(self._run, self.database.current(), call)

    async def live(self, call: Call, csv: Csv = None, key: str | None = None) -> Response:
        """The core call's answer, computed in a worker thread (as CSV in the columns of `csv`);
        with a `key` (the question's URL), a JSON answer is held in memory once made."""
        engine = self.database.current()
        if key is None or csv is not None:
            return await run_in_threadpool(self._call, engine, call, csv)
        held = self._held(engine, "live", key)
        if held is not None:
            return _send(held)
        build, found = await run_in_threadpool(self._read, engine, "live", key, call, False)
        return self._kept(build, "live", key, found)

    def _read(
        self, engine: Engine, kind: str, key: str, call: Call, look_up: bool
    ) -> tuple[object, Stored | Response]:
        """The build this connection reads, and the answer for (kind, key): held in memory,
        stored by the build (if `look_up`), or else the call's."""
        with Session(engine) as session:
            build = session.connection().info.get("build", engine)
            held = self.memory.get(build, (kind, key))
            if held is not None:
                return build, held
            found = stored.stored(session, kind, key) if look_up else None
            if found is not None:
                return build, found
            result = call(session)
        return build, result if isinstance(result, Response) else stored.as_stored(result)

    def _held(self, engine: Engine, kind: str, key: str) -> Stored | None:
        """On SQLite, the answer held in memory for this build, found in the event loop."""
        if self.database.path is None:
            return None
        return self.memory.get(engine, (kind, key))

    async def stored_or_live(self, kind: str, key: str, live: Call, csv: Csv = None) -> Response:
        """The answer the build stored for (kind, key), from memory or the database, sent as it
        is; where none was stored (an unknown id, a year outside the data), or as CSV, the live
        call's."""
        if csv is not None:
            return await self.live(live, csv)
        engine = self.database.current()
        held = self._held(engine, kind, key)
        if held is not None:
            return _send(held)
        build, found = await run_in_threadpool(self._read, engine, kind, key, live, True)
        return self._kept(build, kind, key, found)

    async def remembered(self, kind: str, key: str, call: Call, csv: Csv = None) -> Response:
        """The answer of a call that reads memory only (the name index), held in memory like a
        stored answer once made. On SQLite it is made in the event loop: a trip through the
        worker threads would cost more than the call; on PostgreSQL, whose connections ask the
        database which build is current, in a worker thread."""
        if csv is not None:
            return await self.live(call, csv)
        engine = self.database.current()
        held = self._held(engine, kind, key)
        if held is not None:
            return _send(held)
        if self.database.path is not None:
            build, found = self._read(engine, kind, key, call, False)
        else:
            build, found = await run_in_threadpool(self._read, engine, kind, key, call, False)
        return self._kept(build, kind, key, found)

    def _kept(self, build: object, kind: str, key: str, found: Stored | Response) -> Response:
        if isinstance(found, Response):
            return found
        self.memory.keep(build, (kind, key), found)
        return _send(found)

    @property
    def cached_bytes(self) -> int:
        """The bytes of answers held in memory now (never more than `cache_bytes`)."""
        return self.memory.bytes

    @property
    def cache_bytes(self) -> int:
        return self.memory.bound

    @cache_bytes.setter
    def cache_bytes(self, bound: int) -> None:
        self.memory.bound = bound


class Asked:
    """The answers of the served database to one request: `live` answers are held in memory
    under the request's URL (its query in a fixed order; with the host, which IPIF's links
    are made from)."""

    def __init__(self, answers: Answers, request: Request) -> None:
        self.answers = answers
        # on SQLite the whole response is held before routing (api/held.py): not twice
        self.key: str | None = None
        if answers.database.path is None:
            query = sorted(request.query_params.multi_items())
            self.key = str(request.base_url).rstrip("/") + request.url.path
            if query:
                self.key += "?" + urlencode(query)
        self.stored_or_live = answers.stored_or_live
        self.remembered = answers.remembered
        self.run = answers.run

    async def live(self, call: Call, csv: Csv = None) -> Response:
        return await self.answers.live(call, csv, key=self.key)


async def _answers(request: Request) -> Asked:
    return Asked(request.app.state.answers, request)


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
