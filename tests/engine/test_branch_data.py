"""What a branch beside the main path records is the case's data, also when that branch ends on its own
(a non-interrupting escalation or timer branch); a variable the main path holds keeps the main path's
value (docs/adr/0042-case-data-from-every-branch.md).

The real bestuurlijke boete and a small fixture (tests/fixtures/tak-gegevens.bpmn) run on the engine,
stored and restored between steps as a case is, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import time_machine
from sqlalchemy import select, update

from engine import bpmn, cases, tasks
from engine import step as steps
from engine.models import AuditEvent, Case
from engine.vocabulary import EventType
from tests.engine.test_outcomes import run as outcomes_run
from tests.engine.test_steering import BOETE, EVERYONE, boete_waiting_on_its_besluit, drive, fire_timers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tak-gegevens.bpmn"
[DEFINITION] = bpmn.parse_definitions({FIXTURE.name: FIXTURE.read_bytes()})
START = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def run(actions: list[tuple[str, Any]]) -> steps.Step:
    """Drive a case of the fixture, stored and restored between steps (tests/engine/test_outcomes.py)."""
    return outcomes_run(actions, definition=DEFINITION, start={"toelichting": "ingediend"})


INFORMEREN = ("Task_klant_informeren", {"geinformeerd": True, "toelichting": "klant gebeld"})
BEOORDELEN = ("Task_beoordelen", {"besluit": "toekennen", "toelichting": "beoordeeld"})


def test_a_branch_that_ends_on_its_own_adds_what_it_set_to_the_case_at_once() -> None:
    step = run([("wait", 57), ("task", INFORMEREN)])
    assert not step.ended and step.data is not None
    # The main path's task waits, with a copy of the data that knows nothing of the branch ...
    [beoordelen] = bpmn.human_tasks(step.workflow)
    assert "geinformeerd" not in beoordelen.data
    # ... the case knows it; the main path's toelichting stays the main path's.
    assert (step.data["geinformeerd"], step.data["toelichting"]) == (True, "ingediend")
    step = run([("wait", 57), ("task", INFORMEREN), ("task", BEOORDELEN)])
    assert step.ended and step.data is not None
    assert (step.data["geinformeerd"], step.data["besluit"], step.data["toelichting"]) == (
        True,
        "toekennen",
        "beoordeeld",
    )


def test_a_branch_that_ends_last_does_not_overwrite_the_main_paths_newer_values() -> None:
    step = run([("wait", 57), ("task", BEOORDELEN)])
    assert not step.ended and step.data is not None and step.data["toelichting"] == "beoordeeld"
    step = run([("wait", 57), ("task", BEOORDELEN), ("task", INFORMEREN)])
    assert step.ended and step.data is not None
    # SpiffWorkflow joins the copies at the end with the last branch over the others ...
    assert step.workflow.data["toelichting"] == "klant gebeld"
    # ... the case keeps what the main path decided, and has what the branch added.
    assert (step.data["toelichting"], step.data["geinformeerd"], step.data["besluit"]) == (
        "beoordeeld",
        True,
        "toekennen",
    )


def open_elements(db: Any, case_id: str) -> dict[str, str]:
    with db.tx() as session:
        return {
            t.element_id: t.id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        }


def case_data(db: Any, case_id: str) -> dict[str, Any]:
    with db.tx() as session:
        return dict(session.get(Case, case_id).data)


def complete(db: Any, actor: Any, task_id: str, at: dt.datetime, values: dict[str, Any]) -> None:
    with time_machine.travel(at, tick=False), db.tx() as session:
        tasks.complete_task(session, db.cache, actor, task_id, values)


def test_the_fixture_s_branch_data_reaches_the_stored_case(db, staff, gemeente) -> None:
    worker = staff("inkomensconsulent", "klantmanager").actor
    with time_machine.travel(START, tick=False), db.tx() as session:
        case_id = cases.start_case(
            session,
            db.cache,
            db.profiles,
            worker,
            "tak_gegevens_test",
            gemeente,
            "K-1",
            {"toelichting": "ingediend"},
        ).id
        # A case stored before the workflow kept the case's data goes on from its row's data.
        state = json.loads(session.get(Case, case_id).state)
        del state["data"]["procesregie_case_data"]
        session.execute(update(Case).where(Case.id == case_id).values(state=json.dumps(state)))
    fire_timers(db, START + dt.timedelta(days=57))
    informeren = open_elements(db, case_id)["Task_klant_informeren"]
    complete(db, worker, informeren, START + dt.timedelta(days=58), dict(INFORMEREN[1]))
    data = case_data(db, case_id)
    assert (data["geinformeerd"], data["toelichting"], data["profiel"]["gemeente"]) == (
        True,
        "ingediend",
        gemeente,
    )
    complete(
        db,
        worker,
        open_elements(db, case_id)["Task_beoordelen"],
        START + dt.timedelta(days=59),
        dict(BEOORDELEN[1]),
    )
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case.status == "completed" and case.outcome_element == "EndEvent_toegekend"
        assert {k: case.data[k] for k in ("geinformeerd", "besluit", "toelichting")} == {
            "geinformeerd": True,
            "besluit": "toekennen",
            "toelichting": "beoordeeld",
        }


def test_the_boete_keeps_what_the_termijnoverschrijding_recorded(db, staff, gemeente) -> None:
    """The boete's term (13 weeks from the rapport of 2 March) runs out on 1 June before the besluit: the
    jurist informs the klant of the delay in a branch that ends on its own; the case keeps that. A
    verdaging recorded after the term ran out moves neither the term nor the case's term."""
    jurist = staff(*EVERYONE).actor
    case_id = boete_waiting_on_its_besluit(db, jurist, gemeente)
    fire_timers(db, dt.datetime(2026, 6, 2, 10, tzinfo=dt.UTC))  # the verdaging signal and the term
    waiting = open_elements(db, case_id)
    assert set(waiting) == {
        "Task_beslissing_verdagen",
        "Task_boetebesluit_nemen",
        "Task_termijnoverschrijding_afhandelen",
    }
    overschrijding = {"klant_geinformeerd_vertraging": True, "nieuwe_beslisdatum": "2026-06-19"}
    june_3 = dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC)
    complete(db, jurist, waiting["Task_termijnoverschrijding_afhandelen"], june_3, overschrijding)
    assert {k: case_data(db, case_id)[k] for k in overschrijding} == overschrijding
    complete(db, jurist, waiting["Task_beslissing_verdagen"], june_3, {"verdagen_met": "P6W"})
    assert case_data(db, case_id)["beslistermijn_boete_tot"] == "2026-06-01"
    june_15 = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
    drive(db, jurist, "bestuurlijke_boete", gemeente, BOETE, at=june_15, case_id=case_id)
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case.status == "completed" and case.outcome_element == "EndEvent_boete_opgelegd"
        assert {k: case.data[k] for k in overschrijding} == overschrijding
        assert case.data["beslistermijn_boete_tot"] == "2026-06-01"
        # The audit trail has the same: the task's submitted values and the case's changes.
        [event] = [
            e
            for e in session.scalars(
                select(AuditEvent).where(
                    AuditEvent.case_id == case_id, AuditEvent.type == EventType.TASK_COMPLETED
                )
            )
            if e.data["element_id"] == "Task_termijnoverschrijding_afhandelen"
        ]
        assert event.data["submitted"] == overschrijding
        assert event.data["changes"] == {k: [None, v] for k, v in overschrijding.items()}
