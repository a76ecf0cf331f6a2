"""Cut the OCR of Koh's article into numbered paragraphs and footnotes.

The locators (docs/data.md) are ``N``, paragraph N of the article counted from its first line,
and ``nN``, footnote N. The OCR scattered the printed layout; the rules below put it back
together, the same way every time. For a reader of the printed article they come to this:
count the paragraphs of the author's running text from the first; a block quotation or a
table is not a paragraph of its own but part of the paragraph that introduces it; a paragraph
that runs over a page break is counted once.

1. Page furniture. Dropped: page numbers (a line of two to five characters, figures but for
   a space or stray quote inside: ``642``, ``30 0``), running heads (a title-cased line of at
   most 60 characters without figures or punctuation, alone between blank lines) and debris
   (a line of one or two characters). A page begins at the first line, after a page number or
   running head, and at a line that begins with a space: this OCR marks the top line of a
   page that way.
2. Footnotes. The notes of a page stand at its bottom. They begin, after a blank line, with a
   line whose first word is a note number, even a damaged one (``'7``, ``2e1``, ``!~``, a
   lone ``U``, ``s``, ``l`` or ``!``) before a capital, or whose first or second word is an
   "Ibid." (``Ib,d.``, ``It l~id``), and they run to the end of the page. Inside them, a line
   begins a new note when the note before it is complete (it ends with ``.``, ``)`` or a
   figure and ``·``) and the line follows a blank line, or begins with an "Ibid." or a
   number-like word (at most three figures and one letter, or a short word with ``!``);
   any other line continues the note.
3. Paragraphs. Across a blank line or a page break (with the notes between), the text goes on
   in the same paragraph unless the paragraph so far ends a sentence and the next line
   begins with a capital, a figure or a quotation mark. Without a blank line, a paragraph ends
   only at a short line (under 80 % of the median body line) that ends a sentence, before a
   line with a capital. A sentence ends with ``.``, ``!`` or ``?``, maybe followed by closing
   quotes or brackets and a glued marker (``said.s``, ``revolution."6``, ``establishcd.I D``).
4. Block quotations and tables. A quotation belongs to the paragraph that introduces it: after
   a line ending in a colon the text always goes on in the same paragraph, and the quotation's
   later paragraphs (after blank lines or page breaks) are told by their small type, whose
   full lines average at least 8 % longer than the median body line. A table (lines made
   mostly of figures) belongs to the paragraph before it. After a quotation or a table, text
   that begins with a capital begins a new paragraph.
5. Words. A line-end hyphen (``-``, ``·``, ``~``, ``_``) is dropped before a lower-case
   continuation and kept, as ``-``, before a capital. Where the OCR lost the hyphen (``po`` /
   ``litical``) or read it as a full stop (``Jap.`` / ``anese``), the two parts are joined only
   if the joined word occurs elsewhere in the text (so ``produc. tivity`` stays apart). A
   ``1`` between lower-case letters is read as ``l`` (``wor1d``). Otherwise the text is the
   OCR's, footnote markers included.
6. Footnote markers, in the body outside tables: (a) a tail of at most three characters glued
   after ``.``, ``,``, ``;``, ``!`` or ``?`` (and maybe a closing quote) to a word of two or
   more characters, when it holds a figure or one of ``!<>:`` (``1955.15``, ``Il~song.4.8``,
   ``parties.":!``), or is a second closing quote (``entity.""``), or is letters that do not
   complete a word of the text and stand before a capital, a quote, a bracket or the line end
   (``he said.s``, ``autonomy,"l``); before the stop, four figures are a year (``1955.15``)
   and fewer a decimal (``3.2``); (b) one or two figures alone between a word ending in a full
   stop and a capital (``problems. 1 While``); (c) figures after bare punctuation (``,,47``).
7. Footnote numbers. Markers are numbered 1, 2, 3 ... in reading order; a marker read as
   figures and a letter (``21a``) is an inserted note, numbered like the marker before it
   with its letter; a marker read as a plain number that a note of the same page also reads
   resets the count to that number. The notes of a page take the numbers of that page's
   markers not used yet, in order. Where the OCR lost notes of a page, a note whose number
   reads as one of those numbers, or is OCR'd exactly like one of the markers, takes it as
   far as the order allows, and the others take the earliest numbers left. On a page with
   fewer markers than notes, the notes are numbered on from the last note, keeping the most
   clean readings that fit the sequence (an unreadable number between 9 and 11 is 10). The
   locator scheme has no lettered notes: an inserted note's text is appended to the note
   with its number, after ``[21a]``.

A paragraph's ``notes`` are the numbers of the markers found in it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prosopo.build.texts.segment import Passage

_PAGE_NUMBER = re.compile(r"^\d[\d\s\"'’]{0,3}\d$")
_HYPHENS = "-·~_"
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\S{0,3}(?:\s[A-Z0-9])?$")
_COMPLETE_NOTE = re.compile(r"(?:[.)]|\d·)$")  # "p. 25.", "1961)", "pp. 43-73·"
_FRAGMENT_END = re.compile(r"([A-Za-z]+)([-·~_.]?)$")
_FRAGMENT_START = re.compile(r"^([A-Za-z]+)")
_MARKER = re.compile(r"^(?P<stem>.*?[A-Za-z0-9)\]])(?P<close>[.,;!?][\"'”’]?)(?P<glue>\S{1,3})$")
_LOOSE_FIGURES = re.compile(r"^[.,'\"”’]+(\d{1,3})$")
_ONE_FOR_L = re.compile(r"(?<=[a-z])1(?=[a-z])")
_NUMBER_TOKEN = re.compile(r"^\d{1,3}$")
_LETTERED = re.compile(r"^(\d{1,3})([a-c])$")
_DIGIT_GLYPHS = frozenset("UusSl|!")  # lone characters the OCR made of a note number
_SHORT = 0.8  # of the median line: a shorter line ending a sentence ends its paragraph
_WIDE = 1.08  # of the median line: a paragraph this wide on average is set in small type

Label = tuple[int, str]  # a note number and its letter ("" unless inserted, as 21a)


@dataclass
class _Block:
    """Lines of body text with no blank line, page break or paragraph end between them."""

    lines: list[tuple[int, str]]
    page: int
    table: bool = False


@dataclass
class _Note:
    """A footnote as found at the bottom of a page, before it is numbered."""

    line: int
    page: int
    token: str  # the printed number as the OCR read it ("" when there is none)
    parts: list[str] = field(default_factory=list)

    @property
    def reading(self) -> int | None:
        """The number, when the OCR read it as plain digits."""
        core = self.token.strip(".'")
        return int(core) if _NUMBER_TOKEN.match(core) else None


@dataclass(frozen=True)
class _Marker:
    """A footnote marker found in the body text."""

    page: int
    block: int
    glue: str  # the marker as the OCR read it

    @property
    def reading(self) -> int | Label | None:
        core = self.glue.rstrip(".")
        if _NUMBER_TOKEN.match(core):
            return int(core)
        lettered = _LETTERED.match(core)
        if lettered:
            return (int(lettered.group(1)), lettered.group(2))
        return None


# --- Words --------------------------------------------------------------------------------


def _vocabulary(lines: Iterable[str]) -> set[str]:
    """Words that occur inside a line somewhere (not at its edges, where words are broken)."""
    words: set[str] = set()
    for line in lines:
        tokens = line.split()
        for token in tokens[1:-1]:
            words.update(w.casefold() for w in re.findall(r"[A-Za-z]+", token))
    return words


class _Join:
    """Joins a line to the text before it, mending a word that the line end broke."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = vocabulary

    def __call__(self, before: str, after: str) -> str:
        if not before:
            return after
        end, start = _FRAGMENT_END.search(before), _FRAGMENT_START.match(after)
        if end and start:
            head, mark, tail = end.group(1), end.group(2), start.group(1)
            whole = (head + tail).casefold()
            if mark and mark in _HYPHENS:
                if tail[0].islower():
                    return before[: -len(mark)] + after
                return before[: -len(mark)] + "-" + after
            if tail[0].islower() and min(len(head), len(tail)) > 1 and whole in self.vocabulary:
                return (before[: -len(mark)] if mark else before) + after
        return f"{before} {after}"


