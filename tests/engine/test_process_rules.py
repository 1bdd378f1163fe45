"""Processes follow the rules of the law on the route they offer (issue #16, "Citations and rules").

Each test runs a process from processes/ on the real engine, with a gemeente's policy
profile, completing its user tasks with the answers a case worker would give, and checks
the route the case takes: which tasks it offered and at which end event it ended.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from engine import catalogue
from engine.profiles import Profiles
from tests.process_driver import Route, drive, load

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "processes"
PROFILES = Profiles.load(PROCESSES / "profielen")


def run(
    file: str, gemeente: str, start: Mapping[str, Any], answers: Mapping[str, Mapping[str, Any]]
) -> Route:
    """One case of the process in ``file`` under the gemeente's profile (tests/process_driver.drive)."""
    return drive(load(PROCESSES / file), PROFILES.get(gemeente), start, answers, seed=file)


MELDING = "0-melding-en-poort/melding-werkzoekende-registreren.bpmn"
AANVRAAG = {"Task_poortgesprek_voeren": {"route": "bijstand_aanvragen"}}


def test_a_client_of_27_or_over_is_not_sent_away_with_homework() -> None:
    # Woerden's gate takes the search period with homework; the zoektermijn is only for under-27s.
    assert PROFILES.get("woerden").poortaanpak == "direct_aanvragen"
    for age in (27, 45, 66):
        route = run(MELDING, "woerden", {"leeftijd": age, "kanaal": "loket_gemeente"}, AANVRAAG)
        assert route.tasks == ["Task_poortgesprek_voeren"]
        assert route.outcome == "Klant kan meteen bijstand aanvragen"


def test_only_a_client_under_27_gets_the_zoektermijn() -> None:
    for gemeente in ("woerden", "montfoort"):
        route = run(MELDING, gemeente, {"leeftijd": 26, "kanaal": "loket_gemeente"}, AANVRAAG)
        assert route.outcome == "Zoektermijn jongere gestart"


def test_with_fast_outflow_a_client_of_27_or_over_is_mediated_then_may_apply() -> None:
    assert PROFILES.get("montfoort").poortaanpak == "snelle_uitstroom"
    answers = {**AANVRAAG, "Task_direct_bemiddelen": {"bemiddelingsresultaat": "geen_passend_werk"}}
    route = run(MELDING, "montfoort", {"leeftijd": 30, "kanaal": "loket_gemeente"}, answers)
    assert route.tasks == ["Task_poortgesprek_voeren", "Task_direct_bemiddelen"]
    assert route.outcome == "Klant kan bijstand aanvragen"


def test_the_gate_offers_no_homework_route_at_all() -> None:
    xml = (PROCESSES / MELDING).read_text()
    assert "huiswerk" not in xml.lower().replace("niet met huiswerk weggestuurd", "")


STATUSHOUDERS = "1-aanvraag-en-recht/aanvraag-statushouders-ontzorgen.bpmn"


def test_ontzorgen_of_a_statushouder_starts_with_the_toekenning_without_a_machtiging() -> None:
    answers = {
        "Task_recht_en_norm_vaststellen": {"besluit": "toekennen"},
        "Task_financiele_zelfredzaamheid_beoordelen": {"vervolg_ontzorgen": "zelf_betalen"},
    }
    route = run(STATUSHOUDERS, "woerden", {}, answers)
    # Pw 56a: the backoffice pays the fixed costs straight after the toekenning; no task waits on
    # the client signing a machtiging first.
    assert route.tasks == [
        "Task_recht_en_norm_vaststellen",
        "Task_vaste_lasten_inhouden_en_betalen",
        "Task_financiele_zelfredzaamheid_beoordelen",
    ]
    assert route.outcome == "Klant betaalt vaste lasten zelf"
    assert "Pw art. 56a" in _basis("aanvraag_statushouders_ontzorgen")
    assert "geen betaling op grond van een machtiging" in _basis("aanvraag_statushouders_ontzorgen")


def _basis(process_id: str) -> str:
    [entry] = [e for e in catalogue.entries(PROCESSES) if e.process_id == process_id]
    return entry.sections["Wettelijke basis"]


BESCHUT = "5-instrumenten/beschut-werk-realiseren.bpmn"
WACHTLIJST = "2-intake-diagnose-en-plan/wachtlijst-beschut-werk.bpmn"
GEMEENTEN = [p.gemeente for p in PROFILES.all()]


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_beschut_werk_is_a_dienstbetrekking_without_a_maximum_in_every_gemeente(gemeente: str) -> None:
    # Pw 10b since 2017: a duty with a minimum taakstelling. No profile chooses dagbesteding or a
    # maximum any more (docs/profiles.md); no maximum puts anyone on a list.
    assert not load(PROCESSES / BESCHUT).properties.get("plafond")
    answers = {"Task_aanbod_bespreken": {"klant_aanvaardt": True}}
    route = run(BESCHUT, gemeente, {}, answers)
    assert route.tasks[0] == "Task_aanbod_bespreken"
    # the werkgever's contract arrives as a message (issue #16)
    assert sorted(route.tasks[1:]) == [
        "Task_begeleidingsplan_opstellen",
        "bericht arbeidsovereenkomst_aanbieden",
    ]
    assert route.outcome == "In dienst in beschut werk"


@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_the_wachtlijst_waits_for_a_werkplek_not_for_a_maximum_and_ends_in_a_job(gemeente: str) -> None:
    assert not load(PROCESSES / WACHTLIJST).properties.get("plafond")
    direct = run(WACHTLIJST, gemeente, {"werkplek_beschikbaar": True}, {})
    assert direct.tasks == ["bericht arbeidsovereenkomst_aanbieden", "Task_begeleiding_werkplek_inrichten"]
    assert direct.outcome == "Aan het werk in beschut werk"
    waiting = run(WACHTLIJST, gemeente, {"werkplek_beschikbaar": False}, {})
    assert waiting.tasks[:2] == ["Task_op_wachtlijst_plaatsen", "Task_overbrugging_inzetten"]
    assert waiting.tasks[-2:] == [
        "bericht arbeidsovereenkomst_aanbieden",
        "Task_begeleiding_werkplek_inrichten",
    ]
    assert waiting.outcome == "Aan het werk in beschut werk"


def test_the_beschut_werk_processes_document_the_duty_and_offer_no_dagbesteding_instead() -> None:
    for process_id in ("beschut_werk_realiseren", "wachtlijst_beschut_werk"):
        assert "Pw art. 10b" in _basis(process_id) and "taakstelling" in _basis(process_id)
    for file in (BESCHUT, WACHTLIJST):
        xml = (PROCESSES / file).read_text()
        assert "Dagbesteding met inkomensvoorziening regelen" not in xml
        assert "Beschutte dagbesteding met behoud van uitkering regelen" not in xml
        assert "profiel.beschut_werk_vorm" not in xml and "plafond_bereikt" not in xml
