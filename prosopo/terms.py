"""The terms of the leading bodies and who their compositions name.

A term (the 2nd Cabinet, the 3rd Central Committee) is elected at a date and replaced at a date
by the next. Its composition is what the sources list for it: the holdings that name the term
(`term:` in the data), each with its post, its own dates where the source gives them, and its
citations. A composition lists who the sources name, never who they leave out: where only part
of a list could be read, the answer is that part, and says how many it holds.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from prosopo.answers import HOLDING, citations_out, date_out, holding_out
from prosopo.errors import NotFound
from prosopo.models import Citation, Person, PostHolding, Term
from prosopo.queries import in_scope
from prosopo.schemas import Composition, Ref, TermMember, TermOut
from prosopo.scope import Scope

CITED_TERM = joinedload(Term.citations).joinedload(Citation.source)


def _term_out(t: Term) -> TermOut:
    return TermOut(
        id=t.id,
        name=t.name,
        body=Ref.model_validate(t.organisation),
        elected=date_out(t.start),
        replaced=date_out(t.end),
        elected_at=Ref.model_validate(t.elected_at) if t.elected_at else None,
        note=t.note,
        citations=citations_out(t.citations),
    )


def terms(session: Session) -> list[TermOut]:
    """Every term of every body, by body and date."""
    found = session.scalars(
        select(Term)
        .options(joinedload(Term.organisation), joinedload(Term.elected_at), CITED_TERM)
        .order_by(Term.organisation_id, Term.from_earliest.nulls_first(), Term.id)
    ).unique()
    return [_term_out(t) for t in found]


def composition(session: Session, term_id: str, scope: Scope = Scope.all) -> Composition:
    """Who the sources (of the scope) list in one term, post by post and by name."""
    term = (
        session.scalars(
            select(Term)
            .where(Term.id == term_id)
            .options(joinedload(Term.organisation), joinedload(Term.elected_at), CITED_TERM)
        )
        .unique()
        .one_or_none()
    )
    if term is None:
        raise NotFound(f"no term with id {term_id!r}")
    stmt = (
        select(PostHolding)
        .join(Person, Person.id == PostHolding.person_id)
        .where(PostHolding.term_id == term_id)
        .options(*HOLDING, joinedload(PostHolding.person))
        .order_by(PostHolding.post_id, Person.name, PostHolding.id)
    )
    if scope is not Scope.all:
        stmt = stmt.where(PostHolding.id.in_(in_scope(scope)))
    members = [
        TermMember(person=Ref.model_validate(h.person), holding=holding_out(h))
        for h in session.scalars(stmt).unique()
    ]
    persons = len({m.person.id for m in members})
    return Composition(
        term=_term_out(term),
        scope=scope,
        members=members,
        note=(
            f"{persons} persons as the sources list them; a person the sources do not list is"
            " unknown, not absent"
            if members
            else "no source of this scope lists the composition of this term"
        ),
    )
