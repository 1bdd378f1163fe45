"""Legal terms run from their legal start, by the calendar, and warn before they expire (issue #16).

The tests run real processes from processes/ (and small models) on the real engine with the
clock set by time_machine, and check the date a term ends, the route a case takes and the
fields a decision records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from engine import bpmn, cases, lint, reports, tasks
from engine import step as steps
from engine.access import Actor
from engine.errors import InvalidInput
from engine.expressions import evaluate
from engine.models import Case
from engine.profiles import Profiles
from tests.engine.test_client_journey import CHECK_TASKS, RECHT, through
from tests.engine.test_lint_mistakes import model
from tests.process_driver import drive, fill, load, payload

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
PROFILES = Profiles.load(PROCESSES / "profielen")


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        ("2027-01-31", "P1M", "2027-02-28"),  # February has no 31st: its last day
        ("2028-01-31", "P1M", "2028-02-29"),  # a leap year
        ("2028-02-29", "P1Y", "2029-02-28"),
        ("2027-03-31", "P1Y1M", "2028-04-30"),
        ("2027-12-15", "P1M", "2028-01-15"),
        ("2027-08-31", "P6M", "2028-02-29"),
        ("2027-01-01", "P8W", "2027-02-26"),  # weeks and days are counted as they are
        ("2027-01-31", "P2D", "2027-02-02"),
    ],
)
def test_datum_plus_counts_months_and_years_by_the_calendar(start: str, duration: str, end: str) -> None:
    assert evaluate(f'datum_plus(d, "{duration}")', {"d": start}) == end


def test_a_timer_of_one_month_started_on_31_january_fires_on_the_last_day_of_february() -> None:
    [definition] = bpmn.parse_definitions({"model.bpmn": model("doorgaan", "P1M").encode()})
    start = dt.datetime(2027, 1, 31, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        step = steps.begin(definition, {"termijn": "P2W", "einddatum": "2027-06-01"})
    assert step.next_timer_at == dt.datetime(2027, 2, 28, 9, tzinfo=dt.UTC)


AANVRAAG = "1-aanvraag-en-recht/aanvraag-levensonderhoud-behandelen.bpmn"
REGISTERED = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
"""The day the aanvraag is registered: a week after it was received."""


def verzonden(day: str) -> dict[str, dict[str, object]]:
    """The normberekening sends the toekenning on ``day``."""
    return {"Task_beschikking_verzenden": {"datum_verzending_beschikking": day, "voorschot_verrekend": False}}


def definition_of(file: str) -> bpmn.ProcessDefinition:
    return load(PROCESSES / file)


def timers_of(step: steps.Step) -> dict[str, dt.datetime | None]:
    """The timers the case waits for, by element id, with their due time."""
    return {
        bpmn.timer_element(t)[0]: bpmn.timer_due(t)
        for t in bpmn.waiting_events(step.workflow)
        if bpmn.is_timer(t)
    }


def do(
    definition: bpmn.ProcessDefinition, step: steps.Step, element: str, values: dict[str, object]
) -> steps.Step:
    """Complete the ready task of ``element`` with ``values``."""
    [task] = [t for t in bpmn.human_tasks(step.workflow) if bpmn.element_id(t) == element]
    return steps.advance(definition, step.workflow, steps.CompleteTask(str(task.id), values))


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


def aanvraag(definition: bpmn.ProcessDefinition) -> steps.Step:
    start = {
        "datum_aanvraag": "2026-11-16",
        "datum_melding": "2026-11-10",
        "opgegeven_leefvorm": "alleenstaand",
    }
    return steps.begin(definition, {**start, "profiel": PROFILES.get("woerden").model_dump()})


def test_the_beslistermijn_runs_from_receipt_until_the_beschikking_is_sent() -> None:
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False):
        step = do(
            definition, aanvraag(definition), "Task_volledigheid_beoordelen", {"aanvraag_volledig": True}
        )
        # 8 weeks from the receipt (16 November), not from the registration or the start of a task.
        expected = {
            "Timer_voorschot": at("2026-12-14"),  # Pw 52: within 4 weeks of the receipt
            "Timer_kennisgeving": at("2026-12-28"),  # two weeks before the term ends
            "Timer_beslistermijn": at("2027-01-11"),
        }
        assert timers_of(step) == expected
        assert step.data is not None and step.data["beslistermijn_tot"] == "2027-01-11"
        # The checks run as called processes: while the case waits in one, the terms run on.
        step = through(definition, step, "Task_vermogen_vaststellen")
        assert timers_of(step) == expected and step.next_timer_at == at("2026-12-14")
        # The case waits on the decision: the term is still running and due as before.
        step = through(definition, step, "Task_besluit_nemen")
        assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Task_besluit_nemen"]
        assert timers_of(step) == expected and step.next_timer_at == at("2026-12-14")
        step = do(
            definition, step, "Task_besluit_nemen", {"besluit": "toekennen", "motivering_besluit": "Recht"}
        )
        assert timers_of(step) == expected
        step = through(definition, step, "Task_beschikking_verzenden")
        assert timers_of(step) == expected  # the normberekening sends the beschikking: until then
        step = through(definition, step, None, verzonden("2026-12-01"))
    assert step.ended and step.outcome == "Bijstand toegekend" and step.next_timer_at is None


JAARCIJFERS_AANGEVULD = {
    "Task_hersteltermijn_vaststellen": {
        "hersteltermijn_dagen": 14,
        "gevraagde_stukken": "Jaarcijfers 2023-2025 en beëindigingsplan",
        "datum_verzuimbrief": "2026-11-20",
    },
    "Task_ingekomen_stukken_registreren": {
        "datum_ontvangst_stukken": "2026-11-27",
        "stukken_gekoppeld": True,
    },
    "Task_aangeleverde_stukken_beoordelen": {"aanvraag_compleet": True, "nieuwe_termijn_bieden": False},
}
"""The IOAZ's jaarcijfers asked for on 20 November and received on the 27th: 7 days suspended."""

AANVRAGEN = {
    # process: (start data, answers by task, the task whose boundary timer watches the beslistermijn,
    # the day the term ends)
    "aanvraag_ioaw_ioaz": ({"regeling": "ioaw"}, {}, "Task_uitkering_berekenen_en_besluiten", "2027-01-11"),
    "aanvraag_ioaw_ioaz (IOAZ)": (
        {"regeling": "ioaz"},
        JAARCIJFERS_AANGEVULD,
        "Task_uitkering_berekenen_en_besluiten",
        "2027-01-18",  # Awb 4:15: the 7 days of the hersteltermijn added
    ),
    "aanvraag_dak_en_thuislozen": (
        {},
        {"Task_eerste_gesprek_situatie_en_zorg": {"verblijft_in_gemeente": True}},
        "Task_recht_norm_en_betaalwijze_vaststellen",
        "2027-01-11",
    ),
    "aanvraag_statushouders_ontzorgen": ({}, {}, "Task_recht_en_norm_vaststellen", "2027-01-11"),
    "hernieuwde_aanvraag_binnen_12_maanden": (
        {"reden_vorige_beeindiging": "werk"},
        {"Task_vorig_dossier_raadplegen": {"gegevens_volledig": True}},
        "Task_besluit_hernieuwde_aanvraag",
        "2027-01-11",
    ),
}

