"""Why a seat has no holder in a period, in words: no source names anyone, its last holder is
last named in some year (with the citation) and what bounds that tenure, its first holder is
named only later, or the post or its body did not exist then. The year pages, the CLI and the
API give this one explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from prosopo.among import among
from prosopo.answers import citations_of
from prosopo.models import Organisation, Post, PostHolding, Tenure, TenureEvidence, TenureYear, Term
from prosopo.scope import Scope
from prosopo.tenured import bounds_words, ending_words, tenure_rows
from prosopo.tenures import Basis


def silences(
    session: Session, posts: Sequence[str], first: dt.date, last: dt.date, scope: Scope = Scope.all
) -> dict[str, str]:
    """Why each of these posts has no holder in [first, last], in words: no source names any
    holder of it; or its last holder is last named in a year (with the citation), and what
    bounds that tenure; or its first holder is named only later. The year pages, the CLI and
    the API give this one explanation."""
    if not posts:
        return {}
    rows = session.execute(
        select(Tenure.id, Tenure.post_id, Tenure.possible_from, Tenure.possible_to)
        .where(among(Tenure.post_id, posts), Tenure.scope == scope.value)
        .order_by(Tenure.possible_to, Tenure.id)
    ).all()
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for r in rows:
        if r.possible_to < first:
            before[r.post_id] = r  # the latest comes last
        elif r.possible_from > last and (
            r.post_id not in after or r.possible_from < after[r.post_id].possible_from
        ):
            after[r.post_id] = r
    last_holder = _last_holders(session, [r.id for r in before.values()])
    whose = (
        " in the texts"
        if scope is Scope.texts
        else " in the record"
        if scope is Scope.record
        else ""
    )
    absent = _absent(session, posts, first, last)
    out: dict[str, str] = {}
    for post_id in posts:
        said = [absent[post_id]] if post_id in absent else []
        if post_id in before:
            name, named, ref, bounds = last_holder[before[post_id].id]
            said.append(
                f"its last holder{whose}, {name}, is last named in it in {named} ({ref}); {bounds}"
            )
        if post_id in after:
            said.append(f"the next holder is named only from {after[post_id].possible_from.year}")
        if not said:
            said.append(f"no source{whose} names any holder of this post")
        out[post_id] = "; ".join(said)
    return out


def _last_holders(
    session: Session, tenure_ids: Sequence[int]
) -> dict[int, tuple[str, int, str, str]]:
    """For each of these tenures: its holder's name, the last year a source names or implies
    (else the first possible), the reference of its last attestation's first citation, and what
    bounds it, in words. A few aggregate queries, however many tenures (an empty seat's words)."""
    if not tenure_ids:
        return {}
    wanted = set(tenure_ids)
    named = case(
        (TenureYear.basis.in_([Basis.stated.value, Basis.inferred.value]), TenureYear.year)
    )
    years = {
        r.tenure_id: (r.named, r.possible)
        for r in session.execute(
            select(
                TenureYear.tenure_id,
                func.max(named).label("named"),
                func.max(case((TenureYear.basis == Basis.possible.value, TenureYear.year))).label(
                    "possible"
                ),
            )
            .where(among(TenureYear.tenure_id, wanted))
            .group_by(TenureYear.tenure_id)
        )
    }
    latest = (
        select(TenureEvidence.tenure_id, func.max(TenureEvidence.position).label("position"))
        .where(among(TenureEvidence.tenure_id, wanted))
        .group_by(TenureEvidence.tenure_id)
        .subquery()
    )
    last_attested: dict[int, int] = dict(
        session.execute(
            select(TenureEvidence.tenure_id, TenureEvidence.assertion_id).join(
                latest,
                and_(
                    latest.c.tenure_id == TenureEvidence.tenure_id,
                    latest.c.position == TenureEvidence.position,
                ),
            )
        ).all()
    )
    cited = citations_of(session, last_attested.values())
    rows = tenure_rows(session, wanted)
    terms = {
        r.id: (r.name, r.end_text or "?")
        for r in session.execute(
            select(PostHolding.id, Term.name, PostHolding.end_text)
            .join(Term, Term.id == PostHolding.term_id)
            .where(among(PostHolding.id, {r.Tenure.closed_by_id for r in rows} - {None}))
        )
    }
    out = {}
    for r in rows:
        t = r.Tenure
        last_named, latest_possible = years.get(t.id, (None, None))
        citations = cited.get(last_attested.get(t.id, -1), [])
        term, term_end = terms.get(t.closed_by_id, (None, None)) if t.closed_by_id else (None, None)
        ended = (
            ending_words(t.closed_how, r.organisation_name, r.organisation_to, term, term_end)
            if t.closed_how
            else None
        )
        out[t.id] = (
            r.person_name,
            last_named if last_named is not None else t.possible_from.year,
            citations[0].reference if citations else "",
            bounds_words(ended, t.possible_to, t.certain_until, latest_possible),
        )
    return out


def _absent(
    session: Session, posts: Sequence[str], first: dt.date, last: dt.date
) -> dict[str, str]:
    """The posts among `posts` that did not exist in [first, last], or whose body did not: in
    words, with the dates the vocabulary gives it."""
    out = {}
    body = aliased(Organisation)
    dates = ("from_text", "from_earliest", "to_text", "to_latest")
    for r in session.execute(
        select(
            Post.id,
            *[getattr(Post, d) for d in dates],
            body.name,
            *[getattr(body, d).label(f"body_{d}") for d in dates],
        )
        .join(body, body.id == Post.organisation_id)
        .where(among(Post.id, posts))
    ):
        for what, prefix in (("the post", ""), (r.name, "body_")):
            since, begun, until, ended = (getattr(r, prefix + d) for d in dates)
            if (begun and begun > last) or (ended and ended < first):
                when = f"{since or '?'} to {until}" if until else f"from {since}"
                out[r.id] = f"{what} did not exist then ({when})"
                break
    return out
