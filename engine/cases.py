"""Cases: start them, and advance them by completing tasks, messages, timers or cancellation.

Every change follows the same path (:class:`_Step`): load the case and its
workflow, act, run the engine, then record what changed (tasks that became ready
or were withdrawn, timers that fired, handovers, the end of the case) and save,
guarded by the case's optimistic lock. The caller's transaction commits or rolls
back all of it together.

Cases and tasks are read through the ORM; what a change writes is collected in
:class:`_Writes` and sent as a few Core statements at its end (ADR 9).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.bpmn.specs.defaults import StartEvent
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.camunda.specs.event_definitions import (
    MessageEventDefinition as CamundaMessageEventDefinition,
)
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, defer, joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from . import audit, bpmn
from . import bsn as bsn_module
from .config import get_settings
from .errors import (
    CaseNotRunning,
    ConcurrentUpdate,
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ProcessError,
    TaskClaimed,
    TaskNotReady,
)
from .models import OPEN_TASK, AuditEvent, Case, CaseTask, CaseTaskRole, Handover, ProcessVersion, utcnow
from .processes import DefinitionCache, latest_version
from .profiles import Profiles
from .users import Actor

RUNNING, COMPLETED, CANCELLED = "running", "completed", "cancelled"
TIMER_ACTOR = Actor("timer", frozenset(), frozenset())


_CASES, _TASKS, _TASK_ROLES = Case.__table__, CaseTask.__table__, CaseTaskRole.__table__
_EVENTS, _HANDOVERS = AuditEvent.__table__, Handover.__table__

# The statements of every step are built once, with their values bound at execution: building
# a statement and its cache key per request cost more than sending it. An UPDATE without
# ``.values()`` sets the columns named in the parameters it is executed with.
_INSERT = {table: insert(table) for table in (_CASES, _TASKS, _TASK_ROLES, _EVENTS, _HANDOVERS)}
_UPDATE_CASE = update(_CASES).where(
    _CASES.c.id == bindparam("_id"), _CASES.c.lock_version == bindparam("_lock_version")
)
_UPDATE_TASK = update(_TASKS).where(_TASKS.c.id == bindparam("_id"))
_CLAIM_TASK = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("_id"), _TASKS.c.status == "ready")
    .values(status="claimed", claimed_by=bindparam("claimed_by"), claimed_at=bindparam("claimed_at"))
)
_PICK_UP_HANDOVER = (
    update(_HANDOVERS)
    .where(_HANDOVERS.c.to_task_id == bindparam("_task_id"), _HANDOVERS.c.picked_up_at.is_(None))
    .values(picked_up_at=bindparam("picked_up_at"), picked_up_by=bindparam("picked_up_by"))
)


class _Writes:
    """What one change writes for one case, sent at its end as one statement per table.

    The loaded objects get the new values as if read back from the database, so the
    response shows them and the unit of work has nothing left to write; new objects
    join the session once their rows are written (ADR 9).
    """

    def __init__(self, session: Session, case: Case, *, new: bool = False) -> None:
        self.session, self.case, self.new = session, case, new
        self.values: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.tasks: list[dict[str, Any]] = []
        self.task_roles: list[dict[str, Any]] = []
        self.handovers: list[dict[str, Any]] = []
        self.task_updates: list[tuple[str, dict[str, Any]]] = []
        self.new_objects: list[Any] = [case] if new else []

    def set_case(self, **values: Any) -> None:
        self.values.update(values)
        for name, value in values.items():
            set_committed_value(self.case, name, value)

    def event(
        self,
        type: str,
        actor: str,
        role: str | None = None,
        *,
        task_id: str | None = None,
        task_name: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        row = audit.next_event(self.case, type, actor, role, task_id=task_id, task_name=task_name, data=data)
        self.events.append(row)
        self.set_case(event_count=row["seq"], audit_head=row["hash"])

    def new_task(self, **values: Any) -> CaseTask:
        self.tasks.append(values)
        self.task_roles += [{"task_id": values["id"], "role": role} for role in values["roles"]]
        task = CaseTask(**values)
        self.new_objects.append(task)
        return task

    def update_task(self, task: CaseTask, **values: Any) -> None:
        self.task_updates.append((task.id, values))
        for name, value in values.items():
            set_committed_value(task, name, value)

    def handover(self, **values: Any) -> None:
        self.handovers.append(values)

    def write(self) -> None:
        """Store it all; the case row's lock version guards against a concurrent change.

        Raises:
            ConcurrentUpdate: another transaction changed the case since it was read.
        """
        connection, case = self.session.connection(), self.case
        if self.new:
            connection.execute(_INSERT[_CASES], {**self.values, "lock_version": 1})
            set_committed_value(case, "lock_version", 1)
        else:
            version = case.lock_version
            changed = connection.execute(
                _UPDATE_CASE,
                {"_id": case.id, "_lock_version": version, "lock_version": version + 1, **self.values},
            ).rowcount
            if changed != 1:
                raise ConcurrentUpdate(case.id)
            set_committed_value(case, "lock_version", version + 1)
        for table, rows in (
            (_TASKS, self.tasks),
            (_TASK_ROLES, self.task_roles),
            (_HANDOVERS, self.handovers),
            (_EVENTS, self.events),
        ):
            if rows:
                connection.execute(_INSERT[table], rows if len(rows) > 1 else rows[0])
        for task_id, values in self.task_updates:
            connection.execute(_UPDATE_TASK, {"_id": task_id, **values})
        for obj in self.new_objects:
            make_transient_to_detached(obj)
            self.session.add(obj)


@dataclass
class _Step:
    """One change to one case, from load to save."""

    session: Session
    case: Case
    definition: bpmn.ProcessDefinition
    workflow: Any
    writes: _Writes
    ready_before: set[str] = field(default_factory=set)
    waiting_before: dict[str, Task] = field(default_factory=dict)


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
) -> Case:
    """Start a case on the latest version of a process.

    The case data starts with the start form's values, the gemeente's policy profile
    (``profiel``) and, for a process whose ``plafond`` property names a yearly ceiling
    of the profile, whether that ceiling is reached (``plafond_bereikt``).

    Raises:
        NotFound: no such process.
        PermissionDenied: the actor does not serve the gemeente or has no role in the process.
        InvalidInput: the start data does not fit the start form.
    """
    version = latest_version(session, process_id, content=False)
    assert version is not None
    if not actor.serves(gemeente):
        raise PermissionDenied(f"you do not serve gemeente '{gemeente}'")
    if not actor.has_any(*version.roles):
        raise PermissionDenied(f"starting '{process_id}' needs one of the roles {', '.join(version.roles)}")
    if not client_ref.strip():
        raise InvalidInput([FieldError("client_ref", "is required")])
    if bsn is not None and not bsn_module.valid(bsn):
        raise InvalidInput([FieldError("bsn", "is not a valid BSN (nine digits passing the elfproef)")])
    definition = cache.get(session, version)
    values = _validate_start_data(definition, data)
    profile = profiles.get(gemeente)
    context: dict[str, Any] = {**values, "profiel": profile.model_dump()}
    ceiling_key = definition.properties.get("plafond")
    if ceiling_key:
        context["plafond_bereikt"] = _ceiling_reached(
            session, process_id, gemeente, getattr(profile, ceiling_key)
        )
    columns = {
        "id": str(uuid.uuid4()),
        "process_version_id": version.id,
        "process_id": process_id,
        "gemeente": gemeente,
        "client_ref": client_ref.strip(),
        "status": RUNNING,
        "started_by": actor.name,
        "started_at": utcnow(),
        "serializer_version": bpmn.SERIALIZER_VERSION,
        "event_count": 0,
        "data": context,
        "state": "",
        "bsn_hash": bsn_module.keyed_hash(bsn, get_settings().bsn_key) if bsn is not None else None,
        "next_timer_at": None,
        "last_role": None,
        "last_actor": None,
        "last_task_id": None,
        "last_task_name": None,
        "audit_head": None,
        "ended_at": None,
    }
    case = Case(process_version=version)  # its columns are set, as committed, below
    writes = _Writes(session, case, new=True)
    writes.set_case(**columns)
    writes.event(
        "case_started",
        actor.name,
        _acting_role(actor, version.roles),
        data={"gemeente": gemeente, "process_number": version.number, "data": context},
    )
    step = _Step(session, case, definition, bpmn.new_workflow(definition, context), writes)
    _run_engine(step, lambda: None)
    _save(step, actor, from_task=None)
    return case


def _ceiling_reached(session: Session, process_id: str, gemeente: str, ceiling: int | None) -> bool:
    """Whether this year's cases of the process in the gemeente that got a place have used up the ceiling.

    A case got a place when it started below the ceiling; cancelled cases free theirs.
    """
    if ceiling is None:
        return False
    year_start = utcnow().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    placed = session.scalar(
        select(func.count())
        .select_from(Case)
        .where(
            Case.process_id == process_id,
            Case.gemeente == gemeente,
            Case.started_at >= year_start,
            Case.status != CANCELLED,
            Case.data["plafond_bereikt"].as_boolean().is_(False),
        )
    )
    return (placed or 0) >= ceiling


def _validate_start_data(definition: bpmn.ProcessDefinition, data: dict[str, Any]) -> dict[str, Any]:
    if definition.start_form.fields:
        return definition.start_form.validate(data)
    if data:
        raise InvalidInput([FieldError(f"data.{key}", "this process takes no start data") for key in data])
    return {}


def get_case(session: Session, actor: Actor, case_id: str) -> Case:
    """A case the actor may see: one of a gemeente they serve (else it does not exist for them)."""
    case = _load_case(session, case_id)
    if case is None or not (actor.serves(case.gemeente)):
        raise NotFound("case", case_id)
    return case


def case_tasks(session: Session, case: Case, open_only: bool = False) -> list[CaseTask]:
    """The user tasks of a case (or only its open ones), oldest first."""
    if open_only:
        return list(case.open_tasks)
    return list(
        session.scalars(
            select(CaseTask).where(CaseTask.case_id == case.id).order_by(CaseTask.ready_at, CaseTask.id)
        )
    )


def get_task(session: Session, actor: Actor, task_id: str) -> CaseTask:
    task = session.get(CaseTask, task_id)
    if task is None or not actor.serves(task.gemeente):
        raise NotFound("task", task_id)
    return task


def work_queue(
    session: Session,
    actor: Actor,
    roles: list[str] | None = None,
    gemeente: str | None = None,
    process_id: str | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[CaseTask]:
    """Open tasks for the actor's roles (or the given ones) in the gemeenten they serve, oldest first."""
    wanted = set(roles) if roles else set(actor.lane_roles)
    if not actor.has_any("auditor", "procesregisseur"):
        wanted &= actor.lane_roles
    gemeenten = {gemeente} & actor.gemeenten if gemeente else actor.gemeenten
    for_role = select(CaseTaskRole.task_id).where(
        CaseTaskRole.task_id == CaseTask.id, CaseTaskRole.role.in_(wanted)
    )
    query = (
        select(CaseTask)
        .where(text(f"case_tasks.{OPEN_TASK}"), CaseTask.gemeente.in_(gemeenten), for_role.exists())
        .order_by(CaseTask.ready_at, CaseTask.id)
        .limit(limit)
        .offset(offset)
    )
    if status:
        query = query.where(CaseTask.status == status)
    if process_id:
        query = query.where(CaseTask.process_id == process_id)
    return list(session.scalars(query))