def _mend(text: str) -> str:
    """Read a "1" between lower-case letters as the "l" it is ("wor1d")."""
    return _ONE_FOR_L.sub("l", text)


# --- Lines --------------------------------------------------------------------------------


def _is_running_head(lines: Sequence[str], i: int) -> bool:
    """A short title-cased line standing alone between blank lines."""
    text = lines[i].strip()
    alone = (i == 0 or not lines[i - 1].strip()) and (
        i + 1 == len(lines) or not lines[i + 1].strip()
    )
    if not alone or len(text) > 60 or re.search(r"[\d.,;:!?]", text):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _page_furniture(lines: Sequence[str]) -> dict[int, str]:
    """Index of each dropped line: "page" (page number, running head) or "debris"."""
    found = {}
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if _PAGE_NUMBER.match(text) or _is_running_head(lines, i):
            found[i] = "page"
        elif len(text) <= 2:
            found[i] = "debris"
    return found


def _ibid(token: str) -> bool:
    """True for "Ibid." as the OCR damaged it: "Ib,d.", "IbId", "l~id"."""
    letters = re.sub(r"[^A-Za-z]", "", token).lower()
    return len(letters) >= 3 and re.fullmatch(r"[il]?b?[il]?d", letters) is not None


def _numberish(token: str) -> bool:
    """True for a word that is a damaged note number: "'7", "2e1", "1-1.", "!'iO"."""
    core = token.strip(".,:;")
    if any(c.isdigit() for c in core):
        digits = sum(c.isdigit() for c in core)
        return digits <= 3 and len(core) <= 5 and sum(c.isalpha() for c in core) <= 1
    return 0 < len(core) <= 4 and any(c in "!|<>" for c in core)


