"""Mistakes caught at deploy, not in a case (docs/modelling.md): each a lint error naming the element
by name and id, and empty optional fields, which make comparisons false instead of stopping a case."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
import time_machine

from engine import cases, expressions, lint, processes, tasks, timers
from engine.models import Case

ROOT = Path(__file__).resolve().parents[2]
LUS = (ROOT / "tests" / "fixtures" / "lus.bpmn").read_text()
START_FORM = """<bpmn:startEvent id="StartEvent_start" name="Traject gestart">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="termijn" label="Termijn" type="string">
            <camunda:validation><camunda:constraint name="required" /></camunda:validation>
          </camunda:formField>
          <camunda:formField id="einddatum" label="Einddatum" type="date">
            <camunda:validation><camunda:constraint name="required" /></camunda:validation>
          </camunda:formField>
        </camunda:formData>
      </bpmn:extensionElements>"""
BESLUIT = """<camunda:formField id="notitie" label="Notitie" type="string" />
          <camunda:formField id="besluit" label="Besluit" type="enum">
            <camunda:validation><camunda:constraint name="required" /></camunda:validation>
            <camunda:value id="toekennen" name="Toekennen" />
            <camunda:value id="afwijzen" name="Afwijzen" />
          </camunda:formField>"""
CONDITION = (
    '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${doorgaan}</bpmn:conditionExpression>'
)


def model(condition: str = "doorgaan", timer: str | None = None, kind: str = "timeDuration") -> str:
    """lus.bpmn with a start form (termijn, einddatum), an enum field besluit on the task, the
    condition of Flow_nog ('ja') and, when given, a boundary timer 'Termijn verstreken' on the task."""
    xml = LUS.replace('<bpmn:startEvent id="StartEvent_start" name="Traject gestart">', START_FORM)
    xml = xml.replace('<camunda:formField id="notitie" label="Notitie" type="string" />', BESLUIT)
    xml = xml.replace(CONDITION, CONDITION.replace("${doorgaan}", condition.replace("<", "&lt;")))
    if timer is not None:
        xml = xml.replace(
            '<bpmn:endEvent id="EndEvent_klaar"',
            f"""<bpmn:boundaryEvent id="Timer_termijn" name="Termijn verstreken" attachedToRef="Task_gesprek">
      <bpmn:outgoing>Flow_termijn</bpmn:outgoing>
      <bpmn:timerEventDefinition id="TimerDefinition_termijn">
        <bpmn:{kind} xsi:type="bpmn:tFormalExpression">{timer}</bpmn:{kind}>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:endEvent id="EndEvent_termijn" name="Termijn verstreken">
      <bpmn:incoming>Flow_termijn</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_termijn" sourceRef="Timer_termijn" targetRef="EndEvent_termijn" />
    <bpmn:endEvent id="EndEvent_klaar\"""",
        )
    return xml


def problems(xml: str, about: str = "") -> list[str]:
    """The errors lint reports about one element kind ('condition of', 'timer of', 'script of')."""
    result = lint.lint({"model.bpmn": xml.encode()})
    return [f"{p.element}: {p.message}" for p in result.problems if about in p.message]


def warnings(xml: str) -> list[str]:
    return [f"{p.element}: {p.message}" for p in lint.lint({"model.bpmn": xml.encode()}).warnings]


def test_the_base_model_has_no_mistakes() -> None:
    assert problems(model()) == []
    assert problems(model('besluit == "toekennen" and doorgaan')) == []
    assert problems(model("doorgaan", "termijn"), "timer") == []
    assert problems(model("doorgaan", "einddatum", "timeDate"), "timer") == []


@pytest.mark.parametrize(
    "condition",
    ['besluit == "toekenen"', 'doorgaan and "toekenen" != besluit', 'besluit in ["afwijzen", "toekenen"]'],
)
def test_a_condition_comparing_an_enum_field_with_a_value_it_does_not_have_is_refused(condition: str) -> None:
    assert problems(model(condition), "condition of") == [
        "Flow_nog: condition of flow 'ja' (Flow_nog) compares besluit with 'toekenen', which is not one "
        "of its values: toekennen, afwijzen"
    ]


