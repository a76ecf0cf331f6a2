"""A server whose database is missing or out of reach answers 503 with a reason, never a 500,
and answers again once the database is there."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import FIXTURE_DATA
from .helpers import assert_problem


def test_a_missing_sqlite_file_is_a_503_until_it_is_built(tmp_path: Path) -> None:
    path = tmp_path / "later.sqlite"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{path}"))) as client:
        assert_problem(client.get("/persons/choe-chang-ik"), 503, "run `prosopo build`")
        assert_problem(client.get("/holdings", params={"year": 1956}), 503, str(path))
        assert not path.exists()  # asking did not leave an empty database behind
        build(f"sqlite:///{path}", FIXTURE_DATA)
        assert client.get("/persons/choe-chang-ik").status_code == 200


def test_an_unreachable_postgresql_server_is_a_503() -> None:
    # nothing listens on port 1: the connection is refused at once
    url = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"
    with TestClient(create_app(Settings(database_url=url))) as client:
        response = client.get("/purges", params={"year": 1956})
    assert_problem(response, 503, "the database is unavailable")
    assert "127.0.0.1" not in response.text  # no connection details leak


def test_cors_is_a_setting(fixture_db: str) -> None:
    origin = {"Origin": "https://notebook.example"}
    with TestClient(create_app(Settings(database_url=fixture_db))) as closed:
        assert "access-control-allow-origin" not in closed.get("/sources", headers=origin).headers
    settings = Settings(database_url=fixture_db, cors_origins=["https://notebook.example"])
    with TestClient(create_app(settings)) as open_:
        answered = open_.get("/purges", params={"year": 1956}, headers=origin)
        assert answered.headers["access-control-allow-origin"] == "https://notebook.example"
        assert "X-Total-Count" in answered.headers["access-control-expose-headers"]
        other = open_.get("/sources", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
