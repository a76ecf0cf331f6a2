"""The one check of the API's one error shape, and waiting for a server to follow a rebuild."""

import time
from collections.abc import Callable

from httpx2 import Response

SWITCH_WITHIN = 10.0  # seconds: a look every 0.1 s, then the name index and corpus are made


def assert_problem(response: Response, status: int, says: str) -> None:
    """The response is an error of `status` whose message contains `says`, and nothing more."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "error"}
    assert body["status"] == status
    assert says in body["error"]
    assert "Traceback" not in response.text


def switched(ask: Callable[[], str], new: str) -> None:
    """Ask until the answer contains `new`: a server follows a rebuild at its next look
    (api/served.py), not at once. Fails if it has not within SWITCH_WITHIN seconds."""
    deadline = time.monotonic() + SWITCH_WITHIN
    while new not in ask():
        assert time.monotonic() < deadline, f"still not {new!r} after {SWITCH_WITHIN} s"
        time.sleep(0.02)
