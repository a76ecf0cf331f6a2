"""The web pages under `/ui/`: each route turns a request into a view (`api/web/views.py`) and
the view into HTML. Errors are turned into pages in one place, `api/errors.py`, which answers
any error under `/ui/` with `error_page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from api.answer import AnswersDep
from api.deps import ScopeQuery
from api.web import views
from prosopo import charts, present
from prosopo.dates import PAGE_YEARS, STUDIED_YEARS
from prosopo.errors import ProsopoError
from prosopo.scope import Scope

HERE = Path(__file__).parent
STATIC = StaticFiles(directory=HERE / "static")

router = APIRouter(prefix="/ui", include_in_schema=False)

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "svg"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals["date_text"] = present.date_text
templates.globals["runs"] = present.runs
templates.globals["span"] = present.span
templates.globals["bodies_and_years"] = present.bodies_and_years
templates.globals["purge_what"] = present.purge_what
templates.globals["years_by_basis"] = present.years_by_basis
templates.globals["picture"] = lambda chart, name: Markup(charts.svg(chart, name))


def _html(page: views.Page, status: int = 200) -> HTMLResponse:
    body = templates.get_template(page.template).render(title=page.title, **page.context)
    return HTMLResponse(body, status_code=status)


def error_page(status: int, message: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """An error of a page as a page: what was wrong, with its status."""
    titles = {404: "Not found", 503: "The database is not there"}
    page = views.Page("error.html", {"message": message}, titles.get(status, "Cannot answer that"))
    response = _html(page, status)
    response.headers.update(headers or {})
    return response


async def _page(answers: AnswersDep, view: Callable[[Session], views.Page]) -> Response:
    """The view's page, drawn in a worker thread with a session of its own."""
    response: Response = await answers.run(lambda session: _html(view(session)))
    return response


@router.get("/")
async def home(answers: AnswersDep) -> Response:
    return await _page(answers, views.home)


@router.get("/search")
async def search(answers: AnswersDep, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    def find(session: Session) -> Response:
        found = views.search(session, q)
        if found.person is not None:
            return RedirectResponse(f"/ui/persons/{found.person}", status_code=303)
        assert found.page is not None
        return _html(found.page)

    response: Response = await answers.run(find)
    return response


@router.get("/persons")
async def persons(answers: AnswersDep) -> Response:
    return await _page(answers, views.persons)


@router.get("/persons/{person_id}")
async def person(person_id: str, answers: AnswersDep, scope: ScopeQuery = Scope.all) -> Response:
    return await _page(answers, lambda session: views.person(session, person_id, scope))


@router.get("/years/{year}")
async def year(year: str, answers: AnswersDep, scope: ScopeQuery = Scope.all) -> Response:
    if not (year.isdigit() and PAGE_YEARS[0] <= int(year) <= PAGE_YEARS[1]):
        first, last = STUDIED_YEARS
        raise _OutOfRange(f"no year {year!r} in these data: try {first} to {last}")
    return await _page(answers, lambda session: views.year(session, int(year), scope))


@router.get("/purges")
async def purges(
    answers: AnswersDep,
    action: Annotated[str | None, Query(max_length=100)] = None,
    event: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    # an empty choice in the filter form means "any"
    return await _page(
        answers, lambda session: views.purges(session, action or None, event or None)
    )


@router.get("/factions")
async def factions(answers: AnswersDep) -> Response:
    return await _page(answers, views.factions)


@router.get("/factions/{faction_id}")
async def faction(faction_id: str, answers: AnswersDep) -> Response:
    return await _page(answers, lambda session: views.faction(session, faction_id))


@router.get("/posts/{post_id}")
async def post(post_id: str, answers: AnswersDep, scope: ScopeQuery = Scope.all) -> Response:
    return await _page(answers, lambda session: views.post(session, post_id, scope))


@router.get("/events/{event_id}")
async def event(event_id: str, answers: AnswersDep) -> Response:
    return await _page(answers, lambda session: views.event(session, event_id))


@router.get("/sources")
async def sources(answers: AnswersDep) -> Response:
    return await _page(answers, views.sources)


@router.get("/sources/{source_id}/passages/{locator}")
async def passage(source_id: str, locator: str, answers: AnswersDep) -> Response:
    return await _page(answers, lambda session: views.passage(session, source_id, locator))


@router.get("/disagreements")
async def disagreements(answers: AnswersDep) -> Response:
    return await _page(answers, views.all_disagreements)


class _OutOfRange(ProsopoError):
    status = 404


def install(app: FastAPI) -> None:
    """Serve the pages and their local assets (nothing is fetched from another site), and send
    `/` to the home page."""
    app.include_router(router)
    app.mount("/ui/static", STATIC, name="static")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/ui/", status_code=307)
