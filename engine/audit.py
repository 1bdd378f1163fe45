"""Audit events: append-only, chained per case by hash (docs/adr/0003-audit-events.md)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import access
from .models import AccessLog, AuditEvent, Case, utcnow
from .period import ALWAYS, Period
from .users import Actor
from .vocabulary import EventType

# The hashed content of an event, by key and column. The keys are part of every hash ever
# written, so they stay as they are when a column is renamed (process_version_hash was
# process_version): chains written before still verify.
HASHED = {
    "case_id": "case_id",
    "seq": "seq",
    "type": "type",
    "at": "at",
    "actor": "actor",
    "role": "role",
    "process_id": "process_id",
    "process_version": "process_version_hash",
    "task_id": "task_id",
    "task_name": "task_name",
    "data": "data",
}


def event_hash(event: AuditEvent | Mapping[str, Any]) -> str:
    """Hash of an event's content and the previous event's hash.

    The event is a stored event or a row about to be written.
    """
    field = event.__getitem__ if isinstance(event, Mapping) else functools.partial(getattr, event)
    content = {key: field(column) for key, column in HASHED.items()} | {"at": field("at").isoformat()}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(((field("prev_hash") or "") + text).encode()).hexdigest()


def next_event(
    case: Case,
    type: EventType,
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
        "process_version_hash": case.process_version.content_hash,
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
    period: Period = ALWAYS,
    limit: int = 100,
    offset: int = 0,
) -> list[AccessLog]:
    """Reads of case data in the reader's gemeenten, newest first."""
    query = select(AccessLog).where(
        AccessLog.gemeente.in_(access.gemeenten(actor)), *period.conditions(AccessLog.at)
    )
    if case_id:
        query = query.where(AccessLog.case_id == case_id)
    if reader:
        query = query.where(AccessLog.actor == reader)
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


def verify(session: Session, gemeenten: Iterable[str] | None = None) -> Verification:
    """Recompute every case's hash chain (or those of the cases of ``gemeenten``); report the first
    broken link.

    Catches changed events (hash), deleted or inserted ones (sequence and links),
    and removed newest events (the case row holds the head and the count). Events whose case
    does not exist belong to no gemeente: only the whole check (the command line) finds them.
    """
    result = Verification()
    cases = select(Case.id, Case.event_count, Case.audit_head)
    events_query = select(AuditEvent)
    if gemeenten is not None:
        scope = Case.gemeente.in_(set(gemeenten))
        cases = cases.where(scope)
        events_query = events_query.where(AuditEvent.case_id.in_(select(Case.id).where(scope)))
    heads = {case_id: (count or 0, head) for case_id, count, head in session.execute(cases)}
    events = session.scalars(
        events_query.order_by(AuditEvent.case_id, AuditEvent.seq).execution_options(yield_per=1000)
    )
    try:
        return _verify_chains(result, heads, events)
    finally:
        events.close()


def verify_case(session: Session, case: Case) -> Verification:
    """Recompute one case's hash chain; report its first broken link."""
    result = Verification()
    result.first_broken = _chain_break(
        result, case.id, history(session, case), case.event_count or 0, case.audit_head
    )
    return result


def _verify_chains(
    result: Verification, heads: dict[str, tuple[int, str | None]], events: Iterable[AuditEvent]
) -> Verification:
    for case_id, chain in groupby(events, key=lambda e: e.case_id):
        if case_id not in heads:
            return _broken(result, case_id, None, "events of a case that does not exist")
        count, head = heads.pop(case_id)
        result.first_broken = _chain_break(result, case_id, chain, count, head)
        if result.first_broken:
            return result
    for case_id, (count, head) in heads.items():
        result.first_broken = _chain_break(result, case_id, (), count, head)
        if result.first_broken:
            return result
    return result


def _chain_break(
    result: Verification, case_id: str, chain: Iterable[AuditEvent], count: int, head: str | None
) -> Break | None:
    """The first link of one case's events (in ``seq`` order) that does not hold, counted into ``result``.

    ``count`` and ``head`` are what the case row records: its number of events and newest hash.
    """
    result.cases += 1
    previous: str | None = None
    seq = 0
    for event in chain:
        seq += 1
        result.events += 1
        if event.seq != seq:
            return Break(case_id, seq, f"event {seq} is missing (found {event.seq})")
        if event.prev_hash != previous:
            return Break(case_id, seq, "does not link to the previous event")
        if event_hash(event) != event.hash:
            return Break(case_id, seq, "content does not match its hash (changed after it was written)")
        previous = event.hash
    if seq != count or previous != head:
        return Break(
            case_id,
            seq + 1 if seq < count else None,
            f"the case records {count} events, its history has {seq or 'none'}",
        )
    return None


def _broken(result: Verification, case_id: str, seq: int | None, reason: str) -> Verification:
    result.first_broken = Break(case_id, seq, reason)
    return result


def describe(event: AuditEvent) -> str:
    """One line of Dutch explaining an event, for the timeline auditors and staff read.

    The fields a completion changed are in its data (``changes``), shown apart from this line.
    """
    data = event.data or {}
    who = f"{event.actor} ({event.role})" if event.role else event.actor
    type = EventType[event.type.upper()]
    label = type.label
    if type == EventType.TASK_COMPLETED:
        return f"{label}: '{event.task_name}' door {who}"
    if type == EventType.HANDOVER:
        roles = f"van {data.get('from_role')} naar {data.get('to_role')}"
        return f"{label} {roles}: '{data.get('from_task')}' → '{event.task_name}'"
    if type in (EventType.TASK_CLAIMED, EventType.TASK_UNCLAIMED):
        return f"{label}: '{event.task_name}' door {who}"
    if type in (EventType.TASK_READY, EventType.TASK_CANCELLED, EventType.TIMER_FIRED):
        return f"{label}: '{event.task_name}'"
    if type == EventType.MESSAGE_RECEIVED:
        return f"{label}: '{data.get('message')}' via {who}"
    if type == EventType.CASE_STARTED:
        return f"{label} door {who} in {data.get('gemeente')} (procesversie {data.get('process_number')})"
    if type == EventType.CASE_COMPLETED:
        return f"{label} met uitkomst '{data.get('outcome')}'"
    if type == EventType.CASE_CANCELLED:
        return f"{label} door {who}: {data.get('reason')}"
    return f"{label} door {who}"


def show(value: Any) -> str:
    """A value of case data as Dutch readers see it: leeg, ja, nee, or the value."""
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
