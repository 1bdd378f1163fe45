"""One client journey (issue #16): processes call the processes that model a step instead of repeating
it, and an end event's outcome type says one thing. The tests drive real processes from processes/
on the real engine (tests/process_driver.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from pathlib import Path

import pytest
import time_machine

from engine import bpmn
from engine import step as steps
from engine.profiles import Profiles
from tests.process_driver import drive, fill, load

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
PROFILE = Profiles.load(PROCESSES / "profielen").get("woerden")
BEEINDIGING = load(PROCESSES / "6-beheer-en-rechtmatigheid" / "beeindiging-uitkering.bpmn")


@pytest.mark.parametrize(
    ("reden", "restvordering", "end", "uitkomst"),
    [
        ("werk", 0, "EndEvent_uitstroom_naar_werk", "uitstroom_werk"),
        ("werk", 120.5, "EndEvent_uitstroom_naar_werk", "uitstroom_werk"),
        ("andere_uitkering", 0, "EndEvent_uitstroom_andere_uitkering", "uitstroom_andere_uitkering"),
        ("andere_uitkering", 40, "EndEvent_uitstroom_andere_uitkering", "uitstroom_andere_uitkering"),
        ("verhuizing", 75, "EndEvent_bijstand_beeindigd", "uitstroom_overig"),
        ("overlijden", 0, "EndEvent_bijstand_beeindigd", "uitstroom_overig"),
    ],
)
def test_the_outcome_of_a_termination_is_its_reason_and_a_restvordering_goes_to_terugvordering(
    reden: str, restvordering: float, end: str, uitkomst: str
) -> None:
    route = drive(
        BEEINDIGING,
        PROFILE,
        {"reden_beeindiging": reden, "datum_reden": "2026-11-20"},
        {"Task_eindafrekening_maken": {"restvordering": restvordering}},
    )
    assert route.outcome == BEEINDIGING.ends[end].name
    assert BEEINDIGING.ends[end].uitkomst == uitkomst
    assert ("Task_restvordering_overdragen" in route.tasks) == (restvordering > 0)
    # the restvordering is handed to the terugvordering it calls, which decides on it
    assert ("Task_terugvorderingsbesluit_nemen" in route.tasks) == (restvordering > 0)


@pytest.mark.parametrize(
    ("grond", "grond_terugvordering"),
    [("voorschot", "voorschot"), ("te_laat_beeindigd", "anders_ten_onrechte")],
)
def test_a_restvordering_reaches_the_terugvordering_with_its_amount_ground_and_period(
    grond: str, grond_terugvordering: str
) -> None:
    route = drive(
        BEEINDIGING,
        PROFILE,
        {"reden_beeindiging": "werk", "datum_reden": "2026-11-20"},
        {
            "Task_eindafrekening_maken": {"restvordering": 312.45},
            "Task_restvordering_overdragen": {
                "grond_restvordering": grond,
                "restvordering_vanaf": "2026-11-01",
                "restvordering_tot": "2026-11-30",
            },
            "Task_vordering_berekenen": {"dringende_redenen_aangevoerd": False},
            "Task_terugvorderingsbesluit_nemen": {"vastgestelde_vordering": 312.45},
        },
    )
    assert route.tasks[route.tasks.index("Task_restvordering_overdragen") + 1] == "Task_vordering_berekenen"
    assert {
        k: route.data[k]
        for k in ("te_veel_ontvangen", "grond_terugvordering", "periode_vanaf", "periode_tot")
    } == {
        "te_veel_ontvangen": 312.45,
        "grond_terugvordering": grond_terugvordering,
        "periode_vanaf": "2026-11-01",
        "periode_tot": "2026-11-30",
    }
    # what the terugvordering decided comes back to the beëindiging, which ends on its reason
    assert route.data["vastgestelde_vordering"] == 312.45
    assert route.outcome == BEEINDIGING.ends["EndEvent_uitstroom_naar_werk"].name


AANVRAAG = load(PROCESSES / "1-aanvraag-en-recht" / "aanvraag-levensonderhoud-behandelen.bpmn")
START = {"datum_aanvraag": "2026-11-16", "datum_melding": "2026-11-10", "opgegeven_leefvorm": "alleenstaand"}
RECHT = {
    "Task_volledigheid_beoordelen": {"aanvraag_volledig": True},
    "Task_opgaven_vastleggen": {
        "nationaliteit": "nederlands",
        "soort_document": "paspoort",
        "leeftijd": 35,
        "aantal_medebewoners": 0,
        "eigen_woning": False,
        "opgegeven_vermogen": 1250.5,
        "opgegeven_inkomsten_per_maand": 0,
        "partner_heeft_inkomsten": False,
    },
    # identiteit_vaststellen
    "Task_identiteitsdocument_controleren": {
        "document_geldig": True,
        "persoon_komt_overeen": True,
        "twijfel_echtheid": False,
    },
    # rechthebbende_en_uitsluitingsgronden_toetsen
    "Task_registergegevens_opvragen": {"in_detentie": False, "studiefinanciering_mogelijk": False},
    "Task_rechthebbende_en_uitsluitingsgronden_beoordelen": {
        "uitsluitingsgrond": "geen",
        "motivering_uitsluiting": "Geen grond",
    },
    # leefvorm_en_kostendelersnorm_vaststellen
    "Task_woonsituatie_toetsen": {"brp_klopt": True, "aanwijzingen_samenwonen": False},
    "Task_leefvorm_en_norm_vaststellen": {"leefvorm": "alleenstaande", "aantal_kostendelers": 1},
    # vermogenstoets
    "Task_vermogensopgave_controleren": {
        "bankafschriften_compleet": True,
        "aanwijzing_verzwegen_vermogen": False,
    },
    "Task_vermogen_vaststellen": {
        "vastgesteld_vermogen": 1250.5,
        "uitkomst_vermogen": "binnen_grens",
        "motivering_vermogen": "Onder de grens",
    },
    # middelentoets
    "Task_inkomsten_en_voorliggende_voorzieningen_toetsen": {
        "suwinet_geraadpleegd": True,
        "voorliggende_voorziening_mogelijk": False,
    },
    "Task_middelen_vaststellen": {"middelen_per_maand": 0, "uitkomst_middelen": "geen_middelen"},
    "Task_besluit_nemen": {"besluit": "toekennen", "motivering_besluit": "Voldoet aan de voorwaarden"},
    # normberekening_en_beschikking
    "Task_norm_en_hoogte_berekenen": {
        "toegepaste_norm": "alleenstaande",
        "verlaging_woonkosten": False,
        "bijstand_per_maand": 1401.63,
    },
    "Task_berekening_controleren": {"berekening_akkoord": True},
}
"""Answers that pass every check: the client has a right to bijstand."""
CHECK_TASKS = list(RECHT)[2 : list(RECHT).index("Task_besluit_nemen")]
"""The tasks of the called checks, in the order a client with a right to bijstand passes them."""
CHECKS = [
    "Task_identiteitsdocument_controleren",
    "Task_rechthebbende_en_uitsluitingsgronden_beoordelen",
    "Task_leefvorm_en_norm_vaststellen",
    "Task_vermogen_vaststellen",
    "Task_middelen_vaststellen",
]


def test_the_aanvraag_calls_each_check_in_turn_and_the_normberekening_sends_the_toekenning() -> None:
    route = drive(AANVRAAG, PROFILE, START, RECHT)
    assert route.outcome == "Bijstand toegekend"
    order = [
        route.tasks.index(task) for task in [*CHECKS, "Task_besluit_nemen", "Task_beschikking_verzenden"]
    ]
    assert order == sorted(order)
    # no step of the aanvraag repeats what a check did: the beschikking is the normberekening's
    assert (
        "Task_afwijzingsbeschikking" not in route.tasks
        and route.tasks.count("Task_beschikking_verzenden") == 1
    )
    # data goes into the called processes and comes back: the norm the leefvorm check set, the amount the
    # normberekening computed, and the ingangsdatum from the melding (Pw 44 lid 1)
    assert route.data["leefvorm"] == "alleenstaande" and route.data["bijstand_per_maand"] == 1401.63
    assert route.data["ingangsdatum"] == START["datum_melding"] and route.data["beschikking"] == "toegekend"
    # each check works in the lanes of its own process
    roles = dict(zip(route.tasks, route.roles, strict=True))
    assert (
        roles["Task_berekening_controleren"] == "backoffice" and roles["Task_besluit_nemen"] == "klantmanager"
    )


@pytest.mark.parametrize(
    ("answers", "grond", "last_check"),
    [
        (
            {
                "Task_identiteitsdocument_controleren": {
                    "document_geldig": True,
                    "persoon_komt_overeen": True,
                    "twijfel_echtheid": True,
                },
                "Task_echtheid_document_onderzoeken": {
                    "document_echt": False,
                    "bevindingen_documentonderzoek": "Vervalst",
                },
            },
            "identiteit",
            "Task_identiteitsdocument_controleren",
        ),
        (
            {
                "Task_rechthebbende_en_uitsluitingsgronden_beoordelen": {
                    "uitsluitingsgrond": "detentie",
                    "motivering_uitsluiting": "In detentie",
                },
                "Task_dringende_reden_beoordelen": {
                    "dringende_reden": False,
                    "doorverwijzing": "reclassering",
                    "toelichting_dringende_reden": "Geen",
                },
            },
            "uitsluitingsgrond",
            "Task_rechthebbende_en_uitsluitingsgronden_beoordelen",
        ),
        (
            {
                "Task_woonsituatie_toetsen": {"brp_klopt": False, "aanwijzingen_samenwonen": True},
                "Task_huisbezoek_afleggen": {
                    "medewerking_huisbezoek": False,
                    "rapport_huisbezoek": "Geweigerd",
                },
            },
            "geen_medewerking",
            "Task_leefvorm_en_norm_vaststellen",
        ),
        (
            {
                "Task_vermogen_vaststellen": {
                    "vastgesteld_vermogen": 25000.0,
                    "uitkomst_vermogen": "boven_grens",
                    "motivering_vermogen": "Spaargeld boven de grens",
                }
            },
            "vermogen_boven_grens",
            "Task_vermogen_vaststellen",
        ),
        (
            {
                "Task_vermogen_vaststellen": {
                    "vastgesteld_vermogen": 0.0,
                    "uitkomst_vermogen": "niet_vast_te_stellen",
                    "motivering_vermogen": "Geen afschriften",
                }
            },
            "onvoldoende_inlichtingen",
            "Task_vermogen_vaststellen",
        ),
        (
            {"Task_middelen_vaststellen": {"middelen_per_maand": 2100.0, "uitkomst_middelen": "boven_norm"}},
            "middelen_boven_norm",
            "Task_middelen_vaststellen",
        ),
    ],
)
def test_a_check_that_fails_rejects_the_aanvraag_with_its_ground_without_the_later_checks(
    answers: dict[str, dict[str, object]], grond: str, last_check: str
) -> None:
    """``last_check``: the check that fails (its last task); the checks after it do not run."""
    route = drive(AANVRAAG, PROFILE, START, {**RECHT, **answers})
    assert route.outcome == "Aanvraag afgewezen"
    assert route.data["afwijzingsgrond"] == grond and route.data["beschikking"] == "afgewezen"
    later = CHECKS[CHECKS.index(last_check) + 1 :]
    assert not set(later) & set(route.tasks)
    # no toekenning is possible: the klantmanager's besluit and the normberekening are skipped
    assert "Task_besluit_nemen" not in route.tasks and "Task_norm_en_hoogte_berekenen" not in route.tasks
    assert route.tasks[-1] == "Task_afwijzingsbeschikking"


def test_a_normberekening_that_leaves_nothing_to_pay_rejects_on_middelen() -> None:
    nihil = {"toegepaste_norm": "alleenstaande", "verlaging_woonkosten": False, "bijstand_per_maand": 0}
    route = drive(AANVRAAG, PROFILE, START, {**RECHT, "Task_norm_en_hoogte_berekenen": nihil})
    assert route.outcome == "Aanvraag afgewezen" and route.data["afwijzingsgrond"] == "middelen_boven_norm"
    assert "Task_beschikking_verzenden" not in route.tasks


def test_the_klantmanager_rejects_on_woonplaats_after_the_checks() -> None:
    besluit = {
        "besluit": "afwijzen",
        "motivering_besluit": "Woont in Utrecht",
        "afwijzingsgrond": "woonplaats",
    }
    route = drive(AANVRAAG, PROFILE, START, {**RECHT, "Task_besluit_nemen": besluit})
    assert route.outcome == "Aanvraag afgewezen" and route.data["afwijzingsgrond"] == "woonplaats"
    assert set(CHECKS) <= set(route.tasks)


SIDE = {"Task_voorschot_beoordelen", "Task_kennisgeving_sturen", "Task_termijnoverschrijding_afhandelen"}
"""The tasks the aanvraag's terms put beside the checks: left open by :func:`through`."""


