"""Case commands (the runtime): start a case, read it, deliver a message to it, cancel it.

Every change goes the same way: load the case and restore its workflow
(:mod:`engine.store`), advance it by one action with the pure step
(:mod:`engine.step`), then record what the step changed and save, guarded by the
case's optimistic lock. Task commands and the work queue are in :mod:`engine.tasks`,
timers in :mod:`engine.timers`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import access, audit, bpmn, pilots, rollup, store
from . import bsn as bsn_module
from . import step as steps
from .config import get_settings
from .errors import (
    CaseNotRunning,
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ProcessError,
)
from .forms import Form
from .models import AuditEvent, Case, CaseTask, Handover, ProcessVersion, utcnow
from .outcomes import End
from .processes import DefinitionCache
from .profiles import Profiles, service_profiles
from .users import Actor
from .vocabulary import CaseStatus, EventType, TaskStatus

BSN_AS_CLIENT_REF = "looks like a BSN; send it as `bsn`, it is stored only as a keyed hash"


def start_case(
    session: Session,
    cache: DefinitionCache,
    profiles: Profiles,
    actor: Actor,
    process_id: str,
    gemeente: str,
    client_ref: str,
    data: dict[str, Any],
    bsn: str | None = None,
    *,
    origin: tuple[Case, End] | None = None,
) -> Case:
    """Start a case on the version of a process new cases start on, or on the version of a pilot
    running in the gemeente when the case's draw says so (:func:`engine.pilots.choose`).

    A follow-up case (``origin``: the case and the end event it follows) is started by the model, not
    by one who may start the process: the actor's gemeenten and roles are not checked for it, and it
    takes the client reference and BSN hash of its origin (:func:`_start_follow_up`).

    The case data starts with the start form's values, the gemeente's policy profile
    (``profiel``) and, for a process whose ``plafond`` property names a yearly ceiling
    of the profile, whether that ceiling is reached (``plafond_bereikt``).

    Raises:
        NotFound: no such process.
        Conflict: every version of the process is retired.
        PermissionDenied: the actor does not serve the gemeente or has no role in the process.
        InvalidInput: the start data does not fit the start form, or the client reference is a BSN
            (nine digits passing the elfproef), which belongs in ``bsn``.
    """
    case_id = str(uuid.uuid4())
    choice = pilots.choose(session, process_id, gemeente, case_id)
    version = choice.version
    if choice.retired:
        raise Conflict(
            f"every version of process '{process_id}' is retired; an ontwerper rolls it back to one"
        )
    definition = cache.get(session, version)
    if origin is None:
        if not actor.serves(gemeente):
            raise PermissionDenied(f"you do not serve gemeente '{gemeente}'")
        access.require_starter(actor, process_id, definition.starter_groups, version.roles)
        client_ref = client_ref.strip()
        if not client_ref:
            raise InvalidInput([FieldError("client_ref", "is required")])
        if bsn_module.valid(client_ref):
            # A client reference is stored, shown and searched in plain text; a BSN never is (ADR 8).
            raise InvalidInput([FieldError("client_ref", BSN_AS_CLIENT_REF)])
        if bsn is not None and not bsn_module.valid(bsn):
            raise InvalidInput([FieldError("bsn", "is not a valid BSN (nine digits passing the elfproef)")])
        bsn_hash = bsn_module.keyed_hash(bsn, get_settings().bsn_key) if bsn is not None else None
    else:
        bsn_hash = origin[0].bsn_hash
    values = _validate_start_data(definition.start_form, data)
    profile = profiles.get(gemeente)
    context: dict[str, Any] = {**values, "profiel": profile.model_dump()}
    ceiling_key = definition.properties.get("plafond")
    if ceiling_key:
        context["plafond_bereikt"] = _ceiling_reached(
            session, process_id, gemeente, getattr(profile, ceiling_key)
        )
    case = Case(process_version=version)  # its columns are set, as committed, below
    writes = store.CaseWrites(session, case, new=True)
    writes.set_case(
        id=case_id,
        process_version_id=version.id,
        pilot_id=choice.pilot_id,
        process_id=process_id,
        gemeente=gemeente,
        client_ref=client_ref,
        status=CaseStatus.RUNNING,
        started_by=actor.name,
        started_at=utcnow(),
        event_count=0,
        data=context,
        bsn_hash=bsn_hash,
        last_role=None,
        last_actor=None,
        last_task_id=None,
        last_task_name=None,
        audit_head=None,
        ended_at=None,  # set, so that showing the new case reads nothing back
        outcome_element=None,
        outcome_type=None,
        timers_fired=0,
        origin_case_id=origin[0].id if origin else None,
    )
    step = steps.begin(definition, context)
    # what the start's own scripts set beside the start data (a term computed from a date, say)
    changes = store.data_changes(context, step.data) if step.data is not None else {}
    writes.event(
        EventType.CASE_STARTED,
        actor.name,
        acting_role(actor, version.roles),
        data={
            "gemeente": gemeente,
            "process_number": version.number,
            "data": context,
            **choice.event_data(),
            **({"vervolg_van": _link(*origin)} if origin else {}),
            **({"changes": changes} if changes else {}),
        },
    )
    record_step(writes, cache, profiles, definition, step, actor, from_task=None)
    return case


def record_step(
    writes: store.CaseWrites,
    cache: DefinitionCache,
    profiles: Profiles | None,
    definition: bpmn.ProcessDefinition,
    step: steps.Step,
    actor: Actor,
    from_task: CaseTask | None,
) -> None:
    """Record what a step changed (:func:`engine.store.record`: its tasks, events, handovers and, when
    it ended the case, its end, outcome and ``ended_at``), then start the follow-up case the end event
    names, if it names one (:func:`_start_follow_up`). Every command that advances a case records its
    step here, so none can end a case without its follow-up.

    The store cannot start the follow-up itself: starting a case is this module's (:func:`start_case`),
    which reads and writes through the store, so the store would import this module back.
    ``profiles`` are the gemeenten's policy profiles for the follow-up (the service's own when None).
    """
    store.record(writes, definition, step, actor, from_task)
    if writes.case.status == CaseStatus.RUNNING:  # an ended case takes no more steps
        cache.workflows.keep(writes.session, writes.case, step.workflow)
    _start_follow_up(writes.session, cache, profiles, actor, writes.case, step)


def _link(case: Case, end: End) -> dict[str, Any]:
    """What the history of one case of a follow-up says of the other: its id, process and end event."""
    return {
        "case_id": case.id,
        "process_id": case.process_id,
        "process_number": case.process_version.number,
        "end_element": end.element,
        "end_name": end.name,
    }


FOLLOW_UP_DEPTH = 10
"""How many cases one action may start one after another through follow-ups (a case that ends at its
start and whose follow-up does too): more is a loop in the models, refused."""


def _start_follow_up(
    session: Session,
    cache: DefinitionCache,
    profiles: Profiles | None,
    actor: Actor,
    case: Case,
    step: steps.Step,
) -> Case | None:
    """Start the follow-up case of a case a step just completed, when the end event it reached names one
    (``vervolgproces``, ADR 40); in the same transaction, so both happen or neither does. Only
    :func:`record_step` calls it, after the ended case's end is recorded.

    The follow-up case is the same client's (client reference, BSN hash) in the same gemeente; its
    version is drawn as for any start (:func:`engine.pilots.choose`); its start data are the variables
    the end event passes on (``vervolggegevens``) as they stand in the ended case. The ended case keeps
    its own end, outcome and lead time; its history records the follow-up (``follow_up_started``), the
    follow-up's start records where it came from (``vervolg_van``), and the follow-up's row points
    back (``origin_case_id``). ``profiles`` are the gemeenten's policy profiles (the service's own,
    read from ``settings.profiles_dir``, when None).

    Raises:
        ProcessError: the follow-up cannot start (its process is unknown or retired, or the passed
            values do not fit its start form; lint refuses such models); nothing is written.
    """
    end = step.end
    if case.status != CaseStatus.COMPLETED or end is None or end.vervolgproces is None:
        return None
    if _follow_up_depth(session) >= FOLLOW_UP_DEPTH:
        raise ProcessError(end.element, f"follow-up cases loop: more than {FOLLOW_UP_DEPTH} in one action")
    data = case.data or {}
    passed = {name: data[name] for name in end.vervolggegevens if data.get(name) is not None}
    session.info[_DEPTH] = _follow_up_depth(session) + 1
    try:
        follow_up = start_case(
            session,
            cache,
            profiles if profiles is not None else service_profiles(),
            actor,
            end.vervolgproces,
            case.gemeente,
            case.client_ref,
            passed,
            origin=(case, end),
        )
    except (NotFound, Conflict, InvalidInput) as err:
        raise ProcessError(
            end.element, f"the follow-up case of process '{end.vervolgproces}' cannot start: {err}"
        ) from None
    finally:
        session.info[_DEPTH] = _follow_up_depth(session) - 1
    writes = store.CaseWrites(session, case)
    writes.event(
        EventType.FOLLOW_UP_STARTED,
        actor.name,
        data={**_link(follow_up, end), "passed": sorted(passed)},
    )
    writes.write()
    return follow_up


_DEPTH = "procesregie.follow_up_depth"


def _follow_up_depth(session: Session) -> int:
    return int(session.info.get(_DEPTH, 0))


def _ceiling_reached(session: Session, process_id: str, gemeente: str, ceiling: int | None) -> bool:
    """Whether this year's cases of the process in the gemeente that got a place have used up the ceiling.

    A case got a place when it started below the ceiling; cancelled cases free theirs. The count and
    the case that gets the place are one decision: parallel starts take it one at a time
    (:func:`engine.store.serialize`), so they never hand out more places than the ceiling.
    """
    if ceiling is None:
        return False
    year_start = utcnow().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    # Until this transaction ends, no other start of the process in the gemeente counts: the place
    # counted free here is taken by this case before the next one counts (issue 14: 11 of 10).
    store.serialize(session, "plafond", process_id, gemeente, str(year_start.year))
    placed = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(
            Case.process_id == process_id,
            Case.gemeente == gemeente,
            Case.started_at >= year_start,
            Case.status != CaseStatus.CANCELLED,
            Case.data["plafond_bereikt"].as_boolean().is_(False),
        )
    )
    return (placed or 0) >= ceiling


def _validate_start_data(form: Form, data: dict[str, Any]) -> dict[str, Any]:
    if form.fields:
        values: dict[str, Any] = form.validate(data)
        return values
    if data:
        raise InvalidInput([FieldError(f"data.{key}", "this process takes no start data") for key in data])
    return {}


def get_case(session: Session, actor: Actor, case_id: str, *, full: bool = False) -> Case:
    """A case the actor may read (:func:`engine.access.case_access`); else it does not exist for them.

    Raises:
        NotFound: no such case, or one the actor may not read.
        PermissionDenied: ``full`` asked (the history, every task, a change) of a reader who
            sees only the tasks assigned to them.
    """
    case, level = read_case(session, actor, case_id)
    if full and level is not access.CaseAccess.FULL:
        raise PermissionDenied(
            "only the staff of its process, the procesregisseur and auditors read all of a case"
        )
    return case


def read_case(session: Session, actor: Actor, case_id: str) -> tuple[Case, access.CaseAccess]:
    """A case the actor may read, and how much of it they see.

    Raises:
        NotFound: no such case, or one the actor may not read.
    """
    case = store.load_case(session, case_id)
    if case is None:
        raise NotFound("case", case_id)
    level = access_to(session, actor, case)
    if level is access.CaseAccess.NONE:
        raise NotFound("case", case_id)
    return case, level


def access_to(session: Session, actor: Actor, case: Case) -> access.CaseAccess:
    """How much of ``case`` the actor sees."""

    def assigned() -> bool:
        mine = select(CaseTask.id).where(CaseTask.case_id == case.id, CaseTask.assignee == actor.name)
        return session.scalar(mine.limit(1)) is not None

    return access.case_access(actor, case.gemeente, case.process_version.roles, assigned)


def visible_tasks(
    session: Session, actor: Actor, case: Case, level: access.CaseAccess, open_only: bool = False
) -> list[CaseTask]:
    """The tasks of a case the actor sees (:func:`case_tasks`): all, or those assigned to them."""
    return [t for t in case_tasks(session, case, open_only) if access.sees_task(actor, level, t.assignee)]


@dataclass(frozen=True)
class CaseSummary:
    """What a list of tasks shows of each task's case."""

    client_ref: str
    status: str
    next_timer_at: dt.datetime | None


