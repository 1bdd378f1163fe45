"""The canonical roles of a sociale dienst (see docs/glossary.md)."""

LANE_ROLES: tuple[str, ...] = (
    "klant",
    "klantmanager",
    "inkomensconsulent",
    "werkcoach",
    "accountmanager",
    "jobcoach",
    "loonwaardedeskundige",
    "handhaver",
    "backoffice",
    "jurist",
    "werkgever",
    "uwv",
)
"""Roles that are lanes in a process: people who do the work of a case."""

SYSTEM_ROLES: tuple[str, ...] = ("ontwerper", "procesregisseur", "auditor", "beheerder")
"""Roles that are not lanes: they design, steer, audit or administer."""

ALL_ROLES: tuple[str, ...] = LANE_ROLES + SYSTEM_ROLES


def lane_role(lane_name: str | None) -> str | None:
    """Map a lane's name (as Camunda Modeler shows it) to a canonical role, or None."""
    if not lane_name:
        return None
    role = lane_name.strip().lower()
    return role if role in LANE_ROLES else None