def through(
    definition: bpmn.ProcessDefinition,
    step: steps.Step,
    stop: str | None,
    answers: Mapping[str, Mapping[str, object]] = RECHT,
) -> steps.Step:
    """Do the ready tasks of the aanvraag and the processes it calls, with ``answers`` (else valid data),
    until the task ``stop`` is ready or the case waits for the message ``stop`` (None: until the case
    ends); the side tasks of the terms wait."""
    rng = random.Random(str(stop))
    while not step.ended:
        ready = [t for t in bpmn.human_tasks(step.workflow) if bpmn.element_id(t) not in SIDE]
        awaited = {n for t in bpmn.waiting_events(step.workflow) for n in bpmn.message_names(t)}
        if stop in {bpmn.element_id(t) for t in ready} | awaited or (stop is None and not ready):
            return step
        assert ready, f"no task to do before {stop}"
        task = ready[0]
        values = {
            **fill(definition.task_info(task.task_spec).form, rng),
            **answers.get(bpmn.element_id(task), {}),
        }
        step = steps.advance(definition, step.workflow, steps.CompleteTask(str(task.id), values))
    assert stop is None, f"the case ended before {stop}"
    return step


def test_no_valid_identity_document_within_its_hersteltermijn_puts_the_aanvraag_out_of_treatment() -> None:
    """The identity check's own hersteltermijn (a timer in the called process) runs while the aanvraag's
    terms run on; when it passes, the aanvraag ends out of treatment, not rejected."""
    geen_document = {"document_geldig": False, "persoon_komt_overeen": True, "twijfel_echtheid": False}
    answers = {**RECHT, "Task_identiteitsdocument_controleren": geen_document}
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(AANVRAAG, {**START, "profiel": PROFILE.model_dump()})
        step = through(AANVRAAG, step, "geldig_identiteitsbewijs_overleggen", answers)
        due = {bpmn.timer_element(t)[0]: bpmn.timer_due(t) for t in bpmn.waiting_events(step.workflow)}
        assert due["Timer_hersteltermijn_identiteit"] == dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)
        assert due["Timer_voorschot"] == dt.datetime(2026, 12, 14, tzinfo=dt.UTC)  # the aanvraag's own
        clock.move_to(dt.datetime(2026, 11, 30, 9, 1, tzinfo=dt.UTC))
        step = steps.advance(AANVRAAG, step.workflow, steps.FireTimers())
        step = through(AANVRAAG, step, None, answers)
    assert step.ended and step.end is not None
    assert (step.end.name, step.end.uitkomst) == (
        "Buiten behandeling: geen geldig identiteitsbewijs",
        "buiten_behandeling",
    )
    assert step.next_timer_at is None  # the aanvraag's terms end with it


def test_a_task_in_an_embedded_subprocess_takes_the_organisation_of_its_lane() -> None:
    """The klantmanager's besluit sits in the aanvraag's subprocess around the checks: its handover
    reaches the sociale dienst, not an unknown organisation."""
    assert AANVRAAG.task_by_element("Task_besluit_nemen").organisatie == "sociale_dienst"
    assert {t.id for t in AANVRAAG.tasks.values() if t.organisatie is None} == set()
