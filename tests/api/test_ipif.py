"""The IPIF facade answers as the IPIF API document says: a client built from nothing but that
document (its paths, its parameters, its response schemas) asks every GET with every filter,
and every answer validates against the document's schema for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest
import yaml
from fastapi.testclient import TestClient

from api.main import create_app
from prosopo.config import REPO_ROOT, Settings

SPEC_PATH = REPO_ROOT.parent / "shared" / "specs" / "ipif-prosopogrAPhI.yaml"
pytestmark = pytest.mark.skipif(not SPEC_PATH.exists(), reason="needs ../shared/specs")

# a value for each filter the document defines, chosen so that the data answer something
EXAMPLES = {
    "size": "5",
    "page": "1",
    "sortBy": "@id DESC",
    "personId": "choe-chang-ik",
    "p": "choe",
    "st": "expelled",
    "sourceId": "book-2005:4.2.3",
    "s": "Szalontai",
    "f": "prosopo",
    "statementText": "party",
    "role": "*",
    "memberOf": "plenum",
    "name": "*",
    "from": "1956",
    "to": "1956-12",
    "place": "*",
    "relatesToPerson": "*",
    "statementId": "1",
    "factoidId": "x",
}


class SpecClient:
    """Requests and response schemas from the IPIF document alone."""

    def __init__(self, client: TestClient, spec: dict[str, Any], base: str) -> None:
        self.client, self.spec, self.base = client, spec, base

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            found: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                found = found[part]
            node = found
        return node

    def operations(self) -> list[tuple[str, dict[str, Any]]]:
        return [(path, op["get"]) for path, op in self.spec["paths"].items() if "get" in op]

    def parameters(self, operation: dict[str, Any]) -> list[str]:
        return [self._resolve(p)["name"] for p in operation.get("parameters", [])]

    def validator(self, operation: dict[str, Any], status: str) -> Any:
        response = self._resolve(operation["responses"][status])
        schema = response["content"]["application/json"]["schema"]
        document = {**schema, "components": self.spec["components"]}
        return jsonschema_rs.Draft4Validator(document)

    def get(self, path: str, **params: str) -> Any:
        return self.client.get(self.base + path, params=params)


@pytest.fixture(scope="module")
def ipif(fixture_db: str) -> Iterator[SpecClient]:
    loaded = yaml.load(Path(SPEC_PATH).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    spec = json.loads(json.dumps(loaded, default=str))  # the examples' dates as text
    with TestClient(create_app(Settings(database_url=fixture_db))) as client:
        yield SpecClient(client, spec, "/ipif")


def test_every_get_of_the_document_answers_valid_json(ipif: SpecClient) -> None:
    listed: dict[str, list[str]] = {}
    for path, operation in ipif.operations():
        if "{id}" in path:
            continue
        names = [n for n in ipif.parameters(operation) if n in EXAMPLES]
        response = ipif.get(path)
        assert response.status_code == 200, (path, response.text)
        ipif.validator(operation, "200").validate(response.json())
        if path != "/describe":
            resource = path.strip("/")
            listed[resource] = [r["@id"] for r in response.json()[resource]]
            assert listed[resource], path
        # each filter alone, as the document names it, answers valid JSON
        for name in names:
            one = ipif.get(path, **{name: EXAMPLES[name]})
            assert one.status_code == 200, (path, name, one.text)
            ipif.validator(operation, "200").validate(one.json())
    for path, operation in ipif.operations():
        if "{id}" not in path:
            continue
        resource = path.split("/")[1]
        record = ipif.get(path.replace("{id}", quote(listed[resource][0], safe="")))
        assert record.status_code == 200, (path, record.text)
        ipif.validator(operation, "200").validate(record.json())
        assert ipif.get(path.replace("{id}", "nothing")).status_code == 404


def test_a_factoid_search_finds_the_cited_statement(ipif: SpecClient) -> None:
    """Ch'oe Ch'ang-ik's expulsion at the August 1956 plenum: one factoid, whose source keeps
    the locator and whose statement keeps the date as the text gives it."""
    found = ipif.get("/factoids", personId="choe-chang-ik", st="expelled").json()
    assert found["protocol"]["totalHits"] == 1
    factoid = found["factoids"][0]
    assert factoid["source-ref"]["@id"] == "book-2005:4.2.3"
    statement = ipif.get(f"/statements/{factoid['statement-refs'][0]['@id']}").json()
    assert statement["date"]["label"] == "1956-08-30/1956-08-31"
    assert statement["memberOf"]["uri"] == "http://testserver/events/kwp-cc-plenum-1956-08"
    source = ipif.get(f"/sources/{quote('book-2005:4.2.3', safe='')}").json()
    assert "ch. 4" in source["label"]


def test_filters_narrow_and_pages_add_up(ipif: SpecClient) -> None:
    every = ipif.get("/factoids", size="1000").json()
    total = every["protocol"]["totalHits"]
    in_1956 = ipif.get("/factoids", size="1000", **{"from": "1956", "to": "1956"}).json()
    assert 0 < in_1956["protocol"]["totalHits"] < total
    pages = [
        f["@id"]
        for page in range(1, total // 7 + 2)
        for f in ipif.get("/factoids", size="7", page=str(page)).json()["factoids"]
    ]
    assert pages == [f["@id"] for f in every["factoids"]]
    assert ipif.get("/factoids", place="*").json()["protocol"]["totalHits"] == 0  # no places


def test_bad_parameters_are_400s_in_the_document_s_error_shape(ipif: SpecClient) -> None:
    operation = dict(ipif.operations())["/factoids"]
    for params in ({"size": "x"}, {"from": "spring"}, {"to": "1956-02-31"}, {"bogus": "1"}):
        response = ipif.get("/factoids", **params)
        assert response.status_code == 400
        ipif.validator(operation, "400").validate(response.json())


@pytest.mark.parametrize("resource", ["factoids", "persons", "statements", "sources"])
def test_an_empty_filter_is_no_filter(ipif: SpecClient, resource: str) -> None:
    """The IPIF document lets a client send `from=` or `p=` empty; each counts as absent."""
    plain = ipif.get(f"/{resource}")
    empty = ipif.get(f"/{resource}", **{"from": "", "to": "", "p": ""})
    assert plain.status_code == empty.status_code == 200
    assert empty.json()[resource] == plain.json()[resource]


def test_a_parameter_no_filter_declares_is_refused_naming_the_filters(
    client: TestClient,
) -> None:
    # the filters listed here by hand from the IPIF document: a filter declared and not
    # taken, or taken and not declared, shows in the 400's list
    answer = client.get("/ipif/statements", params={"x": "1"})
    assert answer.status_code == 400
    assert answer.json()["title"] == "Bad Request"  # IPIF's shape of an error
    takes = answer.json()["detail"].split("this address takes: ")[1].rstrip(")").split(", ")
    assert set(takes) == {
        "size", "page", "sortBy", "personId", "p", "statementId", "st", "sourceId", "s",
        "f", "factoidId", "statementText", "relatesToPerson", "memberOf", "role", "name",
        "from", "to", "place",
    }  # fmt: skip
