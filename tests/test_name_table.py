"""Resolution over the table of name forms (tests/fixtures/name_forms.tsv), on both engines."""

import csv
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks.name_table import table
from prosopo.queries import NotFound
from prosopo.resolve import search_persons

TABLE = Path(__file__).parent / "fixtures" / "name_forms.tsv"


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_the_table_covers_every_scheme_and_is_current() -> None:
    kinds = {r["kind"] for r in rows()}
    assert len(rows()) >= 200
    assert {
        "source",
        "ocr",
        "alias",
        "hangul",
        "mr-from-hangul",
        "rr-from-hangul",
        "no-apostrophes",
        "given-joined",
        "western-surname",
        "north-korean-surname",
        "near-miss",
    } <= kinds
    assert TABLE.read_text(encoding="utf-8") == table(), "run benchmarks/name_table.py"


def test_top_1_accuracy(repo_session: Session) -> None:
    misses = []
    for row in rows():
        try:
            best = search_persons(repo_session, row["form"], limit=3)[0].person.id
        except NotFound:
            best = None
        if best != row["person"]:
            misses.append((row["form"], row["kind"], row["person"], best))
    assert [m for m in misses if m[1] == "near-miss"] == []
    assert len(misses) <= len(rows()) // 50, misses  # at least 98% right
