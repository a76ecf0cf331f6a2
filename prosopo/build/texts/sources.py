"""Finding the source texts and making sure they are the editions the data cite.

The texts are copyrighted and never part of the repository: they are read from the folder that
PROSOPO_SOURCES names. Each file must have the sha256 its source record gives, since every
locator in data/ counts paragraphs of exactly that file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from prosopo.build.texts.segment import Passage, segment_monograph


class SourceUnavailable(Exception):
    """The texts cannot be read; the message says why, for a tool that needs them."""


class SourceMismatch(SourceUnavailable):
    """A file is there but is not the edition the data were curated from."""


class SourceRecordLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def file(self) -> str | None: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def structure(self) -> str: ...


@dataclass(frozen=True)
class SourceText:
    """A verified source text."""

    id: str
    structure: str  # "chapters" (the monograph) or "paragraphs" (the article)
    text: str

    def passages(self) -> list[Passage]:
        """The text cut into passages with locators (see docs/data.md)."""
        if self.structure == "chapters":
            return segment_monograph(self.id, self.text)
        from prosopo.build.texts.article import segment_article

        return segment_article(self.id, self.text)


def read_sources(folder: Path | None, records: Iterable[SourceRecordLike]) -> dict[str, SourceText]:
    """Every source text (the sources read from a file: not the pages of the official record),
    checked against its sha256; raise SourceUnavailable if one cannot be."""
    if folder is None:
        raise SourceUnavailable(
            "PROSOPO_SOURCES is not set: point it at the folder holding the source texts"
        )
    if not folder.is_dir():
        raise SourceUnavailable(f"PROSOPO_SOURCES={folder} is not a folder")
    texts = {}
    for record in records:
        if record.file is None:
            continue
        path = folder / record.file
        if not path.is_file():
            raise SourceUnavailable(f"{path} is missing (source {record.id})")
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != record.sha256:
            raise SourceMismatch(
                f"{path} has sha256 {digest}, but source {record.id} expects {record.sha256}:"
                " it is not the edition the data were curated from, so its locators would not"
                " match"
            )
        texts[record.id] = SourceText(record.id, record.structure, raw.decode("utf-8"))
    return texts
