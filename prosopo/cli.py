"""The `prosopo` command: a thin terminal skin over the core library."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import OperationalError

from prosopo import db, queries
from prosopo.build import build as build_database
from prosopo.config import Settings
from prosopo.load import DataErrors, load_data
from prosopo.schemas import DateOut

app = typer.Typer(
    help="prosopo: a cited prosopography of the North Korean leadership, 1945–1970.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class Format(StrEnum):
    table = "table"
    json = "json"


# Options shared by several commands, declared once.
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: PROSOPO_DATABASE_URL or prosopo.sqlite).",
        show_default=False,
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Folder of data files (default: data/ of this repository).",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
YearArgument = Annotated[int, typer.Argument(min=1800, max=2100, help="A calendar year.")]
CertainOption = Annotated[
    bool, typer.Option("--certain", help="Only answers the dates make certain for that year.")
]


def _settings(db_url: str | None = None, data: Path | None = None) -> Settings:
    overrides: dict[str, Any] = {}
    if db_url:
        overrides["database_url"] = db_url
    if data:
        overrides["data_dir"] = data
    return Settings(**overrides)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


def _engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        raise _fail(f"database {url.database} does not exist: run `prosopo build` first")
    return db.make_engine(settings.database_url)


def _date(d: DateOut | None) -> str:
    return d.text if d else ""


def _emit(fmt: Format, items: BaseModel | list[Any], table: Table | None) -> None:
    if fmt is Format.json or table is None:
        if isinstance(items, list):
            data: Any = [i.model_dump(mode="json") for i in items]
        else:
            data = items.model_dump(mode="json")
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(table)


@app.command()
def check(data: DataOption = None) -> None:
    """Check the data files; print every problem as file:line: what."""
    settings = _settings(data=data)
    try:
        counts = load_data(settings.data_dir).counts()
    except DataErrors as bad:
        for e in bad.errors:
            err.print(str(e), highlight=False, markup=False)
        raise _fail(f"{len(bad.errors)} problem(s) in the data files") from None
    out.print(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()), highlight=False)


@app.command()
def build(db: DbOption = None, data: DataOption = None) -> None:
    """Build the database from the data files (all or nothing: a failure keeps the old one)."""
    settings = _settings(db, data)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("reading data files", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total or None)

        try:
            counts = build_database(settings.database_url, settings.data_dir, report)
        except DataErrors as bad:
            progress.stop()
            for e in bad.errors:
                err.print(str(e), highlight=False, markup=False)
            raise _fail(
                f"{len(bad.errors)} problem(s) in the data files; the database was not changed"
            ) from None
        except (OperationalError, FileNotFoundError) as bad:
            progress.stop()
            raise _fail(f"cannot build {settings.database_url}: {bad}") from None
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    out.print(f"built {shown}: {summary}", highlight=False)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    get: Annotated[
        str | None,
        typer.Option(
            "--get",
            help="Print the response to this path (e.g. /purges?year=1956) "
            "and exit, without starting a server.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the REST API (docs at /docs)."""
    from api.main import create_app

    settings = _settings(db)
    _engine(settings).dispose()  # fail early, with a message, when there is no database
    application = create_app(settings)
    if get is not None:
        from fastapi.testclient import TestClient

        with TestClient(application) as client:
            response = client.get(get)
        sys.stdout.write(json.dumps(response.json(), ensure_ascii=False, indent=2) + "\n")
        if response.status_code >= 400:
            raise typer.Exit(1)
        return
    import uvicorn

    uvicorn.run(application, host=host, port=port)


def _resolve(session: Any, name: str) -> str:
    found = queries.find_persons(session, name)
    if not found:
        raise _fail(f"no person named {name!r}")
    if len(found) > 1:
        listed = ", ".join(f"{p.name} ({p.id})" for p in found)
        raise _fail(f"{name!r} is ambiguous: {listed}")
    return found[0].id


