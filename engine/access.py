"""Who may do what, in one place: the role rules of actions and the gemeenten a reader sees.

A :class:`Rule` names the roles an action needs, whatever the data; the API declares
it at the route (``api.deps.requires``) and so will every other front end. Rules that
depend on the data (the roles of a task or of a process) are checked by the engine's
commands with :func:`require_role`. Every query that lists cases, tasks, handovers or
events is limited to :func:`gemeenten`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import NotFound, PermissionDenied
from .users import Actor
from .vocabulary import Role


@dataclass(frozen=True)
class Rule:
    """An action that needs one of a set of roles."""

    roles: frozenset[Role]
    refusal: str

    def check(self, actor: Actor) -> None:
        """Raises:
        PermissionDenied: the actor has none of the roles."""
        require_role(actor, self.roles, self.refusal)


def _rule(refusal: str, *roles: Role) -> Rule:
    return Rule(frozenset(roles), refusal)


DEPLOY = _rule("only an ontwerper may deploy processes", Role.ONTWERPER)
MANAGE_USERS = _rule("managing users needs the role beheerder", Role.BEHEERDER)
READ_AUDIT_TRAIL = _rule("the audit trail is for auditors", Role.AUDITOR)
READ_REPORTS = _rule("reports are for the procesregisseur and auditors", Role.PROCESREGISSEUR, Role.AUDITOR)
READ_HANDOVERS = _rule(
    "handovers are for the procesregisseur and auditors", Role.PROCESREGISSEUR, Role.AUDITOR
)
EXPORT_EVENT_LOG = _rule(
    "process mining exports are for auditors and the procesregisseur", Role.AUDITOR, Role.PROCESREGISSEUR
)


def require_role(actor: Actor, roles: Iterable[str], refusal: str) -> None:
    """Raises:
    PermissionDenied: the actor has none of ``roles``."""
    if actor.roles.isdisjoint(roles):
        raise PermissionDenied(refusal)


def gemeenten(actor: Actor, gemeente: str | None = None) -> frozenset[str]:
    """The gemeenten a query of the actor covers: those they serve, or the one asked if they serve it."""
    if gemeente is None:
        return actor.gemeenten
    return actor.gemeenten & {gemeente}


def require_gemeente(actor: Actor, gemeente: str, kind: str, key: str) -> None:
    """Something of a gemeente the actor does not serve does not exist for them.

    Raises:
        NotFound: naming ``kind`` and ``key``, as for something that does not exist.
    """
    if gemeente not in actor.gemeenten:
        raise NotFound(kind, key)
