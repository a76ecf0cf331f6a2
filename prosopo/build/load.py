"""Read and check the data files under data/, reporting every problem as `file:line: what`.

Nothing is written to a database here: :func:`load_data` returns a :class:`Dataset` only when
every file is well-formed and every reference between entries resolves, so a bad file can never
leave a half-built database behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from prosopo.build import bulk, keys, yamlfile
from prosopo.build.records import (
    AssertionFile,
    ConflictRecord,
    DisagreementRecord,
    EventKindRecord,
    EventRecord,
    ExcludedRecord,
    FactionRecord,
    HoldingRecord,
    IdentificationRecord,
    MembershipRecord,
    OrganisationRecord,
    PersonRecord,
    PostRecord,
    PurgeKindRecord,
    PurgeRecord,
    SourceRecord,
    TermRecord,
    fuzzy,
)
from prosopo.build.texts.index import (
    IndexFileError,
    MentionRow,
    PassageRow,
    ReferenceRow,
    read_index,
)
from prosopo.build.yamlfile import Map, Seq, YAMLSyntaxError
from prosopo.dates import certainly_after
from prosopo.locators import LocatorError, parse_locator, split_citation

R = TypeVar("R")


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line == 0:  # the problem is the file as a whole
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class DataErrors(Exception):
    """The data files have problems; `errors` lists every one, in file and line order."""

    def __init__(self, errors: Iterable[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def _line_of(node: Any, path: Iterable[str | int]) -> int:
    """The 1-based line of the deepest element of `path` that can be found under `node`."""
    line: int = node.line if isinstance(node, Map | Seq) else 0
    for step in path:
        if isinstance(node, Map) and step in node:
            line = node.lines[step]
            node = node[step]
        elif isinstance(node, Seq) and isinstance(step, int) and step < len(node):
            line = node.lines[step]
            node = node[step]
        else:
            break
    return line + 1


@lru_cache(maxsize=2)
def _document(path: Path, modified: float) -> Any:
    """A data file read again, to find the line of a field (an error's, most often): entries
    keep only their own line, not the whole tree they came from."""
    return yamlfile.load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True, slots=True)
class Entry(Generic[R]):
    """A validated record and where it was written: the file (as shown, and its path), the
    entry's place in the file's document and its first line, and the lines of the items of the
    lists the build needs to cite (a person's names)."""

    record: R
    file: str
    path: Path = field(repr=False, compare=False)
    where: tuple[str | int, ...] = field(repr=False, compare=False)
    first: int = field(repr=False, compare=False)  # 1-based
    items: dict[str, tuple[int, ...]] = field(repr=False, compare=False)

    def line(self, *path: str | int) -> int:
        if not path:
            return self.first
        if len(path) == 2 and isinstance(path[1], int) and isinstance(path[0], str):
            lines = self.items.get(path[0])
            if lines is not None and path[1] < len(lines):
                return lines[path[1]]
        try:
            document = _document(self.path, self.path.stat().st_mtime)
        except (OSError, yamlfile.YAMLSyntaxError):
            return self.first
        return _line_of(document, (*self.where, *path))

    def origin(self, *path: str | int) -> str:
        return f"{self.file}:{self.line(*path)}"

    def error(self, message: str, *path: str | int) -> DataError:
        return DataError(self.file, self.line(*path), message)


# the lists a file of assertions may hold
_ASSERTION_LISTS = frozenset(f.name for f in fields(AssertionFile))

# the list fields whose items' lines an entry keeps (the build cites each name's line)
_ITEM_LINES = ("names",)
_NO_ITEMS: dict[str, tuple[int, ...]] = {}


@dataclass
class Dataset:
    """Everything in data/, checked."""

    sources: list[Entry[SourceRecord]] = field(default_factory=list)
    factions: list[Entry[FactionRecord]] = field(default_factory=list)
    organisations: list[Entry[OrganisationRecord]] = field(default_factory=list)
    posts: list[Entry[PostRecord]] = field(default_factory=list)
    terms: list[Entry[TermRecord]] = field(default_factory=list)
    purge_kinds: list[Entry[PurgeKindRecord]] = field(default_factory=list)
    event_kinds: list[Entry[EventKindRecord]] = field(default_factory=list)
    persons: list[Entry[PersonRecord]] = field(default_factory=list)
    events: list[Entry[EventRecord]] = field(default_factory=list)
    memberships: list[Entry[MembershipRecord]] = field(default_factory=list)
    holdings: list[Entry[HoldingRecord]] = field(default_factory=list)
    purges: list[Entry[PurgeRecord]] = field(default_factory=list)
    excluded: list[Entry[ExcludedRecord]] = field(default_factory=list)
    disagreements: list[Entry[DisagreementRecord]] = field(default_factory=list)
    conflicts: list[Entry[ConflictRecord]] = field(default_factory=list)
    identifications: list[Entry[IdentificationRecord]] = field(default_factory=list)
    # each membership's, holding's and purge's permanent id, by origin (see prosopo.build.keys)
    ids: dict[str, str] = field(default_factory=dict, repr=False)
    # every assertion's permanent id (name forms too) -> the person it is about
    owners: dict[str, str] = field(default_factory=dict, repr=False)
    # each person's name forms as a build stores them (prosopo.build.keys)
    forms: dict[str, list[keys.NameForm]] = field(default_factory=dict, repr=False)

    # What data/index/ holds about the texts (see prosopo.build.texts.index); empty without
    # an index.
    passages: list[PassageRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    references: list[ReferenceRow] = field(default_factory=list)
    has_index: bool = field(default=False, repr=False)
    # Ids of entries that failed validation, and files that could not be read at all, so that
    # one mistake is reported once and not again by every entry that refers to it.
    invalid_ids: set[str] = field(default_factory=set, repr=False)
    unreadable: set[str] = field(default_factory=set, repr=False)
    _term_of: dict[str, TermRecord] = field(default_factory=dict, repr=False)

    def holding_dates(self, holding: HoldingRecord) -> tuple[str | None, str | None]:
        """A holding's start and end: its own, or else its term's election and replacement."""
        term = self.term_of.get(holding.term or "")
        start = holding.start or (term.from_ if term else None)
        end = holding.end or (term.to if term else None)
        return start, end

    @property
    def term_of(self) -> dict[str, TermRecord]:
        if len(self._term_of) != len(self.terms):  # made once the terms are read
            self._term_of = {t.record.id: t.record for t in self.terms}
        return self._term_of

    def permanent_ids(self) -> set[str]:
        """Every assertion's permanent id: memberships, holdings, purges and name forms."""
        return set(self.owners)

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in self.__dataclass_fields__
            if name
            not in ("invalid_ids", "unreadable", "has_index", "ids", "owners", "forms", "_term_of")
        }


def _message(error: Any) -> str:
    """A pydantic error in words a curator understands, naming the field."""
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in error["loc"])
    where = where.replace(".[", "[")
    kind, msg = error["type"], error["msg"].removeprefix("Value error, ")
    # the records are dataclasses: a field is a keyword argument of their constructor
    if kind in ("missing", "missing_keyword_only_argument"):
        return f"missing field '{where}'"
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"unknown field '{where}'"
    if kind == "string_pattern_mismatch":
        return f"{where}: {error['input']!r} is not an id (lower-case letters, digits, hyphens)"
    if kind == "literal_error":
        return f"{where}: {error['input']!r} is not one of {msg.removeprefix('Input should be ')}"
    return f"{where}: {msg}" if where else msg


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(model: type[R]) -> TypeAdapter[R]:
    """The validator of a kind of record, made once."""
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def _validate(
    model: type[R],
    node: Any,
    file: str,
    path: Path,
    where: tuple[str | int, ...],
    errors: list[DataError],
) -> Entry[R] | None:
    try:
        record = _adapter(model).validate_python(node)
    except ValidationError as invalid:
        for e in invalid.errors():
            errors.append(DataError(file, _line_of(node, e["loc"]), _message(e)))
        return None
    items = {
        key: tuple(line + 1 for line in node[key].lines)
        for key in _ITEM_LINES
        if isinstance(node.get(key), Seq)
    }
    return Entry(record, file, path, where, node.line + 1, items or _NO_ITEMS)


class _Reader:
    def __init__(self, data_dir: Path, dataset: Dataset) -> None:
        self.data_dir = data_dir
        self.dataset = dataset
        self.errors: list[DataError] = []

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.data_dir.parent))
        except ValueError:
            return str(path)

    def read(self, path: Path) -> Any:
        shown = self.display(path)
        if not path.is_file():
            self.errors.append(DataError(shown, 0, "file is missing"))
            return None
        try:
            text = path.read_text(encoding="utf-8")
            if not text.strip():
                # an empty file would silently drop every fact it held from the next build
                self.errors.append(DataError(shown, 0, "file is empty"))
                return None
            node = yamlfile.load(text)
            if node is None:
                self.errors.append(DataError(shown, 0, "file holds no entries, only comments"))
            return node
        except YAMLSyntaxError as bad:
            self.errors.append(DataError(shown, bad.line, f"not valid YAML: {bad.problem}"))
        except UnicodeDecodeError as bad:
            line = path.read_bytes()[: bad.start].count(b"\n") + 1
            self.errors.append(DataError(shown, line, "not UTF-8 text"))
        return None

    def entries(self, kind: str, model: type[R], path: Path) -> list[Entry[R]]:
        """A file that holds a list of entries of one kind."""
        node = self.read(path)
        shown = self.display(path)
        if node is None:
            self.dataset.unreadable.add(kind)
            return []
        if not isinstance(node, Seq):
            self.errors.append(DataError(shown, 1, "expected a list of entries"))
            self.dataset.unreadable.add(kind)
            return []
        return self._items(model, node, shown, path, ())

    def _items(
        self, model: type[R], seq: Seq, shown: str, path: Path, where: tuple[str | int, ...]
    ) -> list[Entry[R]]:
        out = []
        for i, item in enumerate(seq):
            if not isinstance(item, Map):
                self.errors.append(DataError(shown, seq.lines[i] + 1, "expected a mapping"))
                continue
            entry = _validate(model, item, shown, path, (*where, i), self.errors)
            if entry is not None:
                out.append(entry)
            elif isinstance(item.get("id"), str):
                self.dataset.invalid_ids.add(item["id"])
        return out

    def assertions(self, path: Path) -> None:
        """A file of memberships, holdings and purges."""
        node = self.read(path)
        shown = self.display(path)
        if node is None:
            return
        if not isinstance(node, Map):
            self.errors.append(DataError(shown, 1, "expected keys memberships, holdings, purges"))
            return
        kinds: dict[str, type[Any]] = {
            "memberships": MembershipRecord,
            "holdings": HoldingRecord,
            "purges": PurgeRecord,
        }
        for key, value in node.items():
            line = node.lines[key] + 1
            if key not in _ASSERTION_LISTS:
                self.errors.append(DataError(shown, line, f"unknown list {key!r}"))
            elif value is None:
                continue
            elif not isinstance(value, Seq):
                self.errors.append(DataError(shown, line, f"{key} must be a list"))
            else:
                getattr(self.dataset, key).extend(
                    self._items(kinds[key], value, shown, path, (key,))
                )


