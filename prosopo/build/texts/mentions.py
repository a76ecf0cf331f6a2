"""Finding persons in a text through every form of their names, with one multi-pattern pass.

The text and the name forms are folded the same way before matching: case, breves and
apostrophes are dropped, hyphens and spaces no longer count (`Kim Il-sung` = `Kim Il Sung` =
`Kim Ilsung`), and the OCR's ways of printing the syllable `Il` (`II`, `11`, `TI`, `Ii`) become
`il`. The folded forms go into an Aho–Corasick automaton, which finds every occurrence of every
form in one pass over the text. A match counts only where it starts and ends on word boundaries
of the original text, and overlapping matches are resolved leftmost-longest, so `Kim Il Sung` is
never also read as `Kim Il`, and `Yi Sung-yop` never matches inside `Yi Sung-yong`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import ahocorasick

from prosopo.names import TOKEN as _TOKEN
from prosopo.names import fold_token, name_key


def fold(text: str) -> str:
    """A name form, folded and with its word boundaries removed."""
    return name_key(text)


@dataclass(frozen=True)
class Mention:
    """A name form found in a text: the person(s) it names and where, as character offsets."""

    person_ids: tuple[str, ...]
    start: int
    end: int
    form: str  # the text as printed, e.g. "Kim II Sung"


class NameMatcher:
    """Every name form of every person, compiled once, applied to any number of texts."""

    def __init__(self, forms: Mapping[str, Iterable[str]]) -> None:
        """`forms` maps a person id to the name forms the data know for that person."""
        by_key: dict[str, set[str]] = {}
        for person_id, person_forms in forms.items():
            for form in person_forms:
                key = fold(form)
                if key:
                    by_key.setdefault(key, set()).add(person_id)
        self.automaton = ahocorasick.Automaton()
        for key, persons in by_key.items():
            self.automaton.add_word(key, (len(key), tuple(sorted(persons))))
        self.automaton.make_automaton()
        self.size = len(by_key)

    def find(self, text: str) -> list[Mention]:
        """The mentions in `text`, in order, leftmost-longest, on word boundaries only."""
        if self.size == 0:
            return []
        starts: dict[int, int] = {}  # offset in the folded text -> index of the token there
        ends: dict[int, int] = {}
        spans: list[tuple[int, int]] = []
        parts: list[str] = []
        offset = 0
        for m in _TOKEN.finditer(text):
            folded = fold_token(m.group())
            if not folded:
                continue
            starts[offset] = len(spans)
            offset += len(folded)
            ends[offset] = len(spans)
            spans.append(m.span())
            parts.append(folded)
        candidates = []
        for last, (length, persons) in self.automaton.iter("".join(parts)):
            first, stop = last + 1 - length, last + 1
            if first in starts and stop in ends:
                candidates.append((starts[first], ends[stop], persons))
        candidates.sort(key=lambda c: (c[0], -c[1]))
        mentions, covered = [], -1
        for first_token, last_token, persons in candidates:
            if first_token <= covered:
                continue  # inside a longer mention that starts earlier or at the same word
            begin, end = spans[first_token][0], spans[last_token][1]
            mentions.append(Mention(persons, begin, end, text[begin:end]))
            covered = last_token
        return mentions