WARNED = {
    "aanvraag_dak_en_thuislozen",
    "aanvraag_statushouders_ontzorgen",
    "hernieuwde_aanvraag_binnen_12_maanden",
}
"""The aanvragen that, like the aanvraag levensonderhoud, offer the voorschot 4 weeks after the receipt
(Pw 52) and warn two weeks before the beslistermijn ends (Awb 4:14)."""


@pytest.mark.parametrize("case", sorted(AANVRAGEN))
def test_the_beslistermijn_of_each_aanvraag_runs_8_weeks_from_its_receipt(case: str) -> None:
    start, answers, besluit, einde = AANVRAGEN[case]
    definition = definition_of(f"1-aanvraag-en-recht/{case.split()[0].replace('_', '-')}.bpmn")
    rng = random.Random(16)
    data = {**fill(definition.start_form, rng), **start, "datum_aanvraag": "2026-11-16"}
    data = definition.start_form.validate(data)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = steps.begin(definition, {**data, "profiel": PROFILES.get("woerden").model_dump()})
        while besluit not in ready(step):
            assert not step.ended, step.outcome
            clock.shift(dt.timedelta(days=2))  # each step two days after the one before
            if ready(step):
                element = ready(step)[0]
                values = fill(definition.task_by_element(element).form, rng) | answers.get(element, {})
                step = do(definition, step, element, values)
            else:
                [event] = [e for e in bpmn.waiting_events(step.workflow) if bpmn.is_message(e)]
                name = sorted(bpmn.message_names(event))[0]
                message = steps.DeliverMessage(name, payload(definition, name, rng) | answers.get(name, {}))
                step = steps.advance(definition, step.workflow, message)
        # Awb 4:13: 8 weeks from the receipt on 16 November, however late the decision's task began;
        # the deadline report shows the case's next timer.
        expected = {"Timer_beslistermijn": at(einde)}
        if case in WARNED:  # Pw 52 lid 1 and Awb 4:14, from the same receipt
            expected |= {"Timer_voorschot": at("2026-12-14"), "Timer_kennisgeving": at("2026-12-28")}
        assert timers_of(step) == expected
        assert step.next_timer_at == min(expected.values())
        clock.move_to(at(einde) + dt.timedelta(hours=9))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
    # The klantmanager informs the klant; the decision is still to be taken.
    assert {besluit, "Task_termijnoverschrijding_afhandelen"} <= set(ready(step))
    if case in WARNED:
        assert {"Task_voorschot_beoordelen", "Task_kennisgeving_sturen"} <= set(ready(step))


@pytest.mark.parametrize(
    ("vervolg", "after", "outcome"),
    [
        ("buiten_behandeling", [], "Buiten behandeling: geen jaarcijfers"),
        # Refused for onvoldoende inlichtingen: decided in the watched term, without the toegang's check.
        ("afwijzen", ["Task_uitkering_berekenen_en_besluiten"], "Aanvraag afgewezen"),
    ],
)
def test_an_ioaz_without_its_jaarcijfers_goes_where_the_consulent_decides_after_the_hersteltermijn(
    vervolg: str, after: list[str], outcome: str
) -> None:
    answers = {
        **JAARCIJFERS_AANGEVULD,
        "Task_aangeleverde_stukken_beoordelen": {"aanvraag_compleet": False, "nieuwe_termijn_bieden": False},
        "Task_vervolg_onvolledige_aanvraag_bepalen": {
            "vervolg": vervolg,
            "motivering_vervolg": "Geen jaarcijfers",
        },
        "Task_uitkering_berekenen_en_besluiten": {"besluit": "afwijzen_inlichtingen"},
    }
    start = {"regeling": "ioaz", "datum_aanvraag": "2026-11-16"}
    route = drive(
        definition_of("1-aanvraag-en-recht/aanvraag-ioaw-ioaz.bpmn"), PROFILES.get("woerden"), start, answers
    )
    assert route.tasks[route.tasks.index("Task_vervolg_onvolledige_aanvraag_bepalen") + 1 :] == after
    assert route.outcome == outcome


def hersteltermijn_gesteld(definition: bpmn.ProcessDefinition, dagen: int = 14) -> steps.Step:
    """An incomplete aanvraag: the aanvraag calls the hersteltermijn, whose verzuimbrief of 20 November
    gives the klant ``dagen`` days to complete it (4 December for 14)."""
    onvolledig = {"aanvraag_volledig": False, "ontbrekende_gegevens": "Bankafschriften"}
    step = do(definition, aanvraag(definition), "Task_volledigheid_beoordelen", onvolledig)
    brief = {"hersteltermijn_dagen": dagen, "gevraagde_stukken": "Bankafschriften"}
    return do(
        definition, step, "Task_hersteltermijn_vaststellen", {**brief, "datum_verzuimbrief": "2026-11-20"}
    )


def stukken_ontvangen(
    definition: bpmn.ProcessDefinition, step: steps.Step, ontvangen: str, compleet: bool, nieuwe_termijn: bool
) -> steps.Step:
    """The klant's stukken arrive as the hersteltermijn's message; registered as received on
    ``ontvangen`` and assessed."""
    aanvulling = steps.DeliverMessage(
        "ontbrekende_stukken_aanleveren", {"aangeleverde_stukken": "Afschriften"}
    )
    step = steps.advance(definition, step.workflow, aanvulling)
    registered = {"datum_ontvangst_stukken": ontvangen, "stukken_gekoppeld": True}
    step = do(definition, step, "Task_ingekomen_stukken_registreren", registered)
    beoordeeld = {"aanvraag_compleet": compleet, "nieuwe_termijn_bieden": nieuwe_termijn}
    return do(definition, step, "Task_aangeleverde_stukken_beoordelen", beoordeeld)


