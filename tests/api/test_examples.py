"""Every route's OpenAPI example is a real answer of today's API (api/examples.py)."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.examples import EXAMPLES_FILE

from ..examples import WITHOUT, record, routes_of, steady


def test_every_route_has_an_example_for_each_media_type(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    missing = []
    for path, operations in document["paths"].items():
        if "get" not in operations or path in WITHOUT:
            continue
        for media, body in operations["get"]["responses"]["200"]["content"].items():
            if "examples" not in body:
                missing.append(f"{path} {media}")
    assert missing == []
    person = document["paths"]["/persons/{person_id}"]["get"]["responses"]["200"]["content"]
    example = person["application/json"]["examples"]["fixture"]
    assert example["summary"] == "GET /persons/yun-kong-hum"
    assert example["value"]["person"]["id"] == "yun-kong-hum"


def test_the_examples_are_what_the_api_answers_now(texts_client: TestClient) -> None:
    """Fails when a route's answer changed and the examples were not recorded again: run
    `python -m tests.examples`."""
    stored = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    fresh = record(texts_client.get, routes_of(texts_client.app))  # type: ignore[arg-type]
    assert sorted(fresh) == sorted(stored)
    if texts_client.app.state.settings.database_url.startswith("postgresql"):  # type: ignore[attr-defined]
        # the recording is made on SQLite; full-text snippets are cut by each engine's own
        # search, so /passages may differ in its snippets
        del fresh["/passages"]
    for path in fresh:
        assert steady(fresh[path]) == steady(stored[path]), f"{path}: run python -m tests.examples"
