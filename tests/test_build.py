"""`build` is all or nothing: a failure leaves the database that was there before untouched."""

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from prosopo import db, year_holders
from prosopo.among import among
from prosopo.build import WouldLoseData, build
from prosopo.build.load import DataErrors
from prosopo.filters import HoldingsFilter
from prosopo.models import Citation, Person, PostHolding, PurgeEvent, Tenure
from prosopo.tenures import Basis

from .conftest import FIXTURE_DATA, REPO_DATA, Databases
from .test_load import edit


def count(url: str, model: type[Any]) -> int:
    engine = db.make_engine(url)
    try:
        with db.session_scope(engine) as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        engine.dispose()


def person_count(url: str) -> int:
    return count(url, Person)


def test_build_loads_every_entry(empty_url: str) -> None:
    counts = build(empty_url, FIXTURE_DATA)
    assert counts["persons"] == person_count(empty_url) == 4


def test_rebuild_replaces_the_old_content(empty_url: str, data_copy: Path) -> None:
    build(empty_url, data_copy)
    for file in (
        "persons.yaml",
        "assertions/fixture.yaml",
        "disagreements.yaml",
        "index/mentions.tsv",
    ):
        path = data_copy / file
        path.write_text(
            path.read_text(encoding="utf-8").replace("yun-kong-hum", "yun-kong-hm"),
            encoding="utf-8",
        )
    build(empty_url, data_copy)
    engine = db.make_engine(empty_url)
    with db.session_scope(engine) as session:
        ids = set(session.scalars(select(Person.id)))
    engine.dispose()
    assert "yun-kong-hm" in ids and "yun-kong-hum" not in ids


def test_bad_data_leave_the_old_database_untouched(empty_url: str, data_copy: Path) -> None:
    build(empty_url, FIXTURE_DATA)
    edit(data_copy, "persons.yaml", "- id: kim-il\n", "- id: kim-il\n  born: 1910\n")
    with pytest.raises(DataErrors, match="unknown field 'born'"):
        build(empty_url, data_copy)
    assert person_count(empty_url) == 4


def test_a_build_interrupted_midway_leaves_the_old_database_untouched(empty_url: str) -> None:
    build(empty_url, FIXTURE_DATA)

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "write post_holdings":  # the schema is rebuilt and half the rows are in
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(empty_url, FIXTURE_DATA, interrupt)
    assert person_count(empty_url) == 4
    engine = db.make_engine(empty_url)
    with db.session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(PostHolding)) == 11
    engine.dispose()


def test_an_interrupted_sqlite_build_leaves_no_scratch_file(tmp_path: Path) -> None:
    target = tmp_path / "prosopo.sqlite"

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "write post_holdings":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(f"sqlite:///{target}", FIXTURE_DATA, interrupt)
    assert list(tmp_path.iterdir()) == []


def test_a_build_that_would_lose_most_facts_needs_force(empty_url: str, data_copy: Path) -> None:
    build(empty_url, FIXTURE_DATA)
    # a data file cut down to one entry: 4 purges would become 1
    purges = data_copy / "assertions" / "fixture.yaml"
    text = purges.read_text(encoding="utf-8")
    head, _, rest = text.partition("purges:\n")
    first = rest.split("\n  - ", 1)[:1]
    purges.write_text(head + "purges:\n" + "\n  - ".join(first) + "\n", encoding="utf-8")
    (data_copy / "disagreements.yaml").unlink()  # its sides are among the purges cut
    with pytest.raises(WouldLoseData, match=r"\(purges 4 -> 1\); build with --force"):
        build(empty_url, data_copy)
    assert count(empty_url, PurgeEvent) == 4  # untouched
    build(empty_url, data_copy, force=True)
    assert count(empty_url, PurgeEvent) == 1


def test_a_killed_builds_scratch_file_is_removed_by_the_next(tmp_path: Path) -> None:
    target = tmp_path / "prosopo.sqlite"
    dead = tmp_path / ".prosopo.sqlite.building-999999999"  # no such process
    dead.write_bytes(b"half a database")
    (tmp_path / f"{dead.name}-journal").write_bytes(b"its journal")
    build(f"sqlite:///{target}", FIXTURE_DATA)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prosopo.sqlite"]


