"""Seals over every case's head: a whole case deleted with its events, or one rolled back to fewer
events, is found by the whole verify (docs/auditor.md#seals), on both databases."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine
from sqlalchemy import Connection, insert, text
from sqlalchemy.orm import Session

from engine import audit, cases, tasks
from engine.models import AuditEvent, AuditSeal, Case, utcnow
from engine.vocabulary import EventType

GUARDS_SQLITE = ("audit_events", "audit_seals")


@contextmanager
def tampering(db) -> Iterator[Session]:
    """A transaction with the append-only guards of events and seals lifted, rolled back afterwards:
    what someone with access to the database can do."""
    with db.factory() as session:
        for table in GUARDS_SQLITE:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
            else:
                for action in ("update", "delete"):
                    session.execute(text(f"DROP TRIGGER {table}_no_{action}"))
        try:
            yield session
        finally:
            session.rollback()


def delete_case(session: Session | Connection, case_id: str) -> None:
    """Remove a case and everything of it, as someone covering their tracks would."""
    for statement in (
        "DELETE FROM case_task_roles WHERE task_id IN (SELECT id FROM case_tasks WHERE case_id = :c)",
        "DELETE FROM case_tasks WHERE case_id = :c",
        "DELETE FROM handovers WHERE case_id = :c",
        "DELETE FROM access_log WHERE case_id = :c",
        "DELETE FROM audit_events WHERE case_id = :c",
        "DELETE FROM cases WHERE id = :c",
    ):
        session.execute(text(statement), {"c": case_id})


def roll_back(session: Session, case_id: str, count: int) -> None:
    """Remove a case's events after ``count`` and make the case row agree, so its own chain holds."""
    session.execute(
        text("DELETE FROM audit_events WHERE case_id = :c AND seq > :n"), {"c": case_id, "n": count}
    )
    session.execute(
        text(
            "UPDATE cases SET event_count = :n,"
            " audit_head = (SELECT hash FROM audit_events WHERE case_id = :c AND seq = :n) WHERE id = :c"
        ),
        {"c": case_id, "n": count},
    )


def start(db, staff, gemeente: str, steps: int = 1) -> str:
    coach = staff("werkcoach").actor
    with db.tx() as session:
        case_id = cases.start_case(
            session, db.cache, db.profiles, coach, "voortgang_lus", gemeente, "K-1", {}
        ).id
    for _ in range(steps):
        with db.tx() as session:
            [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
            tasks.complete_task(session, db.cache, coach, task.id, {"doorgaan": True})
    return case_id


def seal(db) -> AuditSeal:
    with db.tx() as session:
        made = audit.seal(session)
        assert isinstance(made, AuditSeal), made
        return made


def event_count(db, case_id: str) -> int:
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.event_count


def test_a_seal_covers_every_case_and_chains_to_the_previous(db, staff, gemeente) -> None:
    case_id = start(db, staff, gemeente)
    first = seal(db)
    with db.tx() as session:
        heads = audit.case_heads(session)
    assert case_id in heads and first.cases == len(heads)
    assert first.events == sum(count for count, _ in heads.values())
    second = seal(db)
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)
    with db.tx() as session:
        result = audit.verify(session)
    assert result.ok and result.seals_checked
    assert result.latest_seal is not None and result.latest_seal.seq == second.seq
    assert result.seals >= 2


