"""The one check of the API's one error shape."""

from httpx2 import Response


def assert_problem(response: Response, status: int, says: str) -> None:
    """The response is an error of `status` whose message contains `says`, and nothing more."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "error"}
    assert body["status"] == status
    assert says in body["error"]
    assert "Traceback" not in response.text
