"""Measure name resolution: top-1 accuracy over the table of forms, and time per lookup.

    python benchmarks/names.py

Builds data/ into a scratch SQLite database, resolves every form of
tests/fixtures/name_forms.tsv (made by benchmarks/name_table.py) and prints the share whose
best candidate is the expected person, by kind of form, and the median time of one lookup.
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from prosopo import db
from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR, REPO_ROOT
from prosopo.queries import NotFound
from prosopo.resolve import name_index, search_persons

TABLE = REPO_ROOT / "tests" / "fixtures" / "name_forms.tsv"


def main() -> None:
    with TABLE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'names.sqlite'}"
        build(url, DEFAULT_DATA_DIR)
        engine = db.make_engine(url)
        with db.session_scope(engine) as session:
            index, _ = name_index(session)  # built once, as a server does
            right: Counter[str] = Counter()
            total: Counter[str] = Counter()
            times = []
            misses = []
            for row in rows:
                start = time.perf_counter()
                try:
                    best = search_persons(session, row["form"], limit=5)[0].person.id
                except NotFound:
                    best = None
                times.append(time.perf_counter() - start)
                total[row["kind"]] += 1
                if best == row["person"]:
                    right[row["kind"]] += 1
                else:
                    misses.append(
                        f"{row['form']!r} ({row['kind']}): expected {row['person']}, got {best}"
                    )
            # the core lookup alone, without the database round trip for ids
            core = []
            for row in rows:
                start = time.perf_counter()
                index.search(row["form"], limit=5)
                core.append(time.perf_counter() - start)
        engine.dispose()
    n_right, n = sum(right.values()), sum(total.values())
    print(f"name forms: {n} in {len(total)} kinds, over {len(index.forms)} stored forms")
    print(f"top-1 accuracy: {n_right}/{n} = {n_right / n:.1%}")
    for kind in sorted(total):
        print(f"  {kind}: {right[kind]}/{total[kind]}")
    print(
        f"one lookup, search_persons: "
        f"median {statistics.median(times) * 1e6:.0f} µs, max {max(times) * 1e6:.0f} µs"
    )
    print(f"one lookup, NameIndex.search alone: median {statistics.median(core) * 1e6:.0f} µs")
    for miss in misses:
        print("  miss:", miss)


if __name__ == "__main__":
    main()
