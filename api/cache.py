"""Every answer held once made, on both engines and for the pages too, and revalidated by clients.

The data are read-only between builds, so a GET that answered 200 answers the same until the
next build. This middleware pins each request to the build current when it arrives
(`api/served.py`), so that the whole answer is made from that build, and holds the answers of
the current build in memory, least recently used out first, within `BOUND` bytes: a question
asked before is answered without routing it, validating it or leaving the event loop. Before a
new build becomes current, the answers last asked of the old one are made for it (`ready`).

Every 200 answer carries an `ETag` (a hash of the build and of the body) and `Cache-Control:
no-cache` (a client may keep it, and asks again with `If-None-Match`, which is answered `304`
with no body while the build has not changed).

What varies an answer, and so is its key: the scheme, root path and host (IPIF's links and
the paging links are made from them), the path, the query (`api/query.py` has put it in one
order and dropped empty parameters) and whether CSV was asked for by `Accept`. Downloads under
`/export/` and the static assets are left to their routes.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.served import Build, NotBuilt, ServedDatabase

BOUND = 64 * 1024 * 1024  # bytes of answers held; the real data's mission answers take some 5 MB
LARGEST = 2 * 1024 * 1024  # an answer larger than this is made each time rather than held
SKIPPED = ("/export/", "/ui/static/")
CACHE_CONTROL = b"no-cache"


@dataclass(frozen=True)
class Held:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class Answers:
    """The answers held for the newest two builds (the current one, and the next while it is
    made ready): a thread-safe store bounded in bytes, the older build's answers out first,
    then the least recently used."""

    def __init__(self, bound: int = BOUND) -> None:
        self.bound = bound
        self._held: OrderedDict[object, OrderedDict[str, Held]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, build: object, key: str) -> Held | None:
        with self._lock:
            held = self._held.get(build)
            if held is None or key not in held:
                return None
            held.move_to_end(key)
            return held[key]

    def keep(self, build: object, key: str, held: Held) -> None:
        size = _size(key, held)
        with self._lock:
            if build not in self._held:
                self._held[build] = OrderedDict()
                while len(self._held) > 2:  # a third build: the oldest one's answers go
                    _, gone = self._held.popitem(last=False)
                    self._bytes -= sum(_size(k, h) for k, h in gone.items())
            of_build = self._held[build]
            if key in of_build or size > self.bound:
                return
            of_build[key] = held
            self._bytes += size
            while self._bytes > self.bound:
                oldest = next(b for b, found in self._held.items() if found)
                key_out, out = self._held[oldest].popitem(last=False)
                self._bytes -= _size(key_out, out)

    def recent(self, build: object, most: int) -> list[str]:
        """The keys of `build`'s answers, the most recently asked first, at most `most`."""
        with self._lock:
            return list(reversed(self._held.get(build, {})))[:most]


def _size(key: str, held: Held) -> int:
    return len(key) + len(held.body) + sum(len(k) + len(v) for k, v in held.headers)


def _key(scope: Scope) -> str:
    headers = Headers(scope=scope)
    csv = "text/csv" in headers.get("accept", "")
    asked = [
        scope.get("scheme", "http"),
        scope.get("root_path", ""),
        headers.get("host", ""),
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        "csv" if csv else "",
    ]
    # a JSON array: each part read back whole by `_request`, whatever characters it holds
    return json.dumps(asked, ensure_ascii=False)


def _etag(build: Build, body: bytes) -> bytes:
    digest = hashlib.blake2b(body, digest_size=12, key=repr(build.token).encode()[:64])
    return b'"' + digest.hexdigest().encode() + b'"'


def _matches(scope: Scope, etag: bytes) -> bool:
    asked = Headers(scope=scope).get("if-none-match")
    if asked is None:
        return False
    return asked.strip() == "*" or etag.decode() in [t.strip() for t in asked.split(",")]


