"""Build a database from data/: apply the migrations, load every file, all or nothing.

A failed build leaves whatever database was there before untouched. SQLite is built in a new
file beside the target and renamed over it at the end; PostgreSQL is rebuilt inside one
transaction, which a failure rolls back.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, func, insert, make_url, select
from sqlalchemy.exc import DBAPIError

from prosopo import db, models
from prosopo.build import aside, bulk, derive
from prosopo.build.load import Dataset, load_data
from prosopo.build.rows import Ids, tables
from prosopo.build.texts.segment import Passage as TextPassage
from prosopo.build.texts.sources import SourceText, read_sources

# Called as report(stage, done, total) while a build runs.
Report = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _texts(ds: Dataset, texts: Mapping[str, SourceText]) -> dict[tuple[str, str], TextPassage]:
    """Every passage of the index as read from the source texts; the index must match them."""
    found: dict[tuple[str, str], TextPassage] = {}
    for source_id, source in texts.items():
        found |= {(source_id, p.locator): p for p in source.passages()}
    indexed = {(p.source, p.locator) for p in ds.passages if p.source in texts}
    if indexed != set(found):
        differ = sorted(indexed ^ set(found))[:3]
        raise StaleIndex(
            "data/index/passages.tsv does not match the source texts (e.g. "
            + ", ".join(f"{s}:{loc}" for s, loc in differ)
            + "): run `prosopo reindex`"
        )
    return found


class StaleIndex(Exception):
    """data/index/ was made from other texts or another version of the segmentation."""


def _fill(
    connection: Connection,
    ds: Dataset,
    texts: dict[tuple[str, str], TextPassage],
    report: Report,
    maker: aside.Maker,
) -> None:
    """Write the whole database on `connection`: the schema, then every table in bulk, the
    rows of each made as they are written, the derived tables last (made meanwhile by
    `maker`)."""
    schema = models.Base.metadata.tables
    sqlite = connection.dialect.name == "sqlite"
    ids = Ids(ds)
    maker.start(derive.inputs(ids))
    report("migrate", 0, 1)
    db.downgrade(connection, "base")  # an existing prosopo schema is replaced
    db.upgrade(connection, "head")
    report("migrate", 1, 1)
    made = (
        (name, count, *bulk.prepare(schema[name], rows, sqlite))
        for name, count, rows in tables(ids, texts)
    )
    with bulk.indexes_later(connection):
        for name, count, columns, chunks in itertools.chain(made, maker.tables()):

            def progress(n: int, stage: str = f"write {name}", total: int = count) -> None:
                report(stage, n, max(n, total))

            progress(0)
            bulk.write_values(connection, schema[name], columns, chunks, progress)
        report("index", 0, 1)
    bulk.analyze(connection, schema.values())
    report("index", 1, 1)
    connection.execute(insert(models.Build), [{"id": 1, "built_at": dt.datetime.now(dt.UTC)}])


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


# A rebuild may lose at most this share of any kind of fact without `force`: an emptied or
# truncated data file must not silently empty a good database.
SHRINK_LIMIT = 0.2
_COUNTED: dict[str, type[Any]] = {
    "persons": models.Person,
    "events": models.Event,
    "memberships": models.FactionMembership,
    "holdings": models.PostHolding,
    "purges": models.PurgeEvent,
}


class WouldLoseData(Exception):
    """The new build holds far fewer facts of some kind than the database it would replace."""


def _counts_in(url: str) -> dict[str, int] | None:
    """How many facts of each kind the database at `url` holds; None if it holds no prosopo data."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                kind: connection.execute(select(func.count()).select_from(model)).scalar_one()
                for kind, model in _COUNTED.items()
            }
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def _check_shrink(url: str, new: dict[str, int]) -> None:
    target = _sqlite_file(url)
    if target is not None and not target.exists():
        return  # nothing to lose, and connecting would create the file
    before = _counts_in(url)
    if before is None:
        return
    lost = [
        f"{kind} {before[kind]} -> {new.get(kind, 0)}"
        for kind in _COUNTED
        if before[kind] and (before[kind] - new.get(kind, 0)) / before[kind] > SHRINK_LIMIT
    ]
    if lost:
        raise WouldLoseData(
            f"the new build would lose more than {SHRINK_LIMIT:.0%} of some facts"
            f" ({', '.join(lost)}); build with --force if that is meant"
        )