def summaries(session: Session, actor: Actor, case_ids: Iterable[str]) -> dict[str, CaseSummary]:
    """Client reference, status and next term of the cases (of the actor's gemeenten), in one query."""
    rows = session.execute(
        select(Case.id, Case.client_ref, Case.status, Case.next_timer_at).where(
            Case.id.in_(set(case_ids)), Case.gemeente.in_(access.gemeenten(actor))
        )
    )
    return {row.id: CaseSummary(row.client_ref, row.status, row.next_timer_at) for row in rows}


def case_tasks(session: Session, case: Case, open_only: bool = False) -> list[CaseTask]:
    """The user tasks of a case (or only its open ones), oldest first."""
    if open_only:
        return list(case.open_tasks)
    query = select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.ready_at, CaseTask.id)
    return list(session.scalars(query))


def deliver_message(
    session: Session,
    cache: DefinitionCache,
    actor: Actor,
    case_id: str,
    name: str,
    payload: dict[str, Any],
    profiles: Profiles | None = None,
) -> Case:
    """Deliver a message to a case; its payload is stored in the case data under the message name.

    A message that declares fields (docs/modelling.md) takes a payload of those fields only; one that
    does not fit raises InvalidInput naming each field, and nothing changes. A case the message ends
    at an end event with a follow-up starts it (:func:`record_step`, with ``profiles``).
    """
    case = get_case(session, actor, case_id, full=True)
    roles = case.process_version.roles
    access.require_staff_role(
        actor,
        roles,
        "delivering a message needs a role in this process",
    )
    definition, workflow = _restore_running(session, cache, case)
    step = steps.advance(definition, workflow, steps.DeliverMessage(name, payload))
    writes = store.CaseWrites(session, case)
    changes = store.data_changes(case.data, step.data) if step.data is not None else {}
    writes.event(
        EventType.MESSAGE_RECEIVED,
        actor.name,
        acting_role(actor, roles),
        task_name=step.message_event,
        data={"message": name, "payload": step.message_payload, **({"changes": changes} if changes else {})},
    )
    record_step(writes, cache, profiles, definition, step, actor, from_task=None)
    return case


