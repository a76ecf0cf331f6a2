"""What the texts name that the data do not yet hold: the curators' to-do list.

`coverage` lists, chapter by chapter, the persons of the data that the chapter mentions (with how
many assertions each has), the Korean names that no person accounts for, and the names left
out on purpose (data/excluded.yaml, each with its reason). `proposals` picks sentences where a
mentioned person stands beside a post title or a purge verb and a year: leads for a curator to
read, never data until a curator writes a cited assertion.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prosopo.build.load import Dataset
from prosopo.build.texts.korean import korean_names
from prosopo.build.texts.mentions import NameMatcher
from prosopo.build.texts.segment import Passage
from prosopo.build.texts.sources import SourceText
from prosopo.build.verify import person_forms
from prosopo.names import name_key

PURGE_VERBS = re.compile(
    r"\b(purg\w*|expel\w*|expulsion|dismiss\w*|remov\w*|oust\w*|arrest\w*|execut\w*|demot\w*"
    r"|fled|flee\w*|escap\w*|criticiz\w*|criticis\w*|rehabilitat\w*|readmit\w*|sentenc\w*"
    r"|tried|trial|replac\w*|lost|deprived|liquidat\w*|imprison\w*)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b19[3-7]\d\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“])")


@dataclass
class PersonCoverage:
    person_id: str
    name: str
    locators: list[str] = field(default_factory=list)
    assertions: int = 0  # memberships, holdings and purges in the data


@dataclass
class NameCount:
    name: str
    locators: list[str] = field(default_factory=list)
    reason: str | None = None  # why it is left out, for an excluded name


@dataclass
class ChapterCoverage:
    source: str
    chapter: int | None
    persons: list[PersonCoverage]
    missing: list[NameCount]  # Korean names no person accounts for and nobody excluded
    excluded: list[NameCount]


def _chapters(passages: list[Passage]) -> dict[int | None, list[Passage]]:
    grouped: dict[int | None, list[Passage]] = defaultdict(list)
    for p in passages:
        grouped[p.chapter].append(p)
    return grouped


def coverage(ds: Dataset, texts: Mapping[str, SourceText]) -> list[ChapterCoverage]:
    """Per source and chapter: persons mentioned, names missing, names excluded."""
    matcher = NameMatcher(person_forms(ds))
    names = {p.record.id: p.record.name for p in ds.persons}
    assertions = Counter(
        e.record.person for group in (ds.memberships, ds.holdings, ds.purges) for e in group
    )
    excluded = {name_key(e.record.name): e.record.reason for e in ds.excluded}
    report = []
    for source_id in sorted(texts):
        for chapter, passages in sorted(
            _chapters(texts[source_id].passages()).items(), key=lambda kv: kv[0] or 0
        ):
            persons: dict[str, PersonCoverage] = {}
            unmatched: dict[str, NameCount] = {}
            for p in passages:
                mentions = matcher.find(p.text)
                for person in (person for m in mentions for person in m.person_ids):
                    entry = persons.setdefault(
                        person, PersonCoverage(person, names[person], [], assertions[person])
                    )
                    _add(entry.locators, p.locator)
                for candidate in _unmatched(p.text, mentions):
                    key = name_key(candidate.name)
                    named = unmatched.setdefault(
                        key, NameCount(candidate.name, [], excluded.get(key))
                    )
                    _add(named.locators, p.locator)
            missing = (n for n in unmatched.values() if n.reason is None)
            left_out = (n for n in unmatched.values() if n.reason)
            report.append(
                ChapterCoverage(
                    source_id,
                    chapter,
                    sorted(persons.values(), key=lambda e: e.name),
                    sorted(missing, key=lambda n: n.name),
                    sorted(left_out, key=lambda n: n.name),
                )
            )
    return report


def _add(locators: list[str], locator: str) -> None:
    if locator not in locators:
        locators.append(locator)


def _unmatched(text: str, mentions: Sequence[Any]) -> Iterator[Any]:
    """The Korean names in `text` that no mention of a known person covers."""
    for candidate in korean_names(text):
        if not any(m.start < candidate.end and candidate.start < m.end for m in mentions):
            yield candidate


@dataclass(frozen=True)
class Proposal:
    """A sentence that may hold a post or a purge of a person the data know."""

    source: str
    locator: str
    person_id: str
    cues: str  # the post titles, purge words and years found in the sentence
    cited: bool  # the data already cite this passage for this person
    sentence: str


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.start() + 1
        start = m.end()
    yield start, len(text)


def proposals(ds: Dataset, texts: Mapping[str, SourceText]) -> list[Proposal]:
    """Sentences naming a known person together with (a post title or a purge verb) and a year."""
    matcher = NameMatcher(person_forms(ds))
    titles = sorted(
        {
            label.casefold()
            for post in ds.posts
            for label in (post.record.title, *post.record.labels)
            if len(label) > 3
        },
        key=len,
        reverse=True,
    )
    title_pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in titles) + r")\b", re.I)
    cited = {
        (entry.record.person, cite)
        for group in (ds.memberships, ds.holdings, ds.purges)
        for entry in group
        for cite in [*entry.record.cite, *entry.record.context]
    }
    found = []
    for source_id in sorted(texts):
        for p in texts[source_id].passages():
            mentions = matcher.find(p.text)
            if not mentions:
                continue
            for begin, end in _sentences(p.text):
                sentence = p.text[begin:end]
                years = YEAR.findall(sentence)
                cues = [m.group() for m in title_pattern.finditer(sentence)]
                cues += [m.group() for m in PURGE_VERBS.finditer(sentence)]
                if not years or not cues:
                    continue
                people = {
                    person for m in mentions if begin <= m.start < end for person in m.person_ids
                }
                for person in sorted(people):
                    found.append(
                        Proposal(
                            source_id,
                            p.locator,
                            person,
                            ", ".join(dict.fromkeys([*cues, *years])),
                            (person, f"{source_id}:{p.locator}") in cited,
                            " ".join(sentence.split()),
                        )
                    )
    return found