def _build_schema(
    url: str,
    ds: Dataset,
    texts: dict[tuple[str, str], TextPassage],
    report: Report,
    maker: aside.Maker,
) -> None:
    """PostgreSQL: build into a new schema and make it current in the same transaction; readers
    go on reading the old schema until they next take a connection. The builds before the one
    replaced are dropped afterwards (a reader may still be finishing on the one replaced)."""
    schema = f"prosopo_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}_{time.monotonic_ns() % 10**6}"
    engine = db.make_engine(url)
    try:
        with engine.begin() as connection:
            previous = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
            _fill(connection, ds, texts, report, maker)
            connection.exec_driver_sql(
                f"CREATE TABLE IF NOT EXISTS {db.CURRENT_SCHEMA} (schema text NOT NULL)"
            )
            connection.exec_driver_sql(f"DELETE FROM {db.CURRENT_SCHEMA}")
            connection.exec_driver_sql(
                f"INSERT INTO {db.CURRENT_SCHEMA} (schema) VALUES (%(schema)s)", {"schema": schema}
            )
        with engine.begin() as connection:
            stale = connection.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'prosopo\\_%%'"
                " AND nspname NOT IN (%(new)s, %(old)s)",
                {"new": schema, "old": previous},
            ).scalars()
            for name in list(stale):
                connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        engine.dispose()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# a build's scratch file, `.NAME.building-PID`, and the journal files SQLite may keep beside it
_SCRATCH = re.compile(r"\.building-(\d+)(?:-journal|-wal|-shm)?$")


def _remove_stale_scratch(target: Path) -> None:
    """Remove the scratch files that killed builds left beside `target` (and any journal
    SQLite kept beside one)."""
    for stale in target.parent.glob(f".{target.name}.building-*"):
        found = _SCRATCH.search(stale.name)
        if found and not _alive(int(found.group(1))):
            stale.unlink(missing_ok=True)


def _scratch_engine(scratch: Path) -> Engine:
    """An engine on the scratch file of a build. It writes without a journal and without
    waiting for the disk: a build that fails or is killed throws the file away, and one that
    succeeds is flushed to disk before it is renamed over the target. It checks no reference
    row by row (a fifth of the writing); :func:`check_references` checks them all at the end."""
    engine = db.make_engine(f"sqlite:///{scratch}")

    @event.listens_for(engine, "connect")
    def _no_journal(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    return engine


class BrokenReferences(Exception):
    """Rows the build wrote point at rows it did not write."""


def check_references(connection: Connection) -> None:
    """Raise :class:`BrokenReferences` if any row of the SQLite database on `connection` points
    at a row that does not exist (what PostgreSQL checks as it writes)."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise BrokenReferences(
            f"{len(broken)} rows point at rows that do not exist"
            f" (the first: row {rowid} of {table}, pointing into {parent})"
        )


def build(
    url: str,
    data_dir: Path,
    report: Report = _quiet,
    sources: Path | None = None,
    force: bool = False,
) -> dict[str, int]:
    """Build the database at `url` from `data_dir`; return the number of entries of each kind.

    With `sources` (the folder of the source texts), passages get their text; the texts must be
    the editions the data cite. Raises :class:`prosopo.build.load.DataErrors` for bad data files,
    :class:`prosopo.build.texts.sources.SourceUnavailable` for missing or wrong texts and
    :class:`StaleIndex` for an index made from other texts and :class:`WouldLoseData` when the
    build would lose more than :data:`SHRINK_LIMIT` of any kind of fact held by the database it
    replaces (unless `force`), all before anything is written.
    """
    # The cycle collector is paused for the whole build: with the dataset in memory, every
    # collection that the reading of the texts, the migrations' imports or the rows set off
    # would walk all of it again (2.5 s of a 100x build). The maker of the derived tables is
    # forked before the data are read (prosopo.build.aside).
    sqlite = make_url(url).get_backend_name() == "sqlite"
    with (
        bulk.without_cycle_collection(),
        aside.maker(models.Base.metadata.tables, sqlite) as maker,
    ):
        return _build(url, data_dir, report, sources, force, maker)


def _build(
    url: str,
    data_dir: Path,
    report: Report,
    sources: Path | None,
    force: bool,
    maker: aside.Maker,
) -> dict[str, int]:
    ds = load_data(data_dir, progress=lambda name: report(f"read {name}", 0, 0))
    texts: dict[tuple[str, str], TextPassage] = {}
    if sources is not None:
        report("read the source texts", 0, 0)
        texts = _texts(ds, read_sources(sources, [s.record for s in ds.sources]))
    if not force:
        _check_shrink(url, ds.counts())
    target = _sqlite_file(url)
    if target is None:
        _build_schema(url, ds, texts, report, maker)
        return ds.counts()
    target = target.resolve()
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {target.parent} does not exist")
    _remove_stale_scratch(target)
    scratch = target.with_name(f".{target.name}.building-{os.getpid()}")
    scratch.unlink(missing_ok=True)
    engine = _scratch_engine(scratch)
    try:
        with engine.begin() as connection:
            _fill(connection, ds, texts, report, maker)
            check_references(connection)
        engine.dispose()
        with scratch.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(scratch, target)
    except BaseException:
        engine.dispose()
        scratch.unlink(missing_ok=True)
        raise
    return ds.counts()
