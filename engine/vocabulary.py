"""The words procesregie uses, each defined once: roles, statuses, event types, form field types,
steering lines, outcome types of end events and the XML namespaces of a BPMN file.

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
    FOLLOW_UP_STARTED = "follow_up_started", "Vervolgzaak gestart"
    CASE_CANCELLED = "case_cancelled", "Zaak beëindigd"
    CASE_MIGRATED = "case_migrated", "Zaak naar andere procesversie overgezet"


class Labelled(StrEnum):
    """A word with its Dutch label: members are ``NAME = "value", "label"``."""

    label: str

    def __new__(cls, value: str, label: str) -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Organisatie(Labelled):
    """The organisation that holds the work of a lane (the lane property ``organisatie``) or employs a
    user: who holds the uitvoeringsregie, and who works as subcontractor, in a handover report. The
    last three are the parties outside the werkbedrijf whose lanes a case waits on: the client, the
    employer and UWV; a handover to them is not a queue of the werkbedrijf's own."""

    SOCIALE_DIENST = "sociale_dienst", "Sociale dienst"
    SW_BEDRIJF = "sw_bedrijf", "SW-bedrijf"
    WERKGEVERSSERVICEPUNT = "werkgeversservicepunt", "Werkgeversservicepunt"
    RE_INTEGRATIEBEDRIJF = "re_integratiebedrijf", "Re-integratiebedrijf"
    KLANT = "klant", "Klant"
    WERKGEVER = "werkgever", "Werkgever"
    UWV = "uwv", "UWV"


class VersionAction(Labelled):
    """What an ontwerper did to the versions of a process, with its Dutch label."""

    ROLLED_BACK = "rolled_back", "Teruggezet"
    RETIRED = "retired", "Buiten gebruik gesteld"
    CASES_MIGRATED = "cases_migrated", "Zaken overgezet"
    PILOT_STARTED = "pilot_started", "Pilot gestart"
    PILOT_PROMOTED = "pilot_promoted", "Pilot ingevoerd voor alle nieuwe zaken"
    PILOT_ENDED = "pilot_ended", "Pilot beëindigd"


class PilotStatus(Labelled):
    """Where a pilot of a version stands, with its Dutch label."""

    RUNNING = "running", "loopt"
    PROMOTED = "promoted", "ingevoerd"
    ENDED = "ended", "beëindigd"


class FieldType(StrEnum):
    """The types of a ``camunda:formField`` this engine validates."""

    STRING = "string"
    LONG = "long"
    BEDRAG = "bedrag"
    """An amount in euros with cents (a procesregie type; Camunda 7 forms have none)."""
    BOOLEAN = "boolean"
    DATE = "date"
    ENUM = "enum"


class SteeringLine(StrEnum):
    """The ``stuurlijn`` property of a process: the line the werkbedrijf steers on."""

    VOORKOMEN = "voorkomen"
    UITSTROMEN = "uitstromen"
    WERKEN_EN_MEEDOEN = "werken en meedoen"
    RECHTMATIG_UITKEREN = "rechtmatig uitkeren"