@app.command()
def career(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """A person's career: factions, posts and purges, each with its citations."""
    with db_session(db) as session:
        result = queries.career(session, _resolve(session, name))
    table = Table(title=f"{result.person.name} ({result.person.id})", show_lines=False)
    for column in ("when", "what", "sources"):
        table.add_column(column)
    for m in result.factions:
        table.add_row(
            _span(m.start, m.end), f"faction: {m.faction.name} (“{m.label}”)", _cites(m.citations)
        )
    for h in result.posts:
        table.add_row(_span(h.start, h.end, h.during), h.post.title, _cites(h.citations))
    for p in result.purges:
        what = p.action.name + (f": {p.post.title}" if p.post else "")
        what += f" ({p.event.name})" if p.event else ""
        table.add_row(_date(p.date), what, _cites(p.citations))
    _emit(format, result, table)


def _span(start: DateOut | None, end: DateOut | None, during: DateOut | None = None) -> str:
    if start or end:
        return f"{_date(start) or '?'} – {_date(end) or '?'}"
    return f"in {_date(during)}" if during else ""


def _cites(citations: list[Any]) -> str:
    return "; ".join(f"{c.source}:{c.locator}" for c in citations)


@app.command("who-held")
def who_held(
    year: YearArgument,
    post: Annotated[str | None, typer.Option(help="A post id, e.g. vice-premier.")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="An organisation id; includes bodies inside it.")
    ] = None,
    certain: CertainOption = False,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Who held which post at some time in YEAR."""
    with db_session(db) as session:
        try:
            result = queries.who_held(
                session, year, post=post, organisation=organisation, certain_only=certain
            )
        except queries.NotFound as missing:
            raise _fail(str(missing)) from None
    table = Table(title=f"Posts held in {year}")
    for column in ("post", "person", "dates", "certainty", "sources"):
        table.add_column(column)
    for h in result:
        table.add_row(
            h.holding.post.title,
            h.person.name,
            _span(h.holding.start, h.holding.end, h.holding.during),
            h.certainty.value,
            _cites(h.holding.citations),
        )
    _emit(format, result, table)


@app.command()
def purged(
    year: YearArgument,
    action: Annotated[
        str | None, typer.Option(help="A purge kind, e.g. expelled-from-party.")
    ] = None,
    event: Annotated[
        str | None, typer.Option(help="An event id, e.g. kwp-cc-plenum-1956-08.")
    ] = None,
    certain: CertainOption = False,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Who was purged in YEAR, and how."""
    with db_session(db) as session:
        try:
            result = queries.purges(session, year, action=action, event=event, certain_only=certain)
        except queries.NotFound as missing:
            raise _fail(str(missing)) from None
    table = Table(title=f"Purges in {year}")
    for column in ("date", "person", "action", "certainty", "sources"):
        table.add_column(column)
    for p in result:
        what = p.purge.action.name + (f": {p.purge.post.title}" if p.purge.post else "")
        table.add_row(
            _date(p.purge.date), p.person.name, what, p.certainty.value, _cites(p.purge.citations)
        )
    _emit(format, result, table)


chart = typer.Typer(
    help="Draw pictures: a career as a timeline, purges per year.", no_args_is_help=True
)
app.add_typer(chart, name="chart")

OutputOption = Annotated[
    Path, typer.Option("--output", "-o", help="Picture file to write: .svg or .png.")
]


PICTURE_FORMATS = ("svg", "png")


def _picture_format(output: Path) -> str:
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in PICTURE_FORMATS:
        raise _fail(f"cannot draw {output.name}: the file must end in .svg or .png")
    return fmt


@chart.command("career")
def chart_career(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    output: OutputOption,
    db: DbOption = None,
) -> None:
    """Draw a person's career as a timeline of posts and purges."""
    from prosopo import charts  # matplotlib takes a second to import: only when drawing

    fmt = _picture_format(output)
    with db_session(db) as session:
        picture = charts.career_timeline(queries.career(session, _resolve(session, name)), fmt)
    output.write_bytes(picture)
    out.print(f"wrote {output}", highlight=False)


@chart.command("purges")
def chart_purges(
    output: OutputOption,
    action: Annotated[str | None, typer.Option(help="Only this purge kind.")] = None,
    event: Annotated[str | None, typer.Option(help="Only purges at this event.")] = None,
    db: DbOption = None,
) -> None:
    """Draw purge events per year as a bar chart."""
    from prosopo import charts

    fmt = _picture_format(output)
    with db_session(db) as session:
        try:
            counts = queries.purge_counts(session, action=action, event=event)
        except queries.NotFound as missing:
            raise _fail(str(missing)) from None
    title = "Purge events per year" + (f": {action}" if action else "")
    output.write_bytes(charts.purges_chart(counts, title, fmt))
    out.print(f"wrote {output}", highlight=False)


class db_session:
    """A read session on the configured database, with a clear error when it cannot open."""

    def __init__(self, db_url: str | None) -> None:
        self.engine = _engine(_settings(db_url))

    def __enter__(self) -> Any:
        from sqlalchemy.orm import Session

        self.session = Session(self.engine)
        return self.session

    def __exit__(self, *exc: object) -> None:
        self.session.close()
        self.engine.dispose()
