"""Models that lint would refuse, run anyway (as an older deployed version could): the engine refuses
them with a ProcessError (422, nothing stored) instead of stalling, crashing or recording a false end."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from engine import bpmn, step
from engine.errors import ProcessError

pytestmark = pytest.mark.slow  # these start processes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LUS = (FIXTURES / "lus.bpmn").read_text()
OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_text()
TIMER = '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2W</bpmn:timeDuration>'


def definition(xml: str) -> bpmn.ProcessDefinition:
    [parsed] = bpmn.parse_definitions({"model.bpmn": xml.encode()})
    return parsed


def test_a_loop_without_a_wait_state_is_a_process_error_not_a_completed_case() -> None:
    loop = definition(
        LUS.replace(
            'sourceRef="Gateway_gesprek" targetRef="Task_gesprek"',
            'sourceRef="Gateway_gesprek" targetRef="Gateway_doorgaan"',
        )
    )
    with pytest.raises(ProcessError, match="without waiting") as raised:
        step.begin(loop, {"doorgaan": True})
    assert raised.value.element in {"Gateway_doorgaan", "Gateway_gesprek"}
    assert "Gateway_doorgaan, Gateway_gesprek" in raised.value.message


def test_a_condition_over_its_budget_at_run_time_is_a_process_error() -> None:
    model = definition(LUS.replace("${doorgaan}<", "${doorgaan and len(notitie * 2000000000) > 0}<"))
    first = step.begin(model, {})
    task = first.new_tasks[0]
    with pytest.raises(ProcessError, match="too large"):
        step.advance(model, first.workflow, step.CompleteTask(task.id, {"doorgaan": True, "notitie": "x"}))


@pytest.mark.parametrize(
    "expression",
    ['"P" + str(weken_plan * 10000) + "Y"', '"P1D/" + str(weken_plan)', '"P" + str(weken_plan) + "Q"'],
)
def test_a_timer_computed_at_run_time_that_cannot_be_set_is_a_process_error(expression: str) -> None:
    model = definition(OVERDRACHT.replace(TIMER, TIMER.replace("P2W", expression.replace('"', "&quot;"))))
    first = step.begin(model, {"weken_plan": 26})
    with pytest.raises(ProcessError, match="the timer cannot be set") as raised:
        step.advance(model, first.workflow, step.CompleteTask(first.new_tasks[0].id, {"matchbaar": True}))
    assert raised.value.element == "Timer_intake"


def test_every_firing_of_a_timer_cycle_is_reported() -> None:
    cycle = TIMER.replace("timeDuration", "timeCycle").replace("P2W", "R3/PT1M")
    model = definition(
        OVERDRACHT.replace(TIMER, cycle).replace(
            'attachedToRef="Task_intake"', 'attachedToRef="Task_intake" cancelActivity="false"'
        )
    )
    first = step.begin(model, {"weken_plan": 26})
    intake = step.advance(
        model, first.workflow, step.CompleteTask(first.new_tasks[0].id, {"matchbaar": True})
    )
    start = dt.datetime.now(dt.UTC)
    fired, escalations = [], []
    for minute in range(1, 6):
        with time_machine.travel(start + dt.timedelta(minutes=minute, seconds=5), tick=False):
            later = step.advance(model, intake.workflow, step.FireTimers())
        fired.append(len(later.timers_fired))
        escalations.append([t.info.id for t in later.new_tasks])
    assert fired == [1, 1, 1, 0, 0]
    assert escalations[:3] == [["Task_escalatie"]] * 3
    assert {t.element_id for t in later.timers_fired} <= {"Timer_intake"}
