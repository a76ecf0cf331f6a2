"""Factions: the catalogue, and one faction's members over time and their fates."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.answer import CSV, AnswersDep, AsCsv
from prosopo import catalogue
from prosopo.schemas import FactionDetail, FactionOut

router = APIRouter(prefix="/factions", tags=["factions"])


@router.get("", response_model=list[FactionOut], responses=CSV)
async def list_factions(answers: AnswersDep, as_csv: AsCsv) -> Response:
    """The factions (Soviet, Yan'an, partisan, Kapsan, domestic, South Korean Workers' Party),
    each with the words the texts use for it and how many persons the data place in it."""
    return await answers.live(catalogue.factions, csv=FactionOut if as_csv else None)


@router.get("/{faction_id}", response_model=FactionDetail)
async def get_faction(faction_id: str, answers: AnswersDep) -> Response:
    """One faction: its members, each membership with the text's own label for the faction,
    its dates and citations, in date order; and their fates: every purge of a member (at any
    time), and those counted per year by basis."""
    return await answers.live(lambda session: catalogue.faction(session, faction_id))
