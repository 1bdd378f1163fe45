"""The workflows a worker keeps between two steps of a case (engine/workflow_cache.py, ADR 43): taken by the
case's next step on that worker, never when the stored state is not the one they were stored as.

Each ``DefinitionCache`` here is one worker; two of them on one database are two workers. Every step
that takes a kept workflow is also checked against a restore of the stored state by the suite's
``_kept_workflows_are_the_stored_ones`` (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from sqlalchemy import select

from engine import audit, cases, processes, store, tasks, timers, versions
from engine.errors import ConcurrentUpdate, InvalidInput
from engine.models import Case, CaseTask
from engine.processes import DefinitionCache
from tests.conftest import FIXTURES

OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_bytes()


def worker(size: int = 100) -> DefinitionCache:
    return DefinitionCache(size)


def start(db, worker, actor, gemeente):
    with db.tx() as session:
        return cases.start_case(
            session, worker, db.profiles, actor, "overdracht_test", gemeente, "K-1", {"weken_plan": 26}
        ).id


def open_task(db, case_id):
    with db.tx() as session:
        [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        return task.id


def complete(db, worker, actor, case_id, data):
    task_id = open_task(db, case_id)
    with db.tx() as session:
        return tasks.complete_task(session, worker, actor, task_id, data).status


def taken(worker: DefinitionCache) -> tuple[int, int]:
    return worker.workflows.hits, worker.workflows.misses


def test_the_next_step_on_the_worker_takes_the_workflow_it_kept(db, staff, gemeente):
    coach, manager = staff("werkcoach").actor, staff("accountmanager").actor
    a = worker()
    case_id = start(db, a, coach, gemeente)
    assert len(a.workflows) == 1
    with db.tx() as session:  # a claim leaves the stored state as it was
        tasks.claim_task(session, a, coach, open_task(db, case_id))
    complete(db, a, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    assert taken(a) == (1, 0)
    assert complete(db, a, manager, case_id, {"uitkomst": "geplaatst"}) == "completed"
    assert taken(a) == (2, 0)
    assert len(a.workflows) == 0  # an ended case takes no more steps


def test_a_step_on_another_worker_makes_the_kept_workflow_useless(db, staff, gemeente):
    coach, manager = staff("werkcoach").actor, staff("accountmanager").actor
    a, b = worker(), worker()
    case_id = start(db, a, coach, gemeente)
    complete(db, b, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    assert taken(b) == (0, 1)
    # a's workflow still waits at the first task, which is done: taking it would fail or redo it
    assert complete(db, a, manager, case_id, {"uitkomst": "geplaatst"}) == "completed"
    assert taken(a) == (0, 1)
    assert len(a.workflows) == 0
    with db.tx() as session:
        types = [e.type for e in audit.history(session, session.get(Case, case_id))]
    assert types.count("task_completed") == 2 and types[-1] == "case_completed"


def test_a_rolled_back_step_keeps_nothing_and_gives_back_nothing(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker()
    case_id = start(db, a, coach, gemeente)
    task_id = open_task(db, case_id)
    with pytest.raises(RuntimeError), db.tx() as session:
        tasks.complete_task(session, a, coach, task_id, {"matchbaar": True, "kandidaatprofiel": "X"})
        raise RuntimeError("the commit did not happen")
    assert taken(a) == (1, 0)
    assert len(a.workflows) == 0  # the step took it, changed it, and its transaction is gone
    assert open_task(db, case_id) == task_id
    complete(db, a, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    assert taken(a) == (1, 1)
    assert len(a.workflows) == 1


def test_a_savepoint_rolled_back_keeps_nothing_of_its_steps(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker()
    case_id = start(db, a, coach, gemeente)
    task_id = open_task(db, case_id)
    with db.tx() as session:
        savepoint = session.begin_nested()
        tasks.complete_task(session, a, coach, task_id, {"matchbaar": True, "kandidaatprofiel": "X"})
        savepoint.rollback()
    assert len(a.workflows) == 0
    assert open_task(db, case_id) == task_id


def test_a_refused_step_gives_back_nothing(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker()
    case_id = start(db, a, coach, gemeente)
    with pytest.raises(InvalidInput):
        complete(db, a, coach, case_id, {"matchbaar": "misschien"})
    assert len(a.workflows) == 0
    complete(db, a, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    assert taken(a) == (1, 1)


def test_a_step_that_lost_the_race_keeps_nothing(db, staff, gemeente):
    if db.url.startswith("sqlite"):
        pytest.skip(
            "SQLite transactions that write take the write lock at their start, so two cannot overlap"
        )
    coach = staff("werkcoach").actor
    a, b = worker(), worker()
    case_id = start(db, a, coach, gemeente)
    with db.tx() as late:
        held = cases.get_case(late, coach, case_id, full=True)  # read before the other worker's step
        complete(db, b, coach, case_id, {"matchbaar": False})
        with pytest.raises(ConcurrentUpdate):
            cases.cancel_case(late, a, coach, case_id, "Klant verhuisd")
        assert held.id == case_id
        late.rollback()
    assert taken(a) == (1, 0)  # the step took what a kept of the case as it had read it, and lost
    assert len(a.workflows) == 0
    with db.tx() as session:
        assert session.get(Case, case_id).status == "running"


def test_a_timer_and_a_message_run_on_the_kept_workflow(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker()
    waiting_for_timer = start(db, a, coach, gemeente)
    complete(db, a, coach, waiting_for_timer, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    waiting_for_message = start(db, a, coach, gemeente)
    complete(db, a, coach, waiting_for_message, {"matchbaar": False})
    assert taken(a) == (2, 0)
    with db.tx() as session:
        due = session.get(Case, waiting_for_timer).next_timer_at
        cases.deliver_message(session, a, coach, waiting_for_message, "cv_ontvangen", {"pagina_s": 2})
    assert taken(a) == (3, 0)
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        with db.tx() as session:
            assert timers.fire_due_timers(session, a, waiting_for_timer)
    assert taken(a) == (4, 0)
    with db.tx() as session:
        escalated = session.scalars(select(CaseTask.element_id).where(CaseTask.case_id == waiting_for_timer))
        assert "Task_escalatie" in set(escalated)
        case = session.get(Case, waiting_for_message)
        assert case.data["cv_ontvangen"] == {"pagina_s": 2}
        assert "message_received" in [e.type for e in audit.history(session, case)]


def test_the_audit_trail_is_the_same_with_and_without_kept_workflows(db, staff, gemeente):
    coach, manager = staff("werkcoach").actor, staff("accountmanager").actor

    def trail(worker: DefinitionCache) -> list[tuple[str, str | None, dict]]:
        case_id = start(db, worker, coach, gemeente)
        complete(db, worker, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
        complete(db, worker, manager, case_id, {"uitkomst": "geplaatst", "uren_per_week": 32})
        with db.tx() as session:
            case = session.get(Case, case_id)
            events = audit.history(session, case)
            return [(e.type, e.task_name, e.data) for e in events] + [("data", None, case.data)]

    keeping, restoring = worker(), worker(0)
    assert trail(keeping) == trail(restoring)
    assert taken(keeping) == (2, 0) and taken(restoring) == (0, 2)


def test_a_migrated_case_is_restored_on_its_new_version(db, staff, gemeente):
    coach = staff("werkcoach").actor
    process_id = f"overdracht_{gemeente.replace('-', '_')}"
    renamed = OVERDRACHT.replace(b'name="Overdracht voorbereiden"', b'name="Klaarzetten"')
    a = worker()
    for model in (OVERDRACHT, renamed):
        with db.tx() as session:
            data = model.replace(b"overdracht_test", process_id.encode())
            processes.deploy(session, a, {f"{process_id}.bpmn": data}, "ontwerper-test")
    with db.tx() as session:
        case_id = cases.start_case(
            session, a, db.profiles, coach, process_id, gemeente, "K-1", {"weken_plan": 26}
        ).id
    with db.tx() as session:
        assert versions.migrate_cases(session, a, "ontwerper-a", process_id, 2, 1).migrated == 1
    complete(db, a, coach, case_id, {"matchbaar": True, "kandidaatprofiel": "Orderpicker"})
    assert taken(a) == (0, 1)
    with db.tx() as session:
        assert session.get(Case, case_id).process_version.number == 1


def test_the_least_recently_kept_make_room(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker(size=1)
    first, second = start(db, a, coach, gemeente), start(db, a, coach, gemeente)
    assert len(a.workflows) == 1
    complete(db, a, coach, first, {"matchbaar": False})
    complete(db, a, coach, second, {"matchbaar": False})
    assert taken(a) == (0, 2)  # first pushed out by second, second by first's new one
    assert len(worker(size=0).workflows) == 0


def test_two_threads_never_share_one_workflow(db, staff, gemeente):
    coach = staff("werkcoach").actor
    a = worker()
    case_id = start(db, a, coach, gemeente)
    with db.tx() as session:
        case = store.load_case(session, case_id)
        definition = a.get(session, case.process_version)
        got: list[object] = []
        threads = [
            threading.Thread(target=lambda: got.append(a.workflows.take(case, definition))) for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(w is not None for w in got) == 1
