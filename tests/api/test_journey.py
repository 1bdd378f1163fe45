"""A client's journey across cases: every case of a client reference the reader may read, in order,
with outcome, lead time and handovers; each case read is logged (GET /clients/{client_ref}/journey)."""

from __future__ import annotations

import html
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_console import sign_in, with_password

MELDING = {"kanaal": "loket_gemeente", "datum_melding": "2026-11-23", "leeftijd": 35}
POORTGESPREK = {
    "datum_poortgesprek": "2026-11-24",
    "route": "bijstand_aanvragen",
    "toelichting_route": "Geen",
}
VERWIJZING = {"datum_verwijzing": "2026-12-01"}
MATCHBAAR = {"matchbaar": True, "datum_matchbaar": "2027-02-01", "beoogde_functie": "Logistiek medewerker"}
TERUGMELDEN = {
    "eindrapportage_traject": "Klaar voor werk",
    "uren_per_week": 32,
    "beschikbaar_per": "2027-02-15",
}


def start(
    client, who, process_id: str, gemeente: str, data: dict[str, Any], ref: str = "K-reis"
) -> dict[str, Any]:
    body = {"process_id": process_id, "gemeente": gemeente, "client_ref": ref, "data": data}
    response = client.post("/cases", headers=who.headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def verwezen(client, who, gemeente: str, ref: str = "K-reis") -> dict[str, Any]:
    """A case of the taakgericht handover, started at the verwijzing."""
    return start(client, who, "kandidaat_matchbaar_overdragen_taakgericht", gemeente, VERWIJZING, ref)


def complete(client, who, case: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    [task] = case["tasks"]
    response = client.post(f"/tasks/{task['id']}/complete", headers=who.headers, json={"data": data})
    assert response.status_code == 200, response.text
    return response.json()


def test_the_journey_lists_every_case_of_the_client_in_order_with_outcome_lead_time_and_handovers(
    client, staff, gemeente
):
    km = staff("klantmanager", "werkcoach")
    auditor = staff("auditor")
    melding = start(
        client,
        km,
        "melding_werkzoekende_registreren",
        gemeente,
        {"kanaal": "loket_gemeente", "datum_melding": "2026-11-23", "leeftijd": 35},
    )
    melding = complete(
        client,
        km,
        melding,
        {
            "datum_poortgesprek": "2026-11-24",
            "route": "bijstand_aanvragen",
            "toelichting_route": "Geen voorliggende voorziening",
        },
    )
    assert melding["status"] == "completed"
    overdracht = verwezen(client, km, gemeente)
    overdracht = complete(
        client,
        km,
        overdracht,
        {"matchbaar": True, "datum_matchbaar": "2027-02-01", "beoogde_functie": "Logistiek medewerker"},
    )
    overdracht = complete(
        client,
        km,
        overdracht,
        {"eindrapportage_traject": "Klaar voor werk", "uren_per_week": 32, "beschikbaar_per": "2027-02-15"},
    )
    [begeleider] = overdracht["tasks"]
    assert begeleider["role"] == "klantmanager"
    # the same reference in a gemeente the reader does not serve, and another client: not in the journey
    elsewhere = staff("klantmanager", "werkcoach", gemeenten=["ergens-anders"])
    verwezen(client, elsewhere, "ergens-anders")
    verwezen(client, km, gemeente, "K-ander")

    response = client.get(
        "/clients/K-reis/journey", headers={**km.headers, "X-Reason": "klantreis bespreken"}
    )
    assert response.status_code == 200, response.text
    journey = response.json()
    assert journey["client_ref"] == "K-reis" and journey["ended_at"] is None
    assert [(c["case_id"], c["process_id"], c["phase"], c["status"]) for c in journey["cases"]] == [
        (melding["id"], "melding_werkzoekende_registreren", "0", "completed"),
        (overdracht["id"], "kandidaat_matchbaar_overdragen_taakgericht", "4", "running"),
    ]
    first, second = journey["cases"]
    assert first["outcome"] == "Klant kan meteen bijstand aanvragen" and second["outcome"] is None
    assert (first["outcome_type"], second["outcome_type"]) == ("afgerond", None)
    assert first["ended_at"] is not None and second["ended_at"] is None
    assert 0 <= first["lead_time_seconds"] <= second["lead_time_seconds"] + 60
    assert journey["lead_time_seconds"] >= first["lead_time_seconds"]
    assert [(h["from_role"], h["to_role"], h["to_task_name"]) for h in second["handovers"]] == [
        ("werkcoach", "klantmanager", "Begeleider toewijzen en kandidaat overdragen")
    ]
    assert journey["handovers"] == len(first["handovers"]) + 1

    # each case read through the journey is logged, with the reason given
    logged = client.get("/audit/access", params={"reader": km.actor.name}, headers=auditor.headers).json()
    journey_reads = sorted((e["case_id"], e["reason"]) for e in logged if e["action"] == "journey")
    assert journey_reads == sorted(
        [(melding["id"], "klantreis bespreken"), (overdracht["id"], "klantreis bespreken")]
    )


def test_a_reader_sees_only_the_cases_of_their_processes_and_gemeenten(client, staff, gemeente):
    km = staff("klantmanager", "werkcoach")
    verwezen(client, km, gemeente, "K-scope")
    jurist = staff("jurist")  # no part in the process: the client does not exist for them
    assert client.get("/clients/K-scope/journey", headers=jurist.headers).status_code == 404
    outsider = staff("procesregisseur", gemeenten=["ergens-anders"])
    assert client.get("/clients/K-scope/journey", headers=outsider.headers).status_code == 404
    regisseur = staff("procesregisseur")
    [case] = client.get("/clients/K-scope/journey", headers=regisseur.headers).json()["cases"]
    assert case["handovers"] == []


def test_a_bsn_is_refused_as_client_reference_and_an_unknown_client_is_not_found(client, staff):
    km = staff("klantmanager")
    response = client.get("/clients/111222333/journey", headers=km.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "client_ref"
    assert client.get("/clients/K-niemand/journey", headers=km.headers).status_code == 404
    assert client.get("/clients/K-niemand/journey").status_code == 401


def test_the_console_shows_the_journey_linked_from_the_case_page(db, client, staff, gemeente):
    km = with_password(db, staff("klantmanager", "werkcoach"))
    auditor = with_password(db, staff("auditor"))
    melding = start(client, km, "melding_werkzoekende_registreren", gemeente, MELDING, ref="K-console")
    complete(client, km, melding, POORTGESPREK)
    overdracht = verwezen(client, km, gemeente, "K-console")
    overdracht = complete(client, km, overdracht, MATCHBAAR)
    complete(client, km, overdracht, TERUGMELDEN)
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, km.actor.name)
        case_page = web.get(f"/ui/zaken/{overdracht['id']}")
        assert '<a href="/ui/klanten/K-console/reis">' in case_page.text
        page = web.get("/ui/klanten/K-console/reis")
        assert page.status_code == 200 and "<h1>Klantreis K-console</h1>" in page.text
        text = html.unescape(page.text)
        assert text.index("Melding werkzoekende registreren") < text.index("Kandidaat matchbaar overdragen")
        assert "Klant kan meteen bijstand aanvragen" in text and "nog niet: er loopt een zaak" in text
        assert "Begeleider toewijzen en kandidaat overdragen" in text and "wacht nog" in text
        assert web.get("/ui/klanten/K-onbekend/reis").status_code == 404
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, auditor.actor.name)
        asked = web.get("/ui/klanten/K-console/reis")
        assert (
            "<h1>Reden van inzage</h1>" in asked.text and 'action="/ui/klanten/K-console/reis"' in asked.text
        )
        opened = web.get("/ui/klanten/K-console/reis", params={"reden": "Dossieronderzoek 2026-15"})
        assert "<h1>Klantreis K-console</h1>" in opened.text
    logged = client.get(
        "/audit/access", params={"reader": auditor.actor.name}, headers=auditor.headers
    ).json()
    assert sorted((e["case_id"], e["action"], e["reason"]) for e in logged) == sorted(
        [
            (melding["id"], "journey", "Dossieronderzoek 2026-15"),
            (overdracht["id"], "journey", "Dossieronderzoek 2026-15"),
        ]
    )