@pytest.mark.parametrize(
    ("timer", "kind", "message"),
    [
        (
            "P8X",
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn): timer duration 'P8X' is not an ISO 8601 duration "
            "(e.g. P8W, PT4H): write P, numbers with Y, M, W or D, then T and numbers with H, M or S",
        ),
        (
            "p8w",
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn): timer duration 'p8w' is not an ISO 8601 duration "
            "(e.g. P8W, PT4H): write the designators in capitals: P8W",
        ),
        (
            "doorgaan",
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn) reads 'doorgaan', which is no duration field "
            "(text or enum) of this process's forms",
        ),
        (
            "einddatum",
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn) reads 'einddatum', which is no duration field "
            "(text or enum) of this process's forms",
        ),
        (
            "notitie",
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn) reads 'notitie', which is not set on every path "
            "before the timer starts (set by Task_gesprek)",
        ),
        (
            '"P" + str(dagen) + "D"',
            "timeDuration",
            "timer of 'Termijn verstreken' (Timer_termijn) reads 'dagen', which no form sets",
        ),
    ],
)
def test_a_timer_must_be_a_duration_or_a_field_the_process_sets_before_it(
    timer: str, kind: str, message: str
) -> None:
    assert problems(model("doorgaan", timer, kind), "timer") == [f"Timer_termijn: {message}"]


def test_a_duration_the_timers_cannot_run_is_refused_by_the_same_parser() -> None:
    [found] = problems(model("doorgaan", "P1W2D"), "P1W2D")
    assert found == (
        "Timer_termijn: timer duration 'P1W2D' is not an ISO 8601 duration (e.g. P8W, PT4H): "
        "weeks cannot be combined with years, months or days"
    )


def test_a_script_the_engine_would_refuse_is_refused_at_deploy() -> None:
    xml = model().replace(
        '<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_start" targetRef="Gateway_gesprek" />',
        """<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_start" targetRef="Script_tel" />
    <bpmn:scriptTask id="Script_tel" name="Gesprekken tellen" scriptFormat="python">
      <bpmn:script>gesprekken = 1
gesprekken = gesprekken +</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="Flow_geteld" sourceRef="Script_tel" targetRef="Gateway_gesprek" />""",
    )
    assert problems(xml, "script of") == [
        "Script_tel: script of 'Gesprekken tellen' (Script_tel): line 2: syntax error: invalid syntax"
    ]
    with pytest.raises(expressions.ExpressionError, match="line 2: syntax error"):
        expressions.execute("gesprekken = 1\ngesprekken = gesprekken +", {})


def test_a_condition_that_fails_on_the_forms_types_is_refused() -> None:
    assert problems(model("doorgaan and besluit > 5"), "condition of") == [
        "Flow_nog: condition of flow 'ja' (Flow_nog) fails at run time on the form's types (besluit: enum, "
        "doorgaan: boolean): TypeError: '>' not supported between instances of 'str' and 'int'"
    ]


def test_a_condition_on_an_optional_field_is_a_warning() -> None:
    xml = model('doorgaan and notitie == "nog een"')
    assert problems(xml) == []
    assert warnings(xml) == [
        "Flow_nog: condition of flow 'ja' (Flow_nog) reads 'notitie', an optional field of "
        "'Voortgangsgesprek voeren' (Task_gesprek): left empty, every comparison with it is false (!= is "
        "true; == null tests for it, docs/modelling.md); make the field required, or let the gateway's "
        "default flow take the empty case"
    ]


@pytest.mark.parametrize(
    "condition", ["doorgaan and notitie != null", 'doorgaan and null != notitie and notitie != "nee"']
)
def test_a_condition_that_asks_whether_the_optional_field_is_empty_needs_no_warning(condition: str) -> None:
    """The nazorg goes on to the duurzaamheid only when the uitstroom passed its values: the condition
    tests them with ``!= null``, the default flow takes the empty case."""
    assert problems(model(condition)) == [] and warnings(model(condition)) == []


@pytest.mark.parametrize(
    ("condition", "value"),
    [
        ("bedrag > 100", False),
        ("bedrag <= 100", False),
        ("1 < bedrag < 5", False),
        ("bedrag == 100", False),
        ("bedrag != 100", True),
        ("bedrag == null", True),
        ("not bedrag", True),
        ('"a" in bedrag', False),
        ('"a" not in bedrag', False),
    ],
)
def test_comparisons_with_an_empty_value_are_false_never_an_error(condition: str, value: bool) -> None:
    assert expressions.evaluate(condition, {"bedrag": None}) is value


