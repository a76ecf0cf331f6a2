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
- Calls answered from memory after their first use (the name index) run in the event loop: a
  trip through the worker threads would cost more than they do.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from api.database import ServedDatabase
from prosopo import stored
from prosopo.stored import Stored

Call = Callable[[Session], Any]

CACHE_BYTES = 64 * 1024 * 1024  # the real data's stored answers take about 4 MB


def _send(found: Stored) -> Response:
    headers = None if found.total is None else {"X-Total-Count": str(found.total)}
    return Response(found.body, media_type="application/json", headers=headers)


def as_response(result: Any) -> Response:
    """A core answer as JSON (a page as its rows, with its total in `X-Total-Count`)."""
    if isinstance(result, Response):
        return result
    return _send(stored.as_stored(result))


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


class Answers:
    """The answers of one served database."""

    def __init__(self, database: ServedDatabase, cache_bytes: int = CACHE_BYTES) -> None:
        self.database = database
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[tuple[str, str], Stored] = OrderedDict()
        self._cached_bytes = 0
        self._build: object = None  # the build whose answers memory holds

    def _call(self, engine: Engine, call: Call) -> Response:
        with Session(engine) as session:
            result = call(session)
        return as_response(result)

    async def live(self, call: Call) -> Response:
        """The core call's answer, computed in a worker thread."""
        return await run_in_threadpool(self._call, self.database.current(), call)

    def at_once(self, call: Call) -> Response:
        """The core call's answer, computed in the event loop: only for calls that read memory."""
        return self._call(self.database.current(), call)

    def _read(
        self, engine: Engine, kind: str, key: str, live: Call
    ) -> tuple[object, Stored | Response]:
        """In a worker thread: the build this connection reads, and its stored answer (from
        memory when held there), or the live call's answer where none was stored."""
        with Session(engine) as session:
            build = session.connection().info.get("build", engine)
            held = self._cache.get((kind, key)) if build == self._build else None
            if held is not None:
                return build, held
            found = stored.stored(session, kind, key)
            if found is not None:
                return build, found
            return build, as_response(live(session))

    async def stored_or_live(self, kind: str, key: str, live: Call) -> Response:
        """The answer the build stored for (kind, key), from memory or the database, sent as it
        is; where none was stored (an unknown id, a year outside the data), the live call's."""
        engine = self.database.current()
        if self.database.path is not None and engine == self._build:
            held = self._cache.get((kind, key))
            if held is not None:
                self._cache.move_to_end((kind, key))
                return _send(held)
        build, found = await run_in_threadpool(self._read, engine, kind, key, live)
        if isinstance(found, Response):
            return found
        self._keep(build, (kind, key), found)
        return _send(found)

    def _keep(self, build: object, key: tuple[str, str], found: Stored) -> None:
        """Hold `found` (in the event loop only, so nothing else changes memory meanwhile)."""
        if build != self._build:
            self._cache.clear()  # another build: nothing held is its answer
            self._cached_bytes, self._build = 0, build
        if key in self._cache:
            self._cache.move_to_end(key)
            return
        if len(found.body) > self.cache_bytes:
            return
        self._cache[key] = found
        self._cached_bytes += len(found.body)
        while self._cached_bytes > self.cache_bytes:
            _, dropped = self._cache.popitem(last=False)
            self._cached_bytes -= len(dropped.body)

    @property
    def cached_bytes(self) -> int:
        """The bytes of stored answers held in memory now (never more than `cache_bytes`)."""
        return self._cached_bytes


async def _answers(request: Request) -> Answers:
    answers: Answers = request.app.state.answers
    return answers


AnswersDep = Annotated[Answers, Depends(_answers)]