class Uitkomst(StrEnum):
    """The ``uitkomst`` property of an end event: what reaching it means for the client, in the types
    the werkbedrijf steers on (docs/modelling.md). Each has a Dutch label and a description that says
    when a designer picks it; the case records the type of the end event that ended it."""

    label: str
    description: str

    def __new__(cls, value: str, label: str, description: str) -> Uitkomst:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description
        return member

    TOEGEKEND = (
        "toegekend",
        "Toegekend",
        "De gevraagde uitkering, voorziening, vergoeding of ontheffing is (geheel of deels) toegekend.",
    )
    AFGEWEZEN = (
        "afgewezen",
        "Afgewezen",
        "De aanvraag, het verzoek of de kandidaat is afgewezen, of er blijkt geen recht te bestaan.",
    )
    BUITEN_BEHANDELING = (
        "buiten_behandeling",
        "Buiten behandeling gesteld",
        "De aanvraag is buiten behandeling gesteld omdat gegevens niet binnen de hersteltermijn kwamen "
        "(Awb 4:5).",
    )
    INGETROKKEN = (
        "ingetrokken",
        "Ingetrokken",
        "De klant trok de aanvraag of het bezwaar in, of het college trok het recht in (Pw 54).",
    )
    DOORVERWEZEN = (
        "doorverwezen",
        "Doorverwezen",
        "De klant gaat verder bij een voorliggende voorziening, een andere instantie of een ander "
        "traject; dit proces levert zelf geen besluit over zijn vraag.",
    )
    UITSTROOM_WERK = (
        "uitstroom_werk",
        "Uitstroom naar werk",
        "De klant werkt en heeft daardoor geen uitkering (meer) nodig.",
    )
    UITSTROOM_ANDERE_UITKERING = (
        "uitstroom_andere_uitkering",
        "Uitstroom naar andere uitkering",
        "De bijstand eindigt omdat een andere uitkering (WW, WIA, AOW, ...) het inkomen overneemt.",
    )
    UITSTROOM_OVERIG = (
        "uitstroom_overig",
        "Uitstroom om een andere reden",
        "De uitkering eindigt of is niet nodig om een andere reden dan werk of een andere uitkering "
        "(verhuizing, detentie, samenwonen, opleiding, overlijden).",
    )
    GEGROND = "gegrond", "Gegrond", "Het bezwaar of beroep is gegrond; het besluit is herzien."
    GEDEELTELIJK_GEGROND = (
        "gedeeltelijk_gegrond",
        "Gedeeltelijk gegrond",
        "Het bezwaar of beroep is deels gegrond; het besluit is op dat deel herzien.",
    )
    ONGEGROND = "ongegrond", "Ongegrond", "Het bezwaar of beroep is ongegrond; het besluit blijft in stand."
    NIET_ONTVANKELIJK = (
        "niet_ontvankelijk",
        "Niet-ontvankelijk",
        "Het bezwaar, beroep of de ingebrekestelling wordt niet inhoudelijk behandeld (te laat, "
        "prematuur of niet tegen een besluit).",
    )
    VASTGESTELD = (
        "vastgesteld",
        "Vastgesteld",
        "Een feit, bedrag, norm, route of herziening is vastgesteld (identiteit, loonwaarde, doelgroep, "
        "terugvordering); het volgende proces bouwt erop voort.",
    )
    OPGELEGD = (
        "opgelegd",
        "Opgelegd",
        "Een maatregel, bestuurlijke boete, waarschuwing of dwangmiddel (beslag) is opgelegd.",
    )
    GEEN_GEVOLG = (
        "geen_gevolg",
        "Geen gevolg",
        "Het signaal, onderzoek of de wijziging heeft geen gevolg voor het recht of de betaling.",
    )
    AFGEROND = (
        "afgerond",
        "Afgerond",
        "Het werk van het proces is gedaan zonder besluit van een van de andere soorten (betaling "
        "gedaan, traject doorlopen, klant geïnformeerd); ook het einde van een escalatietak.",
    )
    AFGEBROKEN = (
        "afgebroken",
        "Afgebroken",
        "Het proces stopte voordat het zijn doel bereikte: klant niet verschenen, uitval, geen plek, "
        "geen medewerking.",
    )
    GEPLAATST = (
        "geplaatst",
        "Geplaatst",
        "De kandidaat is geplaatst bij een werkgever of op een (leer)werkplek, proefplaats of beschut "
        "werk; wat dat voor de uitkering betekent, regelt een uitstroomproces.",
    )


OUTCOME_TYPES: dict[str, Uitkomst] = {u.value: u for u in Uitkomst}
"""The outcome types by value (``Uitkomst(value)`` does not type-check with the labelled members)."""


# The XML namespaces of a BPMN file as Camunda Modeler writes it.
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
MODELER_NS = "http://camunda.org/schema/modeler/1.0"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "camunda": CAMUNDA_NS}
