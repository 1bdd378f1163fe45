"""Lanes and users carry the organisation that holds the work (issue #16): a handover records the
organisation it leaves and the one it reaches, and the handover report counts them per pair, so
it shows who holds the uitvoeringsregie and who works as subcontractor."""

from __future__ import annotations

from pathlib import Path

from engine import lint
from tests.api.test_journey import complete, verwezen
from tests.api.test_lane_organisations import LUS, pairs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROPERTY = (
    "<bpmn:extensionElements><camunda:properties>"
    '<camunda:property name="organisatie" value="{}" />'
    "</camunda:properties></bpmn:extensionElements>"
)


def test_the_relay_of_the_taakgericht_variant_is_reported_per_organisation(client, staff, gemeente):
    everyone = staff("klantmanager", "werkcoach", "jobcoach", "accountmanager")
    regisseur = staff("procesregisseur")
    case = verwezen(client, everyone, gemeente, "K-org")
    case = complete(
        client,
        everyone,
        case,
        {"matchbaar": True, "datum_matchbaar": "2027-02-01", "beoogde_functie": "Magazijn"},
    )
    case = complete(
        client,
        everyone,
        case,
        {"eindrapportage_traject": "Klaar", "uren_per_week": 24, "beschikbaar_per": "2027-02-15"},
    )
    case = complete(client, everyone, case, {"begeleider": "Bea", "datum_overdrachtsgesprek": "2027-02-16"})
    complete(
        client, everyone, case, {"zoekprofiel": "Magazijn, dagdienst", "datum_aanmelding_wsp": "2027-02-17"}
    )

    found = client.get("/handovers", params={"case_id": case["id"]}, headers=regisseur.headers).json()
    assert [(h["from_role"], h["from_organisatie"], h["to_role"], h["to_organisatie"]) for h in found] == [
        ("werkcoach", "sociale_dienst", "klantmanager", "sociale_dienst"),
        ("klantmanager", "sociale_dienst", "jobcoach", "sw_bedrijf"),
        ("jobcoach", "sw_bedrijf", "accountmanager", "werkgeversservicepunt"),
    ]
    assert [
        p[:3] for p in pairs(client, regisseur, gemeente, "kandidaat_matchbaar_overdragen_taakgericht")
    ] == [
        ("sociale_dienst", "sociale_dienst", 1),
        ("sociale_dienst", "sw_bedrijf", 1),
        ("sw_bedrijf", "werkgeversservicepunt", 1),
    ]
    # the process shows the organisation of each lane
    lanes = client.get(
        "/processes/kandidaat_matchbaar_overdragen_taakgericht", headers=regisseur.headers
    ).json()["lanes"]
    assert {lane["name"]: lane["organisatie"] for lane in lanes} == {
        "klantmanager": "sociale_dienst",
        "werkcoach": "sociale_dienst",
        "jobcoach": "sw_bedrijf",
        "accountmanager": "werkgeversservicepunt",
    }
    # the journey shows them too
    journey = client.get("/clients/K-org/journey", headers=regisseur.headers).json()
    assert [h["to_organisatie"] for h in journey["cases"][0]["handovers"]] == [
        "sociale_dienst",
        "sw_bedrijf",
        "werkgeversservicepunt",
    ]


def test_a_beheerder_records_the_organisation_of_a_user(client, staff, gemeente):
    admin = staff("beheerder")
    body = {
        "name": f"onderaannemer-{gemeente}",
        "roles": ["jobcoach"],
        "gemeenten": [gemeente],
        "organisatie": "sw_bedrijf",
    }
    response = client.post("/users", headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["organisatie"] == "sw_bedrijf"
    url = f"/users/{body['name']}"
    changed = client.patch(url, headers=admin.headers, json={"organisatie": "re_integratiebedrijf"}).json()
    assert changed["organisatie"] == "re_integratiebedrijf"
    # left out: unchanged; null: no longer recorded
    assert (
        client.patch(url, headers=admin.headers, json={"roles": ["jobcoach"]}).json()["organisatie"]
        == "re_integratiebedrijf"
    )
    assert client.patch(url, headers=admin.headers, json={"organisatie": None}).json()["organisatie"] is None
    refused = client.patch(url, headers=admin.headers, json={"organisatie": "gemeentehuis"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.organisatie"
    assert client.get(url, headers=admin.headers).json()["organisatie"] is None


def test_lint_refuses_a_lane_organisation_outside_the_vocabulary() -> None:
    xml = LUS.decode()  # the fixture's lane without its organisation
    lane = xml[xml.index("<bpmn:lane ") :]
    lane = lane[: lane.index(">") + 1]
    tagged = xml.replace(
        lane,
        lane + PROPERTY.format("gemeentehuis"),
        1,
    )
    [problem] = [
        p for p in lint.lint({"lus.bpmn": tagged.encode()}).problems if "must be one of" in p.message
    ]
    assert problem.element.startswith("Lane_")
    assert "re_integratiebedrijf, sociale_dienst, sw_bedrijf, uwv, werkgever" in problem.message
    fine = tagged.replace('value="gemeentehuis"', 'value="sw_bedrijf"')
    assert not [p for p in lint.lint({"lus.bpmn": fine.encode()}).problems if "must be one of" in p.message]
