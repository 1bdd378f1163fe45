"""The processes added for the missing work of issue #16 run their legal terms and routes.

Each test runs a process from processes/ on the real engine (in memory, with a gemeente's
policy profile) and checks the term it times, the route a case takes or the field it records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

import time_machine

from engine import bpmn, lint
from engine import step as steps
from tests.engine.test_process_rules import PROCESSES, PROFILES, run
from tests.process_driver import fill, load

START = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def assert_route(
    file: str, start: Mapping[str, Any], answers: Mapping[str, Any], tasks: list[str], outcome: str
) -> None:
    """A case in Woerden with these answers does exactly ``tasks`` and ends at ``outcome``."""
    route = run(file, "woerden", start, answers)
    assert (route.tasks, route.outcome) == (tasks, outcome)


class Case:
    """One case of a process in processes/, started and worked on 23 November 2026."""

    def __init__(self, file: str, data: Mapping[str, Any], gemeente: str = "woerden") -> None:
        self.definition = load(PROCESSES / file)
        start = self.definition.start_form
        with time_machine.travel(START, tick=False):
            self.step = steps.begin(
                self.definition,
                {**start.validate(dict(data)), "profiel": PROFILES.get(gemeente).model_dump()},
            )

    @property
    def ready(self) -> list[str]:
        """The element ids of the tasks in the work queue."""
        return [bpmn.element_id(t) for t in bpmn.human_tasks(self.step.workflow)]

    def do(self, element: str, values: Mapping[str, Any]) -> Case:
        """Complete the ready task ``element`` with valid data plus ``values``."""
        [task] = [t for t in bpmn.human_tasks(self.step.workflow) if bpmn.element_id(t) == element]
        form = self.definition.task_info(task.task_spec).form
        data = {**fill(form, random.Random(element)), **values}
        with time_machine.travel(START, tick=False):
            self.step = steps.advance(
                self.definition, self.step.workflow, steps.CompleteTask(str(task.id), data)
            )
        return self

    def tell(self, message: str) -> Case:
        """Deliver the message ``message`` (with no payload) the case waits for."""
        with time_machine.travel(START, tick=False):
            self.step = steps.advance(self.definition, self.step.workflow, steps.DeliverMessage(message, {}))
        return self

    def wait(self) -> dt.date:
        """Move the clock past the next timer, fire it, and give the day it was due."""
        due = steps.next_timer(self.step.workflow)
        assert due is not None
        with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
            self.step = steps.advance(self.definition, self.step.workflow, steps.FireTimers())
        return due.date()


KLACHT = "9-rechtsbescherming/klacht-behandelen.bpmn"
KLAAGSCHRIFT = {
    "datum_ontvangst_klacht": "2026-11-20",
    "datum_gedraging": "2026-11-02",
    "omschrijving_gedraging": "Klantmanager belde niet terug",
}
BEHANDELEN = {
    "Task_klacht_registreren": {"behandeling_klacht": "behandelen"},
    "Task_informeel_bespreken": {"naar_tevredenheid_opgelost": False},
}


def test_the_klacht_term_runs_from_receipt_and_warns_a_week_before_6_or_10_weeks() -> None:
    # Awb 9:11: 6 weeks after receipt, 10 with a klachtadviescommissie; the verdaging (at most
    # 4 weeks, told to klager and betrokkene) must be sent before the term ends, so the jurist
    # is asked a week before: receipt 20 November -> 25 December, or 22 January.
    for commissie, warned in ((False, dt.date(2026, 12, 25)), (True, dt.date(2027, 1, 22))):
        case = Case(KLACHT, {**KLAAGSCHRIFT, "klachtadviescommissie": commissie})
        due = case.wait()
        assert due == warned
        # The registration stays open; the verdaging is work beside it.
        assert sorted(case.ready) == ["Task_afhandeling_verdagen", "Task_klacht_registreren"]


def test_a_klacht_solved_informally_ends_without_formal_handling() -> None:
    answers = {**BEHANDELEN, "Task_informeel_bespreken": {"naar_tevredenheid_opgelost": True}}
    route = run(KLACHT, "woerden", {**KLAAGSCHRIFT, "klachtadviescommissie": False}, answers)
    assert route.tasks == ["Task_klacht_registreren", "Task_informeel_bespreken"]
    assert route.outcome == "Klacht informeel naar tevredenheid opgelost"


def test_without_a_commissie_the_jurist_hears_and_with_one_the_advice_is_awaited() -> None:
    oordeel = {"Task_oordeel_vaststellen": {"oordeel_klacht": "gedeeltelijk_gegrond"}}
    answers = {**BEHANDELEN, **oordeel}
    zonder = run(KLACHT, "woerden", {**KLAAGSCHRIFT, "klachtadviescommissie": False}, answers)
    assert zonder.tasks[2:] == ["Task_horen", "Task_oordeel_vaststellen"]
    assert zonder.outcome == "Klacht gedeeltelijk gegrond"
    met = run(KLACHT, "woerden", {**KLAAGSCHRIFT, "klachtadviescommissie": True}, answers)
    assert met.tasks[2:] == [
        "Task_voorleggen_commissie",
        "bericht advies_klachtadviescommissie",
        "Task_oordeel_vaststellen",
    ]


def test_a_klacht_not_handled_under_9_8_is_answered_in_writing() -> None:
    answers = {"Task_klacht_registreren": {"behandeling_klacht": "niet_behandelen"}}
    route = run(KLACHT, "woerden", {**KLAAGSCHRIFT, "klachtadviescommissie": False}, answers)
    assert route.tasks == ["Task_klacht_registreren", "Task_niet_behandelen_berichten"]
    assert route.outcome == "Klacht niet in behandeling genomen"


def test_an_event_subprocess_timer_may_read_the_start_form_but_not_a_later_task() -> None:
    xml = (PROCESSES / KLACHT).read_text()
    assert lint.lint({"klacht.bpmn": xml.encode()}).problems == []
    later = xml.replace(
        'datum_plus(datum_ontvangst_klacht, "P9W" if klachtadviescommissie else "P5W")',
        'datum_plus(datum_ontvangstbevestiging, "P5W")',
    )
    [problem] = lint.lint({"klacht.bpmn": later.encode()}).problems
    assert problem.element == "StartEvent_termijn_bijna_verstreken"
    assert "reads 'datum_ontvangstbevestiging', which is not set on every path" in problem.message


VOVO = "9-rechtsbescherming/voorlopige-voorziening.bpmn"
VERZOEK = {
    "datum_verzoek_vovo": "2026-11-20",
    "datum_zitting_vovo": "2026-12-07",
    "hoofdzaak_vovo": "bezwaar",
    "bestreden_besluit_vovo": "Intrekking bijstand per 1 november",
}


def test_on_the_day_of_the_zitting_the_jurist_goes_even_without_a_verweerschrift() -> None:
    case = Case(VOVO, VERZOEK)
    case.do("Task_verzoek_beoordelen", {"standpunt_vovo": "verweer"})
    assert case.ready == ["Task_verweer_indienen"]
    due = case.wait()
    assert due == dt.date(2026, 12, 7)
    assert case.ready == ["Task_zitting_bijwonen"]


def test_a_client_met_halfway_withdraws_and_otherwise_the_zitting_goes_on() -> None:
    answers = {"Task_verzoek_beoordelen": {"standpunt_vovo": "tegemoetkomen"}}
    assert_route(
        VOVO,
        VERZOEK,
        answers,
        [
            "Task_verzoek_beoordelen",
            "Task_klant_tegemoetkomen",
            "bericht verzoek_vovo_ingetrokken",
        ],
        "Verzoek ingetrokken na tegemoetkoming",
    )
    case = Case(VOVO, VERZOEK)
    case.do("Task_verzoek_beoordelen", {"standpunt_vovo": "tegemoetkomen"})
    case.do("Task_klant_tegemoetkomen", {"tegemoetkoming": "voorschot"})
    due = case.wait()
    assert (due, case.ready) == (dt.date(2026, 12, 7), ["Task_zitting_bijwonen"])


def test_after_kortsluiting_the_klantmanager_takes_the_new_besluit() -> None:
    answers = {
        "Task_verzoek_beoordelen": {"standpunt_vovo": "verweer"},
        "Task_uitspraak_beoordelen": {"uitspraak_vovo": "kortsluiting_gegrond"},
    }
    route = run(VOVO, "woerden", VERZOEK, answers)
    assert route.tasks[-3:] == [
        "bericht uitspraak_voorzieningenrechter",
        "Task_uitspraak_beoordelen",
        "Task_nieuw_besluit_kortsluiting",
    ]
    assert route.outcome == "Beroep gegrond, nieuw besluit genomen"


HOGER_BEROEP = "9-rechtsbescherming/hoger-beroep.bpmn"
UITSPRAAK = {
    "datum_verzending_uitspraak": "2026-11-20",
    "uitspraak_rechtbank": "beroep_gegrond",
    "zaaknummer_rechtbank": "UTR 26/1234",
}


def test_a_week_before_the_6_week_term_ends_the_jurist_appeals_pro_forma_or_berust() -> None:
    # Awb 6:7, 6:8, 6:24: six weeks from the day after the uitspraak was sent (20 November);
    # undecided on 25 December, the weighing is taken over by the pro forma decision.
    case = Case(HOGER_BEROEP, UITSPRAAK)
    due = case.wait()
    assert due == dt.date(2026, 12, 25)
    assert case.ready == ["Task_pro_forma_instellen"]
    case.do("Task_pro_forma_instellen", {"besluit_hoger_beroep": "instellen"})
    assert case.ready == ["Task_hogerberoepschrift_indienen"]


def test_without_an_appeal_of_either_party_the_uitspraak_becomes_final_after_8_weeks() -> None:
    case = Case(HOGER_BEROEP, UITSPRAAK)
    case.do("Task_hoger_beroep_afwegen", {"besluit_hoger_beroep": "berusten"})
    due = case.wait()
    assert due == dt.date(2027, 1, 15)
    assert case.step.ended and case.step.outcome == "Uitspraak rechtbank onherroepelijk"


def test_an_appeal_of_the_klant_is_defended_and_a_lost_one_carried_out_by_the_klantmanager() -> None:
    answers = {
        "Task_hoger_beroep_afwegen": {"besluit_hoger_beroep": "berusten"},
        "Task_uitspraak_crvb_beoordelen": {"uitspraak_crvb": "klant_in_het_gelijk"},
    }
    assert_route(
        HOGER_BEROEP,
        UITSPRAAK,
        answers,
        [
            "Task_hoger_beroep_afwegen",
            "bericht hoger_beroep_klant",
            "Task_procederen",
            "bericht uitspraak_crvb",
            "Task_uitspraak_crvb_beoordelen",
            "Task_uitspraak_uitvoeren",
        ],
        "Klant in het gelijk, besluit hersteld",
    )


BESLAG = "6-beheer-en-rechtmatigheid/derdenbeslag-en-beslagvrije-voet.bpmn"
EXPLOOT = {
    "datum_betekening": "2026-11-20",
    "beslaglegger": "gerechtsdeurwaarder",
    "vordering_beslag": 2400,
    "bvv_meegedeeld": True,
}
LOOPT = {"uitkering_loopt": True, "samenloop_beslag": False, "eigen_verrekening_loopt": False}


def test_the_derdenverklaring_goes_with_priority_a_week_before_its_4_weeks_end() -> None:
    # Rv 476a: the verklaring within 4 weeks of the betekening (20 November): on 11 December
    # the open verklaring becomes a priority task.
    case = Case(BESLAG, EXPLOOT)
    due = case.wait()
    assert due == dt.date(2026, 12, 11)
    assert case.ready == ["Task_verklaring_met_voorrang"]


def test_a_beslag_beside_another_or_the_gemeentes_own_verrekening_gets_one_beslagvrije_voet() -> None:
    for samenloop in ({"samenloop_beslag": True}, {"eigen_verrekening_loopt": True}):
        route = run(BESLAG, "woerden", EXPLOOT, {"Task_verklaring_afleggen": {**LOOPT, **samenloop}})
        assert route.tasks == [
            "Task_verklaring_afleggen",
            "Task_bvv_vaststellen",
            "Task_samenloop_afstemmen",
            "Task_inhouding_instellen",
            "bericht beslag_opgeheven",
            "Task_inhouding_stoppen",
        ]
        assert route.outcome == "Beslag beëindigd"
    nothing = run(BESLAG, "woerden", EXPLOOT, {"Task_verklaring_afleggen": {"uitkering_loopt": False}})
    assert nothing.outcome == "Beslag treft geen uitkering"


def test_each_month_the_afdracht_is_checked_and_a_change_recomputes_the_beslagvrije_voet() -> None:
    case = Case(BESLAG, EXPLOOT)
    case.do("Task_verklaring_afleggen", LOOPT)
    case.do("Task_bvv_vaststellen", {})
    case.do("Task_inhouding_instellen", {})
    due = case.wait()
    assert due == dt.date(2026, 12, 23)
    case.do("Task_afdracht_controleren", {"stand_beslag": "wijziging"})
    assert case.ready == ["Task_bvv_herberekenen"]
    case.do("Task_bvv_herberekenen", {})
    assert steps.next_timer(case.step.workflow) is not None  # the next month's afdracht waits


BUDGET = "7-aanvullende-voorzieningen/budgetbeheer-en-schuldhulpverlening.bpmn"
SIGNAAL = {"datum_signaal": "2026-11-23", "bron_signaal": "vroegsignalering"}
BEIDE = {"problematische_schulden": True, "verantwoord_besteden": "nee_schulden", "klant_stemt_in": True}


def test_schuldhulp_and_budgetbeheer_start_at_the_same_time() -> None:
    case = Case(BUDGET, {**SIGNAAL, "dreigende_afsluiting": False})
    case.do("Task_situatie_bespreken", BEIDE)
    assert sorted(case.ready) == ["Task_aanmelden_schuldhulp", "Task_betaling_aan_derden_besluiten"]


def test_the_first_schuldhulp_gesprek_is_chased_after_3_days_when_eviction_threatens_else_4_weeks() -> None:
    # Wgs art. 4: within 3 werkdagen when eviction or disconnection threatens, else 4 weeks.
    schulden = {**BEIDE, "verantwoord_besteden": "ja"}
    for dreigend, chased in ((True, dt.date(2026, 11, 26)), (False, dt.date(2026, 12, 21))):
        case = Case(BUDGET, {**SIGNAAL, "dreigende_afsluiting": dreigend})
        case.do("Task_situatie_bespreken", schulden)
        case.do("Task_aanmelden_schuldhulp", {})
        due = case.wait()
        assert (due, case.ready) == (chased, ["Task_termijn_rappelleren"])


def test_budgetbeheer_is_evaluated_after_the_chosen_period_and_a_client_who_copes_gets_nothing() -> None:
    case = Case(BUDGET, {**SIGNAAL, "dreigende_afsluiting": False})
    alleen_budget = {**BEIDE, "problematische_schulden": False}
    case.do("Task_situatie_bespreken", alleen_budget)
    case.do("Task_betaling_aan_derden_besluiten", {"duur_budgetbeheer": "P6M"})
    case.do("Task_betalingen_instellen", {})
    due = case.wait()
    assert (due, case.ready) == (dt.date(2027, 5, 23), ["Task_budgetbeheer_evalueren"])
    zelf = {"problematische_schulden": False, "verantwoord_besteden": "ja"}
    route = run(
        BUDGET, "woerden", {**SIGNAAL, "dreigende_afsluiting": False}, {"Task_situatie_bespreken": zelf}
    )
    assert (route.tasks, route.outcome) == (["Task_situatie_bespreken"], "Klant redt het zelf")


BRP = "6-beheer-en-rechtmatigheid/signaal-inlichtingenbureau-brp-en-kostendelers.bpmn"
MEDEBEWONER = {
    "signaaldatum_brp": "2026-11-23",
    "soort_signaal_brp": "medebewoner_21_plus",
    "ingangsdatum_wijziging_brp": "2026-09-01",
}
NIEUW = {"Task_signaal_vergelijken": {"al_gemeld_brp": False}}


def test_a_brp_signal_without_a_reaction_in_2_weeks_goes_to_an_adresonderzoek() -> None:
    case = Case(BRP, MEDEBEWONER)
    case.do("Task_signaal_vergelijken", {"al_gemeld_brp": False})
    case.do("Task_opheldering_vragen", {})
    due = case.wait()
    assert (due, case.ready) == (dt.date(2026, 12, 7), ["Task_adresonderzoek"])


def test_a_kostendeler_not_reported_revises_the_norm_and_the_handhaver_judges_the_inlichtingenplicht() -> (
    None
):
    answers = {
        **NIEUW,
        "Task_woonsituatie_vaststellen": {
            "uitkomst_signaal_brp": "kostendelersnorm",
            "aantal_kostendelers": 2,
        },
        "Task_betaling_aanpassen": {"te_veel_ontvangen_brp": 850},
        "Task_schending_beoordelen": {"oordeel_schending_brp": "boete"},
    }
    assert_route(
        BRP,
        MEDEBEWONER,
        answers,
        [
            "Task_signaal_vergelijken",
            "Task_opheldering_vragen",
            "bericht reactie_klant_brp",
            "Task_woonsituatie_vaststellen",
            "Task_bijstand_herzien",
            "Task_betaling_aanpassen",
            "Task_schending_beoordelen",
        ],
        "Bijstand herzien, boete opgelegd",
    )


def test_a_gezamenlijke_huishouding_ends_the_bijstand_and_a_known_change_ends_the_signal() -> None:
    answers = {
        **NIEUW,
        "Task_woonsituatie_vaststellen": {"uitkomst_signaal_brp": "gezamenlijke_huishouding"},
        "Task_betaling_aanpassen": {"te_veel_ontvangen_brp": 0},
    }
    route = run(BRP, "woerden", MEDEBEWONER, answers)
    assert "Task_bijstand_intrekken" in route.tasks and "Task_schending_beoordelen" not in route.tasks
    assert route.outcome == "Bijstand herzien of ingetrokken"
    known = run(BRP, "woerden", MEDEBEWONER, {"Task_signaal_vergelijken": {"al_gemeld_brp": True}})
    assert known.outcome == "Signaal afgedaan, wijziging al bekend"


VERMOGEN = "6-beheer-en-rechtmatigheid/signaal-vermogen-box3-rdw-buitenland.bpmn"
BOX3 = {
    "signaaldatum_vermogen": "2026-11-23",
    "bron_signaal_vermogen": "box3",
    "gesignaleerde_waarde": 24000,
    "peildatum_signaal": "2026-01-01",
}
ONDERZOEKEN = {"Task_signaal_beoordelen": {"beoordeling_signaal_vermogen": "onderzoeken"}}


def test_vermogen_not_documented_in_2_weeks_is_investigated_by_the_handhaver() -> None:
    case = Case(VERMOGEN, BOX3)
    case.do("Task_signaal_beoordelen", {"beoordeling_signaal_vermogen": "onderzoeken"})
    case.do("Task_gegevens_vragen", {})
    due = case.wait()
    assert (due, case.ready) == (dt.date(2026, 12, 7), ["Task_vermogensonderzoek"])


def test_vermogen_above_the_grens_in_the_past_revises_and_is_always_judged_by_handhaving() -> None:
    answers = {
        **ONDERZOEKEN,
        "Task_vermogen_toetsen": {"uitkomst_vermogen_signaal": "boven_grens_verleden"},
        "Task_schending_beoordelen": {"oordeel_schending_vermogen": "aangifte"},
    }
    route = run(VERMOGEN, "woerden", BOX3, answers)
    assert route.tasks[-4:] == [
        "Task_vermogen_toetsen",
        "Task_bijstand_herzien",
        "Task_vordering_registreren",
        "Task_schending_beoordelen",
    ]
    assert route.outcome == "Bijstand herzien of ingetrokken, sanctie opgelegd"


def test_vermogen_in_the_woning_continues_as_a_geldlening_and_a_known_signal_needs_no_onderzoek() -> None:
    answers = {
        **ONDERZOEKEN,
        "Task_vermogen_toetsen": {"uitkomst_vermogen_signaal": "niet_direct_beschikbaar"},
    }
    route = run(VERMOGEN, "woerden", {**BOX3, "bron_signaal_vermogen": "kadaster"}, answers)
    assert (route.tasks[-1], route.outcome) == ("Task_geldlening", "Bijstand voortgezet als geldlening")
    known = run(
        VERMOGEN, "woerden", BOX3, {"Task_signaal_beoordelen": {"beoordeling_signaal_vermogen": "al_bekend"}}
    )
    assert (known.tasks, known.outcome) == (["Task_signaal_beoordelen"], "Signaal afgedaan zonder onderzoek")


BBZ = "6-beheer-en-rechtmatigheid/bbz-definitieve-vaststelling.bpmn"
BOEKJAAR = {"einde_boekjaar": "2026-12-31", "soort_zelfstandige": "gevestigd", "voorlopig_verstrekt": 9600}


def test_the_bbz_case_waits_for_the_end_of_the_boekjaar_then_asks_for_the_jaarstukken() -> None:
    case = Case(BBZ, BOEKJAAR)
    assert case.ready == []
    due = case.wait()
    assert (due, case.ready) == (dt.date(2026, 12, 31), ["Task_jaarstukken_opvragen"])


def test_without_jaarstukken_in_8_weeks_the_consulent_reminds_or_sets_the_bijstand_ambtshalve() -> None:
    case = Case(BBZ, {**BOEKJAAR, "einde_boekjaar": "2026-10-31"})  # over: asked at once
    case.do("Task_jaarstukken_opvragen", {})
    due = case.wait()
    assert (due, case.ready) == (dt.date(2027, 1, 18), ["Task_herinneren_of_ambtshalve"])
    case.do("Task_herinneren_of_ambtshalve", {"vervolg_zonder_jaarstukken": "ambtshalve"})
    assert case.ready == ["Task_inkomen_berekenen"]


def test_a_higher_income_than_estimated_is_recovered_by_the_backoffice() -> None:
    answers = {"Task_definitief_vaststellen": {"uitkomst_vaststelling": "terugvorderen"}}
    assert_route(
        BBZ,
        BOEKJAAR,
        answers,
        [
            "Task_jaarstukken_opvragen",
            "bericht jaarstukken_ontvangen",
            "Task_inkomen_berekenen",
            "Task_definitief_vaststellen",
            "Task_vordering_registreren",
        ],
        "Definitief vastgesteld, teruggevorderd",
    )


DUURZAAMHEID = "8-uitstroom-en-nazorg/duurzaamheid-uitstroom-meten.bpmn"
UITSTROOM = {"datum_uitstroom": "2026-08-31", "uitstroom_type": "lks", "via_bemiddeling": True}


def test_duurzaamheid_is_measured_6_and_12_months_after_the_uitstroom_date() -> None:
    # Months end by the calendar: 31 August + 6 months is 28 February.
    case = Case(DUURZAAMHEID, UITSTROOM)
    assert (case.wait(), case.ready) == (dt.date(2027, 2, 28), ["Task_stand_6_maanden"])
    case.do("Task_stand_6_maanden", {"nog_aan_het_werk_6m": False})
    assert case.ready == ["Task_opnieuw_ondersteunen"]
    case.do("Task_opnieuw_ondersteunen", {"ondersteuning_na_uitval": "bemiddeling"})
    assert (case.wait(), case.ready) == (dt.date(2027, 8, 31), ["Task_stand_12_maanden"])
    case.do("Task_stand_12_maanden", {"nog_aan_het_werk_12m": True})
    # The fields the KPIs read (docs/steering.md) are in the case data under these names.
    data = case.step.workflow.data
    assert (data["nog_aan_het_werk_6m"], data["nog_aan_het_werk_12m"]) == (False, True)
    assert case.step.outcome == "Na 12 maanden nog aan het werk"


INBURGERING = "2-intake-diagnose-en-plan/inburgering-route.bpmn"
DUO = {
    "datum_melding_duo": "2026-11-02",
    "doelgroep_inburgering": "asielstatushouder",
    "bijstand_ontvangen": True,
}


def test_the_pip_term_is_watched_a_week_before_10_weeks_after_the_start_of_the_brede_intake() -> None:
    case = Case(INBURGERING, DUO).do("Task_brede_intake", {"datum_start_brede_intake": "2026-11-23"})
    case.tell("uitslag_leerbaarheidstoets")
    assert case.ready == ["Task_pip_opstellen"]
    assert case.wait() == dt.date(2027, 1, 25)
    assert sorted(case.ready) == ["Task_pip_opstellen", "Task_pip_termijn_bewaken"]


def test_the_route_runs_from_brede_intake_to_the_pip_beschikking_and_half_yearly_reviews() -> None:
    answers = {
        "Task_pip_opstellen": {"leerroute": "b1"},
        "Task_voortgang_bespreken": {"stand_inburgering": "voldaan"},
    }
    assert_route(
        INBURGERING,
        DUO,
        answers,
        [
            "Task_brede_intake",
            "bericht uitslag_leerbaarheidstoets",
            "Task_pip_opstellen",
            "Task_pip_vaststellen",
            "Task_route_starten",
            "Task_voortgang_bespreken",
        ],
        "Inburgeringsplicht voldaan",
    )


def test_a_pip_that_needs_another_route_is_changed_by_a_new_beschikking() -> None:
    case = Case(INBURGERING, DUO).do("Task_brede_intake", {"datum_start_brede_intake": "2026-11-23"})
    case.tell("uitslag_leerbaarheidstoets").do("Task_pip_opstellen", {"leerroute": "onderwijs"})
    case.do("Task_pip_vaststellen", {}).do("Task_route_starten", {})
    assert case.wait() == dt.date(2027, 5, 23)
    case.do("Task_voortgang_bespreken", {"stand_inburgering": "bijstellen"})
    assert case.ready == ["Task_pip_wijzigen"]


VERHUIZING = "8-uitstroom-en-nazorg/verhuizing-naar-andere-gemeente.bpmn"
VERHUISD = {"verhuisdatum": "2026-12-01", "nieuwe_gemeente": "Utrecht", "bron_verhuizing": "klant"}


def test_a_move_ends_the_bijstand_and_hands_over_at_the_same_time_with_the_clients_consent() -> None:
    case = Case(VERHUIZING, VERHUISD)
    case.do("Task_verhuizing_vaststellen", {"woonplaats_elders": True, "toestemming_overdracht": True})
    assert sorted(case.ready) == ["Task_bijstand_intrekken", "Task_voorzieningen_afsluiten"]
    with_consent = {
        "Task_verhuizing_vaststellen": {"woonplaats_elders": True, "toestemming_overdracht": True}
    }
    route = run(VERHUIZING, "woerden", VERHUISD, with_consent)
    assert "Task_warme_overdracht" in route.tasks
    assert route.outcome == "Bijstand beëindigd na verhuizing"
    without = {"Task_verhuizing_vaststellen": {"woonplaats_elders": True, "toestemming_overdracht": False}}
    assert "Task_warme_overdracht" not in run(VERHUIZING, "woerden", VERHUISD, without).tasks
    stays = run(
        VERHUIZING, "woerden", VERHUISD, {"Task_verhuizing_vaststellen": {"woonplaats_elders": False}}
    )
    assert stays.outcome == "Niet verhuisd, bijstand loopt door"


AOW = "8-uitstroom-en-nazorg/uitstroom-naar-aow-en-aio.bpmn"
AOW_LEEFTIJD = {"datum_aow_leeftijd": "2027-03-01", "partner_jonger": False, "onvolledige_aow_verwacht": True}


def test_the_bijstand_ends_when_the_svb_decides_on_aow_and_aio() -> None:
    assert_route(
        AOW,
        AOW_LEEFTIJD,
        {},
        [
            "Task_klant_informeren",
            "bericht besluit_svb_aow",
            "Task_bijstand_beeindigen",
            "Task_eindafrekening",
        ],
        "Uitgestroomd naar AOW en AIO",
    )


def test_reaching_the_aow_age_without_an_svb_besluit_makes_the_consulent_chase_it() -> None:
    case = Case(AOW, AOW_LEEFTIJD).do("Task_klant_informeren", {})
    assert (case.wait(), case.ready) == (dt.date(2027, 3, 1), ["Task_svb_benaderen"])
    case.do("Task_svb_benaderen", {})
    case.wait()
    assert case.ready == ["Task_navragen_svb"]


ZONDER_UITKERING = "2-intake-diagnose-en-plan/ondersteuning-zonder-uitkering.bpmn"
VSO = {
    "datum_aanmelding_zonder_uitkering": "2026-11-23",
    "herkomst_aanmelding": "vso_school",
    "leeftijd_aanmelding": 18,
}
UWV_NODIG = {"Task_intake": {"route_zonder_uitkering": "uwv_beoordeling"}}


def test_a_vso_school_leaver_without_a_benefit_gets_a_plan_after_the_uwv_beoordeling() -> None:
    tasks = ["Task_intake", "Task_uwv_beoordeling_aanvragen", "bericht beoordeling_uwv"]
    tasks += ["Task_plan_van_aanpak", "Task_plan_vaststellen"]
    assert_route(ZONDER_UITKERING, VSO, UWV_NODIG, tasks, "Ondersteuning naar werk gestart")
    case = Case(ZONDER_UITKERING, VSO).do("Task_intake", UWV_NODIG["Task_intake"])
    case.do("Task_uwv_beoordeling_aanvragen", {"soort_uwv_beoordeling": "doelgroepregister"})
    assert (case.wait(), case.ready) == (dt.date(2027, 1, 18), ["Task_uwv_rappelleren"])


def test_a_young_person_without_startkwalificatie_goes_back_to_onderwijs() -> None:
    answers = {"Task_intake": {"route_zonder_uitkering": "onderwijs"}}
    assert_route(ZONDER_UITKERING, VSO, answers, ["Task_intake"], "Doorverwezen naar onderwijs (RMC)")


WSW = "5-instrumenten/wsw-zittend-bestand.bpmn"
WSW_WERKNEMER = {
    "datum_indiensttreding_wsw": "2009-03-01",
    "werkvorm_wsw": "sw_bedrijf",
    "datum_laatste_indicatie": "2013-05-01",
}


def test_a_wsw_werknemer_has_a_yearly_ontwikkelgesprek_and_may_grow_to_another_werkvorm() -> None:
    case = Case(WSW, WSW_WERKNEMER)
    assert (case.wait(), case.ready) == (dt.date(2027, 11, 23), ["Task_ontwikkelgesprek"])
    case.do("Task_ontwikkelgesprek", {"ontwikkeling_wsw": "doorgroei"})
    assert case.ready == ["Task_andere_werkvorm"]
    case.do("Task_andere_werkvorm", {"nieuwe_werkvorm_wsw": "detachering"})
    assert case.ready == [] and steps.next_timer(case.step.workflow) is not None  # next year's gesprek


def test_a_herindicatie_without_the_wsw_doelgroep_moves_the_werknemer_to_regular_work() -> None:
    answers = {
        "Task_ontwikkelgesprek": {"ontwikkeling_wsw": "twijfel_indicatie"},
        "Task_herindicatie_verwerken": {"uitkomst_herindicatie": "geen_indicatie"},
    }
    tasks = ["Task_ontwikkelgesprek", "Task_herindicatie_aanvragen", "bericht herindicatie_uwv"]
    tasks += ["Task_herindicatie_verwerken", "Task_uitstroom_regelen"]
    assert_route(WSW, WSW_WERKNEMER, answers, tasks, "Uit de Wsw naar regulier werk")
