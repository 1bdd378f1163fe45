"""Who may do what, in one place: the role rules of actions and the gemeenten a reader sees.

A :class:`Rule` names the roles an action needs, whatever the data; the API and the console
declare it at the route (``api.deps.Authenticated``). Rules that depend on the data are
functions here, called by the engine's commands: :func:`case_access` (who reads a case, and
how much of it), :func:`work_refusal` (who works on a task), :func:`require_role`. Every query
that lists cases, tasks, handovers or events is limited to :func:`gemeenten`.
docs/security.md holds the whole table of role and action; tests/api/test_security.py walks it.

Need-to-know:

- the staff of a process (its lane roles, except the external ones) read its cases in
  their gemeenten, with every task and the whole history;
- the procesregisseur and auditors read every case of their gemeenten;
- external roles (klant, werkgever, uwv) see only the tasks assigned to them (``assignee``
  is their user name) and the cases those tasks belong to, not the history of those cases
  nor the tasks of others;
- ontwerpers and beheerders read no case data: they see the models, or the users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from .errors import NotFound, PermissionDenied
from .users import Actor
from .vocabulary import LANE_ROLES, Role


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

READ_ALL_CASES = _rule(
    "reading every case of a gemeente is for the procesregisseur and auditors",
    Role.PROCESREGISSEUR,
    Role.AUDITOR,
)

EXTERNAL_ROLES: frozenset[str] = frozenset({Role.KLANT, Role.WERKGEVER, Role.UWV})
"""Lane roles of people outside the sociale dienst: they see only what is assigned to them."""
STAFF_ROLES: frozenset[str] = frozenset(LANE_ROLES) - EXTERNAL_ROLES
"""Lane roles of the sociale dienst's own staff."""


class CaseAccess(Enum):
    """How much of a case a reader sees."""

    NONE = "none"
    """Nothing: the case does not exist for them (404)."""
    ASSIGNED = "assigned"
    """The case and the tasks assigned to them; not its history nor the tasks of others."""
    FULL = "full"
    """The case, every task and the whole history."""


def case_access(
    actor: Actor, gemeente: str, process_roles: Iterable[str], assigned: Callable[[], bool]
) -> CaseAccess:
    """How much the actor sees of a case of ``gemeente`` whose process has ``process_roles``.

    ``assigned`` tells (only when asked) whether a task of the case is assigned to the actor.
    """
    if gemeente not in actor.gemeenten:
        return CaseAccess.NONE
    if not actor.roles.isdisjoint(READ_ALL_CASES.roles):
        return CaseAccess.FULL
    if not staff_roles(actor).isdisjoint(process_roles):
        return CaseAccess.FULL
    if not actor.roles.isdisjoint(EXTERNAL_ROLES) and assigned():
        return CaseAccess.ASSIGNED
    return CaseAccess.NONE


def staff_roles(actor: Actor) -> frozenset[str]:
    """The actor's lane roles as staff of the sociale dienst."""
    return actor.roles & STAFF_ROLES


def sees_task(actor: Actor, level: CaseAccess, assignee: str | None) -> bool:
    """Whether a reader with ``level`` access to a case sees one of its tasks."""
    if level is CaseAccess.FULL:
        return True
    return level is CaseAccess.ASSIGNED and assignee == actor.name


def work_refusal(
    actor: Actor,
    task_name: str,
    task_roles: Iterable[str],
    assignee: str | None,
    process_roles: Iterable[str] = (),
) -> str | None:
    """Why the actor may not work on a task (claim, give back, complete), or None when they may.

    Staff work on the tasks of their roles; an external role works only on a task assigned
    to the user; a task assigned to someone is theirs alone. A task of the klant, werkgever or
    uwv that is assigned to nobody is recorded on their behalf by the staff of the case's
    process (the consulent registers what the klant delivered at the desk), else no one could.
    """
    roles = list(task_roles)
    mine = assignee == actor.name
    external = EXTERNAL_ROLES & actor.roles
    on_behalf = (
        not assignee and set(roles) <= EXTERNAL_ROLES and not staff_roles(actor).isdisjoint(process_roles)
    )
    if (
        staff_roles(actor).isdisjoint(roles)
        and not (mine and not external.isdisjoint(roles))
        and not on_behalf
    ):
        return f"task '{task_name}' is work for {', '.join(roles)}"
    if assignee and not mine:
        return f"task '{task_name}' is assigned to {assignee}"
    return None


def require_starter(
    actor: Actor, process_id: str, starter_groups: Iterable[str], process_roles: Iterable[str]
) -> None:
    """Who starts a case of a process: its ``camunda:candidateStarterGroups`` if it names them (so a
    process without user tasks can be started), else the staff roles of its tasks.

    Raises:
        PermissionDenied: the actor has none of those roles as staff.
    """
    staff = [r for r in (list(starter_groups) or list(process_roles)) if r in STAFF_ROLES]
    require_staff_role(actor, staff, f"starting '{process_id}' needs one of the roles {', '.join(staff)}")


def require_staff_role(actor: Actor, roles: Iterable[str], refusal: str) -> None:
    """Raises:
    PermissionDenied: the actor has none of ``roles`` as staff (an external role does not count)."""
    if staff_roles(actor).isdisjoint(roles):
        raise PermissionDenied(refusal)


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
