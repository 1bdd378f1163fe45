"""Input from the klant, werkgever and UWV arrives as a message with a timeout, not as a task in their
lane (issue #16): the organisation's wait is a message catch behind an event-based gateway, what the
message carries stays in the case data, and without it the case goes on when the term runs out."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine
from lxml import etree

from engine import cases, processes, tasks, timers
from engine.errors import InvalidInput
from engine.models import Case
from engine.vocabulary import NS
from tests.process_driver import fill, load, payload

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
EXTERNAL = ("klant", "werkgever", "uwv")
CONVERTED_BEFORE = {
    "bestuurlijke-boete": "zienswijze_boete",
    "bijstand-als-geldlening": "leningsovereenkomst_ondertekenen",
    "jaarlijkse-herberekening-lks": "loongegevens_bevestigen",
    "heronderzoek-rechtmatigheid": "gegevens_aanleveren_heronderzoek",
    "herzien-of-intrekken": "zienswijze_geven",
    "inkomsten-verrekenen": "loonstrook_aanleveren",
    "maatregel-opleggen": "zienswijze_op_gedraging",
    "opschorten-en-herstel-verzuim": "verzuim_herstellen",
    "signaal-inlichtingenbureau-start-inkomstenverhouding": "inkomstengegevens_aanleveren",
    "vakantietoeslag-uitbetalen": "inkomstenformulieren_inleveren",
    "verblijf-in-het-buitenland": "terugkeer_melden",
    "wijziging-doorgeven-en-verwerken": "bewijsstukken_aanleveren",
    "studietoeslag": "advies_verdiencapaciteit_uitbrengen",
}
# Session 10: the outsiders' tasks of phases 0 to 3 (issue #16); their messages declare the former form
# fields as their payload (docs/modelling.md).
CONVERTED_PHASES_0_TO_3 = [
    ("aanvraag-aanvullen-hersteltermijn", "ontbrekende_stukken_aanleveren"),
    ("identiteit-vaststellen", "geldig_identiteitsbewijs_overleggen"),
    ("doorverwijzen-naar-voorliggende-voorziening", "toestemming_geven"),
    ("melding-werkzoekende-registreren", "melding_werk_nl_doorzetten"),
    ("onderwijsmogelijkheden-jongeren-onderzoeken", "aanmelden_bij_opleiding"),
    ("rechten-en-plichtenbijeenkomst", "rechten_en_plichten_bevestigen"),
    ("zoektermijn-jongeren-bewaken", "zoekresultaten_doorgeven"),
    ("leefvorm-en-kostendelersnorm-vaststellen", "partner_ondertekent_aanvraag"),
    ("middelentoets", "voorliggende_voorziening_aanvragen"),
    ("advies-beschut-werk-aanvragen", "beschut_werk_beoordelen"),
    ("brede-intake", "vragenlijst_invullen"),
    ("doelgroep-loonkostensubsidie-vaststellen", "opnemen_doelgroepregister"),
    ("medisch-urenbeperkt-vaststellen", "medische_urenbeperking_beoordelen"),
    ("ontheffing-arbeidsverplichting", "medisch_advies_uitbrengen"),
    ("plan-van-aanpak-evalueren", "voortgang_voorbereiden"),
    ("plan-van-aanpak-opstellen", "plan_bespreken_en_ondertekenen"),
    ("sociale-activering", "deelname_starten"),
    ("tegenprestatie", "tegenprestatie_starten"),
    ("tweede-poort-zittend-bestand", "vragenlijst_tweede_poort_invullen"),
    ("wachtlijst-beschut-werk", "arbeidsovereenkomst_aanbieden"),
    ("diagnosetraject", "toestemming_extern_onderzoek"),
    ("jongerenaanpak", "aanmelden_bij_opleiding"),
    ("jongerenaanpak", "leerwerkovereenkomst_aangaan"),
    ("participatieplaats", "plaatsingsafspraken_vastleggen"),
    ("proefplaats", "proefplaatsovereenkomst_ondertekenen"),
    ("tolkvoorziening", "tolkvoorziening_werkdomein_beoordelen"),
    ("groepsaanpak-werkacademie", "eindopdracht_inleveren"),
    ("proefplaats", "proefplaats_evalueren"),
]
# Session 11: the last outsiders' tasks, all in phase 3 (issue #16).
CONVERTED_PHASE_3_LAST = [
    ("premie-participatie", "aanwezigheid_en_inzet_bevestigen"),
    ("activeringsprogramma", "eigen_ervaring_doorgeven"),
    ("participatieplaats", "functioneren_beoordelen"),
    ("participatieplaats", "eigen_ervaring_doorgeven"),
    ("scholing-en-taaltraining", "opleiding_volgen_en_resultaat_doorgeven"),
    ("voortgangsgesprek-re-integratie", "eigen_voortgang_voorbereiden"),
    ("werkvoorzieningen", "offerte_aanleveren"),
    ("werkervaringsplaats", "leerwerkafspraken_vastleggen"),
    ("werkervaringsplaats", "eindbeoordeling_en_referentie"),
]
# Session 10: the outsiders' tasks of phases 4 to 8 (issue #16); their messages declare the former form
# fields as their payload too.
CONVERTED_PHASES_4_TO_8 = [
    ("beeindiging-uitkering", "laatste_inkomstenopgave_indienen"),
    ("invordering", "betalen_of_regeling_afspreken"),
    ("snelle-herstart-zekerheidsclausule", "stukken_aanleveren"),
    ("uitstroom-naar-andere-uitkering", "uitkeringsaanvraag_beoordelen"),
    ("uitstroom-naar-andere-uitkering", "aanvraag_indienen_svb_duo"),
    ("detachering-en-groepsdetachering", "inleenovereenkomst_sluiten"),
    ("job-carving", "functie_goedkeuren"),
    ("nazorg-op-de-werkplek", "knelpunt_oplossen"),
    ("vacature-intake", "vacatureprofiel_bevestigen"),
    ("werkgever-werven-en-accountplan", "accountplan_bespreken"),
    ("werving-en-selectie", "sollicitatiegesprek_voeren"),
    ("bijzondere-bijstand", "leenovereenkomst_ondertekenen"),
    ("plaatsingsafspraken-maken", "proefplaatsing_evalueren"),
    ("plaatsingsafspraken-maken", "arbeidsovereenkomst_sluiten"),
    ("scan-inclusief-ondernemen", "zelfscan_invullen"),
    ("scan-inclusief-ondernemen", "advies_bespreken"),
    ("beschut-werk-bij-externe-werkgever", "werkplek_inrichten_en_contract_aanbieden"),
    ("beschut-werk-realiseren", "arbeidsovereenkomst_aanbieden"),
    ("interne-werkbegeleiding", "begeleider_opleiden"),
    ("interne-werkbegeleiding", "begeleiding_verantwoorden"),
    ("jobcoaching-aanvragen-en-verlengen", "ervaringen_werkgever"),
    ("lks-betalen", "loonstrook_aanleveren"),
    ("loonkostensubsidie-aanvragen", "loonkostensubsidie_aanvragen"),
    ("loonwaarde-herbeoordelen", "actuele_taken_doorgeven"),
    ("loonwaardebepaling-op-de-werkplek", "functie_en_taken_aanleveren"),
    ("loonwaardebepaling-op-de-werkplek", "rapportage_bespreken"),
    ("verhaal-op-onderhoudsplichtigen", "gegevens_onderhoudsplichtige_verstrekken"),
]
CONVERTED = [
    *CONVERTED_BEFORE.items(),
    *CONVERTED_PHASES_0_TO_3,
    *CONVERTED_PHASE_3_LAST,
    *CONVERTED_PHASES_4_TO_8,
]


def test_the_converted_processes_wait_for_a_message_or_a_timer_and_give_the_outsider_no_task() -> None:
    for stem, message in CONVERTED:
        [path] = PROCESSES.rglob(f"{stem}.bpmn")
        root = etree.parse(str(path)).getroot()
        for lane in root.iterfind(".//bpmn:lane", NS):
            if lane.get("name") in EXTERNAL:
                members = {ref.text for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
                left = {t.get("id") for t in root.iterfind(".//bpmn:userTask", NS) if t.get("id") in members}
                assert left == set(), stem
        [defined] = root.xpath(f"bpmn:message[@name='{message}']", namespaces=NS)
        catches = root.xpath(
            f"//bpmn:intermediateCatchEvent[bpmn:messageEventDefinition/@messageRef='{defined.get('id')}']/@id",
            namespaces=NS,
        )
        # One catch waits behind the gateway with the timer; a second may wait on after the werkbedrijf's
        # own term passed (the late advice of UWV), with nothing in anyone's queue.
        into = " | ".join(f"//bpmn:sequenceFlow[@targetRef='{c}']/@id" for c in catches)
        [gateway] = root.xpath(f"//bpmn:eventBasedGateway[bpmn:outgoing = ({into})]", namespaces=NS)
        targets = root.xpath(
            f"//bpmn:sequenceFlow[@sourceRef='{gateway.get('id')}']/@targetRef", namespaces=NS
        )
        kinds = {
            etree.QName(child).localname
            for target in targets
            for child in root.xpath(f"//*[@id='{target}']/*", namespaces=NS)
        }
        assert {"messageEventDefinition", "timerEventDefinition"} <= kinds, stem


START = {
    "verplichting": "arbeidsverplichting",
    "datum_gedraging": "2026-11-16",
    "gesignaleerd_door": "klantmanager",
}
AT = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def first_task_done(db, who, process_id: str, gemeente: str, start: dict, answers: dict | None = None) -> str:
    """A case of ``process_id`` whose first task ``who`` completed (with ``answers``, else generated
    valid data); the case id."""
    with db.tx() as session:
        case = cases.start_case(session, db.cache, db.profiles, who.actor, process_id, gemeente, "K-9", start)
        case_id = case.id
        [task] = cases.case_tasks(session, case, open_only=True)
        form = db.cache.get(session, case.process_version).task_by_element(task.element_id).form
    with db.tx() as session:
        tasks.complete_task(session, db.cache, who.actor, task.id, answers or fill(form, random.Random(3)))
    return case_id


def zienswijze_gevraagd(db, who, gemeente: str) -> str:
    """A maatregel case whose klantmanager invited the klant to give a zienswijze; the case id."""
    return first_task_done(db, who, "maatregel_opleggen", gemeente, START)


def open_elements(db, case_id: str) -> list[str]:
    with db.tx() as session:
        return [t.element_id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)]


def deliver(db, who, case_id: str, name: str, payload: dict) -> None:
    with db.tx() as session:
        cases.deliver_message(session, db.cache, who.actor, case_id, name, payload)


def went_on_with(db, case_id: str, name: str, payload: dict, task: str) -> None:
    """The case went on to ``task`` and keeps the message's payload, with no timer left to wait for."""
    assert open_elements(db, case_id) == [task]
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case.data[name] == payload and case.next_timer_at is None


