"""Where the passages disagree about one fact of one person's life, side by side."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from api.answer import CSV, AnswersDep, AsCsv
from prosopo import disagreements
from prosopo.schemas import DisagreementOut

router = APIRouter(tags=["disagreements"])


@router.get("/disagreements", response_model=list[DisagreementOut], responses=CSV)
async def list_disagreements(
    answers: AnswersDep,
    as_csv: AsCsv,
    person: Annotated[str | None, Query(description="a person id, e.g. kim-il-sung")] = None,
    about: Annotated[
        Literal["date", "post", "fate", "faction"] | None,
        Query(description="what kind of fact the passages disagree about"),
    ] = None,
) -> Response:
    """Every place where passages disagree about one fact (a date, a post, a fate, a faction),
    each side with the assertion it rests on and its citations; the data prefer no side."""
    return await answers.live(
        lambda session: disagreements.disagreements(session, person, about),
        csv=DisagreementOut if as_csv else None,
    )


@router.get("/disagreements/{disagreement_id}", response_model=DisagreementOut)
async def get_disagreement(disagreement_id: str, answers: AnswersDep) -> Response:
    """One disagreement, side by side."""
    return await answers.live(lambda session: disagreements.disagreement(session, disagreement_id))
