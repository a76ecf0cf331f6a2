"""The monograph's passages against evidence made by hand, not by the segmenter.

`fixtures/monograph_sections.tsv` lists every section of every chapter as the book's table of
contents has them, with the line of its heading and its number of paragraphs, counted by reading
the text; `fixtures/monograph_spot_checks.tsv` gives, for at least two paragraphs of every
section, the line where the paragraph starts and its first four words, counted the same way.
A change to the segmenter that moves a single paragraph boundary fails here.
"""

import csv
import os
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from prosopo.build.texts.segment import Passage, segment_monograph

SOURCES = os.environ.get("PROSOPO_SOURCES")
FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = [
    pytest.mark.sources,
    pytest.mark.skipif(
        not SOURCES, reason="PROSOPO_SOURCES is not set: the source texts are absent"
    ),
]


def table(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (Path(SOURCES or "") / "szalontai-2005.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def passages(lines: list[str]) -> list[Passage]:
    return segment_monograph("szalontai-2005", "\n".join(lines))


def paragraphs(passages: list[Passage]) -> dict[str, Passage]:
    return {p.locator: p for p in passages if p.kind == "paragraph"}


def test_every_chapter_has_the_sections_of_the_table_of_contents(passages: list[Passage]) -> None:
    expected = Counter(
        int(r["chapter"]) for r in table("monograph_sections.tsv") if r["section"] != "0"
    )
    found = {(p.chapter, p.section) for p in passages if p.kind == "paragraph" and p.section}
    assert Counter(chapter for chapter, _ in found) == expected
    assert expected == {1: 5, 2: 4, 3: 4, 4: 4, 5: 3, 6: 6, 7: 5, 8: 6}


def test_every_section_has_the_paragraphs_counted_by_hand(passages: list[Passage]) -> None:
    counted = Counter((p.chapter, p.section) for p in passages if p.kind == "paragraph")
    for row in table("monograph_sections.tsv"):
        key = (int(row["chapter"]), int(row["section"]))
        assert counted[key] == int(row["paragraphs"]), f"section {key}"


def test_every_section_starts_right_after_its_heading(
    passages: list[Passage], lines: list[str]
) -> None:
    by_line = {p.line: p for p in passages if p.kind == "paragraph"}
    for row in table("monograph_sections.tsv"):
        heading = int(row["heading_line"])
        first = next(i + 1 for i in range(heading, len(lines)) if lines[i].strip())
        assert first in by_line, f"nothing starts at line {first}, after the heading at {heading}"
        p = by_line[first]
        assert (p.chapter, p.section) == (int(row["chapter"]), int(row["section"]))
        assert p.locator.endswith(".1")


def test_paragraphs_counted_by_hand_have_the_same_locators(passages: list[Passage]) -> None:
    found = paragraphs(passages)
    checks = table("monograph_spot_checks.tsv")
    assert len(checks) >= 2 * len(table("monograph_sections.tsv"))
    for row in checks:
        p = found.get(row["locator"])
        assert p is not None, f"no paragraph {row['locator']}"
        assert (p.line, p.text[: len(row["first_words"])]) == (
            int(row["line"]),
            row["first_words"],
        ), row["locator"]


_SENTENCE_END = re.compile(r"[.?!][\"”’')\]]*(?:\s?\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$")


def test_no_paragraph_runs_on_past_a_sentence_into_a_new_one(
    passages: list[Passage], lines: list[str]
) -> None:
    """Within a paragraph, a line that ends a sentence is never followed by one that starts a
    new sentence with a capital: that would be two printed paragraphs read as one."""
    body = sorted(p.line for p in passages if p.kind == "paragraph")
    stops = sorted(
        [*body[1:], min(p.line for p in passages if p.kind == "note")]
        + [int(r["heading_line"]) for r in table("monograph_sections.tsv")]
    )
    for start in body:
        end = next(stop for stop in stops if stop > start)
        parts = [lines[i].strip() for i in range(start - 1, end - 1) if lines[i].strip()]
        for before, after in pairwise(parts):
            if after[:1].isupper() and len(after.split()) > 8:  # not a heading or a running head
                assert not _SENTENCE_END.search(before), f"line {start}: {after[:30]!r}"


def test_endnote_markers_run_in_order_and_name_notes_that_exist(passages: list[Passage]) -> None:
    notes = Counter(p.chapter for p in passages if p.kind == "note")
    for chapter in range(1, 9):
        markers = [
            n for p in passages if p.kind == "paragraph" and p.chapter == chapter for n in p.notes
        ]
        assert all(1 <= n <= notes[chapter] for n in markers), chapter
        # the book's notes run in order; one misprint in chapter 1 puts 68 before 66
        disorder = [(a, b) for a, b in pairwise(markers) if b <= a]
        assert disorder == ([(68, 66)] if chapter == 1 else []), chapter


def test_plain_digit_notes_reach_their_paragraphs(passages: list[Passage]) -> None:
    found = paragraphs(passages)
    # "... the 1920s. 17 While ..." inside a paragraph, and "... of any kind. 18" at its end
    assert found["1.2.2"].notes == (17, 18)
    assert found["1.4.6"].notes == (86,)  # the Political Committee of 1946 and 1948
    cited = sum(len(p.notes) for p in found.values())
    assert cited >= 800, cited  # of 1,126 notes; the conversion lost the marker of the others
