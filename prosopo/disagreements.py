"""Where the passages disagree about one fact of one person's life, side by side.

Which assertions disagree is a curator's judgement, written in data/disagreements.yaml: two
holdings of one post with different dates may be one tenure misdated or two tenures, and only a
reader of the passages can tell. Nothing here guesses; it shows what was marked.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectin_polymorphic, selectinload

from prosopo.answers import CITED, assertion_out, attach_documents
from prosopo.errors import BadQuestion, NotFound
from prosopo.models import (
    Assertion,
    Disagreement,
    DisagreementSide,
    FactionMembership,
    Person,
    PersonName,
    PostHolding,
    PurgeEvent,
)
from prosopo.schemas import DisagreementOut, Ref, SideOut

ABOUT = ("date", "post", "fate", "faction")


def _side(side: DisagreementSide) -> SideOut:
    a = side.assertion
    # the side's one filled field is named for its kind: name, membership, holding, purge
    return SideOut.model_validate(
        {
            "assertion": a.permanent_id,
            "kind": a.type,
            "reading": side.reading,
            a.type: assertion_out(a),
        }
    )


def disagreements(
    session: Session, person: str | None = None, about: str | None = None
) -> list[DisagreementOut]:
    """The marked disagreements, by person and id: all, one person's, or those about one kind
    of fact (`date`, `post`, `fate`, `faction`)."""
    if person is not None and session.get(Person, person) is None:
        raise NotFound(f"no person with id {person!r}")
    if about is not None and about not in ABOUT:
        raise BadQuestion(f"about must be one of {', '.join(ABOUT)}, not {about!r}")
    return _read(session, person=person, about=about)


def disagreement(session: Session, disagreement_id: str) -> DisagreementOut:
    """One disagreement by id."""
    found = _read(session, id_=disagreement_id)
    if not found:
        raise NotFound(f"no disagreement with id {disagreement_id!r}")
    return found[0]


def _read(
    session: Session,
    person: str | None = None,
    about: str | None = None,
    id_: str | None = None,
) -> list[DisagreementOut]:
    stmt = (
        select(Disagreement)
        .options(
            joinedload(Disagreement.person),
            selectinload(Disagreement.sides)
            .selectinload(DisagreementSide.assertion)
            .options(
                selectin_polymorphic(
                    Assertion, [PersonName, FactionMembership, PostHolding, PurgeEvent]
                ),
                CITED,
            ),
        )
        .order_by(Disagreement.person_id, Disagreement.id)
    )
    if person is not None:
        stmt = stmt.where(Disagreement.person_id == person)
    if about is not None:
        stmt = stmt.where(Disagreement.about == about)
    if id_ is not None:
        stmt = stmt.where(Disagreement.id == id_)
    out = [
        DisagreementOut(
            id=d.id,
            person=Ref.model_validate(d.person),
            about=d.about,
            question=d.question,
            note=d.note,
            sides=[_side(s) for s in d.sides],
            origin=d.origin,
        )
        for d in session.scalars(stmt).unique()
    ]
    attach_documents(session, [c for d in out for s in d.sides for c in s.citations])
    return out