def fire_timers_at(db, at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        while timers.fire_due(db.factory, db.cache):
            pass


def test_the_klants_zienswijze_arrives_as_a_message_and_its_content_stays_in_the_case(
    db, staff, gemeente
) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = zienswijze_gevraagd(db, klantmanager, gemeente)
        # The organisation waits: no task in anyone's queue, the timeout is the case's next timer.
        assert open_elements(db, case_id) == []
        with db.tx() as session:
            assert session.get(Case, case_id).next_timer_at == AT + dt.timedelta(weeks=1)
        zienswijze = {"zienswijze": "Ik was ziek op de dag van het gesprek", "bewijs_overlegd": True}
        deliver(db, klantmanager, case_id, "zienswijze_op_gedraging", zienswijze)
    went_on_with(db, case_id, "zienswijze_op_gedraging", zienswijze, "Task_verwijtbaarheid_beoordelen")


def test_without_a_zienswijze_the_case_goes_on_when_the_week_is_over(db, staff, gemeente) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = zienswijze_gevraagd(db, klantmanager, gemeente)
    fire_timers_at(db, AT + dt.timedelta(weeks=1, minutes=1))
    assert open_elements(db, case_id) == ["Task_verwijtbaarheid_beoordelen"]
    with db.tx() as session:
        assert "zienswijze_op_gedraging" not in session.get(Case, case_id).data


def test_the_messages_of_phases_0_to_8_declare_the_former_form_fields_as_their_payload() -> None:
    for stem, message in [*CONVERTED_PHASES_0_TO_3, *CONVERTED_PHASE_3_LAST, *CONVERTED_PHASES_4_TO_8]:
        [path] = PROCESSES.rglob(f"{stem}.bpmn")
        definition = load(path)
        assert definition.message_forms[message].fields, stem
        assert f"messages/{message}" in definition.documentation, stem


HERSTEL_START = {"datum_aanvraag": "2026-11-02", "ontbrekende_gegevens": "loonstroken"}
HERSTEL = {"hersteltermijn_dagen": 14, "gevraagde_stukken": "loonstroken", "datum_verzuimbrief": "2026-11-23"}


def hersteltermijn_gesteld(db, who, gemeente: str) -> str:
    """An aanvraag whose inkomensconsulent sent the verzuimbrief with a hersteltermijn of 14 days."""
    return first_task_done(db, who, "aanvraag_aanvullen_hersteltermijn", gemeente, HERSTEL_START, HERSTEL)


def test_the_klants_stukken_arrive_as_a_message_checked_against_its_fields_and_kept_in_the_case(
    db, staff, gemeente
) -> None:
    consulent = staff("inkomensconsulent")
    with time_machine.travel(AT, tick=False):
        case_id = hersteltermijn_gesteld(db, consulent, gemeente)
        assert open_elements(db, case_id) == []
        with db.tx() as session:  # Awb 4:5: 14 days from the verzuimbrief's date, to the end of that day
            assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 12, 8, tzinfo=dt.UTC)
        # A payload that does not fit the message's fields is refused, naming the field; nothing changes.
        with db.tx() as session, pytest.raises(InvalidInput) as refused:
            cases.deliver_message(
                session,
                db.cache,
                consulent.actor,
                case_id,
                "ontbrekende_stukken_aanleveren",
                {"stukken": "x"},
            )
        assert {e.field for e in refused.value.errors} == {"aangeleverde_stukken", "stukken"}
        stukken = {"aangeleverde_stukken": "Loonstroken oktober en november", "toelichting_klant": None}
        deliver(db, consulent, case_id, "ontbrekende_stukken_aanleveren", stukken)
    went_on_with(db, case_id, "ontbrekende_stukken_aanleveren", stukken, "Task_ingekomen_stukken_registreren")


