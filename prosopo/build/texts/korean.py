"""Spotting Korean personal names in English text, for the curators' coverage report.

A candidate is a Korean surname followed by a given name of one or two syllables that
McCune–Reischauer (with or without apostrophes and breves) can spell: `Pak Hon-yong`,
`Ch'oe Ch'ang-ik`, `Kim Il`. English words after a surname-like word (`So far`, `No one`)
fail the syllable test. The report lists the candidates that no person's name accounts for.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SURNAMES = (
    "An Chae Ch'ae Chang Ch'a Cha Chi Cho Ch'oe Choe Chon Ch'on Chong Chu Ha Han Ho Hong Hwang "
    "Hyon Im Kang Ki Kil Kim Ko Ku Kwak Kwon Kye Lee Min Mu Mun Nam No O Om Paek Pak Pang Pyon "
    "Ri Rhee Sim Sin So Sok Sol Son Song Sung Tae Tong Won Yang Yi Yim Yo Yon Yu Yun"
).split()

_INITIAL = r"(?:ch'|ch|kk|k'|k|tt|t'|t|pp|p'|p|ss|s|j|n|m|r|l|h|g|d|b|ng)?"
_VOWEL = r"(?:yae|yo|yu|ya|ye|wae|wa|wo|we|wi|ae|oe|ui|eo|eu|a|e|i|o|u)"
_FINAL = r"(?:ng|k|n|m|l|p|t)?"
_SYLLABLE = f"{_INITIAL}{_VOWEL}{_FINAL}"
_GIVEN = re.compile(f"^(?:{_SYLLABLE}){{1,2}}$")
_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(s) for s in sorted(SURNAMES, key=len, reverse=True)) + r")"
    r" ([A-Z][a-zA-Z'’ăŏŭĂŎŬ]*(?:-[a-zA-Z'’ăŏŭ]+)?)\b"
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def is_given_name(given: str) -> bool:
    """True when every part of `given` is one or two McCune–Reischauer syllables."""
    parts = _plain(given).lower().split("-")
    if len(parts) > 2 or (len(parts) == 2 and not all(parts)):
        return False
    return all(_GIVEN.match(part) for part in parts)


@dataclass(frozen=True)
class NameCandidate:
    """A Korean-looking personal name and where it stands in a text."""

    name: str
    start: int
    end: int


def korean_names(text: str) -> list[NameCandidate]:
    """Every surname + given-name pair in `text` that looks like a Korean personal name."""
    found = []
    for m in _PATTERN.finditer(text):
        if is_given_name(m.group(2)):
            found.append(NameCandidate(" ".join(m.group(0).split()), m.start(), m.end()))
    return found
