"""Tamper evidence: verify recomputes every chain and finds the first broken link on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from engine import audit, cases, tasks
from engine.models import Case

TRIGGERS_SQLITE = ("audit_events_no_update", "audit_events_no_delete")


@contextmanager
def tampering(db) -> Iterator[Session]:
    """A transaction with the append-only guard lifted, rolled back afterwards: what an attacker with
    access to the database can do."""
    with db.factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        else:
            for trigger in TRIGGERS_SQLITE:
                session.execute(text(f"DROP TRIGGER {trigger}"))
        try:
            yield session
        finally:
            session.rollback()


@pytest.fixture
def case_id(db, staff, gemeente) -> str:
    coach = staff("werkcoach").actor
    with db.tx() as session:
        case = cases.start_case(session, db.cache, db.profiles, coach, "voortgang_lus", gemeente, "K-1", {})
        case_id = case.id
    for _ in range(2):
        with db.tx() as session:
            [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
            tasks.complete_task(session, db.cache, coach, task.id, {"doorgaan": True})
    return case_id


def test_an_untouched_trail_verifies(db, case_id) -> None:
    with db.tx() as session:
        result = audit.verify(session)
    assert result.ok and result.cases >= 1 and result.events >= 6


@pytest.mark.parametrize(
    ("statement", "seq", "reason"),
    [
        (
            'UPDATE audit_events SET data = \'{"submitted": {"doorgaan": false}}\''
            " WHERE case_id = :c AND seq = 4",
            4,
            "content does not match",
        ),
        (
            "UPDATE audit_events SET actor = 'iemand-anders' WHERE case_id = :c AND seq = 2",
            2,
            "content does not match",
        ),
        ("DELETE FROM audit_events WHERE case_id = :c AND seq = 3", 3, "missing"),
        (
            "DELETE FROM audit_events WHERE case_id = :c"
            " AND seq = (SELECT max(seq) FROM audit_events WHERE case_id = :c)",
            6,
            "records 6 events",
        ),
        ("DELETE FROM audit_events WHERE case_id = :c", 1, "history has none"),
    ],
)
def test_verify_finds_the_first_broken_link(db, case_id, statement: str, seq: int, reason: str) -> None:
    with tampering(db) as session:
        assert session.execute(text(statement), {"c": case_id}).rowcount >= 1
        result = audit.verify(session)
        assert not result.ok
        assert result.first_broken is not None
        assert (result.first_broken.case_id, result.first_broken.seq) == (case_id, seq)
        assert reason in result.first_broken.reason
    with db.tx() as session:
        assert audit.verify(session).ok
