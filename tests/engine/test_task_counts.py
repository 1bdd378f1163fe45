"""The per-task statistics read from task_counts (engine/task_counts.py, ADR 37 amended), kept as cases
driven through a real process make, complete, withdraw and cancel tasks: every period, whole months,
parts of months and parts of a day, gives what the tasks themselves give (tests/report_oracle.py), and
so does the table made anew from the tasks, as migration 0028 makes it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import time_machine
from alembic import command
from sqlalchemy import select

from engine import cases, processes, reports, store, tasks, versions
from engine.models import Case, TaskCount
from engine.period import Period, month_bounds
from engine.users import Actor
from engine.vocabulary import CaseStatus
from tests.conftest import FIXTURES
from tests.engine.test_migrations import _config, fixture_database
from tests.engine.test_steering import fire_timers
from tests.report_oracle import assert_tasks_as_counted

OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_text()
RENAMED = OVERDRACHT.replace('name="Overdracht voorbereiden"', 'name="Overdracht klaarzetten"')
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))  # winter time
MINUTE, HOUR, DAY = dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1)
PLACED = {"uitkomst": "geplaatst"}
MATCHED = {"matchbaar": True, "kandidaatprofiel": "heftruck"}


def _deploy(db: Any, process_id: str, model: str) -> None:
    with db.tx() as session:
        data = model.replace("overdracht_test", process_id).encode()
        processes.deploy(session, db.cache, {f"{process_id}.bpmn": data}, "ontwerper-test")


def _start(db: Any, actor: Actor, process_id: str, gemeente: str, at: dt.datetime) -> str:
    with time_machine.travel(at, tick=False), db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, actor, process_id, gemeente, "K-1", {"weken_plan": 26}
        )
        return case.id


def _task(db: Any, case_id: str) -> str:
    with db.tx() as session:
        return cases.case_tasks(session, session.get(Case, case_id), True)[0].id


def _complete(db: Any, actor: Actor, case_id: str, data: dict[str, Any], at: dt.datetime) -> None:
    task_id = _task(db, case_id)
    with time_machine.travel(at, tick=False), db.tx() as session:
        tasks.complete_task(session, db.cache, actor, task_id, data)


def _claim(db: Any, actor: Actor, case_id: str, at: dt.datetime) -> None:
    task_id = _task(db, case_id)
    with time_machine.travel(at, tick=False), db.tx() as session:
        tasks.claim_task(session, db.cache, actor, task_id)


def _cases(db: Any, staff: Any, process_id: str, gemeente: str) -> dict[str, Actor]:
    """Five cases of the overdracht from January to March 2026, at times with microseconds: done,
    claimed, withdrawn by the intake's deadline, cancelled, and one that starts in Amsterdam's next day."""
    coach, manager = staff("werkcoach").actor, staff("accountmanager").actor
    # 23:30 on 31 January in Amsterdam: the first task is January's, the intake February's
    start = dt.datetime(2026, 1, 31, 22, 30, 0, 250_001, tzinfo=dt.UTC)
    done = _start(db, coach, process_id, gemeente, start)
    handed = start + HOUR + 7 * MINUTE + dt.timedelta(seconds=3, microseconds=123_457)
    _complete(db, coach, done, MATCHED, handed)
    _complete(db, manager, done, PLACED, handed + 2 * DAY + 3 * HOUR + dt.timedelta(seconds=4.5))

    start = dt.datetime(2026, 3, 2, 8, 15, 0, 750_000, tzinfo=dt.UTC)
    late = _start(db, coach, process_id, gemeente, start)
    _complete(db, coach, late, MATCHED, start + 3 * HOUR + dt.timedelta(seconds=0.333_333))
    fire_timers(db, start + 15 * DAY)  # the intake is withdrawn, the escalation waits

    start = dt.datetime(2026, 3, 10, 10, 0, 0, 500_000, tzinfo=dt.UTC)  # its intake's deadline still ahead
    claimed = _start(db, coach, process_id, gemeente, start)
    _complete(db, coach, claimed, MATCHED, start + 25 * MINUTE + dt.timedelta(microseconds=3))
    _claim(db, manager, claimed, start + 2 * HOUR)

    start = dt.datetime(2026, 3, 5, 12, 0, 0, 100_000, tzinfo=dt.UTC)
    cancelled = _start(db, coach, process_id, gemeente, start)
    with time_machine.travel(start + 2 * DAY, tick=False), db.tx() as session:
        cases.cancel_case(session, db.cache, coach, cancelled, "dubbel aangemaakt")

    start = dt.datetime(2026, 3, 20, 23, 30, 0, 999_999, tzinfo=dt.UTC)  # 00:30 on 21 March in Amsterdam
    second = _start(db, coach, process_id, gemeente, start)
    _complete(db, coach, second, MATCHED, start + 5 * HOUR + dt.timedelta(microseconds=777_777))
    _complete(db, manager, second, PLACED, start + 9 * DAY)
    return {"coach": coach, "manager": manager}


PERIODS = (
    Period(dt.datetime(2026, 1, 1, tzinfo=AMSTERDAM), dt.datetime(2027, 1, 1, tzinfo=AMSTERDAM)),  # 2026
    Period(*month_bounds("2026-02")),
    Period(dt.datetime(2026, 1, 10, tzinfo=dt.UTC), dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)),
    Period(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), dt.datetime(2026, 3, 20, tzinfo=dt.UTC)),
    Period(since=dt.datetime(2026, 2, 15, tzinfo=dt.UTC)),
    Period(until=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)),
    # parts of a day: the last hour of January in Amsterdam, the first of February, a morning in March
    Period(dt.datetime(2026, 1, 31, 22, tzinfo=dt.UTC), dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC)),
    Period(dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC), dt.datetime(2026, 2, 1, 0, 30, tzinfo=dt.UTC)),
    Period(dt.datetime(2026, 3, 2, 11, tzinfo=dt.UTC), dt.datetime(2026, 3, 2, 11, 15, 1, tzinfo=dt.UTC)),
    Period(dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2025, 6, 1, tzinfo=dt.UTC)),  # no tasks
)


def test_task_statistics_are_those_counted_from_the_tasks(db, staff, gemeente):
    process_id = f"taken_{gemeente.replace('-', '_')}"
    _deploy(db, process_id, OVERDRACHT)
    _cases(db, staff, process_id, gemeente)
    regisseur = staff("procesregisseur").actor
    with db.tx() as session:
        year = reports.element_statistics(session, regisseur, process_id, period=PERIODS[0])
        january = reports.element_statistics(
            session, regisseur, process_id, period=Period(*month_bounds("2026-01"))
        )
    assert [(s.element_id, s.name, s.open, s.completed) for s in year] == [
        ("Task_escalatie", "Termijnoverschrijding afhandelen", 1, 0),
        ("Task_intake", "Intake werkgeversdienstverlening", 1, 2),
        ("Task_voorbereiden", "Overdracht voorbereiden", 0, 4),
    ]
    # January holds the first task of the case started at 23:30 on its last day, done 1:07:03.123457 later
    assert [(s.element_id, s.completed, s.mean_seconds) for s in january] == [
        ("Task_voorbereiden", 1, 4023.123)
    ]
    assert_tasks_as_counted(db, regisseur, process_id, PERIODS)
    assert_tasks_as_counted(db, regisseur, process_id, PERIODS[:3], gemeente=gemeente)


def test_a_case_moved_to_a_version_that_renames_its_open_task_counts_it_under_the_new_name(
    db, staff, gemeente
):
    """A task counts under its name; moving a case renames its open task, and the statistics name the
    element by the smallest of its tasks' names in the period, as they did counted from the tasks."""
    process_id = f"hernoemd_{gemeente.replace('-', '_')}"
    _deploy(db, process_id, OVERDRACHT)
    coach = staff("werkcoach").actor
    at = dt.datetime(2026, 4, 7, 9, 0, 0, 1, tzinfo=dt.UTC)
    moved = _start(db, coach, process_id, gemeente, at)
    _complete(db, coach, _start(db, coach, process_id, gemeente, at), MATCHED, at + HOUR)
    _deploy(db, process_id, RENAMED)
    with db.tx() as session:
        assert versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 2).migrated == 2
    regisseur = staff("procesregisseur").actor
    with db.tx() as session:
        [voorbereiden] = [
            s
            for s in reports.element_statistics(session, regisseur, process_id)
            if s.element_id == "Task_voorbereiden"
        ]
        names = {
            row.task_name: row.value
            for row in session.scalars(
                select(TaskCount).where(
                    TaskCount.process_id == process_id,
                    TaskCount.element_id == "Task_voorbereiden",
                    TaskCount.name == "open",
                )
            )
        }
    assert (voorbereiden.name, voorbereiden.open, voorbereiden.completed) == ("Overdracht klaarzetten", 1, 1)
    assert names == {"Overdracht voorbereiden": 0.0, "Overdracht klaarzetten": 1.0}
    assert_tasks_as_counted(db, regisseur, process_id, [Period(*month_bounds("2026-04"))])
    _complete(db, coach, moved, MATCHED, at + DAY)
    assert_tasks_as_counted(db, regisseur, process_id, [Period(at, at + 2 * HOUR)])