def _words(text: str) -> list[str]:
    """The words of a line; a first word of bare punctuation (". 30") is left out."""
    tokens = text.split()
    if tokens and not any(c.isalnum() for c in tokens[0]):
        tokens = tokens[1:]
    return tokens


def _opens_notes(text: str) -> bool:
    """True when a line after a blank line begins the notes at the bottom of a page."""
    tokens = _words(text)
    if len(tokens) < 2:
        return False
    first, second = tokens[0], tokens[1]
    capital = second[0].isupper() or second[0] in "\"'“‘"
    if _ibid(first) or (len(first) <= 3 and _ibid(second)):
        return True
    return (_numberish(first) or first in _DIGIT_GLYPHS) and capital


def _note_number(text: str) -> tuple[str, str]:
    """Split a note's first line into its printed number (as OCR'd, maybe "") and its text."""
    tokens = _words(text)
    if len(tokens) >= 2:
        first, second = tokens[0], tokens[1]
        if len(first) == 1 and _numberish(second):  # "N 1.1"
            return second, " ".join(tokens[2:])
        if _numberish(first) or first in _DIGIT_GLYPHS or (len(first) <= 3 and _ibid(second)):
            return first, " ".join(tokens[1:])
    return "", " ".join(tokens)


def _starts_note(text: str, previous: str, after_blank: bool) -> bool:
    """Inside the notes of a page: does this line begin a new note?"""
    if not _COMPLETE_NOTE.search(previous.rstrip(" '\"")):
        return False
    if after_blank:
        return True
    tokens = _words(text)
    return bool(tokens) and (
        _numberish(tokens[0]) or _ibid(tokens[0]) or (len(tokens) > 1 and _ibid(tokens[1]))
    )


def _ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text.rstrip()) is not None


