"""The tenures as answers: each with its years by basis, its evidence with citations, what
bounds it and what ended it, read for many tenures at once; a person's tenures in time order.
Every office question builds its rows from these (the rule itself is :mod:`prosopo.tenures`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from prosopo.among import among
from prosopo.answers import attach_documents, holdings_by_id, purges_by_id
from prosopo.errors import NotFound
from prosopo.models import (
    Organisation,
    Person,
    Post,
    PostHolding,
    PurgeEvent,
    Tenure,
    TenureEvidence,
    TenureYear,
)
from prosopo.schemas import ClosureOut, EvidenceOut, PostRef, Ref, TenureOut, YearSpan
from prosopo.scope import Scope
from prosopo.tenures import (
    HORIZON_YEARS,
    Attestation,
    Basis,
    Closer,
    Moment,
    holding_attestation,
    holding_of,
    removal_attestation,
    removal_of,
    year_range,
)
from prosopo.tenures import Tenure as Rule

_EXPLAIN = {
    "stated-end": "the holding states its end",
    "removed": "removed from the post",
    "purge": "a purge that took the post away",
    "successor": "another person held this post, which has one holder at a time",
    "body-ended": "the body ceased to exist",
    "term-ended": "the term whose composition names it ended: the next one was elected",
}


def _evidence(session: Session, ids: Iterable[int]) -> dict[int, EvidenceOut]:
    """The holdings and purges with these ids, as evidence with their citations."""
    wanted = set(ids)
    out: dict[int, EvidenceOut] = {}
    if not wanted:
        return out
    for row, (person, h) in holdings_by_id(session, wanted).items():
        parts = [f"from {h.start.text}"] if h.start else []
        parts += [f"held {h.during.text}"] if h.during else []
        parts += [f"to {h.end.text}"] if h.end else []
        out[row] = EvidenceOut(
            assertion=h.id, kind="holding", person=person, summary=", ".join(parts), holding=h
        )
    for row, (person, p) in purges_by_id(session, wanted.difference(out)).items():
        out[row] = EvidenceOut(
            assertion=p.id,
            kind="purge",
            person=person,
            summary=f"{p.action.name} {p.date.text if p.date else ''}".strip(),
            purge=p,
        )
    attach_documents(session, [c for e in out.values() for c in e.citations])
    return out


def _links(session: Session, tenure_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(tenure, assertion) for the attestations of these tenures, in time order."""
    rows = session.execute(
        select(TenureEvidence.tenure_id, TenureEvidence.assertion_id)
        .where(among(TenureEvidence.tenure_id, tenure_ids))
        .order_by(TenureEvidence.tenure_id, TenureEvidence.position)
    )
    return [(t, a) for t, a in rows]


def tenure_rules(session: Session, tenure_ids: Sequence[int]) -> dict[int, Rule]:
    """The rule's view of these tenures (their bounds and their attestations' dates), read
    column by column: what a basis for a day or the evidence of a year needs, no more."""
    if not tenure_ids:
        return {}
    links = _links(session, tenure_ids)
    ids = {a for _, a in links}
    attestations = {
        h.id: holding_attestation(h)
        for h in session.execute(
            select(
                PostHolding.id,
                *[
                    getattr(PostHolding, f"{part}_{bound}")
                    for part in ("start", "during", "end")
                    for bound in ("text", "earliest", "latest")
                ],
            ).where(among(PostHolding.id, ids))
        )
    }
    if removals := ids.difference(attestations):
        attestations |= {
            p.id: removal_attestation(p)
            for p in session.execute(
                select(PurgeEvent.id, PurgeEvent.date_earliest, PurgeEvent.date_latest).where(
                    among(PurgeEvent.id, removals)
                )
            )
        }
    attested: dict[int, list[Attestation]] = defaultdict(list)
    for tenure_id, assertion_id in links:
        attested[tenure_id].append(attestations[assertion_id])
    return {
        t.id: _rule(t, attested[t.id])
        for t in session.execute(
            select(
                Tenure.id,
                Tenure.possible_from,
                Tenure.possible_to,
                Tenure.certain_until,
                Tenure.weakened_by_id,
            ).where(among(Tenure.id, tenure_ids))
        )
    }


