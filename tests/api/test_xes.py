"""The XES export, read back by pm4py: the activities are the process's user tasks, and its handover-of-work
network has the same pairs of roles as our handover report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pm4py
import time_machine

from engine import timers


def complete(client, who, task_id, data):
    response = client.post(f"/tasks/{task_id}/complete", headers=who.headers, json={"data": data})
    assert response.status_code == 200, response.text
    return response.json()


def test_xes_export_reads_in_pm4py_and_matches_our_handovers(client, db, staff, gemeente, tmp_path: Path):
    coach, am, km, regisseur = (
        staff("werkcoach"),
        staff("accountmanager"),
        staff("klantmanager"),
        staff("procesregisseur"),
    )

    def start():
        return client.post(
            "/cases",
            headers=coach.headers,
            json={
                "process_id": "overdracht_test",
                "gemeente": gemeente,
                "client_ref": "K",
                "data": {"weken_plan": 8},
            },
        ).json()

    placed = start()
    intake = complete(client, coach, placed["tasks"][0]["id"], {"matchbaar": True})["tasks"][0]
    client.post(f"/tasks/{intake['id']}/claim", headers=am.headers)
    complete(client, am, intake["id"], {"uitkomst": "geplaatst"})

    back_and_forth = start()
    intake = complete(client, coach, back_and_forth["tasks"][0]["id"], {"matchbaar": True})["tasks"][0]
    again = complete(client, am, intake["id"], {"uitkomst": "terug"})["tasks"][0]
    intake = complete(client, coach, again["id"], {"matchbaar": True})["tasks"][0]
    complete(client, am, intake["id"], {"uitkomst": "geplaatst"})

    escalated = start()
    complete(client, coach, escalated["tasks"][0]["id"], {"matchbaar": True})
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        timers.fire_due(db.factory, db.cache)
    escalation = client.get(f"/cases/{escalated['id']}", headers=km.headers).json()["tasks"][0]
    complete(client, km, escalation["id"], {"besluit": "stoppen"})

    response = client.get(
        "/audit/export.xes", params={"process": "overdracht_test"}, headers=regisseur.headers
    )
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    assert coach.actor.name not in response.text  # users are pseudonymised
    path = tmp_path / "overdracht.xes"
    path.write_bytes(response.content)

    log = pm4py.read_xes(str(path))
    assert set(log["case:concept:name"]) == {placed["id"], back_and_forth["id"], escalated["id"]}
    completions = pm4py.filter_event_attribute_values(
        log, "lifecycle:transition", ["complete"], level="event"
    )
    user_tasks = {
        t["name"] for t in client.get("/processes/overdracht_test", headers=coach.headers).json()["tasks"]
    }
    assert set(pm4py.get_event_attribute_values(completions, "concept:name")) == user_tasks
    assert set(log["lifecycle:transition"]) == {"start", "complete", "reassign"}

    network = pm4py.discover_handover_of_work_network(completions, resource_key="org:role")
    mined = {pair for pair, weight in network.connections.items() if pair[0] != pair[1] and weight > 0}
    report = client.get(
        "/reports/handovers",
        params={"process": "overdracht_test", "gemeente": gemeente},
        headers=regisseur.headers,
    ).json()
    assert mined == {(g["from_role"], g["to_role"]) for g in report["groups"]}
    assert mined == {
        ("werkcoach", "accountmanager"),
        ("accountmanager", "werkcoach"),
        ("werkcoach", "klantmanager"),
    }


def test_xes_export_is_for_auditors_and_the_regisseur(client, staff):
    assert client.get("/audit/export.xes", headers=staff("werkcoach").headers).status_code == 403
    assert (
        client.get(
            "/audit/export.xes",
            params={"since": "2027-01-02", "until": "2027-01-01"},
            headers=staff("auditor").headers,
        ).status_code
        == 422
    )


def test_a_process_id_that_is_not_ascii_names_the_file_in_utf_8(client, staff):
    """The file name went into Content-Disposition as it was: a 500 for ?process=Ā (schemathesis found
    it); a header carries such a name as RFC 6266's filename*."""
    auditor = staff("auditor")
    response = client.get("/audit/export.xes", params={"process": "Ā-proces"}, headers=auditor.headers)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Disposition"] == "attachment; filename*=utf-8''%C4%80-proces.xes"
