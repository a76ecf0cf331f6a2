"""The derived tables made in a process of their own (prosopo.build.aside): the same rows as
made in the build's own process, and every way that process can fail ends the build as any
other failure does, leaving the old database and no file behind."""

import multiprocessing
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from prosopo.build import BrokenReferences, aside, build, check_references
from prosopo.build.derive import TABLES
from prosopo.build.load import DataErrors

from .conftest import FIXTURE_DATA, REPO_DATA
from .test_load import edit


def _rows(path: Path, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()


def _persons(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count: int = connection.execute("SELECT count(*) FROM persons").fetchone()[0]
        return count


def _ours() -> set[str]:
    """The build's files in the temp folder (`aside._unlinked`: its inputs and one for each
    derived table), not what a test on the other worker makes there meanwhile (an export's
    folder)."""
    folder = Path(tempfile.gettempdir())
    return {p.name for name in ("inputs", *TABLES) for p in folder.glob(f"prosopo-{name}-*")}


def test_the_tables_made_aside_are_those_made_in_the_builds_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aside_db, inline_db = tmp_path / "aside.sqlite", tmp_path / "inline.sqlite"
    build(f"sqlite:///{aside_db}", REPO_DATA)
    # where no process can be forked, the rows are made here
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    build(f"sqlite:///{inline_db}", REPO_DATA)
    for table in TABLES:
        made = _rows(aside_db, table)
        assert made, table
        assert made == _rows(inline_db, table), table


@pytest.fixture
def built(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "prosopo.sqlite"
    build(f"sqlite:///{target}", FIXTURE_DATA)
    before = _ours()
    yield target
    assert multiprocessing.active_children() == []  # the process has ended
    assert _ours() <= before  # and no file of the build's is left
    assert list(tmp_path.glob(".prosopo.sqlite.*")) == []  # nor its scratch file


def test_an_error_in_the_making_process_ends_the_build_with_that_error(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(given: object) -> Iterator[tuple[str, dict[str, object]]]:
        yield "tenures", {"id": 1}
        raise ValueError("the rule broke")

    monkeypatch.setattr(aside, "derive", broken)
    with pytest.raises(ValueError, match="the rule broke") as raised:
        build(f"sqlite:///{built}", FIXTURE_DATA)
    notes = "\n".join(getattr(raised.value, "__notes__", []))
    assert "in the process making the tenures and years" in notes
    assert "broken" in notes  # where it broke, from that process's traceback
    assert _persons(built) == 4


def test_a_making_process_that_dies_ends_the_build(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies(given: object) -> Iterator[tuple[str, dict[str, object]]]:
        os._exit(7)
        yield "tenures", {}

    monkeypatch.setattr(aside, "derive", dies)
    with pytest.raises(aside.MakerFailed, match=r"ended without them \(exit code 7\)"):
        build(f"sqlite:///{built}", FIXTURE_DATA)
    assert _persons(built) == 4


def test_a_sqlite_build_that_writes_a_row_pointing_at_nothing_fails(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the scratch file is written without checking references row by row: the check at the
    # end must catch what the row-by-row check would have
    def dangling(given: object) -> Iterator[tuple[str, dict[str, object]]]:
        yield "assertion_years", {"assertion_id": 999_999, "year": 1950, "basis": "stated"}

    monkeypatch.setattr(aside, "derive", dangling)
    with pytest.raises(
        BrokenReferences, match="row 1 of assertion_years, pointing into assertions"
    ):
        build(f"sqlite:///{built}", FIXTURE_DATA)
    assert _persons(built) == 4


def test_a_build_that_fails_before_the_rule_runs_ends_the_process(
    built: Path, data_copy: Path
) -> None:
    edit(data_copy, "persons.yaml", "- id: kim-il\n", "- id: kim-il\n  born: 1910\n")
    with pytest.raises(DataErrors):
        build(f"sqlite:///{built}", data_copy)
    assert _persons(built) == 4


def test_a_row_pointing_at_nothing_fails_the_check_of_references() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE posts (id TEXT PRIMARY KEY)")
        connection.exec_driver_sql(
            "CREATE TABLE tenures (id INTEGER PRIMARY KEY, post_id TEXT REFERENCES posts (id))"
        )
        connection.exec_driver_sql("INSERT INTO posts VALUES ('premier')")
        connection.exec_driver_sql("INSERT INTO tenures VALUES (1, 'premier')")
        check_references(connection)
        connection.exec_driver_sql("INSERT INTO tenures VALUES (2, 'no-such-post')")
        with pytest.raises(
            BrokenReferences, match="1 rows .* row 2 of tenures, pointing into posts"
        ):
            check_references(connection)