def _check_ids(entries: list[Entry[Any]], what: str) -> tuple[set[str], list[DataError]]:
    seen: dict[str, Entry[Any]] = {}
    errors = []
    for entry in entries:
        id_ = entry.record.id
        if id_ in seen:
            first = seen[id_]
            errors.append(
                entry.error(f"duplicate {what} id {id_!r} (first at {first.origin()})", "id")
            )
        else:
            seen[id_] = entry
    return set(seen), errors


def _references(ds: Dataset) -> Iterator[DataError]:
    """Every reference between entries that does not resolve."""
    ids: dict[str, set[str]] = {}
    for name, what in [
        ("sources", "source"),
        ("factions", "faction"),
        ("organisations", "organisation"),
        ("posts", "post"),
        ("terms", "term"),
        ("purge_kinds", "purge kind"),
        ("event_kinds", "event kind"),
        ("persons", "person"),
        ("events", "event"),
    ]:
        ids[name], dupes = _check_ids(getattr(ds, name), what)
        yield from dupes
    structure = {s.record.id: s.record.structure for s in ds.sources}
    sections = {s.record.id: set(s.record.sections) for s in ds.sources}
    # every locator a citation may use: each passage, and each section and chapter holding one
    citable: set[tuple[str, str]] = set()
    for p in ds.passages:
        parts = p.locator.split(".")
        citable |= {(p.source, ".".join(parts[:i])) for i in range(1, len(parts) + 1)}

    def ref(entry: Entry[Any], attr: str, table: str, what: str) -> Iterator[DataError]:
        value = getattr(entry.record, attr)
        if table in ds.unreadable or value in ds.invalid_ids:
            return  # already reported where the target is written
        if value is not None and value not in ids[table]:
            yield entry.error(f"unknown {what} {value!r}", attr)

    def cites(
        entry: Entry[Any], cites: list[str], *path: str | int, field: str = "cite"
    ) -> Iterator[DataError]:
        for i, cite in enumerate(cites):
            wrong = _citation_wrong(cite, structure, sections, citable if ds.has_index else None)
            if wrong is not None:
                yield entry.error(f"citation {cite!r}: {wrong}", *path, field, i)

    def each(kinds: list[tuple[str, list[tuple[str, str, str]], bool]]) -> Iterator[DataError]:
        for name, refs, cited in kinds:
            for entry in getattr(ds, name):
                for attr, table, what in refs:
                    yield from ref(entry, attr, table, what)
                if cited:
                    yield from cites(entry, entry.record.cite)

    yield from each(_VOCABULARY_REFS)
    yield from _terms_of_holdings(ds, ids)
    for kind in ds.purge_kinds:
        ends = kind.record.ends
        if isinstance(ends, list) and "organisations" not in ds.unreadable:
            for i, org_id in enumerate(ends):
                if org_id not in ids["organisations"]:
                    yield kind.error(f"unknown organisation {org_id!r}", "ends", i)
    yield from each(_CURATED_REFS)
    for person in ds.persons:
        for i, form in enumerate(person.record.names):
            yield from cites(person, form.cite, "names", i)
    yield from each(_ASSERTION_REFS)
    assertions: list[Entry[Any]] = [*ds.memberships, *ds.holdings, *ds.purges]
    for entry in assertions:
        yield from cites(entry, entry.record.cite)
        yield from cites(entry, entry.record.context, field="context")


