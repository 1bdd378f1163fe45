"""Auditors: the access log with reasons, chain verification over HTTP, and no write access at all."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_reads_of_case_data_are_logged_with_their_reason(client, staff, gemeente):
    coach, auditor = staff("werkcoach"), staff("auditor")
    case = client.post(
        "/cases",
        headers=coach.headers,
        json={"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": "K-3"},
    ).json()
    client.get(f"/cases/{case['id']}", headers={**coach.headers, "X-Reason": "Voorbereiding gesprek"})
    client.get(f"/cases/{case['id']}/history", headers=auditor.headers)
    client.get(f"/cases/{case['id']}/tasks", headers=coach.headers)
    log = client.get("/audit/access", params={"case_id": case["id"]}, headers=auditor.headers).json()
    assert [(e["actor"], e["action"], e["reason"]) for e in log] == [
        (coach.actor.name, "tasks", None),
        (auditor.actor.name, "history", None),
        (coach.actor.name, "case", "Voorbereiding gesprek"),
    ]
    assert (
        client.get("/audit/access", params={"reader": coach.actor.name}, headers=auditor.headers).json()[0][
            "action"
        ]
        == "tasks"
    )
    assert client.get("/audit/access", headers=coach.headers).status_code == 403
    assert (
        client.get(
            "/audit/access", params={"since": "2027-01-02", "until": "2027-01-01"}, headers=auditor.headers
        ).status_code
        == 422
    )


def test_verify_over_http_counts_the_auditors_gemeenten(client, staff, gemeente):
    auditor, coach = staff("auditor"), staff("werkcoach")
    elsewhere = staff("auditor", gemeenten=[f"elders-{gemeente}"])
    started = client.post(
        "/cases",
        headers=coach.headers,
        json={"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": "K-5"},
    )
    events = len(client.get(f"/cases/{started.json()['id']}/history", headers=auditor.headers).json())
    body = client.get("/audit/verify", headers=auditor.headers).json()
    assert body == {"ok": True, "cases": 1, "events": events, "first_broken": None, "seals_checked": False}
    other = client.get("/audit/verify", headers=elsewhere.headers).json()
    assert (other["ok"], other["cases"], other["events"]) == (True, 0, 0)
    assert client.get("/audit/verify", headers=coach.headers).status_code == 403


def test_an_auditor_can_change_nothing(client, staff, gemeente):
    coach, auditor = staff("werkcoach"), staff("auditor")
    case = client.post(
        "/cases",
        headers=coach.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-4",
            "data": {"weken_plan": 4},
        },
    ).json()
    values = {
        "case_id": case["id"],
        "task_id": case["tasks"][0]["id"],
        "name": "cv_ontvangen",
        "process_id": "overdracht_test",
        "number": 1,
        "pilot_id": 1,
        "action": "end",
    }
    bodies = {
        "/cases": {
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K",
            "data": {"weken_plan": 4},
        },
        "/users": {"name": "x", "roles": ["auditor"], "gemeenten": [gemeente]},
        "/cases/{case_id}/cancel": {"reason": "test"},
        "/processes/{process_id}/versions/{number}/rollback": {"reason": "test"},
        "/processes/{process_id}/versions/{number}/retire": {"reason": "test"},
        "/processes/{process_id}/migrations": {"from_version": 1, "to_version": 2, "dry_run": True},
        "/processes/{process_id}/pilots": {"version": 1, "share": 0.2, "gemeenten": [gemeente]},
    }
    start = {"businessKey": "K", "variables": {"weken_plan": {"value": 4, "type": "Integer"}}}
    bodies |= {
        "/engine-rest/process-definition/{id}/start": start,
        "/engine-rest/process-definition/key/{key}/start": start,
        "/engine-rest/process-definition/key/{key}/tenant-id/{tenant_id}/start": start,
        "/engine-rest/task/{id}/claim": {"userId": auditor.actor.name},
        "/engine-rest/task/{id}/complete": {"variables": {}},
    }
    # Search and export are reads sent as POST so that a BSN filter never appears in a URL.
    reads = {"/audit/search", "/audit/export"}
    # A new token for oneself changes one's own credential, none of the data an auditor reads.
    own = {"/users/me/token"}
    writes = [
        (method, path)
        for path, item in client.get("/openapi.json").json()["paths"].items()
        for method in item
        if method in ("post", "put", "patch", "delete") and path not in reads | own
    ]
    assert len(writes) >= 8
    # The Camunda 7 REST API names a task or a process definition {id}.
    definition = client.get(
        "/engine-rest/process-definition", params={"key": "overdracht_test"}, headers=auditor.headers
    ).json()[0]["id"]
    values |= {"key": "overdracht_test", "tenant_id": gemeente}
    for method, path in writes:
        ids = {"id": values["task_id"] if path.startswith("/engine-rest/task/") else definition}
        url = path.format(**values, **ids)
        if path in ("/processes", "/engine-rest/deployment/create"):
            field = "files" if path == "/processes" else "lus.bpmn"
            response = client.post(
                url,
                headers=auditor.headers,
                files=[(field, ("lus.bpmn", (FIXTURES / "lus.bpmn").read_bytes()))],
            )
        else:
            body = bodies.get(path, {"data": {}})
            response = client.request(method.upper(), url, headers=auditor.headers, json=body)
        assert response.status_code == 403, (method, path, response.text)
    assert (
        client.get(f"/cases/{case['id']}/history", headers=auditor.headers).json()[-1]["type"] == "task_ready"
    )