def claim_task(session: Session, actor: Actor, task_id: str) -> CaseTask:
    """Take a ready task; nobody else can complete it until it is unclaimed."""
    task, case = _task_for_work(session, actor, task_id, workflow=False)
    if task.status == "claimed":
        raise TaskClaimed(task.id, task.claimed_by or "?")
    now = utcnow()
    # A plain table UPDATE (no ORM bookkeeping), guarded so that of two claimers only one wins.
    claimed = session.execute(
        _CLAIM_TASK, {"_id": task.id, "claimed_by": actor.name, "claimed_at": now}
    ).rowcount
    if claimed != 1:
        raise Conflict(f"task {task.id} was taken by someone else")
    for attribute, value in (("status", "claimed"), ("claimed_by", actor.name), ("claimed_at", now)):
        set_committed_value(task, attribute, value)
    writes = _Writes(session, case)
    writes.event("task_claimed", actor.name, _task_role(actor, task), task_id=task.id, task_name=task.name)
    _pick_up_handover(session, task, actor, now)
    writes.write()  # claims change no workflow state but do change the case: its lock version moves on
    return task


def unclaim_task(session: Session, actor: Actor, task_id: str) -> CaseTask:
    """Give a claimed task back to the queue (only the one who claimed it can)."""
    task, case = _task_for_work(session, actor, task_id, workflow=False)
    if task.status != "claimed":
        raise Conflict(f"task {task.id} is not claimed")
    if task.claimed_by != actor.name:
        raise TaskClaimed(task.id, task.claimed_by or "?")
    writes = _Writes(session, case)
    writes.update_task(task, status="ready", claimed_by=None, claimed_at=None)
    writes.event("task_unclaimed", actor.name, _task_role(actor, task), task_id=task.id, task_name=task.name)
    writes.write()
    return task


