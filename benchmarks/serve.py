"""Requests per second and latency of the served API on the real data, beside a bare endpoint of
the same stack, each server a process of its own on 127.0.0.1.

    python benchmarks/serve.py [--seconds 10] [--connections 16]

The load generator is asyncio with httpx2 in this process (wrk is not installed here), so it
shares the 2 cores with the server: the figures are lower bounds, and the ratio to the bare
endpoint is what compares. Prints one table; the README quotes it with this command.
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


def _serve(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *args, "--port", str(port), "--log-level", "error"],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
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
        port, bare_port = _port(), _port()
        started = time.monotonic()
        server = _serve(["api.main:create_app", "--factory"], env, port)
        start_s = time.monotonic() - started
        bare = _serve(["bare_app:app"], env, bare_port)
        try:
            rows = []
            for name, path in {"a bare endpoint (constant)": "/bare"}.items():
                rows.append(
                    (
                        name,
                        asyncio.run(
                            _load(
                                f"http://127.0.0.1:{bare_port}{path}",
                                args.seconds,
                                args.connections,
                            )
                        ),
                    )
                )
            for name, path in QUESTIONS.items():
                rows.append(
                    (
                        name,
                        asyncio.run(
                            _load(f"http://127.0.0.1:{port}{path}", args.seconds, args.connections)
                        ),
                    )
                )
        finally:
            server.kill()
            bare.kill()
    bare_rps = rows[0][1][0]
    print(f"server start: {start_s:.1f} s; {args.connections} connections, {args.seconds:g} s each")
    print("| question | req/s | p50 ms | p99 ms | failed | req/s ÷ bare |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (rps, p50, p99, failed) in rows:
        print(f"| {name} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | {failed} | {rps / bare_rps:.2f} |")


if __name__ == "__main__":
    main()
