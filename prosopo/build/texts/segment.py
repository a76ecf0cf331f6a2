"""Cut a source text into passages that carry stable locators.

The locator scheme is defined in :mod:`prosopo.locators`; this module decides where each
paragraph, section and endnote of a converted text begins and ends. Both texts are
conversions of printed pages, so a printed page may have split a paragraph in two: a line
that begins in the middle of a sentence is joined back to the paragraph it continues.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_CHAPTER = re.compile(r"^([1-9])\. (\S.*)$")
# A note starts with its number ("- 12." or " - 12." or "12."), or a range ("- 8–10.").
_NOTE_START = re.compile(r"^\s*(?:-\s*)?(\d{1,3})(?:[–-](\d{1,3}))?\.\s+(.*)$")
_NOTE_CONTINUATION = re.compile(r"^\s*-\s?")
_NOTES_TO_CHAPTER = re.compile(r"^Notes to Chapter (\d+)$")
_TERMINAL = tuple(".?!:;\"”’')]") + tuple(SUPERSCRIPT_DIGITS)


@dataclass(frozen=True)
class Passage:
    """One paragraph or endnote of a source, with the locator that names it."""

    source_id: str
    locator: str
    kind: str  # "paragraph" or "note"
    text: str
    line: int  # 1-based line of the source file where the passage starts
    chapter: int | None = None
    section: int | None = None
    section_title: str | None = None
    notes: tuple[int, ...] = field(default=())  # endnotes the paragraph cites


def endnote_markers(text: str) -> tuple[int, ...]:
    """The endnote numbers marked in a paragraph with superscript digits, in order."""
    return tuple(int(m.group().translate(_TO_ASCII)) for m in _SUPERSCRIPT_RUN.finditer(text))


def _normal(text: str) -> str:
    """Lower-case words only, with the OCR's `II` read as `Il` and page numbers dropped."""
    words = re.sub(r"[^\w]+|\d+|_", " ", text.casefold()).split()
    return " ".join("il" if w == "ii" else w for w in words)


@dataclass(frozen=True)
class Contents:
    """The table of contents: each chapter's title and the text of its section headings.

    The conversion garbled the entries of chapters 1–3 into one line each (two printed columns
    read across), so a chapter's headings are kept as one normalised string and a body line is
    matched against it as a fuzzy substring rather than looked up entry by entry.
    """

    titles: dict[int, str]
    headings: dict[int, str]

    def is_heading(self, chapter: int, block: str) -> bool:
        """True when `block` is one of the section headings the contents list for `chapter`."""
        if len(block) > _LONGEST_HEADING or block.endswith((".", ",", ";", ":")):
            return False
        if _ends_with_note(block) or not re.search(r"[A-Za-z]{2}", block):
            return False
        listed = self.headings.get(chapter, "")
        return bool(listed) and fuzz.partial_ratio(_normal(block), listed) >= _HEADING_MATCH

    def is_running_head(self, chapter: int, block: str) -> bool:
        """A page's running head (the chapter title) left inside the body by the conversion."""
        title = self.titles.get(chapter, "")
        return len(block) <= len(title) + 5 and _normal(block) == _normal(title)


_LONGEST_HEADING = 120
# Every heading of the book scores 93 or more against its chapter's contents and every other
# short line of the body under 60 (measured over the whole text), so the cut is not delicate.
_HEADING_MATCH = 85
_CONTENTS_CHAPTER = re.compile(r"Chapter (\d+)\.\s+")


def read_contents(lines: list[str], titles: dict[int, str]) -> Contents:
    """The table of contents of the front matter, between `Contents` and `Bibliography`."""
    try:
        first = lines.index("Contents")
    except ValueError:
        raise ValueError("the monograph has no table of contents (a line 'Contents')") from None
    last = next((i for i in range(first, len(lines)) if lines[i].startswith("Bibliography")), first)
    parts = _CONTENTS_CHAPTER.split(" ".join(lines[first + 1 : last]))
    headings: dict[int, str] = {}
    for number, entry in zip(parts[1::2], parts[2::2], strict=True):
        chapter = int(number)
        text, title = _normal(entry), _normal(titles.get(chapter, ""))
        headings[chapter] = text[len(title) :].strip() if text.startswith(title) else text
    return Contents(titles, headings)


# A note number the conversion printed as plain digits after a sentence (or a clause) ends:
# "... of any kind. 18" or "... kind.18" at the end of a line, "... the 1920s. 17 While ..."
# inside it. Such a number is only a candidate: `_note_markers` checks that it fits the order of
# the chapter's superscript notes, since prose has numbers of its own ("In 1954, 295 ...").
_NUMBER = re.compile(r"(?<![\d,])\d{1,3}(?![\d,])")
_AFTER_SENTENCE = re.compile(r"(?:[.?!\"”’')\]]\s|[^\d\s][.?!\"”’')\]]|\b1[89]\d\d[.?!])$")
_AFTER_CLAUSE = re.compile(r"[^\d\s],\s$")
_BEFORE_SENTENCE = re.compile(r"\s+[A-Z\"“(\[*]|\s*$")
_BEFORE_CLAUSE = re.compile(r"\s+[a-z]")


