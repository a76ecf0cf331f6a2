"""Cut a source text into passages that carry stable locators.

The locator scheme is defined in :mod:`prosopo.locators`; this module decides where each
paragraph, section and endnote of a converted text begins and ends. Both texts are
conversions of printed pages, so a printed page may have split a paragraph in two: a line
that begins in the middle of a sentence is joined back to the paragraph it continues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

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


def _is_heading(block: str, next_block: str | None) -> bool:
    """A section heading is a short title-cased line that the next line does not continue."""
    if len(block) > 80 or re.search(r"[.;,]\s|\d", block) or block.endswith((".", ",")):
        return False
    if next_block is not None and next_block[:1].islower():
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", block) if len(w) > 3]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _continues(previous: str, block: str) -> bool:
    """True when `block` is the rest of a paragraph that a page break cut after `previous`."""
    return block[:1].islower() or not previous.rstrip().endswith(_TERMINAL)


def _blocks(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    """Non-blank lines in [start, end) with their 1-based line numbers."""
    return [(i + 1, lines[i].strip()) for i in range(start, end) if lines[i].strip()]


def _body_paragraphs(
    source_id: str, blocks: list[tuple[int, str]], chapter: int | None
) -> Iterator[Passage]:
    """Paragraphs of one chapter (or of a whole article), numbered within their section."""
    section, paragraph, title = 0, 0, None
    pending: list[tuple[int, str]] = []  # the paragraph being assembled

    def flush() -> Passage | None:
        nonlocal paragraph
        if not pending:
            return None
        paragraph += 1
        text = " ".join(b for _, b in pending)
        prefix = f"{chapter}.{section}." if chapter is not None else ""
        passage = Passage(
            source_id=source_id,
            locator=f"{prefix}{paragraph}",
            kind="paragraph",
            text=text,
            line=pending[0][0],
            chapter=chapter,
            section=section if chapter is not None else None,
            section_title=title,
            notes=endnote_markers(text),
        )
        pending.clear()
        return passage

    for i, (line_no, block) in enumerate(blocks):
        following = blocks[i + 1][1] if i + 1 < len(blocks) else None
        if pending and _continues(pending[-1][1], block):
            pending.append((line_no, block))
            continue
        if chapter is not None and _is_heading(block, following):
            done = flush()
            if done:
                yield done
            section, paragraph, title = section + 1, 0, block
            continue
        done = flush()
        if done:
            yield done
        pending.append((line_no, block))
    done = flush()
    if done:
        yield done


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
    """Paragraphs (chapter.section.paragraph) and endnotes (chapter.nN) of the monograph."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _CHAPTER.match(line)]
    # The table of contents repeats chapter titles; the body starts at the last "1. ..." line
    first = max(i for i in starts if lines[i].startswith("1. "))
    notes_at = lines.index("Notes", first)
    bibliography_at = next(
        (i for i in range(notes_at, len(lines)) if lines[i].strip() == "Bibliography"), len(lines)
    )
    chapter_starts = [i for i in starts if first <= i < notes_at]
    passages: list[Passage] = []
    chapters: list[int] = []
    for k, start in enumerate(chapter_starts):
        end = chapter_starts[k + 1] if k + 1 < len(chapter_starts) else notes_at
        chapter = int(_CHAPTER.match(lines[start]).group(1))  # type: ignore[union-attr]
        chapters.append(chapter)
        passages.extend(_body_paragraphs(source_id, _blocks(lines, start + 1, end), chapter))
    passages.extend(_notes(source_id, _blocks(lines, notes_at + 1, bibliography_at), chapters))
    return passages


def chapter_titles(text: str) -> dict[int, str]:
    """Chapter number to title, from the chapter heading lines of the monograph's body."""
    titles: dict[int, str] = {}
    for line in text.splitlines():
        m = _CHAPTER.match(line)
        if m and "Notes" not in line:
            titles[int(m.group(1))] = m.group(2).strip()
    return titles
