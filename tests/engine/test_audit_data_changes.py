"""The audit trail says which data every step set, whoever set it: the start form's values and what the
start's scripts computed, a user's completion, a delivered message and the scripts after it, a fired
timer and the scripts after it. Replaying the ``changes`` of a case's events in order over its start data
gives the case's data as it stands, so an auditor can tell, for every field, which step set it.

Real processes on the engine, stored between steps, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from engine.models import AuditEvent, Case
from engine.vocabulary import EventType
from tests.engine.test_steering import (
    BOETE,
    EVERYONE,
    MARCH,
    boete_waiting_on_its_besluit,
    deliver,
    drive,
    fire_timers,
)


def replayed(db: Any, case_id: str) -> tuple[dict[str, Any], dict[str, Any], list[AuditEvent]]:
    """The case's data replayed from its events, the case's data as stored, and its events."""
    with db.tx() as session:
        events = list(
            session.scalars(select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.seq))
        )
        stored = dict(session.get(Case, case_id).data or {})
    data: dict[str, Any] = {}
    for event in events:
        if event.type == EventType.CASE_STARTED:
            data.update(event.data["data"])
        for field, (_, after) in (event.data or {}).get("changes", {}).items():
            data[field] = after
    return data, stored, events


def without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """A field set to null and a field never set read the same."""
    return {k: v for k, v in data.items() if v is not None}


def test_replaying_a_boete_s_events_gives_its_data_at_every_stage(db, staff, gemeente) -> None:
    """The boete: a start, completions, a message (the zienswijze), timers (the verdaging signal and the
    term) and the branch of the termijnoverschrijding, to its end."""
    jurist = staff(*EVERYONE).actor
    case_id = boete_waiting_on_its_besluit(db, jurist, gemeente)
    data, stored, events = replayed(db, case_id)
    assert without_empty(data) == without_empty(stored)
    [message] = [e for e in events if e.type == EventType.MESSAGE_RECEIVED]
    assert message.data["changes"]["zienswijze_boete"] == [None, {}]
    fire_timers(db, dt.datetime(2026, 6, 2, 10, tzinfo=dt.UTC))
    data, stored, events = replayed(db, case_id)
    assert any(e.type == EventType.TIMER_FIRED for e in events)
    assert without_empty(data) == without_empty(stored)
    drive(
        db,
        jurist,
        "bestuurlijke_boete",
        gemeente,
        BOETE,
        at=dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC),
        case_id=case_id,
    )
    data, stored, events = replayed(db, case_id)
    assert events[-1].type == EventType.CASE_COMPLETED
    assert without_empty(data) == without_empty(stored)


def test_replaying_a_verhaal_s_events_gives_its_data(db, staff, gemeente) -> None:
    """The verhaal op onderhoudsplichtigen waits on the gegevens of the onderhoudsplichtige as a message;
    what the message brings is recorded with it, not with the next user's completion."""
    worker = staff(*EVERYONE).actor
    verhaal = {"draagkracht_aanwezig": True, "dringende_redenen_afzien": False}
    verhaal |= {"onderhoudsplichtige_akkoord": True, "maandbedrag_verhaal": 150.75}
    case_id = drive(db, worker, "verhaal_op_onderhoudsplichtigen", gemeente, verhaal)
    gegevens = {"naam_onderhoudsplichtige": "J. Jansen", "adres_bekend": True}
    deliver(
        db,
        worker,
        case_id,
        MARCH + dt.timedelta(hours=1),
        "gegevens_onderhoudsplichtige_verstrekken",
        gegevens,
    )
    data, stored, events = replayed(db, case_id)
    [message] = [e for e in events if e.type == EventType.MESSAGE_RECEIVED]
    payload = message.data["payload"]
    assert {k: payload[k] for k in gegevens} == gegevens
    assert message.data["changes"]["gegevens_onderhoudsplichtige_verstrekken"] == [None, payload]
    assert without_empty(data) == without_empty(stored)
    drive(
        db,
        worker,
        "verhaal_op_onderhoudsplichtigen",
        gemeente,
        verhaal,
        at=MARCH + dt.timedelta(hours=2),
        case_id=case_id,
    )
    data, stored, events = replayed(db, case_id)
    assert events[-1].type == EventType.CASE_COMPLETED
    assert without_empty(data) == without_empty(stored)
