"""Build a database from data/: apply the migrations, load every file, all or nothing.

A failed build leaves whatever database was there before untouched. SQLite is built in a new
file beside the target and renamed over it at the end; PostgreSQL is rebuilt inside one
transaction, which a failure rolls back.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, make_url, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from prosopo import db, keys, models, stored
from prosopo.derive import derive
from prosopo.load import Dataset, load_data
from prosopo.locators import split_citation
from prosopo.names import name_key
from prosopo.records import fuzzy
from prosopo.scope import scopes_of
from prosopo.texts.segment import Passage as TextPassage
from prosopo.texts.sources import SourceText, read_sources

# Called as report(stage, done, total) while a build runs.
Report = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _dates(prefix: str, text: str | None) -> dict[str, Any]:
    date = fuzzy(text)
    return {
        f"{prefix}_text": text,
        f"{prefix}_earliest": date.earliest if date else None,
        f"{prefix}_latest": date.latest if date else None,
    }


def _citations(cites: list[str], context: list[str] | None = None) -> list[models.Citation]:
    out = []
    for role, group in (("states", cites), ("context", context or [])):
        for cite in group:
            source, locator = split_citation(cite)
            out.append(models.Citation(source_id=source, locator=locator, role=role))
    return out


def _vocabulary(ds: Dataset) -> list[Any]:
    rows: list[Any] = []
    for s in ds.sources:
        r = s.record
        rows.append(
            models.Source(
                id=r.id,
                author=r.author,
                title=r.title,
                year=r.year,
                kind=r.kind,
                structure=r.structure,
                container=r.container,
                publisher=r.publisher,
                place=r.place,
                file_name=r.file,
                sha256=r.sha256,
                url=r.url,
                read_on=r.read,
                version=r.version,
                relies_on=list(r.relies_on),
                sections=list(r.sections),
            )
        )
    rows += [
        models.Faction(
            id=f.record.id,
            name=f.record.name,
            description=f.record.description,
            labels=list(f.record.labels),
        )
        for f in ds.factions
    ]
    rows += [
        models.PurgeKind(
            id=k.record.id,
            label=k.record.label,
            description=k.record.description,
            ends=["all"] if k.record.ends == "all" else list(k.record.ends),
            weakens=k.record.weakens,
        )
        for k in ds.purge_kinds
    ]
    rows += [models.EventKind(id=k.record.id, label=k.record.label) for k in ds.event_kinds]
    # parents (and the bodies a body succeeds) first, so that foreign keys hold at every insert
    by_id = {o.record.id: o.record for o in ds.organisations}
    depth: dict[str, int] = {}

    def level(id_: str, seen: frozenset[str] = frozenset()) -> int:
        if id_ not in depth:
            before = [by_id[id_].parent, by_id[id_].succeeds]
            depth[id_] = max(
                (level(b, seen | {id_}) + 1 for b in before if b is not None and b not in seen),
                default=0,
            )
        return depth[id_]

    for org in sorted(by_id.values(), key=lambda o: level(o.id)):
        rows.append(
            models.Organisation(
                id=org.id,
                name=org.name,
                kind=org.kind,
                parent_id=org.parent,
                succeeds_id=org.succeeds,
                labels=list(org.labels),
                note=org.note,
                citations=_citations(org.cite),
                **_dates("from", org.from_),
                **_dates("to", org.to),
            )
        )
    rows += [
        models.Post(
            id=p.record.id,
            title=p.record.title,
            organisation_id=p.record.organisation,
            labels=list(p.record.labels),
            single_holder=p.record.single_holder,
            leadership=p.record.leadership,
            citations=_citations(p.record.cite),
            **_dates("from", p.record.from_),
            **_dates("to", p.record.to),
        )
        for p in ds.posts
    ]
    return rows


def _people_and_events(ds: Dataset) -> list[Any]:
    rows: list[Any] = []
    for entry in ds.persons:
        p = entry.record
        rows.append(models.Person(id=p.id, name=p.name, summary=p.summary))
        for f in keys.name_forms(p):
            if f.written is not None:
                n = p.names[f.written]
                origin = entry.origin("names", f.written)
                editorial, cites = n.editorial, _citations(n.cite)
            else:  # derived from a hangul form: editorial, and said so in `origin`
                source = f.from_hangul or 0
                where = entry.origin("names", source)
                origin = f"romanized from {p.names[source].form} by ko-pron ({where})"
                editorial, cites = True, []
            rows.append(
                models.PersonName(
                    permanent_id=f.id,
                    person_id=p.id,
                    form=f.form,
                    scheme=f.scheme,
                    key=name_key(f.form),
                    editorial=editorial,
                    origin=origin,
                    citations=cites,
                )
            )
    for e in ds.events:
        r = e.record
        rows.append(
            models.Event(
                id=r.id,
                kind_id=r.kind,
                name=r.name,
                note=r.note,
                origin=e.origin(),
                citations=_citations(r.cite),
                **_dates("date", r.date),
            )
        )
    for t in ds.terms:
        tr = t.record
        rows.append(
            models.Term(
                id=tr.id,
                organisation_id=tr.body,
                name=tr.name,
                elected_at_id=tr.elected_at,
                note=tr.note,
                citations=_citations(tr.cite),
                **_dates("from", tr.from_),
                **_dates("to", tr.to),
            )
        )
    return rows


def _assertions(ds: Dataset) -> list[models.Assertion]:
    event_dates = {e.record.id: e.record.date for e in ds.events}
    rows: list[models.Assertion] = []
    for m in ds.memberships:
        r = m.record
        rows.append(
            models.FactionMembership(
                permanent_id=ds.ids[m.origin()],
                person_id=r.person,
                faction_id=r.faction,
                label=r.label,
                note=r.note,
                origin=m.origin(),
                citations=_citations(r.cite, r.context),
                **_dates("start", r.start),
                **_dates("end", r.end),
            )
        )
    for h in ds.holdings:
        hr = h.record
        start, end = ds.holding_dates(hr)
        rows.append(
            models.PostHolding(
                permanent_id=ds.ids[h.origin()],
                person_id=hr.person,
                post_id=hr.post,
                term_id=hr.term,
                start_from_term=hr.start is None and start is not None,
                end_from_term=hr.end is None and end is not None,
                note=hr.note,
                origin=h.origin(),
                citations=_citations(hr.cite, hr.context),
                **_dates("start", start),
                **_dates("end", end),
                **_dates("during", hr.during),
            )
        )
    for p in ds.purges:
        pr = p.record
        # a purge dated only by its event happened when the event did
        date = pr.date if pr.date is not None else event_dates[pr.event or ""]
        rows.append(
            models.PurgeEvent(
                permanent_id=ds.ids[p.origin()],
                person_id=pr.person,
                action_id=pr.action,
                event_id=pr.event,
                post_id=pr.post,
                note=pr.note,
                origin=p.origin(),
                citations=_citations(pr.cite, pr.context),
                **_dates("date", date),
            )
        )
    return rows


def _disagreements(ds: Dataset, rows: list[Any]) -> list[models.Disagreement]:
    """The curated disagreements, each side pointing at its assertion's row."""
    by_id = {r.permanent_id: r for r in rows if isinstance(r, models.Assertion)}
    return [
        models.Disagreement(
            id=d.record.id,
            person_id=d.record.person,
            about=d.record.about,
            question=d.record.question,
            note=d.record.note,
            origin=d.origin(),
            sides=[
                models.DisagreementSide(
                    position=i, assertion=by_id[side.assertion], reading=side.reading
                )
                for i, side in enumerate(d.record.sides)
            ],
        )
        for d in ds.disagreements
    ]