def start(db, coach, gemeente, xml: str, einddatum: str) -> str:
    """Deploy the model under a fresh process id and start a case of it; its id."""
    process = f"lus_{uuid.uuid4().hex[:8]}"
    xml = xml.replace('id="voortgang_lus"', f'id="{process}"')
    xml = xml.replace('processRef="voortgang_lus"', f'processRef="{process}"')
    with db.tx() as session:
        processes.deploy(session, db.cache, {f"{process}.bpmn": xml.encode()}, "test")
        case = cases.start_case(
            session,
            db.cache,
            db.profiles,
            coach.actor,
            process,
            gemeente,
            "K-001",
            {"termijn": "P2W", "einddatum": einddatum},
        )
        return str(case.id)


def test_a_case_whose_condition_reads_an_empty_optional_field_takes_the_default_flow(
    db, staff, gemeente
) -> None:
    coach = staff("werkcoach")
    case_id = start(db, coach, gemeente, model('doorgaan and notitie > "m"'), "2027-06-01")
    with db.tx() as session:
        [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        task_id = task.id
    with db.tx() as session:  # notitie left empty: the condition is false, not an error
        tasks.complete_task(
            session, db.cache, coach.actor, task_id, {"doorgaan": True, "besluit": "afwijzen"}
        )
    with db.tx() as session:
        assert session.get(Case, case_id).status == "completed"


def test_a_date_function_called_wrongly_is_refused_naming_the_element() -> None:
    result = lint.lint({"model.bpmn": model("doorgaan and dagen_tussen(einddatum) > 5").encode()})
    assert [f"{p.element}: {p.message}" for p in result.problems if "dagen_tussen" in p.message] == [
        "Flow_nog: condition: dagen_tussen takes 2 arguments, not 1"
    ]
    assert problems(model("doorgaan and dagen_tussen(termijn, vandaag()) > 5"), "condition of") == [
        "Flow_nog: condition of flow 'ja' (Flow_nog) fails at run time on the form's types (doorgaan: "
        "boolean, termijn: string): TypeError: dagen_tussen takes a date (YYYY-MM-DD), not 'tekst'"
    ]


def test_a_timer_date_computed_from_a_date_field_lints_clean() -> None:
    assert problems(model("doorgaan", 'datum_plus(einddatum, "P8W")', "timeDate"), "timer") == []


def test_a_timer_date_computed_from_a_text_field_is_refused() -> None:
    assert problems(model("doorgaan", 'datum_plus(termijn, "P8W")', "timeDate"), "timer") == [
        "Timer_termijn: timer of 'Termijn verstreken' (Timer_termijn) fails at run time on the form's types: "
        "TypeError: datum_plus takes a date (YYYY-MM-DD), not 'tekst'"
    ]


def test_a_timer_fires_at_the_date_computed_from_the_case_data(db, staff, gemeente) -> None:
    xml = model("doorgaan", 'datum_plus(einddatum, "P8W")', "timeDate")
    xml = xml.replace(
        "</bpmndi:BPMNPlane>",
        """<bpmndi:BPMNShape id="Timer_termijn_di" bpmnElement="Timer_termijn">
        <dc:Bounds x="592" y="192" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="EndEvent_termijn_di" bpmnElement="EndEvent_termijn">
        <dc:Bounds x="592" y="212" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_termijn_di" bpmnElement="Flow_termijn">
        <di:waypoint x="610" y="228" /><di:waypoint x="610" y="212" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>""",
    )
    einddatum = dt.date.today() + dt.timedelta(days=10)
    due = einddatum + dt.timedelta(weeks=8)
    case_id = start(db, staff("werkcoach"), gemeente, xml, einddatum.isoformat())
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at.replace(tzinfo=None) == dt.datetime.combine(
            due, dt.time()
        )
    day_before = dt.datetime.combine(due, dt.time(), dt.UTC) - dt.timedelta(days=1)
    with time_machine.travel(day_before), db.tx() as session:
        assert not timers.fire_due_timers(session, db.cache, case_id)
    with time_machine.travel(day_before + dt.timedelta(days=2)), db.tx() as session:
        assert timers.fire_due_timers(session, db.cache, case_id)
    with db.tx() as session:
        assert session.get(Case, case_id).status == "completed"
