"""Every lane of processes/ names the organisation that holds its work (issue #16): the werkbedrijf's
own (sociale dienst, SW-bedrijf, werkgeversservicepunt, re-integratiebedrijf) or the party outside it
that a case waits on (klant, werkgever, UWV). Lint requires it in processes/ and warns elsewhere; the
handover report counts handovers per pair of lane organisations."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path

from lxml import etree

from engine import bpmn, lint, processes
from engine.vocabulary import NS, Organisatie
from tests.api.test_journey import complete, start

ROOT = Path(__file__).resolve().parents[2]
ORGANISATIE = re.compile(
    r"\s*<bpmn:extensionElements>\s*<camunda:properties>\s*<camunda:property "
    r'name="organisatie" [^>]*>\s*</camunda:properties>\s*</bpmn:extensionElements>'
)
LUS = ORGANISATIE.sub("", (ROOT / "tests" / "fixtures" / "lus.bpmn").read_text()).encode()
"""The fixture with a lane that names no organisation."""
KLANTTAAK = (ROOT / "tests" / "fixtures" / "klanttaak.bpmn").read_text()


def pairs(client, regisseur, gemeente: str, process: str) -> list[tuple[str, str, int, int]]:
    """The handover report's pairs of organisations for a process: (from, to, handovers, picked up)."""
    report = client.get(
        "/reports/handovers", params={"gemeente": gemeente, "process": process}, headers=regisseur.headers
    ).json()
    return sorted(
        (o["from_organisatie"], o["to_organisatie"], o["handovers"], o["picked_up"])
        for o in report["organisations"]
    )


def test_every_lane_in_processes_names_an_organisation_of_the_vocabulary() -> None:
    lanes = [
        (path.stem, lane.get("name"), bpmn.lane_organisation(lane))
        for path in sorted((ROOT / "processes").rglob("*.bpmn"))
        for lane in etree.parse(str(path)).iterfind(".//bpmn:lane", NS)
    ]
    assert len(lanes) > 400
    assert [lane for lane in lanes if lane[2] not in set(Organisatie)] == []
    by_role = {(name, organisatie) for _, name, organisatie in lanes}
    assert {("klant", "klant"), ("werkgever", "werkgever"), ("uwv", "uwv")} <= by_role
    assert {("inkomensconsulent", "sociale_dienst"), ("accountmanager", "werkgeversservicepunt")} <= by_role
    assert ("jobcoach", "re_integratiebedrijf") in by_role  # bought in: jobcoaching (Pw 10da)
    # the script that wrote them finds nothing left to do
    check = subprocess.run(
        [sys.executable, "tools/lane_organisations.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0 and check.stdout == ""


def test_a_lane_without_organisation_is_an_error_in_processes_and_a_warning_elsewhere() -> None:
    assert b'name="organisatie"' not in LUS
    house = lint.lint({"processes/lus.bpmn": LUS}, house_rules=True)
    elsewhere = lint.lint({"lus.bpmn": LUS}, house_rules=False)
    [error] = [p for p in house.problems if "names no organisation" in p.message]
    assert error.element.startswith("Lane_") and "sociale_dienst" in error.message
    assert not [p for p in elsewhere.problems if "organisatie" in p.message]
    assert [p.severity for p in elsewhere.warnings if "names no organisation" in p.message] == ["warning"]


def test_the_handover_report_counts_the_wait_on_the_client_apart_from_the_werkbedrijf(
    client, staff, gemeente, db
):
    """A process with a task in the klant's lane (the fixture: the aanvraag's hersteltermijn as it was
    before the klant's stukken came as a message) hands over to the klant and back."""
    consulent = staff("inkomensconsulent")
    regisseur = staff("procesregisseur")
    process = f"klanttaak_{uuid.uuid4().hex[:8]}"
    xml = KLANTTAAK.replace("klanttaak_aanvullen", process)
    with db.tx() as session:
        processes.deploy(session, db.cache, {f"{process}.bpmn": xml.encode()}, "test")
    data = {"datum_aanvraag": "2026-11-23", "ontbrekende_gegevens": "bankafschriften"}
    case = start(client, consulent, process, gemeente, data, "K-lanes")
    herstel = {
        "hersteltermijn_dagen": 14,
        "gevraagde_stukken": "Bankafschriften",
        "datum_verzuimbrief": "2026-11-24",
    }
    case = complete(client, consulent, case, herstel)
    # the consulent records what the klant delivered at the desk
    case = complete(client, consulent, case, {"aangeleverde_stukken": "Bankafschriften"})

    found = client.get("/handovers", params={"case_id": case["id"]}, headers=regisseur.headers).json()
    assert [(h["from_organisatie"], h["to_organisatie"]) for h in found] == [
        ("sociale_dienst", "klant"),
        ("klant", "sociale_dienst"),
    ]
    assert pairs(client, regisseur, gemeente, process) == [
        ("klant", "sociale_dienst", 1, 0),
        ("sociale_dienst", "klant", 1, 1),
    ]


def test_when_the_klants_input_is_a_message_the_handovers_are_the_werkbedrijfs_own(client, staff, gemeente):
    """The aanvraag waits for the klant's gegevens as a message of the hersteltermijn it calls (issue
    #16): no handover to the klant and back, so the report's waits are those of the werkbedrijf's own
    queues."""
    consulent = staff("inkomensconsulent")
    regisseur = staff("procesregisseur")
    data = {
        "datum_aanvraag": "2026-11-23",
        "datum_melding": "2026-11-20",
        "opgegeven_leefvorm": "alleenstaand",
    }
    case = start(client, consulent, "aanvraag_levensonderhoud_behandelen", gemeente, data, "K-bericht")
    case = complete(client, consulent, case, {"aanvraag_volledig": False})
    herstel = {
        "hersteltermijn_dagen": 14,
        "datum_verzuimbrief": "2026-11-24",
        "gevraagde_stukken": "Bankafschriften",
    }
    case = complete(client, consulent, case, herstel)
    assert case["tasks"] == []  # waiting for the message, in no one's queue
    delivered = client.post(
        f"/cases/{case['id']}/messages/ontbrekende_stukken_aanleveren",
        headers=consulent.headers,
        json={"data": {"aangeleverde_stukken": "Bankafschriften"}},
    )
    assert delivered.status_code == 200, delivered.text
    assert [t["element_id"] for t in delivered.json()["tasks"]] == ["Task_ingekomen_stukken_registreren"]
    found = client.get("/handovers", params={"case_id": case["id"]}, headers=regisseur.headers).json()
    assert {(h["from_organisatie"], h["to_organisatie"]) for h in found} <= {
        ("sociale_dienst", "sociale_dienst")
    }
