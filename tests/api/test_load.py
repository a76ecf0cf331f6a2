"""The served API under a burst of requests: more in flight than worker threads and pooled
connections together, as a web page or a notebook loop easily makes. Before the routes closed
their sessions themselves (api/answer.py), this stalled for the pool's timeout and then failed
with 500s."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from api import main
from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import served_in_a_thread
from ..test_load import edit
from .helpers import switched

IN_FLIGHT = 96  # more than the 40 worker threads and the 40 pooled connections


@pytest.fixture
def served(fixture_db: str) -> Iterator[str]:
    with served_in_a_thread(create_app(Settings(database_url=fixture_db))) as base:
        yield base


def test_a_burst_of_requests_is_answered(served: str) -> None:
    paths = ["/persons/choe-chang-ik", "/holdings?year=1956", "/purges?year=1956"]
    start = time.monotonic()
    with httpx.Client(base_url=served, timeout=60) as client:

        def get(i: int) -> int:
            return client.get(paths[i % len(paths)]).status_code

        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            statuses = list(pool.map(get, range(IN_FLIGHT * 3)))
    assert statuses == [200] * len(statuses)
    assert time.monotonic() - start < 15  # the pool timeout is 15 s: no request waited on it


def test_a_rebuild_under_load_switches_every_request_to_the_new_data(
    empty_url: str, data_copy: Path
) -> None:
    """Requests keep coming while the database is rebuilt with a changed fact (SQLite: a new
    file renamed over the old; PostgreSQL: a new schema made current): none fails; the server
    follows the new build at its next look, and from then on every answer has the new fact,
    the name index's and the held answers' too."""
    url = empty_url
    build(url, data_copy)
    edit(data_copy, "persons.yaml", "summary: Yan'an", "summary: Rebuilt. Yan'an")
    app = create_app(Settings(database_url=url))
    with TestClient(app) as client:
        assert "Rebuilt" not in client.get("/persons/choe-chang-ik").json()["person"]["summary"]
        named = {"name": "Ch'oe Ch'ang-ik"}  # the name index and the answers held are built now
        assert "Rebuilt" not in client.get("/persons/resolve", params=named).text
        assert "Rebuilt" not in client.get("/persons/search", params=named).text
        listed = {"faction": "yanan"}  # a live answer, held in memory under its URL
        assert "Rebuilt" not in client.get("/persons", params=listed).text
        stop = threading.Event()
        failures: list[int] = []

        def hammer() -> None:
            while not stop.is_set():
                response = client.get("/persons/choe-chang-ik")
                if response.status_code != 200:
                    failures.append(response.status_code)

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for w in workers:
            w.start()
        build(url, data_copy)
        switched(lambda: client.get("/persons/choe-chang-ik").text, "Rebuilt")
        after = [client.get("/persons/choe-chang-ik").json() for _ in range(20)]
        resolved = client.get("/persons/resolve", params=named).json()
        searched = client.get("/persons/search", params=named).json()
        listing = client.get("/persons", params=listed).json()
        stop.set()
        for w in workers:
            w.join()
    assert failures == []
    assert all("Rebuilt" in a["person"]["summary"] for a in after)
    assert "Rebuilt" in resolved["person"]["summary"]  # the name index moved too
    assert "Rebuilt" in searched[0]["person"]["summary"]
    assert "Rebuilt" in next(p["summary"] for p in listing if p["id"] == "choe-chang-ik")


def test_the_answers_asked_before_a_rebuild_are_ready_when_the_new_build_is_current(
    empty_url: str, data_copy: Path
) -> None:
    """Before a new build becomes current, the answers last asked of the old one are made
    for it, from it: at the switch they are already held, so no one asks them anew at once,
    and made as they were asked (here over https: IPIF's links keep the scheme)."""
    url = empty_url
    build(url, data_copy)
    edit(data_copy, "persons.yaml", "summary: Yan'an", "summary: Rebuilt. Yan'an")
    app = create_app(Settings(database_url=url))
    asked = [
        "/persons/choe-chang-ik",
        "/factions/yanan",
        "/persons?faction=yanan",
        "/ipif/statements?personId=choe-chang-ik",
    ]
    with TestClient(app, base_url="https://prosopo.example") as client:
        for path in asked:
            assert client.get(path).status_code == 200
        database, answers = app.state.database, app.state.answers
        old = database.current()
        build(url, data_copy)
        deadline = time.monotonic() + 30
        while database.current() is old:  # asking nothing meanwhile
            assert time.monotonic() < deadline, "the new build never became current"
            time.sleep(0.02)
        new = database.current()
        held = {}
        for key in answers.recent(new.token, 10):
            scheme, _, host, path, query, _ = json.loads(key)
            assert (scheme, host) == ("https", "prosopo.example")
            held[f"{path}?{query}" if query else path] = answers.get(new.token, key)
        assert sorted(held) == sorted(asked)
        page = held["/persons/choe-chang-ik"]
        assert page is not None and b"Rebuilt" in page.body  # made from the new build
        statements = held["/ipif/statements?personId=choe-chang-ik"]
        assert statements is not None and b"https://prosopo.example/factions/" in statements.body
        assert b"http://prosopo.example" not in statements.body
        assert "Rebuilt" in client.get("/persons/choe-chang-ik").text


def test_a_server_stopped_while_it_makes_a_new_builds_answers_ready_stops(
    tmp_path: Path, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look for builds makes the answers ready on the event loop; a stop meanwhile waits
    for it without blocking that loop (which would leave both waiting for ever)."""
    url, data = f"sqlite:///{tmp_path / 'stopped.sqlite'}", data_copy
    build(url, data)
    making = threading.Event()
    real = main.ready

    async def slow(*args: Any) -> int:
        making.set()
        await asyncio.sleep(0.5)
        return await real(*args)

    monkeypatch.setattr(main, "ready", slow)
    stopped = threading.Event()

    def serve_then_stop() -> None:
        app = create_app(Settings(database_url=url))
        with TestClient(app) as client:
            assert client.get("/factions/yanan").status_code == 200
            build(url, data)
            assert making.wait(timeout=30), "the new build was never made ready"
        stopped.set()

    thread = threading.Thread(target=serve_then_stop, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert stopped.is_set(), "the server did not stop"