class HeldAnswers:
    """ASGI middleware: pins a request to the current build, answers it from what that build
    answered before, and marks every answer for revalidation."""

    def __init__(self, app: ASGIApp, database: ServedDatabase, answers: Answers) -> None:
        self.app = app
        self.database = database
        self.answers = answers
        # answers being made now: a request for one of them waits for it rather than making it
        # again (after a start, every connection asks for the same few answers at once)
        self._making: dict[tuple[object, str], asyncio.Future[Held | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        build = scope.get("state", {}).get(NEXT)  # an answer made ready for the next build
        if build is None:
            try:
                build = self.database.current()
            except NotBuilt:  # the route answers 503
                await self.app(scope, receive, send)
                return
        scope.setdefault("state", {})["build"] = build
        if scope["method"] != "GET" or scope["path"].startswith(SKIPPED):
            await self.app(scope, receive, send)
            return
        key = _key(scope)
        held = self.answers.get(build.token, key)
        flight = (build.token, key)
        if held is None and flight in self._making:
            held = await asyncio.shield(self._making[flight])
        if held is None:  # none held, or the one being made was not one to hold: make it
            made: asyncio.Future[Held | None] = asyncio.get_running_loop().create_future()
            self._making.setdefault(flight, made)
            try:
                held = await self._made(scope, receive, send, build, key)
            finally:
                if self._making.get(flight) is made:
                    del self._making[flight]
                made.set_result(held)
            if held is None:
                return  # sent as it was made: not an answer to hold
        await self._send(scope, send, held)

    async def _made(
        self, scope: Scope, receive: Receive, send: Send, build: Build, key: str
    ) -> Held | None:
        """The route's answer, held if it is a 200 of a size worth holding; None once sent."""
        started: Message = {}
        chunks: list[bytes] = []
        passed = False

        async def capture(message: Message) -> None:
            nonlocal passed
            if passed:
                await send(message)
            elif message["type"] == "http.response.start":
                started.update(message)
                if message["status"] != 200:  # errors and redirects go as they are
                    passed = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > LARGEST or message.get("more_body", False):
                    # too large to hold, or streamed: send what came and the rest as it comes
                    passed = True
                    await send(started)
                    await send({**message, "body": b"".join(chunks)})

        await self.app(scope, receive, capture)
        if passed:
            return None
        body = b"".join(chunks)
        etag = _etag(build, body)
        headers = [
            (k, v)
            for k, v in started.get("headers", [])
            if k.lower() not in (b"etag", b"cache-control")
        ]
        headers += [(b"etag", etag), (b"cache-control", CACHE_CONTROL)]
        held = Held(200, headers, body, etag)
        self.answers.keep(build.token, key, held)
        return held

    async def _send(self, scope: Scope, send: Send, held: Held) -> None:
        if _matches(scope, held.etag):
            headers = [(k, v) for k, v in held.headers if k.lower() in (b"etag", b"cache-control")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": held.status, "headers": held.headers})
        await send({"type": "http.response.body", "body": held.body})


# Before a new build becomes current, the answers most recently asked of the one it replaces
# are made for it (`ready`), at most WARMED of them and for at most READY_S seconds, while the
# old build answers: otherwise every one was asked anew at once after the switch, and an answer
# held a moment before waited behind the rest for a maker (p99 0.24-1.4 s).
WARMED = 200
READY_S = 5.0
NEXT = "prosopo.next_build"  # a request's state naming the build it is made for, not current


async def ready(app: ASGIApp, answers: Answers, current: Build, new: Build) -> int:
    """Make for `new` the answers last asked of `current`, the most recent first, each through
    the whole app as a request pinned to `new` would be; the number made."""
    until = time.monotonic() + READY_S
    made = 0
    for key in answers.recent(current.token, WARMED):
        if time.monotonic() > until:
            break
        await app(_request(key, new), _no_body, _dropped)
        made += 1
    return made


def _request(key: str, build: Build) -> Scope:
    """The GET request an answer's key stands for (`_key`), pinned to `build`: the same
    scheme, root, host, path, query and `Accept`, so that its links are those of the answer
    asked before."""
    scheme, root_path, host, path, query, csv = json.loads(key)
    headers = [(b"host", host.encode("latin-1"))]
    if csv:
        headers.append((b"accept", b"text/csv"))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "root_path": root_path,
        "query_string": query.encode("latin-1"),
        "headers": headers,
        "client": None,
        "server": None,
        "state": {NEXT: build},
    }


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _dropped(message: Message) -> None:
    pass  # the answer is held by the middleware; no one asked for it yet
