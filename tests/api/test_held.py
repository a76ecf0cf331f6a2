"""Whole answers held in memory (api/cache.py): a question asked again is answered as it was,
headers and all, what varies an answer keeps answers apart, and a client revalidates with its
ETag."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url

from api.answer import MAKERS
from api.cache import Answers, Held
from api.main import create_app
from prosopo import catalogue
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import FIXTURE_DATA, Databases, served_in_a_thread
from .helpers import assert_problem, switched


@pytest.fixture
def sqlite_url(tmp_path: Path, databases: Databases) -> str:
    """A copy of the fixture database of its own, that a test may rebuild."""
    shared = make_url(databases.url("sqlite", FIXTURE_DATA)).database
    assert shared is not None
    shutil.copyfile(shared, tmp_path / "held.sqlite")
    return f"sqlite:///{tmp_path / 'held.sqlite'}"


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url, cors_origins=["https://notebook.example"])
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_an_answer_asked_again_is_not_made_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get("/factions/yanan")
    monkeypatch.setattr(catalogue, "faction", lambda *_: pytest.fail("made again"))
    again = client.get("/factions/yanan")
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    # the same question with its query in another order is the same question
    a = client.get("/purges", params=[("year", "1956"), ("limit", "1")])
    b = client.get("/purges", params=[("limit", "1"), ("year", "1956")])
    assert a.content == b.content and a.headers["link"] == b.headers["link"]


def test_paging_headers_and_csv_stay_with_their_answer(client: TestClient) -> None:
    page = client.get("/purges?year=1956&limit=1")
    held = client.get("/purges?year=1956&limit=1")
    assert held.headers["x-total-count"] == page.headers["x-total-count"]
    assert held.headers["link"] == page.headers["link"]
    as_csv = client.get("/purges?year=1956&limit=1", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert (
        client.get("/purges?year=1956&limit=1")
        .headers["content-type"]
        .startswith("application/json")
    )


def test_an_error_is_never_held(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.get("/factions/nobody").status_code == 404
    calls: list[str] = []
    faction = catalogue.faction

    def counted(session: object, faction_id: str) -> object:
        calls.append(faction_id)
        return faction(session, faction_id)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue, "faction", counted)
    assert client.get("/factions/nobody").status_code == 404
    assert calls == ["nobody"]


def test_cors_headers_are_those_of_each_request(client: TestClient) -> None:
    asked = client.get("/factions", headers={"Origin": "https://notebook.example"})
    assert asked.headers["access-control-allow-origin"] == "https://notebook.example"
    plain = client.get("/factions")
    assert "access-control-allow-origin" not in plain.headers
    other = client.get("/factions", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_a_new_build_is_answered_anew(sqlite_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with TestClient(create_app(Settings(database_url=sqlite_url))) as client:
        before = client.get("/persons/kim-il").json()["person"]["summary"]
        listed = client.get("/persons?faction=partisan").json()
        persons = data / "persons.yaml"
        old = "summary: Guerrilla veteran"
        persons.write_text(persons.read_text().replace(old, "summary: Rebuilt. Guerrilla veteran"))
        build(sqlite_url, data)
        switched(lambda: client.get("/persons/kim-il").text, "Rebuilt")
        relisted = client.get("/persons?faction=partisan").json()
    assert "Rebuilt" not in before
    assert relisted != listed


def test_an_answer_is_revalidated_by_its_etag(sqlite_url: str, tmp_path: Path) -> None:
    """A client that kept an answer asks again with If-None-Match: 304 and no body while the
    build is the same; after a rebuild the old tag no longer matches, and the new answer comes."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    with TestClient(create_app(Settings(database_url=sqlite_url))) as client:
        first = client.get("/persons/kim-il")
        tag = first.headers["etag"]
        assert first.headers["cache-control"] == "no-cache"
        same = client.get("/persons/kim-il", headers={"If-None-Match": tag})
        assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == tag
        other = client.get("/persons/choe-chang-ik", headers={"If-None-Match": tag})
        assert other.status_code == 200 and other.headers["etag"] != tag
        persons = data / "persons.yaml"
        old = "summary: Guerrilla veteran"
        persons.write_text(persons.read_text().replace(old, "summary: Rebuilt. Guerrilla veteran"))
        build(sqlite_url, data)
        switched(lambda: client.get("/persons/kim-il").text, "Rebuilt")
        anew = client.get("/persons/kim-il", headers={"If-None-Match": tag})
    assert anew.status_code == 200 and "Rebuilt" in anew.text and anew.headers["etag"] != tag


