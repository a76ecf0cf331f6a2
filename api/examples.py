"""An example on every route of the OpenAPI document: a real request and the start of its real
answer, recorded over the fixture data (tests/fixtures/data, the small invented data set the
tests build), so that an example can never show a shape the API does not send.

`python -m tests.examples` records them anew into api/examples.json; a test records them again
and fails when the file is stale or a route has none. The server only reads the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI

EXAMPLES_FILE = Path(__file__).with_name("examples.json")


def install(app: FastAPI) -> None:
    """Add the recorded examples to the app's OpenAPI document, once it is first made."""
    make = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = make()
        if not EXAMPLES_FILE.is_file():  # not recorded yet
            return document
        examples = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
        for path, example in examples.items():
            operation = document["paths"].get(path, {}).get("get")
            if operation is None:
                continue
            content = operation["responses"]["200"].setdefault("content", {})
            for media, value in example["answers"].items():
                content.setdefault(media, {})["examples"] = {
                    "fixture": {"summary": f"GET {example['request']}", "value": value}
                }
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