def test_the_hersteltermijn_is_called_ends_on_its_entered_date_and_extends_the_beslistermijn() -> None:
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False):
        step = hersteltermijn_gesteld(definition)
        # The aanvraag calls the hersteltermijn (Awb 4:5): it runs to the end of the 14th day after the
        # verzuimbrief's date, and the beslistermijn is not running meanwhile (Awb 4:15).
        assert timers_of(step) == {"Timer_hersteltermijn_verstreken": at("2026-12-05")}
        # The called process takes only its inputs, but the case keeps its data while it runs.
        [call] = step.workflow.subprocesses.values()
        assert set(call.get_next_task(spec_name="Start").data) == {"datum_aanvraag", "ontbrekende_gegevens"}
        assert step.data is not None and step.data["datum_melding"] == "2026-11-10"
        step = stukken_ontvangen(definition, step, "2026-12-01", compleet=True, nieuwe_termijn=False)
    # Awb 4:15: suspended from the day after the verzuimbrief (20 November) to the receipt (1 December).
    assert step.data is not None
    assert (step.data["uitkomst_hersteltermijn"], step.data["opgeschorte_dagen"]) == ("aangevuld", 11)
    assert step.data["datum_verzuimbrief"] == "2026-11-20"
    assert step.data["datum_einde_hersteltermijn"] == "2026-12-01"  # the aanvulling's receipt (Awb 4:5 lid 4)
    # Only what the hersteltermijn declares it returns comes back: its working fields stay its own.
    assert not {"aanvraag_compleet", "hersteltermijn_dagen", "ontbrekende_stukken_aanleveren"} & set(
        step.data
    )
    assert step.data["beslistermijn_tot"] == "2027-01-22"
    assert timers_of(step)["Timer_beslistermijn"] == at("2027-01-22")
    assert timers_of(step)["Timer_kennisgeving"] == at("2027-01-08")
    assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Task_opgaven_vastleggen"]


