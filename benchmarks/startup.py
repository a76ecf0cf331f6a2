"""How long `prosopo serve` takes from its start to its first answer, and the memory it holds
idle, on SQLite and (if given) PostgreSQL, each with its target.

    python benchmarks/startup.py [--postgres URL] [--repeat 5]

The database (data/, built once beforehand) is what `make run` serves, and the server starts
as `make run` starts it, its modules compiled. The first answer is a 200 to `/sources`; the
idle memory is the server's resident set one second after it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.serve import serving
from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR

FIRST_ANSWER_S = 1.5
IDLE_MB = 90.0


def _verdict(value: float, target: float, unit: str) -> str:
    return f"target {target:g} {unit}: {'met' if value <= target else 'NOT MET'}"


def measure(url: str, name: str, repeat: int) -> None:
    build(url, DEFAULT_DATA_DIR, force=True)
    # as `make run` does before it serves: the modules compiled once, not at every start
    subprocess.run([sys.executable, "-m", "compileall", "-q", "prosopo", "api"], check=True)
    env = {**os.environ, "PROSOPO_DATABASE_URL": url}
    starts, idle = [], []
    for _ in range(repeat):
        with serving(["prosopo", "serve", "--port", "PORT"], env, ready="/sources") as server:
            starts.append(server.start_s)
            time.sleep(1)
            idle.append(server.rss_mb())
    start, rss = statistics.median(starts), statistics.median(idle)
    print(
        f"{name}: start to first 200 (median of {repeat}): {start:.2f} s"
        f" ({_verdict(start, FIRST_ANSWER_S, 's')}); idle memory {rss:.0f} MB"
        f" ({_verdict(rss, IDLE_MB, 'MB')})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure as well")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{Path(folder) / 'startup.sqlite'}", "sqlite", args.repeat)
    if args.postgres:
        measure(args.postgres, "postgresql", args.repeat)


if __name__ == "__main__":
    main()