def test_the_open_tasks_a_case_s_end_cancels_count_as_open_no_more(db, staff, gemeente):
    """A case's end cancels whatever tasks of it are still open (store.CaseWrites.end_case), beside those
    its step withdrew: they are counted as no longer open, in the same statement on PostgreSQL."""
    process_id = f"beeindigd_{gemeente.replace('-', '_')}"
    _deploy(db, process_id, OVERDRACHT)
    coach = staff("werkcoach").actor
    at = dt.datetime(2026, 6, 30, 22, 15, 0, 5, tzinfo=dt.UTC)  # 1 July in Amsterdam
    case_id = _start(db, coach, process_id, gemeente, at)
    ended = at + 2 * DAY
    with time_machine.travel(ended, tick=False), db.tx() as session:
        writes = store.CaseWrites(session, session.get(Case, case_id))
        writes.set_case(status=CaseStatus.CANCELLED, ended_at=ended)
        writes.end_case("case_cancelled", ended)
        writes.write()
    regisseur = staff("procesregisseur").actor
    with db.tx() as session:
        assert session.get(Case, case_id).status == CaseStatus.CANCELLED
        [task] = reports.element_statistics(session, regisseur, process_id)
        assert (task.element_id, task.open, task.completed) == ("Task_voorbereiden", 0, 0)
        months = session.scalars(select(TaskCount.month).where(TaskCount.process_id == process_id)).all()
        assert set(months) == {"2026-07"}
    assert_tasks_as_counted(db, regisseur, process_id, [Period(*month_bounds("2026-07"))])


