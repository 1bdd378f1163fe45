"""How a case is read and written: the queries of the commands and the writes of a step.

A change to a case is read through the ORM (the case, or a task with its case, in one query;
the content of its process version is the worker's, :attr:`engine.models.Case.process_version`)
and written as a few Core statements at its end (ADR 9): :class:`CaseWrites` collects the rows
of one change and sends them, guarded by the case's optimistic lock, as one statement on
PostgreSQL (one round trip) and one statement per table on SQLite. :func:`record` turns what a pure
step returned (:mod:`engine.step`) into those rows: task rows, audit events, handovers
and the case's new state, and what they change in the handover counts (:mod:`engine.handover_counts`)
and the task counts (:mod:`engine.task_counts`).
The caller's transaction commits or rolls back all of it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, defer, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from . import audit, bpmn, handover_counts, rollup, task_counts
from .db import Base, counter_rows_sql, send
from .errors import ConcurrentUpdate, Conflict, NotFound
from .models import OPEN_TASK, AuditEvent, Case, CaseTask, CaseTaskRole, Handover, utcnow
from .period import month_of
from .processes import DefinitionCache
from .step import Step
from .users import Actor
from .vocabulary import OPEN_TASK_STATUSES, CaseStatus, EventType, TaskStatus

_CASES, _TASKS, _TASK_ROLES, _EVENTS, _HANDOVERS = (
    Base.metadata.tables[model.__tablename__]
    for model in (Case, CaseTask, CaseTaskRole, AuditEvent, Handover)
)

# The statements of every step are built once, with their values bound at execution: building
# a statement and its cache key per request cost more than sending it. An UPDATE without
# ``.values()`` sets the columns named in the parameters it is executed with.
_INSERT = {table: insert(table) for table in (_CASES, _TASKS, _TASK_ROLES, _EVENTS, _HANDOVERS)}
_UPDATE_CASE = update(_CASES).where(
    _CASES.c.id == bindparam("_id"), _CASES.c.lock_version == bindparam("_lock_version")
)
_UPDATE_TASK = update(_TASKS).where(_TASKS.c.id == bindparam("_id"))
_CANCEL_OPEN_TASKS = (
    update(_TASKS)
    .where(_TASKS.c.case_id == bindparam("_case_id"), text(f"case_tasks.{OPEN_TASK}"))
    .values(status=TaskStatus.CANCELLED)
    .returning(*(_TASKS.c[c.key] for c in task_counts.COLUMNS))  # what they counted (engine/task_counts.py)
)
_CLAIM_TASK = (
    update(_TASKS)
    .where(_TASKS.c.id == bindparam("_id"), _TASKS.c.status == TaskStatus.READY)
    .values(status=TaskStatus.CLAIMED, claimed_by=bindparam("claimed_by"), claimed_at=bindparam("claimed_at"))
)
_PICK_UP_HANDOVER = (
    update(_HANDOVERS)
    .where(_HANDOVERS.c.to_task_id == bindparam("_task_id"), _HANDOVERS.c.picked_up_at.is_(None))
    .values(picked_up_at=bindparam("picked_up_at"), picked_up_by=bindparam("picked_up_by"))
)
_WITHDRAWN = (*(c.key for c in handover_counts.COLUMNS), "handed_over_at")
"""What the handover counts need of a withdrawn handover."""
_WITHDRAW_HANDOVERS = (
    update(_HANDOVERS)
    .where(Handover.waiting())
    .values(withdrawn_at=bindparam("withdrawn_at"), withdrawn_reason=bindparam("withdrawn_reason"))
    .returning(*(_HANDOVERS.c[name] for name in _WITHDRAWN))
)
_WAITING = "picked_up_at IS NULL AND withdrawn_at IS NULL"
"""`Handover.waiting` in the text of PostgreSQL's one statement."""
_WITHDRAW_HANDOVERS_TO = _WITHDRAW_HANDOVERS.where(
    _HANDOVERS.c.to_task_id.in_(bindparam("_task_ids", expanding=True))
)
_WITHDRAW_HANDOVERS_OF_CASE = _WITHDRAW_HANDOVERS.where(_HANDOVERS.c.case_id == bindparam("_case_id"))
# What a pick-up counts needs the pair of roles and organisations of the handover it picked up.
_PICK_UP_HANDOVER_COUNTED = _PICK_UP_HANDOVER.returning(
    *(_HANDOVERS.c[c.key] for c in handover_counts.COLUMNS)
)


