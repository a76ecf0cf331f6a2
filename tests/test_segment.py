"""Segmentation on small texts written for the tests, shaped like the monograph's conversion."""

from prosopo.texts.segment import endnote_markers, segment_monograph

BOOK = """Kim Il Sung in the Khrushchev Era

Contents

1. A First Chapter

2. A Second Chapter

1. A First Chapter

The opening paragraph of the chapter sets the scene.¹

A Section Heading Here

The first paragraph of the section runs on until a printed page ends it in the

middle of a sentence, which the next line continues.² Then it stops.

Another paragraph starts here and ends properly.³

2. A Second Chapter

Only one paragraph here, citing a note.¹

Notes

- 1. First note of chapter one.
- 2. Second note, whose text runs
- on to a second line.
- 3. Third note.
- 1. Hungarian Embassy to the DPRK, Report, 1 March 1956, KTS, 12. doboz, 27/a.
- 2. A note with its number.
- Hungarian Embassy, Memorandum, 17 June 1961, a note whose number was lost.
- 4. The note after it.

Bibliography
"""


def test_paragraphs_are_numbered_within_sections_and_rejoined_across_page_breaks() -> None:
    passages = {p.locator: p for p in segment_monograph("book", BOOK) if p.kind == "paragraph"}
    assert list(passages) == ["1.0.1", "1.1.1", "1.1.2", "2.0.1"]
    broken = passages["1.1.1"]
    assert broken.text.startswith("The first paragraph") and broken.text.endswith("Then it stops.")
    assert broken.section_title == "A Section Heading Here"
    assert broken.notes == (2,)


def test_notes_restart_in_each_chapter_and_lost_numbers_are_recovered() -> None:
    notes = {p.locator: p.text for p in segment_monograph("book", BOOK) if p.kind == "note"}
    assert notes["1.n2"] == "Second note, whose text runs on to a second line."
    assert notes["2.n1"].startswith("Hungarian Embassy to the DPRK")
    assert "12. doboz" in notes["2.n1"]  # a "12." inside a note does not start note 12
    assert notes["2.n3"].startswith("Hungarian Embassy, Memorandum")
    assert notes["2.n4"] == "The note after it."


def test_endnote_markers_read_superscript_digits() -> None:
    assert endnote_markers("as he said.¹² Later,³ again") == (12, 3)
