"""Requests per second and latency of the served API on the real data, beside Datasette
answering the equivalent SQL over the same SQLite file and a bare endpoint of the same stack,
each server a process of its own on 127.0.0.1.

    python benchmarks/serve.py [--seconds 10] [--connections 16]

The load generator is asyncio with httpx2 in this process (wrk is not installed here), so it
shares the 2 cores with the server: the figures are lower bounds, and the ratios are what
compare. Prints one table; the README quotes it with this command.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx2 as httpx

from prosopo.build import build
from prosopo.config import DEFAULT_DATA_DIR

QUESTIONS = {
    "a career (/persons/choe-chang-ik)": "/persons/choe-chang-ik",
    "who held posts in 1956 (/holdings?year=1956)": "/holdings?year=1956",
    "the leadership of 1956 (/leadership?year=1956)": "/leadership?year=1956",
    "purged in 1956 (/purges?year=1956)": "/purges?year=1956",
    "name search (/persons?name=Choe Chang-ik)": "/persons?name=Choe%20Chang-ik",
    "name resolve (/persons/resolve?name=Kim Il)": "/persons/resolve?name=Kim%20Il",
}

# The same questions as SQL for Datasette (its JSON API over the same file): the rows an answer
# is built from, as a user of a generic SQL browser would ask for them.
DATASETTE_SQL = {
    "a career (/persons/choe-chang-ik)": (
        "select a.*, h.*, p.*, m.*, c.* from assertions a"
        " left join post_holdings h on h.id = a.id left join purge_events p on p.id = a.id"
        " left join faction_memberships m on m.id = a.id"
        " left join citations c on c.assertion_id = a.id where a.person_id = 'choe-chang-ik'"
    ),
    "who held posts in 1956 (/holdings?year=1956)": (
        "select ty.basis, t.*, po.title, pe.name, c.source_id, c.locator from tenure_years ty"
        " join tenures t on t.id = ty.tenure_id join posts po on po.id = t.post_id"
        " join persons pe on pe.id = t.person_id"
        " join tenure_evidence e on e.tenure_id = t.id"
        " left join citations c on c.assertion_id = e.assertion_id"
        " where ty.year = 1956 order by po.title, pe.name"
    ),
    "the leadership of 1956 (/leadership?year=1956)": (
        "select ty.basis, po.title, pe.name, o.name from tenure_years ty"
        " join tenures t on t.id = ty.tenure_id join posts po on po.id = t.post_id"
        " join organisations o on o.id = po.organisation_id"
        " join persons pe on pe.id = t.person_id"
        " where ty.year = 1956 and (po.single_holder or po.leadership) order by o.name, po.title"
    ),
    "purged in 1956 (/purges?year=1956)": (
        "select ay.basis, pu.*, pe.name, c.source_id, c.locator from assertion_years ay"
        " join purge_events pu on pu.id = ay.assertion_id join assertions a on a.id = pu.id"
        " join persons pe on pe.id = a.person_id"
        " left join citations c on c.assertion_id = a.id"
        " where ay.year = 1956 order by pu.date_earliest, pe.name"
    ),
    "name search (/persons?name=Choe Chang-ik)": (
        "select pe.*, n.form, n.scheme from person_names n join assertions a on a.id = n.id"
        " join persons pe on pe.id = a.person_id where n.key like 'choe chang%'"
    ),
    "name resolve (/persons/resolve?name=Kim Il)": (
        "select pe.*, n.form, n.scheme from person_names n join assertions a on a.id = n.id"
        " join persons pe on pe.id = a.person_id where n.key = 'kim il'"
    ),
}

BARE_APP = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/bare")
def bare() -> dict[str, str]:
    return {"answer": "constant"}
"""


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(
    command: list[str], env: dict[str, str], port: int, ready: str = "/openapi.json"
) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


async def _load(url: str, seconds: float, connections: int) -> tuple[float, float, float, int]:
    """Requests per second, p50 and p99 in ms, and the number of failed requests."""
    latencies: list[float] = []
    failures = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal failures
            while time.monotonic() < stop:
                start = time.perf_counter()
                response = await client.get(url)
                latencies.append((time.perf_counter() - start) * 1000)
                failures += response.status_code != 200

        begin = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.monotonic() - begin
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(latencies) / elapsed, statistics.median(latencies), p99, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'served.sqlite'}"
        build(url, DEFAULT_DATA_DIR, force=True)
        (Path(folder) / "bare_app.py").write_text(BARE_APP, encoding="utf-8")
        env = {**os.environ, "PROSOPO_DATABASE_URL": url, "PYTHONPATH": folder}
        port, bare_port, datasette_port = _port(), _port(), _port()
        uvicorn = ["uvicorn", "--log-level", "error", "--port"]
        started = time.monotonic()
        server = _serve([*uvicorn, str(port), "api.main:create_app", "--factory"], env, port)
        start_s = time.monotonic() - started
        bare = _serve([*uvicorn, str(bare_port), "bare_app:app"], env, bare_port)
        database = str(Path(folder) / "served.sqlite")
        datasette = _serve(
            [
                "datasette",
                "serve",
                database,
                "--port",
                str(datasette_port),
                "--immutable",
                database,
                "--setting",
                "sql_time_limit_ms",
                "10000",
            ],
            env,
            datasette_port,
            ready="/-/versions.json",
        )
        try:
            bare_result = asyncio.run(
                _load(f"http://127.0.0.1:{bare_port}/bare", args.seconds, args.connections)
            )
            rows = []
            for name, path in QUESTIONS.items():
                ours = asyncio.run(
                    _load(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections)
                )
                sql = urllib.parse.quote(DATASETTE_SQL[name])
                theirs = asyncio.run(
                    _load(
                        f"http://127.0.0.1:{datasette_port}/served.json?_shape=array&sql={sql}",
                        args.seconds,
                        args.connections,
                    )
                )
                rows.append((name, ours, theirs))
        finally:
            server.kill()
            bare.kill()
            datasette.kill()
    bare_rps = bare_result[0]
    print(f"server start: {start_s:.1f} s; {args.connections} connections, {args.seconds:g} s each")
    print(
        f"a bare endpoint of the same stack: {bare_rps:,.0f} req/s,"
        f" p50 {bare_result[1]:.1f} ms, p99 {bare_result[2]:.1f} ms"
    )
    print(
        "| question | prosopo req/s | p50 / p99 ms | Datasette req/s | p50 / p99 ms"
        " | prosopo ÷ Datasette | prosopo ÷ bare | failed |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, ours, theirs in rows:
        print(
            f"| {name} | {ours[0]:,.0f} | {ours[1]:.1f} / {ours[2]:.1f} | {theirs[0]:,.0f}"
            f" | {theirs[1]:.1f} / {theirs[2]:.1f} | {ours[0] / theirs[0]:.2f}"
            f" | {ours[0] / bare_rps:.2f} | {ours[3] + theirs[3]} |"
        )


if __name__ == "__main__":
    main()
