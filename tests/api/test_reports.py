"""The procesregisseur's reports: handover waits against a norm, per-task statistics, lead times and
deadlines."""

from __future__ import annotations

import datetime as dt

import time_machine


def test_reports_follow_a_case_through_a_slow_handover(client, staff, gemeente):
    coach, am, regisseur = staff("werkcoach"), staff("accountmanager"), staff("procesregisseur")
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        case = client.post(
            "/cases",
            headers=coach.headers,
            json={
                "process_id": "overdracht_test",
                "gemeente": gemeente,
                "client_ref": "K-5",
                "data": {"weken_plan": 8},
            },
        ).json()
        clock.shift(dt.timedelta(hours=2))
        intake = client.post(
            f"/tasks/{case['tasks'][0]['id']}/complete",
            headers=coach.headers,
            json={"data": {"matchbaar": True}},
        ).json()["tasks"][0]
        clock.shift(dt.timedelta(hours=30))
        report = client.get(
            "/reports/handovers", params={"gemeente": gemeente, "norm_hours": 24}, headers=regisseur.headers
        ).json()
        [group] = report["groups"]
        assert (
            group["from_role"],
            group["to_role"],
            group["handovers"],
            group["picked_up"],
            group["waiting_over_norm"],
        ) == ("werkcoach", "accountmanager", 1, 0, 1)
        assert [h["to_task_name"] for h in report["overdue"]] == ["Intake werkgeversdienstverlening"]

        near = client.get(
            "/reports/deadlines", params={"days": 14, "gemeente": gemeente}, headers=regisseur.headers
        ).json()
        assert [d["case_id"] for d in near] == [case["id"]] and 12 < near[0]["days_left"] < 13
        assert (
            client.get(
                "/reports/deadlines", params={"days": 7, "gemeente": gemeente}, headers=regisseur.headers
            ).json()
            == []
        )

        client.post(f"/tasks/{intake['id']}/claim", headers=am.headers)
        clock.shift(dt.timedelta(hours=1))
        client.post(
            f"/tasks/{intake['id']}/complete", headers=am.headers, json={"data": {"uitkomst": "geplaatst"}}
        )
        report = client.get(
            "/reports/handovers", params={"gemeente": gemeente}, headers=regisseur.headers
        ).json()
        [group] = report["groups"]
        assert group["picked_up"] == 1 and group["wait"]["median"] == group["wait"]["max"] == 30 * 3600
        assert report["overdue"] == []

        stats = {
            s["element_id"]: s
            for s in client.get(
                "/reports/processes/overdracht_test/statistics",
                params={"gemeente": gemeente},
                headers=regisseur.headers,
            ).json()
        }
        assert (stats["Task_voorbereiden"]["completed"], stats["Task_voorbereiden"]["mean_seconds"]) == (
            1,
            2 * 3600,
        )
        assert (
            stats["Task_intake"]["completed"],
            stats["Task_intake"]["open"],
            stats["Task_intake"]["mean_seconds"],
        ) == (1, 0, 31 * 3600)

        lead = client.get(
            "/reports/processes/overdracht_test/lead-times",
            params={"norm_days": 1},
            headers=regisseur.headers,
        ).json()
        assert lead["completed"] >= 1 and lead["over_norm"] >= 1 and lead["norm_seconds"] == 86400


def test_reports_are_for_regisseur_and_auditor(client, staff):
    coach, auditor = staff("werkcoach"), staff("auditor")
    assert client.get("/reports/handovers", headers=coach.headers).status_code == 403
    assert client.get("/reports/handovers", headers=auditor.headers).status_code == 200
    assert client.get("/reports/deadlines", params={"days": 0}, headers=auditor.headers).status_code == 422
    assert (
        client.get("/reports/handovers", params={"norm_hours": -1}, headers=auditor.headers).status_code
        == 422
    )
    assert (
        client.get("/reports/processes/bestaat_niet/statistics", headers=auditor.headers).status_code == 404
    )


def test_a_period_is_a_date_and_time_not_a_number(client, staff):
    """pydantic read until=0.5 as half a second after 1970 (schemathesis found it); the document says
    date-time. Every route that takes a period checks it in one place (api.deps.PeriodDep)."""
    regisseur = staff("procesregisseur")
    for value in ("0.5", "1700000000", "2026-11-23"):
        response = client.get("/reports/handovers", params={"until": value}, headers=regisseur.headers)
        assert response.status_code == 422, (value, response.text)
        assert response.json()["errors"][0]["field"] == "query.until"
    for value in ("2026-11-23T09:00:00Z", "2026-11-23T09:00", "2026-11-23 09:00:00+01:00"):
        response = client.get("/reports/handovers", params={"until": value}, headers=regisseur.headers)
        assert response.status_code == 200, (value, response.text)