def test_the_migration_counts_the_tasks_already_there(tmp_path: Path) -> None:
    coach = Actor("coach", frozenset({"werkcoach"}), frozenset({"woerden"}))
    with fixture_database(tmp_path) as db:
        at = dt.datetime(2026, 5, 4, 9, 0, 0, 654_321, tzinfo=dt.UTC)
        for _ in range(2):
            case_id = _start(db, coach, "overdracht_test", "woerden", at)
        _complete(db, coach, case_id, MATCHED, at + 3 * HOUR)

        def counted() -> dict[tuple[str, str, str], float]:
            with db.tx() as session:
                return {
                    (r.month, r.element_id, r.name): r.value
                    for r in session.scalars(select(TaskCount))
                    if r.value
                }

        kept = counted()
        assert kept == {
            ("2026-05", "Task_voorbereiden", "ready"): 2.0,
            ("2026-05", "Task_voorbereiden", "open"): 1.0,
            ("2026-05", "Task_voorbereiden", "completed"): 1.0,
            ("2026-05", "Task_voorbereiden", "seconds"): 3 * 3600.0,
            ("2026-05", "Task_intake", "ready"): 1.0,
            ("2026-05", "Task_intake", "open"): 1.0,
        }
        config = _config(db.url)
        command.downgrade(config, "0027")
        command.upgrade(config, "head")
        assert counted() == kept
