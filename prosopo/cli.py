"""The `prosopo` command: a thin terminal skin over the core library."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from typer.core import TyperGroup

from prosopo import (
    catalogue,
    charts,
    db,
    in_power,
    leaders,
    present,
    queries,
    service,
    silences,
    succession,
    year_holders,
)
from prosopo.config import BadSetting, Settings, read_settings
from prosopo.dates import FIRST_YEAR, LAST_YEAR, PAGE_YEARS, STUDIED_YEARS
from prosopo.errors import ProsopoError
from prosopo.filters import HoldingsFilter, PersonsFilter, PersonsQuery, PurgesFilter, Sort
from prosopo.persons import persons_page
from prosopo.resolve import resolve_person, search_persons
from prosopo.schemas import (
    Candidate,
    ConflictOut,
    DisagreementOut,
    EventKindOut,
    EventOut,
    FactionOut,
    Holder,
    MentionOut,
    OrganisationNode,
    PersonRow,
    Purged,
    PurgeKindOut,
    SearchHit,
    SourceOut,
    TenureOut,
    Vacancy,
)
from prosopo.scope import Scope
from prosopo.tenures import Basis, year_days

if TYPE_CHECKING:  # what only reading the data files needs is imported by the commands that do
    from prosopo.build.load import Dataset
    from prosopo.build.texts.sources import SourceText

# a table piped to a file or a pager is not cut to 80 columns
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, soft_wrap=True)


class _Commands(TyperGroup):
    """Every command's core errors become one line and exit status 1, here once."""

    def invoke(self, ctx: Any) -> Any:  # a click context (typer vendors its own click)
        try:
            return super().invoke(ctx)
        except (ProsopoError, BadSetting) as error:
            raise _fail(str(error)) from None
        except ValidationError as error:  # a filter the query models refuse (prosopo/filters.py)
            raise _fail(
                "; ".join(f"--{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
            ) from None


app = typer.Typer(
    cls=_Commands,
    help="prosopo: a cited prosopography of the North Korean leadership, 1945–1970.",
    no_args_is_help=True,
    add_completion=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


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
SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Folder of the source texts (default: PROSOPO_SOURCES).",
        show_default=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _about(model: type[BaseModel], field: str) -> str:
    """A filter's help, from its description in the query model (prosopo/filters.py)."""
    said = model.model_fields[field].description or field
    return said[0].upper() + said[1:] + "."


ScopeOption = Annotated[
    Scope,
    typer.Option(
        "--scope",
        help=_about(HoldingsFilter, "scope"),
    ),
]
YearArgument = Annotated[
    int, typer.Argument(min=FIRST_YEAR, max=LAST_YEAR, help="A calendar year.")
]


def _settings(
    db_url: str | None = None, data: Path | None = None, sources: Path | None = None
) -> Settings:
    overrides: dict[str, Any] = {}
    if db_url:
        overrides["database_url"] = db_url
    if data:
        overrides["data_dir"] = data
    if sources:
        overrides["sources"] = sources
    return read_settings(**overrides)


def _dataset(settings: Settings, with_index: bool = True) -> Dataset:
    from prosopo.build.load import DataErrors, load_data

    try:
        return load_data(settings.data_dir, with_index=with_index)
    except DataErrors as bad:
        for e in bad.errors:
            err.print(str(e), highlight=False, markup=False)
        raise _fail(f"{len(bad.errors)} problem(s) in the data files") from None


def _source_texts(settings: Settings, ds: Dataset) -> dict[str, SourceText]:
    from prosopo.build.texts.sources import SourceUnavailable, read_sources

    """The verified source texts, or exit 2 saying why this command cannot run without them."""
    try:
        return read_sources(settings.sources, [s.record for s in ds.sources])
    except SourceUnavailable as why:
        err.print(f"[red]cannot run:[/red] {why}", highlight=False)
        raise typer.Exit(2) from None


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(1)


def _engine(settings: Settings) -> Engine:
    """An engine on a database `prosopo build` has built, or exit saying why there is none."""
    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        raise _fail(f"{settings.database_url!r} is not a database URL") from None
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        raise _fail(f"database {url.database} does not exist: run `prosopo build` first")
    engine = db.make_engine(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    try:
        built = db.is_built(engine)
    except (DBAPIError, ImportError, NoSuchModuleError) as why:
        engine.dispose()
        raise _fail(f"cannot open {shown}: {str(why).splitlines()[0]}") from None
    if not built:
        engine.dispose()
        raise _fail(f"{shown} was not built by this version of prosopo: run `prosopo build`")
    return engine


def _emit_list(
    fmt: Format,
    model: type[BaseModel],
    items: Sequence[BaseModel],
    title: str,
    caption: str | None = None,
    styled: dict[str, Callable[[str], Text]] | None = None,
) -> None:
    """A list answer as a table, JSON or CSV, in the columns of `prosopo.present`."""
    if fmt is Format.csv:
        sys.stdout.write(present.to_csv(model, items))
        return
    if fmt is Format.json:
        _emit(fmt, list(items), None)
        return
    table = Table(title=title, caption=caption)
    names = [c.name for c in present.columns(model)]
    for name in names:
        table.add_column(name)
    for row in present.rows(model, items):
        table.add_row(*((styled or {}).get(n, Text)(v) for n, v in zip(names, row, strict=True)))
    out.print(table)


def _emit(fmt: Format, items: BaseModel | list[Any], table: Table | None) -> None:
    if fmt is Format.csv:
        raise _fail("this answer is not a list: ask for --format json or table")
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
    counts = _dataset(_settings(data=data)).counts()
    out.print(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()), highlight=False)


@app.command()
def build(
    db: DbOption = None,
    data: DataOption = None,
    sources: SourcesOption = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace the database even if the new build holds far fewer facts."
        ),
    ] = False,
) -> None:
    """Build the database from the data files; all or nothing.

    A failed build keeps the old database. With the source texts (--sources or
    PROSOPO_SOURCES), passages get their text.
    """
    from prosopo.build import StaleIndex, WouldLoseData
    from prosopo.build import build as build_database
    from prosopo.build.load import DataErrors
    from prosopo.build.texts.sources import SourceUnavailable

    settings = _settings(db, data, sources)
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
            counts = build_database(
                settings.database_url, settings.data_dir, report, settings.sources, force=force
            )
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
        except (SourceUnavailable, StaleIndex, WouldLoseData) as bad:
            progress.stop()
            raise _fail(f"{bad}; the database was not changed") from None
    shown = make_url(settings.database_url).render_as_string(hide_password=True)
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    out.print(f"built {shown}: {summary}", highlight=False)
    if settings.sources is None:
        out.print("passages have no text: set PROSOPO_SOURCES (or --sources) to include it")


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
    application = create_app(settings, serving=get is None)
    if get is not None:
        from fastapi.testclient import TestClient

        with TestClient(application) as client:
            response = client.get(get)
        if response.headers.get("content-type", "").startswith("application/json"):
            sys.stdout.write(json.dumps(response.json(), ensure_ascii=False, indent=2) + "\n")
        else:  # CSV, SVG: as sent
            sys.stdout.write(response.text)
        if response.status_code >= 400:
            raise typer.Exit(1)
        return
    import uvicorn

    # the asyncio event loop, not uvloop: under overload (256 connections) uvloop left some
    # connections unanswered for seconds while serving others (benchmarks/serve.py)
    uvicorn.run(application, host=host, port=port, loop="asyncio", http="httptools")