# What each kind of entry refers to, checked in this order: (the dataset's list, [(field, the
# list it names an entry of, what that is called)], whether its `cite` is checked here)
_VOCABULARY_REFS = [
    (
        "organisations",
        [
            ("parent", "organisations", "parent organisation"),
            ("succeeds", "organisations", "organisation"),
        ],
        True,
    ),
    ("posts", [("organisation", "organisations", "organisation")], True),
    ("terms", [("body", "organisations", "body"), ("elected_at", "events", "event")], True),
]
_CURATED_REFS = [
    ("events", [("kind", "event_kinds", "event kind")], True),
    ("excluded", [], True),
    ("identifications", [("person", "persons", "person")], True),
]
_ASSERTION_REFS = [
    ("memberships", [("person", "persons", "person"), ("faction", "factions", "faction")], False),
    ("holdings", [("person", "persons", "person"), ("post", "posts", "post")], False),
    (
        "purges",
        [
            ("person", "persons", "person"),
            ("action", "purge_kinds", "purge kind"),
            ("event", "events", "event"),
            ("post", "posts", "post"),
        ],
        False,
    ),
]


def _citation_wrong(
    cite: str,
    structure: Mapping[str, str],
    sections: Mapping[str, set[str]],
    citable: set[tuple[str, str]] | None,
) -> str | None:
    """What is wrong with a citation, or None: its source must be known, its locator of the
    source's form, and what it names must exist (a section of a page; a passage of a text,
    when the text index, `citable`, is there to tell)."""
    source, locator = split_citation(cite)
    if source not in structure:
        return f"unknown source {source!r}"
    try:
        parsed = parse_locator(locator, structure[source])
    except LocatorError as bad:
        return str(bad)
    if parsed.path:
        if parsed.path[0] not in sections[source]:
            return (
                f"{source} has no section {parsed.path[0]!r}"
                f" (its sections: {', '.join(sorted(sections[source]))})"
            )
    elif citable is not None and (source, locator) not in citable:
        return f"{source} has no passage {locator} (data/index/passages.tsv)"
    return None


