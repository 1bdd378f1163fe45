"""Audit events: append-only, chained per case by hash (docs/adr/0003-audit-events.md)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEvent, Case, utcnow


def event_hash(event: AuditEvent) -> str:
    """Hash of an event's content and the previous event's hash."""
    content = {
        "case_id": event.case_id, "seq": event.seq, "type": event.type, "at": event.at.isoformat(),
        "actor": event.actor, "role": event.role, "process_id": event.process_id,
        "process_version": event.process_version, "task_id": event.task_id, "task_name": event.task_name,
        "data": event.data,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(((event.prev_hash or "") + text).encode()).hexdigest()


def record(
    session: Session, case: Case, type: str, actor: str, role: str | None = None, *,
    task_id: str | None = None, task_name: str | None = None, data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the case's history; the case row holds the head of its chain."""
    case.event_count = (case.event_count or 0) + 1
    event = AuditEvent(
        case=case, case_id=case.id, seq=case.event_count, type=type, at=utcnow(), actor=actor, role=role,
        process_id=case.process_id, process_version=case.process_version.version,
        task_id=task_id, task_name=task_name, data=data or {}, prev_hash=case.audit_head,
    )
    event.hash = event_hash(event)
    case.audit_head = event.hash
    session.add(event)
    return event


def history(session: Session, case: Case) -> list[AuditEvent]:
    """Every event of a case, in the order they happened."""
    return list(session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)))
