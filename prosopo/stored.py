"""Answers computed once at build time: the data are read-only between builds, so the mission
questions asked without filters (a career; who held posts, who was purged and the leadership in
a year) are answered by the core functions during the build and kept as ready JSON (a year list
as its first page, with the number of rows in all). They are part of the build, so they can
never disagree with the data; a test compares every one with the live answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import pydantic_core
from sqlalchemy import insert, select, union
from sqlalchemy.orm import Session

from prosopo import offices, queries
from prosopo.answers import Page
from prosopo.models import AssertionYear, Person, StoredAnswer, TenureYear

# kind -> the core call it stores, given the session and the key
ANSWERS: dict[str, Callable[[Session, str], Any]] = {
    "career": lambda session, key: queries.career(session, key),
    "holdings": lambda session, key: offices.who_held_page(session, int(key)),
    "purges": lambda session, key: queries.purges_page(session, int(key)),
    "leadership": lambda session, key: offices.leadership(session, year=int(key)),
}


def keys(session: Session) -> dict[str, list[str]]:
    """The keys each kind of answer is stored for: every person, and every year the data touch."""
    years = sorted(
        session.scalars(
            union(select(TenureYear.year), select(AssertionYear.year)).subquery().select()
        )
    )
    persons = list(session.scalars(select(Person.id).order_by(Person.id)))
    year_keys = [str(y) for y in years]
    return {"career": persons, "holdings": year_keys, "purges": year_keys, "leadership": year_keys}


class Stored(NamedTuple):
    body: bytes  # the JSON the API sends
    total: int | None  # for a page: the number of rows in the whole answer


def as_stored(answer: Any) -> Stored:
    """An answer as it is stored and sent: a page as its rows, with its total."""
    if isinstance(answer, Page):
        return Stored(pydantic_core.to_json(answer.rows), answer.total)
    return Stored(pydantic_core.to_json(answer), None)


def live(session: Session, kind: str, key: str) -> Stored:
    """The answer as the core function gives it now."""
    return as_stored(ANSWERS[kind](session, key))


def store(session: Session, report: Callable[[int, int], None] | None = None) -> None:
    """Compute and keep every stored answer."""
    wanted = [(kind, key) for kind, ks in keys(session).items() for key in ks]
    rows = []
    for done, (kind, key) in enumerate(wanted, start=1):
        body, total = live(session, kind, key)
        rows.append({"kind": kind, "key": key, "body": body.decode(), "total": total})
        if report is not None and (done % 50 == 0 or done == len(wanted)):
            report(done, len(wanted))
    for start in range(0, len(rows), 500):
        session.execute(insert(StoredAnswer), rows[start : start + 500])


def stored(session: Session, kind: str, key: str) -> Stored | None:
    """The stored answer, or None where none was stored (an unknown id, a year outside the
    data): the caller then asks the core function, which says why."""
    found = session.execute(
        select(StoredAnswer.body, StoredAnswer.total).where(
            StoredAnswer.kind == kind, StoredAnswer.key == key
        )
    ).first()
    return None if found is None else Stored(found.body.encode(), found.total)
