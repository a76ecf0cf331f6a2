"""Time the year questions that read the tenures, on the real data and on a synthetic database
`--scale` times as large, on SQLite and (if given) PostgreSQL.

    python benchmarks/tenures.py [--postgres URL] [--scale 100] [--repeat 200]

The synthetic data are `--scale` copies of data/: every person, every post and every assertion
copied with the copy's number in its ids (posts keep their organisation), so each copy is a
parallel leadership and every answer is `--scale` times as long as on the real data. Prints one
line per figure (median and 99th percentile of `--repeat` runs, after one warm-up); the README
quotes them with this command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from prosopo import db, leaders, queries, year_holders
from prosopo.build import build, yamlfile
from prosopo.config import DEFAULT_DATA_DIR
from prosopo.filters import HoldingsFilter, PurgesFilter
from prosopo.schemas import Leadership
from prosopo.tenures import Basis


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _load(path: Path) -> Any:
    return _plain(yamlfile.load(path.read_text(encoding="utf-8")))


class _Dumper(yaml.CSafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # each copy written out in full, as a curator would write it


def _dump(content: Any, path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(
            content,
            f,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=4096,
            default_flow_style=None,  # lists of values in one line, as the curators write them
        )


def _copy_ids(entry: dict[str, Any], n: int) -> None:
    entry["person"] = f"{entry['person']}-s{n}"
    if entry.get("post"):
        entry["post"] = f"{entry['post']}-s{n}"
    if entry.get("id"):  # a pinned permanent id names one assertion: the copy gets its own
        entry["id"] = f"{entry['id']}-s{n}"


def scaled_data(target: Path, scale: int) -> Path:
    """data/ with every person, post and assertion copied `scale` times in all (the originals
    are copy 1)."""
    shutil.copytree(DEFAULT_DATA_DIR, target)
    people = _load(DEFAULT_DATA_DIR / "persons.yaml")
    posts = _load(DEFAULT_DATA_DIR / "vocabulary" / "posts.yaml")
    new_people, new_posts = list(people), list(posts)
    for n in range(2, scale + 1):
        for p in people:
            copy = dict(p)
            copy["id"] = f"{p['id']}-s{n}"
            copy["names"] = [dict(name) for name in p["names"]]
            new_people.append(copy)
        for p in posts:
            new_posts.append({**p, "id": f"{p['id']}-s{n}"})
    _dump(new_people, target / "persons.yaml")
    _dump(new_posts, target / "vocabulary" / "posts.yaml")
    for path in sorted((DEFAULT_DATA_DIR / "assertions").glob("*.yaml")):
        content = _load(path)
        for part in ("memberships", "holdings", "purges"):
            originals = list(content.get(part, []))
            for n in range(2, scale + 1):
                for entry in originals:
                    copy = dict(entry)
                    _copy_ids(copy, n)
                    content[part].append(copy)
        _dump(content, target / "assertions" / path.name)
    return target


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 99th percentile wall time of `action`, in milliseconds."""
    action()  # warm-up: first-query caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def measure(url: str, data: Path, label: str, repeat: int) -> None:
    start = time.perf_counter()
    counts = build(url, data, force=True)
    build_s = time.perf_counter() - start
    engine = db.make_engine(url)
    engine_name = url.split(":", 1)[0].split("+")[0]
    print(
        f"{engine_name} {label}: build of {counts['persons']} persons, {counts['holdings']} "
        f"holdings, {counts['purges']} purges: {build_s:.1f} s"
    )
    with db.session_scope(engine) as session:
        figures: dict[str, Callable[[], object]] = {
            "who held posts in 1956 (all bases)": lambda: year_holders.who_held(
                session, HoldingsFilter(year=1956)
            ),
            "who held posts in 1956 (stated only)": lambda: year_holders.who_held(
                session, HoldingsFilter(year=1956, basis=[Basis.stated])
            ),
            "the leadership of 1956": lambda: leaders.leadership(session, year=1956),
            "the leadership of 1956-09-01": lambda: leaders.leadership(
                session, date=dt.date(1956, 9, 1)
            ),
            "purged in 1956": lambda: queries.purges(session, PurgesFilter(year=1956)),
            "purges per year": lambda: queries.purge_counts(session),
        }
        for name, action in figures.items():
            rows = action()
            if isinstance(rows, Leadership):  # count the seats filled, body by body
                size = sum(len(seat.holders) for body in rows.bodies for seat in body.seats)
            else:
                size = len(rows) if isinstance(rows, list) else 0
            median, p99 = timed(action, repeat)
            print(
                f"{engine_name} {label}: {name} ({size} rows): "
                f"median {median:.1f} ms, p99 {p99:.1f} ms"
            )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure as well")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scaled = scaled_data(Path(folder) / "data", args.scale)
        for data, label, repeat in (
            (DEFAULT_DATA_DIR, "real data", args.repeat),
            (scaled, f"{args.scale}x data", max(10, args.repeat // 10)),
        ):
            measure(f"sqlite:///{Path(folder) / 'bench.sqlite'}", data, label, repeat)
            if args.postgres:
                measure(args.postgres, data, label, repeat)


if __name__ == "__main__":
    main()