def complete_task(
    session: Session, cache: DefinitionCache, actor: Actor, task_id: str, data: dict[str, Any]
) -> Case:
    """Complete a user task with its form data and run the case on to its next wait.

    Raises:
        NotFound, PermissionDenied, TaskNotReady, TaskClaimed, InvalidInput, ConcurrentUpdate, ProcessError.
    """
    row, case = _task_for_work(session, actor, task_id, workflow=True)
    if row.status == "claimed" and row.claimed_by != actor.name:
        raise TaskClaimed(row.id, row.claimed_by or "?")
    with _step(session, cache, case) as step:
        task = step.workflow.get_task_from_id(uuid.UUID(row.id))
        if task is None or task.state != TaskState.READY:
            raise TaskNotReady(row.id, TaskState.get_name(task.state).lower() if task else "gone")
        info = step.definition.task_info(task.task_spec)
        values = info.form.validate(data)
        now = utcnow()
        role = _task_role(actor, row)

        def act() -> None:
            task.data.update(values)
            task.run()

        before = dict(step.case.data or {})
        _run_engine(step, act)
        if row.status == "ready":  # a claimed task's handover was picked up when it was claimed
            _pick_up_handover(session, row, actor, now)
        step.writes.update_task(row, status="completed", completed_at=now, completed_by=actor.name)
        after = _case_data(step.workflow, task)
        changes = {
            k: [before.get(k), after.get(k)]
            for k in sorted(set(before) | set(after))
            if before.get(k) != after.get(k)
        }
        step.writes.event(
            "task_completed",
            actor.name,
            role,
            task_id=row.id,
            task_name=row.name,
            data={"element_id": row.element_id, "submitted": values, "changes": changes},
        )
        step.writes.set_case(
            last_role=role, last_actor=actor.name, last_task_id=row.id, last_task_name=row.name, data=after
        )
        _save(step, actor, from_task=row)
    return step.case


