"""`procesregie layout`: a diagram for a BPMN file without one, and names that fit in one that has one."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from engine import labels, layout, lint
from engine.errors import ProcessInvalid
from engine.vocabulary import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS
from tests.engine.test_legal_terms import called

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
# A flat process: the layout draws an expanded subprocess in one lane, so a subprocess whose tasks
# sit in several lanes (aanvraag_levensonderhoud_behandelen) keeps its own diagram (--fit).
APPLICATION = ROOT / "processes" / "1-aanvraag-en-recht" / "aanvraag-ioaw-ioaz.bpmn"
DIAGRAM = re.compile(r"[ \t]*<bpmndi:BPMNDiagram\b.*?</bpmndi:BPMNDiagram>\n?", re.S)

# Written as a designer would in a plain editor: no pool, no lanes, no diagram; roles as candidate
# groups; a gateway with three branches, a boundary timer, a loop back and an expanded subprocess.
WITHOUT_DIAGRAM = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_1" targetNamespace="http://example.org">
  <process id="melding_beoordelen" name="Melding beoordelen" isExecutable="true">
    <startEvent id="start" name="Melding ontvangen" />
    <userTask id="beoordelen" name="Melding beoordelen en werkgeversdienstverlening informeren"
        camunda:candidateGroups="klantmanager">
      <extensionElements>
        <camunda:formData><camunda:formField id="route" label="Route" type="string" /></camunda:formData>
      </extensionElements>
    </userTask>
    <boundaryEvent id="te_laat" name="Beoordelingstermijn verstreken" attachedToRef="beoordelen"
        cancelActivity="false">
      <timerEventDefinition><timeDuration>P14D</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <userTask id="herinneren" name="Herinnering sturen" camunda:candidateGroups="backoffice" />
    <exclusiveGateway id="route" name="Welke route?" default="naar_werk" />
    <subProcess id="bemiddelen" name="Bemiddelen">
      <startEvent id="bemiddeling_start" />
      <userTask id="vacatures_zoeken" name="Vacatures zoeken" camunda:candidateGroups="werkcoach" />
      <endEvent id="bemiddeling_klaar" />
      <sequenceFlow id="b1" sourceRef="bemiddeling_start" targetRef="vacatures_zoeken" />
      <sequenceFlow id="b2" sourceRef="vacatures_zoeken" targetRef="bemiddeling_klaar" />
    </subProcess>
    <userTask id="aanvullen" name="Gegevens aanvullen" camunda:candidateGroups="klant" />
    <endEvent id="doorverwezen" name="Doorverwezen naar voorliggende voorziening" />
    <endEvent id="klaar" name="Klaar" />
    <endEvent id="herinnerd" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="beoordelen" />
    <sequenceFlow id="f2" sourceRef="beoordelen" targetRef="route" />
    <sequenceFlow id="naar_werk" name="werk" sourceRef="route" targetRef="bemiddelen" />
    <sequenceFlow id="naar_voorziening" name="voorliggende voorziening" sourceRef="route"
        targetRef="doorverwezen">
      <conditionExpression>route == "voorziening"</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="naar_aanvullen" name="onvolledig" sourceRef="route" targetRef="aanvullen">
      <conditionExpression>route == "aanvullen"</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="terug" sourceRef="aanvullen" targetRef="beoordelen" />
    <sequenceFlow id="f3" sourceRef="bemiddelen" targetRef="klaar" />
    <sequenceFlow id="f4" sourceRef="te_laat" targetRef="herinneren" />
    <sequenceFlow id="f5" sourceRef="herinneren" targetRef="herinnerd" />
  </process>
</definitions>
"""


def _shapes(root: etree._Element) -> dict[str, tuple[float, ...]]:
    return {
        s.get("bpmnElement", ""): tuple(float(b.get(k, 0)) for k in ("x", "y", "width", "height"))
        for s in root.iter(f"{{{BPMNDI_NS}}}BPMNShape")
        if (b := s.find(f"{{{DC_NS}}}Bounds")) is not None
    }