def _plain_notes(text: str) -> Iterator[tuple[int, int]]:
    """(offset, number) of each plain number that stands where a note marker would."""
    for m in _NUMBER.finditer(text):
        before, start, end = text[max(0, m.start() - 6) : m.start()], m.start(), m.end()
        if (_AFTER_SENTENCE.search(before) and _BEFORE_SENTENCE.match(text, end)) or (
            _AFTER_CLAUSE.search(before) and _BEFORE_CLAUSE.match(text, end)
        ):
            yield start, int(m.group())


# Without a space, a number after a point is a note only after a word or a year: "35.1" is not.
_PLAIN_NOTE_AT_END = re.compile(
    r"(?:[.?!\"”’')\]]\s|[^\d\s][.?!\"”’')\]]|\b1[89]\d\d[.?!])\d{1,3}$"
)


def _ends_with_note(block: str) -> bool:
    return bool(_PLAIN_NOTE_AT_END.search(block))


def _ends_paragraph(block: str) -> bool:
    text = block.rstrip()
    return text.endswith(_TERMINAL) or _ends_with_note(text)


def _note_markers(texts: list[str], notes: int) -> list[tuple[int, ...]]:
    """The endnote numbers each paragraph of one chapter cites, in order of appearance.

    Superscript digits are always notes. A plain-digit candidate is a note only when it lies
    strictly between the superscript notes around it (or 0 and the chapter's number of notes,
    `notes`) and after any plain note accepted before it: a chapter's notes run in order.
    """
    found: list[tuple[int, int, int, bool]] = []  # (paragraph, offset, number, superscript)
    for k, text in enumerate(texts):
        found += [
            (k, m.start(), int(m.group().translate(_TO_ASCII)), True)
            for m in _SUPERSCRIPT_RUN.finditer(text)
        ]
        found += [(k, start, number, False) for start, number in _plain_notes(text)]
    found.sort()
    sure = [number for _, _, number, superscript in found if superscript]
    markers: list[list[int]] = [[] for _ in texts]
    before, seen = 0, 0  # the last superscript note, and how many superscripts so far
    for k, _, number, superscript in found:
        if superscript:
            markers[k].append(number)
            before, seen = number, seen + 1
            continue
        after = sure[seen] if seen < len(sure) else notes + 1
        if max(before, *markers[k][-1:], 0) < number < after:
            markers[k].append(number)
            before = number
    return [tuple(m) for m in markers]


# Paragraphs whose break before them the conversion lost (the line before ends mid-sentence
# in the file, but not in the book), found by counting the printed paragraphs by hand. Keyed by
# the hash of the paragraph's first line, so that no prose is kept and another text is unaffected.
_LOST_BREAKS = {
    "dd7796e1fc43bbbd": "the full stop of the line before is missing (ch. 1, § 1)",
    "d23c17ff9e0f7614": "the line before ends in garbled characters (ch. 1, § 2)",
    "2964f2f05f616881": "the line before ends with note 51 read as 'S1' (ch. 6, § 2)",
    # a block quotation that begins in lower case, after a line ending in a comma (ch. 6, § 2):
    # a paragraph of its own, which the lower-case rule would join to the line before
    "b09e107e1972ff24": "a block quotation starting in lower case (ch. 6, § 2)",
}


def _line_key(block: str) -> str:
    return hashlib.blake2b(block.encode(), digest_size=8).hexdigest()


_FULL_STOP = re.compile(r"[.?!][\"”’')\]]*(?:\s?\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)?$")


def _continues(previous: str, block: str, in_list: bool) -> bool:
    """True when `block` is the rest of a paragraph that a page break cut after `previous`.

    A line that starts in lower case continues, and so does one after a line that does not end
    a sentence, including a parenthesis after a line with no full stop. Inside a displayed list
    (after a line ending with a colon) each item that starts with a capital is an item of its own,
    even when the item before it has no final full stop.
    """
    if _line_key(block) in _LOST_BREAKS:
        return False  # counted by hand: a paragraph starts here, whatever the line looks like
    if block[:1].islower():
        return True
    if in_list and (block[:1].isupper() or block[:1] == "("):
        return False
    if block[:1] == "(" and not _FULL_STOP.search(previous.rstrip()):
        return True
    return not _ends_paragraph(previous)


