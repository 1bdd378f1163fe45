"""A handover whose receiving task is withdrawn before anyone picks it up waits no more: not in
`GET /handovers?waiting=true`, not in the handover report's overdue list, not in the
`procesregie_handovers_waiting` gauge. Process: tests/fixtures/klanttaak.bpmn, the
aanvraag_aanvullen_hersteltermijn as it was before issue #16: the inkomensconsulent sets a
hersteltermijn and hands the klant the task to deliver the missing stukken, which an interrupting
timer ends when the term runs out. (The vacature-intake served until its werkgever's confirmation
became a message, issue #16; no process in processes/ hands work to an outsider any more.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from fastapi.testclient import TestClient

from engine import timers
from tests.api.test_console import start
from tests.api.test_metrics import scrape, value
from tests.conftest import Db, Staff

WAITING = {"role": "klant"}
PROCESS = "klanttaak_aanvullen"


def handed_to_klant(client: TestClient, ic: Staff, gemeente: str) -> tuple[dict[str, Any], str]:
    """A case at 'Ontbrekende stukken aanleveren', handed over from inkomensconsulent to klant with a
    hersteltermijn of 14 days; the case and that task's id."""
    case = client.post(
        "/cases",
        headers=ic.headers,
        json={
            "process_id": PROCESS,
            "gemeente": gemeente,
            "client_ref": "K-1",
            "data": {"datum_aanvraag": "2026-11-23", "ontbrekende_gegevens": "bankafschriften"},
        },
    )
    assert case.status_code == 201, case.text
    [termijn] = case.json()["tasks"]
    answer = {
        "hersteltermijn_dagen": 14,
        "gevraagde_stukken": "bankafschriften",
        "datum_verzuimbrief": "2026-11-23",
    }
    [deliver] = complete(client, ic, termijn["id"], answer)
    assert deliver["name"] == "Ontbrekende stukken aanleveren"
    return case.json(), deliver["id"]


