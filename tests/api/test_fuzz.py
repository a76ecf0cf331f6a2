"""Every route against generated requests: never a server error, always the declared schema.

Schemathesis needs the schema when the module is collected, so this one database (SQLite, the
fixture data with their text) is built at import, in a temporary folder.
"""

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import FIXTURE_DATA, FIXTURE_SOURCES

_FOLDER = tempfile.TemporaryDirectory(prefix="prosopo-fuzz-")
_URL = f"sqlite:///{Path(_FOLDER.name) / 'fuzz.sqlite'}"
build(_URL, FIXTURE_DATA, sources=FIXTURE_SOURCES)
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(database_url=_URL)))


# /leadership takes exactly one of `year` and `date`, which OpenAPI 3 cannot say of two query
# parameters: a request with both or neither is schema-valid and still (rightly) a 422, tested
# in test_holdings.py. Every other check runs on it, and every check on every other route.
ONE_OF_TWO = {"/leadership"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests(case: schemathesis.Case) -> None:
    excluded = [schemathesis.checks.positive_data_acceptance] if case.path in ONE_OF_TWO else []
    case.call_and_validate(excluded_checks=excluded)