def _begins_paragraph(text: str) -> bool:
    """A paragraph can begin here: with a capital letter, a figure or a quotation mark."""
    first = text.lstrip()[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘([" or first == ""


def _is_table_row(text: str) -> bool:
    tokens = text.split()
    figures = sum(1 for t in tokens if re.search(r"\d", t) and not re.search(r"[A-Za-z]", t))
    return figures >= 2 and figures >= 0.25 * len(tokens)


# --- Layout -------------------------------------------------------------------------------


def _layout(lines: Sequence[str]) -> tuple[list[_Block], list[_Note]]:
    """The body text as blocks and the footnotes, each with the page it is on."""
    dropped = _page_furniture(lines)
    blocks: list[_Block] = []
    notes: list[_Note] = []
    page, started, pending_page = 0, False, False
    in_notes, after_blank = False, False
    block: _Block | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        if dropped.get(i) == "page":
            pending_page, block = True, None
            continue
        if dropped.get(i) == "debris":
            continue
        if not text:
            after_blank, block = True, None
            continue
        top = started and (pending_page or raw[:1].isspace())
        if top:
            page, in_notes, block = page + 1, False, None
        started, pending_page = True, False
        if in_notes:
            if _starts_note(text, notes[-1].parts[-1], after_blank):
                token, rest = _note_number(text)
                notes.append(_Note(i + 1, page, token, [rest]))
            else:
                notes[-1].parts.append(text)
        elif after_blank and not top and _opens_notes(text):
            in_notes = True
            token, rest = _note_number(text)
            notes.append(_Note(i + 1, page, token, [rest]))
        else:
            if block is None:
                block = _Block([], page)
                blocks.append(block)
            block.lines.append((i + 1, text))
        after_blank = False
    return blocks, notes


def _split(blocks: list[_Block], measure: float) -> list[_Block]:
    """Cut blocks after a line ending in a colon (a quotation may follow) and after a short
    line that ends a sentence before a line with a capital (a paragraph ended there)."""
    result = []
    for block in blocks:
        current = _Block([], block.page)
        for line_no, text in block.lines:
            if current.lines:
                previous = current.lines[-1][1]
                short = len(previous) < _SHORT * measure and _ends_sentence(previous)
                if previous.endswith(":") or (short and text[:1].isupper()):
                    result.append(current)
                    current = _Block([], block.page)
            current.lines.append((line_no, text))
        result.append(current)
    for b in result:
        rows = sum(_is_table_row(t) for _, t in b.lines)
        b.table = rows * 2 >= len(b.lines)
    return result


def _is_wide(block: _Block, measure: float) -> bool:
    """A block set in the small type of a quotation: its full lines are longer than usual."""
    full = [len(t) for _, t in block.lines[:-1]] or [len(block.lines[-1][1])]
    return statistics.mean(full) >= _WIDE * measure


# --- Markers and note numbers ---------------------------------------------------------------


def _markers_in(text: str, vocabulary: set[str]) -> list[str]:
    """The footnote markers glued to the words of a line, as the OCR read them."""
    tokens = text.split()
    found = []
    for k, token in enumerate(tokens):
        following = tokens[k + 1] if k + 1 < len(tokens) else ""
        loose = _LOOSE_FIGURES.match(token)
        if loose:
            found.append(loose.group(1))
            continue
        if (
            _NUMBER_TOKEN.match(token)
            and len(token) <= 2
            and k > 0
            and tokens[k - 1].endswith(".")
            and sum(c.isalnum() for c in tokens[k - 1]) >= 3
            and following[:1].isupper()
        ):
            found.append(token)  # "problems. 1 While": a marker the OCR cut loose
            continue
        m = _MARKER.match(token)
        if not m:
            continue
        stem, close, glue = m.group("stem"), m.group("close"), m.group("glue")
        if sum(c.isalnum() for c in stem) < 2:
            continue  # "U.N.", "i.e."
        if stem.isdigit() and len(stem) != 4:
            continue  # a decimal fraction, not a year followed by a marker
        if any(c.isdigit() or c in "!<>:" for c in glue):
            found.append(glue)
        elif glue == '"':
            if close.endswith('"'):
                found.append(glue)  # 'entity.""'
        elif any(c.isalpha() for c in glue):
            word = re.findall(r"[A-Za-z]+", stem)[-1:] or [""]
            if (word[0] + glue).casefold() in vocabulary:
                continue  # "solutio.ns": a broken word, not a marker
            if following and not (following[0].isupper() or following[0] in "\"'“‘("):
                continue  # "immensely.to the": a word, not a marker
            found.append(glue)
    return found


def _fit(readings: Sequence[int | None], low: int, high: int | None) -> list[int]:
    """Strictly increasing values from `low` (up to `high`), one per item, keeping the largest
    set of readings that can stand together; every other item follows the one before it."""
    n = len(readings)
    best: list[tuple[int, int]] = []  # per item: (readings kept up to it, the one before or -1)
    for i, r in enumerate(readings):
        if r is None or r < low + i or (high is not None and r > high - (n - 1 - i)):
            best.append((0, -1))
            continue
        kept, back = 1, -1
        for j in range(i):
            rj = readings[j]
            if rj is not None and best[j][0] and r - rj >= i - j and best[j][0] + 1 > kept:
                kept, back = best[j][0] + 1, j
        best.append((kept, back))
    chain: set[int] = set()
    if any(kept for kept, _ in best):
        i = max(range(n), key=lambda k: (best[k][0], -k))
        while i >= 0:
            chain.add(i)
            i = best[i][1]
    values: list[int] = []
    last = low - 1
    for i, r in enumerate(readings):
        last = r if i in chain and r is not None else last + 1
        values.append(last)
    return values


def _number(markers: list[_Marker], notes: list[_Note]) -> tuple[list[Label], list[Label]]:
    """Labels for the markers and for the notes, page by page (see the module docstring)."""
    marker_labels: list[Label] = []
    note_labels: list[Label] = []
    count, last = 0, (0, "")
    for page in sorted({m.page for m in markers} | {n.page for n in notes}):
        on_page = [n for n in notes if n.page == page]
        confirmed = {n.reading for n in on_page if n.reading is not None}
        labelled: list[tuple[Label, _Marker]] = []
        for marker in (m for m in markers if m.page == page):
            reading = marker.reading
            if isinstance(reading, tuple):
                labelled.append(((count, reading[1]), marker))
                continue
            if reading is not None and reading != count + 1 and reading in confirmed:
                count = reading - 1
            count += 1
            labelled.append(((count, ""), marker))
        marker_labels += [label for label, _ in labelled]
        if not on_page:
            continue
        available = [(label, m) for label, m in labelled if label > last]
        if len(available) >= len(on_page):
            by_label = {label: k for k, (label, _) in enumerate(available)}
            by_glyphs = {m.glue: k for k, (_, m) in enumerate(available)}
            readings = [
                by_label.get((n.reading, ""), by_glyphs.get(n.token.strip(".'")))
                if n.reading is not None
                else by_glyphs.get(n.token.strip(".'"))
                for n in on_page
            ]
            chosen = [available[k][0] for k in _fit(readings, 0, len(available) - 1)]
        else:  # markers were missed: number the notes on from the last one
            chosen = [(v, "") for v in _fit([n.reading for n in on_page], last[0] + 1, None)]
            count = max(count, chosen[-1][0])
        note_labels += chosen
        last = chosen[-1]
    return marker_labels, note_labels


# --- Paragraphs ---------------------------------------------------------------------------


def _paragraphs(blocks: list[_Block], measure: float) -> list[list[int]]:
    """The blocks of each paragraph, by index."""
    paragraphs: list[list[int]] = []
    quotation = False  # the paragraph has an open block quotation or table
    for k, block in enumerate(blocks):
        first = block.lines[0][1]
        if not paragraphs:
            paragraphs.append([k])
            quotation = block.table
            continue
        previous = blocks[paragraphs[-1][-1]]
        last = previous.lines[-1][1]
        ended = previous.table or _ends_sentence(last)
        if block.table or not _begins_paragraph(first) or not ended:
            joins = True
        else:
            joins = quotation and _is_wide(block, measure)
        if joins:
            paragraphs[-1].append(k)
            quotation = quotation or block.table or last.endswith(":")
        else:
            paragraphs.append([k])
            quotation = False
    return paragraphs


def segment_article(source_id: str, text: str) -> list[Passage]:
    """Paragraphs (locator ``N``) and footnotes (``nN``) of the article's OCR, in that order."""
    lines = text.splitlines()
    blocks, notes = _layout(lines)
    measure = statistics.median([len(t) for b in blocks for _, t in b.lines] or [0])
    blocks = _split(blocks, measure)
    vocabulary = _vocabulary(lines)
    join = _Join(vocabulary)

    markers = [
        _Marker(b.page, k, glue)
        for k, b in enumerate(blocks)
        if not b.table
        for _, t in b.lines
        for glue in _markers_in(t, vocabulary)
    ]
    marker_labels, note_labels = _number(markers, notes)

    passages: list[Passage] = []
    for number, members in enumerate(_paragraphs(blocks, measure), 1):
        content = ""
        for k in members:
            for _, line in blocks[k].lines:
                content = join(content, line)
        cited = [marker_labels[i][0] for i, m in enumerate(markers) if m.block in members]
        passages.append(
            Passage(
                source_id,
                str(number),
                "paragraph",
                _mend(content),
                blocks[members[0]].lines[0][0],
                notes=tuple(dict.fromkeys(cited)),
            )
        )
    merged: dict[int, tuple[int, str]] = {}
    for note, (number, letter) in zip(notes, note_labels, strict=True):
        content = ""
        for part in note.parts:
            content = join(content, part)
        if letter:
            content = f"[{number}{letter}] {content}"
        if number in merged:  # an inserted note (21a) goes with the note before it
            first, before = merged[number]
            merged[number] = (first, f"{before} {content}")
        else:
            merged[number] = (note.line, content)
    for number in sorted(merged):
        first, content = merged[number]
        passages.append(Passage(source_id, f"n{number}", "note", _mend(content), first))
    return passages
