"""Fixtures: real SQLite and real PostgreSQL engines, and databases built from a small data set.

PostgreSQL tests use a throw-away database on the server named by PROSOPO_TEST_POSTGRES
(default: the local server's `test` database, reached as postgres). Without a server they are
skipped, except in CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import fastapi.dependencies.models
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from api.main import create_app
from prosopo import db
from prosopo.build import build
from prosopo.config import Settings

# The collector's young generations are collected less often in a test process than Python's
# defaults (700, 10, 10): a test run makes and drops apps, databases and answers by the
# thousand, and each pass over the older generations walked all that was alive (120-250 ms a
# pass, a fifth of some files' time). What a server holds is left out of those passes by
# gc.freeze() (api/main.py); a test process cannot freeze what its next test drops.
gc.set_threshold(50_000, 20, 20)

HERE = Path(__file__).parent
FIXTURE_DATA = HERE / "fixtures" / "data"
REPO_DATA = HERE.parent / "data"
SERVER_URL = os.environ.get(
    "PROSOPO_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


FIXTURE_SOURCES = HERE / "fixtures" / "sources"


# the settings a user may have set, which tests never read (a fixture wider than a test, set up
# before `_no_user_settings`, clears them itself)
USER_SETTINGS = ("PROSOPO_DATABASE_URL", "PROSOPO_DATA_DIR", "PROSOPO_SOURCES")


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests say which database, data and texts they use; the caller's PROSOPO_* do not leak in."""
    for name in USER_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _apps_let_go() -> Iterator[None]:
    """After each test, FastAPI's module-level caches of the endpoints it has classified (up
    to 4,096 entries each) are emptied: they keep every app a test made alive, with its routes
    and their validators. A worker ended holding 75 apps, and each full pass of the garbage
    collector walked them all (250 ms a pass; 35 s of a run's two workers)."""
    yield
    for cached in vars(fastapi.dependencies.models).values():
        if isinstance(cached, functools._lru_cache_wrapper):
            cached.cache_clear()


def _server_engine() -> Engine | None:
    # no pool: every connection is closed when its block ends, none left for the collector
    engine = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect():
            return engine
    except Exception as error:
        engine.dispose()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {SERVER_URL} is not reachable in CI: {error}")
        return None


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    with named_postgres(f"prosopo_test_{uuid.uuid4().hex[:12]}") as url:
        yield url


@contextmanager
def named_postgres(name: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database called `name` (unique to this run: two runs
    on one server never drop each other's), dropped afterwards."""
    server = _server_engine()
    if server is None:
        pytest.skip(f"no PostgreSQL server at {SERVER_URL}")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
        server.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each engine: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
    else:
        with fresh_postgres() as url:
            yield url


class Databases:
    """The databases built so far in this session (this worker), one for each engine, data and
    texts, each built when first asked for and kept to the end. pytest finalises a parametrised
    session fixture whenever the next test wants the other engine; without this store every
    switch rebuilt the database (151 builds in a run where 12 suffice)."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._urls: dict[tuple[str, Path, Path | None], str] = {}
        self._ends = ExitStack()

    def url(self, engine: str, data: Path, sources: Path | None = None) -> str:
        key = (engine, data, sources)
        if key not in self._urls:
            if engine == "sqlite":
                url = f"sqlite:///{self._factory.mktemp('db') / 'built.sqlite'}"
            else:
                url = self._ends.enter_context(fresh_postgres())
            build(url, data, sources=sources)
            self._urls[key] = url
        return self._urls[key]

    def close(self) -> None:
        self._ends.close()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Every database the session's tests built from a data folder, by engine, data and texts."""
    store = Databases(tmp_path_factory)
    yield store
    store.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def fixture_db(request: pytest.FixtureRequest, databases: Databases) -> str:
    """A database built once per session from tests/fixtures/data, on each engine."""
    return databases.url(request.param, FIXTURE_DATA)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def texts_db(request: pytest.FixtureRequest, databases: Databases) -> str:
    """The fixture data built with the fixture book's text present, on each engine."""
    return databases.url(request.param, FIXTURE_DATA, FIXTURE_SOURCES)


@pytest.fixture
def texts_client(texts_db: str) -> Iterator[TestClient]:
    """The API over a database that holds the passages' text."""
    with TestClient(create_app(Settings(database_url=texts_db))) as test_client:
        yield test_client


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def repo_db(request: pytest.FixtureRequest, databases: Databases) -> str:
    """A database built once per session from the curated data in data/, on each engine."""
    return databases.url(request.param, REPO_DATA)


def _session(url: str) -> Iterator[Session]:
    engine = db.make_engine(url)
    with db.session_scope(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def repo_session(repo_db: str) -> Iterator[Session]:
    """A session on the database built from data/."""
    yield from _session(repo_db)


@pytest.fixture
def fixture_session(fixture_db: str) -> Iterator[Session]:
    """A session on the database built from the fixture data."""
    yield from _session(fixture_db)


@pytest.fixture
def client(fixture_db: str) -> Iterator[TestClient]:
    """The API over the fixture database."""
    with TestClient(create_app(Settings(database_url=fixture_db))) as test_client:
        yield test_client


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture data files, for tests that break them."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@contextmanager
def served_in_a_thread(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1, in a thread: its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