def _texts(ds: Dataset, texts: Mapping[str, SourceText]) -> dict[tuple[str, str], TextPassage]:
    """Every passage of the index as read from the source texts; the index must match them."""
    found: dict[tuple[str, str], TextPassage] = {}
    for source_id, source in texts.items():
        found |= {(source_id, p.locator): p for p in source.passages()}
    indexed = {(p.source, p.locator) for p in ds.passages if p.source in texts}
    if indexed != set(found):
        differ = sorted(indexed ^ set(found))[:3]
        raise StaleIndex(
            "data/index/passages.tsv does not match the source texts (e.g. "
            + ", ".join(f"{s}:{loc}" for s, loc in differ)
            + "): run `prosopo reindex`"
        )
    return found


class StaleIndex(Exception):
    """data/index/ was made from other texts or another version of the segmentation."""


def _passages(ds: Dataset, texts: dict[tuple[str, str], TextPassage]) -> list[models.Passage]:
    rows = {}
    for p in ds.passages:
        read = texts.get((p.source, p.locator))  # present only when built with the texts
        rows[(p.source, p.locator)] = models.Passage(
            source_id=p.source,
            locator=p.locator,
            kind=p.kind,
            line=p.line,
            section_title=read.section_title if read else None,
            text=read.text if read else None,
            notes=[
                f"{p.locator.split('.')[0]}.n{n}" if "." in p.locator else f"n{n}"
                for n in p.notes.split(",")
                if n
            ],
        )
    for m in ds.mentions:
        rows[(m.source, m.locator)].mentions.append(
            models.Mention(person_id=m.person, form=m.form, count=m.count)
        )
    for r in ds.references:
        rows[(r.source, r.locator)].references.append(
            models.ArchivalReference(
                position=r.position,
                issuer=r.issuer,
                document_type=r.document_type,
                date_text=r.date_text,
                date=r.date or None,
                series=r.series or None,
                year=r.year or None,
                box=r.box or None,
                folder=r.folder or None,
                file_number=r.file_number or None,
            )
        )
    return list(rows.values())


