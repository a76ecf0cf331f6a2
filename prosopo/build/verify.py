"""Checking every citation against the texts: the passage exists and names the person.

A citation of a paragraph holds when the paragraph, or one of the endnotes it cites, mentions
the person the assertion is about. A citation of an endnote holds when the note, or a paragraph
that cites the note, mentions the person (a note often names only the documents behind the
paragraph). A citation of a section or chapter holds when any passage in it does. Citations of
events and organisations are about no one person: they only need to name a passage that exists.

A note may point a reader to a passage (`read as Yan'an per 1.3.15`): such a locator, written
inside the note of an assertion that cites a book, names a passage of that book that exists,
and one that names the person unless the assertion cites it (a passage that only dates or
frames the assertion belongs under `context`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from prosopo.build.load import Dataset, Entry
from prosopo.build.texts.mentions import NameMatcher
from prosopo.build.texts.segment import Passage
from prosopo.build.texts.sources import SourceText
from prosopo.locators import split_citation


@dataclass(frozen=True, order=True)
class Failure:
    """A citation that does not hold, and where it is written."""

    origin: str  # data file and line
    citation: str
    problem: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.citation}: {self.problem}"


def person_forms(ds: Dataset) -> dict[str, list[str]]:
    """Every name form of every person in the data."""
    return {p.record.id: [n.form for n in p.record.names] for p in ds.persons}


class _Corpus:
    """The passages of the texts, who each mentions, and how notes and paragraphs link."""

    def __init__(self, texts: Mapping[str, SourceText], matcher: NameMatcher) -> None:
        self.passages: dict[tuple[str, str], Passage] = {}
        self.mentions: dict[tuple[str, str], set[str]] = {}
        self.citing: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.within: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for source_id, text in texts.items():
            for p in text.passages():
                key = (source_id, p.locator)
                self.passages[key] = p
                self.mentions[key] = {
                    person for m in matcher.find(p.text) for person in m.person_ids
                }
                parts = p.locator.split(".")
                for i in range(1, len(parts)):
                    self.within[(source_id, ".".join(parts[:i]))].append(key)
        for key in self.passages:
            for note in self.notes_of(key):
                self.citing[note].append(key)

    def notes_of(self, key: tuple[str, str]) -> list[tuple[str, str]]:
        p = self.passages[key]
        prefix = f"{p.chapter}.n" if p.chapter is not None else "n"
        return [
            (key[0], f"{prefix}{n}") for n in p.notes if (key[0], f"{prefix}{n}") in self.passages
        ]

    def support(self, key: tuple[str, str]) -> list[tuple[str, str]] | None:
        """The passages whose mentions can support a citation of `key`; None if none exist."""
        if key in self.passages:
            p = self.passages[key]
            linked = self.notes_of(key) if p.kind == "paragraph" else self.citing[key]
            return [key, *linked]
        if key in self.within:
            return self.within[key]
        return None


def verify(ds: Dataset, texts: Mapping[str, SourceText]) -> list[Failure]:
    """Every citation in the data that names no passage of the texts, or a passage that does
    not mention the person its assertion is about."""
    corpus = _Corpus(texts, NameMatcher(person_forms(ds)))
    names = {p.record.id: p.record.name for p in ds.persons}
    failures: list[Failure] = []

    def check(
        entry: Entry[Any],
        cites: Iterable[str],
        person: str | None,
        *path: str | int,
        field: str = "cite",
    ) -> Iterator[Failure]:
        for i, cite in enumerate(cites):
            source, locator = split_citation(cite)
            if source not in texts:
                continue
            origin = entry.origin(*path, field, i)
            support = corpus.support((source, locator))
            if support is None:
                yield Failure(origin, cite, "no such passage in the text")
            elif person is not None and not any(person in corpus.mentions[k] for k in support):
                where = "passage" if (source, locator) in corpus.passages else "section"
                yield Failure(
                    origin,
                    cite,
                    f"the {where} does not mention {names.get(person, person)} ({person})",
                )

    for org in ds.organisations:
        failures += check(org, org.record.cite, None)
    for event in ds.events:
        failures += check(event, event.record.cite, None)
    for person in ds.persons:
        for i, name in enumerate(person.record.names):
            failures += check(person, name.cite, person.record.id, "names", i)
    books = {s.record.id for s in ds.sources if s.record.structure == "chapters"}
    for group in (ds.memberships, ds.holdings, ds.purges):
        for entry in group:
            failures += check(entry, entry.record.cite, entry.record.person)
            failures += check(entry, entry.record.context, None, field="context")
            failures += _note_locators(entry, books, corpus, names)
    return sorted(failures)


# a book's paragraph (4.2.8) or endnote (4.n23), as a note may write it
_IN_NOTE = re.compile(r"(?<![\d.])(\d{1,2}\.(?:\d{1,2}\.\d{1,3}|n\d{1,3}))(?![\d.]*\d)")


def _note_locators(
    entry: Entry[Any], books: set[str], corpus: _Corpus, names: Mapping[str, str]
) -> Iterator[Failure]:
    """The passages a note points to, in the book the assertion first cites: each exists and
    names the person, as a citation would."""
    note = entry.record.note
    if not note:
        return
    source, _ = split_citation(entry.record.cite[0])
    if source not in books:
        return
    person = entry.record.person
    cited = {split_citation(c) for c in [*entry.record.cite, *entry.record.context]}
    for locator in _IN_NOTE.findall(note):
        support = corpus.support((source, locator))
        if support is not None and (source, locator) in cited:
            continue  # a passage the entry cites: checked as a citation
        origin = entry.origin("note")
        if support is None:
            yield Failure(origin, f"note: {locator}", f"no such passage in {source}")
        elif not any(person in corpus.mentions[k] for k in support):
            yield Failure(
                origin,
                f"note: {locator}",
                f"the passage does not mention {names.get(person, person)} ({person})",
            )
