"""One error shape for the whole API: {"status": 404, "error": "no person with id 'x'"}."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from api.served import NotBuilt
from api.web.routes import error_page
from prosopo.errors import ProsopoError

LOG = logging.getLogger("prosopo.api")

MAX_MESSAGE = 300  # an error never echoes a huge parameter back


def problem(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return JSONResponse({"status": status, "error": message}, status_code=status, headers=headers)


def _answer(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The error in the one shape, or, for a web page, as a page that says it."""
    if request.url.path.startswith("/ui/"):
        return error_page(status, message[:MAX_MESSAGE], headers)
    return problem(status, message, headers)


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for e in error.errors():
        where = " ".join(str(p) for p in e["loc"] if p not in ("query", "path", "body"))
        place = e["loc"][0] if e["loc"] else "request"
        parts.append(f"{place} parameter '{where}': {e['msg']}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.exception_handler(ProsopoError)
    async def core(request: Request, error: ProsopoError) -> Response:
        return _answer(request, error.status, str(error))

    @app.exception_handler(NotBuilt)
    async def not_built(request: Request, error: NotBuilt) -> Response:
        return _answer(request, 503, str(error))

    @app.exception_handler(OperationalError)
    async def unavailable(request: Request, error: OperationalError) -> Response:
        # the server cannot reach or read its database: try again later; the log says why
        LOG.warning("database unavailable: %s", error)
        return _answer(request, 503, "the database is unavailable: try again later")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if request.url.path.startswith("/ipif/"):  # the interchange format's own error shape
            from api.routes import ipif

            return ipif.problem(400, _validation_message(error))
        return _answer(request, 422, _validation_message(error))

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> Response:
        if request.url.path.startswith("/ipif/"):  # the interchange format's own error shape
            from api.routes import ipif

            return ipif.problem(error.status_code, str(error.detail), error.headers)
        # keep the headers the error carries (Allow on a 405, for one)
        return _answer(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        # never a stack trace in a response; the server log has it
        return _answer(request, 500, f"internal error ({type(error).__name__})")


class NulAsReplacement:
    """ASGI middleware: a NUL character in the path or the query becomes U+FFFD before routing.

    No id, name or word of the data holds either, so such a request is answered as what it is
    (no such person: 404; nothing found) and alike on both engines: PostgreSQL cannot compare
    text holding NUL at all (it would be a 500), SQLite would quietly compare it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("query_string", b"")
            if "\x00" in scope["path"] or b"%00" in raw or b"\x00" in raw:
                scope = {
                    **scope,
                    "path": scope["path"].replace("\x00", "\ufffd"),
                    "query_string": raw.replace(b"%00", b"%EF%BF%BD").replace(
                        b"\x00", b"%EF%BF%BD"
                    ),
                }
        await self.app(scope, receive, send)
