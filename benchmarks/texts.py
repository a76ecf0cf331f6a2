"""Time the reading of the whole corpus: segmenting, indexing mentions, verifying citations.

    PROSOPO_SOURCES=../shared/sources python benchmarks/texts.py [--repeat N]

Beside the Aho–Corasick matcher it times a naive baseline, one regular expression per name
form run over every passage, so the two can be read side by side. The README quotes the
figures with this command.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from prosopo.build.load import load_data
from prosopo.build.texts.mentions import NameMatcher
from prosopo.build.texts.sources import read_sources
from prosopo.build.verify import person_forms, verify
from prosopo.config import DEFAULT_DATA_DIR

T = TypeVar("T")


def _timed(action: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median wall time in milliseconds, and the result of the last run."""
    times = []
    for _ in range(repeat - 1):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    result = action()
    times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def _naive_pattern(form: str) -> re.Pattern[str]:
    """One form as a regular expression tolerant of apostrophes, hyphens and spacing."""
    parts = []
    for char in form:
        if char in "'’":
            parts.append("['’]?")
        elif char in " -":
            parts.append(r"[\s\-·~]?")
        else:
            parts.append(re.escape(char))
    return re.compile(r"\b" + "".join(parts) + r"\b", re.IGNORECASE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = os.environ.get("PROSOPO_SOURCES")
    if not folder:
        sys.exit("PROSOPO_SOURCES is not set: point it at the folder of the source texts")
    ds = load_data(DEFAULT_DATA_DIR)
    texts = read_sources(Path(folder), [s.record for s in ds.sources])
    size = sum(len(t.text) for t in texts.values())
    forms = person_forms(ds)
    n_forms = sum(len(f) for f in forms.values())

    segment_ms, passages = _timed(
        lambda: [p for t in texts.values() for p in t.passages()], args.repeat
    )
    compile_ms, matcher = _timed(lambda: NameMatcher(forms), args.repeat)
    match_ms, found = _timed(
        lambda: [m for p in passages for m in matcher.find(p.text)], args.repeat
    )
    patterns = [(person, _naive_pattern(f)) for person, fs in forms.items() for f in fs]
    naive_ms, naive = _timed(
        lambda: [
            (person, m) for p in passages for person, rx in patterns for m in rx.finditer(p.text)
        ],
        max(1, args.repeat // 2),
    )
    verify_ms, failures = _timed(lambda: verify(ds, texts), args.repeat)

    print(
        f"corpus: {size / 1e6:.2f} MB in {len(passages)} passages; {n_forms} name forms "
        f"of {len(forms)} persons"
    )
    print(f"segment both texts: {segment_ms:.0f} ms")
    print(
        f"mentions, Aho-Corasick (one pass): {compile_ms + match_ms:.0f} ms "
        f"({compile_ms:.0f} ms to compile), {len(found)} mentions"
    )
    print(
        f"mentions, one regex per name form: {naive_ms:.0f} ms, "
        f"{len(naive)} matches (overlaps like Kim Il in Kim Il Sung included)"
    )
    print(
        f"verify every citation (segmenting and matching included): {verify_ms:.0f} ms, "
        f"{len(failures)} failure(s)"
    )


if __name__ == "__main__":
    main()