def _scopes(ds: Dataset, rows: list[models.Assertion]) -> list[models.AssertionScope]:
    """The scopes of every membership, holding and purge: those of the kinds of the sources
    that state it (prosopo.scope). Name forms belong to every scope."""
    kind_of = {s.record.id: s.record.kind for s in ds.sources}
    out = []
    for row in rows:
        kinds = {kind_of[c.source_id] for c in row.citations if c.role == "states"}
        out += [models.AssertionScope(assertion_id=row.id, scope=s) for s in scopes_of(kinds)]
    return out


def _link_citations(session: Session) -> None:
    """Point each citation at the passage its locator names, where it names one."""
    passages = {(p.source_id, p.locator): p.id for p in session.scalars(select(models.Passage))}
    for citation in session.scalars(select(models.Citation)):
        citation.passage_id = passages.get((citation.source_id, citation.locator))


def _fill(
    connection: Connection,
    ds: Dataset,
    texts: dict[tuple[str, str], TextPassage],
    report: Report,
) -> None:
    report("migrate", 0, 1)
    db.downgrade(connection, "base")  # an existing prosopo schema is replaced
    db.upgrade(connection, "head")
    report("migrate", 1, 1)
    people, assertions = _people_and_events(ds), _assertions(ds)
    groups = [
        ("vocabulary", _vocabulary(ds)),
        ("persons and events", people),
        ("assertions", assertions),
        ("disagreements", _disagreements(ds, [*people, *assertions])),
        ("passages", _passages(ds, texts)),
    ]
    total = sum(len(rows) for _, rows in groups)
    done = 0
    with Session(bind=connection, autoflush=False) as session:
        for stage, rows in groups:
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                session.add_all(chunk)
                session.flush()
                done += len(chunk)
                report(stage, done, total)
        _link_citations(session)
        session.add_all(_scopes(ds, assertions))
        session.flush()
        report("tenures and years", 0, 1)
        derive(session)
        session.flush()
        report("tenures and years", 1, 1)
        stored.store(session, lambda done, total: report("stored answers", done, total))
        session.add(models.Build(id=1, built_at=dt.datetime.now(dt.UTC)))
        session.flush()


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


# A rebuild may lose at most this share of any kind of fact without `force`: an emptied or
# truncated data file must not silently empty a good database.
SHRINK_LIMIT = 0.2
_COUNTED: dict[str, type[Any]] = {
    "persons": models.Person,
    "events": models.Event,
    "memberships": models.FactionMembership,
    "holdings": models.PostHolding,
    "purges": models.PurgeEvent,
}


class WouldLoseData(Exception):
    """The new build holds far fewer facts of some kind than the database it would replace."""


