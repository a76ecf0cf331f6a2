"""Who served with whom: the persons who held a post in the same body in the same years."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from prosopo.among import among
from prosopo.errors import NotFound
from prosopo.models import Organisation, Person, Post, Tenure, TenureYear
from prosopo.schemas import BodyYears, Ref, ServedWith
from prosopo.scope import Scope
from prosopo.tenured import year_spans
from prosopo.tenures import Basis


def service(session: Session, person_id: str | None = None) -> dict[tuple[str, int], set[str]]:
    """Who held a post in each body in each year, stated or inferred (a year only possible is
    no evidence of service): (organisation, year) -> persons. With `person_id`, only the bodies
    and years in which that person served."""
    served = (
        select(Tenure.person_id, Post.organisation_id, TenureYear.year)
        .join(TenureYear, TenureYear.tenure_id == Tenure.id)
        .join(Post, Post.id == Tenure.post_id)
        .where(
            TenureYear.basis.in_([Basis.stated.value, Basis.inferred.value]),
            Tenure.scope == Scope.all.value,
        )
    )
    if person_id is not None:
        own = served.where(Tenure.person_id == person_id).subquery()
        served = served.join(
            own, (own.c.organisation_id == Post.organisation_id) & (own.c.year == TenureYear.year)
        )
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for person, organisation, year in session.execute(served):
        found[(organisation, year)].add(person)
    return found


def served_with(session: Session, person_id: str) -> list[ServedWith]:
    """The persons who held a post in the same body as `person_id` in the same years, with the
    bodies and years, most years together first."""
    if session.get(Person, person_id) is None:
        raise NotFound(f"no person with id {person_id!r}")
    together: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (organisation, year), persons in service(session, person_id).items():
        for other in persons - {person_id}:
            together[other][organisation].append(year)
    refs = {
        p.id: Ref.model_validate(p)
        for p in session.scalars(select(Person).where(among(Person.id, together)))
    }
    bodies = {
        o.id: Ref.model_validate(o)
        for o in session.scalars(
            select(Organisation).where(
                among(Organisation.id, {b for t in together.values() for b in t})
            )
        )
    }
    rows = [
        ServedWith(
            person=refs[other],
            bodies=[
                BodyYears(organisation=bodies[b], years=year_spans(years))
                # the first year together, then the body's name: no order left to the engine
                for b, years in sorted(
                    by_body.items(), key=lambda item: (min(item[1]), bodies[item[0]].name)
                )
            ],
        )
        for other, by_body in together.items()
    ]
    total = {other: sum(len(y) for y in by_body.values()) for other, by_body in together.items()}
    return sorted(rows, key=lambda r: (-total[r.person.id], r.person.name))