def _rule(t: Any, attested: Sequence[Attestation]) -> Rule:
    """The rule's view of a tenure (a row or a `Tenure`) with its attestations in order."""
    return Rule(
        attestations=tuple(attested),
        lower=t.possible_from,
        upper=t.possible_to,
        weakened=_weakener(t.certain_until, t.weakened_by_id),
    )


def _weakener(certain_until: dt.date | None, assertion: int | None) -> Closer | None:
    """The weakening purge as the rule needs it: from the day after `certain_until` on."""
    if certain_until is None:
        return None
    return Closer("weakened", Moment(certain_until + dt.timedelta(days=1), None), assertion)


def tenure_rows(session: Session, tenure_ids: Iterable[int]) -> Sequence[Any]:
    """These tenures, each with its holder's name, its post's title, and its body's id, name
    and end (`organisation_to`): one query."""
    return session.execute(
        select(
            Tenure,
            Person.name.label("person_name"),
            Post.title.label("post_title"),
            Post.organisation_id,
            Organisation.name.label("organisation_name"),
            Organisation.to_text.label("organisation_to"),
        )
        .join(Person, Person.id == Tenure.person_id)
        .join(Post, Post.id == Tenure.post_id)
        .join(Organisation, Organisation.id == Post.organisation_id)
        .where(among(Tenure.id, tenure_ids))
    ).all()


class Loaded:
    """Tenures with their evidence and years, loaded together for one answer."""

    def __init__(self, session: Session, tenure_ids: Sequence[int]) -> None:
        self.rows: dict[int, Tenure] = {}
        self.out: dict[int, TenureOut] = {}
        self.permanent: dict[int, str] = {}  # each evidence row's permanent id
        self._attested: dict[int, list[tuple[int, EvidenceOut]]] = {}  # row, evidence
        if not tenure_ids:
            return
        rows = {r.Tenure.id: r for r in tenure_rows(session, tenure_ids)}
        self.rows = {tenure_id: r.Tenure for tenure_id, r in rows.items()}
        attested: dict[int, list[int]] = defaultdict(list)
        for tenure_id, assertion_id in _links(session, tenure_ids):
            attested[tenure_id].append(assertion_id)
        years: dict[int, dict[Basis, list[int]]] = defaultdict(lambda: defaultdict(list))
        for tenure_id, year, basis in session.execute(
            select(TenureYear.tenure_id, TenureYear.year, TenureYear.basis).where(
                among(TenureYear.tenure_id, tenure_ids)
            )
        ):
            years[tenure_id][Basis(basis)].append(year)
        closers = [
            a
            for t in self.rows.values()
            for a in (t.closed_by_id, t.weakened_by_id)
            if a is not None
        ]
        evidence = _evidence(session, [a for ids in attested.values() for a in ids] + closers)
        self.permanent = {row: e.assertion for row, e in evidence.items()}
        self._attested = {t: [(a, evidence[a]) for a in ids] for t, ids in attested.items()}
        for tenure_id, r in rows.items():
            t, by_basis = r.Tenure, years[tenure_id]
            body = Ref(id=r.organisation_id, name=r.organisation_name)
            self.out[tenure_id] = TenureOut(
                id=t.id,
                person=Ref(id=t.person_id, name=r.person_name),
                post=PostRef(id=t.post_id, title=r.post_title, organisation=body),
                possible_from=t.possible_from,
                possible_to=t.possible_to,
                inferred_from=t.inferred_from,
                inferred_to=t.inferred_to,
                stated=year_spans(by_basis[Basis.stated]),
                inferred=year_spans(by_basis[Basis.inferred]),
                possible=year_spans(by_basis[Basis.possible]),
                closed=(closed := _closure(t, body, r.organisation_to, evidence)),
                bounds=bounds_words(
                    closed.explanation if closed else None,
                    t.possible_to,
                    t.certain_until,
                    max(by_basis[Basis.possible], default=None),
                ),
                weakened=evidence.get(t.weakened_by_id) if t.weakened_by_id else None,
                evidence=[evidence[a] for a in attested[tenure_id]],
            )

    def rules(self) -> dict[int, Rule]:
        """The rule's view of each tenure (`tenure_rules`), from what was loaded."""
        return {
            tenure_id: _rule(t, [_attestation(*a) for a in self._attested.get(tenure_id, [])])
            for tenure_id, t in self.rows.items()
        }