def _terms_of_holdings(ds: Dataset, ids: dict[str, set[str]]) -> Iterator[DataError]:
    """A holding's term is a term of its post's body (or of a body it lies in), and the
    holding's own dates fit inside the term."""
    if "terms" in ds.unreadable or "posts" in ds.unreadable or "organisations" in ds.unreadable:
        return
    parents = {o.record.id: o.record.parent for o in ds.organisations}
    body_of = {p.record.id: p.record.organisation for p in ds.posts}
    terms = ds.term_of
    for h in ds.holdings:
        r = h.record
        if r.term is None or r.term in ds.invalid_ids:
            continue
        term = terms.get(r.term)
        if term is None:
            yield h.error(f"unknown term {r.term!r}", "term")
            continue
        if r.post not in body_of:
            continue
        chain, current = [], body_of.get(r.post)
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if term.body not in chain:
            yield h.error(
                f"term {r.term!r} is a term of {term.body}, not of {r.post}'s body", "term"
            )
        start, end = ds.holding_dates(r)

        def after(a: str | None, b: str | None) -> bool:
            fa, fb = fuzzy(a), fuzzy(b)
            return fa is not None and fb is not None and certainly_after(fa, fb)

        if after(term.from_, r.start):
            yield h.error(
                f"start {r.start!r} is before its term was elected ({term.from_})", "start"
            )
        if after(r.end, term.to):
            yield h.error(f"end {r.end!r} is after its term was replaced ({term.to})", "end")
        if after(start, end):
            yield h.error(f"start {start!r} is after end {end!r} (dates of term {r.term})", "term")


