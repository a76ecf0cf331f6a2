"""A request's query in one form: empty parameters count as absent, the rest come in one order,
and a parameter no route takes is refused with a 400 that names it.

So `?year=1956&post=` asks what `?year=1956` asks (and IPIF's `from=` is no filter), two askings
that differ only in the order of their parameters share one held answer (`api/cache.py`), and a
parameter added to defeat the memory (`&x=<unique>`) is answered 400 after routing, without a
core call.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send


class NormalQuery:
    """ASGI middleware: the query string without empty parameters, sorted by name (the values
    of a repeated parameter keep their order)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("query_string", b"")
        if scope["type"] == "http" and raw:
            pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            kept = sorted(((k, v) for k, v in pairs if v != ""), key=lambda kv: kv[0])
            scope = {**scope, "query_string": urlencode(kept).encode("latin-1")}
        await self.app(scope, receive, send)


# the query parameters a route takes, found once and kept on the route itself (routes are not
# hashable, and an id could be reused by another app's route once the first is gone)
_DECLARED = "_prosopo_query_parameters"


def _names(dependant: Dependant) -> set[str]:
    found: set[str] = set()
    for p in dependant.query_params:
        model = p.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):  # a query-parameter model
            found |= {f.alias or name for name, f in model.model_fields.items()}
        else:
            found.add(p.alias)
    for inner in dependant.dependencies:
        found |= _names(inner)
    return found


async def known_parameters(request: Request) -> None:
    """Refuse a query parameter the route does not take (for every route, as a dependency)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    declared: frozenset[str] | None = getattr(route, _DECLARED, None)
    if declared is None:
        declared = frozenset(_names(route.dependant))
        setattr(route, _DECLARED, declared)
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        takes = ", ".join(sorted(declared)) or "none"
        raise HTTPException(
            400,
            f"unknown query parameter {', '.join(repr(u) for u in unknown)}"
            f" (this address takes: {takes})",
        )
