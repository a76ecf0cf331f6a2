"""Every route against generated requests: never a server error, always the declared schema.

Schemathesis needs the schema when the module is collected, so the databases are built at
import, in a temporary folder: the fixture data with their text on SQLite, and the real data
of data/ on SQLite and (when a server is there, always in CI) on PostgreSQL.
"""

import atexit
import os
import tempfile
import uuid
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, make_url, text

from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import FIXTURE_DATA, FIXTURE_SOURCES, REPO_DATA, SERVER_URL

_FOLDER = tempfile.TemporaryDirectory(prefix="prosopo-fuzz-")
_FIXTURE_URL = f"sqlite:///{Path(_FOLDER.name) / 'fuzz.sqlite'}"
build(_FIXTURE_URL, FIXTURE_DATA, sources=FIXTURE_SOURCES)
_REAL_URL = f"sqlite:///{Path(_FOLDER.name) / 'real.sqlite'}"
build(_REAL_URL, REPO_DATA)


def _postgres_with_real_data() -> str | None:
    """A throw-away PostgreSQL database holding data/, dropped at exit; None without a server
    (outside CI)."""
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as conn:
            name = f"prosopo_fuzz_{uuid.uuid4().hex[:12]}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        server.dispose()
        if os.environ.get("CI") == "true":
            raise
        return None

    def drop() -> None:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()

    atexit.register(drop)
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    build(url, REPO_DATA)
    return url


_PG_URL = _postgres_with_real_data()

fixture_schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(database_url=_FIXTURE_URL))
)
real_schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(database_url=_REAL_URL))
)

# /leadership takes exactly one of `year` and `date`, which OpenAPI 3 cannot say of two query
# parameters: a request with both or neither is schema-valid and still (rightly) a 422, tested
# in test_holdings.py. Every other check runs on it, and every check on every other route.
ONE_OF_TWO = {"/leadership"}
# Likewise a pattern cannot say that February has no 31st: `from=1956-02-31` is schema-valid
# and rightly a 400 on the IPIF lists (tested in test_ipif.py).
CALENDAR = {f"/ipif/{r}" for r in ("factoids", "persons", "statements", "sources")}
CHECKS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _call(case: schemathesis.Case) -> None:
    rejects_valid = case.path in ONE_OF_TWO | CALENDAR
    excluded = [schemathesis.checks.positive_data_acceptance] if rejects_valid else []
    case.call_and_validate(excluded_checks=excluded)


@fixture_schema.parametrize()
@CHECKS
def test_generated_requests(case: schemathesis.Case) -> None:
    _call(case)


@real_schema.parametrize()
@CHECKS
def test_generated_requests_on_the_real_data(case: schemathesis.Case) -> None:
    _call(case)


if _PG_URL is not None:
    pg_schema = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(Settings(database_url=_PG_URL))
    )

    @pg_schema.parametrize()
    @CHECKS
    def test_generated_requests_on_the_real_data_in_postgresql(case: schemathesis.Case) -> None:
        _call(case)
