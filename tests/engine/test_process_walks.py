"""Every process in processes/ is deployed and driven on the real engine from start to an end event.

Forms are filled with valid generated data; timers fire by moving the clock past
their due time and running the timer worker; messages a case waits for are
delivered. Several seeded random walks per process vary the choices so different branches run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit, bpmn, cases, tasks, timers
from engine.models import Case, CaseTask
from engine.vocabulary import LANE_ROLES, Uitkomst
from tests.process_driver import fill, load, payload

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
FILES = sorted(PROCESSES.rglob("*.bpmn"))
WALKS = int(os.environ.get("PROCESREGIE_TEST_WALKS", "2"))
MAX_STEPS = 80


def test_the_repository_has_the_foundation_processes() -> None:
    names = {p.stem for p in FILES}
    assert {"kandidaat-matchbaar-overdragen-regiegericht", "aanvraag-levensonderhoud-behandelen"} <= names
    assert len(FILES) >= 100


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_process_runs_to_an_end_event(db, staff, gemeente, path: Path) -> None:
    everyone = staff(*LANE_ROLES).actor
    definition = load(path)
    outcomes: set[str] = set()
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=True) as clock:
        for walk in range(WALKS):
            rng = random.Random(f"{path.stem}-{walk}")
            with db.tx() as session:
                case_id = cases.start_case(
                    session,
                    db.cache,
                    db.profiles,
                    everyone,
                    definition.process_id,
                    gemeente,
                    f"K-{walk}",
                    fill(definition.start_form, rng),
                ).id
            for _ in range(MAX_STEPS):
                with db.tx() as session:
                    case = session.get(Case, case_id)
                    if case.status != "running":
                        break
                    open_tasks = cases.case_tasks(session, case, open_only=True)
                    if open_tasks:
                        task = open_tasks[0]
                        info = db.cache.get(session, case.process_version).task_by_element(task.element_id)
                        after = tasks.complete_task(
                            session, db.cache, everyone, task.id, fill(info.form, rng)
                        )
                        # The open tasks the step reports (and the API returns) are those in the database.
                        assert [t.id for t in after.open_tasks] == _open_in_database(session, case_id)
                        continue
                    workflow = bpmn.load_state(case.state, db.cache.get(session, case.process_version))
                    messages = [
                        name for t in bpmn.waiting_events(workflow) for name in sorted(bpmn.message_names(t))
                    ]
                    due = case.next_timer_at
                if messages and (due is None or rng.random() < 0.5):
                    with db.tx() as session:
                        after = cases.deliver_message(
                            session,
                            db.cache,
                            everyone,
                            case_id,
                            messages[0],
                            payload(definition, messages[0], rng),
                        )
                        assert [t.id for t in after.open_tasks] == _open_in_database(session, case_id)
                elif due is not None:
                    clock.move_to(due + dt.timedelta(minutes=1))
                    with db.tx() as session:
                        fired_before = session.get(Case, case_id).timers_fired
                    # as the timer worker does: batch after batch while any case is due (other tests leave
                    # cases with earlier timers in this database), then this case must have fired
                    while timers.fire_due(db.factory, db.cache):
                        pass
                    with db.tx() as session:
                        assert session.get(Case, case_id).timers_fired > fired_before
                else:
                    pytest.fail(f"{path.name}: case stalled with no task, timer or message (walk {walk})")
            with db.tx() as session:
                case = session.get(Case, case_id)
                assert case.status == "completed", (
                    f"{path.name}: walk {walk} did not end within {MAX_STEPS} steps"
                )
                # its last event, or the one before a follow-up case's start (vervolgproces, ADR 40)
                completed = next(
                    e.data for e in reversed(audit.history(session, case)) if e.type == "case_completed"
                )
                outcomes.add(completed["outcome"])
                # The case records the end that ended it and that end's type, as its completion event says.
                end = definition.ends[case.outcome_element]
                assert (end.name, end.type, end.escalation) == (
                    completed["outcome"],
                    case.outcome_type,
                    False,
                )
                assert case.outcome_type in set(Uitkomst) and completed["outcome_type"] == case.outcome_type
    assert outcomes and None not in outcomes


def _open_in_database(session: Session, case_id: str) -> list[str]:
    return list(
        session.scalars(
            select(CaseTask.id)
            .where(CaseTask.case_id == case_id, CaseTask.status.in_(("ready", "claimed")))
            .order_by(CaseTask.ready_at, CaseTask.id)
        )
    )
