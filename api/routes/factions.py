"""Factions in power: the seats of a body by the factions of their holders, year by year."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.answer import AnswerRoute
from api.deps import SVG, SessionDep
from prosopo import offices
from prosopo.schemas import FactionsInPower

router = APIRouter(prefix="/organisations", tags=["factions"], route_class=AnswerRoute)


@router.get("/{organisation_id}/factions")
def factions_in_power(organisation_id: str, session: SessionDep) -> FactionsInPower:
    """For each year, how many seats of a body (e.g. `cabinet`, `kwp-standing-committee`) each
    faction held, by the faction memberships of the holders: `seats` stated or inferred,
    `possible` only possible. A body counts with the bodies inside it and its line of succession
    (the party's top body under its three names)."""
    return offices.factions_in_power(session, organisation_id)


@router.get("/{organisation_id}/factions.svg", response_class=Response, responses=SVG)
def factions_chart(organisation_id: str, session: SessionDep) -> Response:
    """The seats of /organisations/{id}/factions as a stacked bar chart (SVG)."""
    from prosopo import charts  # matplotlib is imported only when a picture is asked for

    picture = charts.factions_chart(offices.factions_in_power(session, organisation_id))
    return Response(picture, media_type="image/svg+xml")