def test_a_post_is_bounded_by_the_dates_of_the_bodies_it_lies_in(
    empty_url: str, data_copy: Path
) -> None:
    # the Ministry of Commerce has no dates of its own; the cabinet it lies in begins in 1956,
    # so Yun Kong-hum's "1956?" (which allows 1955-1957) is not possible in 1955
    edit(
        data_copy,
        "vocabulary/organisations.yaml",
        "{id: cabinet, name: Cabinet, kind: state, labels: [cabinet]}",
        '{id: cabinet, name: Cabinet, kind: state, labels: [cabinet], from: "1956"}',
    )
    build(empty_url, data_copy)
    engine = db.make_engine(empty_url)
    with db.session_scope(engine) as session:
        held = year_holders.who_held(
            session, HoldingsFilter(year=1955, post="minister-of-commerce")
        )
        in_1956 = year_holders.who_held(
            session, HoldingsFilter(year=1956, post="minister-of-commerce")
        )
    engine.dispose()
    assert held == [] and [h.person.id for h in in_1956] == ["yun-kong-hum"]


# Curation records, not facts: the names left out on purpose and the hand identifications cite
# passages to justify a decision; `prosopo check` verifies those locators, the database does
# not hold them.
DECISIONS = {"excluded.yaml", "identifications.yaml"}


def _written(node: object, found: Counter[tuple[str, str, str]]) -> None:
    """Every `cite:` and `context:` list in a parsed YAML file, whatever it is attached to."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("cite", "context"):
                for cite in [value] if isinstance(value, str) else value:
                    source, _, locator = cite.partition(":")
                    found[(source, locator, "states" if key == "cite" else "context")] += 1
            else:
                _written(value, found)
    elif isinstance(node, list):
        for item in node:
            _written(item, found)


def test_every_citation_written_in_data_reaches_the_database(repo_session: Session) -> None:
    """Read the files as plain YAML, not through the loader, and count: each citation, the
    passages cited as context included, is a row of the database, once."""
    written: Counter[tuple[str, str, str]] = Counter()
    for path in sorted(REPO_DATA.rglob("*.yaml")):
        if path.name not in DECISIONS:
            _written(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader), written)
    stored = Counter(
        (c.source_id, c.locator, c.role) for c in repo_session.scalars(select(Citation))
    )
    assert sum(n for (_, _, role), n in written.items() if role == "context") > 150
    assert stored - written == Counter() and written - stored == Counter()


def test_a_removal_from_a_post_no_holding_names_makes_a_tenure(
    empty_url: str, data_copy: Path
) -> None:
    # a purge naming a post is an attestation of it even where no holding names the post for
    # that person: the build ranks that tenure in the year lists like any other
    with (data_copy / "assertions" / "fixture.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "  - person: yun-kong-hum\n    action: removed-from-post\n    post: vice-premier\n"
            '    date: "1957-03"\n    cite: ["book-2005:4.2.1"]\n'
        )
    build(empty_url, data_copy)
    engine = db.make_engine(empty_url)
    with db.session_scope(engine) as session:
        found = year_holders.who_held(session, HoldingsFilter(year=1957, post="vice-premier"))
    engine.dispose()
    assert ("yun-kong-hum", Basis.stated) in [(h.person.id, h.basis) for h in found]
    names = [h.person.name for h in found]
    assert names == sorted(names)  # one post: the list is in the holders' names' order


def test_the_build_leaves_the_planner_its_statistics(repo_session: Session) -> None:
    """The tenures of some posts in one scope are found by their posts, not by scanning a
    scope's every tenure: without the statistics the build writes, SQLite took the index on
    the three scopes (27 ms instead of 0.3 for a page of seats at 100x the data)."""
    posts = select(Tenure.id).where(
        among(Tenure.post_id, ["premier", "vice-premier"]), Tenure.scope == "all"
    )
    engine = repo_session.get_bind()
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL scans a table this small whole, as it should")
    sql = str(posts.compile(engine, compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(r) for r in repo_session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "ix_tenures_post_id" in plan and "ix_tenures_scope" not in plan, plan


def test_a_postgresql_build_leaves_every_page_all_visible(databases: Databases) -> None:
    """The rows are written frozen, their pages marked all-visible (as a vacuum would): a count
    of a year list is then read from its index alone, never from each row's page (7.2 -> 3.7 ms
    at 100x). `relallvisible`, which ANALYZE reads from the visibility map, is 0 for a table
    written without FREEZE."""
    engine = db.make_engine(databases.url("postgresql", REPO_DATA))
    try:
        with engine.connect() as connection:
            pages = connection.execute(
                text(
                    "SELECT c.relname, c.relpages, c.relallvisible FROM pg_class c"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).all()
    finally:
        engine.dispose()
    tables = {name: (written, visible) for name, written, visible in pages}
    assert tables["tenure_years"][0] > 0  # tables large enough to span pages
    assert {name: v for name, v in tables.items() if v[0] != v[1]} == {}
