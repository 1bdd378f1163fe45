"""Camunda 7 models as Camunda Modeler 5 writes them (tests/fixtures/camunda7/): each lints with warnings
only, and runs as a case along the route its data chooses, with a save and restore before every step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine

from engine import bpmn, lint
from engine import step as steps
from engine.errors import ProcessInvalid

CAMUNDA7 = Path(__file__).resolve().parents[1] / "fixtures" / "camunda7"
FILES = sorted(p.name for p in CAMUNDA7.glob("*.bpmn"))

# An action: ("task", element id, form data), ("message", name, payload) or ("wait", "", seconds).
Action = tuple[str, str, Any]


def drive(file: str, start: dict[str, Any], actions: list[Action]) -> tuple[steps.Step, list[str]]:
    """Run a case of the fixture; return its last step and the user tasks that became ready, in order."""
    [definition] = bpmn.parse_definitions({file: (CAMUNDA7 / file).read_bytes()})
    ready: list[str] = []
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, start)
        ready += [t.info.id for t in step.new_tasks]
        for kind, key, value in actions:
            clock.shift(60)  # the end event reached last is the outcome
            workflow = bpmn.load_state(bpmn.dump_state(step.workflow), definition)
            if kind == "task":
                task = next(t for t in bpmn.human_tasks(workflow) if bpmn.element_id(t) == key)
                step = steps.advance(definition, workflow, steps.CompleteTask(str(task.id), value))
            elif kind == "message":
                step = steps.advance(definition, workflow, steps.DeliverMessage(key, value))
            else:
                clock.shift(value)
                step = steps.advance(definition, workflow, steps.FireTimers())
            ready += [t.info.id for t in step.new_tasks]
    return step, ready


def test_every_model_lints_without_errors_and_says_what_it_ignores() -> None:
    result = lint.lint(lint.collect([CAMUNDA7]), house_rules=False)
    assert result.problems == []
    said = {(Path(w.file).name, w.element, w.message.split(";")[0]) for w in result.warnings}
    assert (
        "juel_besluit.bpmn",
        "Activity_beoordelen",
        "camunda:asyncBefore is ignored (every step is one transaction)",
    ) in said
    assert ("juel_besluit.bpmn", "c7_juel_besluit", "camunda:historyTimeToLive is ignored") in said
    assert ("juel_besluit.bpmn", "Activity_beoordelen", "camunda:formKey is ignored") in said
    assert (
        "juel_besluit.bpmn",
        "c7_juel_besluit",
        "the process needs documentation: purpose, trigger, outcomes, legal basis",
    ) in said
    assert (
        "juel_besluit.bpmn",
        "Flow_controle",
        "JUEL ${execution.getVariable('besluit') eq 'toekennen' && (bedrag gt 1000 || spoed)} runs as: "
        'besluit == "toekennen" and (bedrag > 1000 or spoed)',
    ) in said


def test_house_rules_are_errors_for_processes() -> None:
    result = lint.lint({"juel_besluit.bpmn": (CAMUNDA7 / "juel_besluit.bpmn").read_bytes()}, house_rules=True)
    assert {(p.element, p.message.split(":")[0]) for p in result.problems} >= {
        ("c7_juel_besluit", "the process needs documentation"),
        ("Activity_beoordelen", "user task is not in a lane; put it in the lane of the role that does it"),
    }


@pytest.mark.parametrize(
    ("file", "start", "actions", "route", "outcome"),
    [
        pytest.param(
            "juel_besluit.bpmn",
            {"bedrag": 500, "spoed": False, "opmerking": None},
            [("task", "Activity_beoordelen", {"besluit": "toekennen"})],
            ["Activity_beoordelen"],
            "Toegekend",
            id="juel-empty",
        ),
        pytest.param(
            "juel_besluit.bpmn",
            {"bedrag": 500, "spoed": False, "opmerking": "graag bellen"},
            [
                ("task", "Activity_beoordelen", {"besluit": "toekennen"}),
                ("task", "Activity_opmerking", {"verwerkt": True}),
            ],
            ["Activity_beoordelen", "Activity_opmerking"],
            "Toegekend met opmerking",
            id="juel-not-empty",
        ),
        pytest.param(
            "juel_besluit.bpmn",
            {"bedrag": 500, "spoed": True},
            [
                ("task", "Activity_beoordelen", {"besluit": "toekennen"}),
                ("task", "Activity_tweede", {"akkoord": True}),
            ],
            ["Activity_beoordelen", "Activity_tweede"],
            "Toegekend na controle",
            id="juel-getVariable-or",
        ),
        pytest.param(
            "juel_besluit.bpmn",
            {"bedrag": 5000},
            [("task", "Activity_beoordelen", {"besluit": "afwijzen"})],
            ["Activity_beoordelen"],
            "Afgewezen",
            id="juel-default",
        ),
        pytest.param(
            "event_gateway.bpmn",
            {},
            [
                ("task", "Activity_brief", {"verzonden_op": "2026-11-23"}),
                ("message", "reactie_ontvangen", {"kanaal": "post"}),
                ("task", "Activity_verwerken", {"verwerkt": True}),
            ],
            ["Activity_brief", "Activity_verwerken"],
            "Reactie verwerkt",
            id="event-gateway-message-first",
        ),
        pytest.param(
            "event_gateway.bpmn",
            {},
            [("task", "Activity_brief", {"verzonden_op": "2026-11-23"}), ("wait", "", 15 * 86400)],
            ["Activity_brief"],
            "Buiten behandeling",
            id="event-gateway-timer-first",
        ),
        pytest.param(
            "inclusive_gateway.bpmn",
            {},
            [
                ("task", "Activity_plannen", {"huisbezoek": True, "schuldhulp": True}),
                ("task", "Activity_schuldhulp", {"aangemeld": True}),
                ("task", "Activity_huisbezoek", {"bevindingen": "geen"}),
            ],
            ["Activity_plannen", "Activity_huisbezoek", "Activity_schuldhulp"],
            "Onderzoek afgerond",
            id="inclusive-two-branches",
        ),
        pytest.param(
            "inclusive_gateway.bpmn",
            {},
            [
                ("task", "Activity_plannen", {"huisbezoek": False, "schuldhulp": False}),
                ("task", "Activity_dossier", {"bijgewerkt": True}),
            ],
            ["Activity_plannen", "Activity_dossier"],
            "Onderzoek afgerond",
            id="inclusive-default",
        ),
        pytest.param(
            "multi_instance.bpmn",
            {"partner": True},
            [
                ("task", "Activity_horen", {"verklaring": "a"}),
                ("task", "Activity_horen", {"verklaring": "b"}),
                ("task", "Activity_tekenen", {"getekend": True}),
                ("task", "Activity_tekenen", {"getekend": True}),
            ],
            ["Activity_horen", "Activity_horen", "Activity_tekenen", "Activity_tekenen"],
            "Iedereen gehoord",
            id="multi-instance-parallel-then-sequential",
        ),
        pytest.param(
            "error_escalation.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "fraude"}),
                ("task", "Activity_fraude", {"rapport": "x"}),
            ],
            ["Activity_controleren", "Activity_fraude"],
            "Fraude onderzocht",
            id="error-end-caught-by-boundary",
        ),
        pytest.param(
            "error_escalation.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "vertraagd"}),
                ("task", "Activity_informeren", {"geinformeerd": True}),
                ("task", "Activity_besluit", {"besluit": "toekennen"}),
            ],
            ["Activity_controleren", "Activity_besluit", "Activity_informeren"],
            "Besluit genomen",
            id="escalation-non-interrupting",
        ),
        pytest.param(
            "error_event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "fraude"}),
                ("task", "Activity_fraude", {"rapport": "x"}),
            ],
            ["Activity_controleren", "Activity_fraude"],
            "Fraude onderzocht",
            id="error-end-in-subprocess-starts-error-event-subprocess",
        ),
        pytest.param(
            "error_event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "in_orde"}),
                ("task", "Activity_besluit", {"besluit": "terugvorderen"}),
                ("task", "Activity_terugvorderen", {"bedrag": 250}),
            ],
            ["Activity_controleren", "Activity_besluit", "Activity_terugvorderen"],
            "Teruggevorderd",
            id="error-end-in-process-starts-the-event-subprocess-of-its-code",
        ),
        pytest.param(
            "error_event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "vertraagd"}),
                ("task", "Activity_besluit", {"besluit": "toekennen"}),
                ("task", "Activity_informeren", {"geinformeerd": True}),
            ],
            ["Activity_controleren", "Activity_besluit", "Activity_informeren"],
            "Besluit genomen",  # the non-interrupting escalation's end is never the outcome
            id="escalation-starts-non-interrupting-event-subprocess",
        ),
        pytest.param(
            "error_event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_controleren", {"uitkomst": "in_orde"}),
                ("task", "Activity_besluit", {"besluit": "toekennen"}),
            ],
            ["Activity_controleren", "Activity_besluit"],
            "Besluit genomen",
            id="error-event-subprocesses-wait-unused",
        ),
        pytest.param(
            "message_start.bpmn",
            {},
            [
                ("message", "signaal", {"bron": "inlichtingenbureau"}),
                ("wait", "", 86400),
                ("message", "bevestiging", {}),
            ],
            [],
            "Signaal afgehandeld",
            id="message-start-timer-message",
        ),
        pytest.param(
            "event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_opstellen", {"doel": "werk"}),
                ("message", "adres_gewijzigd", {"postcode": "3447GR"}),
                ("task", "Activity_adres_bijwerken", {"bijgewerkt": True}),
                ("task", "Activity_uitvoeren", {"resultaat": "gedaan"}),
            ],
            ["Activity_opstellen", "Activity_uitvoeren", "Activity_adres_bijwerken"],
            "Plan uitgevoerd",
            id="event-subprocess-non-interrupting",
        ),
        pytest.param(
            "event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_opstellen", {"doel": "werk"}),
                ("wait", "", 29 * 86400),
                ("task", "Activity_uitvoeren", {"resultaat": "gedaan"}),
                ("task", "Activity_voortgang", {"besproken": True}),
            ],
            ["Activity_opstellen", "Activity_uitvoeren", "Activity_voortgang"],
            "Plan uitgevoerd",  # the outcome is the process's end, not the event subprocess's
            id="event-subprocess-timer-outlives-the-flow",
        ),
        pytest.param(
            "event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_opstellen", {"doel": "werk"}),
                ("task", "Activity_uitvoeren", {"resultaat": "gedaan"}),
            ],
            ["Activity_opstellen", "Activity_uitvoeren"],
            "Plan uitgevoerd",
            id="event-subprocess-timer-ends-with-the-flow",
        ),
        pytest.param(
            "interrupting_event_subprocess.bpmn",
            {},
            [
                ("task", "Activity_opstellen", {"doel": "werk"}),
                ("message", "klant_verhuisd", {"gemeente": "Utrecht"}),
                ("task", "Activity_overdragen", {"overgedragen": True}),
            ],
            ["Activity_opstellen", "Activity_uitvoeren", "Activity_overdragen"],
            "Dossier overgedragen",
            id="event-subprocess-interrupting-message",
        ),
        pytest.param(
            "interrupting_event_subprocess.bpmn",
            {},
            [("wait", "", 183 * 86400), ("task", "Activity_afsluiten", {"afgesloten": True})],
            ["Activity_opstellen", "Activity_afsluiten"],
            "Plan verlopen",
            id="event-subprocess-interrupting-timer",
        ),
    ],
)
def test_each_model_runs_the_route_its_data_chooses(
    file: str, start: dict[str, Any], actions: list[Action], route: list[str], outcome: str
) -> None:
    step, ready = drive(file, start, actions)
    assert ready == route
    assert (step.ended, step.outcome) == (True, outcome)


def test_the_timer_behind_an_event_gateway_is_reported_only_when_it_fired() -> None:
    step, _ = drive("event_gateway.bpmn", {}, [("task", "Activity_brief", {"verzonden_op": "2026-11-23"})])
    assert step.next_timer_at == dt.datetime(2026, 12, 7, 9, 1, tzinfo=dt.UTC)
    by_message, _ = drive(
        "event_gateway.bpmn",
        {},
        [("task", "Activity_brief", {"verzonden_op": "2026-11-23"}), ("message", "reactie_ontvangen", {})],
    )
    assert by_message.timers_fired == [] and by_message.next_timer_at is None
    by_timer, _ = drive(
        "event_gateway.bpmn",
        {},
        [("task", "Activity_brief", {"verzonden_op": "2026-11-23"}), ("wait", "", 15 * 86400)],
    )
    assert [(t.element_id, t.name) for t in by_timer.timers_fired] == [
        ("Event_termijn", "Twee weken verstreken")
    ]


def test_candidate_starter_groups_are_the_roles_that_start_and_see_the_case() -> None:
    [definition] = bpmn.parse_definitions({"m.bpmn": (CAMUNDA7 / "message_start.bpmn").read_bytes()})
    assert definition.tasks == {} and definition.starter_groups == ("backoffice",)
    assert definition.roles == ["backoffice"]


@pytest.mark.parametrize(
    ("trigger", "withdrawn"),
    [
        (("message", "klant_verhuisd", {}), ["Activity_uitvoeren"]),
        (("wait", "", 183 * 86400), ["Activity_uitvoeren"]),
    ],
    ids=["message", "timer"],
)
def test_an_interrupting_event_subprocess_withdraws_the_open_tasks_and_stops_listening(
    trigger: Action, withdrawn: list[str]
) -> None:
    step, _ = drive("interrupting_event_subprocess.bpmn", {}, [("task", "Activity_opstellen", {}), trigger])
    cancelled = [bpmn.get_task(step.workflow, i) for i in step.withdrawn_task_ids]
    assert [(bpmn.element_id(t), bpmn.state_name(t)) for t in cancelled if t] == [(withdrawn[0], "cancelled")]
    assert not step.ended
    assert step.next_timer_at is None  # the other event subprocess's timer stopped with the process
    assert bpmn.message_catcher(step.workflow, "klant_verhuisd") is None  # so did its message start
    assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] in (
        [["Activity_overdragen"], ["Activity_afsluiten"]]
    )


def test_an_interrupting_error_event_subprocess_withdraws_the_work_of_a_running_escalation() -> None:
    step, _ = drive(
        "error_event_subprocess.bpmn",
        {},
        [
            ("task", "Activity_controleren", {"uitkomst": "vertraagd"}),
            ("task", "Activity_besluit", {"besluit": "terugvorderen"}),
        ],
    )
    cancelled = [bpmn.get_task(step.workflow, i) for i in step.withdrawn_task_ids]
    assert [(bpmn.element_id(t), bpmn.state_name(t)) for t in cancelled if t] == [
        ("Activity_informeren", "cancelled")
    ]
    assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Activity_terugvorderen"]
    assert not step.ended


def test_an_error_event_subprocess_catches_only_its_own_error_code() -> None:
    step, ready = drive(
        "error_event_subprocess.bpmn", {}, [("task", "Activity_controleren", {"uitkomst": "fraude"})]
    )
    assert ready == ["Activity_controleren", "Activity_fraude"]  # not Activity_terugvorderen
    assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Activity_fraude"]


@pytest.mark.parametrize(
    "definition",
    [
        '<bpmn:errorEventDefinition id="ErrorEventDefinition_3" errorRef="Error_fraude" />',
        '<bpmn:messageEventDefinition id="MessageEventDefinition_9" messageRef="Message_x" />',
        '<bpmn:timerEventDefinition id="TimerEventDefinition_9"><bpmn:timeDuration xsi:type="bpmn:'
        'tFormalExpression">P1D</bpmn:timeDuration></bpmn:timerEventDefinition>',
    ],
    ids=["error", "message", "timer"],
)
def test_an_event_subprocess_inside_an_expanded_subprocess_is_refused(definition: str) -> None:
    """SpiffWorkflow 3.2 starts the event subprocesses of the process only: inside an expanded subprocess
    a message or error would never start one (the message is refused with a 409, the error is lost) and
    a timer start would keep the subprocess open until it fires."""
    xml = (CAMUNDA7 / "error_event_subprocess.bpmn").read_text()
    xml = xml.replace(
        '<bpmn:errorEventDefinition id="ErrorEventDefinition_3" errorRef="Error_fraude" />', definition
    ).replace("</bpmn:process>", '</bpmn:process><bpmn:message id="Message_x" name="x" />')
    start = xml.index('    <bpmn:subProcess id="Activity_fraude_afhandelen"')
    end = xml.index("</bpmn:subProcess>", start) + len("</bpmn:subProcess>\n")
    event_subprocess = xml[start:end]
    xml = xml[:start] + xml[end:]
    first_flow = '      <bpmn:sequenceFlow id="Flow_s1"'
    xml = xml.replace(first_flow, event_subprocess + first_flow)
    problems = lint.lint({"m.bpmn": xml.encode()}, house_rules=False).problems
    assert [(p.element, p.message.split(":")[0]) for p in problems] == [
        ("Event_fraude_gemeld", "an event subprocess runs only in the process itself"),
    ]


def test_an_error_start_event_that_does_not_interrupt_is_refused() -> None:
    [(element, message)] = _lint_changed(
        "error_event_subprocess.bpmn",
        '<bpmn:startEvent id="Event_fraude_gemeld" name="Fraude gemeld">',
        '<bpmn:startEvent id="Event_fraude_gemeld" name="Fraude gemeld" isInterrupting="false">',
    )
    assert (element, message) == (
        "Event_fraude_gemeld",
        'an error start event always interrupts (BPMN); remove isInterrupting="false"',
    )


def _lint_changed(file: str, old: str, new: str) -> list[tuple[str, str]]:
    xml = (CAMUNDA7 / file).read_text()
    assert old in xml
    problems = lint.lint({file: xml.replace(old, new).encode()}, house_rules=False).problems
    return [(p.element, p.message) for p in problems]


def test_juel_that_cannot_be_translated_is_refused_at_deploy_with_the_expression_and_a_hint() -> None:
    [(element, message)] = _lint_changed("inclusive_gateway.bpmn", "${huisbezoek}", "${klant.heeftAdres()}")
    assert element == "Flow_huisbezoek"
    assert "method calls such as 'klant.heeftAdres(…)' are not supported" in message
    assert "${klant.heeftAdres()}" in message and "execution.getVariable('x')" in message


def test_camunda_in_and_out_of_all_variables_is_what_a_call_activity_does_here() -> None:
    form = '<camunda:formField id="akkoord"'
    every = _lint_changed("juel_besluit.bpmn", form, '<camunda:in variables="all" />' + form)
    assert not any("camunda:in" in m for _, m in every)
    one = _lint_changed("juel_besluit.bpmn", form, '<camunda:in source="a" target="b" />' + form)
    assert [e for e, m in one if "camunda:in variable mappings are ignored" in m] == ["Activity_tweede"]


def test_camunda_multi_instance_counters_are_refused_in_a_completion_condition() -> None:
    problems = _lint_changed(
        "multi_instance.bpmn",
        'camunda:elementVariable="gezinslid" />',
        'camunda:elementVariable="gezinslid"><bpmn:completionCondition xsi:type="bpmn:tFormalExpression">'
        "${nrOfCompletedInstances ge 1}</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>",
    )
    assert (
        "Activity_horen",
        "the completion condition reads nrOfCompletedInstances, which Camunda 7 counts and "
        "this engine does not; decide with a form field the instances fill in",
    ) in problems


def test_a_task_with_only_an_assignee_is_refused_with_a_hint_to_name_its_role() -> None:
    [(element, message)] = _lint_changed(
        "juel_besluit.bpmn",
        'camunda:candidateGroups="klantmanager" camunda:asyncAfter="true"',
        'camunda:assignee="${behandelaar}" camunda:asyncAfter="true"',
    )
    assert element == "Activity_tweede"
    assert message.startswith("user task has no role: it is in no lane and it has no candidate groups")
    assert "an assignee alone does not say whose work it is" in message


CALLER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_1"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="c7_aanroeper" name="Aanroeper" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:callActivity id="Activity_plan" name="Plan" calledElement="c7_plan_met_wijzigingen">
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:callActivity>
    <bpmn:endEvent id="Event_klaar"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Activity_plan" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Activity_plan" targetRef="Event_klaar" />
  </bpmn:process>
</bpmn:definitions>
"""


def test_a_call_activity_of_a_process_with_event_subprocesses_is_refused() -> None:
    """In a called process SpiffWorkflow 3.2 starts no event subprocess: the message of
    event_subprocess.bpmn would be refused (409) and its timer start would hold the case open."""
    files = {
        "aanroeper.bpmn": CALLER.encode(),
        "plan.bpmn": (CAMUNDA7 / "event_subprocess.bpmn").read_bytes(),
    }
    with pytest.raises(ProcessInvalid) as refused:
        bpmn.parse_definitions(files)
    assert [(p.file, p.element, p.message.split(":")[0]) for p in refused.value.problems] == [
        ("aanroeper.bpmn", "Activity_plan", "calls 'c7_plan_met_wijzigingen', which has event subprocesses"),
    ]