def _edges(root: etree._Element) -> dict[str, list[tuple[float, float]]]:
    return {
        e.get("bpmnElement", ""): [
            (float(p.get("x", 0)), float(p.get("y", 0))) for p in e.iter(f"{{{DI_NS}}}waypoint")
        ]
        for e in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge")
    }


def _diagram_problems(name: str, data: bytes) -> list[str]:
    """What lint says about the diagram and the names (the house rules left aside)."""
    return [str(p) for p in lint.lint({name: data}, house_rules=False).problems]


def test_a_file_without_a_diagram_gets_a_pool_lanes_shapes_and_edges_that_lint_accepts() -> None:
    laid = layout.layout("melding.bpmn", WITHOUT_DIAGRAM)
    root = etree.fromstring(laid)
    assert _diagram_problems("melding.bpmn", laid) == []
    lanes = {lane.get("name"): lane for lane in root.iter(f"{{{BPMN_NS}}}lane")}
    # A lane per candidate group of the process's own user tasks (the subprocess's are inside it).
    assert set(lanes) == {"klantmanager", "backoffice", "klant"}
    members = {(ref.text or "") for ref in lanes["klantmanager"].iter(f"{{{BPMN_NS}}}flowNodeRef")}
    assert {"start", "beoordelen", "route"} <= members  # with what comes before and after the task
    [participant] = root.iter(f"{{{BPMN_NS}}}participant")
    assert (
        participant.get("processRef") == "melding_beoordelen"
        and participant.get("name") == "Melding beoordelen"
    )
    shapes, edges = _shapes(root), _edges(root)
    kinds = {e.get("id"): etree.QName(e).localname for e in root.iter(f"{{{BPMN_NS}}}*") if e.get("id")}
    drawn = {i for i, kind in kinds.items() if kind not in ("process", "collaboration", "laneSet")}
    drawn -= {i for i in kinds if i.startswith("Definitions")}
    assert set(drawn) <= shapes.keys() | edges.keys()
    # The subprocess contains its children; the boundary timer sits on its task's lower edge.
    sx, sy, sw, sh = shapes["bemiddelen"]
    for child in ("bemiddeling_start", "vacatures_zoeken", "bemiddeling_klaar"):
        x, y, w, h = shapes[child]
        assert sx < x and x + w < sx + sw and sy < y and y + h < sy + sh
    tx, ty, tw, th = shapes["beoordelen"]
    bx, by, bw, bh = shapes["te_laat"]
    assert by + bh / 2 == ty + th and tx <= bx and bx + bw <= tx + tw
    # The task is as wide as its name needs; every edge is orthogonal; the branches have lines of their own.
    assert (
        tw
        == labels.task_size("Melding beoordelen en werkgeversdienstverlening informeren", 80, True, True)
        > 100
    )
    for points in edges.values():
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(points, points[1:], strict=False))
    branches = [edges["naar_werk"], edges["naar_voorziening"], edges["naar_aanvullen"]]
    assert not any(layout.shared_line(a, b) for i, a in enumerate(branches) for b in branches[i + 1 :])
    assert (
        etree.fromstring(laid).find(f".//{{{BPMNDI_NS}}}BPMNPlane").get("bpmnElement")
        == "Collaboration_melding_beoordelen"
    )


def test_the_process_stays_as_it_was_and_the_layout_is_stable() -> None:
    laid = layout.layout("melding.bpmn", WITHOUT_DIAGRAM)
    # Only added: the namespaces of the diagram, the collaboration, the lane set and the diagram.
    without = re.sub(r' xmlns:(bpmndi|dc|di)="[^"]*"', "", laid.decode())
    without = re.sub(r"\n\s*<collaboration\b.*?</collaboration>", "", without, flags=re.S)
    without = re.sub(r"\s*<laneSet\b.*?</laneSet>", "", without, flags=re.S)
    assert DIAGRAM.sub("", without) == re.sub(
        r"\s*<laneSet\b.*?</laneSet>", "", WITHOUT_DIAGRAM.decode(), flags=re.S
    )
    # Drawn anew, the same file; fitted, nothing to widen.
    assert layout.layout("melding.bpmn", laid, replace=True) == laid
    assert layout.fit("melding.bpmn", laid) == (laid, [])
    with pytest.raises(ProcessInvalid, match="has a diagram"):
        layout.layout("melding.bpmn", laid)
    with pytest.raises(ProcessInvalid, match="no diagram to fit"):
        layout.fit("melding.bpmn", WITHOUT_DIAGRAM)


