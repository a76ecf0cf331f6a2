"""The database to take away: tables as CSV, one JSON document, the SQLite file, the network."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from api.answer import AnswersDep
from prosopo import export
from prosopo.errors import Conflict, NotFound

router = APIRouter(prefix="/export", tags=["export"])

TABLES = {t.name: t for t in export.tables()}


def _table(name: str) -> str:
    if name not in TABLES:
        raise NotFound(f"no table {name!r}; the tables are: {', '.join(TABLES)}")
    return name


@router.get(
    "/README.md", response_class=Response, responses={200: {"content": {"text/markdown": {}}}}
)
async def tables_readme() -> Response:
    """What every exported table and column holds."""
    return Response(export.readme(), media_type="text/markdown; charset=utf-8")


@router.get(
    "/tables/{table}.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}}
)
async def table_csv(table: str, answers: AnswersDep) -> Response:
    """One table of the database as CSV (a header row of column names; lists as JSON). The
    passages' text is never exported: the sources are copyrighted."""
    name = _table(table)
    return await answers.live(
        lambda session: Response(
            export.table_csv(session, TABLES[name]), media_type="text/csv; charset=utf-8"
        )
    )


@router.get(
    "/prosopo.json",
    response_class=FileResponse,
    responses={200: {"content": {"application/json": {}}}},
)
async def database_json(answers: AnswersDep) -> Response:
    """Every table as one JSON document: table name -> its rows. Written row by row to a
    scratch file and sent from there, so a large database never sits whole in memory."""

    def write(session: Session) -> Response:
        folder = Path(tempfile.mkdtemp(prefix="prosopo-export-"))
        target = folder / "prosopo.json"
        with target.open("w", encoding="utf-8") as out:
            export.write_json(session, out)
        return _sent(target, "application/json", folder)

    return await answers.live(write)


@router.get(
    "/network.graphml",
    response_class=Response,
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
async def network_graphml(answers: AnswersDep) -> Response:
    """Persons linked by service in the same body in the same year (stated or inferred) and by
    purges at the same event, as GraphML for Gephi or networkx; each node with its name,
    factions and fates (the kinds of purge recorded of the person)."""
    return await answers.live(
        lambda session: Response(export.graphml(session), media_type="application/graphml+xml")
    )


@router.get(
    "/prosopo.sqlite",
    response_class=FileResponse,
    responses={200: {"content": {"application/vnd.sqlite3": {}}}, 409: {}},
)
async def database_file(answers: AnswersDep) -> Response:
    """The SQLite database itself, without the passages' text. 409 when the server reads
    PostgreSQL."""

    def copy(session: Session) -> Response:
        engine = session.get_bind()
        if engine.dialect.name != "sqlite":
            raise Conflict("the database is PostgreSQL: ask for the tables or the JSON instead")
        folder = Path(tempfile.mkdtemp(prefix="prosopo-export-"))
        target = folder / "prosopo.sqlite"
        export.sqlite_copy(engine, target)  # type: ignore[arg-type]
        return _sent(target, "application/vnd.sqlite3", folder)

    return await answers.live(copy)


def _sent(path: Path, media_type: str, folder: Path) -> FileResponse:
    """The file as a download; its scratch folder goes once it has been sent."""
    return FileResponse(
        path, media_type=media_type, filename=path.name, background=BackgroundTask(_remove, folder)
    )


def _remove(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