def serialize(session: Session, *key: str) -> None:
    """Let the rest of this transaction run one at a time with every other that passes the same key.

    A decision that reads what other transactions write (counting the places of a yearly ceiling)
    must not be taken by two of them at once: both would count the same places free.
    PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the key, taken here and let
    go at the commit or rollback, after the commit is visible; a transaction that waited for it reads
    (READ COMMITTED, a new snapshot per statement) what the one before it committed. SQLite needs
    nothing: every transaction that writes holds the database's write lock from its first statement
    (``BEGIN IMMEDIATE``, after its turn on the writers' lock file, ADR 12) to its end, so no other
    writer counts or writes in between.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256("\x1f".join(key).encode()).digest()
    session.execute(select(func.pg_advisory_xact_lock(int.from_bytes(digest[:8], "big", signed=True))))


class CaseWrites:
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
        self.picked_up: list[dict[str, Any]] = []
        self.counted: handover_counts.Changes = {}
        """What the new handovers add to the handover counts."""
        self.tasks_counted: task_counts.Changes = {}
        """What the new and changed tasks change in the task counts (those the case's end cancels aside)."""
        self.claim: tuple[CaseTask, dict[str, Any]] | None = None
        self.withdrawn: tuple[list[str], str, dt.datetime] | None = None
        """The withdrawn tasks whose waiting handovers are withdrawn, the reason and the time."""
        self.ended: tuple[str, dt.datetime] | None = None
        """The reason and time of the case's end: its open tasks are cancelled, its waiting handovers
        withdrawn."""
        self.new_objects: list[Any] = [case] if new else []
        self.counts = rollup.Delta(session, case, new=new)

    def set_case(self, **values: Any) -> None:
        self.counts.changing(values)
        self.values.update(values)
        for name, value in values.items():
            set_committed_value(self.case, name, value)

    def event(
        self,
        type: EventType,
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
        task_counts.merge(self.tasks_counted, task_counts.contributions(values))
        return task

    def update_task(self, task: CaseTask, **values: Any) -> None:
        self.task_updates.append((task.id, values))
        counted = not task_counts.FIELDS.isdisjoint(values)
        if counted:
            task_counts.merge(self.tasks_counted, task_counts.contributions(task), -1.0)
        for name, value in values.items():
            set_committed_value(task, name, value)
        if counted:
            task_counts.merge(self.tasks_counted, task_counts.contributions(task))

    def handover(self, **values: Any) -> None:
        self.handovers.append(values)
        handover_counts.merge(self.counted, handover_counts.handed_over(values, values["handed_over_at"]))

    def claim_task(self, task: CaseTask, user: str, now: dt.datetime) -> None:
        """Mark a ready task claimed; :meth:`write` raises `Conflict` when another claimer took it first."""
        self.claim = (task, {"_id": task.id, "claimed_by": user, "claimed_at": now})

    def pick_up_handover(self, task: CaseTask, user: str, now: dt.datetime) -> None:
        """The receiving role acted on a handed-over task: the handover's wait ends.

        Its wait is counted from the task's ``ready_at``, the time of the handover to it (both are the
        time of the step that made the task, :func:`record`)."""
        self.picked_up.append(
            {"_task_id": task.id, "picked_up_at": now, "picked_up_by": user, "_handed_over_at": task.ready_at}
        )

    def withdraw_handovers(self, task_ids: Iterable[str], reason: str, now: dt.datetime) -> None:
        """The tasks were withdrawn: the handovers to them that still wait are withdrawn with ``reason``."""
        self.withdrawn = (sorted(task_ids), reason, now)

    def end_case(self, reason: str, now: dt.datetime) -> None:
        """The case ended: its open tasks are cancelled and every handover of it that still waits is
        withdrawn with ``reason``, after the tasks of :meth:`withdraw_handovers`."""
        assert not self.tasks, "a step that ends its case makes no task: an ended workflow has none ready"
        self.ended = (reason, now)

    def _inserts(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        """The new rows per table, in the order their foreign keys need."""
        tables = (
            (_TASKS, self.tasks),
            (_TASK_ROLES, self.task_roles),
            (_HANDOVERS, self.handovers),
            (_EVENTS, self.events),
        )
        return [(table, rows) for table, rows in tables if rows]

    def write(self) -> None:
        """Store it all; the case row's lock version guards against a concurrent change.

        On PostgreSQL that is one statement (:func:`_one_statement`), elsewhere one per table.

        Raises:
            Conflict: the task to claim was claimed by someone else first.
            ConcurrentUpdate: another transaction changed the case since it was read.
        """
        connection, case = self.session.connection(), self.case
        version = 0 if self.new else case.lock_version
        values = {**self.values, "lock_version": version + 1}
        if connection.dialect.name == "postgresql":
            claimed, written = _one_statement(connection, self, values, version, self.counts.changes())
        else:
            claimed, written = self._per_table(connection, values, version)
        if self.claim is not None:
            task, claim = self.claim
            if not claimed:
                raise Conflict(f"task {task.id} was taken by someone else")
            for attribute in ("claimed_by", "claimed_at"):
                set_committed_value(task, attribute, claim[attribute])
            set_committed_value(task, "status", TaskStatus.CLAIMED)
        if not written:
            raise ConcurrentUpdate(case.id)
        set_committed_value(case, "lock_version", version + 1)
        for obj in self.new_objects:
            make_transient_to_detached(obj)
            self.session.add(obj)

    def _per_table(self, connection: Connection, values: dict[str, Any], version: int) -> tuple[bool, bool]:
        """One statement per table and per changed task. Whether the task to claim was claimed
        (or there is none) and whether the case row was written; nothing else is written unless both."""
        if self.claim is not None and send(connection, _CLAIM_TASK, self.claim[1]).rowcount != 1:
            return False, False
        if self.new:
            send(connection, _INSERT[_CASES], values)
        else:
            guarded = {"_id": self.case.id, "_lock_version": version, **values}
            if send(connection, _UPDATE_CASE, guarded).rowcount != 1:
                return True, False
        counted = dict(self.counted)
        for picked_up in self.picked_up:
            for row in connection.execute(_PICK_UP_HANDOVER_COUNTED, picked_up):
                handover_counts.merge(
                    counted,
                    handover_counts.picked_up(row, picked_up["_handed_over_at"], picked_up["picked_up_at"]),
                )
        for table, rows in self._inserts():
            send(connection, _INSERT[table], rows)
        for task_id, task_values in self.task_updates:
            send(connection, _UPDATE_TASK, {"_id": task_id, **task_values})
        withdrawn: list[Any] = []  # the handovers withdrawn, with what their counts need
        if self.withdrawn is not None:
            task_ids, reason, now = self.withdrawn
            parameters = {"_task_ids": task_ids, "withdrawn_at": now, "withdrawn_reason": reason}
            withdrawn += connection.execute(_WITHDRAW_HANDOVERS_TO, parameters).mappings()
        tasks_counted = dict(self.tasks_counted)
        if self.ended is not None:
            reason, now = self.ended
            for task in connection.execute(_CANCEL_OPEN_TASKS, {"_case_id": self.case.id}).mappings():
                # the row as it is now, cancelled; it was open (ready or claimed, which count the same)
                task_counts.changed(tasks_counted, {**task, "status": TaskStatus.READY}, task)
            parameters = {"_case_id": self.case.id, "withdrawn_at": now, "withdrawn_reason": reason}
            withdrawn += connection.execute(_WITHDRAW_HANDOVERS_OF_CASE, parameters).mappings()
        for handover in withdrawn:
            handover_counts.merge(counted, handover_counts.withdrawn(handover, handover["handed_over_at"]))
        handover_counts.add(connection, counted)
        task_counts.add(connection, tasks_counted)
        self.counts.write()
        return True, True


def data_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[Any]]:
    """The case fields a step changed, each as ``[before, after]``, in name order: what the step's event
    records (``changes``) so that the audit trail says which data every step set, whoever set it (a
    user's form, a script after a timer or a message, a script at the start)."""
    before, after = before or {}, after or {}
    return {
        k: [before.get(k), after.get(k)]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def record(
    writes: CaseWrites,
    definition: bpmn.ProcessDefinition,
    step: Step,
    actor: Actor,
    from_task: CaseTask | None,
) -> None:
    """Record what a step changed and store the case's new state.

    A fired timer gets a ``timer_fired`` event with how late it fired (``late_seconds``, when its due
    time is known). New tasks get rows and ``task_ready`` events; a new task in another role than the
    work it follows (``from_task``, else the case's last completed task) is a handover;
    withdrawn tasks are cancelled; a case whose workflow ended is completed with the
    step's outcome, unless the caller already set another status (cancelled). A handover to a task
    withdrawn before anyone picked it up is withdrawn with it (``withdrawn_at``): it waits no more.

    Commands record a step through :func:`engine.cases.record_step`, which calls this and then starts
    the follow-up case of the end the step reached (ADR 40).
    """
    session, case = writes.session, writes.case
    now = utcnow()
    writes.counts.definition = definition
    # A step of timers alone: what its scripts set is recorded with the (last) timer that fired; the
    # commands record their own step's changes in their event (completion, message, start).
    timer_changes = (
        data_changes(case.data, step.data)
        if step.data is not None and step.completed is None and step.message_event is None
        else {}
    )
    if step.data is not None and step.data != (case.data or {}):
        writes.set_case(data=step.data)  # what the step's tasks set, in any branch (engine.bpmn.case_data)
    if step.timers_fired:
        writes.set_case(timers_fired=case.timers_fired + len(step.timers_fired))
    for n, timer in enumerate(step.timers_fired, 1):
        late = timer.late_seconds(now)
        writes.counts.timer_fired(timer.element_id, now)
        writes.event(
            EventType.TIMER_FIRED,
            actor.name,
            task_id=timer.task_id,
            task_name=timer.name,
            data={
                "element_id": timer.element_id,
                **({} if late is None else {"late_seconds": late}),
                **({"changes": timer_changes} if timer_changes and n == len(step.timers_fired) else {}),
            },
        )
    if step.withdrawn_task_ids:
        for row in session.scalars(select(CaseTask).where(CaseTask.id.in_(step.withdrawn_task_ids))):
            writes.update_task(row, status=TaskStatus.CANCELLED)
            writes.event(EventType.TASK_CANCELLED, actor.name, task_id=row.id, task_name=row.name)
    kept = (session.get(CaseTask, task_id) for task_id in step.kept_task_ids)
    open_rows = {row.id: row for row in kept if row is not None and row.status in OPEN_TASK_STATUSES}
    from_role = from_task.role if from_task else case.last_role
    from_name = from_task.name if from_task else case.last_task_name
    from_user = actor.name if from_task else case.last_actor
    from_organisatie = _organisation_of(session, from_task, case.last_task_id)
    for ready in step.new_tasks:
        info = ready.info
        open_rows[ready.id] = writes.new_task(
            id=ready.id,
            case_id=case.id,
            process_id=case.process_id,
            gemeente=case.gemeente,
            element_id=info.id,
            name=ready.name or info.name,
            role=info.role,
            assignee=ready.assignee,
            status=TaskStatus.READY,
            ready_at=now,
            roles=list(info.roles),
            claimed_by=None,
            claimed_at=None,
            completed_at=None,
            completed_by=None,
            organisatie=info.organisatie,
        )
        writes.event(
            EventType.TASK_READY,
            actor.name,
            task_id=ready.id,
            task_name=ready.name or info.name,
            data={"element_id": info.id, "role": info.role},
        )
        if from_role is not None and info.role != from_role:
            writes.handover(
                case_id=case.id,
                process_id=case.process_id,
                process_version_hash=case.process_version.content_hash,
                gemeente=case.gemeente,
                from_role=from_role,
                to_role=info.role,
                from_organisatie=from_organisatie(),
                to_organisatie=info.organisatie,
                from_user=from_user,
                from_task_name=from_name,
                to_task_id=ready.id,
                to_task_name=ready.name or info.name,
                handed_over_at=now,
                picked_up_at=None,
                picked_up_by=None,
            )
            writes.event(
                EventType.HANDOVER,
                actor.name,
                from_role,
                task_id=ready.id,
                task_name=ready.name or info.name,
                data={"from_role": from_role, "to_role": info.role, "from_task": from_name},
            )
    if case.status == CaseStatus.RUNNING and step.ended:
        # The end that ended the case's main flow, never an escalation branch's (engine/outcomes.py).
        element, uitkomst = (step.end.element, step.end.type) if step.end else (None, None)
        writes.set_case(status=CaseStatus.COMPLETED, outcome_element=element, outcome_type=uitkomst)
        writes.event(
            EventType.CASE_COMPLETED,
            actor.name,
            data={"outcome": step.outcome, "outcome_element": element, "outcome_type": uitkomst},
        )
    running = case.status == CaseStatus.RUNNING
    writes.set_case(
        next_timer_at=step.next_timer_at if running else None,
        state=bpmn.dump_state(step.workflow),
        serializer_version=bpmn.SERIALIZER_VERSION,
        **({} if running else {"ended_at": now}),
    )
    if step.withdrawn_task_ids:
        # The process withdrew the task (boundary event, gateway, event subprocess), or a cancel did.
        reason = "case_cancelled" if case.status == CaseStatus.CANCELLED else "task_withdrawn"
        writes.withdraw_handovers(step.withdrawn_task_ids, reason, now)
    if not running:
        writes.end_case(f"case_{case.status}", now)
    writes.write()
    if not running:
        for row in open_rows.values():
            set_committed_value(row, "status", TaskStatus.CANCELLED)
    open_tasks = sorted(open_rows.values(), key=lambda r: (r.ready_at, r.id)) if running else []
    set_committed_value(case, "open_tasks", open_tasks)


def restore(
    session: Session, cache: DefinitionCache, case: Case, *, step: bool = False
) -> tuple[bpmn.ProcessDefinition, bpmn.Workflow]:
    """The definition of a case's version and its workflow, rebuilt from the stored state.

    State an older SpiffWorkflow wrote is migrated as it is read; the next step stores it in the
    current serializer version. For a ``step``, the workflow this worker kept after the case's last
    step is taken instead while the case's row still holds what that step stored
    (:mod:`engine.workflow_cache`); the caller's step then owns it, and :func:`engine.cases.record_step`
    keeps it again once the step's transaction commits.
    """
    definition = cache.get(session, case.process_version)
    if step and (workflow := cache.workflows.take(case, definition)) is not None:
        return definition, workflow
    workflow = bpmn.load_state(case.state, definition, case.serializer_version)
    bpmn.keep_case_data(workflow, case.data or {})  # state stored before the workflow kept the case's data
    return definition, workflow


def load_case(session: Session, case_id: str, workflow: bool = True) -> Case | None:
    """A case; without ``workflow``, its state and data stay unread. Its version is the worker's
    (:attr:`engine.models.Case.process_version`), not read with it."""
    return session.get(Case, case_id, options=case_options(workflow))


def case_options(workflow: bool) -> list[Any]:
    return [] if workflow else [defer(Case.state), defer(Case.data)]


_TASK_AND_CASE = {
    workflow: select(CaseTask, Case)
    .join(Case, Case.id == CaseTask.case_id)
    .where(CaseTask.id == bindparam("task_id"))
    .options(*case_options(workflow))
    for workflow in (True, False)
}


def load_task_and_case(session: Session, task_id: str, workflow: bool) -> tuple[CaseTask, Case]:
    """A task with its case (see :func:`load_case`), read in one query.

    Raises:
        NotFound: no such task.
    """
    found = session.execute(_TASK_AND_CASE[workflow], {"task_id": task_id}).first()
    if found is None:
        raise NotFound("task", task_id)
    return found.CaseTask, found.Case


def _column_json(row: dict[str, Any]) -> dict[str, Any]:
    """A row's values as JSON: its timestamps in ISO 8601, UTC (`UTCDateTime` refuses naive ones too)."""
    out = dict(row)
    for name, value in row.items():
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise ValueError(f"naive datetime in {name}")
            out[name] = value.astimezone(dt.UTC).isoformat()
    return out


def _as_json(rows: Any) -> str:
    return json.dumps(rows, separators=(",", ":"))


@functools.cache
def _one_statement_sql(
    new: bool,
    case_columns: tuple[str, ...],
    state: bool,
    inserts: tuple[tuple[str, tuple[str, ...]], ...],
    task_updates: tuple[tuple[tuple[str, ...], int], ...],
    picks_up: int,
    claims: bool,
    hands_over: bool,
    reports: bool,
    withdraws: bool,
    ends: bool,
    counts_tasks: bool,
) -> TextClause:
    """The statement of :func:`_one_statement` for one shape of change, built once per shape.

    Each table's rows come as one JSON parameter, turned into rows of the table's own type by
    ``jsonb_populate_recordset`` (so every value gets its column's type). The case's state, some
    kilobytes of JSON text, is the exception: when the step writes it (``state``) it comes as a text
    parameter of its own, not escaped into the case row's JSON to be parsed there again. Every part but
    the case's own row writes only when the case row was written (``EXISTS (SELECT FROM written_case)``), so a
    lost race on the lock version writes nothing and fails as the conflict it is. A shape is also how
    many rows it updates: ``task_updates`` holds the columns of each group of changed tasks with the
    number of tasks, ``picks_up`` the number of handovers picked up (0: none).
    """
    for name in case_columns:
        assert name in _CASES.c, name  # names come from the code, never from a request
    # A claim is the first part: the case is written only when the task was still ready.
    claimed = (
        "claimed AS (UPDATE case_tasks SET status = :claimed_status, claimed_by = :claimed_by,"
        " claimed_at = CAST(:claimed_at AS timestamptz) WHERE id = :claimed_id AND status = :ready_status"
        " RETURNING id)"
    )
    parts = [claimed] if claims else []
    if new:
        listed = ", ".join(case_columns)
        column, value = (", state", ", CAST(:state AS text)") if state else ("", "")
        parts.append(
            f"written_case AS (INSERT INTO cases ({listed}{column}) SELECT {listed}{value}"
            " FROM jsonb_populate_record(NULL::cases, CAST(:case AS jsonb)) RETURNING id)"
        )
    else:
        assignments = ", ".join(
            [f"{name} = r.{name}" for name in case_columns]
            + (["state = CAST(:state AS text)"] if state else [])
        )
        parts.append(
            f"written_case AS (UPDATE cases SET {assignments}"
            " FROM jsonb_populate_record(NULL::cases, CAST(:case AS jsonb)) AS r"
            " WHERE cases.id = :case_id AND cases.lock_version = :lock_version"
            + (" AND EXISTS (SELECT FROM claimed)" if claims else "")
            + " RETURNING cases.id)"
        )
    written = "EXISTS (SELECT FROM written_case)"
    if withdraws or ends:  # before the handover counts, which add the handovers it withdraws
        returned = ", ".join(_WITHDRAWN)
        withdrawn = " OR ".join(
            [
                "to_task_id = ANY(CAST(:withdrawn_task_ids AS varchar[]))",
                *(["case_id = :case_id"] if ends else []),
            ]
        )
        parts.append(
            "withdrawn AS (UPDATE handovers SET withdrawn_at = CAST(:withdrawn_at AS timestamptz),"
            " withdrawn_reason = CASE WHEN to_task_id = ANY(CAST(:withdrawn_task_ids AS varchar[]))"
            " THEN :task_withdrawn_reason ELSE :case_withdrawn_reason END"
            f" WHERE {_WAITING} AND ({withdrawn})"
            f" AND NOT to_task_id = ANY(CAST(:picked_up_task_ids AS varchar[])) AND {written}"
            f" RETURNING {returned})"
        )
    # PostgreSQL takes a function's rows for 100: joined to that many, a table of some thousands of rows
    # reads cheaper whole than by 100 index lookups, and every step scanned case_tasks (test_step_plan.py).
    # A LIMIT of the rows the step sends tells the planner how few they are; as the count is part of the
    # text, not a parameter, the plan of a prepared statement is the same for every execution.
    counted = []  # the rows the handover counts add (engine/handover_counts.py)
    if picks_up:
        key = ", ".join(f"handovers.{c.key}" for c in handover_counts.COLUMNS)
        parts.append(
            "picked_up AS (UPDATE handovers SET picked_up_at = p.picked_up_at, picked_up_by = p.picked_up_by"
            " FROM (SELECT * FROM jsonb_to_recordset(CAST(:picked_up AS jsonb))"
            f" AS p(_task_id varchar, picked_up_at timestamptz, picked_up_by varchar) LIMIT {picks_up}) AS p"
            f" WHERE handovers.to_task_id = p._task_id AND handovers.picked_up_at IS NULL AND {written}"
            f" RETURNING handovers.to_task_id, {key})"
        )
        counted.append(
            f"SELECT h.gemeente, w.month, h.process_id, {handover_counts.roles_sql('h')}, w.name, w.value"
            " FROM picked_up AS h"
            " JOIN jsonb_to_recordset(CAST(:picked_up_counts AS jsonb))"
            " AS w(_task_id varchar, month varchar, name varchar, value float8) ON w._task_id = h.to_task_id"
        )
    if hands_over:
        counted.append(counter_rows_sql(handover_counts.KEY, "handover_counts", written))
    if withdraws or ends:
        counted.append(handover_counts.withdrawn_sql("withdrawn"))
    if counted:
        parts.append(f"counted AS ({handover_counts.upsert_sql(' UNION ALL '.join(counted))})")
    if reports:
        parts.append(f"reported AS ({rollup.UPSERT_SQL.format(condition=written)})")
    for table, columns in inserts:
        for name in columns:
            assert name in Base.metadata.tables[table].c, (table, name)
        listed = ", ".join(columns)
        parts.append(
            f"inserted_{table} AS (INSERT INTO {table} ({listed}) SELECT {listed}"
            f" FROM jsonb_populate_recordset(NULL::{table}, CAST(:{table} AS jsonb)) WHERE {written})"
        )
    for number, (columns, count) in enumerate(task_updates):
        for name in columns:
            assert name in _TASKS.c, name
        assignments = ", ".join(f"{name} = u.{name}" for name in columns)
        parts.append(
            f"updated_tasks_{number} AS (UPDATE case_tasks SET {assignments}"
            " FROM (SELECT * FROM jsonb_populate_recordset(NULL::case_tasks,"
            f" CAST(:task_updates_{number} AS jsonb)) LIMIT {count}) AS u"
            f" WHERE case_tasks.id = u.id AND {written})"
        )
    # The parts of one statement see the rows as they were before it, not each other's changes: a task
    # this statement updates (the one completed) is not cancelled again, nor a handover it picks up withdrawn.
    if ends:
        parts.append(
            "cancelled AS (UPDATE case_tasks SET status = :cancelled_status WHERE case_id = :case_id"
            f" AND {OPEN_TASK} AND NOT id = ANY(CAST(:changed_task_ids AS varchar[])) AND {written}"
            f" RETURNING {task_counts.CANCELLED_RETURNING})"
        )
    # The task counts (engine/task_counts.py): what the step's new and changed tasks change, and the open
    # tasks its end cancels, each no longer open in the month it became ready.
    counting = []
    if counts_tasks:
        counting.append(counter_rows_sql(task_counts.KEY, "task_counts", written))
    if ends:
        counting.append(task_counts.cancelled_sql("cancelled"))
    if counting:
        parts.append(f"tasks_counted AS ({task_counts.upsert_sql(' UNION ALL '.join(counting))})")
    was_claimed = "(SELECT count(*) FROM claimed)" if claims else "1"
    selected = [was_claimed, "(SELECT count(*) FROM written_case)"]
    return text("WITH " + ",\n".join(parts) + f"\nSELECT {', '.join(selected)}")


def _one_statement(
    connection: Connection,
    writes: CaseWrites,
    values: dict[str, Any],
    version: int,
    reported: dict[rollup.Key, float],
) -> tuple[bool, bool]:
    """PostgreSQL: a change to a case in one statement, one round trip (issue #18): the case row
    (guarded by its lock version), the handover it picks up, its new tasks, task roles, handovers and
    audit events, its changed tasks, the handovers of withdrawn tasks and, when the case ends, its open
    tasks and waiting handovers, and what all that adds to the task and handover counts and
    (``reported``) the report counts, as data-modifying parts of one ``WITH``, after the claim of a task
    when the change claims one. Whether the task was claimed (or there is none) and whether the case row
    was written, as :meth:`CaseWrites._per_table`; nothing else is written unless both.

    Every counter row a step changes is locked in this one statement, table after table in the order
    of its parts and key after key within a table (``ORDER BY``), so two steps wait for each other's
    counters in one order and never in a circle."""
    inserts = [(table.name, rows) for table, rows in writes._inserts()]
    insert_columns = tuple((name, tuple(sorted(set().union(*rows)))) for name, rows in inserts)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for task_id, task_values in writes.task_updates:
        by_columns.setdefault(tuple(sorted(task_values)), []).append({"id": task_id, **task_values})
    state = values.get("state")  # a parameter of its own, not a part of the case row's JSON
    values = {name: value for name, value in values.items() if name != "state"}
    statement = _one_statement_sql(
        writes.new,
        tuple(sorted(values)),
        state is not None,
        insert_columns,
        tuple((columns, len(rows)) for columns, rows in by_columns.items()),
        len(writes.picked_up),
        writes.claim is not None,
        bool(writes.counted),
        bool(reported),
        writes.withdrawn is not None,
        writes.ended is not None,
        bool(writes.tasks_counted),
    )
    parameters: dict[str, Any] = {"case": _as_json(_column_json(values))}
    if state is not None:
        parameters["state"] = state
    if not writes.new:
        parameters |= {"case_id": writes.case.id, "lock_version": version}
    if writes.claim is not None:
        _, claim = writes.claim
        parameters |= {
            "claimed_id": claim["_id"],
            "claimed_by": claim["claimed_by"],
            "claimed_at": _column_json(claim)["claimed_at"],
            "claimed_status": TaskStatus.CLAIMED.value,
            "ready_status": TaskStatus.READY.value,
        }
    if writes.picked_up:
        parameters["picked_up"] = _as_json(
            [_column_json({k: v for k, v in p.items() if k != "_handed_over_at"}) for p in writes.picked_up]
        )
        parameters["picked_up_counts"] = _as_json(
            [
                {
                    "_task_id": p["_task_id"],
                    "month": month_of(p["_handed_over_at"]),
                    "name": name,
                    "value": value,
                }
                for p in writes.picked_up
                for name, value in handover_counts.waited(p["_handed_over_at"], p["picked_up_at"]).items()
            ]
        )
    if writes.counted:
        parameters["handover_counts"] = _as_json(handover_counts.rows(writes.counted))
    if reported:
        parameters["report_counts"] = _as_json(rollup.rows(reported))
    if writes.tasks_counted:
        parameters["task_counts"] = _as_json(task_counts.rows(writes.tasks_counted))
    for name, rows in inserts:
        parameters[name] = _as_json([_column_json(row) for row in rows])
    for number, rows in enumerate(by_columns.values()):
        parameters[f"task_updates_{number}"] = _as_json([_column_json(row) for row in rows])
    if writes.withdrawn is not None or writes.ended is not None:
        task_ids, task_reason, now = writes.withdrawn or ([], None, None)
        case_reason, now = writes.ended or (None, now)
        assert now is not None  # one of the two is set
        parameters |= {
            "case_id": writes.case.id,
            "withdrawn_task_ids": task_ids,
            "task_withdrawn_reason": task_reason,
            "case_withdrawn_reason": case_reason,
            "withdrawn_at": _column_json({"at": now})["at"],
            "picked_up_task_ids": [p["_task_id"] for p in writes.picked_up],
        }
    if writes.ended is not None:
        claimed_ids = [writes.claim[1]["_id"]] if writes.claim is not None else []
        parameters |= {
            "cancelled_status": TaskStatus.CANCELLED.value,
            "changed_task_ids": [task_id for task_id, _ in writes.task_updates] + claimed_ids,
        }
    claimed, written = connection.execute(statement, parameters).one()
    return bool(claimed), bool(written)


def _organisation_of(
    session: Session, from_task: CaseTask | None, last_task_id: str | None
) -> Callable[[], str | None]:
    """The organisation of the work a handover leaves: the task just done, else the case's last one
    (after a timer or a message); read only when the step makes a handover."""

    def organisation() -> str | None:
        task = from_task or (session.get(CaseTask, last_task_id) if last_task_id else None)
        return task.organisatie if task is not None else None

    return organisation
