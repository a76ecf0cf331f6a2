"""Time a full build of data/ and the three core queries, on SQLite and (if given) PostgreSQL.

    python benchmarks/build_and_query.py [--postgres URL] [--repeat N]

Prints one line per figure; the README quotes them with this command.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from prosopo import db, queries, year_holders
from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.models import Person


def _timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(url: str, repeat: int) -> None:
    build_ms = _timed(lambda: build(url, DEFAULT_DATA_DIR, force=True), max(1, repeat // 10))
    counts = build(url, DEFAULT_DATA_DIR, force=True)
    engine = db.make_engine(url)
    with db.session_scope(engine) as session:
        people = list(session.scalars(select(Person.id)))
        career_ms = _timed(lambda: [queries.career(session, p) for p in people], repeat)
        held_ms = _timed(lambda: year_holders.who_held(session, HoldingsFilter(year=1956)), repeat)
        purged_ms = _timed(lambda: queries.purges(session, PurgesFilter(year=1956)), repeat)
    engine.dispose()
    engine_name = url.split(":", 1)[0]
    total = sum(counts.values())
    print(f"{engine_name}: build of {total} entries: {build_ms:.0f} ms")
    print(
        f"{engine_name}: career, all {len(people)} persons: {career_ms:.1f} ms "
        f"({career_ms / max(len(people), 1):.2f} ms each)"
    )
    print(f"{engine_name}: who held posts in 1956: {held_ms:.1f} ms")
    print(f"{engine_name}: purged in 1956: {purged_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure as well")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.repeat)
    if args.postgres:
        measure(args.postgres, args.repeat)


if __name__ == "__main__":
    main()
