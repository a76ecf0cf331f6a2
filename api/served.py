"""The build a server answers from, followed across rebuilds without a round trip per request.

A build is read-only once made: SQLite writes a new file and renames it over the old one;
PostgreSQL writes a new schema and names it in `public.prosopo_current` (`prosopo.build`). A
server answers each request from one `Build`: an engine that reads that build and nothing else
(on SQLite, the file as it was when opened, through a descriptor kept open, even after a newer
file is renamed over its name; on PostgreSQL, connections whose search path names its schema),
with what is made once per build (the name index, the IPIF corpus) made before the build is
served.

A watcher looks for a newer build every `INTERVAL` seconds (a `stat` on SQLite, one query on
PostgreSQL), prepares it in a worker thread while requests go on being answered from the build
before it, and only then makes it current. Requests never wait for a build to be prepared.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from prosopo import db, ipif, resolve

INTERVAL = 0.1  # seconds between two looks for a newer build
RETIRE_AFTER = 30.0  # seconds a replaced build's engine stays open for requests still running

log = logging.getLogger("prosopo.served")


class NotBuilt(RuntimeError):
    """The database the server was started on is not there (never built, or deleted)."""


class Unreachable(NotBuilt):
    """The database server cannot be reached, and no build has been read from it yet."""


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


class Build:
    """One build as a server reads it: `token` names it (the SQLite file's identity, or the
    PostgreSQL schema), `engine` reads it and no other."""

    def __init__(self, token: object, engine: Engine, fd: int | None = None) -> None:
        self.token = token
        self.engine = engine
        self._fd = fd

    def prepare(self) -> None:
        """Make what is made once per build: the name index and the IPIF corpus."""
        with Session(self.engine) as session:
            resolve.name_index(session)
            ipif.corpus(session)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _descriptor_path(fd: int) -> str:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return f"{folder}/{fd}"
    raise OSError("no /proc/self/fd or /dev/fd to open a database by its descriptor")


class ServedDatabase:
    """The builds of the database at `url` a server answers from, the newest prepared one
    current."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.options = engine_options
        self.path = _sqlite_path(url)
        self._current: Build | None = None
        self._lock = threading.Lock()
        self._retired: list[Build] = []
        self._probe: Engine | None = None  # PostgreSQL: asks which schema is current
        self._failing = False  # the last look could not reach the server
        self._closed = False  # disposed: a look still running in a worker opens nothing more
        self._looking = threading.Lock()  # held by the one look under way
        # called with the current build and a new one, prepared, before the new one is made
        # current, in the worker thread of the look (api/main.py: its answers made ready)
        self.before_current: Callable[[Build, Build], None] | None = None

    # --- what a request reads ------------------------------------------------------------

    def current(self) -> Build:
        """The build requests are answered from now; NotBuilt while there is none."""
        found = self._current
        if found is None:
            # not started (a client without the lifespan), or nothing built yet: look now
            with self._lock:
                self._closed = False  # asked again after a stop: the app is in use again
            self.refresh()
            found = self._current
        if found is None:
            where = self.path if self.path is not None else "the database"
            raise NotBuilt(f"there is no database at {where}: run `prosopo build`")
        return found

    # --- following the builds --------------------------------------------------------------

    def _token(self) -> object | None:
        """The newest build's name, or None when there is none."""
        if self.path is not None:
            try:
                found = os.stat(self.path)
            except FileNotFoundError:
                return None
            return (found.st_ino, found.st_mtime_ns, found.st_size)
        engine = self._probe_engine()
        try:
            with engine.connect() as connection:
                raw = connection.connection.driver_connection
                token = db.current_schema(raw)
            self._failing = False
            return token
        except Exception as error:  # the server is down: keep answering from what we have
            if not self._failing:  # once per outage, not at every look
                log.warning("cannot read the current build: %s", str(error).splitlines()[0])
            self._failing = True
            if self._current is None:  # the details stay in the log
                raise Unreachable("the database is unavailable: try again later") from None
            return self._current.token

    def _probe_engine(self) -> Engine:
        if self._probe is None:
            self._probe = db.make_engine(self.url, schema="public", pool_size=1, max_overflow=0)
        return self._probe

    def _open(self, token: object) -> Build:
        """An engine on exactly the build `token` names."""
        if self.path is not None:
            fd = os.open(self.path, os.O_RDONLY)
            try:
                if os.fstat(fd).st_ino != token[0]:  # type: ignore[index]
                    raise FileNotFoundError("the file was replaced while it was opened")
                # the file as it is now, whatever is renamed over its name later; it never
                # changes, so SQLite need not lock it or look for a journal
                url = f"sqlite:///file:{_descriptor_path(fd)}?mode=ro&immutable=1&uri=true"
                return Build(token, db.make_engine(url, **self.options), fd)
            except BaseException:
                os.close(fd)
                raise
        return Build(token, db.make_engine(self.url, schema=str(token), **self.options))

    def refresh(self) -> bool:
        """Look for a newer build; if there is one, prepare it and make it current. True when
        the current build changed. Blocking: the watcher runs it in a worker thread. One look
        at a time, and `dispose` waits for the one under way (a connection it holds would
        otherwise come back to a pool already disposed, and stay open)."""
        with self._looking:
            if self._closed:
                return False
            return self._refresh()

    def _refresh(self) -> bool:
        token = self._token()
        current = self._current
        if token is None or (current is not None and token == current.token):
            return False
        try:
            build = self._open(token)
        except (OSError, FileNotFoundError):
            return False  # replaced again meanwhile: the next look finds the newest
        try:
            build.prepare()
        except Exception as error:
            log.warning("cannot prepare the new build: %s", str(error).splitlines()[0])
            build.dispose()
            return False
        if current is not None and self.before_current is not None:
            try:
                self.before_current(current, build)
            except Exception as error:  # the answers are then made when asked, as before
                log.warning("cannot make the new build's answers ready: %s", error)
        with self._lock:
            if self._closed:  # the server stopped while this build was prepared
                build.dispose()
                return False
            old, self._current = self._current, build
        if old is not None:
            self._retired.append(old)
            timer = threading.Timer(RETIRE_AFTER, self._retire, args=(old,))
            timer.daemon = True  # a server that stops does not wait for it
            timer.start()
        return True

    def _retire(self, build: Build) -> None:
        build.dispose()
        with contextlib.suppress(ValueError):
            self._retired.remove(build)

    async def start(self) -> None:
        """Prepare the build there is now, before the first request (again, after a stop:
        a test client starts and stops an app as often as it is opened)."""
        with self._lock:
            self._closed = False
        with contextlib.suppress(NotBuilt):  # unreachable: requests are answered 503 meanwhile
            await run_in_threadpool(self.refresh)

    @contextlib.asynccontextmanager
    async def watching(self, interval: float = INTERVAL) -> AsyncIterator[None]:
        """Follow the builds while the block runs."""

        async def watch() -> None:
            while True:
                await asyncio.sleep(interval)
                try:
                    await run_in_threadpool(self.refresh)
                except NotBuilt:
                    pass  # logged once by the look itself
                except Exception as error:  # never let the watcher die
                    log.warning("watching the builds: %s", error)

        task = asyncio.create_task(watch())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def dispose(self) -> None:
        with self._lock:
            self._closed = True
        with self._looking:  # the look under way, if any, ends first
            pass
        for build in [*self._retired, *([self._current] if self._current else [])]:
            build.dispose()
        self._retired.clear()
        self._current = None
        if self._probe is not None:
            self._probe.dispose()