def test_a_real_process_drawn_anew_keeps_its_process_byte_for_byte() -> None:
    original = APPLICATION.read_bytes()
    laid = layout.layout(APPLICATION.name, original, replace=True)
    assert DIAGRAM.sub("", laid.decode()) == DIAGRAM.sub("", original.decode())
    assert lint.lint({str(APPLICATION): laid}, called).problems == []
    assert _shapes(etree.fromstring(laid)).keys() == _shapes(etree.fromstring(original)).keys()


def test_fit_widens_a_task_and_moves_what_lies_right_of_it() -> None:
    original = (FIXTURES / "lus.bpmn").read_bytes()
    narrow = original.replace(
        b'<dc:Bounds x="550" y="130" width="120" height="80" />',
        b'<dc:Bounds x="550" y="130" width="100" height="80" />',
    )
    narrow = narrow.replace(b'<dc:Bounds x="922" y="152"', b'<dc:Bounds x="902" y="152"')
    assert narrow != original
    assert any("bpmn-js cuts 'Voortgangsges|prek'" in p for p in _diagram_problems("lus.bpmn", narrow))
    fitted, widened = layout.fit("lus.bpmn", narrow)
    assert widened == ["Task_gesprek"]
    assert _diagram_problems("lus.bpmn", fitted) == []
    assert DIAGRAM.sub("", fitted.decode()) == DIAGRAM.sub("", narrow.decode())
    before, after = _shapes(etree.fromstring(narrow)), _shapes(etree.fromstring(fitted))
    assert after["Task_gesprek"][2] == 120 and after["Task_gesprek"][0] == before["Task_gesprek"][0]
    assert after["EndEvent_klaar"][0] == before["EndEvent_klaar"][0] + 20


@pytest.mark.slow  # runs the command
def test_procesregie_layout_writes_the_diagram_of_a_real_file(tmp_path: Path) -> None:
    bare = tmp_path / "aanvraag.bpmn"
    bare.write_text(DIAGRAM.sub("", APPLICATION.read_text(encoding="utf-8")), encoding="utf-8")
    out = tmp_path / "met-diagram.bpmn"

    def procesregie(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, timeout=120, cwd=ROOT
        )

    done = procesregie("layout", str(bare), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == f"{out}: 22 shapes, 18 edges"
    # the IOAZ calls the hersteltermijn, from processes/
    assert lint.lint({str(out): out.read_bytes()}, called).problems == []
    refused = procesregie("layout", str(out))
    assert refused.returncode == 1 and "the file has a diagram; --replace draws it anew" in refused.stderr
    fitted = procesregie("layout", "--fit", str(out))
    assert fitted.returncode == 0 and fitted.stderr.strip() == f"{out}: every name fits; nothing widened"


@pytest.mark.parametrize("model", sorted(p.name for p in (FIXTURES / "camunda7").glob("*.bpmn")))
def test_every_camunda7_model_without_its_diagram_is_laid_out_as_lint_accepts(model: str) -> None:
    """Expanded and event subprocesses (message, timer, error and escalation starts), boundary events,
    event-based and inclusive gateways, multi-instance tasks: drawn so that lint's diagram checks pass."""
    bare = DIAGRAM.sub("", (FIXTURES / "camunda7" / model).read_text(encoding="utf-8")).encode()
    laid = layout.layout(model, bare)
    assert _diagram_problems(model, laid) == []
    root = etree.fromstring(laid)
    shapes = _shapes(root)
    for sub in root.iter(f"{{{BPMN_NS}}}subProcess"):
        sx, sy, sw, sh = shapes[sub.get("id", "")]
        for child in sub:
            if child.get("id") in shapes and etree.QName(child).localname != "sequenceFlow":
                x, y, w, h = shapes[child.get("id", "")]
                assert sx < x and x + w < sx + sw and sy < y and y + h < sy + sh, child.get("id")
