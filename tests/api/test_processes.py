"""Processes over HTTP: listing, detail, BPMN download and deployment by an ontwerper."""

from __future__ import annotations

from pathlib import Path

from tests.bpmn_edit import retag

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_list_and_detail(client, staff):
    coach = staff("werkcoach")
    listed = {p["id"]: p for p in client.get("/processes", headers=coach.headers).json()}
    assert listed["overdracht_test"]["roles"] == ["accountmanager", "backoffice", "klantmanager", "werkcoach"]
    detail = client.get("/processes/overdracht_test", headers=coach.headers).json()
    assert {lane["name"]: lane["role"] for lane in detail["lanes"]} == {
        "werkcoach": "werkcoach",
        "Accountmanager": "accountmanager",
        "klantmanager": "klantmanager",
    }
    intake = next(t for t in detail["tasks"] if t["id"] == "Task_intake")
    assert [(f["id"], f["type"]) for f in intake["form"]] == [
        ("uitkomst", "enum"),
        ("uren_per_week", "long"),
        ("startdatum", "date"),
    ]
    assert intake["form"][0]["options"] == [
        {"id": "geplaatst", "name": "Geplaatst"},
        {"id": "terug", "name": "Terug naar werkcoach"},
    ]
    assert detail["start_form"][0]["id"] == "weken_plan"
    response = client.get("/processes/overdracht_test/bpmn", headers=coach.headers)
    assert response.headers["content-type"].startswith("application/xml")
    assert response.content == (FIXTURES / "overdracht.bpmn").read_bytes()


def test_deploy_needs_ontwerper_and_valid_bpmn(client, staff, gemeente):
    designer, coach = staff("ontwerper"), staff("werkcoach")
    process_id = f"deploy_{gemeente.replace('-', '_')}"
    xml = (FIXTURES / "lus.bpmn").read_text().replace("voortgang_lus", process_id).encode()
    files = [("files", ("lus.bpmn", xml, "application/xml"))]
    assert client.post("/processes", headers=coach.headers, files=files).status_code == 403
    response = client.post("/processes", headers=designer.headers, files=files)
    assert response.status_code == 201, response.text
    assert response.json()[0]["process"]["version"] == 1 and response.json()[0]["created"] is True
    again = client.post("/processes", headers=designer.headers, files=files)
    assert again.status_code == 200 and again.json()[0]["created"] is False

    broken = retag(xml.decode(), "Gateway_doorgaan", "complexGateway").encode()
    response = client.post(
        "/processes", headers=designer.headers, files=[("files", ("kapot.bpmn", broken, "application/xml"))]
    )
    assert response.status_code == 422
    assert {"file": "kapot.bpmn", "element": "Gateway_doorgaan"}.items() <= response.json()["errors"][
        0
    ].items()
    assert [
        v["version"] for v in client.get(f"/processes/{process_id}/versions", headers=coach.headers).json()
    ] == [1]


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/processes",
        "/processes/{process_id}",
        "/processes/{process_id}/bpmn",
        "/processes/{process_id}/versions",
        "/cases",
        "/cases/{case_id}",
        "/cases/{case_id}/tasks",
        "/cases/{case_id}/history",
        "/cases/{case_id}/messages/{name}",
        "/cases/{case_id}/cancel",
        "/tasks",
        "/tasks/{task_id}",
        "/tasks/{task_id}/claim",
        "/tasks/{task_id}/unclaim",
        "/tasks/{task_id}/complete",
        "/handovers",
        "/users",
        "/me",
    }
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
