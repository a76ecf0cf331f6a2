"""The citation locator scheme: how a citation names a place in a source that has no pages.

``szalontai-2005``: ``4`` (chapter), ``4.2`` (section 2 of chapter 4; section 0 is the opening
before the first heading), ``4.2.8`` (paragraph 8 of that section), ``4.n23`` (endnote 23 of
chapter 4). ``koh-1965``: ``12`` (paragraph 12 of the article), ``n5`` (footnote 5).

A reference page or a document (structure ``sections``) is cited by a path of parts joined by
``/``: the section, table or box first (``Members``, ``Lead``, ``Infobox``), then the row as the
page prints it (the office, and the name where the office has several rows), or ``¶N`` for a
paragraph (``¶ on the June 1949 merger`` where its number could not be counted):
``Members/Vice Premier of the Cabinet/Hong Myong-hui``.
docs/data.md explains how a reader follows each form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_CITATION = re.compile(r"^(?P<source>[a-z0-9-]+):(?P<locator>\S(?:.*\S)?)$")
_BOOK = re.compile(
    r"^(?P<chapter>\d+)(?:\.(?:n(?P<note>\d+)|(?P<section>\d+)(?:\.(?P<paragraph>\d+))?))?$"
)
_ARTICLE = re.compile(r"^(?:n(?P<note>\d+)|(?P<paragraph>\d+))$")
# a paragraph: its number, or where the stored page could not be counted, its subject in words
_PARAGRAPH = re.compile(r"^¶(?:[1-9]\d*| \S.*)$")
LOCATOR_LENGTH = 200  # the longest locator a citation may have (the database column's size)


class LocatorError(ValueError):
    """A citation or locator that does not follow the scheme."""


@dataclass(frozen=True)
class Locator:
    """A parsed locator; the fields a scheme does not use are None."""

    text: str
    chapter: int | None = None
    section: int | None = None
    paragraph: int | None = None
    note: int | None = None
    path: tuple[str, ...] = ()  # a page's section, then its row or paragraph

    def describe(self) -> str:
        """The locator in words a reader can follow: 'ch. 4, § 2, ¶ 8', 'ch. 4, n. 23', or
        for a page 'Members › Premier of the Cabinet'."""
        if self.path:
            return " › ".join(self.path)
        parts = []
        if self.chapter is not None:
            parts.append(f"ch. {self.chapter}")
        if self.section is not None:
            parts.append("opening" if self.section == 0 else f"§ {self.section}")
        if self.paragraph is not None:
            parts.append(f"¶ {self.paragraph}")
        if self.note is not None:
            parts.append(f"n. {self.note}")
        return ", ".join(parts)


@lru_cache(maxsize=65536)  # the same passages are cited again and again
def parse_locator(text: str, structure: str) -> Locator:
    """Parse a locator for a source whose structure is 'chapters', 'paragraphs' or
    'sections'."""
    if structure == "sections":
        return _page_locator(text)
    if structure == "chapters":
        m = _BOOK.match(text)
        if not m:
            raise LocatorError(
                f"locator {text!r} is not chapter[.section[.paragraph]] or chapter.nN"
            )
    else:
        m = _ARTICLE.match(text)
        if not m:
            raise LocatorError(f"locator {text!r} is not a paragraph number or nN")
    values = {k: int(v) for k, v in m.groupdict().items() if v is not None}
    if any(v == 0 for k, v in values.items() if k != "section"):
        raise LocatorError(f"locator {text!r}: chapters, paragraphs and notes count from 1")
    return Locator(
        text,
        chapter=values.get("chapter"),
        section=values.get("section"),
        paragraph=values.get("paragraph"),
        note=values.get("note"),
    )


@lru_cache(maxsize=65536)
def split_citation(text: str) -> tuple[str, str]:
    """Split 'szalontai-2005:4.2.8' into its source id and locator."""
    m = _CITATION.match(text.strip())
    if not m:
        raise LocatorError(f"citation {text!r} is not SOURCE:LOCATOR (e.g. szalontai-2005:4.2.8)")
    return m.group("source"), m.group("locator")


def _page_locator(text: str) -> Locator:
    if len(text) > LOCATOR_LENGTH:
        raise LocatorError(f"locator {text[:40]!r}… is longer than {LOCATOR_LENGTH} characters")
    path = tuple(part.strip() for part in text.split("/"))
    if any(not part for part in path) or any(
        part != raw for part, raw in zip(path, text.split("/"), strict=True)
    ):
        raise LocatorError(
            f"locator {text!r} is not Section/Row (parts joined by '/', none empty, no spaces"
            " around them)"
        )
    if len(path) > 4:
        raise LocatorError(f"locator {text!r} has more than four parts")
    for part in path[1:]:
        if part.startswith("¶") and not _PARAGRAPH.match(part):
            raise LocatorError(
                f"locator {text!r}: a paragraph is written ¶N (counting from 1) or ¶ and its"
                " subject in words"
            )
    return Locator(text, path=path)


_UNSAFE = re.compile(r"[^a-z0-9\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff.:]+")


def citation_key(cite: str) -> str:
    """A citation as an id can carry it in a URL path: a page's locator (`Members/Premier of
    the Cabinet`) in lower case, its parts joined by `.`, other characters by `-`; a text's
    locator (`4.2.8`) is already safe and stays as it is."""
    lowered = cite.replace("/", ".").replace("¶", "p").casefold()
    return ".".join(_UNSAFE.sub("-", part).strip("-") for part in lowered.split("."))
