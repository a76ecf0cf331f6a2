"""Writing many rows at once: PostgreSQL's COPY, SQLite's executemany.

A build writes every table whole, so it writes each in one stream of values rather than object
by object or statement by statement: on PostgreSQL through psycopg's `COPY ... FROM STDIN`, on
SQLite through one prepared INSERT executed for every row. Both go straight to the driver, so
the values are given as the columns store them (JSON as text; on SQLite, days as ISO text, as
SQLAlchemy writes and reads them; booleans go as they are, which sqlite3 binds as 1 and 0).
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table

Row = dict[str, Any]

CHUNK = 5000  # rows held at once, between two reports of progress (20,000: 47 MB more at 100x)


def _json(value: Any) -> str:
    return json.dumps(value)  # as SQLAlchemy writes JSON


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _converters(
    table: Table, columns: list[str], sqlite: bool
) -> list[Callable[[Any], Any] | None]:
    """For each column, what turns a Python value into what the driver is given, or None."""
    out: list[Callable[[Any], Any] | None] = []
    for name in columns:
        kind = table.c[name].type
        if isinstance(kind, JSON):
            out.append(_json)
        elif sqlite and isinstance(kind, Date):
            out.append(_day)
        else:
            out.append(None)
    return out


# The values of a table's rows as the driver is given them, in column order, a chunk at a time
Values = list[Sequence[Any]]


def prepare(table: Table, rows: Iterable[Row], sqlite: bool) -> tuple[list[str], Iterator[Values]]:
    """The columns of `rows` (dicts of column values, each with the same keys) and their values
    as the driver of the engine (`sqlite` or PostgreSQL) is given them, a chunk at a time; no
    columns for no rows. The rows may be made as the chunks are read."""
    chunks = _chunks(rows)
    first = next(chunks, None)
    if first is None:
        return [], iter(())
    columns = list(first[0])
    return columns, map(values_of(table, columns, sqlite), itertools.chain([first], chunks))


def values_of(table: Table, columns: list[str], sqlite: bool) -> Callable[[Sequence[Row]], Values]:
    """What turns rows (dicts with `columns`) into the values the driver is given."""
    convert = [(i, f) for i, f in enumerate(_converters(table, columns, sqlite)) if f]
    # the values of a row in column order, picked in C (a tuple even of one column)
    pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)

    def values(chunk: Sequence[Row]) -> Values:
        if not convert:
            return list(map(pick, chunk))
        out: Values = []
        for row in chunk:
            value = list(pick(row))
            for i, f in convert:
                value[i] = f(value[i])
            out.append(value)
        return out

    return values


def write(
    connection: Connection,
    table: Table,
    rows: Iterable[Row],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert `rows` (dicts of column values, each with the same keys) into `table`, a chunk
    at a time: the rows may be made as they are written."""
    columns, chunks = prepare(table, rows, connection.dialect.name == "sqlite")
    write_values(connection, table, columns, chunks, progress)


def write_values(
    connection: Connection,
    table: Table,
    columns: list[str],
    chunks: Iterable[Values],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert the values of `columns` (as :func:`prepare` gives them) into `table`."""
    if not columns:
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    names = ", ".join(f'"{c}"' for c in columns)
    done = 0
    if connection.dialect.name == "sqlite":
        statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        for chunk in chunks:
            raw.executemany(statement, chunk)
            done += len(chunk)
            if progress is not None:
                progress(done)
        return
    # FREEZE: the table was made in this transaction, so its rows are written frozen and its
    # pages marked all-visible: an index holding every column a count reads answers it alone,
    # without a visit to each row (a year list's count at 100x: 7.2 -> 3.7 ms), and no
    # vacuum has to come by first
    copying = f'COPY "{table.name}" ({names}) FROM STDIN WITH (FREEZE)'
    with raw.cursor() as cursor, cursor.copy(copying) as copy:
        for chunk in chunks:
            for row in chunk:
                copy.write_row(row)
            done += len(chunk)
            if progress is not None:
                progress(done)


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    it = iter(rows)
    while chunk := list(itertools.islice(it, CHUNK)):
        yield chunk


@contextmanager
def indexes_later(connection: Connection) -> Iterator[None]:
    """Write the tables without their secondary indexes, then make the indexes once: building
    an index from a full table is much cheaper than keeping it up to date row by row. Primary
    keys and unique constraints stay, so duplicate rows still fail."""
    if connection.dialect.name == "sqlite":
        found = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND sql NOT LIKE 'CREATE UNIQUE%'"
        ).all()
    else:
        found = connection.exec_driver_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " WHERE i.schemaname = current_schema() AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'"
        ).all()
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, definition in found:
        connection.exec_driver_sql(definition)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a bulk job makes millions of objects that live on
    (a loaded dataset, rows): it would otherwise walk every one of them again and again (half
    the time of reading the 100x data). Nothing the job makes holds cycles that must be
    freed before it ends; the collector runs again once it has."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def analyze(connection: Connection, tables: Iterable[Table]) -> None:
    """Give the planner the statistics of the tables just written. Without them PostgreSQL
    plans every join of a new schema blind until autovacuum comes (a scan of 600,000 tenure
    years for 100 ids), and SQLite takes an index on three scopes for one on thousands of
    posts (27 ms instead of 0.3 for the tenures of a page of seats at 100x the data)."""
    if connection.dialect.name != "postgresql":
        connection.exec_driver_sql("ANALYZE")
        return
    for table in tables:
        connection.exec_driver_sql(f'ANALYZE "{table.name}"')
