"""Diagrams drawn from the diagram interchange: the process, a case's path, and a heatmap."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from engine.vocabulary import BPMN_NS
from tests.engine.test_client_journey import RECHT

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SVG = "{http://www.w3.org/2000/svg}"
BPMN = f"{{{BPMN_NS}}}"


def shape_fill(svg: bytes, element_id: str) -> str:
    group = etree.fromstring(svg).find(f".//{SVG}g[@id='shape-{element_id}']")
    assert group is not None, element_id
    return next(
        child.get("fill") for child in group if child.tag in (f"{SVG}rect", f"{SVG}circle", f"{SVG}path")
    )


def test_process_diagram_draws_every_element(client, staff):
    response = client.get("/processes/overdracht_test/diagram.svg", headers=staff("werkcoach").headers)
    assert response.status_code == 200 and response.headers["content-type"] == "image/svg+xml"
    svg = etree.fromstring(response.content)
    drawn = {g.get("id") for g in svg.iter(f"{SVG}g")}
    model = etree.fromstring((FIXTURES / "overdracht.bpmn").read_bytes())
    nodes = {
        e.get("id")
        for e in model.iter()
        if e.tag.startswith(BPMN)
        and e.get("id")
        and e.tag.split("}")[1]
        in {
            "userTask",
            "startEvent",
            "endEvent",
            "exclusiveGateway",
            "intermediateCatchEvent",
            "boundaryEvent",
            "lane",
            "participant",
        }
    }
    flows = {e.get("id") for e in model.iter(f"{BPMN}sequenceFlow")}
    assert {f"shape-{n}" for n in nodes} | {f"edge-{f}" for f in flows} <= drawn
    assert "Overdracht (testproces) (v1)" in response.text


def test_case_diagram_shows_the_path_and_where_the_case_is(client, staff, gemeente):
    coach, regisseur = staff("werkcoach"), staff("procesregisseur")
    case = client.post(
        "/cases",
        headers=coach.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-8",
            "data": {"weken_plan": 6},
        },
    ).json()
    client.post(
        f"/tasks/{case['tasks'][0]['id']}/complete", headers=coach.headers, json={"data": {"matchbaar": True}}
    )
    svg = client.get(f"/cases/{case['id']}/diagram.svg", headers=coach.headers).content
    assert shape_fill(svg, "Task_voorbereiden") == "#e3f2e1"  # passed: green
    assert shape_fill(svg, "Task_intake") == "#fff3cd"  # here now: orange
    assert shape_fill(svg, "Timer_intake") == "#fff3cd"  # its term is running
    assert shape_fill(svg, "Task_escalatie") == "white"
    log = client.get("/audit/access", params={"case_id": case["id"]}, headers=staff("auditor").headers).json()
    assert log[0]["action"] == "diagram"

    heat = client.get(
        "/reports/processes/overdracht_test/heatmap.svg",
        params={"gemeente": gemeente},
        headers=regisseur.headers,
    )
    assert heat.status_code == 200
    assert shape_fill(heat.content, "Task_intake").startswith("rgb(255,70,70)")  # the most cases are here
    assert ">1 / 0<" in heat.text and ">0 / 1<" in heat.text
    assert (
        client.get("/reports/processes/overdracht_test/heatmap.svg", headers=coach.headers).status_code == 403
    )


def test_a_task_inside_a_subprocess_is_marked_where_the_case_is(client, staff, gemeente):  # type: ignore[no-untyped-def]
    """The decision of an application is a task in an embedded subprocess: the task is marked, not only
    the subprocess around it (the console's task page marks the same elements)."""
    ic = staff("inkomensconsulent", "backoffice")  # the checks it calls ask the backoffice too
    data = {
        "datum_aanvraag": "2026-11-23",
        "datum_melding": "2026-11-20",
        "opgegeven_leefvorm": "alleenstaand",
    }
    application = {"process_id": "aanvraag_levensonderhoud_behandelen", "gemeente": gemeente, "data": data}
    case = client.post("/cases", headers=ic.headers, json=application | {"client_ref": "K-9"}).json()
    tasks = case["tasks"]
    while tasks[0]["element_id"] != "Task_besluit_nemen":
        answers = RECHT[tasks[0]["element_id"]]
        done = client.post(f"/tasks/{tasks[0]['id']}/complete", headers=ic.headers, json={"data": answers})
        tasks = done.json()["tasks"]
    assert [t["element_id"] for t in tasks] == ["Task_besluit_nemen"]
    svg = client.get(f"/cases/{case['id']}/diagram.svg", headers=ic.headers).content
    assert shape_fill(svg, "Task_besluit_nemen") == "#fff3cd"  # here now: orange
    assert shape_fill(svg, "Task_opgaven_vastleggen") == "#e3f2e1"  # passed: green
