"""Records the OpenAPI examples of every route (api/examples.json, which api/examples.py adds
to the document) over the fixture data: `python -m tests.examples`. The recorder lives with the
tests, beside the fixture data it builds; the server only reads what it wrote."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from api.examples import EXAMPLES_FILE

FIXTURES = Path(__file__).parent / "fixtures"

# Each route's example request, over the fixture data.
REQUESTS: dict[str, str] = {
    "/persons": "/persons?faction=yanan",
    "/persons/search": "/persons/search?name=Choe Chang-ik",
    "/persons/resolve": "/persons/resolve?name=Kim Il-song",
    "/persons/{person_id}": "/persons/yun-kong-hum",
    "/persons/{person_id}/timeline.svg": "/persons/choe-chang-ik/timeline.svg",
    "/persons/{person_id}/served-with": "/persons/kim-il/served-with",
    "/persons/{person_id}/mentions": "/persons/kim-il-sung/mentions",
    "/holdings": "/holdings?year=1956",
    "/leadership": "/leadership?year=1956",
    "/posts/{post_id}/holders": "/posts/vice-premier/holders",
    "/purges": "/purges?year=1956",
    "/purges/per-year": "/purges/per-year",
    "/purges/per-year.svg": "/purges/per-year.svg",
    "/organisations": "/organisations",
    "/organisations/{organisation_id}": "/organisations/cabinet",
    "/organisations/{organisation_id}/factions": "/organisations/kwp-cc/factions",
    "/organisations/{organisation_id}/factions.svg": "/organisations/kwp-cc/factions.svg",
    "/factions": "/factions",
    "/factions/{faction_id}": "/factions/yanan",
    "/events": "/events",
    "/events/{event_id}": "/events/kwp-cc-plenum-1956-08",
    "/purge-kinds": "/purge-kinds",
    "/event-kinds": "/event-kinds",
    "/disagreements": "/disagreements",
    "/disagreements/{disagreement_id}": "/disagreements/yun-kong-hum-leaves-commerce",
    "/terms": "/terms",
    "/terms/{term_id}": "/terms/kwp-cc-3",
    "/export/README.md": "/export/README.md",
    "/export/tables/{table}.csv": "/export/tables/persons.csv",
    "/export/prosopo.json": "/export/prosopo.json",
    "/export/network.graphml": "/export/network.graphml",
    "/ipif/describe": "/ipif/describe",
    "/ipif/factoids": "/ipif/factoids?p=kim-il-sung",
    "/ipif/factoids/{record_id}": (
        "/ipif/factoids/held:kim-il-sung:premier:book-2005:1.1.1@book-2005:1.1.1"
    ),
    "/ipif/persons": "/ipif/persons?name=Kim",
    "/ipif/persons/{record_id}": "/ipif/persons/kim-il",
    "/ipif/statements": "/ipif/statements?p=yun-kong-hum",
    "/ipif/statements/{record_id}": "/ipif/statements/held:kim-il-sung:premier:book-2005:1.1.1",
    "/ipif/sources": "/ipif/sources?size=2",
    "/ipif/sources/{record_id}": "/ipif/sources/book-2005:4.2.1",
    "/sources": "/sources",
    "/sources/{source_id}": "/sources/book-2005",
    "/sources/{source_id}/passages/{locator}": "/sources/book-2005/passages/4.2.1",
    "/passages": "/passages?q=plenum",
    "/index": "/index",
}
# A binary download has no example to show in the document.
WITHOUT = {"/export/prosopo.sqlite"}

# fields that differ between two recordings: when the database was built
VOLATILE = {"createdWhen", "modifiedWhen", "built_at"}
ITEMS = 2  # items kept of each list: enough to show the shape
LINES = 12  # lines kept of a text answer (CSV, SVG, GraphML, Markdown)


def shorten(value: Any) -> Any:
    """The value with every list cut to its first :data:`ITEMS` items, at every depth."""
    if isinstance(value, list):
        return [shorten(v) for v in value[:ITEMS]]
    if isinstance(value, dict):
        return {k: shorten(v) for k, v in value.items()}
    return value


def steady(value: Any) -> Any:
    """The value with every :data:`VOLATILE` field blanked: what two recordings share."""
    if isinstance(value, list):
        return [steady(v) for v in value]
    if isinstance(value, dict):
        return {k: "" if k in VOLATILE else steady(v) for k, v in value.items()}
    return value


def _text(body: str) -> str:
    lines = body.splitlines()
    return "\n".join(lines[:LINES]) + ("\n…" if len(lines) > LINES else "")


def record(get: Callable[[str], Any], paths: list[str]) -> dict[str, Any]:
    """Each route's example: the request, and its answer per media type (shortened)."""
    out: dict[str, Any] = {}
    for path in paths:
        request = REQUESTS[path]
        response = get(request)
        if response.status_code != 200:
            raise RuntimeError(f"{request} answered {response.status_code}: {response.text}")
        media = response.headers["content-type"].split(";")[0]
        answers: dict[str, Any] = {}
        if media == "application/json":
            answers[media] = shorten(response.json())
            csv = get(f"{request}{'&' if '?' in request else '?'}format=csv")
            if csv.headers["content-type"].startswith("text/csv"):
                answers["text/csv"] = _text(csv.text)
        else:
            answers[media] = _text(response.text)
        out[path] = {"request": request, "answers": answers}
    return out


def routes_of(app: FastAPI) -> list[str]:
    """The GET paths of the OpenAPI document that should carry an example."""
    return [p for p, ops in app.openapi()["paths"].items() if "get" in ops and p not in WITHOUT]


def main() -> None:
    """Build the fixture data in a scratch folder and record every example into the file."""
    from fastapi.testclient import TestClient

    from api.main import create_app
    from prosopo.build import build
    from prosopo.config import Settings

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'examples.sqlite'}"
        build(url, FIXTURES / "data", sources=FIXTURES / "sources")
        with TestClient(create_app(Settings(database_url=url))) as client:
            examples = record(client.get, routes_of(client.app))  # type: ignore[arg-type]
    EXAMPLES_FILE.write_text(
        json.dumps(examples, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(examples)} examples to {EXAMPLES_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
