"""Segmentation on small texts written for the tests, shaped like the monograph's conversion."""

import pytest

from prosopo.build.texts.segment import Passage, endnote_markers, segment_monograph

BOOK = """Kim Il Sung in the Khrushchev Era

Contents

Chapter 1. A First Chapter	1
A Section Heading Here 2
Another Section 3
Chapter 2. A Second Chapter	4
Bibliography	5

1. A First Chapter

The opening paragraph of the chapter sets the scene.¹

A Section Heading Here

The first paragraph of the section runs on until a printed page ends it in the

middle of a sentence, which the next line continues.² Then it stops.

Another paragraph starts here and ends properly.³

Another Section

A plain-digit note ends this paragraph. 4

And this one starts after it, though its line begins with a capital.

Is This Short Line A Heading?

The running head below is dropped from the middle of this paragraph, which a page break cut

A First Chapter

after "cut"; a list follows:

First item without a full stop

Second item (1956)

(3) third item, in parentheses

The congress met in 1956. 40 Delegates came, a number and not a note; this is one. 5

2. A Second Chapter

Only one paragraph here, citing a note.¹

Notes

- 1. First note of chapter one.
- 2. Second note, whose text runs
- on to a second line.
- 3. Third note.
- 4. Fourth note.
- 5. Fifth note.
- 1. Hungarian Embassy to the DPRK, Report, 1 March 1956, KTS, 12. doboz, 27/a.
- 2. A note with its number.
- Hungarian Embassy, Memorandum, 17 June 1961, a note whose number was lost.
- 4. The note after it.

Bibliography
"""


def paragraphs(text: str = BOOK) -> dict[str, Passage]:
    return {p.locator: p for p in segment_monograph("book", text) if p.kind == "paragraph"}


def test_paragraphs_are_numbered_within_sections_and_rejoined_across_page_breaks() -> None:
    passages = paragraphs()
    assert list(passages) == [
        *("1.0.1", "1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4"),
        *("1.2.5", "1.2.6", "1.2.7", "1.2.8", "2.0.1"),
    ]
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


def test_sections_are_the_headings_the_table_of_contents_lists() -> None:
    passages = paragraphs()
    assert passages["1.2.1"].section_title == "Another Section"
    # a short title-cased line that the contents do not list is a paragraph, not a heading
    assert passages["1.2.3"].text == "Is This Short Line A Heading?"
    assert all(p.section_title != "Is This Short Line A Heading?" for p in passages.values())


def test_without_its_table_of_contents_the_book_is_refused() -> None:
    with pytest.raises(ValueError, match="no table of contents"):
        segment_monograph("book", BOOK.replace("Contents", "Contest"))


def test_a_plain_digit_note_after_a_sentence_ends_the_paragraph_and_is_its_note() -> None:
    passages = paragraphs()
    assert passages["1.2.1"].text == "A plain-digit note ends this paragraph. 4"
    assert passages["1.2.1"].notes == (4,)
    assert passages["1.2.2"].text.startswith("And this one starts after it")
    # a number after a sentence that does not fit the order of the chapter's notes is prose
    assert passages["1.2.8"].notes == (5,)


def test_a_running_head_is_dropped_and_a_list_keeps_one_paragraph_per_item() -> None:
    passages = paragraphs()
    assert passages["1.2.4"].text.endswith('page break cut after "cut"; a list follows:')
    assert [passages[f"1.2.{k}"].text.split()[0] for k in (5, 6, 7)] == ["First", "Second", "(3)"]


def test_a_parenthesis_after_a_line_with_no_full_stop_continues_the_paragraph() -> None:
    book = BOOK.replace(
        "Another paragraph starts here and ends properly.³",
        'Another paragraph names the "Muscovites"\n\n(e.g., the leaders of Poland) and ends.³',
    )
    passages = paragraphs(book)
    assert passages["1.1.2"].text.endswith("(e.g., the leaders of Poland) and ends.³")
    assert "1.2.9" not in passages


def test_a_sentence_with_its_note_closes_a_list() -> None:
    book = BOOK.replace(
        "Second item (1956)",
        "Second item, the last, ends a sentence.⁴\n\nAfter the list a page break cuts a name,"
        "\n\nKim Il Sung, in two",
    )
    passages = paragraphs(book)
    assert passages["1.2.7"].text.startswith("After the list a page break cuts a name, Kim Il Sung")
