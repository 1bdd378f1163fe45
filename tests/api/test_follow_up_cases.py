"""Follow-up cases through the API and the console (ADR 40): the last task of the uitstroom naar werk
starts the nazorg for the same client; the case, the journey and the console link the two, each only
for a reader who may open the other."""

from __future__ import annotations

import html
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_console import sign_in, with_password
from tests.api.test_journey import start

WERK = {"startdatum_werk": "2026-12-14", "uren_per_week": 32, "contractsoort": "vast"}
ANSWERS = {
    "Werkaanvaarding vastleggen en nazorg afspreken": {
        "werkgever": "Bakkerij De Graaf",
        "re_integratie_afgesloten": True,
        "uitstroom_type": "regulier",
        "via_bemiddeling": True,
    },
    "Inkomsten en recht op bijstand beoordelen": {
        "inkomen_boven_norm": True,
        "inkomstenvrijlating": False,
        "overbrugging_nodig": True,
    },
    "Bijstand beëindigen": {"datum_uitstroom": "2026-12-31", "datum_verzending_beschikking": "2026-12-15"},
    "Eindafrekening en overbrugging betalen": {
        "bedrag_eindafrekening": 412.5,
        "datum_betaling": "2026-12-18",
    },
}


def uitstroom(client: TestClient, who: Any, payer: Any, gemeente: str, ref: str) -> dict[str, Any]:
    """An uitstroom naar werk driven to its end through the API; the backoffice ``payer`` pays the
    eindafrekening, the last task. The response of that completion."""
    case = start(client, who, "uitstroom_naar_werk", gemeente, WERK, ref)
    for _ in range(6):
        if not case["tasks"]:
            return case
        task = case["tasks"][0]
        by = payer if task["name"] == "Eindafrekening en overbrugging betalen" else who
        response = client.post(
            f"/tasks/{task['id']}/complete", headers=by.headers, json={"data": ANSWERS[task["name"]]}
        )
        assert response.status_code == 200, response.text
        case = response.json()
        if case["status"] == "running" and not case["tasks"]:
            case = client.get(f"/cases/{case['id']}", headers=who.headers).json()
    return case


def test_the_api_links_the_uitstroom_and_its_nazorg_for_readers_of_both(client, staff, gemeente):
    coach = staff("werkcoach", "inkomensconsulent")
    payer = staff("backoffice")
    ended = uitstroom(client, coach, payer, gemeente, "K-API-VERVOLG")
    # the payer ended it: the nazorg is no case of theirs, so its id is not shown to them
    assert (ended["status"], ended["outcome_type"], ended["follow_up_case_id"]) == (
        "completed",
        "uitstroom_werk",
        None,
    )
    mine = client.get(f"/cases/{ended['id']}", headers=coach.headers).json()
    nazorg_id = mine["follow_up_case_id"]
    nazorg = client.get(f"/cases/{nazorg_id}", headers=coach.headers).json()
    assert (nazorg["process_id"], nazorg["client_ref"], nazorg["gemeente"], nazorg["origin_case_id"]) == (
        "nazorg_na_werkaanvaarding",
        "K-API-VERVOLG",
        gemeente,
        ended["id"],
    )
    assert {k: nazorg["data"][k] for k in ("startdatum_werk", "werkgever")} == {
        "startdatum_werk": "2026-12-14",
        "werkgever": "Bakkerij De Graaf",
    }
    assert [t["name"] for t in nazorg["tasks"]] == ["Nazorgafspraken maken met klant en werkgever"]
    assert client.get(f"/cases/{nazorg_id}", headers=payer.headers).status_code == 404
    history = client.get(f"/cases/{ended['id']}/history", headers=coach.headers).json()
    assert [e["type"] for e in history[-2:]] == ["case_completed", "follow_up_started"]
    assert history[-1]["data"]["case_id"] == nazorg_id
    started = client.get(f"/cases/{nazorg_id}/history", headers=coach.headers).json()[0]
    assert started["data"]["vervolg_van"]["case_id"] == ended["id"]
    journey = client.get("/clients/K-API-VERVOLG/journey", headers=coach.headers).json()
    assert [(c["process_id"], c["origin_case_id"], c["follow_up_case_id"]) for c in journey["cases"]] == [
        ("uitstroom_naar_werk", None, nazorg_id),
        ("nazorg_na_werkaanvaarding", ended["id"], None),
    ]
    theirs = client.get("/clients/K-API-VERVOLG/journey", headers=payer.headers).json()
    assert [(c["process_id"], c["follow_up_case_id"]) for c in theirs["cases"]] == [
        ("uitstroom_naar_werk", None)
    ]
    other = staff("werkcoach", gemeenten=["gemeente-elders"])
    assert client.get(f"/cases/{nazorg_id}", headers=other.headers).status_code == 404
    assert client.get("/clients/K-API-VERVOLG/journey", headers=other.headers).status_code == 404


def test_the_console_links_vervolg_van_and_vervolgzaak_and_the_process_page_lists_the_follow_ups(
    db, client, staff, gemeente
):
    coach = with_password(db, staff("werkcoach", "inkomensconsulent", "backoffice"))
    ended = uitstroom(client, coach, coach, gemeente, "K-CONSOLE-VERVOLG")
    nazorg_id = ended["follow_up_case_id"]
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, coach.actor.name)
        page = html.unescape(web.get(f"/ui/zaken/{ended['id']}").text)
        assert (
            f'<dt>Vervolgzaak</dt><dd><a href="/ui/zaken/{nazorg_id}">Nazorg na werkaanvaarding</a>' in page
        )
        assert "Vervolgzaak gestart: nazorg_na_werkaanvaarding" in page  # the timeline
        page = html.unescape(web.get(f"/ui/zaken/{nazorg_id}").text)
        assert f'<dt>Vervolg van</dt><dd><a href="/ui/zaken/{ended["id"]}">Uitstroom naar werk</a>' in page
        assert f"vervolg van zaak {ended['id']} (uitstroom_naar_werk)" in page
        journey = html.unescape(web.get("/ui/klanten/K-CONSOLE-VERVOLG/reis").text)
        assert "vervolgzaak van 1" in journey
        process = html.unescape(web.get("/ui/processen/uitstroom_naar_werk").text)
        assert "<caption>Vervolgzaken:" in process
        row = (
            "<tr><td>Aan het werk, uitkering beëindigd</td>"
            '<td><a href="/ui/processen/nazorg_na_werkaanvaarding">'
        )
        assert (
            row + "Nazorg na werkaanvaarding</a></td><td><code>startdatum_werk</code>, <code>werkgever</code>"
            in process
        )
