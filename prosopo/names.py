"""Korean names across spellings and scripts: comparison keys, romanization, resolution.

A reader or a text may give one name as `Pak Hon-yong` (the monograph), `Pak Hŏn-yŏng` (full
McCune–Reischauer), `Bak Heon-yeong` (Revised Romanization), `Park Hon Yong`, `박헌영`, or with the
OCR's damage (`Kim II Sung`). Three tools bring them together:

- :func:`name_key` folds away case, breves, apostrophes, hyphens, spaces and the OCR's ways of
  printing `Il`; :func:`surname_key` also maps a surname to its family of spellings (`Ri`,
  `Rhee`, `Lee` and `I` are all `Yi`);
- :func:`romanize` spells a hangul name in McCune–Reischauer and Revised Romanization with the
  ko-pron library, written as Korean names are (surname, then a hyphenated given name);
- :class:`NameIndex` ranks the persons a query may mean: the same form, then the same key, then
  a variant surname or a romanized hangul query, then a prefix (for autocomplete), and only
  then a fuzzy match (rapidfuzz), so a fuzzy match never outranks a real one.

Every function here takes any text a user may type and answers without raising: a query is
input, not data that has been checked.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ko_pron import romanise
from rapidfuzz import fuzz, process

# A word: letters and digits, apostrophes inside (Ch'oe), not the possessive 's.
TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’ʼ‘`](?=[^\W_])(?![sS]\b))*")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘`")
# How the OCR prints the syllable "Il": capital i for lower-case L, the digit one, T for I.
_OCR_IL = frozenset({"ii", "11", "i1", "1i", "ti", "tl", "l1", "1l", "ll", "il", "it"})
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# ko-pron reads precomposed syllables only: loose jamo (ㄱ, ㅏ) or other characters make it raise
_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]+")

# Spellings of one surname in McCune–Reischauer (with and without apostrophes), Revised
# Romanization, North Korean usage and common Western forms. The first is the key.
SURNAME_FAMILIES = [
    "yi i ri lee rhee li rii",
    "pak bak park bahk",
    "kim gim",
    "choe choi chwe choy",
    "chong jeong chung jung cheong",
    "chon jeon chun jun",
    "cho jo",
    "chu ju joo",
    "chang jang",
    "ho heo hur huh",
    "pang bang",
    "yun yoon",
    "so seo suh",
    "yim im lim rim",
    "ki gi",
    "kang gang",
    "hyon hyeon hyun",
    "o oh",
    "paek baek paik",
    "sok seok",
    "sol seol",
    "kwon gwon",
    "ko go",
    "mun moon",
    "an ahn",
    "yu ryu yoo you lyu",
    "chin jin",
    "sin shin",
    "no roh noh",
    "sim shim",
    "ku gu koo",
    "kwak gwak",
    "chi ji",
    "chae",
    "om eom",
    "u woo",
]
_SURNAME = {v: family.split()[0] for family in SURNAME_FAMILIES for v in family.split()}
TWO_SYLLABLE_SURNAMES = frozenset({"남궁", "제갈", "선우", "독고", "황보", "사공", "서문"})


@lru_cache(maxsize=65536)  # a text has far fewer distinct words than words
def fold_token(token: str) -> str:
    """One word, folded: no case, breves or apostrophes; the OCR's forms of `Il` read as `il`."""
    decomposed = unicodedata.normalize("NFKD", token)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", bare).translate(_APOSTROPHES).casefold()
    return "il" if folded in _OCR_IL else folded


def tokens(form: str) -> list[str]:
    return [fold_token(m.group()) for m in TOKEN.finditer(form)]


def name_key(form: str) -> str:
    """A key equal for `Ch'oe Ch'ang-ik`, `Choe Chang-ik`, `Ch’oe Ch’angik` and `choe changik`,
    and for `Kim Il Sung`, `Kim Il-sung`, `Kim Ilsung` and the OCR's `Kim II Sung`."""
    return "".join(tokens(form))


def surname_key(form: str) -> str:
    """Like :func:`name_key`, with the surname replaced by its family's first spelling, so that
    `Ri Sung-yop`, `Lee Sung-yop` and `Yi Sung-yop` share a key. Hangul stays as it is."""
    words = tokens(form)
    if len(words) < 2 or _HANGUL.search(form):
        return "".join(words)
    return _SURNAME.get(words[0], words[0]) + "".join(words[1:])


def _split_hangul(name: str) -> tuple[str, str]:
    """Surname and given name of a hangul name without spaces; the given name may be empty."""
    cut = 2 if name[:2] in TWO_SYLLABLE_SURNAMES else 1
    return name[:cut], name[cut:]


def has_given_name(form: str) -> bool:
    """Whether `form` goes beyond a surname: `Kim Tu`, `김두` do; `Kim`, `김`, `남궁` do not."""
    words = tokens(form)
    if len(words) != 1:
        return len(words) > 1
    return _HANGUL_NAME.fullmatch(words[0]) is not None and bool(_split_hangul(words[0])[1])


