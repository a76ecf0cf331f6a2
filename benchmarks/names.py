"""Measure name resolution: top-1 accuracy over the table of forms, and time per lookup.

    python benchmarks/names.py

Builds data/ into a scratch SQLite database, looks up every form of
tests/fixtures/name_forms.tsv (made by benchmarks/name_table.py) and prints the share whose
best candidate is the expected person, by kind of form; then, apart, how many names of no one
(kind must-not-resolve) resolve, which must be none, and how many of the other forms resolve
to their person and to another; and the median time of one lookup. Exits 1 when a name of no
one resolves or a form resolves to the wrong person.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy.orm import Session

from prosopo import db
from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR, REPO_ROOT
from prosopo.errors import NotFound
from prosopo.resolve import name_index, resolve_person, search_persons

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
            resolves: Counter[str] = Counter()  # forms of persons: right, wrong or none
            no_one, guessed = 0, []  # names of no one, and those that resolve all the same
            times = []
            misses = []
            for row in rows:
                person = _resolved(session, row["form"])
                if row["kind"] == NO_ONE:
                    no_one += 1
                    if person:
                        guessed.append(f"{row['form']!r} ({NO_ONE}): resolved to {person}")
                    continue
                outcome = "right" if person == row["person"] else "none" if not person else "wrong"
                resolves[outcome] += 1
                if outcome == "wrong":
                    guessed.append(f"{row['form']!r}: resolved to {person}, not {row['person']}")
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
    print(
        f"name forms: {n} of persons in {len(total)} kinds, and {no_one} names of no one, "
        f"over {len(index.forms)} stored forms"
    )
    print(f"top-1 accuracy: {n_right}/{n} = {n_right / n:.1%}")
    for kind in sorted(total):
        print(f"  {kind}: {right[kind]}/{total[kind]}")
    print(
        f"{NO_ONE}, names of no one in the data left unresolved: {no_one - len(guessed)}/{no_one}"
    )
    print(
        f"resolve, forms of persons: {resolves['right']}/{n} to their person, "
        f"{resolves['wrong']} to another, {resolves['none']} left as candidates"
    )
    print(
        f"one lookup, search_persons: "
        f"median {statistics.median(times) * 1e6:.0f} µs, max {max(times) * 1e6:.0f} µs"
    )
    print(f"one lookup, NameIndex.search alone: median {statistics.median(core) * 1e6:.0f} µs")
    for miss in misses:
        print("  miss:", miss)
    for guess in guessed:
        print("  guess:", guess)
    if guessed:
        sys.exit(1)


NO_ONE = "must-not-resolve"


def _resolved(session: Session, form: str) -> str | None:
    """The id of the person `form` resolves to, if any."""
    try:
        person = resolve_person(session, form).person
    except NotFound:
        return None
    return person.id if person else None


if __name__ == "__main__":
    main()
