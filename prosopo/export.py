"""The database to take away: every table as CSV and all of them as one JSON document, with a
README of the tables and columns; a copy of the SQLite database; and the co-service network as
GraphML (for Gephi, networkx). The source texts are copyrighted: a database built with them
holds the passages' text, which no export carries (passages keep their locators)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from prosopo import service
from prosopo.models import (
    Base,
    FactionMembership,
    Organisation,
    Person,
    PurgeEvent,
)

if TYPE_CHECKING:
    import networkx as nx

# Left out: the passages' text (copyrighted).
LEFT_OUT_COLUMNS = {("passages", "text")}


def tables() -> list[Table]:
    """The exported tables, in an order where each comes after those it refers to."""
    return list(Base.metadata.sorted_tables)


def _columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if (table.name, c.name) not in LEFT_OUT_COLUMNS]


def rows(session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """A table's rows, in primary-key order, without the left-out columns."""
    names = _columns(table)
    stmt = select(*(table.c[n] for n in names)).order_by(*table.primary_key.columns)
    for row in session.execute(stmt):
        yield dict(zip(names, row, strict=True))


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def table_csv(session: Session, table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_columns(table))
    for row in rows(session, table):
        writer.writerow([_cell(v) for v in row.values()])
    return buffer.getvalue()


def write_json(session: Session, out: TextIO) -> None:
    """Every table as a list of rows, by table name, written one row at a time: the document
    is never held whole in memory, however large the database."""
    out.write("{")
    for i, table in enumerate(tables()):
        out.write(f"{',' if i else ''}\n {json.dumps(table.name)}: [")
        for j, row in enumerate(rows(session, table)):
            out.write(
                ("," if j else "") + "\n  " + json.dumps(row, ensure_ascii=False, default=str)
            )
        out.write("\n ]")
    out.write("\n}\n")


def _model(table: Table) -> type[Base] | None:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper.class_
    return None


def readme() -> str:
    """The tables and their columns: type, whether it may be empty, what it refers to."""
    lines = [
        "# prosopo: the database as tables",
        "",
        "One CSV file per table (`TABLE.csv`, a header row of column names; lists are JSON),",
        "the same rows as one JSON document (`prosopo.json`), and this description. Dates are",
        "ISO days; a fuzzy date is a text with its earliest and latest day (`*_text`,",
        "`*_earliest`, `*_latest`). Each assertion (names, memberships, holdings, purges) is a",
        "row of `assertions` with its details in the table of its kind under the same id, and",
        "its sources in `citations`. The passages' text is not exported (the sources are",
        "copyrighted); their locators are.",
        "",
    ]
    for table in tables():
        model = _model(table)
        doc = " ".join((model.__dict__.get("__doc__") or "").split()) if model else ""
        lines += [f"## {table.name}", ""] + ([doc, ""] if doc else [])
        lines += ["| column | type | empty | refers to |", "| --- | --- | --- | --- |"]
        for column in table.columns:
            if (table.name, column.name) in LEFT_OUT_COLUMNS:
                continue
            refers = ", ".join(
                f"{fk.column.table.name}.{fk.column.name}" for fk in column.foreign_keys
            )
            empty = "yes" if column.nullable else "no"
            lines.append(f"| {column.name} | {column.type} | {empty} | {refers} |")
        lines.append("")
    return "\n".join(lines)


def sqlite_copy(engine: Engine, target: Path) -> None:
    """A copy of an SQLite database without the passages' text (and its search index)."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        raise ValueError("only an SQLite database can be copied as a file")
    # through the engine's own connection: a server's engine reads one build by its open
    # file (api/served.py), whatever file now has the database's name
    reading = engine.raw_connection()
    try:
        cursor = reading.cursor()
        cursor.execute("VACUUM INTO ?", (str(target),))
        cursor.close()
    finally:
        reading.close()
    with sqlite3.connect(target) as copy:
        copy.execute("UPDATE passages SET text = NULL")
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'passages_fts'").fetchone():
            copy.execute("DELETE FROM passages_fts")
    with sqlite3.connect(target) as copy:
        copy.execute("VACUUM")


def export(session: Session, folder: Path) -> list[Path]:
    """Write every table as CSV, the JSON document, the README and the network into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables():
        path = folder / f"{table.name}.csv"
        path.write_text(table_csv(session, table), encoding="utf-8")
        written.append(path)
    document = folder / "prosopo.json"
    with document.open("w", encoding="utf-8") as out:
        write_json(session, out)
    (folder / "README.md").write_text(readme(), encoding="utf-8")
    network = folder / "network.graphml"
    network.write_text(graphml(session), encoding="utf-8")
    return [*written, document, folder / "README.md", network]


def network(session: Session) -> nx.Graph:
    """Persons linked by service in the same body in the same year (a year stated or inferred
    for both: a year only possible is no evidence that they served together) and by purges at
    the same event. Each node carries the person's name, factions and fates (the kinds of purge
    the data record of them); each edge the bodies and years, and the events, that link them."""
    import networkx as nx  # only for this export: 0.2 s a server need not pay at start

    graph = nx.Graph()
    factions: dict[str, set[str]] = defaultdict(set)
    for person_id, faction_id in session.execute(
        select(FactionMembership.person_id, FactionMembership.faction_id)
    ):
        factions[person_id].add(faction_id)
    fates: dict[str, set[str]] = defaultdict(set)
    at_event: dict[str, set[str]] = defaultdict(set)
    for person_id, action_id, event_id in session.execute(
        select(PurgeEvent.person_id, PurgeEvent.action_id, PurgeEvent.event_id)
    ):
        fates[person_id].add(action_id)
        if event_id is not None:
            at_event[event_id].add(person_id)
    for p in session.scalars(select(Person).order_by(Person.id)):
        graph.add_node(
            p.id,
            name=p.name,
            factions=";".join(sorted(factions[p.id])),
            fates=";".join(sorted(fates[p.id])),
        )
    serving = service.service(session)
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    served: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for (body, year), persons in serving.items():
        for a, b in combinations(sorted(persons), 2):
            served[(a, b)][body].add(year)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for event_id, persons in at_event.items():
        for a, b in combinations(sorted(persons), 2):
            shared[(a, b)].add(event_id)
    for pair in sorted(set(served) | set(shared)):
        bodies = served.get(pair, {})
        graph.add_edge(
            *pair,
            bodies=";".join(f"{names[b]} {min(y)}–{max(y)}" for b, y in sorted(bodies.items())),
            years=sum(len(y) for y in bodies.values()),
            events=";".join(sorted(shared.get(pair, set()))),
        )
    return graph


def graphml(session: Session) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(network(session)))
