"""Auditors' search across cases for audit events.

Events are found by process, gemeente, period, actor, role, type, case status and client.

Results come in a stable order (time, then id) with a cursor, and can be exported as CSV or
JSON Lines in batches, so memory stays flat however large the range. A BSN is
searched through its keyed hash and never appears in a result or export.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session, sessionmaker

from . import access, audit
from . import bsn as bsn_module
from .config import get_settings
from .errors import FieldError, InvalidInput
from .models import AuditEvent, Case
from .period import ALWAYS, Period
from .users import Actor

EXPORT_COLUMNS = (
    "event_id",
    "case_id",
    "seq",
    "type",
    "at",
    "actor",
    "role",
    "process_id",
    "process_version_hash",
    "gemeente",
    "case_status",
    "task_id",
    "task_name",
    "data",
)


@dataclass(frozen=True)
class EventFilter:
    """What an auditor searches for; every field is optional."""

    process_id: str | None = None
    gemeente: str | None = None
    period: Period = ALWAYS
    actor: str | None = None
    role: str | None = None
    type: str | None = None
    case_status: str | None = None
    client_ref: str | None = None
    bsn: str | None = None


def _query(actor: Actor, f: EventFilter) -> Select[AuditEvent, Case]:
    if f.bsn is not None and not bsn_module.valid(f.bsn):
        raise InvalidInput([FieldError("bsn", "is not a valid BSN (nine digits passing the elfproef)")])
    query = (
        select(AuditEvent, Case)
        .join(Case, Case.id == AuditEvent.case_id)
        .where(Case.gemeente.in_(access.gemeenten(actor, f.gemeente)), *f.period.conditions(AuditEvent.at))
    )
    for column, value in (
        (AuditEvent.process_id, f.process_id),
        (AuditEvent.actor, f.actor),
        (AuditEvent.role, f.role),
        (AuditEvent.type, f.type),
        (Case.status, f.case_status),
        (Case.client_ref, f.client_ref),
    ):
        if value is not None:
            query = query.where(column == value)
    if f.bsn is not None:
        query = query.where(Case.bsn_hash == bsn_module.keyed_hash(f.bsn, get_settings().bsn_key))
    return query


def search(
    session: Session, actor: Actor, f: EventFilter, after: int | None = None, limit: int = 100
) -> tuple[list[tuple[AuditEvent, Case]], int | None]:
    """One page of matching events in time order (ties by id), and the cursor for the next page.

    The cursor is the id of the last event returned, or None at the end; the next page starts
    after its (time, id).
    """
    query = _query(actor, f)
    if after is not None:
        last = session.get(AuditEvent, after)
        if last is None:
            raise InvalidInput([FieldError("after", "is not a cursor this search returned")])
        query = query.where(tuple_(AuditEvent.at, AuditEvent.id) > tuple_(last.at, last.id))
    rows = [
        (row.AuditEvent, row.Case)
        for row in session.execute(query.order_by(AuditEvent.at, AuditEvent.id).limit(limit + 1))
    ]
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1][0].id if more and rows else None)


def row(event: AuditEvent, case: Case) -> dict[str, Any]:
    """An event as an export row; the client reference and any BSN stay out."""
    return {
        "event_id": event.id,
        "case_id": event.case_id,
        "seq": event.seq,
        "type": event.type,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "role": event.role,
        "process_id": event.process_id,
        "process_version_hash": event.process_version_hash,
        "gemeente": case.gemeente,
        "case_status": case.status,
        "task_id": event.task_id,
        "task_name": event.task_name,
        "data": event.data,
    }


def export(
    factory: sessionmaker[Session],
    actor: Actor,
    f: EventFilter,
    fmt: str,
    reason: str | None,
    batch: int = 1000,
) -> Iterator[str]:
    """Matching events as CSV or JSON Lines, batch by batch (one short transaction each).

    Each exported case is access-logged. Call :func:`search` first in the request, so bad
    filters are refused before streaming starts.
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        yield buffer.getvalue()
    after: int | None = None
    while True:
        with factory() as session:
            rows, after = search(session, actor, f, after, batch)
            for case in {case.id: case for _, case in rows}.values():
                audit.log_access(session, actor, case, "export", reason)
            session.commit()
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
            for event, case in rows:
                writer.writerow(
                    {**row(event, case), "data": json.dumps(event.data, ensure_ascii=False, sort_keys=True)}
                )
            yield buffer.getvalue()
        else:
            yield "".join(json.dumps(row(event, case), ensure_ascii=False) + "\n" for event, case in rows)
        if after is None:
            return