def test_without_the_stukken_the_consulent_decides_on_the_incomplete_aanvraag_after_the_hersteltermijn(
    db, staff, gemeente
) -> None:
    consulent = staff("inkomensconsulent")
    with time_machine.travel(AT, tick=False):
        case_id = hersteltermijn_gesteld(db, consulent, gemeente)
    # the last day of the term is the klant's; the timers of other tests' cases may fire meanwhile
    fire_timers_at(db, dt.datetime(2026, 12, 7, 23, 59, tzinfo=dt.UTC))
    assert open_elements(db, case_id) == []
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 12, 8, tzinfo=dt.UTC)
    fire_timers_at(db, dt.datetime(2026, 12, 8, 0, 1, tzinfo=dt.UTC))
    assert open_elements(db, case_id) == ["Task_vervolg_onvolledige_aanvraag_bepalen"]
    with db.tx() as session:
        assert "ontbrekende_stukken_aanleveren" not in session.get(Case, case_id).data


def test_every_aanvraag_waits_for_the_klants_stukken_in_the_hersteltermijn_it_calls(
    db, staff, gemeente
) -> None:
    """The aanvraag levensonderhoud has no message of its own for missing stukken: it calls the
    hersteltermijn, whose message the klant's stukken are; the case keeps its own data meanwhile and
    goes on with what the hersteltermijn returns."""
    consulent = staff("inkomensconsulent", "backoffice")  # the backoffice registers the stukken
    start = {
        "datum_aanvraag": "2026-11-16",
        "datum_melding": "2026-11-10",
        "opgegeven_leefvorm": "alleenstaand",
    }
    onvolledig = {"aanvraag_volledig": False, "ontbrekende_gegevens": "loonstroken"}
    with time_machine.travel(AT, tick=False):
        case_id = first_task_done(
            db, consulent, "aanvraag_levensonderhoud_behandelen", gemeente, start, onvolledig
        )
        assert open_elements(db, case_id) == ["Task_hersteltermijn_vaststellen"]
        with db.tx() as session:
            [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
            tasks.complete_task(session, db.cache, consulent.actor, task.id, HERSTEL)
        assert open_elements(db, case_id) == []
        stukken = {"aangeleverde_stukken": "Loonstroken oktober en november", "toelichting_klant": None}
        deliver(db, consulent, case_id, "ontbrekende_stukken_aanleveren", stukken)
        with db.tx() as session:
            data = session.get(Case, case_id).data
        # the case's own data stays while the hersteltermijn runs; the message's is the hersteltermijn's
        assert data["datum_melding"] == "2026-11-10" and data["ontbrekende_stukken_aanleveren"] == stukken
        for element, answers in [
            (
                "Task_ingekomen_stukken_registreren",
                {"datum_ontvangst_stukken": "2026-11-30", "stukken_gekoppeld": True},
            ),
            (
                "Task_aangeleverde_stukken_beoordelen",
                {"aanvraag_compleet": True, "nieuwe_termijn_bieden": False},
            ),
        ]:
            with db.tx() as session:
                [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
                assert task.element_id == element
                tasks.complete_task(session, db.cache, consulent.actor, task.id, answers)
    assert open_elements(db, case_id) == ["Task_opgaven_vastleggen"]
    with db.tx() as session:
        data = session.get(Case, case_id).data
    # Awb 4:15: 23 November to 30 November suspended; the term 8 weeks from 16 November, 7 days later
    assert (data["uitkomst_hersteltermijn"], data["opgeschorte_dagen"]) == ("aangevuld", 7)
    assert data["beslistermijn_tot"] == "2027-01-18" and data["datum_melding"] == "2026-11-10"
    assert "ontbrekende_stukken_aanleveren" not in data and "aanvraag_compleet" not in data


def toestemming_gevraagd(db, who, gemeente: str) -> str:
    """A doorverwijzing whose klantmanager chose a voorliggende voorziening and asked the klant's consent."""
    definition = load(PROCESSES / "0-melding-en-poort" / "doorverwijzen-naar-voorliggende-voorziening.bpmn")
    start = fill(definition.start_form, random.Random(5))
    return first_task_done(db, who, definition.process_id, gemeente, start)


def test_the_klants_consent_arrives_as_a_message_and_its_field_routes_the_case(db, staff, gemeente) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = toestemming_gevraagd(db, klantmanager, gemeente)
        assert open_elements(db, case_id) == []
        consent = {"toestemming_gegevensdeling": True}
        deliver(db, klantmanager, case_id, "toestemming_geven", consent)
    # The condition reads the message's field (toestemming_geven.toestemming_gegevensdeling): overdragen.
    went_on_with(db, case_id, "toestemming_geven", consent, "Task_warme_overdracht_doen")


def test_without_consent_within_two_weeks_the_klant_is_referred_on_his_own(db, staff, gemeente) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = toestemming_gevraagd(db, klantmanager, gemeente)
    fire_timers_at(db, AT + dt.timedelta(weeks=2, minutes=1))
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.outcome_element) == ("completed", "EndEvent_geen_toestemming")
        assert "toestemming_geven" not in case.data


def waiting_for_message(
    db, who, process_id: str, gemeente: str, start: dict, answers: dict, case_id: str | None = None
) -> str:
    """A case of ``process_id`` (its start form filled, ``start`` as given; or the case ``case_id``)
    whose staff did their tasks (with ``answers`` where a form asks them) until the case waits for no
    one; the case id."""
    rng = random.Random(5)
    if case_id is None:
        with db.tx() as session:
            version = processes.latest_version(session, process_id, content=False)
            start = {**fill(db.cache.get(session, version).start_form, rng), **start}
            case_id = cases.start_case(
                session, db.cache, db.profiles, who.actor, process_id, gemeente, "K-9", start
            ).id
    while True:
        with db.tx() as session:
            case = session.get(Case, case_id)
            open_tasks = cases.case_tasks(session, case, open_only=True)
            if not open_tasks:
                return case_id
            form = db.cache.get(session, case.process_version).task_by_element(open_tasks[0].element_id).form
        data = {**fill(form, rng), **{k: v for k, v in answers.items() if k in {f.id for f in form.fields}}}
        with db.tx() as session:
            tasks.complete_task(session, db.cache, who.actor, open_tasks[0].id, data)


def ending(db, case_id: str) -> tuple[str, str | None, str | None]:
    """How the case stands: its status, the end event it ended at and that end's uitkomst."""
    with db.tx() as session:
        case = session.get(Case, case_id)
        return case.status, case.outcome_element, case.outcome_type


def case_data(db, case_id: str) -> dict:
    with db.tx() as session:
        return dict(session.get(Case, case_id).data)


VORDERING = {"vorderingsbedrag": 900, "lopende_bijstand": False, "datum_bekendmaking": "2026-11-20"}


def test_the_klants_betalingsregeling_arrives_as_a_message_and_the_aflossing_is_checked_after_six_months(
    db, staff, gemeente
) -> None:
    backoffice = staff("backoffice")
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(db, backoffice, "invordering", gemeente, VORDERING, {})
        with db.tx() as session:
            assert session.get(Case, case_id).next_timer_at == AT + dt.timedelta(weeks=6)
        regeling = {"keuze_betaling": "regeling", "maandbedrag_regeling": 75}
        deliver(db, backoffice, case_id, "betalen_of_regeling_afspreken", regeling)
    # the regeling is in the case; the next wait is the controleperiode, not the betalingstermijn
    assert case_data(db, case_id)["betalen_of_regeling_afspreken"] == regeling
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2027, 5, 23, 9, tzinfo=dt.UTC)
    assert open_elements(db, case_id) == []