def _read_text_index(reader: _Reader, ds: Dataset) -> None:
    """The rows of data/index/, checked against the sources and persons of the data."""
    folder = reader.data_dir / "index"
    try:
        rows = read_index(folder)
    except IndexFileError as bad:
        reader.errors.append(DataError(reader.display(folder / bad.file), bad.line, str(bad)))
        return
    if rows is None:
        return
    ds.has_index = True
    sources = {s.record.id for s in ds.sources}
    persons = {p.record.id for p in ds.persons} | ds.invalid_ids
    shown = {name: reader.display(folder / name) for name in rows}
    seen: set[tuple[str, str]] = set()
    for line, passage in rows.get("passages.tsv", []):
        key = (passage.source, passage.locator)
        if passage.source not in sources and "sources" not in ds.unreadable:
            reader.errors.append(
                DataError(shown["passages.tsv"], line, f"unknown source {passage.source!r}")
            )
        elif key in seen:
            reader.errors.append(
                DataError(shown["passages.tsv"], line, f"duplicate passage {passage.locator}")
            )
        seen.add(key)
        ds.passages.append(passage)
    stale = "; run `prosopo reindex` with the texts present"
    for line, mention in rows.get("mentions.tsv", []):
        if mention.person not in persons and "persons" not in ds.unreadable:
            reader.errors.append(
                DataError(shown["mentions.tsv"], line, f"unknown person {mention.person!r}{stale}")
            )
        elif (mention.source, mention.locator) not in seen:
            reader.errors.append(
                DataError(shown["mentions.tsv"], line, f"no passage {mention.locator}{stale}")
            )
        else:
            ds.mentions.append(mention)
    for line, reference in rows.get("references.tsv", []):
        if (reference.source, reference.locator) not in seen:
            reader.errors.append(
                DataError(shown["references.tsv"], line, f"no passage {reference.locator}{stale}")
            )
        else:
            ds.references.append(reference)


def load_data(
    data_dir: Path, progress: Callable[[str], None] | None = None, with_index: bool = True
) -> Dataset:
    """Read and check every data file; raise :class:`DataErrors` listing all problems.

    `with_index=False` leaves data/index/ out, for rewriting it.
    """
    with bulk.without_cycle_collection():
        return _load(data_dir, progress, with_index)