def _attestation(row: int, e: EvidenceOut) -> Attestation:
    """What the rule needs of an evidence (assertion `row`): the dates of a holding, or of a
    removal from the post."""
    if e.holding is not None:
        return holding_of(row, e.holding.start, e.holding.during, e.holding.end)
    return removal_of(row, e.purge.date if e.purge else None)


def bounds_words(
    ended: str | None, possible_to: dt.date, certain_until: dt.date | None, possible: int | None
) -> str:
    """What bounds the years a tenure is only possible in, in words: what ended it (`ended`,
    its closure's explanation), or else the horizon after its last attestation; and a purge
    naming no post, after which no year is certain (`possible` is its latest possible year).
    One sentence for the API, the CLI and the pages alike."""
    if ended is not None:
        said = f"it ended: {ended}"
    else:
        said = (
            f"nothing in the data ends it: it may have lasted until {possible_to.year}, no"
            f" more than {HORIZON_YEARS} years after its last attestation"
        )
    if certain_until is not None and possible is not None and possible > certain_until.year:
        said += (
            f"; no year after {certain_until.year} that no source states is more than"
            " possible: a purge that names no post may have ended it"
        )
    return said


def year_spans(years: Iterable[int]) -> list[YearSpan]:
    return [YearSpan(first=a, last=b) for a, b in year_range(years)]


def _closure(
    t: Tenure, body: Ref, body_ended: str | None, evidence: dict[int, EvidenceOut]
) -> ClosureOut | None:
    """What ended a tenure, with its evidence; `body_ended` is the date its post's body
    ceased."""
    if t.closed_how is None:
        return None
    found = evidence.get(t.closed_by_id) if t.closed_by_id is not None else None
    term = found.holding if found and found.holding and found.holding.term else None
    explanation = ending_words(
        t.closed_how,
        body.name,
        body_ended,
        term.term.name if term and term.term else None,
        (term.end.text if term.end else "?") if term else None,
    )
    return ClosureOut(how=t.closed_how, explanation=explanation, evidence=found)


def ending_words(
    how: str, body: str, body_ended: str | None, term: str | None, term_end: str | None
) -> str:
    """What ended a tenure, in words: `term` and `term_end` are the term whose replacement
    closed it and when, where that is how."""
    if how == "body-ended":
        return f"{body} ceased to exist ({body_ended})"
    if how == "term-ended" and term is not None:
        return f"its term ended: the {term} was replaced ({term_end})"
    return _EXPLAIN[how]


def organisation_and_below(session: Session, organisation_id: str) -> set[str]:
    parents = {
        row.id: row.parent_id
        for row in session.execute(select(Organisation.id, Organisation.parent_id))
    }
    if organisation_id not in parents:
        raise NotFound(f"no organisation with id {organisation_id!r}")
    wanted = {organisation_id}
    grew = True
    while grew:
        below = {o for o, p in parents.items() if p in wanted} - wanted
        wanted |= below
        grew = bool(below)
    return wanted


def check_post(session: Session, post: str) -> Post:
    found = session.get(Post, post)
    if found is None:
        raise NotFound(f"no post with id {post!r}")
    return found


def in_time_order(session: Session, where: ColumnElement[bool]) -> list[TenureOut]:
    """The tenures that match, in time order."""
    ids = session.scalars(
        select(Tenure.id)
        .where(where)
        # by the first day certainly held where there is one: a fuzzy open start reaching back
        # (a possible year) does not put a tenure before one its holder only followed
        .order_by(
            func.coalesce(Tenure.inferred_from, Tenure.possible_from),
            Tenure.possible_to,
            Tenure.post_id,
            Tenure.id,
        )
    ).all()
    loaded = Loaded(session, ids)
    return [loaded.out[i] for i in ids]


def tenures_of_person(
    session: Session, person_id: str, scope: Scope = Scope.all
) -> list[TenureOut]:
    """A person's tenures in time order."""
    return in_time_order(session, and_(Tenure.person_id == person_id, Tenure.scope == scope.value))
