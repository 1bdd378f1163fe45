"""The versions API: roll back, retire, the record of changes, diff, and moving running cases."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine import processes
from tests.api.test_console import csrf, sign_in, with_password
from tests.conftest import FIXTURES

OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_text()


def _deploy(client, designer, process_id, *models):
    for model in models:
        files = {"files": (f"{process_id}.bpmn", model.replace("overdracht_test", process_id).encode())}
        assert client.post("/processes", files=files, headers=designer.headers).status_code == 201


def test_rollback_retire_changes_diff_and_migration(client, db, staff, gemeente):
    designer, coach, auditor = staff("ontwerper", gemeenten=[]), staff("werkcoach"), staff("auditor")
    process_id = f"api_versies_{gemeente.replace('-', '_')}"
    renamed = OVERDRACHT.replace('name="Overdracht voorbereiden"', 'name="Overdracht klaarzetten"')
    _deploy(client, designer, process_id, OVERDRACHT, renamed)
    start = {"process_id": process_id, "gemeente": gemeente, "client_ref": "K-9", "data": {"weken_plan": 8}}
    case = client.post("/cases", json=start, headers=coach.headers).json()
    assert case["process_version"] == 2

    url = f"/processes/{process_id}/versions/1/rollback"
    assert client.post(url, json={"reason": "x"}, headers=coach.headers).status_code == 403
    refused = client.post(url, json={"reason": " "}, headers=designer.headers)
    assert (refused.status_code, refused.json()["errors"][0]["field"]) == (422, "reason")
    done = client.post(url, json={"reason": "veld ontbreekt in versie 2"}, headers=designer.headers)
    assert done.status_code == 200, done.text
    assert done.json()["action"] == "rolled_back" and done.json()["data"] == {"previous": 2, "retired": [2]}
    assert client.post(url, json={"reason": "x"}, headers=designer.headers).status_code == 409
    assert client.post("/cases", json=start, headers=coach.headers).json()["process_version"] == 1
    listed = client.get(f"/processes/{process_id}/versions", headers=coach.headers).json()
    assert [v["retired_at"] is not None for v in listed] == [False, True]
    gone = client.post(
        f"/processes/{process_id}/versions/9/retire", json={"reason": "x"}, headers=designer.headers
    )
    assert gone.status_code == 404

    changes = client.get(f"/processes/{process_id}/changes", headers=auditor.headers).json()
    assert [(c["action"], c["version"], c["actor"], c["reason"]) for c in changes] == [
        ("rolled_back", 1, designer.actor.name, "veld ontbreekt in versie 2")
    ]

    diff = client.get(f"/processes/{process_id}/versions/1/diff/2", headers=coach.headers).json()
    assert diff["elements"] == [
        {
            "kind": "element",
            "id": "Task_voorbereiden",
            "change": "changed",
            "name": "Overdracht klaarzetten",
            "before": "userTask 'Overdracht voorbereiden'",
            "after": "userTask 'Overdracht klaarzetten'",
        }
    ]
    assert (diff["flows"], diff["fields"], diff["conditions"]) == ([], [], [])

    body = {"from_version": 1, "to_version": 2, "dry_run": True}
    assert (
        client.post(f"/processes/{process_id}/migrations", json=body, headers=coach.headers).status_code
        == 403
    )
    dry = client.post(f"/processes/{process_id}/migrations", json=body, headers=designer.headers).json()
    assert (dry["cases"], dry["migrated"], dry["refused"]) == (1, 1, [])
    moved = client.post(
        f"/processes/{process_id}/migrations",
        json={**body, "dry_run": False, "reason": "terug naar 2"},
        headers=designer.headers,
    ).json()
    assert moved["migrated"] == 1
    same = client.post(
        f"/processes/{process_id}/migrations", json={**body, "to_version": 1}, headers=designer.headers
    )
    assert (same.status_code, same.json()["errors"][0]["field"]) == (422, "to_version")
    with db.tx() as session:
        assert processes.get_version(session, process_id, 2).retired_at is not None


def test_the_console_rolls_back_retires_compares_and_moves_cases(client, db, staff, gemeente):
    designer, coach = with_password(db, staff("ontwerper", gemeenten=[])), staff("werkcoach")
    process_id = f"console_versies_{gemeente.replace('-', '_')}"
    renamed = OVERDRACHT.replace('name="Overdracht voorbereiden"', 'name="Overdracht klaarzetten"')
    _deploy(client, designer, process_id, OVERDRACHT, renamed)
    start = {"process_id": process_id, "gemeente": gemeente, "client_ref": "K-3", "data": {"weken_plan": 8}}
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, designer.actor.name)
        page = web.get(f"/ui/processen/{process_id}")
        assert "Nieuwe zaken starten op <strong>versie 2</strong>" in page.text
        assert "Buiten gebruik stellen" in page.text and "Nieuwe zaken op versie 1" in page.text
        token = csrf(page.text)
        url = f"/ui/processen/{process_id}/versies/1/terugzetten"
        empty = web.post(url, data={"csrf_token": token, "reden": ""})
        assert "Geef een reden op" in empty.text
        done = web.post(url, data={"csrf_token": token, "reden": "terug naar het oude formulier"})
        assert "Teruggezet: nieuwe zaken starten weer op deze versie" in done.text
        assert "terug naar het oude formulier" in done.text  # the record of changes
        case = client.post("/cases", json=start, headers=coach.headers).json()
        assert case["process_version"] == 1
        diff = web.get(f"/ui/processen/{process_id}/verschil?van=1&met=2")
        assert diff.status_code == 200 and "Overdracht klaarzetten" in diff.text and "gewijzigd" in diff.text
        form = {"csrf_token": token, "van": "1", "naar": "2", "reden": "nieuw formulier", "proef": "true"}
        dry = web.post(f"/ui/processen/{process_id}/migreren", data=form)
        assert "Proef, er is niets gewijzigd: 1 van de 1 lopende zaken zouden overgaan." in dry.text
        del form["proef"]
        moved = web.post(f"/ui/processen/{process_id}/migreren", data=form)
        assert "1 van de 1 lopende zaken zijn overgezet naar versie 2" in moved.text
        assert client.get(f"/cases/{case['id']}", headers=coach.headers).json()["process_version"] == 2
        sign_in(web, with_password(db, coach).actor.name)
        assert "Buiten gebruik stellen" not in web.get(f"/ui/processen/{process_id}").text
        refused = web.post(url, data={"csrf_token": csrf(web.get("/ui/werkvoorraad").text), "reden": "x"})
        assert refused.status_code == 403
