"""Task commands and the work queue: read a task, claim it, give it back, complete it.

A completion advances the case with the pure step (:mod:`engine.step`) and records
what changed (:mod:`engine.store`), like every other change to a case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from . import access, cases, store
from . import step as steps
from .errors import CaseNotRunning, Conflict, FourEyes, NotFound, PermissionDenied, TaskClaimed, TaskNotReady
from .models import OPEN_TASK, Case, CaseTask, CaseTaskRole, utcnow
from .processes import DefinitionCache
from .profiles import Profiles
from .users import Actor
from .vocabulary import CaseStatus, EventType, TaskStatus


def get_task(session: Session, actor: Actor, task_id: str) -> CaseTask:
    """A task the actor may see (else it does not exist for them): a task of a case they read in
    full, or one assigned to them (:func:`engine.access.case_access`)."""
    task, _ = _visible_task(session, actor, task_id, workflow=False)
    return task


def _visible_task(session: Session, actor: Actor, task_id: str, workflow: bool) -> tuple[CaseTask, Case]:
    task, case = store.load_task_and_case(session, task_id, workflow)
    level = cases.access_to(session, actor, case)
    if not access.sees_task(actor, level, task.assignee):
        raise NotFound("task", task_id)
    return task, case


def work_queue(
    session: Session,
    actor: Actor,
    roles: list[str] | None = None,
    gemeente: str | None = None,
    process_id: str | None = None,
    status: TaskStatus | None = None,
    limit: int = 100,
    offset: int = 0,
    *,
    claimed_by: str | None = None,
    term_before: dt.datetime | None = None,
) -> list[CaseTask]:
    """Open tasks for the actor's roles (or the given ones) in the gemeenten they serve, oldest first.

    The procesregisseur and auditors may look into the queue of any role; others see
    only the roles they have, and external roles (klant, werkgever, uwv) only the tasks
    assigned to them. ``claimed_by`` keeps the tasks a user claimed;
    ``term_before`` those of cases whose next term falls before that time.
    """
    oversight = not actor.roles.isdisjoint(access.READ_ALL_CASES.roles)
    wanted = set(roles) if roles else set(actor.lane_roles)
    if not oversight:
        wanted &= actor.lane_roles
    staff, external = (
        (wanted, set()) if oversight else (wanted - access.EXTERNAL_ROLES, wanted & access.EXTERNAL_ROLES)
    )

    def for_roles(chosen: set[str]) -> Any:
        return (
            select(CaseTaskRole.task_id)
            .where(CaseTaskRole.task_id == CaseTask.id, CaseTaskRole.role.in_(chosen))
            .exists()
        )

    # External roles see only the tasks assigned to them (need-to-know, docs/security.md).
    visible = for_roles(staff)
    if external:
        visible = or_(visible, and_(CaseTask.assignee == actor.name, for_roles(external)))
    query = (
        select(CaseTask)
        .where(
            text(f"case_tasks.{OPEN_TASK}"),
            CaseTask.gemeente.in_(access.gemeenten(actor, gemeente)),
            visible,
        )
        .order_by(CaseTask.ready_at, CaseTask.id)
        .limit(limit)
        .offset(offset)
    )
    if status:
        query = query.where(CaseTask.status == status)
    if process_id:
        query = query.where(CaseTask.process_id == process_id)
    if claimed_by:
        query = query.where(CaseTask.claimed_by == claimed_by)
    if term_before:
        due = select(Case.id).where(
            Case.id == CaseTask.case_id, Case.next_timer_at.is_not(None), Case.next_timer_at < term_before
        )
        query = query.where(due.exists())
    return list(session.scalars(query))


def claim_task(session: Session, cache: DefinitionCache, actor: Actor, task_id: str) -> CaseTask:
    """Take a ready task; nobody else can complete it until it is given back.

    A four-eyes task (``vier_ogen``) is refused to whoever did a task it checks, as its completion is:
    a claim they could never complete would only hold the task away from the one who can.
    """
    task, case = _task_for_work(session, actor, task_id, workflow=False)
    if task.status == TaskStatus.CLAIMED:
        raise TaskClaimed(task.id, task.claimed_by or "?")
    _check_four_eyes(
        session,
        actor,
        task,
        cache.get(session, case.process_version).task_by_element(task.element_id).vier_ogen,
    )
    now = utcnow()
    writes = store.CaseWrites(session, case)
    writes.claim_task(task, actor.name, now)
    writes.event(
        EventType.TASK_CLAIMED, actor.name, _task_role(actor, task), task_id=task.id, task_name=task.name
    )
    writes.pick_up_handover(task, actor.name, now)
    writes.write()  # a claim changes no workflow state but does change the case: its lock version moves on
    return task


def unclaim_task(session: Session, actor: Actor, task_id: str) -> CaseTask:
    """Give a claimed task back to the queue (only the one who claimed it can)."""
    task, case = _task_for_work(session, actor, task_id, workflow=False)
    if task.status != TaskStatus.CLAIMED:
        raise Conflict(f"task {task.id} is not claimed")
    if task.claimed_by != actor.name:
        raise TaskClaimed(task.id, task.claimed_by or "?")
    writes = store.CaseWrites(session, case)
    writes.update_task(task, status=TaskStatus.READY, claimed_by=None, claimed_at=None)
    writes.event(
        EventType.TASK_UNCLAIMED, actor.name, _task_role(actor, task), task_id=task.id, task_name=task.name
    )
    writes.write()
    return task


def complete_task(
    session: Session,
    cache: DefinitionCache,
    actor: Actor,
    task_id: str,
    data: dict[str, Any],
    profiles: Profiles | None = None,
) -> Case:
    """Complete a user task with its form data and run the case on to its next wait; a case that ends
    at an end event with a follow-up starts it (:func:`engine.cases.record_step`, with ``profiles``).

    Raises:
        NotFound, PermissionDenied, TaskNotReady, TaskClaimed, InvalidInput, ConcurrentUpdate, ProcessError.
    """
    row, case = _task_for_work(session, actor, task_id, workflow=True)
    if row.status == TaskStatus.CLAIMED and row.claimed_by != actor.name:
        raise TaskClaimed(row.id, row.claimed_by or "?")
    if case.status != CaseStatus.RUNNING:
        raise CaseNotRunning(case.id, case.status)
    definition, workflow = store.restore(session, cache, case, step=True)
    _check_four_eyes(session, actor, row, definition.task_by_element(row.element_id).vier_ogen)
    before = dict(case.data or {})
    step = steps.advance(definition, workflow, steps.CompleteTask(row.id, data))
    assert step.completed is not None and step.data is not None
    now = utcnow()
    role = _task_role(actor, row)
    writes = store.CaseWrites(session, case)
    if row.status == TaskStatus.READY:  # a claimed task's handover was picked up when it was claimed
        writes.pick_up_handover(row, actor.name, now)
    writes.update_task(row, status=TaskStatus.COMPLETED, completed_at=now, completed_by=actor.name)
    after = step.data
    changes = store.data_changes(before, after)
    writes.event(
        EventType.TASK_COMPLETED,
        actor.name,
        role,
        task_id=row.id,
        task_name=row.name,
        data={"element_id": row.element_id, "submitted": step.completed.values, "changes": changes},
    )
    writes.set_case(
        last_role=role, last_actor=actor.name, last_task_id=row.id, last_task_name=row.name, data=after
    )
    cases.record_step(writes, cache, profiles, definition, step, actor, from_task=row)
    return case


def _check_four_eyes(session: Session, actor: Actor, row: CaseTask, checks: tuple[str, ...]) -> None:
    """A task that checks others (``vier_ogen``) is done by someone who did none of them in this case.

    Raises:
        FourEyes: the actor completed one of the checked tasks.
    """
    if not checks:
        return
    done = session.scalars(
        select(CaseTask.name).where(
            CaseTask.case_id == row.case_id,
            CaseTask.element_id.in_(checks),
            CaseTask.status == TaskStatus.COMPLETED,
            CaseTask.completed_by == actor.name,
        )
    ).first()
    if done is not None:
        raise FourEyes(row.name, done, actor.name)


def _task_for_work(session: Session, actor: Actor, task_id: str, workflow: bool) -> tuple[CaseTask, Case]:
    """A task the actor may work on now, with its case, read in one query."""
    task, case = _visible_task(session, actor, task_id, workflow)
    refusal = access.work_refusal(actor, task.name, task.roles, task.assignee, case.process_version.roles)
    if refusal:
        raise PermissionDenied(refusal)
    if not TaskStatus(task.status).is_open:
        raise TaskNotReady(task.id, task.status)
    return task, case


def _task_role(actor: Actor, task: CaseTask) -> str | None:
    """The role in which the actor works on the task."""
    if task.role in actor.roles:
        return task.role
    return next((r for r in task.roles if r in actor.roles), None)
