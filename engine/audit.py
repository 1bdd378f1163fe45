"""Audit events: append-only, chained per case by hash (docs/adr/0003-audit-events.md)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import FieldError, InvalidInput, PermissionDenied
from .models import AccessLog, AuditEvent, Case, utcnow
from .users import Actor

HASHED = (
    "case_id",
    "seq",
    "type",
    "at",
    "actor",
    "role",
    "process_id",
    "process_version",
    "task_id",
    "task_name",
    "data",
)


def event_hash(event: AuditEvent | Mapping[str, Any]) -> str:
    """Hash of an event's content (a stored event or a row about to be written) and the previous event's hash."""
    field = event.__getitem__ if isinstance(event, Mapping) else functools.partial(getattr, event)
    content = {name: field(name) for name in HASHED} | {"at": field("at").isoformat()}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(((field("prev_hash") or "") + text).encode()).hexdigest()


def next_event(
    case: Case,
    type: str,
    actor: str,
    role: str | None = None,
    *,
    task_id: str | None = None,
    task_name: str | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The case's next history event as a row, linked to the head of its chain.

    The caller stores the row and moves the case's head to it (``event_count`` = its
    ``seq``, ``audit_head`` = its ``hash``) in the same transaction.
    """
    event = {
        "case_id": case.id,
        "seq": (case.event_count or 0) + 1,
        "type": type,
        "at": utcnow(),
        "actor": actor,
        "role": role,
        "process_id": case.process_id,
        "process_version": case.process_version.version,
        "task_id": task_id,
        "task_name": task_name,
        "data": data or {},
        "prev_hash": case.audit_head,
    }
    event["hash"] = event_hash(event)
    return event


def history(session: Session, case: Case) -> list[AuditEvent]:
    """Every event of a case, in the order they happened."""
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq))
    )


def log_access(session: Session, actor: Actor, case: Case, action: str, reason: str | None) -> None:
    """Record that someone read a case's personal data, and why if they said so."""
    session.add(
        AccessLog(
            at=utcnow(),
            actor=actor.name,
            roles=sorted(actor.roles),
            case_id=case.id,
            gemeente=case.gemeente,
            action=action,
            reason=(reason or "").strip() or None,
        )
    )


def access_log(
    session: Session,
    actor: Actor,
    *,
    case_id: str | None = None,
    reader: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AccessLog]:
    """Reads of case data in the auditor's gemeenten, newest first."""
    if not actor.has_any("auditor"):
        raise PermissionDenied("the access log is for auditors")
    if since and until and since > until:
        raise InvalidInput([FieldError("until", "must not be before 'since'")])
    query = select(AccessLog).where(AccessLog.gemeente.in_(actor.gemeenten))
    if case_id:
        query = query.where(AccessLog.case_id == case_id)
    if reader:
        query = query.where(AccessLog.actor == reader)
    if since:
        query = query.where(AccessLog.at >= since)
    if until:
        query = query.where(AccessLog.at < until)
    return list(
        session.scalars(query.order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit).offset(offset))
    )


@dataclass
class Break:
    """The first place where a case's history does not match its hash chain."""

    case_id: str
    seq: int | None
    reason: str


@dataclass
class Verification:
    cases: int = 0
    events: int = 0
    first_broken: Break | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify(session: Session) -> Verification:
    """Recompute every case's hash chain; report the first broken link.

    Catches changed events (hash), deleted or inserted ones (sequence and links),
    and removed newest events (the case row holds the head and the count).
    """
    result = Verification()
    heads = {
        case_id: (count or 0, head)
        for case_id, count, head in session.execute(select(Case.id, Case.event_count, Case.audit_head))
    }
    events = session.scalars(
        select(AuditEvent).order_by(AuditEvent.case_id, AuditEvent.seq).execution_options(yield_per=1000)
    )
    try:
        return _verify_chains(result, heads, events)
    finally:
        events.close()


def _verify_chains(
    result: Verification, heads: dict[str, tuple[int, str | None]], events: Iterable[AuditEvent]
) -> Verification:
    for case_id, chain in groupby(events, key=lambda e: e.case_id):
        if case_id not in heads:
            return _broken(result, case_id, None, "events of a case that does not exist")
        result.cases += 1
        previous: str | None = None
        seq = 0
        for event in chain:
            seq += 1
            result.events += 1
            if event.seq != seq:
                return _broken(result, case_id, seq, f"event {seq} is missing (found {event.seq})")
            if event.prev_hash != previous:
                return _broken(result, case_id, seq, "does not link to the previous event")
            if event_hash(event) != event.hash:
                return _broken(
                    result, case_id, seq, "content does not match its hash (changed after it was written)"
                )
            previous = event.hash
        count, head = heads.pop(case_id)
        if seq != count or previous != head:
            return _broken(
                result,
                case_id,
                seq + 1 if seq < count else None,
                f"the case records {count} events, its history has {seq}",
            )
    for case_id, (count, _) in heads.items():
        result.cases += 1
        if count:
            return _broken(result, case_id, 1, f"the case records {count} events, its history has none")
    return result


def _broken(result: Verification, case_id: str, seq: int | None, reason: str) -> Verification:
    result.first_broken = Break(case_id, seq, reason)
    return result


EVENT_LABELS = {
    "case_started": "Zaak gestart",
    "task_ready": "Taak klaargezet",
    "task_claimed": "Taak opgepakt",
    "task_unclaimed": "Taak teruggelegd",
    "task_completed": "Taak afgerond",
    "task_cancelled": "Taak vervallen",
    "handover": "Overdracht",
    "timer_fired": "Termijn verstreken",
    "message_received": "Bericht ontvangen",
    "case_completed": "Zaak afgerond",
    "case_cancelled": "Zaak beëindigd",
}


def describe(event: AuditEvent) -> str:
    """One line of Dutch explaining an event, for the timeline auditors and staff read."""
    data = event.data or {}
    who = f"{event.actor} ({event.role})" if event.role else event.actor
    label = EVENT_LABELS.get(event.type, event.type)
    if event.type == "task_completed":
        changes = "; ".join(
            f"{k}: {_show(before)} → {_show(after)}"
            for k, (before, after) in (data.get("changes") or {}).items()
        )
        return f"{label}: '{event.task_name}' door {who}" + (f". Gewijzigd: {changes}" if changes else "")
    if event.type == "handover":
        return f"{label} van {data.get('from_role')} naar {data.get('to_role')}: '{data.get('from_task')}' → '{event.task_name}'"
    if event.type in ("task_ready", "task_claimed", "task_unclaimed", "task_cancelled", "timer_fired"):
        return f"{label}: '{event.task_name}'" + (
            f" door {who}" if event.type in ("task_claimed", "task_unclaimed") else ""
        )
    if event.type == "message_received":
        return f"{label}: '{data.get('message')}' via {who}"
    if event.type == "case_started":
        return f"{label} door {who} in {data.get('gemeente')} (procesversie {data.get('process_number')})"
    if event.type == "case_completed":
        return f"{label} met uitkomst '{data.get('outcome')}'"
    if event.type == "case_cancelled":
        return f"{label} door {who}: {data.get('reason')}"
    return f"{label} door {who}"


def _show(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)