def cancel_case(session: Session, cache: DefinitionCache, actor: Actor, case_id: str, reason: str) -> Case:
    """End a case before its process ends; open tasks are withdrawn."""
    case = get_case(session, actor, case_id, full=True)
    roles = case.process_version.roles
    access.require_staff_role(
        actor,
        roles,
        "cancelling a case needs a role in this process",
    )
    if not reason.strip():
        raise InvalidInput([FieldError("reason", "give the reason for cancelling")])
    definition, workflow = _restore_running(session, cache, case)
    step = steps.advance(definition, workflow, steps.Cancel())
    writes = store.CaseWrites(session, case)
    writes.set_case(status=CaseStatus.CANCELLED)
    writes.event(
        EventType.CASE_CANCELLED, actor.name, acting_role(actor, roles), data={"reason": reason.strip()}
    )
    record_step(writes, cache, None, definition, step, actor, from_task=None)  # a cancelled case has no end
    return case


def _restore_running(
    session: Session, cache: DefinitionCache, case: Case
) -> tuple[bpmn.ProcessDefinition, bpmn.Workflow]:
    if case.status != CaseStatus.RUNNING:
        raise CaseNotRunning(case.id, case.status)
    return store.restore(session, cache, case, step=True)


def acting_role(actor: Actor, roles: list[str]) -> str | None:
    """The role in which the actor acts on a case of a process with ``roles``."""
    return next((r for r in roles if r in actor.roles), next(iter(sorted(actor.roles)), None))


