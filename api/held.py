"""Whole responses held in memory, sent before any routing (SQLite only).

The data are read-only between builds, so a GET that answered 200 answers the same until the
next build. On SQLite a request knows the current build in microseconds (the file's identity,
`api/database.py`), so this middleware answers a question asked before without routing it,
validating its parameters or leaving the event loop: every route is then as fast as a constant
endpoint. On PostgreSQL the build is known only from the database, so nothing is held here and
the routes' own memory (`api/answer.py`) serves instead.

What varies an answer, and so is its key: the host (IPIF's links are made from it), the path,
the query (in a fixed order) and whether CSV was asked for by `Accept`. Downloads under
`/export/` and the static assets are left to their routes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.database import NotBuilt, ServedDatabase
from api.memory import Memory

BOUND = 32 * 1024 * 1024
LARGEST = 2 * 1024 * 1024  # an answer larger than this is made each time rather than held
SKIPPED = ("/export/", "/ui/static/", "/docs", "/redoc", "/static-offline-docs")


@dataclass(frozen=True)
class Held:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


def _size(key: str, held: Held) -> int:
    return len(key) + len(held.body) + sum(len(k) + len(v) for k, v in held.headers)


def _key(scope: Scope) -> str:
    headers = Headers(scope=scope)
    query = sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
    csv = "text/csv" in headers.get("accept", "")
    return f"{headers.get('host', '')}{scope['path']}?{urlencode(query)}#{'csv' if csv else ''}"


class HeldResponses:
    """ASGI middleware: a GET answered 200 before (for this build) is answered from memory."""

    def __init__(self, app: ASGIApp, database: ServedDatabase, bound: int = BOUND) -> None:
        self.app = app
        self.database = database
        self.memory: Memory[str, Held] = Memory(bound, _size)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or self.database.path is None
            or scope["path"].startswith(SKIPPED)
        ):
            await self.app(scope, receive, send)
            return
        try:
            build: object = self.database.current()
        except NotBuilt:  # the route answers 503
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        held = self.memory.get(build, key)
        if held is not None:
            await send(
                {"type": "http.response.start", "status": held.status, "headers": held.headers}
            )
            await send({"type": "http.response.body", "body": held.body})
            return
        started: Message = {}
        chunks: list[bytes] = []
        size = 0

        async def watched(message: Message) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                if size <= LARGEST:
                    chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, watched)
        if started.get("status") == 200 and size <= LARGEST:
            # the build it was made from is the one current when it was asked, or a later one:
            # held under the earlier, it can only be missed, never sent for a later build
            self.memory.keep(build, key, Held(200, list(started["headers"]), b"".join(chunks)))