def _counts_in(url: str) -> dict[str, int] | None:
    """How many facts of each kind the database at `url` holds; None if it holds no prosopo data."""
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                kind: connection.execute(select(func.count()).select_from(model)).scalar_one()
                for kind, model in _COUNTED.items()
            }
    except DBAPIError:
        return None
    finally:
        engine.dispose()


def _check_shrink(url: str, new: dict[str, int]) -> None:
    target = _sqlite_file(url)
    if target is not None and not target.exists():
        return  # nothing to lose, and connecting would create the file
    before = _counts_in(url)
    if before is None:
        return
    lost = [
        f"{kind} {before[kind]} -> {new.get(kind, 0)}"
        for kind in _COUNTED
        if before[kind] and (before[kind] - new.get(kind, 0)) / before[kind] > SHRINK_LIMIT
    ]
    if lost:
        raise WouldLoseData(
            f"the new build would lose more than {SHRINK_LIMIT:.0%} of some facts"
            f" ({', '.join(lost)}); build with --force if that is meant"
        )


def _build_schema(
    url: str, ds: Dataset, texts: dict[tuple[str, str], TextPassage], report: Report
) -> None:
    """PostgreSQL: build into a new schema and make it current in the same transaction; readers
    go on reading the old schema until they next take a connection. The builds before the one
    replaced are dropped afterwards (a reader may still be finishing on the one replaced)."""
    schema = f"prosopo_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}_{time.monotonic_ns() % 10**6}"
    engine = db.make_engine(url)
    try:
        with engine.begin() as connection:
            previous = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
            _fill(connection, ds, texts, report)
            connection.exec_driver_sql(
                f"CREATE TABLE IF NOT EXISTS {db.CURRENT_SCHEMA} (schema text NOT NULL)"
            )
            connection.exec_driver_sql(f"DELETE FROM {db.CURRENT_SCHEMA}")
            connection.exec_driver_sql(
                f"INSERT INTO {db.CURRENT_SCHEMA} (schema) VALUES (%(schema)s)", {"schema": schema}
            )
        with engine.begin() as connection:
            stale = connection.exec_driver_sql(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'prosopo\\_%%'"
                " AND nspname NOT IN (%(new)s, %(old)s)",
                {"new": schema, "old": previous},
            ).scalars()
            for name in list(stale):
                connection.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')
    finally:
        engine.dispose()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_scratch(target: Path) -> None:
    """Remove the scratch files that killed builds left beside `target`."""
    for stale in target.parent.glob(f".{target.name}.building-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def build(
    url: str,
    data_dir: Path,
    report: Report = _quiet,
    sources: Path | None = None,
    force: bool = False,
) -> dict[str, int]:
    """Build the database at `url` from `data_dir`; return the number of entries of each kind.

    With `sources` (the folder of the source texts), passages get their text; the texts must be
    the editions the data cite. Raises :class:`prosopo.load.DataErrors` for bad data files,
    :class:`prosopo.texts.sources.SourceUnavailable` for missing or wrong texts and
    :class:`StaleIndex` for an index made from other texts and :class:`WouldLoseData` when the
    build would lose more than :data:`SHRINK_LIMIT` of any kind of fact held by the database it
    replaces (unless `force`), all before anything is written.
    """
    ds = load_data(data_dir, progress=lambda name: report(f"read {name}", 0, 0))
    texts: dict[tuple[str, str], TextPassage] = {}
    if sources is not None:
        report("read the source texts", 0, 0)
        texts = _texts(ds, read_sources(sources, [s.record for s in ds.sources]))
    if not force:
        _check_shrink(url, ds.counts())
    target = _sqlite_file(url)
    if target is None:
        _build_schema(url, ds, texts, report)
        return ds.counts()
    target = target.resolve()
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {target.parent} does not exist")
    _remove_stale_scratch(target)
    scratch = target.with_name(f".{target.name}.building-{os.getpid()}")
    scratch.unlink(missing_ok=True)
    engine = db.make_engine(f"sqlite:///{scratch}")
    try:
        with engine.begin() as connection:
            _fill(connection, ds, texts, report)
        engine.dispose()
        os.replace(scratch, target)
    except BaseException:
        engine.dispose()
        scratch.unlink(missing_ok=True)
        raise
    return ds.counts()
