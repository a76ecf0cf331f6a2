"""Segmentation of the article's OCR, on small invented texts damaged the way the OCR is."""

import os
from pathlib import Path

import pytest

from prosopo.build.texts.article import segment_article
from prosopo.build.texts.segment import Passage
from prosopo.locators import parse_locator

SOURCES = os.environ.get("PROSOPO_SOURCES")

# Two printed pages and a half: a paragraph split by a spurious blank line, a paragraph cut
# by the notes at the foot of page one and continued at the top of page two (whose first
# line begins with a space, as in the OCR), broken words, a page number and a running head.
PAGES = """\
 The opening paragraph of this invented article sets out its purpose and
closes with a full stop at the end of its second line of text here.

A second paragraph runs on across a spurious blank line that the scanner

left in the middle of a sentence, and it cites a first note here.l It
goes on to cite a second one, which the OCR glued to a year, in 1955.2

The third paragraph cites a third note, "as the author put it."3 It is
cut off in the middle of its last sentence by the notes that the page

1 An Author, A Book About Things (London, 1960), p. 1.
Z Ibid., p. 2.

3 Another Author, "An Essay," in A Journal
of Studies (Paris, 1961), p. 7.
 carries at its bottom, and it goes on at the top of the next page with
a word that the line end broke in two, po-
litical, and with one that lost its hyphen, eco
nomic, while both stand whole in the political and economic history.

642

An Invented Running Head

The last paragraph has a marker after a closing quote, "so he said."4

'4 A Last Author, Final Words (Tokyo, 1962), p. 9.
"""

# A block quotation of two paragraphs in small type (longer lines) after a colon, and a table.
QUOTATION = """\
 This invented paragraph introduces a long quotation from a speech that
the leader gave, and it ends with a colon as such introductions do:
. . . We shall build the economy with our own hands and with our own materials, and
we shall not wait for anyone else to do the work that belongs to us alone.

A second paragraph of the same quotation, in the same small type as the first one,
closes the speech with a promise to carry the work through to the end.l

The author then resumes in ordinary type and starts a new paragraph that
is counted on its own, since it begins with a capital after the quote.

The figures are shown in the following table.2

Coal 14,000 tons 3.6 2.1
Steel 1,000 tons 5.4 1.2

Below the table a new paragraph starts in ordinary type and ends here.
"""


def _by_locator(text: str) -> dict[str, Passage]:
    return {p.locator: p for p in segment_article("article", text)}


def test_a_paragraph_split_by_a_blank_line_is_one_paragraph() -> None:
    passages = _by_locator(PAGES)
    paragraphs = [p for p in passages.values() if p.kind == "paragraph"]
    assert [p.locator for p in paragraphs] == ["1", "2", "3", "4"]
    assert [p.line for p in paragraphs] == [1, 4, 9, 26]
    assert "the scanner left in the middle of a sentence" in passages["2"].text


def test_a_paragraph_interrupted_by_the_notes_of_a_page_is_continued() -> None:
    third = _by_locator(PAGES)["3"]
    assert "by the notes that the page carries at its bottom" in third.text
    assert third.text.endswith("political and economic history.")
    assert "Ibid" not in third.text and "London" not in third.text


def test_words_broken_across_lines_are_rejoined() -> None:
    third = _by_locator(PAGES)["3"].text
    assert "broke in two, political," in third  # "po-" + "litical"
    assert "lost its hyphen, economic," in third  # "eco" + "nomic", known from elsewhere


def test_page_numbers_and_running_heads_are_dropped() -> None:
    texts = " ".join(p.text for p in segment_article("article", PAGES))
    assert "642" not in texts and "Running Head" not in texts


def test_footnotes_are_numbered_and_damaged_numbers_are_inferred() -> None:
    notes = {p.locator: p for p in segment_article("article", PAGES) if p.kind == "note"}
    assert list(notes) == ["n1", "n2", "n3", "n4"]
    assert notes["n1"].text == "An Author, A Book About Things (London, 1960), p. 1."
    assert notes["n2"].text == "Ibid., p. 2."  # printed "Z": between 1 and 3
    assert notes["n2"].line == 13
    assert notes["n3"].text.endswith("in A Journal of Studies (Paris, 1961), p. 7.")
    assert notes["n4"].text.startswith("A Last Author")  # printed "'4"


def test_markers_glued_to_words_are_the_notes_a_paragraph_cites() -> None:
    passages = _by_locator(PAGES)
    assert passages["1"].notes == ()
    assert passages["2"].notes == (1, 2)  # "here.l", "1955.2"
    assert passages["3"].notes == (3,)  # 'it."3'
    assert passages["4"].notes == (4,)


