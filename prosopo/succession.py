"""The holders of one post over time, in order, with the years the data leave without one."""

from __future__ import annotations

from sqlalchemy import and_
from sqlalchemy.orm import Session

from prosopo.answers import post_ref
from prosopo.models import Tenure
from prosopo.schemas import PostHolders, YearSpan
from prosopo.scope import Scope
from prosopo.tenured import check_post, in_time_order, year_spans


def holders(session: Session, post_id: str, scope: Scope = Scope.all) -> PostHolders:
    """The holders of one post over time, in order, with the gaps the data leave."""
    post = check_post(session, post_id)
    tenures = in_time_order(session, and_(Tenure.post_id == post_id, Tenure.scope == scope.value))
    held = {
        year
        for t in tenures
        for span in (*t.stated, *t.inferred)
        for year in range(span.first, span.last + 1)
    }
    gaps: list[YearSpan] = []
    if held:
        empty = set(range(min(held), max(held) + 1)) - held
        gaps = year_spans(empty)
    return PostHolders(
        post=post_ref(post),
        single_holder=post.single_holder,
        scope=scope,
        tenures=tenures,
        gaps=gaps,
    )
