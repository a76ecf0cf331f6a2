"""One error shape for the whole API: {"status": 404, "error": "no person with id 'x'"}."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from prosopo.answers import BadQuestion, NotFound
from prosopo.passages import NoText

MAX_MESSAGE = 300  # an error never echoes a huge parameter back


def problem(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return JSONResponse({"status": status, "error": message}, status_code=status, headers=headers)


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for e in error.errors():
        where = " ".join(str(p) for p in e["loc"] if p not in ("query", "path", "body"))
        place = e["loc"][0] if e["loc"] else "request"
        parts.append(f"{place} parameter '{where}': {e['msg']}")
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return problem(404, str(error))

    @app.exception_handler(BadQuestion)
    async def bad_question(_: Request, error: BadQuestion) -> JSONResponse:
        return problem(422, str(error))

    @app.exception_handler(NoText)
    async def no_text(_: Request, error: NoText) -> JSONResponse:
        return problem(409, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, _validation_message(error))

    @app.exception_handler(HTTPException)
    async def http(_: Request, error: HTTPException) -> JSONResponse:
        # keep the headers the error carries (Allow on a 405, for one)
        return problem(error.status_code, str(error.detail), error.headers)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        # never a stack trace in a response; the server log has it
        return problem(500, f"internal error ({type(error).__name__})")
