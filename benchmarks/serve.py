"""Requests per second, latency and memory of the served API, beside Datasette answering the
equivalent SQL over the same SQLite file and a bare endpoint of the same stack; then overload,
recovery, and a synthetic database `--scale` times as large on SQLite and PostgreSQL.

    python -m benchmarks.serve [--seconds 10] [--soak 6] [--postgres URL] [--scale 100]
        [--only-scaled]

Needs wrk (Debian: `apt-get install wrk`). Each server is a process of its own on 127.0.0.1,
pinned to the first core, and wrk to the second, so that the load generator does not take the
server's CPU. Every request asks another question of its kind (wrk's Lua script cycles through
every person, year 1945-1970, faction, body, event and 200 name forms), the same for prosopo
and Datasette, so no answer is measured from one warm row. prosopo holds an answer in memory
once asked (the data are read-only between builds), so each question is first asked once per
value, one at a time, and that first asking is reported apart ("first asked"). Prints tables;
the README quotes them with this command.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import select

from benchmarks.tenures import scaled_data
from prosopo import db
from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR
from prosopo.models import Event, Faction, Organisation, Person, PersonName
from prosopo.names import name_key

YEARS = [str(y) for y in range(1945, 1971)]

# question -> (prosopo path with {} for the varied value, what varies)
QUESTIONS = {
    "a career (/persons/ID)": ("/persons/{}", "person"),
    "who held posts in a year (/holdings?year=Y)": ("/holdings?year={}", "year"),
    "the leadership of a year (/leadership?year=Y)": ("/leadership?year={}", "year"),
    "purged in a year (/purges?year=Y)": ("/purges?year={}", "year"),
    "name search (/persons/search?name=NAME)": ("/persons/search?name={}", "form"),
    "name resolve (/persons/resolve?name=NAME)": ("/persons/resolve?name={}", "form"),
    "persons of a faction (/persons?faction=F)": ("/persons?faction={}", "faction"),
    "a faction's members and fates (/factions/F)": ("/factions/{}", "faction"),
    "a body, its posts and holders (/organisations/O)": ("/organisations/{}", "organisation"),
    "an event and whom it touched (/events/E)": ("/events/{}", "event"),
    "a person's IPIF factoids (/ipif/factoids?personId=ID)": (
        "/ipif/factoids?personId={}",
        "person",
    ),
    "a person's web page (/ui/persons/ID)": ("/ui/persons/{}", "person"),
    "a year's web page (/ui/years/Y)": ("/ui/years/{}", "year"),
}
# Web pages are compared with Datasette's own HTML page of the same rows, not its JSON.
PAGES = {"a person's web page (/ui/persons/ID)", "a year's web page (/ui/years/Y)"}

# The same questions as SQL for Datasette (its JSON API over the same file): the rows an answer
# is built from, as a user of a generic SQL browser would ask for them. `:v` is the varied value
# (for names: the normalised key of the form, which Datasette cannot make itself).
DATASETTE_SQL = {
    "a career (/persons/ID)": (
        "select a.*, h.*, p.*, m.*, c.* from assertions a"
        " left join post_holdings h on h.id = a.id left join purge_events p on p.id = a.id"
        " left join faction_memberships m on m.id = a.id"
        " left join citations c on c.assertion_id = a.id where a.person_id = :v"
    ),
    "who held posts in a year (/holdings?year=Y)": (
        "select ty.basis, t.*, po.title, pe.name, c.source_id, c.locator from tenure_years ty"
        " join tenures t on t.id = ty.tenure_id join posts po on po.id = t.post_id"
        " join persons pe on pe.id = t.person_id"
        " join tenure_evidence e on e.tenure_id = t.id"
        " left join citations c on c.assertion_id = e.assertion_id"
        " where ty.year = :v order by po.title, pe.name"
    ),
    "the leadership of a year (/leadership?year=Y)": (
        "select ty.basis, po.title, pe.name, o.name from tenure_years ty"
        " join tenures t on t.id = ty.tenure_id join posts po on po.id = t.post_id"
        " join organisations o on o.id = po.organisation_id"
        " join persons pe on pe.id = t.person_id"
        " where ty.year = :v and (po.single_holder or po.leadership) order by o.name, po.title"
    ),
    "purged in a year (/purges?year=Y)": (
        "select ay.basis, pu.*, pe.name, c.source_id, c.locator from assertion_years ay"
        " join purge_events pu on pu.id = ay.assertion_id join assertions a on a.id = pu.id"
        " join persons pe on pe.id = a.person_id"
        " left join citations c on c.assertion_id = a.id"
        " where ay.year = :v order by pu.date_earliest, pe.name"
    ),
    "name search (/persons/search?name=NAME)": (
        "select pe.*, n.form, n.scheme from person_names n join assertions a on a.id = n.id"
        " join persons pe on pe.id = a.person_id where n.key like :v || '%' limit 10"
    ),
    "name resolve (/persons/resolve?name=NAME)": (
        "select pe.*, n.form, n.scheme from person_names n join assertions a on a.id = n.id"
        " join persons pe on pe.id = a.person_id where n.key = :v"
    ),
    "persons of a faction (/persons?faction=F)": (
        "select pe.* from persons pe where pe.id in (select a.person_id from assertions a"
        " join faction_memberships m on m.id = a.id where m.faction_id = :v) order by pe.name"
        " limit 100"
    ),
    "a faction's members and fates (/factions/F)": (
        "select pe.name, m.*, pu.*, c.source_id, c.locator from faction_memberships m"
        " join assertions a on a.id = m.id join persons pe on pe.id = a.person_id"
        " left join citations c on c.assertion_id = a.id"
        " left join assertions b on b.person_id = a.person_id"
        " left join purge_events pu on pu.id = b.id where m.faction_id = :v"
    ),
    "a body, its posts and holders (/organisations/O)": (
        "select o.*, po.*, t.*, pe.name from organisations o"
        " join posts po on po.organisation_id = o.id left join tenures t on t.post_id = po.id"
        " left join persons pe on pe.id = t.person_id where o.id = :v or o.parent_id = :v"
    ),
    "an event and whom it touched (/events/E)": (
        "select e.*, pu.*, pe.name, c.source_id, c.locator from events e"
        " left join purge_events pu on pu.event_id = e.id"
        " left join assertions a on a.id = pu.id left join persons pe on pe.id = a.person_id"
        " left join citations c on c.assertion_id = a.id where e.id = :v"
    ),
    "a person's IPIF factoids (/ipif/factoids?personId=ID)": (
        "select a.*, c.* from assertions a join citations c on c.assertion_id = a.id"
        " where a.person_id = :v"
    ),
}
DATASETTE_SQL["a person's web page (/ui/persons/ID)"] = DATASETTE_SQL["a career (/persons/ID)"]
DATASETTE_SQL["a year's web page (/ui/years/Y)"] = DATASETTE_SQL[
    "the leadership of a year (/leadership?year=Y)"
]

BARE_APP = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/bare")
def bare() -> dict[str, str]:
    return {"answer": "constant"}
"""

LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


@dataclass
class Load:
    rps: float
    p50: float  # ms
    p99: float  # ms
    max: float  # ms
    failed: int  # non-2xx answers, socket errors and timeouts


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        raise ValueError(f"wrk printed a latency of {text!r}")
    return float(found[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[found[2]]


def _pinned(core: int) -> list[str]:
    """Run on one core where the machine has two or more (taskset), else anywhere."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core)]
    return []


def wrk(base: str, paths: Sequence[str], seconds: int, connections: int, folder: Path) -> Load:
    """wrk against `base`, cycling through `paths` (two may run at once: each has its script)."""
    script = folder / f"paths-{abs(hash(tuple(paths))):x}.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths), encoding="utf-8")
    out = subprocess.run(
        [
            *_pinned(1),
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    failed = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    failed += sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50=_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        p99=_ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        max=_ms(latency.group(1)) if latency else 0.0,
        failed=failed,
    )


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    start_s: float

    def rss_mb(self) -> float:
        """Resident memory of the server process now."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


@contextmanager
def serving(
    command: list[str], env: dict[str, str], ready: str = "/openapi.json"
) -> Iterator[Server]:
    port = _port()
    started = time.monotonic()
    process = subprocess.Popen(
        [*_pinned(0), sys.executable, "-m", *[c.replace("PORT", str(port)) for c in command]],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + ready, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{command} did not start") from None
                time.sleep(0.05)
        yield Server(process, base, time.monotonic() - started)
    finally:
        process.kill()
        process.wait()


def prosopo_server() -> list[str]:
    """The server as `prosopo serve` runs it."""
    return ["prosopo", "serve", "--port", "PORT"]


def varied_values(url: str) -> dict[str, list[str]]:
    """Every person, faction, organisation and event id, and 200 name forms spread over the
    persons."""
    engine = db.make_engine(url)
    with db.session_scope(engine) as session:
        persons = list(session.scalars(select(Person.id).order_by(Person.id)))
        forms = list(session.scalars(select(PersonName.form).order_by(PersonName.id)))
        factions = list(session.scalars(select(Faction.id).order_by(Faction.id)))
        bodies = list(session.scalars(select(Organisation.id).order_by(Organisation.id)))
        events = list(session.scalars(select(Event.id).order_by(Event.id)))
    engine.dispose()
    step = max(1, len(forms) // 200)
    return {
        "person": persons,
        "year": YEARS,
        "form": forms[::step][:200],
        "faction": factions,
        "organisation": bodies,
        "event": events,
    }


def first_asked(base: str, paths: Sequence[str]) -> tuple[float, float]:
    """p50 and max ms of each path asked once, one after another: answers not yet in memory."""
    times = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            started = time.perf_counter()
            client.get(path).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return times[len(times) // 2], times[-1]


def _quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def real_data(args: argparse.Namespace, folder: Path) -> None:
    database = folder / "served.sqlite"
    url = f"sqlite:///{database}"
    build(url, DEFAULT_DATA_DIR, force=True)
    (folder / "bare_app.py").write_text(BARE_APP, encoding="utf-8")
    env = {**os.environ, "PROSOPO_DATABASE_URL": url, "PYTHONPATH": str(folder)}
    values = varied_values(url)
    datasette = [
        "datasette",
        "serve",
        str(database),
        "--port",
        "PORT",
        "--immutable",
        str(database),
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]
    # the same stack as `prosopo serve`: uvicorn, httptools, the asyncio loop, an access log
    bare_command = [
        *("uvicorn", "--loop", "asyncio", "--http", "httptools", "--port", "PORT"),
        "bare_app:app",
    ]
    with serving(bare_command, env, ready="/bare") as bare:
        bare_memory = [bare.rss_mb()]
        bare_load = wrk(bare.base, ["/bare"], args.seconds, args.connections, folder)
        bare_memory.append(bare.rss_mb())
        bare_overload = wrk(bare.base, ["/bare"], args.seconds, 256, folder)
    rows = []
    first: dict[str, tuple[float, float]] = {}
    on_postgres: dict[str, Load] = {}
    if args.postgres:  # the same questions of the same data, served from PostgreSQL
        build(args.postgres, DEFAULT_DATA_DIR, force=True)
        on_pg = {**env, "PROSOPO_DATABASE_URL": args.postgres}
        with serving(prosopo_server(), on_pg) as pg_server:
            for name, (path, varies) in QUESTIONS.items():
                paths = [path.format(_quote(v)) for v in values[varies]]
                first_asked(pg_server.base, paths)
                on_postgres[name] = wrk(
                    pg_server.base, paths, args.seconds, args.connections, folder
                )
    with (
        serving(prosopo_server(), env) as ours,
        serving(datasette, env, ready="/-/versions.json") as other,
    ):
        memory = [ours.rss_mb()]
        for name, (path, varies) in QUESTIONS.items():
            paths = [path.format(_quote(v)) for v in values[varies]]
            first[name] = first_asked(ours.base, paths)
            mine = wrk(ours.base, paths, args.seconds, args.connections, folder)
            memory.append(ours.rss_mb())
            sql = _quote(DATASETTE_SQL[name])
            table = "/served?sql=" if name in PAGES else "/served.json?_shape=array&sql="
            asked = [
                f"{table}{sql}&v=" + _quote(name_key(v) if varies == "form" else v)
                for v in values[varies]
            ]
            rows.append(
                (name, mine, wrk(other.base, asked, args.seconds, args.connections, folder))
            )
        every = [
            path.format(_quote(v)) for path, varies in QUESTIONS.values() for v in values[varies]
        ]
        overload = []
        for connections in (64, 256, args.connections):
            overload.append((connections, wrk(ours.base, every, args.seconds, connections, folder)))
            memory.append(ours.rss_mb())
        soak = []  # memory under a further steady load: does it keep growing?
        for _ in range(args.soak):
            wrk(ours.base, every, args.seconds, 64, folder)
            soak.append(ours.rss_mb())
    print(
        f"server start: {ours.start_s:.1f} s; {args.connections} connections, {args.seconds:g} s"
        f" a run; a bare endpoint of the same stack: {bare_load.rps:,.0f} req/s,"
        f" p50 {bare_load.p50:.1f} ms, p99 {bare_load.p99:.1f} ms"
    )
    print()
    print(
        "| question | first asked p50 / max ms | prosopo req/s | p50 / p99 ms | Datasette req/s"
        " | p50 / p99 ms | prosopo ÷ Datasette | prosopo ÷ bare | p99 ÷ bare p99 | failed |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, mine, theirs in rows:
        print(
            f"| {name} | {first[name][0]:.1f} / {first[name][1]:.0f}"
            f" | {mine.rps:,.0f} | {mine.p50:.1f} / {mine.p99:.1f} | {theirs.rps:,.0f}"
            f" | {theirs.p50:.1f} / {theirs.p99:.1f} | {mine.rps / theirs.rps:.2f}"
            f" | {mine.rps / bare_load.rps:.2f} | {mine.p99 / bare_load.p99:.2f}"
            f" | {mine.failed + theirs.failed} |"
        )
    if on_postgres:
        print()
        print(
            "| question | PostgreSQL req/s | p50 / p99 ms | ÷ SQLite (target ≥ 0.5)"
            " | ÷ Datasette (target ≥ 5) | failed |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for name, mine, theirs in rows:
            pg = on_postgres[name]
            print(
                f"| {name} | {pg.rps:,.0f} | {pg.p50:.1f} / {pg.p99:.1f}"
                f" | {pg.rps / mine.rps:.2f} | {pg.rps / theirs.rps:.2f} | {pg.failed} |"
            )
    print()
    print("every question mixed, one run after another (the last: recovery after the overload)")
    print()
    print("| connections | req/s | p50 / p99 / max ms | failed or timed out (10 s) |")
    print("| --- | --- | --- | --- |")
    for connections, load in overload:
        print(
            f"| {connections} | {load.rps:,.0f} | {load.p50:.1f} / {load.p99:.1f} / {load.max:.0f}"
            f" | {load.failed} |"
        )
    print(
        f"| 256, the bare endpoint | {bare_overload.rps:,.0f} | {bare_overload.p50:.1f}"
        f" / {bare_overload.p99:.1f} / {bare_overload.max:.0f} | {bare_overload.failed} |"
    )
    print()
    print(
        "server memory (RSS, MB): after start "
        + f"{memory[0]:.0f}; after each run "
        + ", ".join(f"{m:.0f}" for m in memory[1:])
        + f" (the bare endpoint: {bare_memory[0]:.0f} after start,"
        + f" {bare_memory[1]:.0f} after its run); then after each of {args.soak} more runs of"
        + f" {args.seconds} s at 64 connections: "
        + ", ".join(f"{m:.0f}" for m in soak)
    )


def during_rebuilds(args: argparse.Namespace, folder: Path, url: str, engine: str) -> None:
    """p99 of held answers while the server starts fresh and while the database is rebuilt
    (twice, in this process, while wrk runs): a request must not wait behind the preparing
    of a build (target: p99 no more than 10 ms)."""
    build(url, DEFAULT_DATA_DIR, force=True)
    env = {**os.environ, "PROSOPO_DATABASE_URL": url}
    held = [QUESTIONS[n][0].format(y) for n in list(QUESTIONS)[1:4] for y in YEARS]
    # beside them, 4 connections ask only for an answer already held (asked by the start-up
    # check): what it waits is what a held answer waits behind the first askings
    alone = ["/sources"]

    def both(seconds: int) -> tuple[Load, Load]:
        with ThreadPoolExecutor(2) as pool:
            mixed = pool.submit(wrk, ours.base, held, seconds, args.connections, folder)
            only = pool.submit(wrk, ours.base, alone, seconds, 4, folder)
            return mixed.result(), only.result()

    with serving(prosopo_server(), env, ready="/sources") as ours:
        fresh, fresh_held = both(args.seconds)  # first askings too
        steady = wrk(ours.base, held, args.seconds, args.connections, folder)
        done: list[float] = []

        def rebuild() -> None:
            for _ in range(2):
                time.sleep(args.seconds / 4)
                build(url, DEFAULT_DATA_DIR, force=True)
                done.append(time.monotonic())

        builder = threading.Thread(target=rebuild)
        builder.start()
        rebuilt, rebuilt_held = both(args.seconds * 2)
        builder.join()
    for label, load in (
        ("just started (each answer asked for the first time)", fresh),
        ("just started: a held answer asked beside them", fresh_held),
        ("steady", steady),
        (f"while the database is rebuilt {len(done)} times", rebuilt),
        (f"while rebuilt {len(done)} times: a held answer asked beside them", rebuilt_held),
    ):
        verdict = "met" if load.p99 <= 10 else "NOT MET"
        print(
            f"| {engine} | {label} | {load.rps:,.0f} | {load.p50:.1f} / {load.p99:.1f}"
            f" / {load.max:.0f} | {verdict} | {load.failed} |"
        )


def scaled(args: argparse.Namespace, folder: Path) -> None:
    data = scaled_data(folder / "scaled", args.scale)
    urls = [f"sqlite:///{folder / 'scaled.sqlite'}"] + ([args.postgres] if args.postgres else [])
    print()
    print(
        f"{args.scale}× data: one connection (latency) and {args.connections} (throughput),"
        f" every year 1945-1970"
    )
    print()
    print("| engine | question | rows in 1956 | p50 / p99 ms, 1 connection | req/s | failed |")
    print("| --- | --- | --- | --- | --- | --- |")
    for url in urls:
        started = time.monotonic()
        counts = build(url, data, force=True)
        build_s = time.monotonic() - started
        engine = url.split(":", 1)[0].split("+")[0]
        env = {**os.environ, "PROSOPO_DATABASE_URL": url}
        with serving(prosopo_server(), env) as ours:
            for name in list(QUESTIONS)[1:4]:
                path = QUESTIONS[name][0]
                paths = [path.format(y) for y in YEARS]
                one = wrk(ours.base, paths, args.seconds, 1, folder)
                many = wrk(ours.base, paths, args.seconds, args.connections, folder)
                answer = httpx.get(ours.base + path.format(1956), timeout=60)
                rows = answer.headers.get("X-Total-Count", "(one answer)")
                print(
                    f"| {engine} | {name} | {rows} | {one.p50:.1f} / {one.p99:.1f}"
                    f" | {many.rps:,.0f} | {one.failed + many.failed} |"
                )
            print(
                f"| {engine} | (build of {counts['persons']:,} persons, {counts['holdings']:,}"
                f" holdings, {counts['purges']:,} purges: {build_s:.0f} s; server memory"
                f" {ours.rss_mb():.0f} MB) | | | | |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--soak", type=int, default=6, help="runs that watch memory at the end")
    parser.add_argument("--postgres", help="a PostgreSQL URL to measure as well")
    parser.add_argument("--scale", type=int, default=100, help="0: skip the large database")
    parser.add_argument(
        "--only-scaled", action="store_true", help="measure the large database only"
    )
    parser.add_argument(
        "--only-rebuilds",
        action="store_true",
        help="measure the held answers during a fresh start and during rebuilds only",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/serve.py needs wrk (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as folder:
        if not args.only_scaled:
            if not args.only_rebuilds:
                real_data(args, Path(folder))
            print()
            print("the year questions while the server starts and while the database is rebuilt")
            print()
            print("| engine | when | req/s | p50 / p99 / max ms | p99 ≤ 10 ms | failed |")
            print("| --- | --- | --- | --- | --- | --- |")
            during_rebuilds(args, Path(folder), f"sqlite:///{Path(folder) / 'rb.sqlite'}", "SQLite")
            if args.postgres:
                during_rebuilds(args, Path(folder), args.postgres, "PostgreSQL")
        if args.scale and not args.only_rebuilds:
            scaled(args, Path(folder))


if __name__ == "__main__":
    main()