def _blocks(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Non-blank lines in [start, end) with their 1-based line numbers."""
    return [(i + 1, lines[i].strip()) for i in range(start, end) if lines[i].strip()]


def _body_paragraphs(
    source_id: str, blocks: list[tuple[int, str]], chapter: int, contents: Contents
) -> list[Passage]:
    """Paragraphs of one chapter, numbered within their section (0: before the first heading),
    without their notes (see `_note_markers`)."""
    section, paragraph, title = 0, 0, None
    pending: list[tuple[int, str]] = []  # the paragraph being assembled
    passages: list[Passage] = []
    in_list = False

    def flush() -> None:
        nonlocal paragraph
        if pending:
            paragraph += 1
            passages.append(
                Passage(
                    source_id=source_id,
                    locator=f"{chapter}.{section}.{paragraph}",
                    kind="paragraph",
                    text=" ".join(b for _, b in pending),
                    line=pending[0][0],
                    chapter=chapter,
                    section=section,
                    section_title=title,
                )
            )
            pending.clear()

    for line_no, block in blocks:
        if contents.is_running_head(chapter, block):
            continue
        if contents.is_heading(chapter, block):
            flush()
            section, paragraph, title, in_list = section + 1, 0, block, False
            continue
        if not (pending and _continues(pending[-1][1], block, in_list)):
            flush()
        pending.append((line_no, block))
        if block.endswith(":"):
            in_list = True
        elif _FULL_STOP.search(block):  # a sentence ends the list, a note after it or not
            in_list = False
    flush()
    return passages


def _notes(source_id: str, blocks: list[tuple[int, str]], chapters: list[int]) -> Iterator[Passage]:
    """Endnotes; numbering restarts at 1 for each chapter, in the order of `chapters`.

    The conversion lost the number of a few notes ("- Hungarian Embassy ..."). Such a line is
    taken as the missing note when the previous note is complete and the next numbered note
    skips a number; otherwise a line without a number continues the note before it.
    """
    starts: list[int | None] = []  # the note number each block starts, if any
    last = 0
    for _, block in blocks:
        m = _NOTE_START.match(block)
        n = int(m.group(1)) if m and not m.group(3).startswith("doboz") else None
        # a gap of a few numbers is a note whose number the conversion lost
        if n is not None and (last < n <= last + 3 or (n == 1 and last > 1)):
            starts.append(n)
            last = int(m.group(2)) if m and m.group(2) else n
        else:
            starts.append(None)
        if _NOTES_TO_CHAPTER.match(block):
            last = 0

    group, last = -1, 0  # index into `chapters` of the notes being read
    current: list[str] = []
    numbers: tuple[int, int] = (0, 0)
    first_line = 0

    def flush() -> Iterator[Passage]:
        if current and 0 <= group < len(chapters):
            text = " ".join(current)
            chapter = chapters[group]
            for n in range(numbers[0], numbers[1] + 1):
                yield Passage(source_id, f"{chapter}.n{n}", "note", text, first_line, chapter)
        current.clear()

    def next_numbered(i: int) -> int | None:
        return next((n for n in starts[i + 1 :] if n is not None), None)

    for i, (line_no, block) in enumerate(blocks):
        heading = _NOTES_TO_CHAPTER.match(block)
        if heading:
            yield from flush()
            named = int(heading.group(1))
            group = (chapters.index(named) if named in chapters else len(chapters)) - 1
            last = 0
            continue
        n = starts[i]
        if n is not None:
            m = _NOTE_START.match(block)
            assert m is not None
            yield from flush()
            if n == 1:
                group += 1
            upto = int(m.group(2)) if m.group(2) else n
            numbers, last, first_line = (n, upto), upto, line_no
            current.append(m.group(3))
            continue
        rest = _NOTE_CONTINUATION.sub("", block, count=1)
        coming = next_numbered(i)
        if (
            block.lstrip().startswith("-")
            and rest[:1].isupper()
            and current
            and current[-1].rstrip().endswith(".")
            and coming is not None
            and coming > last + 1
        ):
            yield from flush()
            last += 1
            numbers, first_line = (last, last), line_no
        current.append(rest)
    yield from flush()


def segment_monograph(source_id: str, text: str) -> list[Passage]:
    """Paragraphs (chapter.section.paragraph) and endnotes (chapter.nN) of the monograph.

    Sections are the headings the book's own table of contents lists for each chapter.
    """
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _CHAPTER.match(line)]
    # The table of contents repeats chapter titles; the body starts at the last "1. ..." line
    first = max(i for i in starts if lines[i].startswith("1. "))
    notes_at = lines.index("Notes", first)
    bibliography_at = next(
        (i for i in range(notes_at, len(lines)) if lines[i].strip() == "Bibliography"), len(lines)
    )
    chapter_starts = [i for i in starts if first <= i < notes_at]
    titles = {
        int(m.group(1)): m.group(2).strip()
        for i in chapter_starts
        if (m := _CHAPTER.match(lines[i]))
    }
    contents = read_contents(lines[:first], titles)
    body: list[list[Passage]] = []
    chapters: list[int] = []
    for k, start in enumerate(chapter_starts):
        end = chapter_starts[k + 1] if k + 1 < len(chapter_starts) else notes_at
        chapter = int(_CHAPTER.match(lines[start]).group(1))  # type: ignore[union-attr]
        chapters.append(chapter)
        body.append(_body_paragraphs(source_id, _blocks(lines, start + 1, end), chapter, contents))
    notes = list(_notes(source_id, _blocks(lines, notes_at + 1, bibliography_at), chapters))
    passages: list[Passage] = []
    for chapter, paragraphs in zip(chapters, body, strict=True):
        count = sum(1 for n in notes if n.chapter == chapter)
        markers = _note_markers([p.text for p in paragraphs], count)
        passages += [replace(p, notes=m) for p, m in zip(paragraphs, markers, strict=True)]
    return passages + notes
