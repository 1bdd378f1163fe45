"""The words procesregie uses, each defined once: roles, statuses, event types, form field types,
steering lines and the XML namespaces of a BPMN file.

Models, routers, schemas, the XES export and the timeline all take these, so a status or
an event type is spelled in one place (docs/glossary.md maps the Dutch words).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A role of a sociale dienst: the lane roles do the work of a case, the others design,
    steer, audit or administer."""

    KLANT = "klant"
    KLANTMANAGER = "klantmanager"
    INKOMENSCONSULENT = "inkomensconsulent"
    WERKCOACH = "werkcoach"
    ACCOUNTMANAGER = "accountmanager"
    JOBCOACH = "jobcoach"
    LOONWAARDEDESKUNDIGE = "loonwaardedeskundige"
    HANDHAVER = "handhaver"
    BACKOFFICE = "backoffice"
    JURIST = "jurist"
    WERKGEVER = "werkgever"
    UWV = "uwv"
    ONTWERPER = "ontwerper"
    PROCESREGISSEUR = "procesregisseur"
    AUDITOR = "auditor"
    BEHEERDER = "beheerder"

    @property
    def is_lane(self) -> bool:
        """Whether the role is a lane in a process (people who do the work of a case)."""
        return self not in SYSTEM_ROLES


SYSTEM_ROLES: frozenset[Role] = frozenset(
    {Role.ONTWERPER, Role.PROCESREGISSEUR, Role.AUDITOR, Role.BEHEERDER}
)
LANE_ROLES: tuple[Role, ...] = tuple(r for r in Role if r not in SYSTEM_ROLES)
ALL_ROLES: tuple[Role, ...] = tuple(Role)


def lane_role(lane_name: str | None) -> Role | None:
    """Map a lane's name (as Camunda Modeler shows it) to a lane role, or None."""
    if not lane_name:
        return None
    try:
        role = Role(lane_name.strip().lower())
    except ValueError:
        return None
    return role if role.is_lane else None


class UserSource(StrEnum):
    """Where a user signs in: procesregie's own password and token, or an OpenID Connect provider."""

    BUILTIN = "builtin"
    OIDC = "oidc"


class CaseStatus(StrEnum):
    """Where a case stands."""

    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class TaskStatus(StrEnum):
    """Where a user task of a case stands in the work queue."""

    READY = "ready"
    CLAIMED = "claimed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self in (TaskStatus.READY, TaskStatus.CLAIMED)


OPEN_TASK_STATUSES: tuple[TaskStatus, ...] = (TaskStatus.READY, TaskStatus.CLAIMED)


class EventType(StrEnum):
    """A kind of audit event, with its Dutch label (the timeline) and its XES lifecycle
    transition (process mining), where it has one."""

    label: str
    transition: str | None

    def __new__(cls, value: str, label: str, transition: str | None = None) -> EventType:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.transition = transition
        return member

    CASE_STARTED = "case_started", "Zaak gestart"
    TASK_READY = "task_ready", "Taak klaargezet"
    TASK_CLAIMED = "task_claimed", "Taak opgepakt", "start"
    TASK_UNCLAIMED = "task_unclaimed", "Taak teruggelegd"
    TASK_COMPLETED = "task_completed", "Taak afgerond", "complete"
    TASK_CANCELLED = "task_cancelled", "Taak vervallen"
    HANDOVER = "handover", "Overdracht", "reassign"
    TIMER_FIRED = "timer_fired", "Termijn verstreken"
    MESSAGE_RECEIVED = "message_received", "Bericht ontvangen"
    CASE_COMPLETED = "case_completed", "Zaak afgerond"
    CASE_CANCELLED = "case_cancelled", "Zaak beëindigd"
    CASE_MIGRATED = "case_migrated", "Zaak naar andere procesversie overgezet"


class VersionAction(StrEnum):
    """What an ontwerper did to the versions of a process, with its Dutch label."""

    label: str

    def __new__(cls, value: str, label: str) -> VersionAction:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    ROLLED_BACK = "rolled_back", "Teruggezet"
    RETIRED = "retired", "Buiten gebruik gesteld"
    CASES_MIGRATED = "cases_migrated", "Zaken overgezet"


class FieldType(StrEnum):
    """The types of a ``camunda:formField`` this engine validates."""

    STRING = "string"
    LONG = "long"
    BOOLEAN = "boolean"
    DATE = "date"
    ENUM = "enum"


class SteeringLine(StrEnum):
    """The ``stuurlijn`` property of a process: the line the werkbedrijf steers on."""

    VOORKOMEN = "voorkomen"
    UITSTROMEN = "uitstromen"
    WERKEN_EN_MEEDOEN = "werken en meedoen"
    RECHTMATIG_UITKEREN = "rechtmatig uitkeren"


# The XML namespaces of a BPMN file as Camunda Modeler writes it.
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
MODELER_NS = "http://camunda.org/schema/modeler/1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "camunda": CAMUNDA_NS}
