"""The tree of bodies: each organisation lies inside its parent (a ministry in the cabinet, a
department in the Central Committee). One rule for the build, the questions and the checks."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class OrganisationKind(StrEnum):
    """What a body is, in the order the tree and the leadership show them: the party's bodies
    first, then the state's, the army's, the diplomatic service and the mass organisations."""

    party = "party"
    state = "state"
    military = "military"
    diplomatic = "diplomatic"
    mass = "mass"


KIND_ORDER = {kind.value: i for i, kind in enumerate(OrganisationKind)}


def ancestry(org_id: str, parents: Mapping[str, str | None]) -> list[str]:
    """A body and the bodies it lies inside, innermost first."""
    found: list[str] = []
    current: str | None = org_id
    while current is not None and current not in found:
        found.append(current)
        current = parents.get(current)
    return found