def _resolve(session: Any, name: str) -> str:
    """The id of the one person `name` means, by the rule of `resolve_person`; otherwise exit
    saying why, with the candidates, and never go on with a guess."""
    resolution = resolve_person(session, name)
    if resolution.person is not None:
        return resolution.person.id
    listed = ", ".join(f"{c.person.name} ({c.person.id})" for c in resolution.candidates)
    real = [c for c in resolution.candidates if c.how != "fuzzy"]
    if not real:
        raise _fail(f"no person is named {name!r}; did you mean: {listed}?")
    if len(real) == 1:  # the start of one person's name, but only its first word: a surname
        raise _fail(f"{name!r} is only part of a name; did you mean: {listed}?")
    raise _fail(f"{name!r} may name several persons: {listed}")


@app.command()
def search(
    name: Annotated[str, typer.Argument(help="A name in any spelling or script, or its start.")],
    limit: Annotated[int, typer.Option(min=1, max=100, help="At most this many.")] = 10,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Find persons by any form of their name, best first, with the form that matched."""
    with db_session(db) as session:
        found = search_persons(session, name, limit=limit)
    _emit_list(format, Candidate, found, f"Persons named {name!r}")


@app.command()
def career(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """A person's career: factions, posts and purges, each with its citations."""
    with db_session(db) as session:
        result = queries.career(session, _resolve(session, name), scope)
    table = Table(title=f"{result.person.name} ({result.person.id})", show_lines=False)
    for column in ("when", "what", "sources"):
        table.add_column(column)
    for m in result.factions:
        table.add_row(
            present.span(m.start, m.end),
            f"faction: {m.faction.name} (“{m.label}”)",
            present.cites(m.citations),
        )
    for t in result.tenures:
        table.add_row(
            present.tenure_years(t),
            f"{t.post.title} ({t.bounds})" if t.possible or t.closed else t.post.title,
            present.cites(c for e in t.evidence for c in e.citations),
        )
    for p in result.purges:
        what = present.purge_what(p) + (f" ({p.event.name})" if p.event else "")
        table.add_row(present.date_text(p.date), what, present.cites(p.citations))
    _emit(format, result, table)


BasisOption = Annotated[
    list[Basis] | None,
    typer.Option("--basis", help=_about(HoldingsFilter, "basis")),
]


@app.command("who-held")
def who_held(
    year: YearArgument,
    post: Annotated[str | None, typer.Option(help=_about(HoldingsFilter, "post"))] = None,
    organisation: Annotated[
        str | None, typer.Option(help=_about(HoldingsFilter, "organisation"))
    ] = None,
    basis: BasisOption = None,
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Who held which post in YEAR: stated by a passage, inferred between attestations, or
    possible."""
    with db_session(db) as session:
        result = year_holders.who_held(
            session,
            HoldingsFilter(
                year=year, post=post, organisation=organisation, basis=basis, scope=scope
            ),
        )
        why = None
        if not result and post is not None:
            first, last = year_days(year)
            why = silences.silences(session, [post], first, last, scope)[post]
    _emit_list(format, Holder, result, f"Posts held in {year}", caption=why)


@app.command()
def leadership(
    when: Annotated[str, typer.Argument(help="A year (1956) or a day (1956-09-01).")],
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The leadership as of a year or a day, body by body, each seat with its holders' basis."""
    try:
        year, day = (int(when), None) if when.isdigit() else (None, dt.date.fromisoformat(when))
    except ValueError:
        raise _fail(f"{when!r} is neither a year (1956) nor a day (1956-09-01)") from None
    with db_session(db) as session:
        result = leaders.leadership(session, year=year, date=day, scope=scope)
    table = Table(title=f"The leadership in {when}")
    for column in ("body", "seat", "holders"):
        table.add_column(column)
    for body in result.bodies:
        for seat in body.seats:
            # the note beside the holders too: that those of a one-holder post may overlap
            said = [present.seat_holders(seat), f"[dim]{seat.note}[/dim]" if seat.note else ""]
            table.add_row(body.organisation.name, seat.post.title, "\n".join(filter(None, said)))
    if not result.bodies:
        table.caption = f"the data name no one in any body for {when}"
    _emit(format, result, table)


@app.command("terms")
def terms_(
    term: Annotated[
        str | None, typer.Argument(help="A term id, e.g. cabinet-2: who its composition names.")
    ] = None,
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The terms of the leading bodies; with an id, who the sources list in that term."""
    from prosopo import terms

    with db_session(db) as session:
        if term is None:
            listed = terms.terms(session)
            table = Table(title="Terms of the leading bodies")
            for column in ("term", "name", "body", "elected", "replaced"):
                table.add_column(column)
            for t in listed:
                table.add_row(
                    t.id,
                    t.name,
                    t.body.name,
                    present.date_text(t.elected),
                    present.date_text(t.replaced),
                )
            _emit(format, listed, table)
            return
        found = terms.composition(session, term, scope)
    table = Table(title=f"{found.term.name} ({found.term.id})", caption=found.note)
    for column in ("post", "person", "dates", "sources"):
        table.add_column(column)
    for m in found.members:
        h = m.holding
        table.add_row(
            h.post.title,
            m.person.name,
            present.span(h.start, h.end, h.during),
            present.cites(h.citations),
        )
    _emit(format, found, table)


@app.command()
def vacant(
    first: Annotated[
        int, typer.Argument(min=PAGE_YEARS[0], max=PAGE_YEARS[1], help="The first year.")
    ] = 1948,
    last: Annotated[
        int, typer.Argument(min=PAGE_YEARS[0], max=PAGE_YEARS[1], help="The last year.")
    ] = STUDIED_YEARS[1],
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The seats of the leadership that no source fills, year by year from FIRST to LAST."""
    with db_session(db) as session:
        found = leaders.vacancies(session, first, last, scope)
    counts = Counter(v.year for v in found)
    caption = "seats no source fills: " + ", ".join(
        f"{year} {counts[year]}" for year in range(first, last + 1)
    )
    _emit_list(format, Vacancy, found, f"Seats no source fills, {first}–{last}", caption)


@app.command()
def holders(
    post: Annotated[str, typer.Argument(help="A post id, e.g. minister-of-foreign-affairs.")],
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The holders of POST over time, with the basis of each year and the gaps in the data."""
    with db_session(db) as session:
        result = succession.holders(session, post, scope)
    if format is Format.json:
        _emit(format, result, None)
        return
    caption = (
        f"no holder stated or inferred in {present.runs(result.gaps)}" if result.gaps else None
    )
    _emit_list(format, TenureOut, result.tenures, f"Holders of {result.post.title}", caption)


@app.command()
def purged(
    year: YearArgument,
    action: Annotated[str | None, typer.Option(help=_about(PurgesFilter, "action"))] = None,
    event: Annotated[str | None, typer.Option(help=_about(PurgesFilter, "event"))] = None,
    faction: Annotated[str | None, typer.Option(help=_about(PurgesFilter, "faction"))] = None,
    basis: BasisOption = None,
    scope: ScopeOption = Scope.all,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Who was purged in YEAR, and how."""
    with db_session(db) as session:
        result = queries.purges(
            session,
            PurgesFilter(
                year=year, action=action, event=event, basis=basis, faction=faction, scope=scope
            ),
        )
    _emit_list(format, Purged, result, f"Purges in {year}")


@app.command("served-with")
def served_with(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Who held a post in the same body as a person in the same years (stated or inferred)."""
    with db_session(db) as session:
        result = service.served_with(session, _resolve(session, name))
    table = Table(title=f"Served with {name}")
    for column in ("person", "bodies and years"):
        table.add_column(column)
    for r in result:
        table.add_row(
            r.person.name,
            present.bodies_and_years(r),
        )
    _emit(format, result, table)


@app.command("persons")
def list_persons(
    name: Annotated[str | None, typer.Option(help=_about(PersonsFilter, "name"))] = None,
    faction: Annotated[str | None, typer.Option(help=_about(PersonsFilter, "faction"))] = None,
    active: Annotated[int | None, typer.Option(help=_about(PersonsFilter, "active"))] = None,
    organisation: Annotated[
        str | None, typer.Option(help=_about(PersonsFilter, "organisation"))
    ] = None,
    purged: Annotated[int | None, typer.Option(help=_about(PersonsFilter, "purged"))] = None,
    action: Annotated[str | None, typer.Option(help=_about(PersonsFilter, "action"))] = None,
    event: Annotated[str | None, typer.Option(help=_about(PersonsFilter, "event"))] = None,
    sort: Annotated[Sort, typer.Option(help=_about(PersonsFilter, "sort"))] = Sort.name,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 10000,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Everyone in the data that every given filter keeps (as GET /persons)."""
    with db_session(db) as session:
        page = persons_page(
            session,
            PersonsQuery(
                name=name,
                faction=faction,
                active=active,
                organisation=organisation,
                purged=purged,
                action=action,
                event=event,
                sort=sort,
                limit=limit,
                offset=offset,
            ),
        )
    title = f"Persons ({len(page.rows)} of {page.total})"
    _emit_list(format, PersonRow, page.rows, title)


@app.command()
def factions(
    faction: Annotated[
        str | None, typer.Argument(help="A faction id: its members and their fates.")
    ] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The factions with the texts' words for them; with an id, its members (each with the
    text's label) and their purges."""
    with db_session(db) as session:
        if faction is None:
            _emit_list(format, FactionOut, catalogue.factions(session), "Factions")
            return
        detail = catalogue.faction(session, faction)
    if format is Format.json:
        _emit(format, detail, None)
        return
    table = Table(title=f"{detail.faction.name}: members")
    for column in ("person", "label", "when", "sources"):
        table.add_column(column)
    for m in detail.members:
        table.add_row(
            m.person.name,
            m.membership.label,
            present.span(m.membership.start, m.membership.end),
            present.cites(m.membership.citations),
        )
    out.print(table)
    _emit_list(format, Purged, detail.purges, f"{detail.faction.name}: purges of its members")


@app.command()
def organisations(
    organisation: Annotated[
        str | None, typer.Argument(help="An organisation id: only its subtree.")
    ] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The organisations as a tree of bodies and posts, each post with its holders."""
    with db_session(db) as session:
        tree = catalogue.organisations(session, organisation)
    if format is not Format.table:
        _emit(format, tree, None)
        return
    shown = Tree("organisations")

    def grow(branch: Tree, body: OrganisationNode) -> None:
        dates = f" ({body.start or '?'} – {body.end or '?'})" if body.start or body.end else ""
        node = branch.add(f"[bold]{escape(body.name)}[/bold] [dim]{body.id}{dates}[/dim]")
        for post in body.posts:
            holders = ", ".join(
                f"{h.person.name} {present.runs(h.stated + h.inferred) or '(possible only)'}"
                for h in post.holders
            )
            node.add(f"{escape(post.title)} [dim]{post.id}[/dim]: {escape(holders) or '—'}")
        for inner in body.bodies:
            grow(node, inner)

    for body in tree:
        grow(shown, body)
    out.print(shown)


@app.command()
def events(
    event: Annotated[str | None, typer.Argument(help="An event id: everyone purged at it.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind of event, e.g. plenum.")] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """The events in date order; with an id, the event and the purges at it."""
    with db_session(db) as session:
        if event is None:
            _emit_list(format, EventOut, catalogue.events(session, kind), "Events")
            return
        detail = catalogue.event(session, event)
    if format is Format.json:
        _emit(format, detail, None)
        return
    title = f"{detail.event.name} ({present.date_text(detail.event.date)})"
    _emit_list(format, Purged, detail.purges, title)


@app.command("export")
def export_database(
    folder: Annotated[Path, typer.Argument(help="Folder to write into (made if missing).")],
    db: DbOption = None,
) -> None:
    """Write the database to take away: every table as CSV, prosopo.json, a README of the
    columns, network.graphml, and (from SQLite) prosopo.sqlite; never the passages' text."""
    from prosopo import export

    if not folder.resolve().parent.is_dir():
        raise _fail(f"cannot write {folder}: folder {folder.resolve().parent} does not exist")
    with db_session(db) as session:
        written = export.export(session, folder)
        engine = session.get_bind()
        if engine.dialect.name == "sqlite":
            target = folder / "prosopo.sqlite"
            target.unlink(missing_ok=True)
            export.sqlite_copy(engine, target)
            written.append(target)
    out.print(f"wrote {len(written)} files to {folder}", highlight=False)


@app.command("purge-kinds")
def purge_kinds(db: DbOption = None, format: FormatOption = Format.table) -> None:
    """The kinds of purge (the ids --action takes), with how many purges of each."""
    with db_session(db) as session:
        _emit_list(format, PurgeKindOut, catalogue.purge_kinds(session), "Purge kinds")


@app.command("event-kinds")
def event_kinds(db: DbOption = None, format: FormatOption = Format.table) -> None:
    """The kinds of event (the ids --kind takes), with how many events of each."""
    with db_session(db) as session:
        _emit_list(format, EventKindOut, catalogue.event_kinds(session), "Event kinds")


@app.command("disagreements")
def disagreements_(
    person: Annotated[str | None, typer.Option(help="Only this person (an id).")] = None,
    about: Annotated[
        str | None, typer.Option(help="Only disagreements about a date, post, fate or faction.")
    ] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Where passages disagree about one fact of one person's life, side by side."""
    from prosopo.disagreements import disagreements

    with db_session(db) as session:
        found = disagreements(session, person, about)
        _emit_list(format, DisagreementOut, found, "Disagreements")


chart = typer.Typer(
    help="Draw pictures: a career as a timeline, purges per year, factions in a body.",
    no_args_is_help=True,
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
    if not output.resolve().parent.is_dir():
        raise _fail(f"cannot write {output}: folder {output.resolve().parent} does not exist")
    return fmt


@chart.command("career")
def chart_career(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    output: OutputOption,
    db: DbOption = None,
) -> None:
    """Draw a person's career as a timeline of posts, factions and purges."""
    fmt = _picture_format(output)
    with db_session(db) as session:
        person = _resolve(session, name)
        career = queries.career(session, person)
    why = f"nothing in this career is dated within {charts.FIRST_YEAR}–{charts.LAST_YEAR}"
    _write_picture(
        output, fmt, charts.drawn(charts.timeline(career, f"/ui/persons/{person}"), "timeline", why)
    )


@chart.command("purges")
def chart_purges(
    output: OutputOption,
    action: Annotated[str | None, typer.Option(help="Only this purge kind.")] = None,
    event: Annotated[str | None, typer.Option(help="Only purges at this event.")] = None,
    db: DbOption = None,
) -> None:
    """Draw purge events per year as a bar chart."""
    fmt = _picture_format(output)
    with db_session(db) as session:
        counts = queries.purge_counts(session, action=action, event=event)
    title = "Purge events per year" + (f": {action}" if action else "")
    bars = charts.purge_count_bars(counts, title, "/ui/years/{year}#purges")
    _write_picture(
        output, fmt, charts.drawn(bars, "purges", "no purge event the filters keep is dated")
    )


@chart.command("factions")
def chart_factions(
    body: Annotated[str, typer.Argument(help="An organisation id, e.g. cabinet.")],
    output: OutputOption,
    db: DbOption = None,
) -> None:
    """Draw the seats of BODY per year by the factions of their holders."""
    fmt = _picture_format(output)
    with db_session(db) as session:
        power = in_power.factions_in_power(session, body)
    bars = charts.faction_bars(power, "/ui/years/{year}")
    why = "the data fill no seat of this body in any year"
    _write_picture(output, fmt, charts.drawn(bars, "factions", why))


def _write_picture(output: Path, fmt: str, drawn: str) -> None:
    """The one drawing of every view (prosopo/charts.py), as SVG or made PNG from it."""
    output.write_bytes(charts.png(drawn) if fmt == "png" else drawn.encode("utf-8"))
    out.print(f"wrote {output}", highlight=False)


@app.command()
def reindex(data: DataOption = None, sources: SourcesOption = None) -> None:
    """Rewrite data/index/ from the source texts.

    The index holds every passage's locator, every mention of every person, and the archival
    documents the endnotes cite; run it after adding persons or name forms.
    """
    from prosopo.build.texts.index import compute_index, write_index
    from prosopo.build.verify import person_forms

    settings = _settings(data=data, sources=sources)
    ds = _dataset(settings, with_index=False)
    with err.status("reading the texts"):
        index = compute_index(_source_texts(settings, ds), person_forms(ds))
        write_index(index, settings.data_dir / "index")
    out.print(
        f"wrote {settings.data_dir / 'index'}: {len(index.passages)} passages, "
        f"{len(index.mentions)} mentions, {len(index.references)} archival references",
        highlight=False,
    )


@app.command("publish-ids")
def publish_ids(data: DataOption = None) -> None:
    """Add every assertion id not yet published to data/published-ids.txt.

    Run it with each curation: from then on, a build fails if an edit would change one of them.
    """
    from prosopo.build.keys import PUBLISHED, write_published

    settings = _settings(data=data)
    ds = _dataset(settings)
    added = write_published(settings.data_dir / PUBLISHED, ds.permanent_ids())
    out.print(f"published {added} new id(s) in {settings.data_dir / PUBLISHED}", highlight=False)


@app.command()
def conflicts(
    all_: Annotated[
        bool, typer.Option("--all", help="Also those already recorded or explained.")
    ] = False,
    data: DataOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Candidate conflicts between sources (dates of one holding that cannot meet, a holding
    after the purge that ended it, two holders of a one-holder post at once): each must be
    recorded in data/disagreements.yaml or explained in data/conflicts.yaml."""
    from prosopo.build.conflicts import candidates, stale

    ds = _dataset(_settings(data=data))
    found = candidates(ds)
    shown = found if all_ else [c for c in found if c.status == "open"]
    if format is Format.table:
        table = Table(title="Candidate conflicts between sources")
        for column in ("kind", "person", "post", "what", "status", "key"):
            table.add_column(column, overflow="fold")
        for c in shown:
            status = c.status + (f": {c.explanation}" if c.explanation else "")
            table.add_row(c.kind, c.person, c.post, c.what, status, c.key)
        out.print(table)
    else:
        _emit(format, [ConflictOut(**asdict(c)) for c in shown], None)
    unknown = stale(ds, found)
    for entry in unknown:
        err.print(f"{entry.origin('key')}: no candidate conflict has the key {entry.record.key!r}")
    opened = sum(c.status == "open" for c in found)
    if opened or unknown:
        raise _fail(f"{opened} open candidate conflict(s), {len(unknown)} stale explanation(s)")
    err.print(f"{len(found)} candidate conflict(s), each recorded or explained")


@app.command()
def verify(data: DataOption = None, sources: SourcesOption = None) -> None:
    """Check every citation against the texts: the passage exists and names the person."""
    from prosopo.build.verify import verify as verify_citations

    settings = _settings(data=data, sources=sources)
    ds = _dataset(settings)
    failures = verify_citations(ds, _source_texts(settings, ds))
    for failure in failures:
        out.print(str(failure), highlight=False, markup=False)
    if failures:
        raise _fail(f"{len(failures)} citation(s) do not hold")
    out.print("every citation names a passage that exists and mentions its person")


@app.command()
def coverage(
    data: DataOption = None,
    sources: SourcesOption = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    chapter: Annotated[int | None, typer.Option(help="Only this chapter.")] = None,
    format: FormatOption = Format.table,
) -> None:
    """Per chapter: persons in the data, Korean names missing, names left out.

    Each person mentioned comes with their number of assertions; each name left out on purpose
    (data/excluded.yaml) with its reason.
    """
    from prosopo.build.coverage import coverage as chapter_coverage

    settings = _settings(data=data, sources=sources)
    ds = _dataset(settings)
    report = [
        c
        for c in chapter_coverage(ds, _source_texts(settings, ds))
        if (source is None or c.source == source) and (chapter is None or c.chapter == chapter)
    ]
    if format is Format.json:
        sys.stdout.write(json.dumps([asdict(c) for c in report], ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
        return
    for c in report:
        where = f"{c.source}" + (f", chapter {c.chapter}" if c.chapter is not None else "")
        table = Table(title=where, show_lines=False)
        for column in ("name", "status", "assertions", "passages"):
            table.add_column(column)
        for p in c.persons:
            table.add_row(p.name, "in the data", str(p.assertions), ", ".join(p.locators))
        for n in c.missing:
            table.add_row(n.name, "[yellow]missing[/yellow]", "", ", ".join(n.locators))
        for n in c.excluded:
            table.add_row(n.name, f"left out: {n.reason}", "", ", ".join(n.locators))
        out.print(table)
        out.print(
            f"{where}: {len(c.persons)} persons in the data, {len(c.missing)} Korean names "
            f"missing, {len(c.excluded)} left out with a reason",
            highlight=False,
        )


@app.command()
def candidates(
    output: Annotated[Path, typer.Option("--output", "-o", help="Review file to write (TSV).")],
    data: DataOption = None,
    sources: SourcesOption = None,
    new_only: Annotated[
        bool, typer.Option("--new-only", help="Skip passages already cited for the person.")
    ] = False,
) -> None:
    """Write leads for curators: sentences with a person, a post or purge word, and a year.

    The file quotes the texts: keep it out of the repository (out/ is ignored by git).
    """
    import csv

    from prosopo.build.coverage import proposals

    settings = _settings(data=data, sources=sources)
    ds = _dataset(settings)
    found = [p for p in proposals(ds, _source_texts(settings, ds)) if not (new_only and p.cited)]
    with output.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["source", "locator", "person", "cues", "already_cited", "sentence"])
        writer.writerows(
            [p.source, p.locator, p.person_id, p.cues, "yes" if p.cited else "no", p.sentence]
            for p in found
        )
    out.print(f"wrote {len(found)} candidate(s) to {output}", highlight=False)


@app.command("index")
def print_index(
    person: Annotated[str | None, typer.Option(help="Only this person (id or name).")] = None,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Print the back-of-book index: every person with the passages that name them."""
    from prosopo.passages import back_of_book_index

    with db_session(db) as session:
        entries = back_of_book_index(session, _resolve(session, person) if person else None)
    if format is Format.json:
        _emit(format, entries, None)
        return
    for entry in entries:
        places = "; ".join(f"{s} {', '.join(locs)}" for s, locs in entry.locators.items())
        out.print(f"{entry.person.name}: {places}", highlight=False)


@app.command()
def mentions(
    name: Annotated[str, typer.Argument(help="A person's id or name, in any spelling.")],
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Every passage that names a person, with the form printed there."""
    from prosopo.passages import mentions as person_mentions

    with db_session(db) as session:
        result = person_mentions(session, _resolve(session, name))
    _emit_list(format, MentionOut, result, f"Mentions of {name}")


text_app = typer.Typer(
    help="The source texts as the database holds them: list, show, search.", no_args_is_help=True
)
app.add_typer(text_app, name="text")


@text_app.command("list")
def text_list(db: DbOption = None, format: FormatOption = Format.table) -> None:
    """The sources, with their number of passages and whether their text is present."""
    from prosopo.passages import list_sources

    with db_session(db) as session:
        result = list_sources(session)
    _emit_list(format, SourceOut, result, "Sources")


@text_app.command("show")
def text_show(
    source: Annotated[str, typer.Argument(help="A source id, e.g. szalontai-2005.")],
    locator: Annotated[str, typer.Argument(help="A locator, e.g. 4.2.8 or 4.n23.")],
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """One passage: its text (when present), endnotes, archival documents and persons named."""
    from prosopo.passages import get_passage

    with db_session(db) as session:
        passage = get_passage(session, source, locator)
    if format is Format.json:
        _emit(format, passage, None)
        return
    out.print(
        f"[bold]{passage.reference}[/bold]"
        + (f" — {passage.section_title}" if passage.section_title else "")
    )
    out.print(
        passage.text or "(no text in this database: build it with PROSOPO_SOURCES set)",
        highlight=False,
        markup=False,
    )
    for note in passage.notes:
        out.print(f"  {note.reference}: {note.text or ''}", highlight=False, markup=False)
    for d in [*passage.documents, *(d for n in passage.notes for d in n.documents)]:
        out.print(
            f"  document: {d.issuer}, {d.document_type}, {d.date_text}, "
            f"{d.series or ''} {d.box or ''} {d.folder or ''} {d.file_number or ''}",
            highlight=False,
            markup=False,
        )
    if passage.mentions:
        out.print("  names: " + ", ".join(m.name for m in passage.mentions), highlight=False)


@text_app.command("search")
def text_search(
    words: Annotated[str, typer.Argument(help="Words that must all occur in the passage.")],
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200, help="At most this many.")] = 20,
    db: DbOption = None,
    format: FormatOption = Format.table,
) -> None:
    """Full-text search over the passages (needs a database built with the texts)."""
    from prosopo.passages import search

    with db_session(db) as session:
        hits = search(session, words, source=source, limit=limit)
    _emit_list(
        format, SearchHit, hits, f"Passages with {words!r}", styled={"snippet": _highlighted}
    )


def _highlighted(snippet: str) -> Text:
    """A snippet whose [matched words] are shown bold, and whose other brackets stay text (not
    taken as Rich markup)."""
    shown = Text()
    for i, part in enumerate(re.split(r"\[([^\[\]]*)\]", snippet)):
        shown.append(part, style="bold" if i % 2 else "")
    return shown


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
