"""Which sources an answer draws on.

Every source has a kind. The two texts the database began with are a `monograph` and an
`article`, read in full from their files; the official record beside them comes from
`reference` works (encyclopedia articles and compilations of office-holders, read as published
pages) and `document`s (primary records: an announcement, a translated archival document).

A question about offices may be asked of a *scope*, a fixed set of kinds: `all` of them (the
default), the `texts` alone ("what do the texts themselves say"), or the official `record`
alone. An assertion belongs to a scope when one of the citations that state it (not those that
only give context) comes from a source of the scope's kinds; tenures and their years are derived
once per scope at build time, from the assertions of that scope only.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum


class SourceKind(StrEnum):
    monograph = "monograph"
    article = "article"
    reference = "reference"
    document = "document"


# The kinds read in full from a file of the source text, with passages, mentions and `verify`.
TEXT_KINDS = frozenset({SourceKind.monograph, SourceKind.article})


class Scope(StrEnum):
    """The sources a question is answered from."""

    all = "all"
    texts = "texts"
    record = "record"


KINDS: dict[Scope, frozenset[SourceKind]] = {
    Scope.all: frozenset(SourceKind),
    Scope.texts: TEXT_KINDS,
    Scope.record: frozenset({SourceKind.reference, SourceKind.document}),
}

DESCRIPTION: dict[Scope, str] = {
    Scope.all: "every source",
    Scope.texts: "the two texts alone (the monograph and the article)",
    Scope.record: "the official record alone (reference works and documents)",
}


def scopes_of(kinds: Collection[str]) -> list[Scope]:
    """The scopes an assertion stated by sources of these kinds belongs to."""
    return [scope for scope, allowed in KINDS.items() if not allowed.isdisjoint(kinds)]
