"""Permanent, readable ids for assertions.

A database row id changes whenever an entry is added above it, so the ids other tools keep (IPIF
statements and factoids, a disagreement's sides, a tenure's evidence) are made from what an
assertion is instead: `held:kim-il-sung:premier:koh-1965:2` is Kim Il Sung holding the post of
premier as first cited from paragraph 2 of Koh. Two entries that would get the same id are told
apart by `:2`, `:3` in data order; an entry may pin its id with `id:` in the data file.

Once published, an id never changes: `data/published-ids.txt` lists every id that has been
served, and a build fails (naming that file and line) when one of them no longer names an
assertion, which is the curator's cue to pin the old id on the entry that replaced it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from prosopo.build.records import PersonRecord
from prosopo.locators import citation_key
from prosopo.names import name_key, romanize

PUBLISHED = "published-ids.txt"


@dataclass(frozen=True)
class Claim:
    """One assertion asking for an id: the id it pins, or the base its derived id grows from."""

    origin: str  # file:line, which is unique per entry
    base: str
    pinned: bool


# letters of the pages' own scripts stay (hangul, kana, CJK ideographs): a locator in them
# would otherwise lose every letter
def derived(kind: str, person: str, subject: str, first_cite: str) -> str:
    """The id an assertion gets unless it pins one: kind, person, what, where first cited."""
    return f"{kind}:{person}:{subject}:{citation_key(first_cite)}"


@dataclass(frozen=True)
class NameForm:
    """One name form a build stores for a person, with its id."""

    id: str
    form: str
    scheme: str
    written: int | None  # its index among the person's names in the data; None: romanized
    from_hangul: int | None  # for a romanized form, the index of the hangul form it came from


def name_forms(person: PersonRecord) -> list[NameForm]:
    """The person's name forms as written, then the McCune–Reischauer and Revised Romanization
    spellings of each hangul form that the data do not already give (editorial, by ko-pron).
    A form's id is the person and the form's matching key, told apart by `:2` when two forms
    share a key (as a spelling with breves and one without do)."""
    out: list[NameForm] = []
    taken: set[str] = set()

    def next_id(form: str) -> str:
        base = candidate = f"name:{person.id}:{name_key(form)}"
        n = 1
        while candidate in taken:
            n += 1
            candidate = f"{base}:{n}"
        taken.add(candidate)
        return candidate

    known = {name_key(n.form) for n in person.names}
    for i, n in enumerate(person.names):
        out.append(NameForm(next_id(n.form), n.form, n.scheme, i, None))
    for i, n in enumerate(person.names):
        if n.scheme != "hangul":
            continue
        for scheme, form in romanize(n.form).items():
            if name_key(form) not in known:
                known.add(name_key(form))
                out.append(NameForm(next_id(form), form, scheme, None, i))
    return out


def assign(claims: Iterable[Claim]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Each claim's id by origin, and (origin, message) for every pinned id claimed twice.

    Pinned ids are taken first, so that a derived id never takes one and then moves."""
    claims = list(claims)
    ids: dict[str, str] = {}
    taken: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for c in claims:
        if not c.pinned:
            continue
        if c.base in taken:
            problems.append((c.origin, f"id {c.base!r} is already pinned at {taken[c.base]}"))
            continue
        taken[c.base] = c.origin
        ids[c.origin] = c.base
    for c in claims:
        if c.pinned:
            continue
        candidate, n = c.base, 1
        while candidate in taken:
            n += 1
            candidate = f"{c.base}:{n}"
        taken[candidate] = c.origin
        ids[c.origin] = candidate
    return ids, problems


def read_published(path: Path) -> list[tuple[int, str]]:
    """(line, id) for each id in the published list; blank lines and `#` comments skipped."""
    if not path.is_file():
        return []
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if text:
            out.append((number, text))
    return out


HEADER = """\
# Every assertion id prosopo has served. Never remove a line: a build fails when
# an id here no longer names an assertion (pin it with `id:` on the entry that
# replaced it). Add the ids of new entries with `prosopo publish-ids`.
"""


def write_published(path: Path, ids: Iterable[str]) -> int:
    """Add to the published list every id in `ids` it lacks; return how many were added.
    Nothing is ever removed: a published id stays published."""
    have = {id_ for _, id_ in read_published(path)}
    new = sorted(set(ids) - have)
    header = "" if path.exists() else HEADER
    if new or header:
        with path.open("a", encoding="utf-8") as out:
            out.write(header + "".join(f"{id_}\n" for id_ in new))
    return len(new)
