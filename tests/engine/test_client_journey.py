"""One client journey (issue #16): processes call the processes that model a step instead of repeating
it, and an end event's outcome type says one thing. The tests drive real processes from processes/
on the real engine (tests/process_driver.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.profiles import Profiles
from tests.process_driver import drive, load

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
