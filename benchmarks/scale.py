"""The targets of a build that scales, measured on data `--scale` times the real data (100 by
default), on SQLite and (if given) PostgreSQL; each figure is printed with its target.

    python benchmarks/scale.py [--postgres URL] [--scale 100] [--repeat 20]

- `prosopo check` of a data folder of about 60,000 entries (the copies of `--scale 100`
  trimmed to that many), and of the whole scaled folder;
- `prosopo build` of the scaled data: wall time and peak memory (of the build and the process
  it forks to make the derived tables, see `_run`), and the ratio to a bulk insert of the very
  rows it wrote (the tables read back from the build, written again with `prosopo.build.bulk`
  into a fresh schema, its indexes made after, as the build makes them);
- questions the API answers from those rows: a year question with a filter, one page of it
  (the API's default page of 100 rows), and the leadership of a date and of a year (its
  first page of 100 seats, and every seat); median and 99th
  percentile of `--repeat` runs after one warm-up;
- IPIF's corpus, which a server reads before its first answer: the time it takes and how much
  larger the process grows.

Each build and check runs in a process of its own, so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Table, select

from benchmarks.tenures import scaled_data, timed
from prosopo import db, ipif, leaders, models, year_holders
from prosopo.build import bulk
from prosopo.filters import HoldingsFilter, HoldingsQuery
from prosopo.tenures import Basis

TARGETS = {
    "check-60k": 10.0,  # seconds
    "build-sqlite": 30.0,
    "build-postgresql": 45.0,
    "memory-sqlite": 500.0,  # MB
    "year-filtered": 100.0,  # ms, p50
    "leadership-date": 50.0,
}


def _verdict(value: float, target: float, unit: str) -> str:
    return f"target {target:g} {unit}: {'met' if value <= target else 'NOT MET'}"


def _run(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB and standard output of a command run as a process of its own (its
    output and errors go to files: a pipe left unread would stall it).

    The peak is the memory of the process and the processes it forks (a build makes its derived
    tables in one, prosopo.build.aside): the largest sum of their proportional set sizes
    (`Pss`, which counts a page two processes share half to each) seen while it runs, polled
    every 50 ms, or the process's own high-water mark (`VmHWM`) if that is larger. The maximum
    resident set that `wait4` reports would count what the child was before it started its
    program, a copy of this benchmark, which by the second build holds every row of the first."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err)
        peak = 0
        while process.poll() is None:
            tree = [process.pid, *_children(process.pid)]
            peak = max(peak, _high_water(process.pid), sum(_proportional(p) for p in tree))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{err.read().decode()}")
        return seconds, peak / 1024, out.read().decode()


def _high_water(pid: int) -> int:
    """The peak resident set of a running process so far, in kilobytes (0 once it has ended)."""
    return _status(pid, "VmHWM")


def _status(pid: int, field: str) -> int:
    """A memory figure of a running process's status (`VmHWM`, `VmRSS`), in kilobytes (0 once
    it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _proportional(pid: int) -> int:
    """The proportional set size of a running process, in kilobytes (0 once it has ended)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def _prosopo(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "prosopo"), *args]


def _checked(data: Path) -> tuple[float, float, int]:
    """`prosopo check` of `data`: seconds, peak MB, and the entries it counted."""
    seconds, peak, said = _run(_prosopo("check", "--data", str(data)))
    return seconds, peak, sum(int(part.split()[0]) for part in said.strip().split(", "))


def _bulk_seconds(url: str) -> float:
    """Seconds to write every table of the build at `url` again, with the build's own bulk
    writer, into a fresh schema (the rows read beforehand, the schema made beforehand)."""
    engine = db.make_engine(url)
    tables: list[tuple[Table, list[dict[str, object]]]] = []
    with engine.connect() as connection:
        for table in models.Base.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in connection.execute(select(table))]
            tables.append((table, rows))
    engine.dispose()
    postgres = url.startswith("postgresql")
    fresh_url = url if postgres else url.replace(".sqlite", "-bulk.sqlite")
    engine = (
        db.make_engine(fresh_url, schema="prosopo_bulk_baseline")
        if postgres
        else db.make_engine(fresh_url)
    )
    with engine.begin() as connection:
        if postgres:
            connection.exec_driver_sql('DROP SCHEMA IF EXISTS "prosopo_bulk_baseline" CASCADE')
            connection.exec_driver_sql('CREATE SCHEMA "prosopo_bulk_baseline"')
            connection.exec_driver_sql('SET LOCAL search_path TO "prosopo_bulk_baseline"')
        db.upgrade(connection, "head")
        start = time.perf_counter()
        with bulk.without_cycle_collection(), bulk.indexes_later(connection):
            for table, rows in tables:
                bulk.write(connection, table, rows)
        seconds = time.perf_counter() - start
        if postgres:
            connection.exec_driver_sql('DROP SCHEMA "prosopo_bulk_baseline" CASCADE')
    engine.dispose()
    if not postgres:
        Path(fresh_url.removeprefix("sqlite:///")).unlink()
    return seconds


def questions(url: str, engine_name: str, repeat: int) -> None:
    engine = db.make_engine(url)
    with db.session_scope(engine) as session:
        asked: dict[str, tuple[str | None, Callable[[], object]]] = {
            # what /holdings?year=1956&organisation=cabinet answers: its first page
            "who held a post of the cabinet in 1956, first page (organisation=cabinet)": (
                "year-filtered",
                lambda: year_holders.who_held_page(
                    session, HoldingsQuery(year=1956, organisation="cabinet")
                ),
            ),
            "who held posts in 1956, first page (100 rows of all)": (
                "year-filtered",
                lambda: year_holders.who_held_page(session, HoldingsQuery(year=1956)),
            ),
            "who held posts in 1956 with a stated basis, first page (basis=stated)": (
                "year-filtered",
                lambda: year_holders.who_held_page(
                    session, HoldingsQuery(year=1956, basis=[Basis.stated])
                ),
            ),
            # every row at once, as the CLI asks: its cost grows with the rows (about 30
            # answer objects each), so no target
            "who held a post of the cabinet in 1956, all rows (organisation=cabinet)": (
                None,
                lambda: year_holders.who_held(
                    session, HoldingsFilter(year=1956, organisation="cabinet")
                ),
            ),
            # what /leadership?date=1956-09-01 answers: its first page of 100 seats
            "the leadership on 1956-09-01, first page (100 seats of all)": (
                "leadership-date",
                lambda: leaders.leadership_page(session, date=dt.date(1956, 9, 1)),
            ),
            "the leadership in 1956, first page (100 seats of all)": (
                "leadership-date",
                lambda: leaders.leadership_page(session, year=1956),
            ),
            # every seat at once, as the CLI and the year page ask: it grows with the seats
            "the leadership on 1956-09-01, every seat": (
                None,
                lambda: leaders.leadership(session, date=dt.date(1956, 9, 1)),
            ),
        }
        # as `prosopo serve` does once started (api/main.py): what the process holds is left
        # out of the collector's full passes, which otherwise paused one asking in three
        gc.collect()
        gc.freeze()
        for name, (target, action) in asked.items():
            found = action()
            size = _size(found)
            median, p99 = timed(action, repeat)
            said = f", {_verdict(median, TARGETS[target], 'ms')}" if target else ""
            rows = f" ({size} rows)" if size else ""
            print(f"{engine_name}: {name}{rows}: p50 {median:.1f} ms, p99 {p99:.1f} ms{said}")
    gc.unfreeze()
    engine.dispose()


def ipif_corpus(url: str, engine_name: str) -> None:
    """What a server over the database reads before its first answer, and holds for the
    build's life: IPIF's corpus (`prosopo/ipif.py`), every statement and factoid as
    dictionaries. No target: it says what IPIF over the shared tables (issue 23) would spare."""
    engine = db.make_engine(url)
    gc.collect()
    before = _status(os.getpid(), "VmRSS")
    started = time.perf_counter()
    with db.session_scope(engine) as session:
        corpus = ipif.read_corpus(session)
    seconds = time.perf_counter() - started
    gc.collect()
    grew = (_status(os.getpid(), "VmRSS") - before) / 1024
    print(
        f"{engine_name}: IPIF's corpus, read before a server's first answer: {seconds:.1f} s,"
        f" resident memory {grew:.0f} MB larger ({len(corpus.statements):,} statements,"
        f" {len(corpus.factoids):,} factoids)"
    )
    del corpus
    engine.dispose()


def _size(found: object) -> int:
    """The rows of an answer, or the seats of a leadership."""
    found = getattr(found, "rows", found)
    if isinstance(found, list):
        return len(found)
    bodies = getattr(found, "bodies", [])
    return sum(len(b.seats) for b in bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure as well")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(f"making {args.scale}x data ...", flush=True)
        scaled = scaled_data(Path(folder) / "data", args.scale)
        size = sum(f.stat().st_size for f in scaled.rglob("*.yaml")) / 2**20
        seconds, peak, entries = _checked(scaled)
        print(f"check of {entries:,} entries ({size:.0f} MB): {seconds:.1f} s, peak {peak:.0f} MB")
        # as many copies as make about 60,000 entries
        sixty = scaled_data(Path(folder) / "sixty", max(1, round(60_000 / (entries / args.scale))))
        seconds, _, counted = _checked(sixty)
        print(
            f"check of {counted:,} entries: {seconds:.1f} s, "
            f"{_verdict(seconds, TARGETS['check-60k'], 's')}"
        )
        urls = [("sqlite", f"sqlite:///{Path(folder) / 'scaled.sqlite'}")]
        if args.postgres:
            urls.append(("postgresql", args.postgres))
        for name, url in urls:
            seconds, peak, _ = _run(
                _prosopo("build", "--db", url, "--data", str(scaled), "--force")
            )
            baseline = _bulk_seconds(url)
            memory = (
                f" ({_verdict(peak, TARGETS['memory-sqlite'], 'MB')})" if name == "sqlite" else ""
            )
            print(
                f"{name}: build of {args.scale}x data: {seconds:.1f} s "
                f"({_verdict(seconds, TARGETS['build-' + name], 's')}), "
                f"peak {peak:.0f} MB{memory}; "
                f"a bulk insert of the same rows: {baseline:.1f} s, "
                f"the build is {seconds / baseline:.1f}x that"
            )
            questions(url, name, args.repeat)
            ipif_corpus(url, name)


if __name__ == "__main__":
    main()
