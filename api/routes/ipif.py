"""A read-only facade in the International Prosopography Interchange Format (IPIF, compliance
level 1): `/ipif/factoids`, `/persons`, `/statements`, `/sources`, each by id, and `/describe`.
Errors take IPIF's own shape ({"status", "title", "detail"})."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.answer import AnswersDep
from prosopo import ipif
from prosopo.errors import ProsopoError
from prosopo.filters import IpifQuery

router = APIRouter(prefix="/ipif", tags=["ipif"])


class IpifError(BaseModel):
    """An error as the IPIF document shapes it."""

    status: int
    title: str
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": IpifError}, 404: {"model": IpifError}}


def problem(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error in IPIF's shape: 404 for what is not there, 405 for a method no route takes,
    503 while the database is out of reach, 400 for any bad parameter."""
    status = status if status in (404, 405, 503) else 400
    title = HTTPStatus(status).phrase
    body = {"status": status, "title": title, "detail": detail}
    return JSONResponse(body, status, headers=dict(headers or {}))


def _problem(error: ProsopoError) -> JSONResponse:
    return problem(error.status, str(error))


async def _answer(answers: AnswersDep, call: Any) -> Response:
    try:
        return await answers.live(call)
    except ProsopoError as error:
        return _problem(error)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/describe")
async def describe(request: Request) -> dict[str, Any]:
    """What this service is and what it supports (compliance level 1: read-only, every filter)."""
    return ipif.describe(_base(request))


def _list_route(resource: str) -> None:
    async def listing(
        request: Request, answers: AnswersDep, asked: Annotated[IpifQuery, Query()]
    ) -> Response:
        base = _base(request)
        return await _answer(answers, lambda session: ipif.listing(session, resource, asked, base))

    async def by_id(request: Request, record_id: str, answers: AnswersDep) -> Response:
        base = _base(request)
        return await _answer(answers, lambda session: ipif.one(session, resource, record_id, base))

    listing.__doc__ = (
        f"IPIF {resource}, a page at a time (`size`, `page`), that the filters keep: a record is"
        " kept when one of its factoids meets every filter given."
    )
    by_id.__doc__ = f"One of the IPIF {resource}, with its factoid references."
    router.add_api_route(
        f"/{resource}", listing, methods=["GET"], name=f"ipif_{resource}", responses=ERRORS
    )
    router.add_api_route(
        f"/{resource}/{{record_id}}",
        by_id,
        methods=["GET"],
        name=f"ipif_{resource}_one",
        responses=ERRORS,
    )


for _resource in ipif.RESOURCES:
    _list_route(_resource)
