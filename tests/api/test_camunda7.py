"""Camunda 7 models over HTTP: deployed with warnings, started by their candidate starter groups, worked
through the work queue (multi-instance tasks, tasks inside subprocesses) with handovers and audit events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine

from engine import timers

CAMUNDA7 = Path(__file__).resolve().parent.parent / "fixtures" / "camunda7"


def test_a_camunda7_model_deploys_with_its_warnings(client, staff, gemeente):
    designer = staff("ontwerper")
    process_id = f"c7_{gemeente.replace('-', '_')}"
    xml = (CAMUNDA7 / "juel_besluit.bpmn").read_text().replace("c7_juel_besluit", process_id).encode()
    response = client.post(
        "/processes",
        headers=designer.headers,
        files=[("files", ("juel_besluit.bpmn", xml, "application/xml"))],
    )
    assert response.status_code == 201, response.text
    [deployed] = response.json()
    warnings = {(w["element"], w["severity"], w["message"].split(";")[0]) for w in deployed["warnings"]}
    assert (
        process_id,
        "warning",
        "the process needs documentation: purpose, trigger, outcomes, legal basis",
    ) in warnings
    assert (
        "Activity_beoordelen",
        "warning",
        "camunda:asyncBefore is ignored (every step is one transaction)",
    ) in warnings
    assert (
        "Flow_klein",
        "info",
        "JUEL ${besluit == 'toekennen' && bedrag le 1000 && !spoed} runs as: "
        'besluit == "toekennen" and bedrag <= 1000 and not spoed',
    ) in warnings
    assert all(w["line"] for w in deployed["warnings"])


def test_candidate_starter_groups_start_a_process_without_user_tasks(client, staff, gemeente):
    backoffice, consulent = staff("backoffice"), staff("inkomensconsulent")
    body = {"process_id": "c7_signaal_afwachten", "gemeente": gemeente, "client_ref": "K-7"}
    refused = client.post("/cases", headers=consulent.headers, json=body)
    assert refused.status_code == 403 and "backoffice" in refused.json()["detail"]
    case = client.post("/cases", headers=backoffice.headers, json=body)
    assert case.status_code == 201, case.text
    assert case.json()["tasks"] == [] and case.json()["status"] == "running"
    signal = client.post(
        f"/cases/{case.json()['id']}/messages/signaal",
        headers=backoffice.headers,
        json={"data": {"bron": "ib"}},
    )
    assert signal.status_code == 200, signal.text
    assert signal.json()["next_timer_at"] is not None  # the day's wait after the message start event
    assert client.get(f"/cases/{case.json()['id']}", headers=backoffice.headers).status_code == 200


def test_multi_instance_tasks_are_work_in_the_queue_one_per_item(client, staff, gemeente):
    consulent, backoffice = staff("inkomensconsulent"), staff("backoffice")
    body = {
        "process_id": "c7_gezinsleden_horen",
        "gemeente": gemeente,
        "client_ref": "K-8",
        "data": {"partner": True},
    }
    case = client.post("/cases", headers=consulent.headers, json=body).json()
    names = sorted(t["name"] for t in case["tasks"])
    assert names == ["Gezinslid horen (aanvrager)", "Gezinslid horen (partner)"]
    for task in case["tasks"]:
        done = client.post(
            f"/tasks/{task['id']}/complete",
            headers=consulent.headers,
            json={"data": {"verklaring": f"{task['name']} gehoord"}},
        )
        assert done.status_code == 200, done.text
    signing = done.json()["tasks"]
    assert [t["name"] for t in signing] == [
        "Verklaring laten tekenen (aanvrager)"
    ]  # sequential: one at a time
    assert done.json()["data"]["verklaring"] == f"{task['name']} gehoord"  # the last instance's values stand
    step = client.post(
        f"/tasks/{signing[0]['id']}/complete", headers=backoffice.headers, json={"data": {"getekend": True}}
    )
    step = client.post(
        f"/tasks/{step.json()['tasks'][0]['id']}/complete",
        headers=backoffice.headers,
        json={"data": {"getekend": True}},
    )
    assert step.json()["status"] == "completed"
    handovers = client.get(
        f"/handovers?case_id={case['id']}", headers=staff("procesregisseur").headers
    ).json()
    assert [(h["from_role"], h["to_role"]) for h in handovers] == [("inkomensconsulent", "backoffice")]


def _delayed(client, staff, gemeente, process_id):
    """A case of ``process_id`` whose check found a delay: the escalation's task beside the decision.
    Returns the case and its open tasks by name."""
    consulent = staff("inkomensconsulent")
    body = {"process_id": process_id, "gemeente": gemeente, "client_ref": "K-9"}
    case = client.post("/cases", headers=consulent.headers, json=body).json()
    [check] = case["tasks"]
    assert check["name"] == "Gegevens controleren"
    step = client.post(
        f"/tasks/{check['id']}/complete", headers=consulent.headers, json={"data": {"uitkomst": "vertraagd"}}
    ).json()
    names = {t["name"]: t for t in step["tasks"]}
    assert set(names) == {"Besluit nemen", "Klant informeren over vertraging"}
    return case, names


def test_tasks_inside_subprocesses_and_boundary_paths_are_worked(client, staff, gemeente):
    consulent, backoffice, km = staff("inkomensconsulent"), staff("backoffice"), staff("klantmanager")
    case, names = _delayed(client, staff, gemeente, "c7_onderzoek_fouten")
    client.post(
        f"/tasks/{names['Klant informeren over vertraging']['id']}/complete",
        headers=backoffice.headers,
        json={"data": {"geinformeerd": True}},
    )
    done = client.post(
        f"/tasks/{names['Besluit nemen']['id']}/complete",
        headers=km.headers,
        json={"data": {"besluit": "toekennen"}},
    )
    assert done.json()["status"] == "completed"
    history = client.get(f"/cases/{case['id']}/history", headers=consulent.headers).json()
    assert [e["task_name"] for e in history if e["type"] == "task_completed"] == [
        "Gegevens controleren",
        "Klant informeren over vertraging",
        "Besluit nemen",
    ]


def _interrupted_case(client, staff, gemeente, interrupt):
    """A c7_plan_met_stopzetting case at 'Plan uitvoeren', interrupted by ``interrupt(case_id)``; the
    event subprocess's task is done; returns the case's history."""
    coach, backoffice, km = staff("werkcoach"), staff("backoffice"), staff("klantmanager")
    body = {"process_id": "c7_plan_met_stopzetting", "gemeente": gemeente, "client_ref": "K-10"}
    case = client.post("/cases", headers=coach.headers, json=body).json()
    [draft] = case["tasks"]
    step = client.post(
        f"/tasks/{draft['id']}/complete", headers=coach.headers, json={"data": {"doel": "werk"}}
    )
    [open_task] = step.json()["tasks"]
    assert open_task["name"] == "Plan uitvoeren"
    interrupt(case["id"])
    assert open_task["id"] not in {t["id"] for t in client.get("/tasks", headers=coach.headers).json()}
    [task] = client.get(f"/cases/{case['id']}", headers=coach.headers).json()["tasks"]
    worker = backoffice if task["name"] == "Dossier overdragen" else km
    field = "overgedragen" if task["name"] == "Dossier overdragen" else "afgesloten"
    done = client.post(f"/tasks/{task['id']}/complete", headers=worker.headers, json={"data": {field: True}})
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    auditor = staff("auditor")
    assert client.get("/audit/verify", headers=auditor.headers).json()["ok"] is True
    history = client.get(f"/cases/{case['id']}/history", headers=auditor.headers).json()
    assert [e["task_name"] for e in history if e["type"] == "task_cancelled"] == ["Plan uitvoeren"]
    return history


def test_an_interrupting_message_event_subprocess_withdraws_the_work_and_ends_the_case(
    client, staff, gemeente
):
    backoffice = staff("backoffice")

    def move(case_id: str) -> None:
        sent = client.post(
            f"/cases/{case_id}/messages/klant_verhuisd", headers=backoffice.headers, json={"data": {}}
        )
        assert sent.status_code == 200, sent.text
        assert [t["name"] for t in sent.json()["tasks"]] == ["Dossier overdragen"]
        assert sent.json()["next_timer_at"] is None  # the other event subprocess's timer stopped too

    history = _interrupted_case(client, staff, gemeente, move)
    assert history[-1]["type"] == "case_completed"
    # The end of the interrupting event subprocess ended the case; the Camunda 7 model sets no uitkomst.
    assert history[-1]["data"] == {
        "outcome": "Dossier overgedragen",
        "outcome_element": "Event_overgedragen",
        "outcome_type": None,
    }


def test_an_interrupting_timer_event_subprocess_withdraws_the_work_and_ends_the_case(
    db, client, staff, gemeente
):
    def expire(case_id: str) -> None:
        with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=184)):
            with db.tx() as session:
                assert timers.fire_due_timers(session, db.cache, case_id)

    history = _interrupted_case(client, staff, gemeente, expire)
    assert [e["task_name"] for e in history if e["type"] == "timer_fired"] == ["Zes maanden verstreken"]
    assert history[-1]["data"] == {
        "outcome": "Plan verlopen",
        "outcome_element": "Event_verlopen",
        "outcome_type": None,
    }


def test_an_error_event_subprocess_takes_over_from_a_running_escalation(client, staff, gemeente):
    backoffice, km = staff("backoffice"), staff("klantmanager")
    case, names = _delayed(client, staff, gemeente, "c7_onderzoek_event_subprocessen")
    step = client.post(
        f"/tasks/{names['Besluit nemen']['id']}/complete",
        headers=km.headers,
        json={"data": {"besluit": "terugvorderen"}},
    ).json()
    [claim] = step["tasks"]
    assert claim["name"] == "Terugvordering opstellen"
    queue = {t["id"] for t in client.get("/tasks", headers=backoffice.headers).json()}
    assert claim["id"] in queue and names["Klant informeren over vertraging"]["id"] not in queue
    done = client.post(
        f"/tasks/{claim['id']}/complete", headers=backoffice.headers, json={"data": {"bedrag": 250}}
    )
    assert done.json()["status"] == "completed", done.text
    auditor = staff("auditor")
    assert client.get("/audit/verify", headers=auditor.headers).json()["ok"] is True
    history = client.get(f"/cases/{case['id']}/history", headers=auditor.headers).json()
    assert [e["task_name"] for e in history if e["type"] == "task_cancelled"] == [
        "Klant informeren over vertraging"
    ]
    assert history[-1]["data"] == {
        "outcome": "Teruggevorderd",
        "outcome_element": "Event_teruggevorderd",
        "outcome_type": None,
    }