def deliver_message(
    session: Session,
    cache: DefinitionCache,
    actor: Actor,
    case_id: str,
    name: str,
    payload: dict[str, Any],
) -> Case:
    """Deliver a message to a case; its payload is stored in the case data under the message name."""
    case = get_case(session, actor, case_id)
    if not actor.has_any(*case.process_version.roles, "beheerder"):
        raise PermissionDenied("delivering a message needs a role in this process")
    with _step(session, cache, case) as step:
        waiting = [
            t
            for t in bpmn.waiting_events(step.workflow)
            if isinstance(t.task_spec.event_definition, MessageEventDefinition)
            and t.task_spec.event_definition.name == name
        ]
        if not waiting:
            raise Conflict(f"case {case.id} is not waiting for message '{name}'")
        event = BpmnEvent(
            CamundaMessageEventDefinition(name), payload={"payload": payload, "result_var": name}
        )
        _run_engine(step, lambda: step.workflow.send_event(event))
        step.writes.event(
            "message_received",
            actor.name,
            _acting_role(actor, case.process_version.roles),
            task_name=waiting[0].task_spec.bpmn_name,
            data={"message": name, "payload": payload},
        )
        step.writes.set_case(data={**(step.case.data or {}), name: payload})
        _save(step, actor, from_task=None)
    return step.case


