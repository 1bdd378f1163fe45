"""No doubled work when several workers act at once: a yearly ceiling hands out no more places than it
has, and several timer workers fire each due timer exactly once.

Each worker is a thread with its own session and transaction, as each API or timer worker process has;
on PostgreSQL they run truly in parallel on the server, on SQLite they queue for the write lock.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from engine import audit, cases, tasks, timers
from engine.models import AuditEvent, Case
from engine.profiles import Profile, Profiles

WORKERS = 8


def in_parallel(workers: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``workers`` threads released at the same moment; their results, or the errors
    they raised."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(i)
        except Exception as err:  # reported to the test, not lost in the thread
            results[i] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def waiting_for_a_timer(db: Any, coach: Any, gemeente: str, client_ref: str) -> str:
    """A new overdracht case whose intake is done: its boundary timer falls due in 14 days."""
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, coach, "overdracht_test", gemeente, client_ref, {"weken_plan": 26}
        )
        [task] = cases.case_tasks(session, case, open_only=True)
    with db.tx() as session:
        tasks.complete_task(session, db.cache, coach, task.id, {"matchbaar": True})
    return case.id


@pytest.mark.parametrize("ceiling", [1, 3])
def test_parallel_starts_never_hand_out_more_places_than_the_ceiling(db, staff, gemeente, ceiling) -> None:
    km = staff("klantmanager", "werkcoach").actor
    profiles = Profiles({gemeente: Profile(gemeente=gemeente, naam="Test", plafond_trajecten=ceiling)})

    def start(i: int) -> bool:
        with db.tx() as session:
            case = cases.start_case(session, db.cache, profiles, km, "traject_test", gemeente, f"K-{i}", {})
            return bool(case.data["plafond_bereikt"])

    starts = 3 * WORKERS  # three rounds of parallel starts: the first already hands out every place
    reached = [r for _ in range(3) for r in in_parallel(WORKERS, start)]
    assert [r for r in reached if isinstance(r, Exception)] == []
    assert reached.count(False) == ceiling and reached.count(True) == starts - ceiling
    with db.tx() as session:
        stored = session.scalars(select(Case.data).where(Case.gemeente == gemeente)).all()
    assert [d["plafond_bereikt"] for d in stored].count(False) == ceiling and len(stored) == starts


def test_several_timer_workers_fire_each_due_timer_once_and_record_how_late(
    db, staff, gemeente, caplog
) -> None:
    coach = staff("werkcoach").actor
    case_ids = [waiting_for_a_timer(db, coach, gemeente, f"K-{i}") for i in range(24)]
    with db.tx() as session:
        due = dict(session.execute(select(Case.id, Case.next_timer_at).where(Case.id.in_(case_ids))).all())
    assert all(due.values())
    now = max(due.values()) + dt.timedelta(minutes=1)

    def work(_: int) -> int:
        """One timer worker: small batches until nothing is left for it."""
        fired = 0
        while batch := timers.fire_due(db.factory, db.cache, batch_size=3):
            fired += batch
        return fired

    caplog.set_level(logging.INFO, logger="procesregie.timers")
    with time_machine.travel(now, tick=False):
        # the workers fire every due timer of the database, those of earlier tests' cases too
        with db.tx() as session:
            due_before = set(timers.due_case_ids(session, 100_000))
        fired = in_parallel(WORKERS, work)
        with db.tx() as session:
            due_after = set(timers.due_case_ids(session, 100_000))
    assert [f for f in fired if isinstance(f, Exception)] == []
    assert set(case_ids) <= due_before and not set(case_ids) & due_after
    assert sum(fired) == len(due_before - due_after)  # no case advanced twice
    # every error of a worker is logged (a ConcurrentUpdate too): none about these cases, no conflict at all
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [p for p in problems if any(c in p for c in case_ids) or "someone else" in p] == []
    with db.tx() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id.in_(case_ids), AuditEvent.type == "timer_fired")
        ).all()
        assert audit.verify(session, [gemeente]).ok
    assert sorted(e.case_id for e in events) == sorted(case_ids)  # each exactly once
    for event in events:
        expected = round((now - due[event.case_id]).total_seconds(), 3)
        assert event.data == {"element_id": "Timer_intake", "late_seconds": expected}
    logged = [r for r in caplog.records if getattr(r, "case_id", None) in due]
    assert sorted((r.case_id, r.late_seconds) for r in logged) == sorted(
        (e.case_id, e.data["late_seconds"]) for e in events
    )


def test_timer_workers_whose_batches_cross_two_gemeenten_in_opposite_orders_never_deadlock(
    db, staff, monkeypatch
) -> None:
    """Every step adds to counter rows of its gemeente (task, handover and report counts), each locked until
    its transaction ends. Worker A fires a case of g1 and, before it goes on to one of g2, worker B fires a
    case of g2 and then one of g1: had A kept the rows of g1 locked while it went on to g2, the two would
    wait for each other (PostgreSQL ends that after a second, failing one worker's round)."""
    g1, g2 = f"gemeente-{uuid.uuid4().hex[:8]}", f"gemeente-{uuid.uuid4().hex[:8]}"
    coach = staff("werkcoach", gemeenten=[g1, g2]).actor
    base = dt.datetime(2019, 3, 4, 9, 0, tzinfo=dt.UTC)  # due long before any other test's timers
    case_ids = []
    for i, gemeente in enumerate([g1, g2, g2, g1]):  # the order their timers fall due in
        with time_machine.travel(base + dt.timedelta(minutes=i), tick=False):
            case_ids.append(waiting_for_a_timer(db, coach, gemeente, f"K-{i}"))

    paused, go_on = threading.Event(), threading.Event()
    fire = timers.fire_due_timers

    def fire_and_pause(session: Any, cache: Any, case_id: str, profiles: Any = None) -> bool:
        fired = fire(session, cache, case_id, profiles)
        if threading.current_thread().name == "A" and not paused.is_set():
            paused.set()  # A has fired its first case, of g1
            go_on.wait(30)
        return fired

    monkeypatch.setattr(timers, "fire_due_timers", fire_and_pause)
    results: dict[str, Any] = {}

    def work() -> None:
        try:
            rounds = []
            while batch := timers.fire_due(db.factory, db.cache, batch_size=2):
                rounds.append(batch)
            results[threading.current_thread().name] = rounds
        except Exception as err:  # reported to the test, not lost in the thread
            results[threading.current_thread().name] = err

    with time_machine.travel(base + dt.timedelta(days=14, hours=1), tick=False):
        a, b = threading.Thread(target=work, name="A"), threading.Thread(target=work, name="B")
        a.start()
        assert paused.wait(30)
        b.start()
        b.join(3)  # B fires what A does not hold, and waits for whatever A holds
        go_on.set()
        a.join(60)
        b.join(60)
    assert not [r for r in results.values() if isinstance(r, Exception)], results
    with db.tx() as session:
        fired = session.scalars(
            select(AuditEvent.case_id).where(
                AuditEvent.case_id.in_(case_ids), AuditEvent.type == "timer_fired"
            )
        ).all()
    assert sorted(fired) == sorted(case_ids)  # each exactly once
