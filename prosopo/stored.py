"""Answers computed once at build time: the data are read-only between builds, so the mission
questions asked without filters (a career; who held posts, who was purged and the leadership in
a year) are answered by the core functions during the build and kept as ready JSON. They are
part of the build, so they can never disagree with the data; a test compares every one with the
live answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic_core
from sqlalchemy import insert, select, union
from sqlalchemy.orm import Session

from prosopo import offices, queries
from prosopo.models import AssertionYear, Person, StoredAnswer, TenureYear

# kind -> the core call it stores, given the session and the key
ANSWERS: dict[str, Callable[[Session, str], Any]] = {
    "career": lambda session, key: queries.career(session, key),
    "holdings": lambda session, key: offices.who_held(session, int(key)),
    "purges": lambda session, key: queries.purges(session, int(key)),
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


def live(session: Session, kind: str, key: str) -> bytes:
    """The answer as the core function gives it now, as JSON."""
    return pydantic_core.to_json(ANSWERS[kind](session, key))


def store(session: Session, report: Callable[[int, int], None] | None = None) -> None:
    """Compute and keep every stored answer."""
    wanted = [(kind, key) for kind, ks in keys(session).items() for key in ks]
    rows = []
    for done, (kind, key) in enumerate(wanted, start=1):
        rows.append({"kind": kind, "key": key, "body": live(session, kind, key).decode()})
        if report is not None and (done % 50 == 0 or done == len(wanted)):
            report(done, len(wanted))
    for start in range(0, len(rows), 500):
        session.execute(insert(StoredAnswer), rows[start : start + 500])


def stored(session: Session, kind: str, key: str) -> bytes | None:
    """The stored answer, or None where none was stored (an unknown id, a year outside the
    data): the caller then asks the core function, which says why."""
    body = session.scalar(
        select(StoredAnswer.body).where(StoredAnswer.kind == kind, StoredAnswer.key == key)
    )
    return None if body is None else body.encode()
