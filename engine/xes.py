"""Process mining export: an IEEE 1849 (XES) event log of the audit events, streamed.

Trace = case; an event per claim (``start``), completion (``complete``) and handover
(``reassign``: the work moves to another role), with the Dutch task name, time,
pseudonymised user and role. Written case by case from a server-side cursor, so memory
stays flat for any number of cases.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from itertools import groupby
from xml.sax.saxutils import quoteattr

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from . import access
from .config import get_settings
from .db import read_only
from .models import AuditEvent, Case
from .period import ALWAYS, Period
from .users import Actor
from .vocabulary import EventType

TRANSITIONS: dict[str, str] = {t: t.transition for t in EventType if t.transition}
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
    <string key="lifecycle:transition" value="complete"/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="procesregie"/>
"""


def pseudonym(user: str) -> str:
    """A stable pseudonym for a user name; the installation key makes it irreversible."""
    return (
        "medewerker-"
        + hmac.new(get_settings().bsn_key.encode(), user.encode(), hashlib.sha256).hexdigest()[:10]
    )


def export(
    factory: sessionmaker[Session],
    actor: Actor,
    process_id: str | None = None,
    period: Period = ALWAYS,
) -> Iterator[str]:
    """The XES document in chunks.

    It holds the cases of the process that started in the period, in the actor's gemeenten.
    """
    yield HEADER
    cases = select(Case.id).where(
        Case.gemeente.in_(access.gemeenten(actor)), *period.conditions(Case.started_at)
    )
    if process_id:
        cases = cases.where(Case.process_id == process_id)
    query = (
        select(AuditEvent)
        .where(AuditEvent.case_id.in_(cases), AuditEvent.type.in_(TRANSITIONS))
        .order_by(AuditEvent.case_id, AuditEvent.seq)
        .execution_options(yield_per=2000)
    )
    with factory() as session:
        read_only(session)  # one snapshot for the whole stream, without holding up SQLite's writers
        events = session.scalars(query)
        try:
            for case_id, trace in groupby(events, key=lambda e: e.case_id):
                yield _trace(case_id, list(trace))
        finally:
            events.close()
    yield "</log>\n"


def _trace(case_id: str, events: list[AuditEvent]) -> str:
    first = events[0]
    lines = [
        f'  <trace>\n    <string key="concept:name" value={quoteattr(case_id)}/>\n'
        f'    <string key="process" value={quoteattr(first.process_id)}/>\n'
        f'    <string key="process_version_hash" value={quoteattr(first.process_version_hash)}/>\n'
    ]
    for event in events:
        role = event.role or ""
        if event.type == EventType.HANDOVER:
            role = (event.data or {}).get("to_role") or role
        lines.append(
            "    <event>\n"
            f'      <string key="concept:name" value={quoteattr(event.task_name or event.type)}/>\n'
            f'      <date key="time:timestamp" value="{event.at.isoformat(timespec="milliseconds")}"/>\n'
            f'      <string key="org:resource" value="{pseudonym(event.actor)}"/>\n'
            f'      <string key="org:role" value={quoteattr(role)}/>\n'
            f'      <string key="lifecycle:transition" value="{TRANSITIONS[event.type]}"/>\n'
            "    </event>\n"
        )
    lines.append("  </trace>\n")
    return "".join(lines)