def test_a_second_hersteltermijn_adds_its_days_to_the_suspension() -> None:
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = hersteltermijn_gesteld(definition)
        # Incomplete stukken on 25 November (5 days suspended); a new verzuimbrief on 27 November of 7 days
        step = stukken_ontvangen(definition, step, "2026-11-25", compleet=False, nieuwe_termijn=True)
        brief = {"hersteltermijn_dagen": 7, "gevraagde_stukken": "Huurcontract"}
        step = do(
            definition, step, "Task_hersteltermijn_vaststellen", {**brief, "datum_verzuimbrief": "2026-11-27"}
        )
        assert timers_of(step) == {"Timer_hersteltermijn_verstreken": at("2026-12-05")}
        # ... unused: the consulent decides on what there is
        clock.move_to(at("2026-12-05") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        vervolg = {"vervolg": "beslissen", "motivering_vervolg": "Het huurcontract is niet doorslaggevend"}
        step = do(definition, step, "Task_vervolg_onvolledige_aanvraag_bepalen", vervolg)
    assert step.data is not None
    assert (step.data["uitkomst_hersteltermijn"], step.data["opgeschorte_dagen"]) == ("beslissen", 5 + 7)
    assert step.data["datum_verzuimbrief"] == "2026-11-27"  # the last one sent
    assert step.data["datum_einde_hersteltermijn"] == "2026-12-04"  # its last day: 27 November and 7 days
    assert step.data["beslistermijn_tot"] == "2027-01-23"  # 11 January and 12 days
    # Decided on the data available: the onderzoek goes on under the extended term.
    assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Task_opgaven_vastleggen"]
    assert timers_of(step)["Timer_beslistermijn"] == at("2027-01-23")


def unused_hersteltermijn(
    definition: bpmn.ProcessDefinition, clock: Any, vervolg: str, gesteld: steps.Step | None = None
) -> steps.Step:
    """The hersteltermijn of 14 days from 20 November (of the aanvraag, else ``gesteld``) ran out
    unused; the consulent chose ``vervolg``."""
    step = gesteld or hersteltermijn_gesteld(definition)
    clock.move_to(at("2026-12-04") + dt.timedelta(hours=23))
    step = steps.advance(definition, step.workflow, steps.FireTimers())
    assert bpmn.human_tasks(step.workflow) == []  # the werkbedrijf waits for the klant's message
    clock.move_to(at("2026-12-05") + dt.timedelta(minutes=1))
    step = steps.advance(definition, step.workflow, steps.FireTimers())
    motivering = {"vervolg": vervolg, "motivering_vervolg": "Geen stukken ontvangen"}
    return do(definition, step, "Task_vervolg_onvolledige_aanvraag_bepalen", motivering)


def test_an_unused_hersteltermijn_puts_the_aanvraag_out_of_treatment_when_the_consulent_so_decides() -> None:
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = unused_hersteltermijn(definition, clock, "buiten_behandeling")
        assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == [
            "Task_buiten_behandeling_stellen"
        ]
        # Suspended from the day after the verzuimbrief to the last day of the term: 14 days.
        assert step.data is not None and step.data["opgeschorte_dagen"] == 14
        # Awb 4:5 lid 4: the besluit is made known within 4 weeks after the term ran out unused on
        # 4 December; the inkomensconsulent, who decides, is warned a week before.
        assert step.data["besluit_buiten_behandeling_tot"] == "2027-01-01"
        assert timers_of(step) == {"Timer_signaal_buiten_behandeling": at("2026-12-25")}
        clock.move_to(at("2026-12-25") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert set(ready(step)) == {
            "Task_buiten_behandeling_stellen",
            "Task_termijn_buiten_behandeling_bewaken",
        }
        assert definition.task_by_element("Task_termijn_buiten_behandeling_bewaken").roles == (
            "inkomensconsulent",
        )
        step = do(
            definition,
            step,
            "Task_termijn_buiten_behandeling_bewaken",
            {"besluit_buiten_behandeling_op_tijd": True},
        )
        step = do(
            definition,
            step,
            "Task_buiten_behandeling_stellen",
            {"datum_besluit_buiten_behandeling": "2026-12-28", "motivering_buiten_behandeling": "Awb 4:5"},
        )
    assert step.outcome == "Aanvraag buiten behandeling gesteld"


def test_an_aanvraag_whose_right_cannot_be_established_after_the_hersteltermijn_is_refused_in_the_term() -> (
    None
):
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = unused_hersteltermijn(definition, clock, "afwijzen")
        # The refusal is a beschikking like any other: sent while the (extended) beslistermijn is watched.
        assert [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)] == ["Task_afwijzingsbeschikking"]
        assert timers_of(step)["Timer_beslistermijn"] == at("2027-01-25")
        assert step.data is not None and step.data["afwijzingsgrond"] == "onvoldoende_inlichtingen"
        step = do(
            definition, step, "Task_afwijzingsbeschikking", {"datum_verzending_beschikking": "2026-12-09"}
        )
    assert step.outcome == "Aanvraag afgewezen"


def side_tasks_done(definition: bpmn.ProcessDefinition, step: steps.Step) -> steps.Step:
    """The voorschot granted on 15 December and the kennisgeving judged unneeded."""
    step = do(
        definition,
        step,
        "Task_voorschot_beoordelen",
        {"voorschot": "verleend", "datum_voorschot": "2026-12-15"},
    )
    return do(definition, step, "Task_kennisgeving_sturen", {"beschikking_op_tijd": True})


def test_voorschot_and_kennisgeving_come_before_the_term_ends_and_do_not_make_the_outcome() -> None:
    definition = definition_of(AANVRAAG)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = do(
            definition, aanvraag(definition), "Task_volledigheid_beoordelen", {"aanvraag_volledig": True}
        )
        clock.move_to(at("2026-12-14") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert {bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)} == {
            "Task_opgaven_vastleggen",
            "Task_voorschot_beoordelen",
        }
        clock.move_to(at("2026-12-28") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert "Task_kennisgeving_sturen" in {bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)}
        assert set(timers_of(step)) == {"Timer_beslistermijn"}  # still running: the warning came first
        step = through(definition, step, None, {**RECHT, **verzonden("2027-01-04")})
        # The beschikking is sent: the term watch ends with it; the side tasks remain to be done.
        assert timers_of(step) == {} and not step.ended
        step = side_tasks_done(definition, step)
    # The outcome is the beschikking, not the side task that ended last.
    assert step.ended and step.outcome == "Bijstand toegekend"


OTHER_AANVRAGEN = {
    # process: (start, answers up to the decision, the decision's task, its values, outcome)
    "aanvraag_dak_en_thuislozen": (
        {},
        {"Task_eerste_gesprek_situatie_en_zorg": {"verblijft_in_gemeente": True}},
        "Task_recht_norm_en_betaalwijze_vaststellen",
        {"besluit": "toekennen"},
        "Bijstand toegekend met briefadres",
    ),
    "aanvraag_statushouders_ontzorgen": (
        {},
        {},
        "Task_recht_en_norm_vaststellen",
        {"besluit": "afwijzen"},
        "Aanvraag afgewezen",
    ),
    "hernieuwde_aanvraag_binnen_12_maanden": (
        {"reden_vorige_beeindiging": "werk"},
        {"Task_vorig_dossier_raadplegen": {"gegevens_volledig": True, "omstandigheden_gewijzigd": False}},
        "Task_besluit_hernieuwde_aanvraag",
        {"besluit": "afwijzen"},
        "Hernieuwde aanvraag afgewezen",
    ),
}


def other_aanvraag(case: str, clock: Any) -> tuple[bpmn.ProcessDefinition, steps.Step]:
    """The aanvraag ``case``, received on 16 November, waiting on its decision (the other tasks done)."""
    start, answers, besluit, _, _ = OTHER_AANVRAGEN[case]
    definition = definition_of(f"1-aanvraag-en-recht/{case.replace('_', '-')}.bpmn")
    rng = random.Random(52)
    data = definition.start_form.validate(
        {**fill(definition.start_form, rng), **start, "datum_aanvraag": "2026-11-16"}
    )
    step = steps.begin(definition, {**data, "profiel": PROFILES.get("woerden").model_dump()})
    while besluit not in ready(step) or len(ready(step)) > 1:
        element = next(e for e in ready(step) if e != besluit)
        values = fill(definition.task_by_element(element).form, rng) | answers.get(element, {})
        step = do(definition, step, element, values)
    return definition, step


@pytest.mark.parametrize("case", sorted(OTHER_AANVRAGEN))
def test_the_other_aanvragen_offer_the_voorschot_and_warn_before_the_term_ends(case: str) -> None:
    _, _, besluit, beslissing, outcome = OTHER_AANVRAGEN[case]
    with time_machine.travel(REGISTERED, tick=False) as clock:
        definition, step = other_aanvraag(case, clock)
        # Pw 52 lid 1: the voorschot is judged 4 weeks after the receipt, while the decision waits.
        clock.move_to(at("2026-12-14") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert set(ready(step)) == {besluit, "Task_voorschot_beoordelen"}
        # Awb 4:14: two weeks before the term ends, the klant can still be told in time.
        clock.move_to(at("2026-12-28") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert set(ready(step)) == {besluit, "Task_voorschot_beoordelen", "Task_kennisgeving_sturen"}
        assert timers_of(step) == {"Timer_beslistermijn": at("2027-01-11")}  # the warning came first
        step = side_tasks_done(definition, step)
        values = fill(definition.task_by_element(besluit).form, random.Random(1)) | beslissing
        step = do(definition, step, besluit, values)
        while not step.ended:  # what follows the decision (the ontzorgen after a toekenning, ...)
            element = ready(step)[0]
            step = do(
                definition, step, element, fill(definition.task_by_element(element).form, random.Random(2))
            )
    # The outcome is the decision's, not that of the side task that ended before it.
    assert step.outcome == outcome


HERNIEUWD = "1-aanvraag-en-recht/hernieuwde-aanvraag-binnen-12-maanden.bpmn"


def hernieuwd_onvolledig(
    definition: bpmn.ProcessDefinition, reden: str = "werk", dagen: int = 14
) -> steps.Step:
    """A hernieuwde aanvraag received on 16 November whose wijzigingen are incomplete: it calls the
    hersteltermijn, whose verzuimbrief of 20 November gives the klant ``dagen`` days."""
    data = {"datum_aanvraag": "2026-11-16", "datum_einde_vorige_bijstand": "2026-06-30"}
    step = steps.begin(
        definition,
        {**data, "reden_vorige_beeindiging": reden, "profiel": PROFILES.get("woerden").model_dump()},
    )
    uitvraag = {
        "omstandigheden_gewijzigd": False,
        "gegevens_volledig": False,
        "ontbrekende_gegevens": "Loonstroken",
    }
    step = do(definition, step, "Task_vorig_dossier_raadplegen", uitvraag)
    brief = {
        "hersteltermijn_dagen": dagen,
        "gevraagde_stukken": "Loonstroken",
        "datum_verzuimbrief": "2026-11-20",
    }
    return do(definition, step, "Task_hersteltermijn_vaststellen", brief)


def test_a_hernieuwde_aanvraag_asks_its_missing_gegevens_through_the_hersteltermijn() -> None:
    definition = definition_of(HERNIEUWD)
    with time_machine.travel(REGISTERED, tick=False):
        # The same called process as the aanvraag levensonderhoud: its term, then the klant's message.
        step = stukken_ontvangen(definition, hernieuwd_onvolledig(definition), "2026-12-01", True, False)
        assert ready(step) == ["Task_besluit_hernieuwde_aanvraag"]  # ongewijzigd: the verkorte procedure
    assert step.data is not None
    assert (step.data["uitkomst_hersteltermijn"], step.data["opgeschorte_dagen"]) == ("aangevuld", 11)
    # Awb 4:15: the beslistermijn and its kennisgeving move by the 11 days; the voorschot (Pw 52) does not.
    assert timers_of(step) == {
        "Timer_voorschot": at("2026-12-14"),
        "Timer_kennisgeving": at("2027-01-08"),
        "Timer_beslistermijn": at("2027-01-22"),
    }
    assert step.data["beslistermijn_tot"] == "2027-01-22"


def test_the_terms_of_a_hernieuwde_aanvraag_run_while_the_handhaver_investigates() -> None:
    definition = definition_of(HERNIEUWD)
    start = {"datum_aanvraag": "2026-11-16", "datum_einde_vorige_bijstand": "2026-06-30"}
    start |= {"reden_vorige_beeindiging": "intrekking_inlichtingenplicht"}
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = steps.begin(definition, {**start, "profiel": PROFILES.get("woerden").model_dump()})
        uitvraag = {"omstandigheden_gewijzigd": False, "gegevens_volledig": True}
        step = do(definition, step, "Task_vorig_dossier_raadplegen", uitvraag)
        # After an intrekking the handhaver investigates first: the terms watch the whole onderzoek.
        assert ready(step) == ["Task_rechtmatigheid_vooraf_onderzoeken"]
        assert timers_of(step) == {
            "Timer_voorschot": at("2026-12-14"),
            "Timer_kennisgeving": at("2026-12-28"),
            "Timer_beslistermijn": at("2027-01-11"),
        }
        clock.move_to(at("2026-12-14") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        # Pw 52 lid 1: the voorschot is judged within 4 weeks, not once the decision's task begins.
        assert set(ready(step)) == {"Task_rechtmatigheid_vooraf_onderzoeken", "Task_voorschot_beoordelen"}
        weigering = {"voorschot": "niet_verleend_geen_recht", "datum_voorschot": None}
        step = do(definition, step, "Task_voorschot_beoordelen", weigering)
        onderzocht = {
            "recht_vast_te_stellen": True,
            "huisbezoek_afgelegd": True,
            "bevindingen_handhaving": "Geen",
        }
        step = do(definition, step, "Task_rechtmatigheid_vooraf_onderzoeken", onderzocht)
        besluit = {"besluit": "afwijzen", "motivering_besluit": "Geen recht"}
        step = do(definition, step, "Task_besluit_hernieuwde_aanvraag", besluit)
    assert step.ended and step.outcome == "Hernieuwde aanvraag afgewezen"


def test_a_hernieuwde_aanvraag_refused_after_the_hersteltermijn_goes_straight_to_the_decision() -> None:
    definition = definition_of(HERNIEUWD)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        # Even after an earlier intrekking: a refusal for onvoldoende inlichtingen needs no handhaver.
        gesteld = hernieuwd_onvolledig(definition, reden="intrekking_inlichtingenplicht")
        step = unused_hersteltermijn(definition, clock, "afwijzen", gesteld)
        assert ready(step) == ["Task_besluit_hernieuwde_aanvraag"]
        assert timers_of(step)["Timer_beslistermijn"] == at("2027-01-25")  # 11 January and 14 days


def test_a_hernieuwde_aanvraag_put_out_of_treatment_warns_a_week_before_the_4_weeks_of_awb_4_5_end() -> None:
    definition = definition_of(HERNIEUWD)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        # the 14 days ran out unused on 4 December
        step = unused_hersteltermijn(
            definition, clock, "buiten_behandeling", hernieuwd_onvolledig(definition)
        )
        assert ready(step) == ["Task_buiten_behandeling_stellen"]
        assert step.data is not None
        # Awb 4:5 lid 4: the besluit is made known within 4 weeks after the term ran out unused; the
        # consulent who decides is warned a week before.
        assert step.data["datum_einde_hersteltermijn"] == "2026-12-04"
        assert step.data["besluit_buiten_behandeling_tot"] == "2027-01-01"
        assert timers_of(step) == {"Timer_signaal_buiten_behandeling": at("2026-12-25")}
        assert step.next_timer_at == at("2026-12-25")
        clock.move_to(at("2026-12-25") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert set(ready(step)) == {
            "Task_buiten_behandeling_stellen",
            "Task_termijn_buiten_behandeling_bewaken",
        }
        roles = {definition.task_by_element(e).roles for e in ready(step)}
        assert roles == {("inkomensconsulent",)}  # the role that decides is warned
        step = do(
            definition,
            step,
            "Task_termijn_buiten_behandeling_bewaken",
            {"besluit_buiten_behandeling_op_tijd": True},
        )
        besluit = {
            "datum_besluit_buiten_behandeling": "2026-12-28",
            "motivering_buiten_behandeling": "Awb 4:5",
        }
        step = do(definition, step, "Task_buiten_behandeling_stellen", besluit)
    assert step.ended and step.outcome == "Aanvraag buiten behandeling gesteld"


def test_the_deadline_report_keeps_a_case_that_waits_on_the_decision(db, staff, gemeente) -> None:
    consulent, klantmanager = staff("inkomensconsulent"), staff("klantmanager")
    checker = staff("inkomensconsulent", "backoffice")
    regisseur = staff("procesregisseur")
    today = dt.date.today()
    start = {
        "datum_aanvraag": today.isoformat(),
        "datum_melding": today.isoformat(),
        "opgegeven_leefvorm": "alleenstaand",
    }
    with db.tx() as session:
        case = cases.start_case(
            session,
            db.cache,
            db.profiles,
            consulent.actor,
            "aanvraag_levensonderhoud_behandelen",
            gemeente,
            "K-1",
            start,
        )
        case_id = case.id

    def complete(actor: Actor, element: str, values: dict[str, object]) -> None:
        with db.tx() as session:
            [task] = [
                t
                for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
                if t.element_id == element
            ]
            tasks.complete_task(session, db.cache, actor, task.id, values)

    complete(consulent.actor, "Task_volledigheid_beoordelen", {"aanvraag_volledig": True})
    for element in ("Task_opgaven_vastleggen", *CHECK_TASKS):  # the checks, each a called process
        complete(checker.actor, element, RECHT[element])
    with db.tx() as session:
        rows = reports.deadlines(session, regisseur.actor, 60, gemeente)
        assert [(r.id, r.next_timer_at.date()) for r in rows] == [(case_id, today + dt.timedelta(weeks=4))]
    complete(
        klantmanager.actor,
        "Task_besluit_nemen",
        {"besluit": "afwijzen", "motivering_besluit": "Woont elders", "afwijzingsgrond": "woonplaats"},
    )
    complete(
        consulent.actor,
        "Task_afwijzingsbeschikking",
        {"datum_verzending_beschikking": today.isoformat()},
    )
    with db.tx() as session:
        assert reports.deadlines(session, regisseur.actor, 60, gemeente) == []
        assert session.get(Case, case_id).status == "completed"


@pytest.mark.parametrize("case", sorted(OTHER_AANVRAGEN))
def test_the_deadline_report_shows_the_voorschot_of_the_other_aanvragen(
    db, staff, gemeente, case: str
) -> None:
    """In the database: the aanvraag waiting on its decision is due on the voorschot, 4 weeks after the
    receipt, and leaves the deadline report when it is decided."""
    start, answers, besluit, beslissing, _ = OTHER_AANVRAGEN[case]
    definition = definition_of(f"1-aanvraag-en-recht/{case.replace('_', '-')}.bpmn")
    worker = staff("inkomensconsulent", "klantmanager", "backoffice")
    regisseur = staff("procesregisseur")
    today = dt.date.today()
    rng = random.Random(52)
    data = {**fill(definition.start_form, rng), **start, "datum_aanvraag": today.isoformat()}
    with db.tx() as session:
        case_id = cases.start_case(
            session, db.cache, db.profiles, worker.actor, case, gemeente, "K-1", data
        ).id

    def open_tasks() -> list[Any]:
        with db.tx() as session:
            return list(cases.case_tasks(session, session.get(Case, case_id), open_only=True))

    while {t.element_id for t in open_tasks()} != {besluit}:
        task = next(t for t in open_tasks() if t.element_id != besluit)
        values = fill(definition.task_by_element(task.element_id).form, rng) | answers.get(
            task.element_id, {}
        )
        with db.tx() as session:
            tasks.complete_task(session, db.cache, worker.actor, task.id, values)
    with db.tx() as session:
        rows = reports.deadlines(session, regisseur.actor, 60, gemeente)
        assert [(r.id, r.next_timer_at.date()) for r in rows] == [(case_id, today + dt.timedelta(weeks=4))]
    [task] = open_tasks()
    values = fill(definition.task_by_element(besluit).form, rng) | beslissing
    with db.tx() as session:
        tasks.complete_task(session, db.cache, worker.actor, task.id, values)
        assert reports.deadlines(session, regisseur.actor, 60, gemeente) == []


def called(process_id: str) -> dict[str, bytes] | None:
    """The file of a process the aanvraag calls, from processes/."""
    for path in PROCESSES.rglob("*.bpmn"):
        if f'<bpmn:process id="{process_id}"' in path.read_text():
            return {path.name: path.read_bytes()}
    return None


def test_lint_takes_a_date_a_script_computes_only_when_every_path_computes_it() -> None:
    xml = (PROCESSES / AANVRAAG).read_text()
    assert [
        p for p in lint.lint({"aanvraag.bpmn": xml.encode()}, called).problems if "timer" in p.message
    ] == []
    one_path = xml.replace('beslistermijn_tot = datum_plus(datum_aanvraag, "P8W")\n', "")
    assert one_path != xml
    assert [
        f"{p.element}: {p.message}" for p in lint.lint({"aanvraag.bpmn": one_path.encode()}, called).problems
    ] == [
        "Timer_beslistermijn: timer of 'Beslistermijn verstreken' (Timer_beslistermijn) reads "
        "'beslistermijn_tot', which is not set on every path before the timer starts "
        "(set by Script_beslistermijn_opgeschort)"
    ]


def test_the_voorschot_term_runs_from_the_receipt_of_the_aanvraag() -> None:
    definition = definition_of("0-melding-en-poort/voorschot-verlenen.bpmn")
    with time_machine.travel(REGISTERED, tick=False):
        step = steps.begin(
            definition, {"datum_aanvraag": "2026-11-16", "leefvorm": "alleenstaand", "profiel": {}}
        )
    assert timers_of(step) == {"Timer_voorschottermijn_verstreken": at("2026-12-14")}


BEZWAAR = "9-rechtsbescherming/bezwaar-behandelen.bpmn"
BESLUIT_BEKEND = "2026-11-02"
"""The bestreden besluit was made known on Monday 2 November: the bezwaartermijn of six weeks
starts the next day (Awb 6:8) and ends on Monday 14 December."""


def bezwaar(gemeente: str, ontvangen: str) -> tuple[bpmn.ProcessDefinition, steps.Step]:
    definition = definition_of(BEZWAAR)
    start = {"datum_bezwaarschrift": ontvangen, "datum_bekendmaking_besluit": BESLUIT_BEKEND}
    start |= {"bestreden_besluit": "Afwijzing bijstand", "profiel": PROFILES.get(gemeente).model_dump()}
    return definition, steps.begin(definition, start)


def ready(step: steps.Step) -> list[str]:
    return sorted(bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow))


@pytest.mark.parametrize(
    ("gemeente", "beslistermijn", "signaal", "horen"),
    [
        # Awb 7:10 lid 1: six weeks from the day after the bezwaartermijn ended ...
        ("oudewater", "2027-01-25", "2027-01-11", "Task_hoorzitting_houden"),
        # ... twelve with an adviescommissie (Awb 7:13), which hears the client.
        ("woerden", "2027-03-08", "2027-02-22", "Task_advies_adviescommissie"),
    ],
)
def test_the_bezwaar_term_runs_from_the_end_of_the_bezwaartermijn_and_warns_before_it_ends(
    gemeente: str, beslistermijn: str, signaal: str, horen: str
) -> None:
    with time_machine.travel(REGISTERED, tick=False):
        definition, step = bezwaar(gemeente, "2026-12-14")  # the last day of the term: on time
        assert ready(step) == ["Task_ontvankelijkheid_beoordelen"]  # no verschoonbaarheid to judge
        step = do(definition, step, "Task_ontvankelijkheid_beoordelen", {"ontvankelijk": True})
        assert step.data is not None and step.data["einde_bezwaartermijn"] == "2026-12-14"
        assert step.data["beslistermijn_bezwaar_tot"] == beslistermijn
        # The verdaging signal comes two weeks before the term ends, while the klantmanager reconsiders.
        # The end of the term is watched as well: its timer marks a termijnoverschrijding.
        assert ready(step) == ["Task_besluit_heroverwegen"]
        expected = {"Timer_verdaging": at(signaal), "Timer_beslistermijn_bezwaar": at(beslistermijn)}
        assert timers_of(step) == expected
        step = do(definition, step, "Task_besluit_heroverwegen", {"standpunt_klantmanager": "deels_herzien"})
        assert ready(step) == [horen] and timers_of(step) == expected


def test_a_bezwaar_after_the_term_is_first_judged_on_verschoonbaarheid() -> None:
    with time_machine.travel(REGISTERED, tick=False):
        definition, step = bezwaar("oudewater", "2026-12-15")
        assert ready(step) == ["Task_verschoonbaarheid_beoordelen"]
        step = do(
            definition,
            step,
            "Task_verschoonbaarheid_beoordelen",
            {"termijnoverschrijding_verschoonbaar": True, "motivering_verschoonbaarheid": "Ziekenhuisopname"},
        )
        assert ready(step) == ["Task_ontvankelijkheid_beoordelen"]


def beslissen(beslissing: str, fire_signal: bool = False) -> steps.Step:
    """A bezwaar in Oudewater to its beslissing; optionally the verdaging signal fires on the way."""
    with time_machine.travel(REGISTERED, tick=False) as clock:
        definition, step = bezwaar("oudewater", "2026-12-01")
        step = do(definition, step, "Task_ontvankelijkheid_beoordelen", {"ontvankelijk": True})
        step = do(definition, step, "Task_besluit_heroverwegen", {"standpunt_klantmanager": "handhaven"})
        if fire_signal:
            clock.move_to(at("2027-01-11") + dt.timedelta(minutes=1))
            step = steps.advance(definition, step.workflow, steps.FireTimers())
            assert ready(step) == ["Task_hoorzitting_houden", "Task_verdaging_beoordelen"]
        step = do(definition, step, "Task_hoorzitting_houden", {"klant_gehoord": True})
        values = {"beslissing_op_bezwaar": beslissing, "motivering_beslissing": "Heroverwogen"}
        step = do(
            definition, step, "Task_beslissing_op_bezwaar_nemen", {**values, "datum_beslissing": "2027-01-18"}
        )
        if beslissing in ("gegrond", "gedeeltelijk_gegrond"):
            step = do(
                definition,
                step,
                "Task_nieuw_besluit_nemen",
                {"datum_nieuw_besluit": "2027-01-20", "nabetaling_nodig": True},
            )
        if fire_signal:
            verdaging = {"verdagen_met": "niet"}
            step = do(definition, step, "Task_verdaging_beoordelen", verdaging)
    assert step.ended
    return step


@pytest.mark.parametrize(
    ("beslissing", "outcome"),
    [
        ("gegrond", "Bezwaar gegrond, besluit herzien"),
        ("gedeeltelijk_gegrond", "Bezwaar gedeeltelijk gegrond, besluit deels herzien"),
        ("ongegrond", "Bezwaar ongegrond, besluit blijft in stand"),
        ("niet_ontvankelijk", "Bezwaar niet-ontvankelijk verklaard"),
        ("ingetrokken", "Bezwaar ingetrokken"),
    ],
)
def test_every_beslissing_op_bezwaar_ends_the_case_at_its_own_outcome(beslissing: str, outcome: str) -> None:
    assert beslissen(beslissing).outcome == outcome


def test_the_verdaging_is_judged_before_the_term_ends_and_is_not_the_outcome() -> None:
    assert beslissen("ongegrond", fire_signal=True).outcome == "Bezwaar ongegrond, besluit blijft in stand"


def verdaagd(verdagen_met: str, verdaging_op: str) -> tuple[bpmn.ProcessDefinition, steps.Step]:
    """A bezwaar in Oudewater (term to 25 January) whose jurist decides on the verdaging on a day."""
    with time_machine.travel(REGISTERED, tick=False) as clock:
        definition, step = bezwaar("oudewater", "2026-12-01")
        step = do(definition, step, "Task_ontvankelijkheid_beoordelen", {"ontvankelijk": True})
        step = do(definition, step, "Task_besluit_heroverwegen", {"standpunt_klantmanager": "handhaven"})
        clock.move_to(at("2027-01-11") + dt.timedelta(minutes=1))  # the signal, two weeks before the end
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        clock.move_to(at(verdaging_op))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        brief = {"datum_verdagingsbrief": verdaging_op[:10]}
        step = do(definition, step, "Task_verdaging_beoordelen", {"verdagen_met": verdagen_met, **brief})
    return definition, step


@pytest.mark.parametrize(
    ("verdagen_met", "einde"),
    [("P6W", "2027-03-08"), ("P2W", "2027-02-08"), ("niet", "2027-01-25")],
)
def test_a_timely_verdaging_moves_the_beslistermijn_and_its_watch(verdagen_met: str, einde: str) -> None:
    # Awb 7:10 lid 3: at most six weeks, decided within the term (here on 18 January, a week before it ends)
    definition, step = verdaagd(verdagen_met, "2027-01-18 10:00")
    assert timers_of(step) == {"Timer_beslistermijn_bezwaar": at(einde)}
    assert step.next_timer_at == at(einde)


def test_a_verdaging_recorded_after_the_term_ran_out_moves_nothing() -> None:
    definition, step = verdaagd("P6W", "2027-01-26 10:00")
    # The term ran out on 25 January before the jurist recorded the verdaging: the overschrijding stands.
    assert "Task_termijnoverschrijding_afhandelen" in ready(step) and timers_of(step) == {}


def test_the_verdaging_offers_at_most_six_weeks() -> None:
    form = definition_of(BEZWAAR).task_by_element("Task_verdaging_beoordelen").form
    [field] = [f for f in form.fields if f.id == "verdagen_met"]
    assert [value for value, _ in field.options] == ["niet", "P1W", "P2W", "P3W", "P4W", "P5W", "P6W"]
    with pytest.raises(InvalidInput):
        form.validate({"verdagen_met": "P7W"})


def test_the_boete_term_runs_13_weeks_from_the_date_of_the_rapport() -> None:
    definition = definition_of("6-beheer-en-rechtmatigheid/bestuurlijke-boete.bpmn")
    answers = {
        "Task_verwijtbaarheid_boete_bepalen": {"verwijtbaarheid": "normaal", "dringende_redenen": False},
    }
    start = {"benadelingsbedrag": 2400.5, "eerdere_overtreding": False, "datum_rapport": "2026-11-02"}
    # Awb 5:51: 13 weeks after the rapport (2 November), not after the start of the boetebesluit task;
    # the verdaging (lid 2) is signalled two weeks before.
    expected = {"Timer_beslistermijn_boete": at("2027-02-01"), "Timer_verdaging_boete": at("2027-01-18")}
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = steps.begin(definition, {**start, "profiel": PROFILES.get("woerden").model_dump()})
        rng = random.Random(5)
        # The term runs from the first task on: the verhoor, the verwijtbaarheid, the zienswijze.
        while ready(step) != ["Task_boetebesluit_nemen"]:
            [element] = ready(step)
            assert timers_of(step) == expected
            form = definition.task_by_element(element).form
            step = do(definition, step, element, {**fill(form, rng), **answers.get(element, {})})
            if not ready(step):  # the zienswijze arrives as a message, or the two weeks run out
                waiting = {**expected, "Timer_zienswijzetermijn_verstreken": at("2026-12-07 09:00")}
                assert timers_of(step) == waiting
                zienswijze = {
                    "zienswijze": "Ik wist niet dat ik dit moest melden",
                    "draagkracht_aangevoerd": True,
                }
                step = steps.advance(
                    definition, step.workflow, steps.DeliverMessage("zienswijze_boete", zienswijze)
                )
        assert timers_of(step) == expected
        # What the klant wrote is in the case data for the boetebesluit.
        [besluit] = bpmn.human_tasks(step.workflow)
        assert besluit.data["zienswijze_boete"]["draagkracht_aangevoerd"] is True
        clock.move_to(at("2027-02-01") + dt.timedelta(minutes=1))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        # Past the term, not verdaagd: the jurist handles the overschrijding beside the boetebesluit.
        assert ready(step) == [
            "Task_beslissing_verdagen",
            "Task_boetebesluit_nemen",
            "Task_termijnoverschrijding_afhandelen",
        ]


def test_without_a_zienswijze_the_boete_goes_on_after_two_weeks() -> None:
    definition = definition_of("6-beheer-en-rechtmatigheid/bestuurlijke-boete.bpmn")
    start = {"benadelingsbedrag": 2400.5, "eerdere_overtreding": False, "datum_rapport": "2026-11-02"}
    with time_machine.travel(REGISTERED, tick=False) as clock:
        step = steps.begin(definition, {**start, "profiel": PROFILES.get("woerden").model_dump()})
        step = do(definition, step, "Task_verhoren_met_cautie", {"verklaring_afgelegd": False})
        verwijtbaarheid = {"verwijtbaarheid": "normaal", "dringende_redenen": False, "voorgenomen_boete": 600}
        step = do(definition, step, "Task_verwijtbaarheid_boete_bepalen", verwijtbaarheid)
        assert ready(step) == []
        clock.move_to(at("2026-12-07 09:01"))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert ready(step) == ["Task_boetebesluit_nemen"] and "zienswijze_boete" not in (step.data or {})


def test_a_maatregel_records_its_category_and_recidive() -> None:
    definition = definition_of("6-beheer-en-rechtmatigheid/maatregel-opleggen.bpmn")
    form = definition.task_by_element("Task_verwijtbaarheid_beoordelen").form
    with pytest.raises(InvalidInput) as refused:
        form.validate({"verwijtbaarheid": "volledig", "uitkomst_beoordeling": "maatregel"})
    assert {e.field for e in refused.value.errors} >= {"categorie_gedraging", "recidive"}
    given = {"verwijtbaarheid": "volledig", "uitkomst_beoordeling": "maatregel", "recidive": True}
    given["motivering_beoordeling"] = "Niet verschenen op de afspraak"
    values = form.validate({**given, "categorie_gedraging": "tweede", "datum_vorige_maatregel": "2026-05-01"})
    assert values["categorie_gedraging"] == "tweede" and values["recidive"] is True


def bbz_waiting_on_the_decision(
    rng: random.Random, each: Callable[[steps.Step], None] = lambda step: None
) -> tuple[bpmn.ProcessDefinition, steps.Step]:
    """A Bbz aanvraag received on 16 November (term to 15 February) waiting on its decision; ``each``
    looks at every step on the way, the first one included."""
    definition = definition_of("1-aanvraag-en-recht/aanvraag-bbz-zelfstandigen.bpmn")
    start = {**fill(definition.start_form, rng), "datum_aanvraag": "2026-11-16"}
    step = steps.begin(definition, {**definition.start_form.validate(start), "profiel": {}})
    each(step)
    while "Task_besluit_op_bbz_aanvraag" not in ready(step):
        if ready(step):
            element = ready(step)[0]
            step = do(definition, step, element, fill(definition.task_by_element(element).form, rng))
        else:
            step = steps.advance(
                definition, step.workflow, steps.DeliverMessage("rapport_levensvatbaarheid", {})
            )
        each(step)
    return definition, step


def test_the_bbz_verdaging_is_asked_for_two_weeks_before_the_13_weeks_end() -> None:
    # Thirteen weeks from the receipt end on 15 February; the klantmanager is asked on 1 February.
    expected = {
        "Timer_beslistermijn_bbz": at("2027-02-01"),
        "Timer_einde_beslistermijn_bbz": at("2027-02-15"),
    }
    seen: list[list[str]] = []

    def check(step: steps.Step) -> None:
        # The term runs from the receipt, also while the case waits on the intake and the rapport.
        seen.append(ready(step))
        assert timers_of(step) == expected

    with time_machine.travel(REGISTERED, tick=False):
        bbz_waiting_on_the_decision(random.Random(13), check)
    assert seen[0] == ["Task_intake_toelatingsvoorwaarden_bbz"] and len(seen) > 2


@pytest.mark.parametrize(
    ("verdaging_op", "verdagen_met", "timers"),
    [
        # Verdaagd by 13 weeks on 8 February, within the term: the term now ends on 17 May.
        ("2027-02-08", "P13W", {"Timer_einde_beslistermijn_bbz": at("2027-05-17")}),
        ("2027-02-08", "P4W", {"Timer_einde_beslistermijn_bbz": at("2027-03-15")}),
        # Recorded after the term ran out on 15 February: the overschrijding stands, nothing moves.
        ("2027-02-16", "P13W", {}),
    ],
)
def test_a_timely_bbz_verdaging_moves_the_beslistermijn(
    verdaging_op: str, verdagen_met: str, timers: dict
) -> None:
    rng = random.Random(13)
    with time_machine.travel(REGISTERED, tick=False) as clock:
        definition, step = bbz_waiting_on_the_decision(rng)
        clock.move_to(at("2027-02-01") + dt.timedelta(hours=1))  # the signal, two weeks before the end
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        clock.move_to(at(verdaging_op) + dt.timedelta(hours=9))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        answer = {"verdagen_met": verdagen_met, "klant_geinformeerd": True}
        step = do(definition, step, "Task_beslistermijn_verdagen", answer)
    assert timers_of(step) == timers
    late = "Task_termijnoverschrijding_afhandelen" in ready(step)
    assert late == (not timers)
