"""Pilots of a version, with a real process (Aanvraag levensonderhoud behandelen): the draw honours the
share and is the same for the same case, promote and end, running cases finish on their version, the
audit chain verifies, and the report puts the versions side by side."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
import time_machine
from sqlalchemy import func, select

from engine import audit, cases, pilots, processes, reports, tasks, timers, versions
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import AuditEvent, Case, ProcessVersionChange
from engine.vocabulary import CaseStatus, EventType, PilotStatus
from tests.conftest import PROCESSES
from tests.engine.test_client_journey import RECHT
from tests.process_driver import fill
from tests.report_oracle import assert_as_counted_from_the_cases

MODEL = (PROCESSES / "1-aanvraag-en-recht" / "aanvraag-levensonderhoud-behandelen.bpmn").read_text()
PROCESS = "aanvraag_levensonderhoud_behandelen"
# Version 2: a decision term of six weeks instead of eight, and a norm lead time (doorlooptijd) of six
# weeks instead of eight.
FASTER = MODEL.replace('"P8W"', '"P6W"')
assert '<camunda:property name="doorlooptijd" value="P6W"' in FASTER and FASTER != MODEL
TODAY = dt.date.today().isoformat()
START = {"datum_aanvraag": TODAY, "datum_melding": TODAY, "opgegeven_leefvorm": "alleenstaand"}
# A granted application: the consulent and the called checks, the klantmanager's decision (a handover), the
# normberekening (the backoffice's four eyes, the consulent's beschikking: handovers back and forth).
WALK = {
    **RECHT,
    "Task_beschikking_verzenden": {"datum_verzending_beschikking": TODAY, "voorschot_verrekend": False},
}


@pytest.fixture
def process_id(gemeente: str) -> str:
    """A copy of the real process under an id of this test alone, with versions 1 and 2; new cases start
    on version 1 (version 2 is retired, as after the ontwerper rolled back to try it as a pilot)."""
    return f"pilot_{gemeente.replace('-', '_')}"


def deploy_two_versions(db, process_id: str) -> None:
    for model in (MODEL, FASTER):
        with db.tx() as session:
            data = model.replace(PROCESS, process_id).encode()
            processes.deploy(session, db.cache, {f"{process_id}.bpmn": data}, "ontwerper-test")
    with db.tx() as session:
        versions.rollback(session, "ontwerper-test", process_id, 1, "versie 2 eerst als pilot")


def start(db, actor, gemeente: str, process_id: str, n: int = 1) -> list[tuple[str, int]]:
    started = []
    with db.tx() as session:
        for i in range(n):
            case = cases.start_case(
                session, db.cache, db.profiles, actor, process_id, gemeente, f"K-{i}", dict(START)
            )
            started.append((case.id, case.process_version.number))
    return started


def walk(db, consulent, klantmanager, case_id: str) -> int:
    """Complete the case's tasks as in WALK (other fields with valid data) until it ends; the number of
    tasks done."""
    rng = random.Random(case_id)
    for done in range(60):
        with db.tx() as session:
            case = session.get(Case, case_id)
            if case.status == CaseStatus.COMPLETED:
                return done
            task = cases.case_tasks(session, case, True)[0]
            form = db.cache.get(session, case.process_version).task_by_element(task.element_id).form
            actor = (klantmanager if task.role == "klantmanager" else consulent).actor
            values = {**fill(form, rng), **WALK.get(task.element_id, {})}
            tasks.complete_task(session, db.cache, actor, task.id, values)
    raise AssertionError("the case did not end")


def start_pilot(db, process_id: str, gemeenten: list[str], share: float = 0.3, number: int = 2) -> int:
    with db.tx() as session:
        pilot = pilots.start(session, "ontwerper-test", process_id, number, share, gemeenten, set(gemeenten))
        return pilot.id


def test_the_draw_honours_the_share_and_is_the_same_for_the_same_case(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)
    consulent = staff("inkomensconsulent")
    pilot_id = start_pilot(db, process_id, [gemeente], share=0.3)
    started = start(db, consulent.actor, gemeente, process_id, n=400)

    on_pilot = sum(number == 2 for _, number in started)
    # 400 draws at 0.3: 120 expected, standard deviation 9.2; four of them is a chance of 1 in 15,000.
    assert abs(on_pilot - 120) <= 4 * math.sqrt(400 * 0.3 * 0.7), on_pilot
    with db.tx() as session:
        for case_id, number in started:
            case = session.get(Case, case_id)
            assert case is not None and case.pilot_id == pilot_id
            # An auditor repeats the draw from the case id and the pilot in its first event.
            [first, *_] = audit.history(session, case)
            drawn = first.data["pilot"]
            assert drawn == {
                "id": pilot_id,
                "version": 2,
                "share": 0.3,
                "draw": pilots.draw(pilot_id, case_id),
                "in_pilot": number == 2,
            }
            assert (pilots.draw(pilot_id, case_id) < 0.3) == (number == 2)
            # The same case id draws the same version again.
            assert pilots.choose(session, process_id, gemeente, case_id).version.number == number
            assert audit.verify_case(session, case).first_broken is None
        assert "loting" in audit.describe(first) and "pilot" in audit.describe(first)


def test_promote_and_end_and_running_cases_finish_on_their_version(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)
    consulent, klantmanager = staff("inkomensconsulent", "backoffice"), staff("klantmanager")
    elsewhere = f"{gemeente}-buren"
    outside = staff("inkomensconsulent", gemeenten=[elsewhere])
    pilot_id = start_pilot(db, process_id, [gemeente], share=0.5)
    started = start(db, consulent.actor, gemeente, process_id, n=40)
    assert {number for _, number in started} == {1, 2}
    # A gemeente without the pilot starts on the current version, without a draw.
    [(other_id, other_number)] = start(db, outside.actor, elsewhere, process_id)
    assert other_number == 1
    with db.tx() as session:
        assert session.get(Case, other_id).pilot_id is None

    with db.tx() as session:
        pilot = pilots.end(session, "ontwerper-test", process_id, pilot_id, "genoeg gezien")
        assert (pilot.status, pilot.ended_by) == (PilotStatus.ENDED, "ontwerper-test")
    with pytest.raises(Conflict, match="ended already"), db.tx() as session:
        pilots.promote(session, "ontwerper-test", process_id, pilot_id)
    assert {number for _, number in start(db, consulent.actor, gemeente, process_id, n=10)} == {1}
    # The pilot's running cases finish on version 2.
    on_two = next(case_id for case_id, number in started if number == 2)
    walk(db, consulent, klantmanager, on_two)
    with db.tx() as session:
        case = session.get(Case, on_two)
        assert case is not None
        assert (case.status, case.process_version.number) == (CaseStatus.COMPLETED, 2)

    # A new pilot in the gemeente, promoted: version 2 for all new cases, everywhere.
    second = start_pilot(db, process_id, [gemeente], share=0.2)
    with db.tx() as session:
        promoted = pilots.promote(session, "ontwerper-test", process_id, second, "sneller besluit")
        assert promoted.status == PilotStatus.PROMOTED
        assert processes.latest_version(session, process_id).number == 2
    assert {number for _, number in start(db, consulent.actor, gemeente, process_id, n=10)} == {2}
    assert {number for _, number in start(db, outside.actor, elsewhere, process_id, n=3)} == {2}
    # The cases the pilot left on version 1 finish on version 1.
    on_one = next(case_id for case_id, number in started if number == 1)
    walk(db, consulent, klantmanager, on_one)
    with db.tx() as session:
        case = session.get(Case, on_one)
        assert case is not None
        assert (case.status, case.process_version.number) == (CaseStatus.COMPLETED, 1)
        assert audit.verify(session, [gemeente, elsewhere]).first_broken is None
        changes = session.scalars(
            select(ProcessVersionChange)
            .where(ProcessVersionChange.process_id == process_id)
            .order_by(ProcessVersionChange.id)
        )
        assert [(c.action, c.data.get("pilot")) for c in changes] == [
            ("rolled_back", None),
            ("pilot_started", pilot_id),
            ("pilot_ended", pilot_id),
            ("pilot_started", second),
            ("pilot_promoted", second),
        ]


def test_a_pilot_is_refused_naming_the_field(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)

    def refused(number: int, share: float, gemeenten: list[str]) -> set[str]:
        with pytest.raises(InvalidInput) as err, db.tx() as session:
            pilots.start(session, "o", process_id, number, share, gemeenten, {gemeente})
        return {e.field for e in err.value.errors}

    assert refused(9, 0.2, [gemeente]) == {"version"}
    assert refused(1, 0.2, [gemeente]) == {"version"}  # the version new cases start on
    assert refused(2, 0, [gemeente]) == {"share"}
    assert refused(2, 1, [gemeente]) == {"share"}
    assert refused(2, 0.2, []) == {"gemeenten"}
    assert refused(2, 0.2, ["atlantis"]) == {"gemeenten"}
    with pytest.raises(NotFound), db.tx() as session:
        pilots.start(session, "o", "geen_proces", 2, 0.2, [gemeente], {gemeente})
    first = start_pilot(db, process_id, [gemeente])
    with pytest.raises(Conflict, match=f"pilot {first}"), db.tx() as session:
        pilots.start(session, "o", process_id, 2, 0.5, [gemeente.upper()], {gemeente})
    with db.tx() as session:
        assert [p.id for p in pilots.list_pilots(session, process_id)] == [first]


def test_the_report_puts_the_versions_side_by_side(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)
    consulent, klantmanager = staff("inkomensconsulent", "backoffice"), staff("klantmanager")
    regisseur = staff("procesregisseur")
    pilot_id = start_pilot(db, process_id, [gemeente], share=0.5)
    started = start(db, consulent.actor, gemeente, process_id, n=24)
    by_version = {n: [c for c, number in started if number == n] for n in (1, 2)}
    assert by_version[1] and len(by_version[2]) >= 3
    for case_id in by_version[1][:2] + by_version[2][:3]:
        walk(db, consulent, klantmanager, case_id)
    with db.tx() as session:
        cases.cancel_case(session, db.cache, consulent.actor, by_version[2][-1], "aanvraag ingetrokken")

    with db.tx() as session:
        report = pilots.compare(session, regisseur.actor, pilots.find(session, pilot_id))
        one, two = report.versions
        lead_times = {
            number: sorted(
                (c.ended_at - c.started_at).total_seconds()
                for c in session.scalars(select(Case).where(Case.id.in_(by_version[number][:3])))
                if c.ended_at is not None
            )
            for number in (1, 2)
        }
    assert (one.version, one.pilot, one.cases) == (1, False, len(by_version[1]))
    assert (two.version, two.pilot, two.cases) == (2, True, len(by_version[2]))
    assert one.share == round(len(by_version[1]) / 24, 4)
    assert (one.completed, one.cancelled, one.running) == (2, 0, len(by_version[1]) - 2)
    assert (two.completed, two.cancelled, two.running) == (3, 1, len(by_version[2]) - 4)
    # Each walk hands over seven times (between the consulent's and the backoffice's lanes of the checks it
    # calls, to the klantmanager for the decision and back); every one picked up.
    assert (one.handovers.handovers, one.handovers.picked_up, one.handovers.waiting) == (14, 14, 0)
    assert (two.handovers.handovers, two.handovers.picked_up) == (21, 21)
    assert two.handovers.per_case == round(21 / len(by_version[2]), 3)
    assert two.handovers.wait.median is not None and two.handovers.wait.median >= 0
    # Version 1's norm is eight weeks, version 2's six, which every walk meets.
    assert (one.norm_seconds, one.within_norm) == (8 * 7 * 86400, 2)
    assert (two.norm_seconds, two.within_norm) == (6 * 7 * 86400, 3)
    # The median and 90th percentile as PostgreSQL's percentile_cont gives them (to the millisecond).
    low, mid, high = lead_times[2]
    assert two.lead_time.median == pytest.approx(mid, abs=0.002)
    assert two.lead_time.p90 == pytest.approx(mid + (high - mid) * 0.8, abs=0.002)
    assert two.lead_time.max == pytest.approx(high, abs=0.002)
    assert one.lead_time.median == pytest.approx(sum(lead_times[1]) / 2, abs=0.002)
    assert (one.terms_passed, two.terms_passed) == (0, 0)
    assert one.outcomes == {"toegekend": 2} and two.outcomes == {"toegekend": 3}
    # The outcome report and its counts (report_counts, ADR 39) keep the versions apart too.
    with db.tx() as session:
        groups = reports.outcome_report(session, regisseur.actor, process_id=process_id)
    assert [(g.version, g.started, g.ended, g.cancelled, g.by_outcome, g.norm_seconds) for g in groups] == [
        (1, len(by_version[1]), 2, 0, {"toegekend": 2}, 8 * 7 * 86400),
        (2, len(by_version[2]), 4, 1, {"toegekend": 3}, 6 * 7 * 86400),
    ]
    assert_as_counted_from_the_cases(db, regisseur.actor, dt.datetime.now(dt.UTC))
    # Someone serving another gemeente sees none of these cases.
    stranger = staff("procesregisseur", gemeenten=[f"{gemeente}-anders"])
    with db.tx() as session:
        blind = pilots.compare(session, stranger.actor, pilots.find(session, pilot_id))
    assert [(v.version, v.cases) for v in blind.versions] == [(2, 0)]


def fire_terms(db, consulent, case_ids: list[str]) -> None:
    """The application is complete, then nine weeks on nobody decided: the decision term (and the notice
    two weeks before it) fire."""
    for case_id in case_ids:
        with db.tx() as session:
            [task] = cases.case_tasks(session, session.get(Case, case_id), True)
            tasks.complete_task(session, db.cache, consulent.actor, task.id, WALK[task.element_id])
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(weeks=9), tick=False):
        for case_id in case_ids:
            while True:
                with db.tx() as session:
                    if not timers.fire_due_timers(session, db.cache, case_id):
                        break


def test_the_report_counts_the_cases_whose_term_passed(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)
    consulent, regisseur = staff("inkomensconsulent"), staff("procesregisseur")
    pilot_id = start_pilot(db, process_id, [gemeente], share=0.5)
    started = start(db, consulent.actor, gemeente, process_id, n=10)
    by_version = {n: [c for c, number in started if number == n] for n in (1, 2)}
    assert by_version[1] and by_version[2]
    passed = by_version[1][:1] + by_version[2][:2]
    fire_terms(db, consulent, passed)

    with db.tx() as session:
        # Each case counts its timers as they fire: as many as its history holds.
        for case_id, _ in started:
            fired = session.scalar(
                select(func.count()).where(AuditEvent.case_id == case_id, AuditEvent.type == "timer_fired")
            )
            assert session.get(Case, case_id).timers_fired == fired  # type: ignore[union-attr]
            assert (fired > 0) == (case_id in passed)
        one, two = pilots.compare(session, regisseur.actor, pilots.find(session, pilot_id)).versions
    # The draw may put a single case of the ten on version 2 (about 1 run in 100): count what was taken.
    assert (one.terms_passed, two.terms_passed) == (1, len(by_version[2][:2]))


def test_a_started_case_without_a_pilot_records_no_draw(db, staff, gemeente, process_id):
    deploy_two_versions(db, process_id)
    [(case_id, number)] = start(db, staff("inkomensconsulent").actor, gemeente, process_id)
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case is not None
        [first, *_] = audit.history(session, case)
    assert (number, case.pilot_id, first.type) == (1, None, EventType.CASE_STARTED)
    assert "pilot" not in first.data
