"""The processes added for the missing work of issue #16 run their legal terms and routes.

Each test runs a process from processes/ on the real engine (in memory, with a gemeente's
policy profile) and checks the term it times, the route a case takes or the field it records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import time_machine

from engine import bpmn, lint
from engine import step as steps
from tests.engine.test_process_rules import PROCESSES, PROFILES, run
from tests.process_driver import load

START = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def begin(file: str, data: Mapping[str, Any], gemeente: str = "woerden") -> steps.Step:
    """A case of the process in ``file`` started on 23 November 2026 with its start form ``data``."""
    definition = load(PROCESSES / file)
    with time_machine.travel(START, tick=False):
        return steps.begin(
            definition,
            {**definition.start_form.validate(dict(data)), "profiel": PROFILES.get(gemeente).model_dump()},
        )


def ready(step: steps.Step) -> list[str]:
    return [bpmn.element_id(t) for t in bpmn.human_tasks(step.workflow)]


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
        step = begin(KLACHT, {**KLAAGSCHRIFT, "klachtadviescommissie": commissie})
        due = steps.next_timer(step.workflow)
        assert due is not None and due.date() == warned
        definition = load(PROCESSES / KLACHT)
        with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
            after = steps.advance(definition, step.workflow, steps.FireTimers())
        # The registration stays open; the verdaging is work beside it.
        assert sorted(ready(after)) == ["Task_afhandeling_verdagen", "Task_klacht_registreren"]


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