def cancel_case(session: Session, cache: DefinitionCache, actor: Actor, case_id: str, reason: str) -> Case:
    """End a case before its process ends; open tasks are withdrawn."""
    case = get_case(session, actor, case_id)
    if not actor.has_any(*case.process_version.roles, "beheerder"):
        raise PermissionDenied("cancelling a case needs a role in this process or beheerder")
    if not reason.strip():
        raise InvalidInput([FieldError("reason", "give the reason for cancelling")])
    with _step(session, cache, case) as step:
        _run_engine(step, step.workflow.cancel)
        step.writes.set_case(status=CANCELLED)
        step.writes.event(
            "case_cancelled",
            actor.name,
            _acting_role(actor, case.process_version.roles),
            data={"reason": reason.strip()},
        )
        _save(step, actor, from_task=None)
    return step.case


def fire_due_timers(session: Session, cache: DefinitionCache, case_id: str) -> bool:
    """Let a case's due timers fire; return whether any did."""
    case = _load_case(session, case_id)
    if case is None or case.status != RUNNING or case.next_timer_at is None or case.next_timer_at > utcnow():
        return False
    with _step(session, cache, case) as step:
        _run_engine(step, step.workflow.refresh_timers)
        _save(step, TIMER_ACTOR, from_task=None)
    return True