def test_without_payment_or_regeling_within_six_weeks_the_vordering_goes_to_dwanginvordering(
    db, staff, gemeente
) -> None:
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(db, staff("backoffice"), "invordering", gemeente, VORDERING, {})
    fire_timers_at(db, AT + dt.timedelta(weeks=6, minutes=1))
    assert open_elements(db, case_id) == ["Task_dwangbevel_en_beslag"]
    assert "betalen_of_regeling_afspreken" not in case_data(db, case_id)


AANVRAAGPLICHT = {"soort_uitkering": "uwv", "verwachte_ingangsdatum": "2027-01-01"}


def test_uwvs_decision_arrives_as_a_message_and_decides_the_route_of_the_bijstand(
    db, staff, gemeente
) -> None:
    consulent = staff("inkomensconsulent")
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(
            db, consulent, "uitstroom_naar_andere_uitkering", gemeente, AANVRAAGPLICHT, {}
        )
        besluit = {
            "besluit_andere_uitkering": "toegekend_onder_minimum",
            "ingangsdatum_andere_uitkering": "2027-01-01",
        }
        deliver(db, consulent, case_id, "uitkeringsaanvraag_beoordelen", besluit)
    assert open_elements(db, case_id) == ["Task_aanvullende_bijstand_herberekenen"]
    assert case_data(db, case_id)["uitkeringsaanvraag_beoordelen"] == besluit