def test_marker_shapes_and_look_alikes() -> None:
    text = (
        ' In 1955.1 the leader said.s Then he spoke of the revolution."6 with an\n'
        "output 3.2 times larger, of the U.N. forces and of the nation's needs,\n"
        "and he went on immensely.to the end of the speech, as Kim Il~song.4.8\n"
    )
    (paragraph,) = segment_article("article", text)
    # "1955.1", "said.s", 'revolution."6' and "Il~song.4.8" are markers; the decimal,
    # the abbreviation, the possessive and the glued word "immensely.to" are not.
    assert paragraph.notes == (1, 2, 3, 4)


def test_unreadable_note_numbers_follow_from_the_sequence() -> None:
    text = (
        " A short body paragraph whose markers the scanner lost entirely, so that\n"
        "only the notes below can say which numbers they carry on this page.\n"
        "\n"
        "9 A Book (Seoul, 1961), p. 3.\n"
        "lO Ibid., p. 4.\n"
        "11 Ibid., p. 5.\n"
    )
    notes = [p for p in segment_article("article", text) if p.kind == "note"]
    assert [(p.locator, p.text) for p in notes] == [
        ("n9", "A Book (Seoul, 1961), p. 3."),
        ("n10", "Ibid., p. 4."),  # printed "lO": between 9 and 11
        ("n11", "Ibid., p. 5."),
    ]


def test_a_lost_note_leaves_the_others_their_numbers() -> None:
    text = (
        " A body paragraph with three markers in it, the first of them here.1 The\n"
        "second comes after a word with a damaged number.s And the third one, in\n"
        "the same way, is glued to the name of the leader Kim Il~song.4.8\n"
        "\n"
        "1 A First Book (Seoul, 1961), p. 3.\n"
        "4.8 A Third Book (Seoul, 1963), p. 5.\n"
    )
    notes = [p for p in segment_article("article", text) if p.kind == "note"]
    # the OCR lost note 2; "4.8" is read exactly like the third marker, so it is note 3
    assert [p.locator for p in notes] == ["n1", "n3"]


def test_a_block_quotation_and_a_table_belong_to_the_paragraph_before_them() -> None:
    passages = _by_locator(QUOTATION)
    paragraphs = [p for p in passages.values() if p.kind == "paragraph"]
    assert [p.line for p in paragraphs] == [1, 9, 12, 17]
    first = passages["1"].text
    assert "as such introductions do: . . . We shall build" in first
    assert first.endswith("through to the end.l") and passages["1"].notes == (1,)
    assert passages["3"].text.endswith("Steel 1,000 tons 5.4 1.2")
    assert passages["3"].notes == (2,)
    assert passages["4"].text.startswith("Below the table")


def test_the_same_text_always_gives_the_same_passages() -> None:
    assert segment_article("article", PAGES) == segment_article("article", PAGES)
    for p in segment_article("article", PAGES + QUOTATION):
        parse_locator(p.locator, "paragraphs")


@pytest.mark.sources
@pytest.mark.skipif(not SOURCES, reason="PROSOPO_SOURCES is not set: the source texts are absent")
def test_the_article_itself() -> None:
    text = (Path(SOURCES or "") / "koh-1965.txt").read_text(encoding="utf-8")
    passages = segment_article("koh-1965", text)
    paragraphs = {p.locator: p for p in passages if p.kind == "paragraph"}
    notes = {p.locator: p for p in passages if p.kind == "note"}
    assert list(paragraphs) == [str(n) for n in range(1, 40)]
    assert "Kim Il" in paragraphs["2"].text
    assert paragraphs["2"].notes == (1, 2, 3, 4, 5, 6)
    assert [paragraphs[n].line for n in ("1", "2", "3", "4", "39")] == [1, 12, 25, 58, 605]
    # Every marker 1..50 is found once, in order; the OCR kept the text of notes 1-37, 43 and
    # 47-50 (those of two pages are lost), and note 21a joins note 21.
    cited = [n for p in paragraphs.values() for n in p.notes]
    assert cited == list(range(1, 51))
    numbers = [int(locator[1:]) for locator in notes]
    assert numbers == [*range(1, 38), 43, 47, 48, 49, 50]
    assert "[21a]" in notes["n21"].text
    assert notes["n6"].text.startswith("Ib,d.")
    assert notes["n43"].line == 570
    assert segment_article("koh-1965", text) == passages