def complete(client: TestClient, who: Staff, task_id: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post(f"/tasks/{task_id}/complete", headers=who.headers, json={"data": data})
    assert response.status_code == 200, response.text
    tasks: list[dict[str, Any]] = response.json()["tasks"]
    return tasks


def handovers(client: TestClient, regisseur: Staff, case_id: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/handovers", params={"case_id": case_id, **params}, headers=regisseur.headers)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def report(client: TestClient, regisseur: Staff, gemeente: str) -> dict[str, Any]:
    response = client.get(
        "/reports/handovers",
        params={"gemeente": gemeente, "process_id": PROCESS, "norm_hours": 24},
        headers=regisseur.headers,
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def test_a_handover_withdrawn_by_an_interrupting_timer_waits_no_more(db: Db, client, staff, gemeente) -> None:
    ic, regisseur = staff("inkomensconsulent"), staff("procesregisseur")
    before = scrape(client)
    case, confirm = handed_to_klant(client, ic, gemeente)
    waiting = scrape(client)
    assert value(waiting, "procesregie_handovers_waiting", **WAITING) == (
        value(before, "procesregie_handovers_waiting", **WAITING) + 1
    )
    [handover] = handovers(client, regisseur, case["id"], waiting="true")
    assert (handover["from_role"], handover["to_role"], handover["to_task_id"]) == (
        "inkomensconsulent",
        "klant",
        confirm,
    )
    assert handover["withdrawn_at"] is None

    # Three weeks on: the klant never answered, the boundary timer withdrew the task and the
    # inkomensconsulent decides what follows. Before the timer fires the handover is overdue; after
    # it, it is withdrawn.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=21)
    with time_machine.travel(later, tick=False):
        [group] = report(client, regisseur, gemeente)["groups"]
        assert (group["handovers"], group["picked_up"], group["withdrawn"], group["waiting_over_norm"]) == (
            1,
            0,
            0,
            1,
        )
        with db.tx() as session:
            assert timers.fire_due_timers(session, db.cache, case["id"])
        after = scrape(client)
        assert value(after, "procesregie_handovers_waiting", **WAITING) == value(
            before, "procesregie_handovers_waiting", **WAITING
        )
        assert handovers(client, regisseur, case["id"], waiting="true") == []
        [withdrawn] = handovers(client, regisseur, case["id"])
        assert (withdrawn["picked_up_at"], withdrawn["wait_seconds"], withdrawn["withdrawn_reason"]) == (
            None,
            None,
            "task_withdrawn",
        )
        assert dt.datetime.fromisoformat(withdrawn["withdrawn_at"]) == later
        found = report(client, regisseur, gemeente)
        [group] = found["groups"]
        assert (group["handovers"], group["picked_up"], group["withdrawn"], group["waiting_over_norm"]) == (
            1,
            0,
            1,
            0,
        )
        assert group["wait"] == {"median": None, "p90": None, "max": None}
        assert found["overdue"] == []
    after_term = client.get(f"/cases/{case['id']}", headers=ic.headers).json()
    assert [t["name"] for t in after_term["tasks"] if t["status"] != "completed"] == [
        "Vervolg onvolledige aanvraag bepalen"
    ]


def test_a_handover_to_a_task_of_a_cancelled_case_waits_no_more(client, staff, gemeente) -> None:
    ic, regisseur = staff("inkomensconsulent"), staff("procesregisseur")
    before = scrape(client)
    case, _ = handed_to_klant(client, ic, gemeente)
    assert len(handovers(client, regisseur, case["id"], waiting="true")) == 1
    response = client.post(
        f"/cases/{case['id']}/cancel", headers=ic.headers, json={"reason": "aanvraag ingetrokken"}
    )
    assert response.status_code == 200, response.text
    assert handovers(client, regisseur, case["id"], waiting="true") == []
    [withdrawn] = handovers(client, regisseur, case["id"])
    assert withdrawn["withdrawn_reason"] == "case_cancelled" and withdrawn["withdrawn_at"] is not None
    assert value(scrape(client), "procesregie_handovers_waiting", **WAITING) == value(
        before, "procesregie_handovers_waiting", **WAITING
    )
    [group] = report(client, regisseur, gemeente)["groups"]
    assert (group["handovers"], group["picked_up"], group["withdrawn"]) == (1, 0, 1)


def test_a_picked_up_handover_stays_picked_up_when_its_case_is_cancelled(client, staff, gemeente) -> None:
    coach, am, regisseur = staff("werkcoach"), staff("accountmanager"), staff("procesregisseur")
    case = start(client, coach, gemeente)
    [intake] = complete(client, coach, case["tasks"][0]["id"], {"matchbaar": True, "kandidaatprofiel": "x"})
    claim = client.post(f"/tasks/{intake['id']}/claim", headers=am.headers)
    assert claim.status_code == 200, claim.text
    response = client.post(f"/cases/{case['id']}/cancel", headers=coach.headers, json={"reason": "verhuisd"})
    assert response.status_code == 200, response.text
    [handover] = handovers(client, regisseur, case["id"])
    assert handover["picked_up_by"] == am.actor.name and handover["withdrawn_at"] is None


def test_a_handover_picked_up_by_the_completion_that_ends_its_case_is_not_withdrawn(
    client, staff, gemeente
) -> None:
    """The completion picks the handover up and ends the case, which withdraws the handovers that still
    wait; on PostgreSQL both are parts of one statement (engine/store.py), whose parts all see the
    handover as waiting: the one it picks up stays picked up, and is counted so."""
    coach, am, regisseur = staff("werkcoach"), staff("accountmanager"), staff("procesregisseur")
    case = start(client, coach, gemeente)
    [intake] = complete(client, coach, case["tasks"][0]["id"], {"matchbaar": True, "kandidaatprofiel": "x"})
    assert complete(client, am, intake["id"], {"uitkomst": "geplaatst"}) == []  # not claimed first
    [handover] = handovers(client, regisseur, case["id"])
    assert handover["picked_up_by"] == am.actor.name
    assert (handover["withdrawn_at"], handover["withdrawn_reason"]) == (None, None)
    response = client.get(
        "/reports/handovers",
        params={"gemeente": gemeente, "process_id": "overdracht_test", "norm_hours": 24},
        headers=regisseur.headers,
    )
    assert response.status_code == 200, response.text
    [group] = response.json()["groups"]
    assert (group["handovers"], group["picked_up"], group["withdrawn"]) == (1, 1, 0)
    tasks = client.get(f"/cases/{case['id']}/tasks", headers=regisseur.headers)
    assert tasks.status_code == 200, tasks.text
    assert [t["status"] for t in tasks.json()] == ["completed", "completed"]
