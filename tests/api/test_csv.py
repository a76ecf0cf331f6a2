"""Every list answers CSV as well as JSON, asked by `?format=csv` or `Accept: text/csv`: one row
per item of the JSON answer, in the columns `prosopo.present` defines for it (the CLI's
`--format csv` writes the same)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from prosopo import present
from prosopo.schemas import (
    Candidate,
    Holder,
    IndexEntry,
    MentionOut,
    PersonRow,
    Purged,
    SourceOut,
    YearCount,
)

from .helpers import assert_problem

LISTS: list[tuple[str, dict[str, object], type[BaseModel]]] = [
    ("/persons/search", {"name": "Kim"}, Candidate),
    ("/persons", {"faction": "yanan"}, PersonRow),
    ("/holdings", {"year": 1956}, Holder),
    ("/purges", {"year": 1956}, Purged),
    ("/purges", {"action": "expelled-from-party"}, Purged),
    ("/purges/per-year", {}, YearCount),
    ("/persons/choe-chang-ik/mentions", {}, MentionOut),
    ("/sources", {}, SourceOut),
    ("/index", {}, IndexEntry),
]


def _table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(("path", "params", "model"), LISTS)
def test_every_list_answers_csv_row_for_row(
    client: TestClient, path: str, params: dict[str, object], model: type[BaseModel]
) -> None:
    as_json = client.get(path, params=params)
    as_csv = client.get(path, params={**params, "format": "csv"})
    assert as_json.status_code == as_csv.status_code == 200
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    table = _table(as_csv.text)
    assert table[0] == [c.name for c in present.columns(model)]
    items = [model.model_validate(item) for item in as_json.json()]
    assert len(items) > 0 and table[1:] == present.rows(model, items)
    asked = client.get(path, params=params, headers={"Accept": "text/csv"})
    assert asked.text == as_csv.text
    if "X-Total-Count" in as_json.headers:
        assert as_csv.headers["X-Total-Count"] == as_json.headers["X-Total-Count"]


def test_json_is_the_default_and_can_be_asked_for(client: TestClient) -> None:
    default = client.get("/purges", params={"year": 1956})
    assert default.headers["content-type"] == "application/json"
    asked = client.get(
        "/purges", params={"year": 1956, "format": "json"}, headers={"Accept": "text/csv"}
    )
    assert asked.json() == default.json()


def test_an_unknown_format_is_a_422(client: TestClient) -> None:
    assert_problem(client.get("/sources", params={"format": "xml"}), 422, "format")


def test_a_csv_cell_keeps_commas_and_quotes(client: TestClient) -> None:
    """Cells with commas (a work's title, several citations) stay one cell."""
    table = _table(client.get("/sources", params={"format": "csv"}).text)
    works = [row[1] for row in table[1:]]
    assert any("," in work for work in works)
    assert all(len(row) == len(table[0]) for row in table)