def case_highlight(session: Session, cache: DefinitionCache, case: Case) -> tuple[set[str], set[str]]:
    """Elements of the case's main process it has passed, and those where it is now."""
    definition = cache.get(session, case.process_version)
    done = {t.element_id for t in case_tasks(session, case) if t.status == TaskStatus.COMPLETED}
    done |= {
        e.data["element_id"]
        for e in audit.history(session, case)
        if e.type == EventType.TIMER_FIRED and e.data.get("element_id")
    }
    done |= definition.start_event_ids
    active: set[str] = set()
    if case.status == CaseStatus.RUNNING:
        active = bpmn.active_element_ids(store.restore(session, cache, case)[1])
    return done - active, active


@dataclass(frozen=True)
class JourneyStep:
    """One case of a client's journey: where it stands, how it ended, how long it took, who handed over."""

    case: Case
    phase: str | None
    """The phase of the case's process version (read with the case: a version's phase is not kept with
    the rest of it, :class:`engine.models.Version`)."""
    outcome: str | None
    """The end event it reached, for a completed case."""
    lead_time: dt.timedelta
    """From its start to its end, or until now while it runs, less the days a hersteltermijn suspended it
    (:func:`engine.rollup.lead_seconds`)."""
    handovers: list[Handover] | None
    """Its handovers in order; None when the reader sees only the tasks assigned to them."""
    origin: str | None = None
    """The case of the journey whose end started this one (a follow-up case, ADR 40)."""
    follow_up: str | None = None
    """The case of the journey this one's end started."""