def test_without_a_decision_of_uwv_within_eight_weeks_the_bijstand_goes_on(db, staff, gemeente) -> None:
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(
            db, staff("inkomensconsulent"), "uitstroom_naar_andere_uitkering", gemeente, AANVRAAGPLICHT, {}
        )
    fire_timers_at(db, AT + dt.timedelta(weeks=8, minutes=1))
    assert ending(db, case_id) == ("completed", "EndEvent_bijstand_loopt_door", "geen_gevolg")


def test_the_werkgevers_verdict_on_the_interview_arrives_as_a_message_and_ends_the_case_by_it(
    db, staff, gemeente
) -> None:
    team = staff("accountmanager", "werkcoach")
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(db, team, "werving_en_selectie", gemeente, {}, {})
        verdict = {"uitkomst_gesprek": "proefplaatsing", "terugkoppeling_werkgever": "eerst twee maanden"}
        deliver(db, team, case_id, "sollicitatiegesprek_voeren", verdict)
    assert ending(db, case_id) == ("completed", "EndEvent_proefplaatsing_afgesproken", "geplaatst")
    assert case_data(db, case_id)["sollicitatiegesprek_voeren"] == verdict


def test_without_the_werkgevers_verdict_the_case_ends_after_two_weeks_as_no_feedback(
    db, staff, gemeente
) -> None:
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(
            db, staff("accountmanager", "werkcoach"), "werving_en_selectie", gemeente, {}, {}
        )
    fire_timers_at(db, AT + dt.timedelta(weeks=2, minutes=1))
    assert ending(db, case_id) == ("completed", "EndEvent_geen_terugkoppeling_werkgever", "afgebroken")


LKS = {"functie": "Magazijnmedewerker", "soort_dienstverband": "bepaalde_tijd", "contractduur_maanden": 12}


