"""`among`: a column among many values in one bound parameter, on both engines, checked
against the same question asked with SQLAlchemy's own `in_` and against Python's own filter."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prosopo.among import FEW, among
from prosopo.models import Person, Tenure, TenureYear


def test_among_answers_as_in_does(repo_session: Session) -> None:
    ids = list(repo_session.scalars(select(Tenure.id).order_by(Tenure.id)))[::3]
    people = ["kim-il-sung", "pak-hon-yong", "no-such-person", "choe-chang-ik"]
    # the same rows; in no order (DISTINCT without ORDER BY is in the order of the plan)
    assert sorted(
        repo_session.scalars(
            select(TenureYear.tenure_id).where(among(TenureYear.tenure_id, ids)).distinct()
        )
    ) == sorted(
        repo_session.scalars(
            select(TenureYear.tenure_id).where(TenureYear.tenure_id.in_(ids)).distinct()
        )
    )
    assert sorted(
        repo_session.scalars(select(Person.id).where(among(Person.id, people)))
    ) == sorted(p for p in people if p != "no-such-person")


def test_among_takes_no_values_and_repeats(repo_session: Session) -> None:
    assert repo_session.scalars(select(Person.id).where(among(Person.id, []))).all() == []
    twice = repo_session.scalar(
        select(func.count()).where(among(Person.id, ["kim-il-sung", "kim-il-sung"]))
    )
    assert twice == 1


def test_among_takes_more_values_than_sqlite_takes_parameters(repo_session: Session) -> None:
    # SQLite refuses a statement of more than 32,766 parameters; `in_` sends one a value
    ids = range(-40_000, 1)  # tenure ids start at 1: none of these is one
    assert repo_session.scalar(select(func.count()).where(among(Tenure.id, ids))) == 0
    many = [*range(-40_000, 0), *repo_session.scalars(select(Tenure.id).limit(5))]
    assert repo_session.scalar(select(func.count()).where(among(Tenure.id, many))) == 5


def test_a_few_values_and_many_answer_alike_and_negate(repo_session: Session) -> None:
    """On PostgreSQL up to `FEW` values are compared with `= ANY`, more read from a subquery:
    on either side of the line, and negated, the answer is `in_`'s."""
    ids = list(repo_session.scalars(select(Tenure.id).order_by(Tenure.id)))
    assert len(ids) > FEW + 1
    for n in (FEW, FEW + 1):
        for negated in (False, True):
            ours = among(Tenure.id, ids[:n])
            theirs = Tenure.id.in_(ids[:n])
            assert repo_session.scalar(
                select(func.count()).where(~ours if negated else ours)
            ) == repo_session.scalar(select(func.count()).where(~theirs if negated else theirs))
