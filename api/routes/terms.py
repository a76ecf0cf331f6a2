"""The terms of the leading bodies and their compositions as the sources list them."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.answer import AnswersDep
from api.deps import ScopeQuery
from prosopo import terms
from prosopo.schemas import Composition, TermOut
from prosopo.scope import Scope

router = APIRouter(tags=["terms"])


@router.get("/terms", response_model=list[TermOut])
async def list_terms(answers: AnswersDep) -> Response:
    """Every term of every leading body (each cabinet, Central Committee, top body and the
    SPA's standing body): when it was elected, by what, and when the next replaced it."""
    return await answers.live(terms.terms)


@router.get("/terms/{term_id}", response_model=Composition)
async def get_term(term_id: str, answers: AnswersDep, scope: ScopeQuery = Scope.all) -> Response:
    """Who the sources list in one term, post by post, each with the holding's own dates where
    the source gives them and its citations. A person the sources do not list is unknown, not
    absent: `note` says how many the answer holds."""
    return await answers.live(lambda session: terms.composition(session, term_id, scope))