def test_a_case_that_grew_after_the_seal_still_verifies(db, staff, gemeente) -> None:
    case_id = start(db, staff, gemeente)
    seal(db)
    before = event_count(db, case_id)
    coach = staff("werkcoach").actor
    with db.tx() as session:
        [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        tasks.complete_task(session, db.cache, coach, task.id, {"doorgaan": True})
    assert event_count(db, case_id) > before
    with db.tx() as session:
        assert audit.verify(session).ok


def test_a_case_deleted_with_all_its_events_is_named_with_the_seal(db, staff, gemeente) -> None:
    case_id = start(db, staff, gemeente)
    sealed = seal(db)
    count = event_count(db, case_id)
    with tampering(db) as session:
        delete_case(session, case_id)
        result = audit.verify(session)
        assert result.first_broken == audit.Break(
            case_id,
            None,
            f"sealed with {count} events in seal {sealed.seq}, the case no longer exists",
            sealed.seq,
        )
        # Without the seal the deletion leaves no trace in any chain.
        assert audit.verify(session, gemeenten=[gemeente]).ok
        # A new seal would forget the case: refused, naming it.
        refused = audit.seal(session)
        assert isinstance(refused, audit.Break) and (refused.case_id, refused.seal) == (case_id, sealed.seq)
    with db.tx() as session:
        assert audit.verify(session).ok


def test_a_case_rolled_back_to_fewer_events_is_named_with_the_seal(db, staff, gemeente) -> None:
    case_id = start(db, staff, gemeente, steps=2)
    sealed = seal(db)
    count = event_count(db, case_id)
    with tampering(db) as session:
        roll_back(session, case_id, count - 2)
        assert audit.verify_case(session, session.get(Case, case_id)).ok  # its own chain holds
        broken = audit.verify(session).first_broken
        assert broken == audit.Break(
            case_id,
            count - 1,
            f"sealed with {count} events in seal {sealed.seq}, the case has {count - 2} now",
            sealed.seq,
        )


def test_a_case_rolled_back_and_grown_again_is_named_with_the_seal(db, staff, gemeente) -> None:
    """A rewritten ending: the case has as many events again, but not the one the seal holds."""
    case_id = start(db, staff, gemeente)
    sealed = seal(db)
    count = event_count(db, case_id)
    with tampering(db) as session:
        roll_back(session, case_id, count - 1)
        session.expire_all()
        case = session.get(Case, case_id)
        assert case is not None
        row = audit.next_event(case, EventType.CASE_CANCELLED, "iemand", data={"reason": "vergissing"})
        session.execute(insert(AuditEvent), [row])
        session.execute(
            text("UPDATE cases SET event_count = :n, audit_head = :h WHERE id = :c"),
            {"n": row["seq"], "h": row["hash"], "c": case_id},
        )
        broken = audit.verify(session).first_broken
        assert broken is not None
        assert (broken.case_id, broken.seq, broken.seal) == (case_id, count, sealed.seq)
        assert "the history was rewritten" in broken.reason


class Rounds(threading.Event):
    """The stop event of three sealing workers; ``all_looked`` is set once each has made a round."""

    def __init__(self) -> None:
        super().__init__()
        self.looked: set[int] = set()
        self.all_looked = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.looked.add(threading.get_ident())
        if len(self.looked) == 3:
            self.all_looked.set()
        return super().wait(timeout)


def test_workers_sealing_every_interval_make_one_seal_per_interval_that_names_a_deleted_case(
    db, staff, gemeente
) -> None:
    """What `procesregie serve` and `procesregie worker` run beside the timers (audit.seal_forever), in
    three workers at once: the interval has passed, so exactly one of them seals; the seal covers the
    case, so deleting it with all its events is found."""
    case_id = start(db, staff, gemeente)
    with db.tx() as session:
        before = audit.latest_seal(session)
    now = utcnow() + dt.timedelta(seconds=1)
    # the interval is what has passed since the latest seal: due now, and not again while time stands
    interval = (now - before.at).total_seconds() if before is not None else 3600.0
    stop = Rounds()
    workers = [
        threading.Thread(target=audit.seal_forever, args=(db.factory, interval, stop)) for _ in range(3)
    ]
    with time_machine.travel(now, tick=False):
        for worker in workers:
            worker.start()
        assert stop.all_looked.wait(timeout=600)  # a guard against a hang, not a limit on sealing
        stop.set()
        for worker in workers:
            worker.join()
    with db.tx() as session:
        made = audit.latest_seal(session)
    assert made is not None and made.seq == (before.seq + 1 if before is not None else 1)
    count = event_count(db, case_id)
    with tampering(db) as session:
        delete_case(session, case_id)
        assert audit.verify(session).first_broken == audit.Break(
            case_id,
            None,
            f"sealed with {count} events in seal {made.seq}, the case no longer exists",
            made.seq,
        )


def test_a_changed_seal_breaks_the_seal_chain(db, staff, gemeente) -> None:
    start(db, staff, gemeente)
    sealed = seal(db)
    with tampering(db) as session:
        session.execute(text("UPDATE audit_seals SET cases = cases - 1 WHERE seq = :s"), {"s": sealed.seq})
        broken = audit.verify(session).first_broken
        assert broken == audit.Break(
            None,
            None,
            f"seal {sealed.seq} does not match its hash (changed after it was written)",
            sealed.seq,
        )


def test_a_seal_kept_elsewhere_must_still_be_there(db, staff, gemeente) -> None:
    start(db, staff, gemeente)
    sealed = seal(db)
    with db.tx() as session:
        assert audit.verify(session, expect_seal=(sealed.seq, sealed.hash)).ok
        wrong = audit.verify(session, expect_seal=(sealed.seq, "0" * 64)).first_broken
        assert wrong is not None and wrong.reason == f"seal {sealed.seq} has another hash than expected"
        later = audit.verify(session, expect_seal=(sealed.seq + 1, sealed.hash)).first_broken
        assert (
            later is not None
            and later.reason == f"seal {sealed.seq + 1} is missing (the latest is {sealed.seq})"
        )


def test_the_seal_guard_refuses_changes(db, staff, gemeente) -> None:
    start(db, staff, gemeente)
    sealed = seal(db)
    for statement in (
        "UPDATE audit_seals SET cases = 0 WHERE seq = :s",
        "DELETE FROM audit_seals WHERE seq = :s",
    ):
        with db.factory() as session, pytest.raises(Exception, match="append-only"):
            session.execute(text(statement), {"s": sealed.seq})


def procesregie(url: str, *args: str) -> tuple[int, str, str]:
    """Run the real command; its exit code, standard output and standard error."""
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", url, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout.strip(), done.stderr


@pytest.mark.slow
def test_the_command_line_seals_and_verifies(db, staff, gemeente) -> None:
    start(db, staff, gemeente)
    code, printed, _ = procesregie(db.url, "audit", "seal")
    assert code == 0 and printed.startswith("seal ") and " cases, " in printed
    number, hash = printed.split()[1].rstrip(":"), printed.split()[-1]
    code, out, _ = procesregie(db.url, "audit", "verify", "--seal", f"{number}:{hash}")
    assert code == 0 and out.startswith("ok: ")
    assert f"; seal {number} of " in out and out.endswith(f"(hash {hash})")
    code, out, _ = procesregie(db.url, "audit", "verify", "--seal", f"{number}:{'0' * 64}")
    assert (code, out.split(" (checked")[0]) == (
        1,
        f"BROKEN: seal {number} has another hash than expected",
    )
    code, _, err = procesregie(db.url, "audit", "verify", "--seal", "x")
    assert code == 2 and "NUMBER:HASH" in err