def test_errors_and_pages_carry_what_they_should(client: TestClient) -> None:
    """Errors are not tagged (they are made each time); web pages are held and tagged too."""
    assert "etag" not in client.get("/factions/nobody").headers
    page = client.get("/ui/persons/kim-il")
    assert page.status_code == 200 and page.headers["etag"]
    again = client.get("/ui/persons/kim-il", headers={"If-None-Match": page.headers["etag"]})
    assert again.status_code == 304


def test_a_parameter_no_route_takes_is_a_400_naming_it(client: TestClient) -> None:
    """A parameter added to defeat the memory (`&x=<unique>`) is refused, never made anew."""
    response = client.get("/purges", params={"year": 1956, "x": "unique-1"})
    assert_problem(response, 400, "unknown query parameter 'x'")
    assert "year" in response.json()["error"]  # and it says what the address takes


def test_an_empty_parameter_counts_as_absent(client: TestClient) -> None:
    plain = client.get("/holdings", params={"year": 1956})
    empty = client.get("/holdings", params={"year": 1956, "post": "", "organisation": ""})
    assert empty.status_code == 200 and empty.content == plain.content


def test_the_store_of_answers_is_safe_across_threads() -> None:
    """Two threads keeping and getting answers past the bound (the old memory raised KeyError
    between an eviction and a `move_to_end`, within some 14,000 operations)."""
    answers = Answers(bound=4_000)
    failures: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for n in range(20_000):
                key = f"/k{(n * 7 + offset) % 300}"
                if answers.get("b", key) is None:
                    answers.keep("b", key, Held(200, [], b"x" * 50, b'"e"'))
        except BaseException as error:  # pragma: no cover - the failure under test
            failures.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    # the bound holds: the keys and bodies held, counted here, within 4,000 bytes
    held = answers._held["b"]
    assert held and sum(len(k) + len(v.body) for k, v in held.items()) <= 4_000


def test_answers_are_made_once_and_few_at_a_time(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # after a start every connection asks for the same few answers at once: each is made once
    # (the others wait for it), and no more than MAKERS are made at a time (more threads of
    # Python make nothing sooner, and keep the event loop from sending what is held)
    made: list[str] = []
    running, most = 0, 0
    lock = threading.Lock()
    real = catalogue.faction

    def slow(session: object, faction_id: str) -> object:
        nonlocal running, most
        with lock:
            made.append(faction_id)
            running += 1
            most = max(most, running)
        time.sleep(0.2)
        with lock:
            running -= 1
        return real(session, faction_id)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue, "faction", slow)
    with served_in_a_thread(create_app(Settings(database_url=sqlite_url))) as base:
        factions = ["yanan", "soviet", "partisan"]
        asked = ["yanan"] * 8 + factions
        with ThreadPoolExecutor(len(asked)) as pool:
            answers = list(pool.map(lambda f: httpx.get(f"{base}/factions/{f}", timeout=30), asked))
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    assert len({a.content for a in answers[:8]}) == 1
    assert sorted(made) == sorted(factions)  # yanan once, however many asked for it
    assert most <= MAKERS


def test_a_server_process_leaves_what_it_holds_out_of_the_collectors_passes(
    fixture_db: str,
) -> None:
    """`prosopo serve` (an app that is the whole process) freezes what it holds once started;
    the apps of tests, many to a process, do not. Asked in a process of its own, so that this
    one is not frozen."""
    script = (
        "import gc, sys\n"
        "from fastapi.testclient import TestClient\n"
        "from api.main import create_app\n"
        "from prosopo.config import Settings\n"
        "settings = Settings(database_url=sys.argv[1])\n"
        "for serving in (False, True):\n"
        "    with TestClient(create_app(settings, serving=serving)) as c:\n"
        "        assert c.get('/sources').status_code == 200\n"
        "        print(serving, gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, fixture_db], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["False False", "True True"]


def test_the_answers_of_two_builds_are_held_the_oldest_going_first() -> None:
    """The current build's answers and the next one's (made ready before it is current); a
    third build's first answer drops the oldest build's, and past the bound the oldest build's
    answers go before the newer's."""
    one = Held(200, [], b"x" * 100, b'"e"')
    answers = Answers()
    answers.keep("old", "a", one)
    answers.keep("new", "a", one)
    assert answers.get("old", "a") is one and answers.get("new", "a") is one
    answers.keep("newer", "b", one)
    assert answers.get("old", "a") is None
    assert answers.recent("new", 5) == ["a"] and answers.recent("newer", 5) == ["b"]
    small = Answers(bound=2 * (100 + 1))
    small.keep("old", "a", one)
    small.keep("new", "a", one)
    small.keep("new", "b", one)  # past the bound: the old build's answer goes
    assert small.get("old", "a") is None
    assert small.recent("new", 5) == ["b", "a"]
