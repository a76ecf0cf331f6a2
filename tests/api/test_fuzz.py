"""Every route against generated requests: never a server error, always the declared schema.

Schemathesis reads the schema when the module is collected, which needs an app but no
database: the apps are made then, over database files that a module fixture builds before the
first test runs (the fixture data with their text on SQLite, the real data of data/ on SQLite
and, when a server is there, always in CI, on PostgreSQL). Collecting builds nothing.
"""

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from sqlalchemy import make_url

from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import FIXTURE_DATA, FIXTURE_SOURCES, REPO_DATA, SERVER_URL, named_postgres

_FOLDER = tempfile.TemporaryDirectory(prefix="prosopo-fuzz-")
_FIXTURE_URL = f"sqlite:///{Path(_FOLDER.name) / 'fuzz.sqlite'}"
_REAL_URL = f"sqlite:///{Path(_FOLDER.name) / 'real.sqlite'}"

_APPS = {url: create_app(Settings(database_url=url)) for url in (_FIXTURE_URL, _REAL_URL)}
fixture_schema = schemathesis.openapi.from_asgi("/openapi.json", _APPS[_FIXTURE_URL])
real_schema = schemathesis.openapi.from_asgi("/openapi.json", _APPS[_REAL_URL])


# a database of its own on the PostgreSQL server, named now, made by `_postgres`
_PG_NAME = f"prosopo_fuzz_{uuid.uuid4().hex[:12]}"
_PG_URL = make_url(SERVER_URL).set(database=_PG_NAME).render_as_string(hide_password=False)
_APPS[_PG_URL] = create_app(Settings(database_url=_PG_URL))
pg_schema = schemathesis.openapi.from_asgi("/openapi.json", _APPS[_PG_URL])


@pytest.fixture(scope="module", autouse=True)
def _built() -> Iterator[None]:
    build(_FIXTURE_URL, FIXTURE_DATA, sources=FIXTURE_SOURCES)
    build(_REAL_URL, REPO_DATA)
    yield
    for url in (_FIXTURE_URL, _REAL_URL):
        _APPS[url].state.database.dispose()  # the apps were never started: no lifespan ends them
    _FOLDER.cleanup()


@pytest.fixture(scope="module")
def _postgres() -> Iterator[None]:
    with named_postgres(_PG_NAME) as url:
        build(url, REPO_DATA)
        yield
        _APPS[_PG_URL].state.database.dispose()


# /leadership takes exactly one of `year` and `date`, which OpenAPI 3 cannot say of two query
# parameters: a request with both or neither is schema-valid and still (rightly) a 422, tested
# in test_holdings.py. Every other check runs on it, and every check on every other route.
ONE_OF_TWO = {"/leadership"}
# Likewise a pattern cannot say that February has no 31st: `from=1956-02-31` is schema-valid
# and rightly a 400 on the IPIF lists (tested in test_ipif.py).
CALENDAR = {f"/ipif/{r}" for r in ("factoids", "persons", "statements", "sources")}
CHECKS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _call(case: schemathesis.Case) -> None:
    excluded = []
    if case.path in ONE_OF_TWO | CALENDAR:
        excluded.append(schemathesis.checks.positive_data_acceptance)
    values = [
        v for vs in (case.query or {}).values() for v in (vs if isinstance(vs, list) else [vs])
    ]
    if any(not isinstance(v, int | float | str) or not str(v).strip() for v in values):
        # an empty parameter (an empty string, or a value sent as one) counts as absent
        # (api/query.py), whatever the schema says of it: it is answered as if not there
        excluded.append(schemathesis.checks.negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


@fixture_schema.parametrize()
@CHECKS
def test_generated_requests(case: schemathesis.Case) -> None:
    _call(case)


@real_schema.parametrize()
@CHECKS
def test_generated_requests_on_the_real_data(case: schemathesis.Case) -> None:
    _call(case)


@pg_schema.parametrize()
@CHECKS
def test_generated_requests_on_the_real_data_in_postgresql(
    case: schemathesis.Case, _postgres: None
) -> None:
    _call(case)
