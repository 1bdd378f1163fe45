"""History as Camunda 7's history service shows it: the cases and user tasks of the reader's
gemeenten, found by case, process, client reference, user and whether they ended (ADR 22).

It reads what the auditor's trail already holds (cases and their tasks) and logs each read of a
case in the access log, as reading a case's history through the API does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, load_only

from . import access, audit
from .models import Case, CaseTask, ProcessVersion
from .users import Actor
from .vocabulary import CaseStatus, TaskStatus

READ = "history"
"""The access log's word for these reads: the same as for a case's history."""


@dataclass(frozen=True)
class HistoryFilter:
    """What a history query is narrowed to; ``None`` leaves a field out."""

    case_ids: tuple[str, ...] | None = None
    process_id: str | None = None
    process_version_id: int | None = None
    client_ref: str | None = None
    gemeenten: tuple[str, ...] | None = None
    finished: bool | None = None
    task_id: str | None = None
    user: str | None = None
    """Who worked on a task: completed it, or has it claimed."""


def cases(session: Session, actor: Actor, f: HistoryFilter, limit: int | None, offset: int) -> list[Case]:
    """Cases of the actor's gemeenten matching the filter, oldest first; each read is logged."""
    query = select(Case).where(Case.gemeente.in_(_gemeenten(actor, f)))
    if f.case_ids is not None:
        query = query.where(Case.id.in_(f.case_ids))
    if f.process_id is not None:
        query = query.where(Case.process_id == f.process_id)
    if f.process_version_id is not None:
        query = query.where(Case.process_version_id == f.process_version_id)
    if f.client_ref is not None:
        query = query.where(Case.client_ref == f.client_ref)
    if f.finished is not None:
        running = Case.status == CaseStatus.RUNNING
        query = query.where(~running if f.finished else running)
    query = query.order_by(Case.started_at, Case.id).offset(offset)
    found = list(session.scalars(query if limit is None else query.limit(limit)))
    for case in found:
        audit.log_access(session, actor, case, READ, None)
    return found


def tasks(session: Session, actor: Actor, f: HistoryFilter, limit: int | None, offset: int) -> list[CaseTask]:
    """User tasks, done and open, of the actor's gemeenten matching the filter, oldest first;
    the read of each of their cases is logged."""
    query = select(CaseTask).where(CaseTask.gemeente.in_(_gemeenten(actor, f)))
    if f.case_ids is not None:
        query = query.where(CaseTask.case_id.in_(f.case_ids))
    if f.process_id is not None:
        query = query.where(CaseTask.process_id == f.process_id)
    if f.task_id is not None:
        query = query.where(CaseTask.id == f.task_id)
    if f.user is not None:
        query = query.where(or_(CaseTask.completed_by == f.user, CaseTask.claimed_by == f.user))
    if f.finished is not None:
        open_ = CaseTask.status.in_([TaskStatus.READY, TaskStatus.CLAIMED])
        query = query.where(~open_ if f.finished else open_)
    query = query.order_by(CaseTask.ready_at, CaseTask.id).offset(offset)
    found = list(session.scalars(query if limit is None else query.limit(limit)))
    read = session.scalars(
        select(Case)
        .options(load_only(Case.id, Case.gemeente))
        .where(Case.id.in_({t.case_id for t in found}))
        .order_by(Case.id)
    )
    for case in read:
        audit.log_access(session, actor, case, READ, None)
    return found


def case_versions(session: Session, case_ids: Iterable[str]) -> dict[str, ProcessVersion]:
    """The process version each case runs on, by case id, in one query."""
    rows = session.execute(
        select(Case.id, ProcessVersion)
        .join(ProcessVersion, ProcessVersion.id == Case.process_version_id)
        .where(Case.id.in_(set(case_ids)))
    )
    return {row[0]: row[1] for row in rows}


def _gemeenten(actor: Actor, f: HistoryFilter) -> frozenset[str]:
    scope = access.gemeenten(actor)
    return scope if f.gemeenten is None else scope & set(f.gemeenten)
