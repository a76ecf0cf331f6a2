"""Organisations: the tree of bodies and posts with their holders, and the factions in power in
a body, year by year."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.answer import AnswersDep
from api.deps import SVG
from prosopo import catalogue, charts, in_power
from prosopo.schemas import FactionsInPower, OrganisationNode

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", response_model=list[OrganisationNode])
async def organisation_tree(answers: AnswersDep) -> Response:
    """Every organisation as a tree, party bodies first, then the state's, the military,
    diplomatic and mass organisations: each body with the words the texts use for it, its dates
    as the texts give them, the body it replaced, its posts (each with its holders from the
    tenures, their years by basis) and the bodies inside it."""
    return await answers.live(catalogue.organisations)


@router.get("/{organisation_id}", response_model=OrganisationNode)
async def organisation(organisation_id: str, answers: AnswersDep) -> Response:
    """One organisation's subtree: its posts with their holders, and the bodies inside it."""
    return await answers.live(lambda session: catalogue.organisations(session, organisation_id)[0])


@router.get("/{organisation_id}/factions", response_model=FactionsInPower)
async def factions_in_power(organisation_id: str, answers: AnswersDep) -> Response:
    """For each year, how many seats of a body (e.g. `cabinet`, `kwp-standing-committee`) each
    faction held, by the faction memberships of the holders: `seats` stated or inferred,
    `possible` only possible. A body counts with the bodies inside it and its line of succession
    (the party's top body under its three names)."""
    return await answers.live(lambda session: in_power.factions_in_power(session, organisation_id))


@router.get("/{organisation_id}/factions.svg", response_class=Response, responses=SVG)
async def factions_chart(organisation_id: str, answers: AnswersDep) -> Response:
    """The seats of /organisations/{id}/factions as a stacked bar chart (SVG)."""
    return await answers.live(
        lambda session: Response(
            charts.drawn(
                charts.faction_bars(
                    in_power.factions_in_power(session, organisation_id), "/ui/years/{year}"
                ),
                "factions",
                "the data fill no seat of this body in any year",
            ),
            media_type="image/svg+xml",
        )
    )
