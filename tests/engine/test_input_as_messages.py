"""Input from the klant, werkgever and UWV arrives as a message with a timeout, not as a task in their
lane (issue #16): the organisation's wait is a message catch behind an event-based gateway, what the
message carries stays in the case data, and without it the case goes on when the term runs out."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import time_machine
from lxml import etree

from engine import cases, tasks, timers
from engine.errors import InvalidInput
from engine.models import Case
from engine.vocabulary import NS
from tests.process_driver import fill, load

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
    ("aanvraag-levensonderhoud-behandelen", "gegevens_aanleveren"),
    ("identiteit-vaststellen", "geldig_identiteitsbewijs_overleggen"),
    ("doorverwijzen-naar-voorliggende-voorziening", "toestemming_geven"),
    ("melding-werkzoekende-registreren", "melding_werk_nl_doorzetten"),
    ("onderwijsmogelijkheden-jongeren-onderzoeken", "aanmelden_bij_opleiding"),
    ("rechten-en-plichtenbijeenkomst", "rechten_en_plichten_bevestigen"),
    ("zoektermijn-jongeren-bewaken", "zoekresultaten_doorgeven"),
    ("aanvraag-ioaw-ioaz", "jaarcijfers_en_beeindigingsplan_aanleveren"),
    ("leefvorm-en-kostendelersnorm-vaststellen", "partner_ondertekent_aanvraag"),
    ("middelentoets", "voorliggende_voorziening_aanvragen"),
]
CONVERTED = [*CONVERTED_BEFORE.items(), *CONVERTED_PHASES_0_TO_3]


def test_the_converted_processes_wait_for_a_message_or_a_timer_and_give_the_outsider_no_task() -> None:
    for stem, message in CONVERTED:
        [path] = PROCESSES.rglob(f"{stem}.bpmn")
        root = etree.parse(str(path)).getroot()
        for lane in root.iterfind(".//bpmn:lane", NS):
            if lane.get("name") in EXTERNAL:
                members = {ref.text for ref in lane.iterfind("bpmn:flowNodeRef", NS)}
                assert not [t for t in root.iterfind(".//bpmn:userTask", NS) if t.get("id") in members], stem
        [defined] = root.xpath(f"bpmn:message[@name='{message}']", namespaces=NS)
        [catch] = root.xpath(
            f"//bpmn:intermediateCatchEvent[bpmn:messageEventDefinition/@messageRef='{defined.get('id')}']",
            namespaces=NS,
        )
        into = f"//bpmn:sequenceFlow[@targetRef='{catch.get('id')}']/@id"
        [gateway] = root.xpath(f"//bpmn:eventBasedGateway[bpmn:outgoing = {into}]", namespaces=NS)
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


def test_the_messages_of_phases_0_to_3_declare_the_former_form_fields_as_their_payload() -> None:
    for stem, message in CONVERTED_PHASES_0_TO_3:
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
    with time_machine.travel(dt.datetime(2026, 12, 7, 23, 59, tzinfo=dt.UTC), tick=False):
        assert timers.fire_due(db.factory, db.cache) == 0  # the last day of the term is the klant's
    fire_timers_at(db, dt.datetime(2026, 12, 8, 0, 1, tzinfo=dt.UTC))
    assert open_elements(db, case_id) == ["Task_vervolg_onvolledige_aanvraag_bepalen"]
    with db.tx() as session:
        assert "ontbrekende_stukken_aanleveren" not in session.get(Case, case_id).data


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