def _given(given: str, system: str) -> str:
    """A hangul given name romanized and hyphenated after its first syllable, keeping the
    sound changes inside the name that the library applies (두봉 → tu-bong)."""
    if not given:
        return ""
    whole = str(romanise(given, system)).replace("-", "")
    first = str(romanise(given[0], system))
    if len(given) > 1 and whole.startswith(first) and len(whole) > len(first):
        return f"{whole[: len(first)]}-{whole[len(first) :]}"
    return whole


def romanize(hangul: str) -> dict[str, str]:
    """`{"mr": "Pak Hŏn-yŏng", "rr": "Bak Heon-yeong"}` for `박헌영`, `{"mr": "Kim", "rr": "Gim"}`
    for a surname alone, and `{}` for text that is not a name in hangul syllables (spaces aside).
    The surname 이 is given as `Yi` in McCune–Reischauer, as the texts write it."""
    return dict(_romanized(hangul))


@lru_cache(maxsize=65536)  # ko-pron takes some 35 µs a name, and names recur
def _romanized(hangul: str) -> tuple[tuple[str, str], ...]:
    name = "".join(hangul.split())
    if not _HANGUL_NAME.fullmatch(name):
        return ()
    surname, given = _split_hangul(name)
    out = []
    for system in ("mr", "rr"):
        family = romanise(surname, system)
        if system == "mr" and surname in ("이", "리"):
            family = "yi" if surname == "이" else "ri"
        out.append((system, f"{family.capitalize()} {_given(given, system).capitalize()}".strip()))
    return tuple(out)


@dataclass(frozen=True)
class NameForm:
    """One form of a person's name as the index knows it."""

    person_id: str
    form: str
    scheme: str


@dataclass(frozen=True)
class Match:
    """A person a query may mean, with the form that matched, how, and a score out of 100."""

    person_id: str
    form: str
    scheme: str
    how: str  # exact, normalised, variant, romanized, prefix or fuzzy
    score: float


SCORES = {"exact": 100.0, "normalised": 98.0, "variant": 95.0, "romanized": 93.0}
PREFIX_TOP = 90.0  # a prefix match scores this, less a little for each letter it leaves to type
PREFIX_FLOOR = 86.0
FUZZY_TOP = 85.0  # a fuzzy match scores at most this
FUZZY_CUTOFF = 75.0  # rapidfuzz similarity below which a form is not a candidate at all


class NameIndex:
    """Every name form of every person, with lookups that take well under a millisecond."""

    def __init__(self, forms: Iterable[NameForm]) -> None:
        self.forms = list(forms)
        self.exact: dict[str, list[NameForm]] = defaultdict(list)
        self.by_key: dict[str, list[NameForm]] = defaultdict(list)
        self.by_variant: dict[str, list[NameForm]] = defaultdict(list)
        for f in self.forms:
            self.exact[f.form.casefold()].append(f)
            self.by_key[name_key(f.form)].append(f)
            self.by_variant[surname_key(f.form)].append(f)
        self.keys = sorted(self.by_key)
        self.variant_keys = list(self.by_variant)

    def _add(self, found: dict[str, Match], forms: list[NameForm], how: str, score: float) -> None:
        for f in forms:
            best = found.get(f.person_id)
            if best is None or score > best.score:
                found[f.person_id] = Match(f.person_id, f.form, f.scheme, how, round(score, 1))

    def search(self, query: str, limit: int = 10, fuzzy: bool = True) -> list[Match]:
        """The persons `query` may name, best first; one match per person."""
        query = " ".join(query.split())
        key, variant = name_key(query), surname_key(query)
        if not key:
            return []
        found: dict[str, Match] = {}
        self._add(found, self.exact.get(query.casefold(), []), "exact", SCORES["exact"])
        self._add(found, self.by_key.get(key, []), "normalised", SCORES["normalised"])
        self._add(found, self.by_variant.get(variant, []), "variant", SCORES["variant"])
        if _HANGUL.search(query):
            for spelled in romanize(query).values():
                self._add(
                    found,
                    self.by_variant.get(surname_key(spelled), []),
                    "romanized",
                    SCORES["romanized"],
                )
        # autocomplete: forms whose key starts with the query's, from two letters or one hangul
        # syllable (a syllable says as much as a romanized surname: 김 is Kim)
        if len(key) >= 2 or _HANGUL_NAME.fullmatch(key):
            start = bisect.bisect_left(self.keys, key)
            for k in self.keys[start:]:
                if not k.startswith(key):
                    break
                if k != key:
                    score = max(PREFIX_FLOOR, PREFIX_TOP - 0.25 * (len(k) - len(key)))
                    self._add(found, self.by_key[k], "prefix", score)
        if fuzzy and len(found) < limit:
            for k, similarity, _ in process.extract(
                variant,
                self.variant_keys,
                scorer=fuzz.ratio,
                limit=limit,
                score_cutoff=FUZZY_CUTOFF,
            ):
                self._add(found, self.by_variant[k], "fuzzy", FUZZY_TOP * similarity / 100)
        ranked = sorted(found.values(), key=lambda m: (-m.score, m.form))
        return ranked[:limit]

    def nearest(self, query: str, limit: int = 3) -> list[NameForm]:
        """The forms closest to `query`, however far: suggestions when nothing matches."""
        picks = process.extract(
            surname_key(query), self.variant_keys, scorer=fuzz.ratio, limit=limit
        )
        return [self.by_variant[k][0] for k, _, _ in picks]
