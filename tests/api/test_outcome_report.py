"""GET /reports/outcomes: cases driven through real processes to different ends, counted per process,
gemeente and version by outcome type, with their lead time against the version's norm; on SQLite and
on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine

from engine import cases, processes, tasks, timers
from engine.models import Case
from engine.vocabulary import LANE_ROLES
from tests.conftest import FIXTURES
from tests.engine.test_cases import start
from tests.process_driver import fill

DAY = 86400.0
JANUARY = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)

# Bezwaar behandelen (processes/9-rechtsbescherming): the jurist's decision, and what leads up to it.
ONTVANKELIJK = ("Task_ontvankelijkheid_beoordelen", {"ontvankelijk": True})
HEROVERWEGEN = ("Task_besluit_heroverwegen", {})
HOREN = ("Task_hoorzitting_houden", {})


def bezwaar(received: dt.datetime) -> dict[str, Any]:
    """A bezwaar received in time, 10 days after the decision was made known: the signal to consider a
    verdaging comes two weeks before the decision term ends, some 60 days after receipt."""
    return {
        "datum_bekendmaking_besluit": (received - dt.timedelta(days=10)).date().isoformat(),
        "datum_bezwaarschrift": received.date().isoformat(),
    }


def beslissing(uitkomst: str) -> tuple[str, dict[str, Any]]:
    return ("Task_beslissing_op_bezwaar_nemen", {"beslissing_op_bezwaar": uitkomst})


def drive(
    db,
    actor,
    gemeente: str,
    process_id: str,
    started_at: dt.datetime,
    script: list[tuple[str, Any]],
    start_data: dict[str, Any] | None = None,
) -> str:
    """Start a case at ``started_at`` and follow the script: ("task", (element, data)) completes that open
    task with valid form data and ``data``, ("wait", days) lets time pass and fires the due timers;
    returns the case id."""
    rng = random.Random(f"{process_id}-{len(script)}")
    with time_machine.travel(started_at, tick=False) as clock:
        with db.tx() as session:
            definition = db.cache.get(session, processes.latest_version(session, process_id))
        case_id = start(
            db, actor, gemeente, {**fill(definition.start_form, rng), **(start_data or {})}, process_id
        )
        for kind, value in script:
            clock.shift(dt.timedelta(hours=1))
            if kind == "wait":
                clock.shift(dt.timedelta(days=value))
                timers.fire_due(db.factory, db.cache)
                continue
            element, data = value
            with db.tx() as session:
                case = session.get(Case, case_id)
                [task] = [
                    t for t in cases.case_tasks(session, case, open_only=True) if t.element_id == element
                ]
                form = db.cache.get(session, case.process_version).task_by_element(element).form
                tasks.complete_task(session, db.cache, actor, task.id, {**fill(form, rng), **data})
    return case_id


@pytest.fixture
def everyone(staff):
    return staff(*LANE_ROLES).actor


def test_cases_are_counted_by_the_end_they_reached_with_their_lead_time(
    db, client, staff, gemeente, everyone
) -> None:
    regisseur = staff("procesregisseur")
    gegrond = drive(
        db,
        everyone,
        gemeente,
        "bezwaar_behandelen",
        JANUARY,
        [
            ("task", ONTVANKELIJK),
            ("task", HEROVERWEGEN),
            ("wait", 9),
            ("task", HOREN),
            ("task", beslissing("gegrond")),
            ("task", ("Task_nieuw_besluit_nemen", {})),
        ],
        bezwaar(JANUARY),
    )
    # The decision term nears its end: the jurist's verdaging (an escalation branch) finishes last.
    ongegrond = drive(
        db,
        everyone,
        gemeente,
        "bezwaar_behandelen",
        JANUARY + dt.timedelta(days=1),
        [
            ("task", ONTVANKELIJK),
            ("task", HEROVERWEGEN),
            ("task", HOREN),
            ("wait", 62),
            ("task", beslissing("ongegrond")),
            ("wait", 5),
            ("task", ("Task_verdaging_beoordelen", {})),
        ],
        bezwaar(JANUARY + dt.timedelta(days=1)),
    )
    niet_ontvankelijk = drive(
        db,
        everyone,
        gemeente,
        "bezwaar_behandelen",
        JANUARY + dt.timedelta(days=2),
        [
            ("task", ("Task_ontvankelijkheid_beoordelen", {"ontvankelijk": False})),
            ("wait", 19),
            ("task", beslissing("niet_ontvankelijk")),
        ],
        bezwaar(JANUARY + dt.timedelta(days=2)),
    )
    later = JANUARY + dt.timedelta(days=3)
    running = drive(db, everyone, gemeente, "bezwaar_behandelen", later, [], bezwaar(later))
    cancelled = drive(db, everyone, gemeente, "bezwaar_behandelen", later, [], bezwaar(later))
    with db.tx() as session:
        cases.cancel_case(session, db.cache, everyone, cancelled, "Bezwaar ingetrokken")
        recorded = {
            c.id: (c.status, c.outcome_element, c.outcome_type)
            for c in session.query(Case).filter(Case.gemeente == gemeente)
        }
    assert recorded == {
        gegrond: ("completed", "EndEvent_bezwaar_gegrond", "gegrond"),
        ongegrond: ("completed", "EndEvent_bezwaar_ongegrond", "ongegrond"),
        niet_ontvankelijk: ("completed", "EndEvent_bezwaar_niet_ontvankelijk", "niet_ontvankelijk"),
        running: ("running", None, None),
        cancelled: ("cancelled", None, None),
    }

    response = client.get(
        "/reports/outcomes",
        params={"process": "bezwaar_behandelen", "gemeente": gemeente, "since": "2026-01-01T00:00:00Z"},
        headers=regisseur.headers,
    )
    assert response.status_code == 200, response.text
    [group] = response.json()["groups"]
    assert {k: group[k] for k in ("process_id", "name", "gemeente", "started", "ended", "cancelled")} == {
        "process_id": "bezwaar_behandelen",
        "name": "Bezwaar behandelen",
        "gemeente": gemeente,
        "started": 5,
        "ended": 4,
        "cancelled": 1,
    }
    assert group["by_outcome"] == {"gegrond": 1, "ongegrond": 1, "niet_ontvankelijk": 1}
    # The norm is the process's doorlooptijd: 12 weeks (Awb 7:10 lid 1 with an adviescommissie).
    assert group["without_type"] == 0 and group["norm_seconds"] == 84 * DAY and group["over_norm"] == 0
    # Lead times of the three completed cases: 9 days 6 hours, 67 days 7 hours and 19 days 3 hours.
    took = sorted([9 * DAY + 6 * 3600, 67 * DAY + 7 * 3600, 19 * DAY + 3 * 3600])
    median, p90 = took[1], took[1] + (took[2] - took[1]) * 0.8  # as PostgreSQL's percentile_cont
    lead_time = group["lead_time"]
    # The maximum is exact; the median and p90 come from counts per day (lead times over two days,
    # ADR 39): within a day of the exact figures.
    assert (lead_time["median"], lead_time["max"]) == (
        pytest.approx(median, abs=DAY),
        pytest.approx(took[2], abs=0.01),
    )
    assert lead_time["p90"] == pytest.approx(p90, abs=DAY)

    # The period: January sees all five start and two end (the others end in March and December).
    january = client.get(
        "/reports/outcomes",
        params={"gemeente": gemeente, "since": "2026-01-01T00:00:00Z", "until": "2026-02-01T00:00:00Z"},
        headers=regisseur.headers,
    ).json()["groups"]
    assert [(g["started"], g["ended"], g["by_outcome"]) for g in january] == [
        (5, 2, {"gegrond": 1, "niet_ontvankelijk": 1})
    ]


def test_each_version_is_counted_against_its_own_norm(db, client, staff, gemeente, everyone) -> None:
    regisseur = staff("procesregisseur")
    # The escalation fixture as a process of this test: version 1 has a norm of eight weeks, version 2
    # (deployed after three cases started) one of four.
    first = (FIXTURES / "escalatie.bpmn").read_bytes().replace(b"escalatie_test", b"escalatie_versies")
    second = first.replace(b'name="doorlooptijd" value="P8W"', b'name="doorlooptijd" value="P4W"')
    assert second != first
    with db.tx() as session:
        processes.deploy(session, db.cache, {"escalatie_versies.bpmn": first})
    toekennen = ("task", ("Task_beoordelen", {"besluit": "toekennen"}))
    for script in (
        [("wait", 10), toekennen],
        [("wait", 70), toekennen, ("task", ("Task_klant_informeren", {}))],
        [("task", ("Task_beoordelen", {"besluit": "afwijzen"}))],
    ):
        drive(db, everyone, gemeente, "escalatie_versies", JANUARY, script)
    with db.tx() as session:
        processes.deploy(session, db.cache, {"escalatie_versies.bpmn": second})
    drive(db, everyone, gemeente, "escalatie_versies", JANUARY, [("wait", 30), toekennen])

    params = {"gemeente": gemeente, "process": "escalatie_versies"}
    groups = client.get("/reports/outcomes", params=params, headers=regisseur.headers).json()["groups"]
    assert [
        (g["version"], g["ended"], g["by_outcome"], g["norm_seconds"], g["over_norm"]) for g in groups
    ] == [
        (1, 3, {"toegekend": 2, "afgewezen": 1}, 56 * DAY, 1),  # 70 days is over eight weeks, 10 days not
        (2, 1, {"toegekend": 1}, 28 * DAY, 1),  # 30 days is over four weeks
    ]
    only = client.get("/reports/outcomes", params={**params, "version": 2}, headers=regisseur.headers).json()
    assert [g["version"] for g in only["groups"]] == [2]


def test_a_regisseur_sees_only_the_gemeenten_they_serve(db, client, staff, gemeente, everyone) -> None:
    drive(
        db,
        everyone,
        gemeente,
        "escalatie_test",
        JANUARY,
        [("task", ("Task_beoordelen", {"besluit": "afwijzen"}))],
    )
    elsewhere = staff("procesregisseur", gemeenten=["elders"])
    assert client.get(
        "/reports/outcomes", params={"gemeente": gemeente}, headers=elsewhere.headers
    ).json() == {"groups": []}
    coach = staff("werkcoach")
    assert client.get("/reports/outcomes", headers=coach.headers).status_code == 403
    auditor = staff("auditor")
    [group] = client.get("/reports/outcomes", params={"gemeente": gemeente}, headers=auditor.headers).json()[
        "groups"
    ]
    assert group["by_outcome"] == {"afgewezen": 1}


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"version": 1}, 422, "version"),
        ({"process": "bestaat_niet"}, 404, None),
        ({"process": "escalatie_test", "version": 999}, 404, None),
        ({"version": "een"}, 422, "version"),
        ({"since": "gisteren"}, 422, "since"),
        ({"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, 422, "until"),
    ],
)
def test_bad_filters_are_refused_naming_the_field(client, staff, params, status, field) -> None:
    response = client.get("/reports/outcomes", params=params, headers=staff("procesregisseur").headers)
    assert response.status_code == status, response.text
    if field:
        assert field in response.text
