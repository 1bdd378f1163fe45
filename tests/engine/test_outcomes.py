"""The outcome of a case is the end event that ended its main flow, with that end's type; the end of an
escalation branch never is, even when it finishes last (tests/fixtures/escalatie.bpmn)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import time_machine
from lxml import etree

from engine import bpmn, outcomes
from engine import step as steps
from engine.vocabulary import BPMN_NS

ESCALATIE = Path(__file__).resolve().parents[1] / "fixtures" / "escalatie.bpmn"
[DEFINITION] = bpmn.parse_definitions({ESCALATIE.name: ESCALATIE.read_bytes()})


def run(
    actions: list[tuple[str, Any]],
    forget_noted_end: bool = False,
    definition: bpmn.ProcessDefinition = DEFINITION,
    start: dict[str, Any] | None = None,
) -> steps.Step:
    """Drive a case of the fixture (or of ``definition``, with ``start`` data) through ("task",
    (element, data)) and ("wait", days) actions, each step after a save and restore, as a stored case;
    return the last step."""
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, start or {})
        for kind, value in actions:
            clock.shift(60)
            state = bpmn.dump_state(step.workflow)
            if forget_noted_end:  # state written before the engine noted the end that decides the case
                dct = json.loads(state)
                dct["data"].pop("procesregie_case_end", None)
                state = json.dumps(dct)
            workflow = bpmn.load_state(state, definition)
            if kind == "task":
                element, data = value
                task = next(t for t in bpmn.human_tasks(workflow) if bpmn.element_id(t) == element)
                step = steps.advance(definition, workflow, steps.CompleteTask(str(task.id), data))
            else:
                clock.shift(value * 86400)
                step = steps.advance(definition, workflow, steps.FireTimers())
    return step


def test_an_escalation_branch_that_finishes_last_is_not_the_outcome() -> None:
    step = run(
        [
            ("wait", 57),  # the beslistermijn passes: the klantmanager must inform the client
            ("task", ("Task_beoordelen", {"besluit": "toekennen"})),
            ("task", ("Task_klant_informeren", {"geinformeerd": True})),  # the last to finish
        ]
    )
    assert step.ended and step.end is not None
    assert (step.end.element, step.end.name, step.end.uitkomst) == (
        "EndEvent_toegekend",
        "Aanvraag toegekend",
        "toegekend",
    )
    assert step.outcome == "Aanvraag toegekend"


def test_the_main_flow_decides_when_the_escalation_finished_first() -> None:
    step = run(
        [
            ("wait", 57),
            ("task", ("Task_klant_informeren", {"geinformeerd": True})),
            ("task", ("Task_beoordelen", {"besluit": "afwijzen"})),
        ]
    )
    assert step.end is not None and (step.end.element, step.end.uitkomst) == (
        "EndEvent_afgewezen",
        "afgewezen",
    )


def test_a_case_whose_main_flow_ended_before_ends_were_noted_still_gets_the_main_end() -> None:
    step = run(
        [
            ("wait", 57),
            ("task", ("Task_beoordelen", {"besluit": "toekennen"})),
            ("task", ("Task_klant_informeren", {"geinformeerd": True})),
        ],
        forget_noted_end=True,
    )
    assert step.end is not None and step.end.element == "EndEvent_toegekend"


def test_the_ends_of_a_model_say_which_can_be_an_outcome() -> None:
    assert [(e.element, e.uitkomst, e.escalation) for e in DEFINITION.ends.values()] == [
        ("EndEvent_klant_geinformeerd", "afgerond", True),
        ("EndEvent_toegekend", "toegekend", False),
        ("EndEvent_afgewezen", "afgewezen", False),
    ]


def test_a_terminate_end_on_an_escalation_branch_ends_the_case_and_is_its_outcome() -> None:
    xml = ESCALATIE.read_text().replace(
        "<bpmn:incoming>Flow_geinformeerd</bpmn:incoming>\n    </bpmn:endEvent>",
        "<bpmn:incoming>Flow_geinformeerd</bpmn:incoming>\n"
        '      <bpmn:terminateEventDefinition id="Terminate_1" />\n    </bpmn:endEvent>',
    )
    assert "Terminate_1" in xml
    [definition] = bpmn.parse_definitions({"t.bpmn": xml.encode()})
    assert definition.ends["EndEvent_klant_geinformeerd"].escalation is False
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, {})
        clock.shift(57 * 86400)
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        task = next(
            t for t in bpmn.human_tasks(step.workflow) if bpmn.element_id(t) == "Task_klant_informeren"
        )
        step = steps.advance(
            definition, step.workflow, steps.CompleteTask(str(task.id), {"geinformeerd": True})
        )
    assert step.ended and step.end is not None and step.end.element == "EndEvent_klant_geinformeerd"


def test_an_end_without_a_type_still_ends_the_case_with_no_type() -> None:
    root = etree.fromstring(
        ESCALATIE.read_bytes().replace(b'<camunda:property name="uitkomst" value="afgewezen" />', b"")
    )
    [process] = root.iterfind(f"{{{BPMN_NS}}}process")
    assert [e.uitkomst for e in outcomes.ends(process)] == ["afgerond", "toegekend", None]
