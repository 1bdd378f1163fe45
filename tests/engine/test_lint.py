"""Every lint rule has a bad model that proves it fires; the repository's processes lint clean."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from api.console.problems_nl import dutch_problem
from engine import lint, outcomes
from engine.vocabulary import NS, Uitkomst

ROOT = Path(__file__).resolve().parents[2]
LUS = (ROOT / "tests" / "fixtures" / "lus.bpmn").read_text()


def found(xml: str) -> set[tuple[str, str]]:
    """(element, message) of every problem lint reports for one file."""
    return {(p.element, p.message) for p in lint.lint({"model.bpmn": xml.encode()}).problems}


def fires(xml: str, element: str, fragment: str) -> bool:
    return any(e == element and fragment in m for e, m in found(xml))


def test_the_fixture_is_clean() -> None:
    assert found(LUS) == set()


@pytest.mark.parametrize(
    ("old", "new", "element", "fragment"),
    [
        (' modeler:executionPlatform="Camunda Platform"', "", "Definitions_lus", "executionPlatform"),
        ('name="fase" value="3"', 'name="fase" value="12"', "voortgang_lus", "'fase'"),
        ('value="werken en meedoen"', 'value="doorstromen"', "voortgang_lus", "'stuurlijn'"),
        (
            '<camunda:property name="fase" value="3" />',
            '<camunda:property name="fase" value="3" />'
            '<camunda:property name="doorlooptijd" value="8 weken" />',
            "voortgang_lus",
            "property 'doorlooptijd' must be an ISO 8601 duration such as P8W",
        ),
        (
            '<camunda:property name="fase" value="3" />',
            '<camunda:property name="fase" value="3" /><camunda:property name="plafond" value="max_alles" />',
            "voortgang_lus",
            "'plafond'",
        ),
        (
            "${doorgaan}</bpmn:conditionExpression>",
            "${doorgaan and urgent}</bpmn:conditionExpression>",
            "Flow_nog",
            "'urgent'",
        ),
        (
            "${doorgaan}</bpmn:conditionExpression>",
            "${doorgaan and profiel.alles_mag}</bpmn:conditionExpression>",
            "Flow_nog",
            "profiel.alles_mag",
        ),
        (
            '<bpmndi:BPMNShape id="Task_gesprek_di" bpmnElement="Task_gesprek">',
            '<bpmndi:BPMNShape id="Task_gesprek_di" bpmnElement="Task_x">',
            "Task_gesprek",
            "no shape",
        ),
        (
            '<bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2">',
            '<bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_x">',
            "Flow_2",
            "no edge",
        ),
        (
            '<dc:Bounds x="922" y="152" width="36" height="36" />',
            '<dc:Bounds x="620" y="152" width="36" height="36" />',
            "EndEvent_klaar",
            "overlaps Task_gesprek",
        ),
        (
            '<dc:Bounds x="922" y="152" width="36" height="36" />',
            '<dc:Bounds x="922" y="400" width="36" height="36" />',
            "EndEvent_klaar",
            "outside its lane",
        ),
        (
            '<dc:Bounds x="550" y="130" width="120" height="80" />',
            '<dc:Bounds x="550" y="130" width="100" height="80" />',
            "Task_gesprek",
            "bpmn-js cuts 'Voortgangsges|prek'; make it at least 120 wide",
        ),
        (
            '<di:waypoint x="298" y="170" />\n        <di:waypoint x="415" y="170" />',
            '<di:waypoint x="298" y="170" />\n        <di:waypoint x="298" y="200" />'
            '\n        <di:waypoint x="700" y="200" />\n        <di:waypoint x="700" y="170" />'
            '\n        <di:waypoint x="415" y="170" />',
            "Flow_1",
            "runs through Task_gesprek",
        ),
    ],
)
def test_each_rule_fires(old: str, new: str, element: str, fragment: str) -> None:
    assert old in LUS
    xml = LUS.replace(old, new)
    assert fires(xml, element, fragment), found(xml)


def test_a_lane_that_refers_to_no_element_is_refused_naming_the_lane_and_the_id() -> None:
    ref = "<bpmn:flowNodeRef>EndEvent_klaar</bpmn:flowNodeRef>"
    assert ref in LUS
    # A deleted element leaves its reference behind; a typo names an element that never was.
    xml = LUS.replace(ref, ref + "<bpmn:flowNodeRef>Task_verwijderd</bpmn:flowNodeRef>")
    said = (
        "lane 'werkcoach' refers to 'Task_verwijderd', which is no flow node of its process; "
        "remove the flowNodeRef or add the element"
    )
    assert ("Lane_werkcoach", said) in found(xml)
    problem = next(
        p for p in lint.lint({"model.bpmn": xml.encode()}).problems if p.element == "Lane_werkcoach"
    )
    assert problem.severity == "error" and problem.line == 18
    # A sequence flow is an element of the process but no flow node: a lane cannot hold it.
    assert fires(
        LUS.replace(ref, ref + "<bpmn:flowNodeRef>Flow_1</bpmn:flowNodeRef>"), "Lane_werkcoach", "'Flow_1'"
    )


def test_process_needs_documentation() -> None:
    start, end = (
        LUS.index("<bpmn:documentation>"),
        LUS.index("</bpmn:documentation>") + len("</bpmn:documentation>"),
    )
    assert fires(LUS[:start] + LUS[end:], "voortgang_lus", "needs documentation")


UITKOMST = '<camunda:property name="uitkomst" value="afgerond" />'


@pytest.mark.parametrize(
    ("replacement", "said"),
    [
        ("", "end event has no property 'uitkomst'; set one of: toegekend, afgewezen,"),
        (
            '<camunda:property name="uitkomst" value="klaar" />',
            "end event has uitkomst 'klaar', which is not a type; set one of: toegekend,",
        ),
    ],
)
def test_an_end_event_needs_an_outcome_type_an_error_in_processes_a_warning_elsewhere(
    replacement: str, said: str
) -> None:
    assert UITKOMST in LUS
    xml = LUS.replace(UITKOMST, replacement).encode()
    error = lint.lint({"model.bpmn": xml})
    assert [(p.element, p.severity) for p in error.problems if said in p.message] == [
        ("EndEvent_klaar", "error")
    ]
    elsewhere = lint.lint({"model.bpmn": xml}, house_rules=False)
    assert elsewhere.problems == []
    assert [(p.element, p.severity) for p in elsewhere.warnings if said in p.message] == [
        ("EndEvent_klaar", "warning")
    ]


def test_every_end_event_in_processes_has_an_outcome_type() -> None:
    for path in sorted((ROOT / "processes").rglob("*.bpmn")):
        for end in etree.parse(str(path)).getroot().iter(f"{{{NS['bpmn']}}}endEvent"):
            assert outcomes.end_event_outcome(end) in set(Uitkomst), (path.name, end.get("id"))


def test_gateway_flow_needs_a_condition_or_default() -> None:
    xml = LUS.replace('default="Flow_klaar"', "")
    assert fires(xml, "Flow_klaar", "needs a condition or must be its default flow")


def test_form_fields_may_not_overwrite_engine_variables() -> None:
    assert fires(
        LUS.replace('id="notitie"', 'id="profiel"'), "Task_gesprek", "would overwrite the engine's 'profiel'"
    )


def test_user_task_needs_a_form() -> None:
    start = LUS.index('<bpmn:userTask id="Task_gesprek"')
    form_start, form_end = (
        LUS.index("<bpmn:extensionElements>", start),
        LUS.index("</bpmn:extensionElements>", start),
    )
    xml = LUS[:form_start] + LUS[form_end + len("</bpmn:extensionElements>") :]
    xml = xml.replace("${doorgaan}", "true")
    assert fires(xml, "Task_gesprek", "has no form")


@pytest.mark.slow  # two `procesregie lint` processes
def test_lint_command_prints_file_element_message_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "kapot.bpmn"
    bad.write_text(
        LUS.replace('<bpmn:endEvent id="EndEvent_klaar"', '<bpmn:endEvent id="End"')
        .replace('bpmnElement="EndEvent_klaar"', 'bpmnElement="End"')
        .replace('targetRef="EndEvent_klaar"', 'targetRef="End"')
        .replace(
            "<bpmn:flowNodeRef>EndEvent_klaar</bpmn:flowNodeRef>", "<bpmn:flowNodeRef>End</bpmn:flowNodeRef>"
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "lint", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert (
        f"{bad}:End: the id 'End' is reserved by the engine; choose another id" in result.stdout.splitlines()
    )
    clean = subprocess.run(
        [sys.executable, "-m", "api.cli", "lint", str(ROOT / "tests" / "fixtures")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert clean.returncode == 0, clean.stdout


def test_the_repository_lints_clean() -> None:
    problems = lint.lint(lint.collect([ROOT / "processes"])).problems
    assert [str(p) for p in problems] == []


OVERDRACHT = (ROOT / "tests" / "fixtures" / "overdracht.bpmn").read_text()
TIMER = '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P2W</bpmn:timeDuration>'
# Gateway_gesprek leads straight to Gateway_doorgaan, which loops back: nothing in the loop waits.
NO_WAIT = LUS.replace(
    '<bpmn:sequenceFlow id="Flow_gesprek" sourceRef="Gateway_gesprek" targetRef="Task_gesprek" />',
    '<bpmn:sequenceFlow id="Flow_gesprek" sourceRef="Gateway_gesprek" targetRef="Gateway_doorgaan" />',
)


def test_a_loop_without_a_wait_state_is_refused_naming_its_elements() -> None:
    assert fires(
        NO_WAIT, "Gateway_doorgaan", "the loop through Gateway_doorgaan, Gateway_gesprek has no user task"
    )
    assert not any("loop" in m for _, m in found(LUS))  # the loop through a user task is fine


@pytest.mark.parametrize(
    ("kind", "value", "fragment"),
    [
        ("timeDuration", "P100000Y", "longer than the maximum of 10 years"),
        ("timeDuration", "P1D/xyz", "is not an ISO 8601 duration"),
        ("timeDate", "9999-12-31T23:59:59Z", "more than 10 years ahead"),
        ("timeDate", "2020-01-01T09:00:00Z", "lies in the past"),
        ("timeDate", "2027-13-01", "not a valid date"),
        ("timeCycle", "R/PT1S", "repeats without end"),
        ("timeCycle", "R1000/PT1H", "between 1 and 100 repetitions"),
        ("timeCycle", "R3/P1D/x/y", "R<count>/<duration>"),
    ],
)
def test_timers_outside_sane_bounds_are_refused(kind: str, value: str, fragment: str) -> None:
    xml = OVERDRACHT.replace(TIMER, f'<bpmn:{kind} xsi:type="bpmn:tFormalExpression">{value}</bpmn:{kind}>')
    assert fires(xml, "Timer_intake", fragment), found(xml)


def test_timers_within_bounds_pass() -> None:
    next_year = (dt.datetime.now(dt.UTC) + dt.timedelta(days=365)).strftime("%Y-%m-%dT09:00:00Z")
    for kind, value in [("timeDuration", "P9Y"), ("timeCycle", "R3/PT1H"), ("timeDate", next_year)]:
        xml = OVERDRACHT.replace(
            TIMER, f'<bpmn:{kind} xsi:type="bpmn:tFormalExpression">{value}</bpmn:{kind}>'
        )
        assert found(xml) == set(), value


def test_the_timer_maximum_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine import config

    monkeypatch.setenv("PROCESREGIE_TIMER_MAX_YEARS", "20")
    config.timer_limits.cache_clear()
    try:
        xml = OVERDRACHT.replace(TIMER, TIMER.replace("P2W", "P15Y"))
        assert not any("timer" in m for _, m in found(xml))
    finally:
        config.timer_limits.cache_clear()


def test_a_constant_condition_over_a_limit_is_refused_at_deploy() -> None:
    xml = LUS.replace("${doorgaan}<", "${doorgaan and len('x' * 2000000000) > 0}<")
    assert fires(xml, "Flow_nog", "too large")


@pytest.mark.parametrize(
    "condition",
    [
        "(" * 5000 + "doorgaan" + ")" * 5000,  # raised RecursionError: a 500 at deploy
        "!" * 1990 + "doorgaan",
        "(" * 900 + "doorgaan" + ")" * 900,
        " + ".join(["doorgaan"] * 100_000) + " &gt; 0",  # was translated in full first: 30 s of CPU
    ],
)
def test_a_juel_condition_too_long_or_too_deep_is_refused_naming_the_flow(condition: str) -> None:
    xml = LUS.replace("${doorgaan}<", "${" + condition + "}<")
    assert fires(xml, "Flow_nog", "characters; at most 2000") or fires(xml, "Flow_nog", "nested too deeply")


def test_a_doctype_is_refused_naming_the_file() -> None:
    for doctype in ('<!DOCTYPE d SYSTEM "http://example.org/x.dtd">', '<!DOCTYPE d [<!ENTITY x "y">]>'):
        xml = LUS.replace("<bpmn:definitions", doctype + "\n<bpmn:definitions", 1)
        problems = lint.lint({"model.bpmn": xml.encode()}).problems
        assert [(p.file, p.element) for p in problems] == [("model.bpmn", "DOCTYPE")]


def test_a_utf16_file_is_read() -> None:
    data = LUS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    result = lint.lint({"model.bpmn": data})
    assert result.problems == []
    assert result.definitions[0].files["model.bpmn"].decode("utf-8").startswith("<?xml")


def test_an_id_with_a_quote_is_no_crash() -> None:
    xml = LUS.replace("Gateway_doorgaan", "Gateway_door'gaan")
    assert not any("Gateway" in e for e, _ in found(xml))


def test_problems_carry_the_line_and_column_where_the_element_starts() -> None:
    xml = LUS.replace(
        '<bpmn:userTask id="Task_gesprek"', '<bpmn:userTask id="Task_gesprek" camunda:dueDate="P1D"'
    )
    lines = xml.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if 'id="Task_gesprek"' in text)
    result = lint.lint({"model.bpmn": xml.encode()})
    problem = next(p for p in result.problems + result.warnings if p.element == "Task_gesprek")
    assert (problem.line, problem.column) == (line, lines[line - 1].index("<") + 1)


def test_a_file_that_is_no_xml_has_the_line_of_the_error() -> None:
    (problem,) = lint.lint({"model.bpmn": b"<a>\n<b></a>"}).problems
    assert problem.line == 2


UITSTROOM = ROOT / "processes" / "8-uitstroom-en-nazorg" / "uitstroom-naar-werk.bpmn"
NAZORG = ROOT / "processes" / "8-uitstroom-en-nazorg" / "nazorg-na-werkaanvaarding.bpmn"
PASSED = '<camunda:property name="vervolggegevens" value="startdatum_werk, werkgever" />'


def follow_up_problems(
    old: str, new: str, *, with_nazorg: bool = True, resolve: bool = False
) -> list[tuple[str, str]]:
    """Lint uitstroom naar werk with its follow-up changed, (element, message) of each problem; nazorg
    among the files, or deployed (``resolve``), or neither."""
    xml = UITSTROOM.read_text()
    assert old in xml
    files = {"uitstroom.bpmn": xml.replace(old, new).encode()}
    # nazorg's own follow-ups, the snelle herstart and the duurzaamheid measurement, are deployed
    herstart = {"herstart.bpmn": (NAZORG.parent / "snelle-herstart-zekerheidsclausule.bpmn").read_bytes()}
    meten = {"meten.bpmn": (NAZORG.parent / "duurzaamheid-uitstroom-meten.bpmn").read_bytes()}
    nazorg = {"nazorg.bpmn": NAZORG.read_bytes()}
    if with_nazorg and not resolve:
        files |= nazorg
    deployed = {
        "nazorg_na_werkaanvaarding": nazorg if resolve else None,
        "snelle_herstart_zekerheidsclausule": herstart,
        "duurzaamheid_uitstroom_meten": meten,
    }
    result = lint.lint(files, lambda pid: deployed.get(pid))
    return [(p.element, p.message) for p in result.problems]


def test_a_follow_up_to_a_process_among_the_files_or_deployed_lints_clean() -> None:
    assert follow_up_problems(PASSED, PASSED) == []
    assert follow_up_problems(PASSED, PASSED, resolve=True) == []


def test_lint_refuses_a_follow_up_naming_an_unknown_process() -> None:
    problems = follow_up_problems(PASSED, PASSED, with_nazorg=False)
    expected = (
        "end event 'Aan het werk, uitkering beëindigd' (EndEvent_uitkering_beeindigd) starts follow-up "
        "process 'nazorg_na_werkaanvaarding', which is no executable process among these files nor deployed"
    )
    assert ("EndEvent_uitkering_beeindigd", expected) in problems
    assert {e for e, _ in problems} == {
        "EndEvent_uitkering_beeindigd",
        "EndEvent_werk_met_aanvullende_bijstand",
    }
    assert dutch_problem(expected) == (
        "eindpunt 'Aan het werk, uitkering beëindigd' (EndEvent_uitkering_beeindigd) start vervolgproces "
        "'nazorg_na_werkaanvaarding', maar dat is geen uitvoerbaar proces in deze bestanden en ook niet "
        "gepubliceerd"
    )


@pytest.mark.parametrize(
    ("passed", "fragments"),
    [
        ("startdatum_werk, werkgever, salaris", ["passes 'salaris'", "which this process never sets"]),
        (
            "startdatum_werk, werkgever, uren_per_week",
            ["passes 'uren_per_week'", "whose start form has no such field"],
        ),
        ("startdatum_werk", ["without 'werkgever', which its start form requires"]),
        (
            "startdatum_werk, werkgever, datum_uitstroom",
            ["passes 'datum_uitstroom'", "not set on every path"],
        ),
    ],
)
def test_lint_refuses_a_follow_up_passing_what_the_process_never_sets_or_the_follow_up_never_asks(
    passed: str, fragments: list[str]
) -> None:
    problems = follow_up_problems(PASSED, f'<camunda:property name="vervolggegevens" value="{passed}" />')
    mine = [m for e, m in problems if e == "EndEvent_werk_met_aanvullende_bijstand"]
    assert any(all(f in m for f in fragments) for m in mine), problems
    assert all(m.startswith("end event 'Aan het werk met aanvullende bijstand' (EndEvent_") for m in mine)
    assert all("'" in dutch_problem(m) and dutch_problem(m).startswith("eindpunt") for m in mine)


def test_lint_refuses_a_follow_up_of_an_escalation_end_and_variables_without_a_process() -> None:
    problems = follow_up_problems(
        '<camunda:property name="vervolgproces" value="nazorg_na_werkaanvaarding" />', ""
    )
    assert (
        "EndEvent_werk_met_aanvullende_bijstand",
        (
            "end event 'Aan het werk met aanvullende bijstand' (EndEvent_werk_met_aanvullende_bijstand) "
            "names vervolggegevens but no vervolgproces to pass them to"
        ),
    ) in problems
    xml = (ROOT / "tests" / "fixtures" / "escalatie.bpmn").read_text()
    old = '<camunda:property name="uitkomst" value="afgerond" />'
    assert xml.count(old) == 1
    escalation = xml.replace(old, old + '<camunda:property name="vervolgproces" value="escalatie_test" />')
    refused = [
        (p.element, p.message) for p in lint.lint({"e.bpmn": escalation.encode()}, house_rules=False).problems
    ]
    assert refused == [
        (
            "EndEvent_klant_geinformeerd",
            "end event 'Klant geïnformeerd over vertraging' (EndEvent_klant_geinformeerd) starts follow-up "
            "process 'escalatie_test', but never ends the case (it ends an escalation branch or an embedded "
            "subprocess); put vervolgproces on an end of the case",
        )
    ]
