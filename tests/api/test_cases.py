"""The HTTP API through a real ASGI client: a case from start to handover to end, and bad input."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def start(client, who, gemeente, data=None):
    response = client.post(
        "/cases",
        headers=who.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-42",
            "data": {"weken_plan": 26} if data is None else data,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_case_from_start_through_handover_to_end(client, staff, gemeente):
    coach, am, regisseur = staff("werkcoach"), staff("accountmanager"), staff("procesregisseur")
    case = start(client, coach, gemeente)
    assert case["status"] == "running" and case["process_version"] >= 1
    assert (case["outcome_element"], case["outcome_type"]) == (None, None)
    [task] = case["tasks"]
    assert (task["name"], task["role"], task["status"]) == ("Overdracht voorbereiden", "werkcoach", "ready")

    queue = client.get("/tasks", params={"role": "werkcoach"}, headers=coach.headers).json()
    assert [t["id"] for t in queue] == [task["id"]]
    detail = client.get(f"/tasks/{task['id']}", headers=coach.headers).json()
    assert [f["id"] for f in detail["form"]] == ["matchbaar", "kandidaatprofiel"]

    assert (
        client.post(f"/tasks/{task['id']}/claim", headers=coach.headers).json()["claimed_by"]
        == coach.actor.name
    )
    response = client.post(
        f"/tasks/{task['id']}/complete", headers=coach.headers, json={"data": {"matchbaar": True}}
    )
    assert response.status_code == 200, response.text
    [intake] = response.json()["tasks"]
    assert intake["role"] == "accountmanager"
    assert client.get("/tasks", headers=am.headers).json()[0]["id"] == intake["id"]
    assert client.get("/tasks", headers=coach.headers).json() == []

    [handover] = client.get("/handovers", params={"case_id": case["id"]}, headers=regisseur.headers).json()
    assert (handover["from_role"], handover["to_role"], handover["wait_seconds"]) == (
        "werkcoach",
        "accountmanager",
        None,
    )
    response = client.post(
        f"/tasks/{intake['id']}/complete", headers=am.headers, json={"data": {"uitkomst": "geplaatst"}}
    )
    assert response.json()["status"] == "completed"
    [handover] = client.get(
        "/handovers", params={"case_id": case["id"], "waiting": False}, headers=regisseur.headers
    ).json()
    assert handover["picked_up_by"] == am.actor.name and handover["wait_seconds"] >= 0

    history = client.get(f"/cases/{case['id']}/history", headers=coach.headers).json()
    assert [e["type"] for e in history][-3:] == ["handover", "task_completed", "case_completed"]
    assert history[-2]["data"]["submitted"]["uitkomst"] == "geplaatst"
    assert history[-1]["data"] == {
        "outcome": "Kandidaat geplaatst",
        "outcome_element": "EndEvent_geplaatst",
        "outcome_type": "geplaatst",
    }
    ended = client.get(f"/cases/{case['id']}", headers=coach.headers).json()
    assert (ended["outcome_element"], ended["outcome_type"]) == ("EndEvent_geplaatst", "geplaatst")
    tasks = client.get(f"/cases/{case['id']}/tasks", headers=coach.headers).json()
    assert [(t["name"], t["status"]) for t in tasks] == [
        ("Overdracht voorbereiden", "completed"),
        ("Intake werkgeversdienstverlening", "completed"),
    ]


def test_status_codes_for_bad_requests(client, staff, gemeente):
    coach, am, auditor = staff("werkcoach"), staff("accountmanager"), staff("auditor")
    outsider = staff("werkcoach", gemeenten=["ergens-anders"])
    case = start(client, coach, gemeente)
    task_id = case["tasks"][0]["id"]

    assert client.get("/processes").status_code == 401
    assert client.get("/processes", headers={"Authorization": "Bearer pr_onzin"}).status_code == 401
    assert client.get("/processes/bestaat_niet", headers=coach.headers).status_code == 404
    assert client.get(f"/cases/{case['id']}", headers=outsider.headers).status_code == 404
    assert client.get("/cases/bestaat-niet", headers=coach.headers).status_code == 404
    assert (
        client.post("/tasks/bestaat-niet/complete", headers=coach.headers, json={"data": {}}).status_code
        == 404
    )
    assert (
        client.post(
            f"/tasks/{task_id}/complete", headers=am.headers, json={"data": {"matchbaar": True}}
        ).status_code
        == 403
    )
    assert client.post(f"/tasks/{task_id}/claim", headers=auditor.headers).status_code == 403
    assert (
        client.post(f"/cases/{case['id']}/cancel", headers=auditor.headers, json={"reason": "x"}).status_code
        == 403
    )
    assert client.get("/handovers", headers=coach.headers).status_code == 403

    response = client.post(
        f"/tasks/{task_id}/complete", headers=coach.headers, json={"data": {"matchbaar": "ja", "extra": 1}}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"matchbaar", "extra"}
    response = client.post(
        "/cases", headers=coach.headers, json={"process_id": "overdracht_test", "gemeente": gemeente}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.client_ref"
    response = client.post(
        "/cases",
        headers=coach.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K",
            "data": {"weken_plan": 500},
        },
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "weken_plan"
    assert client.get("/tasks", params={"role": "baas"}, headers=coach.headers).status_code == 422
    assert client.get("/handovers", params={"since": "gisteren"}, headers=auditor.headers).status_code == 422
    assert (
        client.post(
            f"/cases/{case['id']}/messages/cv_ontvangen", headers=coach.headers, json={"data": {}}
        ).status_code
        == 409
    )

    assert (
        client.post(
            f"/tasks/{task_id}/complete", headers=coach.headers, json={"data": {"matchbaar": False}}
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"/tasks/{task_id}/complete", headers=coach.headers, json={"data": {"matchbaar": False}}
        ).status_code
        == 409
    )
    response = client.post(
        f"/cases/{case['id']}/messages/cv_ontvangen", headers=coach.headers, json={"data": {"bron": "mail"}}
    )
    assert response.status_code == 200 and response.json()["data"]["cv_ontvangen"] == {"bron": "mail"}
    assert (
        client.post(f"/cases/{case['id']}/cancel", headers=coach.headers, json={"reason": "Verhuisd"}).json()[
            "status"
        ]
        == "cancelled"
    )
    assert (
        client.post(
            f"/cases/{case['id']}/cancel", headers=coach.headers, json={"reason": "Verhuisd"}
        ).status_code
        == 409
    )


def test_a_rejected_completion_leaves_the_case_as_it_was(client, staff, gemeente):
    coach = staff("werkcoach")
    case = start(client, coach, gemeente)
    before = client.get(f"/cases/{case['id']}/history", headers=coach.headers).json()
    for body in (
        {"data": {"matchbaar": 3}},
        {"data": {}},
        {"gegevens": {}},
        {"data": {"matchbaar": True, "kandidaatprofiel": "x" * 201}},
    ):
        assert (
            client.post(
                f"/tasks/{case['tasks'][0]['id']}/complete", headers=coach.headers, json=body
            ).status_code
            == 422
        )
    assert client.get(f"/cases/{case['id']}/history", headers=coach.headers).json() == before
    assert (
        client.get(f"/cases/{case['id']}", headers=coach.headers).json()
        == client.get(f"/cases/{case['id']}", headers=coach.headers).json()
    )


def test_a_response_is_sent_only_after_its_transaction_committed(client, staff, gemeente):
    """A 2xx means stored: when the commit fails, the client gets the error, not the success."""
    coach = staff("werkcoach")
    case = start(client, coach, gemeente)
    task_id = case["tasks"][0]["id"]

    def refuse(session):
        raise RuntimeError("the database refused the commit")

    event.listen(client.app.state.sessionmaker, "before_commit", refuse)
    try:
        response = client.post(
            f"/tasks/{task_id}/complete", headers=coach.headers, json={"data": {"matchbaar": True}}
        )
    finally:
        event.remove(client.app.state.sessionmaker, "before_commit", refuse)
    assert response.status_code == 500 and response.json() == {
        "detail": "internal error; nothing was changed"
    }
    tasks = client.get(f"/cases/{case['id']}/tasks", headers=coach.headers).json()
    assert [(t["id"], t["status"]) for t in tasks] == [(task_id, "ready")]


def test_a_bsn_sent_as_client_reference_is_refused_naming_the_field(db, client, staff, gemeente):
    from sqlalchemy import select

    from engine.models import Case

    coach = staff("werkcoach")
    body = {"process_id": "overdracht_test", "gemeente": gemeente, "data": {"weken_plan": 26}}
    response = client.post("/cases", headers=coach.headers, json={**body, "client_ref": "111222333"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "client_ref",
            "message": "looks like a BSN; send it as `bsn`, it is stored only as a keyed hash",
        }
    ]
    with db.tx() as session:
        assert session.scalars(select(Case.id).where(Case.gemeente == gemeente)).all() == []
    response = client.post(
        "/cases", headers=coach.headers, json={**body, "client_ref": "K-42", "bsn": "111222333"}
    )
    assert response.status_code == 201 and response.json()["client_ref"] == "K-42"