def _load(data_dir: Path, progress: Callable[[str], None] | None, with_index: bool) -> Dataset:
    ds = Dataset()
    reader = _Reader(data_dir, ds)
    vocabulary = data_dir / "vocabulary"
    files: list[tuple[str, Path, type[Any]]] = [
        ("sources", data_dir / "sources.yaml", SourceRecord),
        ("factions", vocabulary / "factions.yaml", FactionRecord),
        ("organisations", vocabulary / "organisations.yaml", OrganisationRecord),
        ("posts", vocabulary / "posts.yaml", PostRecord),
        ("purge_kinds", vocabulary / "purge-kinds.yaml", PurgeKindRecord),
        ("event_kinds", vocabulary / "event-kinds.yaml", EventKindRecord),
        ("persons", data_dir / "persons.yaml", PersonRecord),
        ("events", data_dir / "events.yaml", EventRecord),
    ]
    for name, path, model in files:
        if progress:
            progress(reader.display(path))
        getattr(ds, name).extend(reader.entries(name, model, path))
    if (vocabulary / "terms.yaml").is_file():  # optional: the terms of the leading bodies
        ds.terms.extend(reader.entries("terms", TermRecord, vocabulary / "terms.yaml"))
    if (data_dir / "excluded.yaml").is_file():  # optional: names left out on purpose
        ds.excluded.extend(reader.entries("excluded", ExcludedRecord, data_dir / "excluded.yaml"))
    if (data_dir / "disagreements.yaml").is_file():  # optional: passages that disagree
        path = data_dir / "disagreements.yaml"
        ds.disagreements.extend(reader.entries("disagreements", DisagreementRecord, path))
    if (data_dir / "identifications.yaml").is_file():  # optional: names matched by hand
        path = data_dir / "identifications.yaml"
        ds.identifications.extend(reader.entries("identifications", IdentificationRecord, path))
    if (data_dir / "conflicts.yaml").is_file():  # optional: candidate conflicts explained
        path = data_dir / "conflicts.yaml"
        ds.conflicts.extend(reader.entries("conflicts", ConflictRecord, path))
    for path in sorted((data_dir / "assertions").glob("*.yaml")):
        if progress:
            progress(reader.display(path))
        reader.assertions(path)
    if with_index:
        if progress:
            progress(reader.display(data_dir / "index"))
        _read_text_index(reader, ds)
    errors = reader.errors + list(_references(ds))
    if not errors:
        errors = _assign_ids(ds, data_dir / keys.PUBLISHED, reader.display)
    if not errors:
        errors = list(_disagreement_sides(ds))
    if errors:
        raise DataErrors(errors)
    return ds


def _disagreement_sides(ds: Dataset) -> Iterator[DataError]:
    """Each disagreement is about a known person, and each side names one of that person's
    assertions (the ids are assigned by now)."""
    _, dupes = _check_ids(ds.disagreements, "disagreement")
    yield from dupes
    persons = {p.record.id for p in ds.persons}
    owner = ds.owners
    for d in ds.disagreements:
        person = d.record.person
        if person not in persons:
            yield d.error(f"unknown person {person!r}", "person")
            continue
        for i, side in enumerate(d.record.sides):
            if side.assertion not in owner:
                yield d.error(f"unknown assertion {side.assertion!r}", "sides", i, "assertion")
            elif owner[side.assertion] != person:
                yield d.error(
                    f"assertion {side.assertion!r} is about {owner[side.assertion]}, not {person}",
                    "sides",
                    i,
                    "assertion",
                )


def _assign_ids(ds: Dataset, published: Path, display: Callable[[Path], str]) -> list[DataError]:
    """Give every assertion its permanent id, and check that every published id still names one."""
    entries: list[Entry[Any]] = [*ds.memberships, *ds.holdings, *ds.purges]
    # the id's kind word and the field that says what the assertion is about
    kinds: dict[type[Any], tuple[str, str]] = {
        MembershipRecord: ("member", "faction"),
        HoldingRecord: ("held", "post"),
        PurgeRecord: ("purge", "action"),
    }
    claims = []
    for e in entries:
        r = e.record
        if r.id is not None:
            claims.append(keys.Claim(e.origin(), r.id, pinned=True))
        else:
            kind, subject = kinds[type(r)]
            base = keys.derived(kind, r.person, getattr(r, subject), r.cite[0])
            claims.append(keys.Claim(e.origin(), base, pinned=False))
    ds.ids, clashes = keys.assign(claims)
    ds.owners = {ds.ids[e.origin()]: e.record.person for e in entries}
    ds.forms = {p.record.id: keys.name_forms(p.record) for p in ds.persons}
    ds.owners |= {f.id: person for person, forms in ds.forms.items() for f in forms}
    by_origin = {e.origin(): e for e in entries}
    errors = [by_origin[origin].error(message, "id") for origin, message in clashes]
    known = ds.permanent_ids()
    shown = display(published)
    for line, id_ in keys.read_published(published):
        if id_ not in known:
            errors.append(
                DataError(
                    shown,
                    line,
                    f"published id {id_!r} no longer names an assertion: pin it with"
                    f" `id: {id_}` on the entry that replaced it",
                )
            )
    return errors
