"""The text index kept in data/index/: what prosopo read in the texts, without their prose.

Three tab-separated files, regenerated from the texts by `prosopo reindex`:

- `passages.tsv`: every passage's locator, kind, first line and cited notes (not its section
  title: some titles quote a document at a length no-copy rightly refuses);
- `mentions.tsv`: every person mentioned in every passage, with the form printed there;
- `references.tsv`: the archival documents the monograph's endnotes cite.

They let a database built without the texts still know every passage a citation may name and
where each person is mentioned; with the texts present, the build adds the passages' text. A
test (run when the texts are present) keeps them equal to a fresh reading.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from prosopo.build.texts.mentions import NameMatcher
from prosopo.build.texts.segment import Passage

if TYPE_CHECKING:
    from prosopo.build.texts.references import ArchivalReference
    from prosopo.build.texts.sources import SourceText


@dataclass(frozen=True, order=True)
class PassageRow:
    source: str
    locator: str
    kind: str
    line: int
    notes: str  # the endnote numbers a paragraph cites, comma-separated


@dataclass(frozen=True, order=True)
class MentionRow:
    person: str
    source: str
    locator: str
    form: str
    count: int


@dataclass(frozen=True, order=True)
class ReferenceRow:
    source: str
    locator: str
    position: int  # order of the reference within its note, from 1
    issuer: str
    document_type: str
    date_text: str
    date: str
    series: str
    year: str
    box: str
    folder: str
    file_number: str


@dataclass
class TextIndex:
    passages: list[PassageRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    references: list[ReferenceRow] = field(default_factory=list)


FILES: dict[str, type[Any]] = {
    "passages.tsv": PassageRow,
    "mentions.tsv": MentionRow,
    "references.tsv": ReferenceRow,
}


def passage_row(p: Passage) -> PassageRow:
    return PassageRow(
        p.source_id,
        p.locator,
        p.kind,
        p.line,
        ",".join(str(n) for n in p.notes),
    )


def _reference_row(source: str, locator: str, position: int, r: ArchivalReference) -> ReferenceRow:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return ReferenceRow(
        source,
        locator,
        position,
        r.issuer,
        r.document_type,
        r.date_text,
        text(r.date),
        text(r.series),
        text(r.year),
        text(r.box),
        text(r.folder),
        text(r.file_number),
    )


def compute_index(texts: Mapping[str, SourceText], forms: Mapping[str, Iterable[str]]) -> TextIndex:
    """Read the texts: passages, the mentions of the persons whose name `forms` are given,
    and the archival references of the endnotes."""
    from prosopo.build.texts.references import parse_references

    matcher = NameMatcher(forms)
    index = TextIndex()
    for source_id in sorted(texts):
        for p in texts[source_id].passages():
            index.passages.append(passage_row(p))
            found: Counter[tuple[str, str]] = Counter()
            for mention in matcher.find(p.text):
                for person in mention.person_ids:
                    found[(person, " ".join(mention.form.split()))] += 1
            index.mentions += [
                MentionRow(person, source_id, p.locator, form, n)
                for (person, form), n in found.items()
            ]
            if p.kind == "note":
                index.references += [
                    _reference_row(source_id, p.locator, i, r)
                    for i, r in enumerate(parse_references(p.text), 1)
                ]
    index.passages.sort(key=_passage_order)
    index.mentions.sort()
    index.references.sort(key=lambda r: (_locator_order(r.source, r.locator), r.position))
    return index


def _locator_order(source: str, locator: str) -> tuple[str, tuple[int, ...], int]:
    """Reading order: paragraphs by chapter, section, paragraph; notes after, by number."""
    is_note = ".n" in locator or locator.startswith("n")
    numbers = tuple(int(part) for part in locator.replace("n", "").split(".") if part)
    return (source, numbers if not is_note else (10_000, *numbers), int(is_note))


def _passage_order(row: PassageRow) -> tuple[str, tuple[int, ...], int]:
    return _locator_order(row.source, row.locator)


def write_index(index: TextIndex, folder: Path) -> None:
    """Write the three files, sorted, so that a regenerated index diffs cleanly."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("passages.tsv", index.passages),
        ("mentions.tsv", index.mentions),
        ("references.tsv", index.references),
    ):
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter="\t", lineterminator="\n")
            writer.writerow([f.name for f in fields(FILES[name])])
            writer.writerows(astuple(row) for row in rows)


R = TypeVar("R")


class IndexFileError(ValueError):
    """A malformed index file; `line` is 1-based."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(message)
        self.file, self.line = file, line


def _read(path: Path, kind: type[R]) -> list[tuple[int, R]]:
    names = [f.name for f in fields(kind)]  # type: ignore[arg-type]
    types = [f.type for f in fields(kind)]  # type: ignore[arg-type]
    rows: list[tuple[int, R]] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader, None)
        if header != names:
            raise IndexFileError(path.name, 1, f"expected the columns {', '.join(names)}")
        for number, values in enumerate(reader, start=2):
            if len(values) != len(names):
                raise IndexFileError(path.name, number, f"expected {len(names)} columns")
            try:
                converted = [
                    int(v) if t in ("int", int) else v for v, t in zip(values, types, strict=True)
                ]
            except ValueError:
                raise IndexFileError(path.name, number, "a number column holds text") from None
            rows.append((number, kind(*converted)))
    return rows


def read_index(folder: Path) -> dict[str, list[tuple[int, Any]]] | None:
    """The rows of each index file with their line numbers, or None when there is no index."""
    if not (folder / "passages.tsv").is_file():
        return None
    return {
        name: _read(folder / name, kind)
        for name, kind in FILES.items()
        if (folder / name).is_file()
    }