def test_the_werkgevers_lks_aanvraag_arrives_as_a_message_and_the_klantmanager_toetst_it(
    db, staff, gemeente
) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(db, klantmanager, "loonkostensubsidie_aanvragen", gemeente, {}, {})
        deliver(db, klantmanager, case_id, "loonkostensubsidie_aanvragen", LKS)
    assert open_elements(db, case_id) == ["Task_doelgroep_vaststellen"]
    assert case_data(db, case_id)["loonkostensubsidie_aanvragen"] == LKS


def test_an_lks_aanvraag_not_made_within_six_months_is_too_late(db, staff, gemeente) -> None:
    with time_machine.travel(AT, tick=False):
        case_id = waiting_for_message(
            db, staff("klantmanager"), "loonkostensubsidie_aanvragen", gemeente, {}, {}
        )
    fire_timers_at(db, AT + dt.timedelta(days=183))
    assert ending(db, case_id) == ("completed", "EndEvent_aanvraag_te_laat", "afgewezen")


def test_a_missing_loonstrook_brings_a_reminder_and_the_payment_waits_for_the_loonstrook_again(
    db, staff, gemeente
) -> None:
    # The non-interrupting reminder of 6 weeks became a loop: the klantmanager aanmaant the werkgever
    # and the case waits again for the loonstrook (or the next 6 weeks), instead of a side branch.
    team = staff("klantmanager", "backoffice")
    start = AT - dt.timedelta(days=40)
    with time_machine.travel(start, tick=False):
        case_id = waiting_for_message(db, team, "lks_betalen", gemeente, {}, {})
    fire_timers_at(db, AT)  # the month is over: the case waits for the loonstrook
    assert open_elements(db, case_id) == []
    reminded = AT + dt.timedelta(weeks=6, minutes=1)
    fire_timers_at(db, reminded)
    assert open_elements(db, case_id) == ["Task_werkgever_aanmanen"]
    with time_machine.travel(reminded, tick=False):
        waiting_for_message(db, team, "lks_betalen", gemeente, {}, {}, case_id=case_id)
        with db.tx() as session:
            assert session.get(Case, case_id).next_timer_at == reminded + dt.timedelta(weeks=6)
        loonstrook = {"gewerkte_uren": 120, "ziekte_of_onbetaald_verlof": False}
        deliver(db, team, case_id, "loonstrook_aanleveren", loonstrook)
    assert open_elements(db, case_id) == ["Task_loonstrook_controleren"]
    assert case_data(db, case_id)["loonstrook_aanleveren"] == loonstrook


def adviesaanvraag_verstuurd(db, who, gemeente: str) -> str:
    """An aanvraag for beschut werk whose werkcoach sent the adviesaanvraag to UWV."""
    definition = load(PROCESSES / "2-intake-diagnose-en-plan" / "advies-beschut-werk-aanvragen.bpmn")
    start = fill(definition.start_form, random.Random(4))
    return first_task_done(db, who, definition.process_id, gemeente, start)


ADVIES = {"advies_uwv": "positief", "toelichting_advies_uwv": "Blijvend aangewezen op beschut werk"}


def test_uwvs_advies_arrives_as_a_message_and_the_klantmanager_decides_on_it(db, staff, gemeente) -> None:
    werkcoach = staff("werkcoach")
    with time_machine.travel(AT, tick=False):
        case_id = adviesaanvraag_verstuurd(db, werkcoach, gemeente)
        assert open_elements(db, case_id) == []
        with db.tx() as session:  # the beslistermijn of 8 weeks is what the case waits for
            assert session.get(Case, case_id).next_timer_at == AT + dt.timedelta(weeks=8)
        deliver(db, werkcoach, case_id, "beschut_werk_beoordelen", ADVIES)
    went_on_with(db, case_id, "beschut_werk_beoordelen", ADVIES, "Task_besluit_beschut_werk_nemen")


