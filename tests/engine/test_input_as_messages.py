"""Input from the klant, werkgever and UWV arrives as a message with a timeout, not as a task in their
lane (issue #16): the organisation's wait is a message catch behind an event-based gateway, what the
message carries stays in the case data, and without it the case goes on when the term runs out."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import time_machine
from lxml import etree

from engine import cases, tasks, timers
from engine.models import Case
from engine.vocabulary import NS
from tests.process_driver import fill

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
EXTERNAL = ("klant", "werkgever", "uwv")
CONVERTED = {
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


def test_the_converted_processes_wait_for_a_message_or_a_timer_and_give_the_outsider_no_task() -> None:
    for stem, message in CONVERTED.items():
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


def zienswijze_gevraagd(db, who, gemeente: str) -> str:
    """A maatregel case whose klantmanager invited the klant to give a zienswijze; the case id."""
    rng = random.Random(3)
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, who.actor, "maatregel_opleggen", gemeente, "K-9", START
        )
        case_id = case.id
        [task] = cases.case_tasks(session, case, open_only=True)
        form = db.cache.get(session, case.process_version).task_by_element(task.element_id).form
    with db.tx() as session:
        tasks.complete_task(session, db.cache, who.actor, task.id, fill(form, rng))
    return case_id


def open_elements(db, case_id: str) -> list[str]:
    with db.tx() as session:
        return [t.element_id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)]


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
        with db.tx() as session:
            cases.deliver_message(
                session, db.cache, klantmanager.actor, case_id, "zienswijze_op_gedraging", zienswijze
            )
    assert open_elements(db, case_id) == ["Task_verwijtbaarheid_beoordelen"]
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case.data["zienswijze_op_gedraging"] == zienswijze and case.next_timer_at is None


def test_without_a_zienswijze_the_case_goes_on_when_the_week_is_over(db, staff, gemeente) -> None:
    klantmanager = staff("klantmanager")
    with time_machine.travel(AT, tick=False):
        case_id = zienswijze_gevraagd(db, klantmanager, gemeente)
    with time_machine.travel(AT + dt.timedelta(weeks=1, minutes=1), tick=False):
        while timers.fire_due(db.factory, db.cache):
            pass
    assert open_elements(db, case_id) == ["Task_verwijtbaarheid_beoordelen"]
    with db.tx() as session:
        assert "zienswijze_op_gedraging" not in session.get(Case, case_id).data