def client_journey(session: Session, actor: Actor, client_ref: str) -> list[JourneyStep]:
    """Every case of a client reference the actor may read, in the order they started.

    A client moves through several processes, each its own case (melding, aanvraag, plan,
    re-integratie, werk, nazorg); their common key is the client reference. Cases of gemeenten
    the actor does not serve, or of processes they have no part in, are left out as if they did
    not exist (:func:`engine.access.case_access`). The caller logs the read of each case.

    Raises:
        InvalidInput: the client reference is empty or a BSN (never in a URL nor a log line).
    """
    ref = client_ref.strip()
    if not ref:
        raise InvalidInput([FieldError("client_ref", "is required")])
    if bsn_module.valid(ref):
        raise InvalidInput([FieldError("client_ref", BSN_AS_CLIENT_REF)])
    found = session.execute(
        select(Case, ProcessVersion.phase)
        .join(ProcessVersion, ProcessVersion.id == Case.process_version_id)
        .where(Case.client_ref == ref, Case.gemeente.in_(access.gemeenten(actor)))
        .order_by(Case.started_at, Case.id)
    )
    readable = [
        (case, phase, level)
        for case, phase in found
        if (level := access_to(session, actor, case)) is not access.CaseAccess.NONE
    ]
    ids = [case.id for case, _, _ in readable]
    outcomes = {
        case_id: data.get("outcome")
        for case_id, data in session.execute(
            select(AuditEvent.case_id, AuditEvent.data).where(
                AuditEvent.case_id.in_(ids), AuditEvent.type == EventType.CASE_COMPLETED
            )
        )
    }
    handovers: dict[str, list[Handover]] = {case_id: [] for case_id in ids}
    for handover in session.scalars(
        select(Handover).where(Handover.case_id.in_(ids)).order_by(Handover.handed_over_at, Handover.id)
    ):
        handovers[handover.case_id].append(handover)
    now = utcnow()
    follow_ups = {case.origin_case_id: case.id for case, _, _ in readable if case.origin_case_id in handovers}
    return [
        JourneyStep(
            case,
            phase,
            outcomes.get(case.id),
            dt.timedelta(seconds=rollup.lead_seconds(case.started_at, case.ended_at or now, case.data or {})),
            handovers[case.id] if level is access.CaseAccess.FULL else None,
            case.origin_case_id if case.origin_case_id in handovers else None,
            follow_ups.get(case.id),
        )
        for case, phase, level in readable
    ]


def links(
    session: Session, cache: DefinitionCache, actor: Actor, case: Case
) -> tuple[Case | None, Case | None]:
    """The case whose end started this one, and the case this one's end started (ADR 40), each only
    when the actor may read it: a linked case they may not read is left out, as in the journey. The
    follow-up is looked for only when the case ended at an end that names one."""

    def readable(linked: Case | None) -> Case | None:
        if linked is None or access_to(session, actor, linked) is access.CaseAccess.NONE:
            return None
        return linked

    origin = store.load_case(session, case.origin_case_id, workflow=False) if case.origin_case_id else None
    follow_up = None
    end = cache.get(session, case.process_version).ends.get(case.outcome_element or "")
    if case.status == CaseStatus.COMPLETED and end is not None and end.vervolgproces:
        follow_up = session.scalars(
            select(Case).where(Case.origin_case_id == case.id).options(*store.case_options(workflow=False))
        ).first()
    return readable(origin), readable(follow_up)
