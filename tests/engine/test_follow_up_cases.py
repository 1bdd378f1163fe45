"""Follow-up cases (ADR 40): an end event that names a ``vervolgproces`` starts that process's case for
the same client in the same transaction, driven through the real processes of processes/ on the real
engine and database: uitstroom naar werk → nazorg na werkaanvaarding → (job lost) snelle herstart."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from engine import audit, cases, processes, reports, steering, tasks, timers, versions
from engine.errors import NotFound, ProcessError
from engine.models import Case
from engine.period import Period
from engine.vocabulary import CaseStatus, EventType, SteeringLine
from tests.conftest import FIXTURES, PROCESSES
from tests.engine.test_steering import EVERYONE, MARCH, drive, report_of, values

UITSTROOM, NAZORG, HERSTART, METEN = (
    "uitstroom_naar_werk",
    "nazorg_na_werkaanvaarding",
    "snelle_herstart_zekerheidsclausule",
    "duurzaamheid_uitstroom_meten",
)
WERK = {
    "startdatum_werk": "2026-03-16",
    "werkgever": "Bakkerij De Graaf",
    "inkomen_boven_norm": True,
}


def ended_uitstroom(
    db: Any, staff: Any, gemeente: str, client: str, werk: dict[str, Any] = WERK
) -> tuple[Any, str, str]:
    """A worker of every lane role, an uitstroom naar werk they drove to its end (with ``werk``), and the
    id of the nazorg it started."""
    worker = staff(*EVERYONE)
    uitstroom_id = drive(db, worker.actor, UITSTROOM, gemeente, werk, client=client)
    with db.tx() as session:
        [nazorg_id] = session.scalars(select(Case.id).where(Case.origin_case_id == uitstroom_id))
    return worker, uitstroom_id, nazorg_id


def lose_the_work(db: Any, worker: Any, gemeente: str, nazorg_id: str, einde_werk: str) -> None:
    """Drive a nazorg to *Baan verloren*: the job in danger at the first check-in a month on, the
    employer does not keep the client, the work ended on ``einde_werk``."""
    lost = {
        "baan_in_gevaar": True,
        "maanden_in_dienst": 2,
        "werkgever_wil_behouden": False,
        "datum_einde_werk": einde_werk,
        "maanden_sinds_uitstroom": 2,
        "reden_einde_werk": "ontslag_proeftijd",
    }
    drive(db, worker.actor, NAZORG, gemeente, lost, case_id=nazorg_id, at=MARCH + dt.timedelta(hours=8))
    with time_machine.travel(MARCH + dt.timedelta(days=40), tick=False), db.tx() as session:
        assert timers.fire_due_timers(session, db.cache, nazorg_id)  # a month to the check-in
    drive(db, worker.actor, NAZORG, gemeente, lost, case_id=nazorg_id, at=MARCH + dt.timedelta(days=40))


def test_ending_uitstroom_starts_nazorg_for_the_same_client_and_records_both_ends(
    db: Any, staff: Any, gemeente: str
) -> None:
    worker, uitstroom_id, nazorg_id = ended_uitstroom(db, staff, gemeente, "K-VERVOLG")
    with db.tx() as session:
        uitstroom, nazorg = session.get(Case, uitstroom_id), session.get(Case, nazorg_id)
        assert uitstroom is not None and nazorg is not None
        # the uitstroom ended at its own end: outcome and lead time recorded there, not kept open
        assert (uitstroom.status, uitstroom.outcome_element, uitstroom.outcome_type) == (
            CaseStatus.COMPLETED,
            "EndEvent_uitkering_beeindigd",
            "uitstroom_werk",
        )
        assert uitstroom.ended_at is not None and nazorg.started_at == uitstroom.ended_at
        # the same client, gemeente and BSN hash; the values the end passes on; a version drawn as any start
        assert (nazorg.process_id, nazorg.client_ref, nazorg.gemeente, nazorg.status) == (
            NAZORG,
            "K-VERVOLG",
            gemeente,
            CaseStatus.RUNNING,
        )
        assert nazorg.bsn_hash == uitstroom.bsn_hash
        assert {k: nazorg.data[k] for k in ("startdatum_werk", "werkgever")} == {
            "startdatum_werk": "2026-03-16",
            "werkgever": "Bakkerij De Graaf",
        }
        assert nazorg.data["profiel"]["gemeente"] == gemeente and "inkomen_boven_norm" not in nazorg.data
        assert nazorg.started_by == worker.actor.name
        assert [t.name for t in cases.case_tasks(session, nazorg)] == [
            "Nazorgafspraken maken met klant en werkgever"
        ]
        # both histories say it, each in its own hash chain
        started = audit.history(session, nazorg)[0]
        assert started.type == EventType.CASE_STARTED
        assert started.data["vervolg_van"] == {
            "case_id": uitstroom_id,
            "process_id": UITSTROOM,
            "process_number": uitstroom.process_version.number,
            "end_element": "EndEvent_uitkering_beeindigd",
            "end_name": "Aan het werk, uitkering beëindigd",
        }
        assert "vervolg van zaak " + uitstroom_id in audit.describe(started)
        completed, follow_up = audit.history(session, uitstroom)[-2:]
        assert (completed.type, follow_up.type) == (EventType.CASE_COMPLETED, EventType.FOLLOW_UP_STARTED)
        assert follow_up.data["case_id"] == nazorg.id and follow_up.data["passed"] == [
            "datum_uitstroom",
            "startdatum_werk",
            "uitstroom_type",
            "via_bemiddeling",
            "werkgever",
        ]
        assert audit.describe(follow_up).startswith(f"Vervolgzaak gestart: {NAZORG} (procesversie ")
        assert audit.verify_case(session, uitstroom).ok and audit.verify_case(session, nazorg).ok
        # the outcome report counts the uitstroom as ended out to work in its month
        month = Period(MARCH.replace(day=1), MARCH.replace(month=4, day=1))
        [group] = reports.outcome_report(
            session, worker.actor, process_id=UITSTROOM, gemeente=gemeente, period=month
        )
        assert (group.ended, group.by_outcome) == (1, {"uitstroom_werk": 1})
        assert group.lead_time.max == (uitstroom.ended_at - uitstroom.started_at).total_seconds()


def test_the_journey_shows_the_follow_up_with_its_origin(db: Any, staff: Any, gemeente: str) -> None:
    worker = staff(*EVERYONE)
    uitstroom_id = drive(
        db, worker.actor, UITSTROOM, gemeente, {**WERK, "inkomen_boven_norm": False}, client="K-REIS"
    )
    with db.tx() as session:
        steps = cases.client_journey(session, worker.actor, "K-REIS")
        assert [(s.case.process_id, s.origin) for s in steps] == [(UITSTROOM, None), (NAZORG, uitstroom_id)]
        assert [s.follow_up for s in steps] == [steps[1].case.id, None]
        assert (
            steps[0].case.outcome_type == "vastgesteld"
        )  # aanvullende bijstand: its other end, also followed


def test_the_follow_up_is_scoped_like_any_case_of_its_gemeente_and_process(
    db: Any, staff: Any, gemeente: str
) -> None:
    backoffice = staff("backoffice", "inkomensconsulent", "werkcoach")
    uitstroom_id = drive(db, backoffice.actor, UITSTROOM, gemeente, WERK, client="K-SCOPE")
    coach = staff("werkcoach")
    elsewhere = staff("werkcoach", "klantmanager", gemeenten=["gemeente-elders"])
    payer = staff("backoffice")  # has work in the uitstroom, none in the nazorg
    with db.tx() as session:
        [nazorg] = session.scalars(select(Case).where(Case.origin_case_id == uitstroom_id))
        assert cases.get_case(session, coach.actor, nazorg.id).id == nazorg.id
        assert [t.case_id for t in tasks.work_queue(session, coach.actor)] == [nazorg.id]
        for outsider in (elsewhere, payer):
            with pytest.raises(NotFound):
                cases.get_case(session, outsider.actor, nazorg.id)
            assert tasks.work_queue(session, outsider.actor, process_id=NAZORG) == []
        # the payer reads the uitstroom but not where it led; the other gemeente reads neither
        assert [s.case.id for s in cases.client_journey(session, payer.actor, "K-SCOPE")] == [uitstroom_id]
        uitstroom = session.get(Case, uitstroom_id)
        assert uitstroom is not None
        assert cases.links(session, db.cache, payer.actor, uitstroom) == (None, None)
        # the werkcoach works in both
        assert cases.links(session, db.cache, coach.actor, uitstroom) == (None, nazorg)
        assert cases.links(session, db.cache, coach.actor, nazorg) == (uitstroom, None)
        assert cases.client_journey(session, elsewhere.actor, "K-SCOPE") == []


def test_a_lost_job_in_nazorg_starts_the_snelle_herstart_with_the_end_of_employment(
    db: Any, staff: Any, gemeente: str
) -> None:
    worker, _, nazorg_id = ended_uitstroom(db, staff, gemeente, "K-HERSTART")
    lose_the_work(db, worker, gemeente, nazorg_id, "2026-05-29")
    with db.tx() as session:
        nazorg = session.get(Case, nazorg_id)
        assert nazorg is not None
        assert (nazorg.status, nazorg.outcome_element) == (CaseStatus.COMPLETED, "EndEvent_baan_verloren")
        [herstart] = session.scalars(select(Case).where(Case.origin_case_id == nazorg_id))
        assert herstart.process_id == HERSTART and herstart.client_ref == "K-HERSTART"
        assert {
            k: herstart.data[k] for k in ("datum_einde_werk", "maanden_sinds_uitstroom", "reden_einde_werk")
        } == {
            "datum_einde_werk": "2026-05-29",
            "maanden_sinds_uitstroom": 2,
            "reden_einde_werk": "ontslag_proeftijd",
        }
        journey = [s.case.process_id for s in cases.client_journey(session, worker.actor, "K-HERSTART")]
        assert journey == [UITSTROOM, NAZORG, HERSTART]


def test_an_uitstroom_whose_nazorg_ends_at_work_starts_the_duurzaamheid_counted_from_the_uitstroom(
    db: Any, staff: Any, gemeente: str
) -> None:
    """uitstroom naar werk -> nazorg -> (werk behouden) duurzaamheid van de uitstroom meten, through the
    real processes: the measurement gets the uitstroom's date, type and bemiddeling, its 6 and 12 months
    count from the uitstroom date (not from its own start, weeks later), and the steering KPI counts it
    in the month of the uitstroom."""
    werk = {**WERK, "datum_uitstroom": "2026-03-31", "uitstroom_type": "lks", "via_bemiddeling": True}
    worker, _, nazorg_id = ended_uitstroom(db, staff, gemeente, "K-DUURZAAM", werk)
    kept = {"baan_in_gevaar": False, "maanden_in_dienst": 24, "uitstroom_duurzaam": True}
    drive(db, worker.actor, NAZORG, gemeente, kept, case_id=nazorg_id, at=MARCH + dt.timedelta(hours=8))
    check_in = MARCH + dt.timedelta(days=40)
    with time_machine.travel(check_in, tick=False), db.tx() as session:
        assert timers.fire_due_timers(session, db.cache, nazorg_id)
    drive(db, worker.actor, NAZORG, gemeente, kept, case_id=nazorg_id, at=check_in)
    with db.tx() as session:
        nazorg = session.get(Case, nazorg_id)
        assert nazorg is not None and nazorg.ended_at is not None
        assert (nazorg.status, nazorg.outcome_element) == (
            CaseStatus.COMPLETED,
            "EndEvent_duurzaamheid_meten",
        )
        [meten] = session.scalars(select(Case).where(Case.origin_case_id == nazorg_id))
        assert (meten.process_id, meten.client_ref, meten.started_at) == (
            METEN,
            "K-DUURZAAM",
            nazorg.ended_at,
        )
        assert {k: meten.data[k] for k in ("datum_uitstroom", "uitstroom_type", "via_bemiddeling")} == {
            "datum_uitstroom": "2026-03-31",
            "uitstroom_type": "lks",
            "via_bemiddeling": True,
        }
        # six months after the uitstroom, not after this case's start in April
        assert meten.next_timer_at is not None
        assert meten.next_timer_at.date() == dt.date(2026, 9, 30), meten.next_timer_at
        assert cases.case_tasks(session, meten) == []
        meten_id = meten.id
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False), db.tx() as session:
        assert timers.fire_due_timers(session, db.cache, meten_id)
    stand = {"nog_aan_het_werk_6m": True}
    drive(
        db,
        worker.actor,
        METEN,
        gemeente,
        stand,
        case_id=meten_id,
        at=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC),
    )
    with db.tx() as session:
        meten = session.get(Case, meten_id)
        assert meten is not None and meten.data["nog_aan_het_werk_6m"] is True
        assert meten.next_timer_at is not None and meten.next_timer_at.date() == dt.date(2027, 3, 31)
        journey = [s.case.process_id for s in cases.client_journey(session, worker.actor, "K-DUURZAAM")]
        assert journey == [UITSTROOM, NAZORG, METEN]
    # the steering KPI reads the measurement the chain started, in the month of the uitstroom
    regisseur = staff("procesregisseur").actor
    report = report_of(db, steering.kpis, regisseur, month="2026-03", stuurlijn=SteeringLine.UITSTROMEN)
    got = values(report, gemeente, "2026-03")
    six = got["duurzaam_6_maanden"]
    assert (six.status, six.numerator, six.denominator, six.value) == ("ok", 1, 1, 1.0)
    assert got["duurzaam_12_maanden"].status == "pending"


@pytest.mark.parametrize(("einde_werk", "at_work_6m"), [("2026-05-29", 0), ("2026-10-15", 1)])
def test_a_nazorg_that_ends_with_the_work_lost_counts_in_the_duurzaamheid_of_its_uitstroom(
    db: Any, staff: Any, gemeente: str, einde_werk: str, at_work_6m: int
) -> None:
    """A client who loses the work during the nazorg goes to the snelle herstart and is never measured;
    the duurzaamheid of the uitstroom's month counts them all the same: not at work from the day the work
    ended, at work at a moment (6 months after the uitstroom) before it. Otherwise the KPI would count
    only those who kept their work."""
    werk = {**WERK, "datum_uitstroom": "2026-03-31", "uitstroom_type": "regulier", "via_bemiddeling": False}
    worker, _, nazorg_id = ended_uitstroom(db, staff, gemeente, "K-VERLOREN", werk)
    lose_the_work(db, worker, gemeente, nazorg_id, einde_werk)
    with db.tx() as session:
        nazorg = session.get(Case, nazorg_id)
        assert nazorg is not None and nazorg.outcome_element == "EndEvent_baan_verloren"
        assert not session.scalars(
            select(Case).where(Case.client_ref == "K-VERLOREN", Case.process_id == METEN)
        ).all()
    regisseur = staff("procesregisseur").actor
    report = report_of(db, steering.kpis, regisseur, month="2026-03", stuurlijn=SteeringLine.UITSTROMEN)
    six = values(report, gemeente, "2026-03")["duurzaam_6_maanden"]
    assert (six.status, six.numerator, six.denominator) == ("ok", at_work_6m, 1)


def test_a_follow_up_that_cannot_start_refuses_the_step_and_nothing_changes(
    db: Any, staff: Any, gemeente: str
) -> None:
    """The follow-up's process was deployed, then every version retired: ending the case would leave the
    client without the follow-up the model promises, so the completion is refused as a model error."""
    lus = (FIXTURES / "lus.bpmn").read_text()
    suffix = uuid.uuid4().hex[:8]
    source, target = f"lus_bron_{suffix}", f"lus_doel_{suffix}"
    end = '<camunda:property name="uitkomst" value="afgerond" />'
    files = {
        "bron.bpmn": lus.replace("voortgang_lus", source)
        .replace(end, end + f'<camunda:property name="vervolgproces" value="{target}" />')
        .encode(),
        "doel.bpmn": lus.replace("voortgang_lus", target).encode(),
    }
    coach = staff("werkcoach")
    with db.tx() as session:
        processes.deploy(session, db.cache, files)
        case_id = cases.start_case(
            session, db.cache, db.profiles, coach.actor, source, gemeente, "K-DOEL", {}
        ).id
        versions.retire(session, "ontwerper", target, 1, "test: het vervolg is buiten gebruik")
    with db.tx() as session:
        [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
    with pytest.raises(
        ProcessError, match=f"EndEvent_klaar: the follow-up case of process '{target}' cannot start"
    ):
        with db.tx() as session:
            tasks.complete_task(session, db.cache, coach.actor, task.id, {"doorgaan": False})
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == CaseStatus.RUNNING
        assert session.scalars(select(Case).where(Case.process_id == target)).all() == []
        versions.rollback(session, "ontwerper", target, 1, "test: het vervolg weer in gebruik")
    with db.tx() as session:
        tasks.complete_task(session, db.cache, coach.actor, task.id, {"doorgaan": False})
    with db.tx() as session:
        [follow_up] = session.scalars(select(Case).where(Case.origin_case_id == case_id))
        assert (follow_up.process_id, follow_up.client_ref, follow_up.data.get("doorgaan")) == (
            target,
            "K-DOEL",
            None,
        )


@pytest.mark.parametrize("ending", ["message", "timer"])
def test_a_case_a_message_or_a_timer_ends_starts_its_follow_up_too(
    db: Any, staff: Any, gemeente: str, ending: str
) -> None:
    """The tolkvoorziening waits for UWV's assessment (a message) or 8 weeks (a timer, fired by the timer
    worker's actor with the service's profiles); a copy of it marks both ends with a follow-up."""
    tolk = (PROCESSES / "3-re-integratie-en-ontwikkeling" / "tolkvoorziening.bpmn").read_text()
    lus = (FIXTURES / "lus.bpmn").read_text()
    suffix = uuid.uuid4().hex[:8]
    source, target = f"tolk_{suffix}", f"lus_na_tolk_{suffix}"
    marked = tolk.replace('id="tolkvoorziening"', f'id="{source}"').replace(
        'processRef="tolkvoorziening"', f'processRef="{source}"'
    )
    for end in ("EndEvent_verwezen_zonder_beoordeling", "EndEvent_tolk_via_uwv"):
        at = marked.index('<camunda:property name="uitkomst"', marked.index(f'<bpmn:endEvent id="{end}"'))
        marked = marked[:at] + f'<camunda:property name="vervolgproces" value="{target}" />' + marked[at:]
    coach = staff("werkcoach", "klantmanager")
    with db.tx() as session:
        processes.deploy(
            session,
            db.cache,
            {"tolk.bpmn": marked.encode(), "lus.bpmn": lus.replace("voortgang_lus", target).encode()},
        )
        start = {"soort_tolk": "gebarentolk", "activiteit": "gesprekken"}
        case_id = cases.start_case(
            session, db.cache, db.profiles, coach.actor, source, gemeente, "K-TOLK", start
        ).id
    with db.tx() as session:
        if ending == "message":
            uwv = {"tolkvoorziening_toegekend": True, "tolkuren_per_jaar": 40}
            cases.deliver_message(
                session, db.cache, coach.actor, case_id, "tolkvoorziening_werkdomein_beoordelen", uwv
            )
        else:
            with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(weeks=8, days=1), tick=False):
                assert timers.fire_due_timers(session, db.cache, case_id)
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == CaseStatus.COMPLETED
        [follow_up] = session.scalars(select(Case).where(Case.origin_case_id == case_id))
        assert (follow_up.process_id, follow_up.client_ref, follow_up.gemeente) == (
            target,
            "K-TOLK",
            gemeente,
        )
        assert follow_up.started_by == (coach.actor.name if ending == "message" else timers.TIMER_ACTOR.name)
        assert follow_up.data["profiel"]["gemeente"] == gemeente
        assert audit.history(session, case)[-1].type == EventType.FOLLOW_UP_STARTED