def test_when_the_beslistermijn_passes_the_klant_is_told_and_the_case_waits_on_for_the_advies(
    db, staff, gemeente
) -> None:
    werkcoach = staff("werkcoach", "klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = adviesaanvraag_verstuurd(db, werkcoach, gemeente)
    fire_timers_at(db, AT + dt.timedelta(weeks=8, minutes=1))
    assert open_elements(db, case_id) == ["Task_klant_informeren_vertraging"]
    with db.tx() as session:
        case = session.get(Case, case_id)
        [task] = cases.case_tasks(session, case, open_only=True)
        form = db.cache.get(session, case.process_version).task_by_element(task.element_id).form
    with db.tx() as session:
        tasks.complete_task(session, db.cache, werkcoach.actor, task.id, fill(form, random.Random(1)))
    assert open_elements(db, case_id) == []  # waiting on for UWV, without a second term
    with time_machine.travel(AT + dt.timedelta(weeks=9), tick=False):
        deliver(db, werkcoach, case_id, "beschut_werk_beoordelen", ADVIES)
    went_on_with(db, case_id, "beschut_werk_beoordelen", ADVIES, "Task_besluit_beschut_werk_nemen")


DIAGNOSE = PROCESSES / "3-re-integratie-en-ontwikkeling" / "diagnosetraject.bpmn"


def test_the_klants_consent_to_an_external_diagnose_arrives_as_a_message(db, staff, gemeente) -> None:
    werkcoach = staff("werkcoach")
    definition = load(DIAGNOSE)
    with time_machine.travel(AT, tick=False), db.tx() as session:
        start = fill(definition.start_form, random.Random(2))
        case_id = cases.start_case(
            session, db.cache, db.profiles, werkcoach.actor, definition.process_id, gemeente, "K-6", start
        ).id
    assert open_elements(db, case_id) == []  # the case starts waiting for the klant
    consent = {"toestemming_onderzoek": True, "opmerkingen_klant": None}
    with time_machine.travel(AT + dt.timedelta(days=3), tick=False):
        deliver(db, werkcoach, case_id, "toestemming_extern_onderzoek", consent)
    went_on_with(db, case_id, "toestemming_extern_onderzoek", consent, "Task_opdracht_diagnose_verstrekken")


def test_without_consent_within_two_weeks_the_diagnose_goes_on_without_external_research(
    db, staff, gemeente
) -> None:
    werkcoach = staff("werkcoach")
    definition = load(DIAGNOSE)
    with time_machine.travel(AT, tick=False), db.tx() as session:
        start = fill(definition.start_form, random.Random(2))
        case_id = cases.start_case(
            session, db.cache, db.profiles, werkcoach.actor, definition.process_id, gemeente, "K-6", start
        ).id
    fire_timers_at(db, AT + dt.timedelta(weeks=2, minutes=1))
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert (case.status, case.outcome_element) == ("completed", "EndEvent_geen_toestemming")


@dataclass(frozen=True)
class Wait:
    """A case of ``process`` that ``roles`` drive (with ``answers``) through ``before`` (a period the
    case waits, or a message delivered with a payload that fits) until it waits for the outsider's
    ``message`` alone; ``delivered`` is the task the message leads to; without it, after ``term``,
    the case goes on to ``not_delivered`` (a task or the end event the case ended at)."""

    process: str
    roles: tuple[str, ...]
    message: str
    payload: dict
    delivered: str
    term: dt.timedelta
    not_delivered: str
    answers: dict = field(default_factory=dict)
    before: tuple[dt.timedelta | str, ...] = ()


PHASE_3_LAST = {
    "premie-participatie": Wait(
        "premie_participatie",
        ("werkcoach",),
        "aanwezigheid_en_inzet_bevestigen",
        {"aanwezigheid_percentage": 92, "inzet_deelnemer": "goed"},
        "Task_besluit_op_premie",
        dt.timedelta(weeks=2),
        "Task_besluit_op_premie",
    ),
    "activeringsprogramma": Wait(
        "activeringsprogramma",
        ("werkcoach", "jobcoach"),
        "eigen_ervaring_doorgeven",
        {"tevredenheid_programma": 7, "wil_richting_werk": True},
        "Task_programma_evalueren",
        dt.timedelta(weeks=1),
        "Task_programma_evalueren",
        before=(dt.timedelta(days=92),),  # the programme of 3 months, then the meting
    ),
    # After six months on the participatieplaats the werkcoach asks the werkgever and the klant.
    "participatieplaats-werkgever": Wait(
        "participatieplaats",
        ("klantmanager", "werkcoach"),
        "functioneren_beoordelen",
        {"inzet_deelnemer": "voldoende", "toelichting_werkgever": "Komt op tijd, werkt zelfstandig"},
        "Task_halfjaarlijkse_beoordeling",
        dt.timedelta(weeks=2),
        "Task_halfjaarlijkse_beoordeling",
        before=("plaatsingsafspraken_vastleggen", dt.timedelta(days=182), "eigen_ervaring_doorgeven"),
    ),
    "participatieplaats-klant": Wait(
        "participatieplaats",
        ("klantmanager", "werkcoach"),
        "eigen_ervaring_doorgeven",
        {"tevredenheid_plaats": 8, "wensen_klant": "Meer klantcontact"},
        "Task_halfjaarlijkse_beoordeling",
        dt.timedelta(weeks=2),
        "Task_halfjaarlijkse_beoordeling",
        before=("plaatsingsafspraken_vastleggen", dt.timedelta(days=182), "functioneren_beoordelen"),
    ),
    # A training of 3 months from 23 November: without a result the werkcoach decides a month after
    # its planned end, at the start of 23 March; the message's resultaat decides the route.
    "scholing-en-taaltraining": Wait(
        "scholing_en_taaltraining",
        ("werkcoach", "backoffice"),
        "opleiding_volgen_en_resultaat_doorgeven",
        {"resultaat_opleiding": "behaald", "toelichting_resultaat": "Certificaat NT2 B1"},
        "EndEvent_diploma_behaald",
        dt.datetime(2027, 3, 23, tzinfo=dt.UTC) - AT,
        "Task_vervolg_na_uitval_bepalen",
        answers={"kosten_scholing": 1200, "inschrijfdatum": "2026-11-23", "duur_maanden": 3},
    ),
    # Without the klant's preparation the werkcoach invites him again; the driegesprek follows.
    "voortgangsgesprek-re-integratie": Wait(
        "voortgangsgesprek_reintegratie",
        ("jobcoach", "werkcoach"),
        "eigen_voortgang_voorbereiden",
        {"eigen_beoordeling": 6, "hulpvraag": "Hulp bij solliciteren"},
        "Task_driegesprek_voeren",
        dt.timedelta(weeks=2),
        "Task_klant_opnieuw_uitnodigen",
    ),
    # Without the werkgever's offerte the klantmanager decides on the jobcoach's onderzoek alone.
    "werkvoorzieningen": Wait(
        "werkvoorzieningen",
        ("jobcoach",),
        "offerte_aanleveren",
        {"kosten_voorziening": 4200, "bijdrage_werkgever": 1000},
        "Task_besluit_werkvoorziening",
        dt.timedelta(weeks=4),
        "Task_besluit_werkvoorziening",
    ),
    # The werkgever's leerwerkafspraken start the period of 6 months; without them in 4 weeks the
    # werkervaringsplaats does not go on.
    "werkervaringsplaats-afspraken": Wait(
        "werkervaringsplaats",
        ("accountmanager",),
        "leerwerkafspraken_vastleggen",
        {"begeleider_werkgever": "J. de Vries", "uren_per_week": 24, "startdatum_werkervaring": "2026-12-01"},
        "Task_begeleiding_op_werkplek",
        dt.timedelta(weeks=4),
        "EndEvent_geen_leerwerkafspraken",
        answers={"plek_gevonden": True},
    ),
    # After the period the werkgever's eindbeoordeling; without it the werkcoach decides the vervolg.
    "werkervaringsplaats-eindbeoordeling": Wait(
        "werkervaringsplaats",
        ("accountmanager", "jobcoach"),
        "eindbeoordeling_en_referentie",
        {"eindbeoordeling": "goed", "referentie_gegeven": True},
        "Task_vervolg_bepalen",
        dt.timedelta(weeks=2),
        "Task_vervolg_bepalen",
        answers={"plek_gevonden": True},
        before=("leerwerkafspraken_vastleggen", dt.timedelta(days=182)),
    ),
}


def waiting_for(db, staff, gemeente: str, wait: Wait) -> tuple[str, dt.datetime]:
    """A case waiting for ``wait.message`` alone; its id and the moment it began to wait."""
    who = staff(*wait.roles)
    now = AT
    with time_machine.travel(now, tick=False):
        case_id = waiting_for_message(db, who, wait.process, gemeente, {}, wait.answers)
    for step in wait.before:
        if isinstance(step, str):
            with time_machine.travel(now, tick=False), db.tx() as session:
                definition = db.cache.get(session, session.get(Case, case_id).process_version)
                fits = payload(definition, step, random.Random(7))
                cases.deliver_message(session, db.cache, who.actor, case_id, step, fits)
        else:
            now += step + dt.timedelta(minutes=1)
            fire_timers_at(db, now)
        with time_machine.travel(now, tick=False):
            waiting_for_message(db, who, wait.process, gemeente, {}, wait.answers, case_id=case_id)
    assert open_elements(db, case_id) == []
    return case_id, now


def where(db, case_id: str) -> list[str]:
    """The open tasks of a running case, or the end event the case ended at."""
    status, end, _ = ending(db, case_id)
    return open_elements(db, case_id) if status == "running" else [str(end)]


@pytest.mark.parametrize("stem", PHASE_3_LAST)
def test_the_outsiders_message_of_phase_3_is_kept_and_the_case_goes_on_with_it(
    db, staff, gemeente, stem: str
) -> None:
    wait = PHASE_3_LAST[stem]
    case_id, now = waiting_for(db, staff, gemeente, wait)
    with time_machine.travel(now + dt.timedelta(days=3), tick=False):
        deliver(db, staff(*wait.roles), case_id, wait.message, wait.payload)
    assert where(db, case_id) == [wait.delivered]
    assert case_data(db, case_id)[wait.message] == wait.payload


@pytest.mark.parametrize("stem", PHASE_3_LAST)
def test_without_the_outsiders_message_the_phase_3_case_goes_on_when_the_term_is_over(
    db, staff, gemeente, stem: str
) -> None:
    wait = PHASE_3_LAST[stem]
    case_id, now = waiting_for(db, staff, gemeente, wait)
    fire_timers_at(db, now + wait.term - dt.timedelta(minutes=2))
    assert where(db, case_id) == []  # the outsider's term is not over yet
    fire_timers_at(db, now + wait.term + dt.timedelta(minutes=1))
    assert where(db, case_id) == [wait.not_delivered]
    assert wait.message not in case_data(db, case_id)


def test_no_process_gives_the_klant_werkgever_or_uwv_a_task() -> None:
    for path in sorted(PROCESSES.rglob("*.bpmn")):
        root = etree.parse(str(path)).getroot()
        for lane in root.iterfind(".//bpmn:lane", NS):
            if lane.get("name") in EXTERNAL:
                members = {ref.text for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
                left = {t.get("id") for t in root.iterfind(".//bpmn:userTask", NS) if t.get("id") in members}
                assert left == set(), (path.name, left)
