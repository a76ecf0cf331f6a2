"""Year lists come a page at a time: `limit` rows from `offset` (100 unless asked), the number
of rows in all in `X-Total-Count`, and the next and previous pages in `Link` (RFC 8288)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from prosopo.config import Settings


@pytest.fixture(scope="module")
def repo_client(repo_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=repo_db))) as client:
        yield client


def _walk(client: TestClient, path: str, params: dict[str, object]) -> list[object]:
    """Every row, following the `next` links from the first page."""
    rows: list[object] = []
    response = client.get(path, params=params)
    while True:
        assert response.status_code == 200, response.text
        rows += response.json()
        following = response.links.get("next")
        if following is None:
            return rows
        response = client.get(following["url"])


@pytest.mark.parametrize("path", ["/holdings", "/purges"])
def test_the_pages_add_up_to_the_whole_answer(repo_client: TestClient, path: str) -> None:
    whole = repo_client.get(path, params={"year": 1956, "limit": 10000})
    total = int(whole.headers["X-Total-Count"])
    assert total == len(whole.json()) > 30
    assert "Link" not in whole.headers
    first = repo_client.get(path, params={"year": 1956, "limit": 7})
    assert len(first.json()) == 7 and first.headers["X-Total-Count"] == str(total)
    assert "prev" not in first.links
    assert _walk(repo_client, path, {"year": 1956, "limit": 7}) == whole.json()
    last = repo_client.get(path, params={"year": 1956, "limit": 7, "offset": total - 3})
    assert len(last.json()) == 3 and "next" not in last.links
    previous = httpx.URL(last.links["prev"]["url"]).params
    assert previous["offset"] == str(total - 10) and previous["limit"] == "7"


@pytest.mark.parametrize("path", ["/holdings", "/purges"])
def test_the_default_page_is_the_stored_answer_with_its_total(
    repo_client: TestClient, path: str
) -> None:
    default = repo_client.get(path, params={"year": 1956})
    asked = repo_client.get(path, params={"year": 1956, "limit": 100, "offset": 0, "basis": []})
    live = repo_client.get(path, params={"year": 1956, "limit": 99})
    assert default.json()[:99] == live.json()
    assert default.headers["X-Total-Count"] == live.headers["X-Total-Count"]
    assert default.json() == asked.json()


def test_filters_count_what_they_keep(repo_client: TestClient) -> None:
    stated = repo_client.get("/holdings", params={"year": 1956, "basis": "stated", "limit": 5})
    every = repo_client.get("/holdings", params={"year": 1956, "limit": 10000}).json()
    assert int(stated.headers["X-Total-Count"]) == sum(h["basis"] == "stated" for h in every)
    purged = repo_client.get("/purges", params={"action": "expelled-from-party", "limit": 2})
    assert int(purged.headers["X-Total-Count"]) > 2
    assert "offset=2" in purged.links["next"]["url"]


@pytest.mark.parametrize("path", ["/purges", "/holdings"])
def test_a_page_beyond_the_end_is_empty(repo_client: TestClient, path: str) -> None:
    """The page is empty and still says how many rows there are (the holders' count comes with
    the page's rows, so past the end it is asked apart)."""
    whole = repo_client.get(path, params={"year": 1956, "limit": 10000})
    response = repo_client.get(path, params={"year": 1956, "offset": 100000})
    assert response.status_code == 200 and response.json() == []
    assert response.headers["X-Total-Count"] == str(len(whole.json()))
    assert int(response.headers["X-Total-Count"]) > 0 and "next" not in response.links
