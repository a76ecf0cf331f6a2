"""The database a server reads, followed across rebuilds.

`prosopo build` on SQLite writes a new file beside the old one and renames it over it. A server
that kept its engine would go on reading the old, deleted file through its pooled connections
(and its name index would stay stale) until restarted. Here every request looks at the file's
identity (one `stat`, microseconds); when a build has replaced it, new requests get a new engine
on the new file, and with it a new name index, while requests already running finish on the
old one, whose connections are then closed.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url

from prosopo import db


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


class NotBuilt(RuntimeError):
    """The database the server was started on is not there (never built, or deleted)."""


class ServedDatabase:
    """An engine on `url` that moves to the new file when a build replaces an SQLite database."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self.options = engine_options
        self.path = _sqlite_path(url)
        self._stamp = self._identity()
        self.engine = db.make_engine(url, **engine_options)
        self._lock = threading.Lock()

    def _identity(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_mtime_ns)

    def current(self) -> Engine:
        """The engine on the database as it is now; NotBuilt if its SQLite file is missing
        (opening it would make an empty one)."""
        stamp = self._identity()
        if stamp is None and self.path is not None:
            raise NotBuilt(f"there is no database at {self.path}: run `prosopo build`")
        if stamp is None or stamp == self._stamp:
            return self.engine
        with self._lock:
            if stamp != self._stamp:
                old, self.engine = self.engine, db.make_engine(self.url, **self.options)
                self._stamp = stamp
                old.dispose(close=False)  # running requests keep their connections
        return self.engine

    def dispose(self) -> None:
        self.engine.dispose()