def due_case_ids(session: Session, limit: int) -> list[str]:
    """Running cases whose next timer is due; on PostgreSQL skips cases another worker holds."""
    query = (
        select(Case.id)
        .where(Case.status == RUNNING, Case.next_timer_at <= utcnow())
        .order_by(Case.next_timer_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


# -- the step machinery -----------------------------------------------------------------------


@contextmanager
def _step(session: Session, cache: DefinitionCache, case: Case) -> Iterator[_Step]:
    if case.status != RUNNING:
        raise CaseNotRunning(case.id, case.status)
    if case.serializer_version != bpmn.SERIALIZER_VERSION:
        raise ProcessError(
            case.id, f"case state has serializer version {case.serializer_version}; migrate it first"
        )
    definition = cache.get(session, case.process_version)
    yield _Step(session, case, definition, bpmn.load_state(case.state, definition), _Writes(session, case))


def _load_case(session: Session, case_id: str, workflow: bool = True) -> Case | None:
    """A case with its process version in one query; without ``workflow``, its state and data stay unread."""
    return session.get(Case, case_id, options=_case_options(workflow))


def _case_options(workflow: bool) -> list[Any]:
    # A version's file list and catalogue summary are read only to parse it once per worker.
    options = [
        joinedload(Case.process_version, innerjoin=True)
        .defer(ProcessVersion.files)
        .defer(ProcessVersion.summary)
    ]
    if not workflow:
        options += [defer(Case.state), defer(Case.data)]
    return options


def _run_engine(step: _Step, act: Callable[[], Any]) -> None:
    """Act on the workflow and run its automatic steps; model errors become ProcessError."""
    step.ready_before = {str(t.id) for t in bpmn.human_tasks(step.workflow)}
    step.waiting_before = {str(t.id): t for t in bpmn.waiting_events(step.workflow)}
    try:
        act()
        step.workflow.do_engine_steps()
    except SpiffWorkflowException as err:
        element = (
            getattr(getattr(err, "task_spec", None), "bpmn_id", None) or getattr(err, "id", None) or "process"
        )
        message = str(err).split("\n")[0]
        if isinstance(err, WorkflowException) and "not waiting" in message:
            raise Conflict(message) from None
        raise ProcessError(element, message) from None
    except bpmn.expressions.ExpressionError as err:
        raise ProcessError("condition", str(err)) from None


def _save(step: _Step, actor: Actor, from_task: CaseTask | None) -> None:
    """Record what the engine did and store the new state."""
    session, case, wf, writes = step.session, step.case, step.workflow, step.writes
    now = utcnow()
    ready = {str(t.id): t for t in bpmn.human_tasks(wf)}
    for task_id, task in step.waiting_before.items():
        if task.state == TaskState.COMPLETED and isinstance(
            task.task_spec.event_definition, TimerEventDefinition
        ):
            writes.event(
                "timer_fired",
                actor.name,
                None,
                task_id=task_id,
                task_name=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
                data={"element_id": task.task_spec.bpmn_id},
            )
    withdrawn = step.ready_before - set(ready) - ({from_task.id} if from_task else set())
    if withdrawn:
        for row in session.scalars(select(CaseTask).where(CaseTask.id.in_(withdrawn))):
            writes.update_task(row, status="cancelled")
            writes.event("task_cancelled", actor.name, None, task_id=row.id, task_name=row.name)
    open_rows = {
        task_id: row
        for task_id in set(ready) & step.ready_before
        if (row := session.get(CaseTask, task_id)) is not None and row.status in ("ready", "claimed")
    }
    from_role = from_task.role if from_task else case.last_role
    from_name = from_task.name if from_task else case.last_task_name
    from_user = actor.name if from_task else case.last_actor
    for task_id in sorted(set(ready) - step.ready_before, key=lambda i: ready[i].task_spec.bpmn_id):
        info = step.definition.task_info(ready[task_id].task_spec)
        open_rows[task_id] = writes.new_task(
            id=task_id,
            case_id=case.id,
            process_id=case.process_id,
            gemeente=case.gemeente,
            element_id=info.id,
            name=info.name,
            role=info.role,
            assignee=_assignee(info, ready[task_id]),
            status="ready",
            ready_at=now,
            roles=list(info.roles),
            claimed_by=None,
            claimed_at=None,
            completed_at=None,
            completed_by=None,
        )
        writes.event(
            "task_ready",
            actor.name,
            None,
            task_id=task_id,
            task_name=info.name,
            data={"element_id": info.id, "role": info.role},
        )
        if from_role is not None and info.role != from_role:
            writes.handover(
                case_id=case.id,
                process_id=case.process_id,
                process_version=case.process_version.version,
                gemeente=case.gemeente,
                from_role=from_role,
                to_role=info.role,
                from_user=from_user,
                from_task_name=from_name,
                to_task_id=task_id,
                to_task_name=info.name,
                handed_over_at=now,
                picked_up_at=None,
                picked_up_by=None,
            )
            writes.event(
                "handover",
                actor.name,
                from_role,
                task_id=task_id,
                task_name=info.name,
                data={"from_role": from_role, "to_role": info.role, "from_task": from_name},
            )
    if case.status == RUNNING and wf.is_completed():
        writes.set_case(status=COMPLETED)
        # The outcome is the end event the case reached last: an escalation branch that ended
        # earlier (e.g. "klant geïnformeerd over vertraging") is not the case's result.
        ends = sorted(
            (
                t
                for t in wf.tasks.values()
                if isinstance(t.task_spec, EndEvent)
                and t.state == TaskState.COMPLETED
                and t.task_spec.bpmn_id
            ),
            key=lambda t: t.last_state_change,
        )
        outcome = (ends[-1].task_spec.bpmn_name or ends[-1].task_spec.bpmn_id) if ends else None
        writes.event("case_completed", actor.name, None, data={"outcome": outcome})
    running = case.status == RUNNING
    writes.set_case(
        next_timer_at=_next_timer(wf) if running else None,
        state=bpmn.dump_state(wf),
        serializer_version=bpmn.SERIALIZER_VERSION,
        **({} if running else {"ended_at": now}),
    )
    writes.write()
    if not running:
        session.execute(
            update(_TASKS)
            .where(_TASKS.c.case_id == case.id, _TASKS.c.status.in_(("ready", "claimed")))
            .values(status="cancelled")
        )
        for row in open_rows.values():
            set_committed_value(row, "status", "cancelled")
    set_committed_value(
        case, "open_tasks", sorted(open_rows.values(), key=lambda r: (r.ready_at, r.id)) if running else []
    )


def _next_timer(workflow: Any) -> dt.datetime | None:
    due = []
    for task in bpmn.waiting_events(workflow):
        definition = task.task_spec.event_definition
        if isinstance(definition, TimerEventDefinition):
            value = definition.details(task).value
            if isinstance(value, str):
                parsed = dt.datetime.fromisoformat(value)
                due.append(parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC))
    return min(due) if due else None


def _case_data(workflow: Any, completed: Task) -> dict[str, Any]:
    """The case data after a step: that of the task that now waits, else of the completed one."""
    ready = bpmn.human_tasks(workflow)
    source = ready[0] if ready else completed
    return {k: v for k, v in source.data.items() if not k.startswith("_") and k != "data_objects"}


def _assignee(info: bpmn.HumanTaskInfo, task: Task) -> str | None:
    if not info.assignee:
        return None
    text = info.assignee.strip()
    if text.startswith(("${", "#{", "=")):
        try:
            return str(bpmn.expressions.evaluate(text, task.data))
        except bpmn.expressions.ExpressionError:
            return None
    return text


_TASK_AND_CASE = {
    workflow: select(CaseTask, Case)
    .join(Case, Case.id == CaseTask.case_id)
    .where(CaseTask.id == bindparam("task_id"))
    .options(*_case_options(workflow))
    for workflow in (True, False)
}


def _task_for_work(session: Session, actor: Actor, task_id: str, workflow: bool) -> tuple[CaseTask, Case]:
    """A task the actor may work on now, with its case (see :func:`_load_case`), read in one query."""
    found = session.execute(_TASK_AND_CASE[workflow], {"task_id": task_id}).first()
    if found is None or not actor.serves(found.CaseTask.gemeente):
        raise NotFound("task", task_id)
    task, case = found
    if not actor.has_any(*task.roles):
        raise PermissionDenied(f"task '{task.name}' is work for {', '.join(task.roles)}")
    if task.assignee and task.assignee != actor.name:
        raise PermissionDenied(f"task '{task.name}' is assigned to {task.assignee}")
    if task.status in ("completed", "cancelled"):
        raise TaskNotReady(task.id, task.status)
    return task, case


def _task_role(actor: Actor, task: CaseTask) -> str | None:
    """The role in which the actor works on the task."""
    if task.role in actor.roles:
        return task.role
    return next((r for r in task.roles if r in actor.roles), None)


def _acting_role(actor: Actor, roles: list[str]) -> str | None:
    return next((r for r in roles if r in actor.roles), next(iter(sorted(actor.roles)), None))


def _pick_up_handover(session: Session, task: CaseTask, actor: Actor, now: dt.datetime) -> None:
    session.execute(_PICK_UP_HANDOVER, {"_task_id": task.id, "picked_up_at": now, "picked_up_by": actor.name})


def case_highlight(session: Session, cache: DefinitionCache, case: Case) -> tuple[set[str], set[str]]:
    """Elements of the case's main process it has passed, and those where it is now."""
    done = {t.element_id for t in case_tasks(session, case) if t.status == "completed"}
    done |= {
        e.data.get("element_id")
        for e in audit.history(session, case)
        if e.type == "timer_fired" and e.data.get("element_id")
    }
    active: set[str] = set()
    if case.status == RUNNING:
        workflow = bpmn.load_state(case.state, cache.get(session, case.process_version))
        live = [
            t
            for t in workflow.tasks.values()
            if t.state in (TaskState.READY, TaskState.WAITING, TaskState.STARTED)
        ]
        active = {t.task_spec.bpmn_id for t in live if t.task_spec.bpmn_id}
    definition = cache.get(session, case.process_version)
    done |= {
        s.bpmn_id for s in definition.spec.task_specs.values() if isinstance(s, StartEvent) and s.bpmn_id
    }
    return done - active, active
