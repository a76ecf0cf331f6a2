"""A time budget for one question on the database: past it the engine stops the statement
(SQLite's progress handler, PostgreSQL's statement timeout) and the question fails with
TooCostly, a 503 saying so, instead of holding a worker and a core for minutes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from prosopo.errors import TooCostly

SECONDS = 2.0  # the real data's slowest search takes some 5 ms; 100× the data, under 0.5 s
STEPS = 10_000  # SQLite virtual-machine steps between two looks at the clock (about 1 ms)


@contextlib.contextmanager
def within(
    session: Session, seconds: float = SECONDS, what: str = "this question"
) -> Iterator[None]:
    """Run the block's statements on `session` with at most `seconds` for each."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    assert raw is not None
    if connection.dialect.name == "postgresql":
        # SET LOCAL: for this transaction only; the session's transaction ends with the request
        connection.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))
        try:
            yield
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) == "57014":  # query_canceled
                raise _too_costly(what, seconds) from None
            raise
        finally:
            if connection.in_transaction() and not connection.invalidated:
                with contextlib.suppress(DBAPIError):
                    connection.execute(text("SET LOCAL statement_timeout = 0"))
        return
    deadline = time.monotonic() + seconds
    raw.set_progress_handler(lambda: time.monotonic() > deadline, STEPS)
    try:
        yield
    except DBAPIError as error:
        if "interrupted" in str(error.orig):
            raise _too_costly(what, seconds) from None
        raise
    finally:
        raw.set_progress_handler(None, STEPS)


def _too_costly(what: str, seconds: float) -> TooCostly:
    return TooCostly(f"{what} took longer than the {seconds:g} s a question may take: narrow it")
