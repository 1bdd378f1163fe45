"""Legal terms run from their legal start, by the calendar, and warn before they expire (issue #16).

The tests run real processes from processes/ (and small models) on the real engine with the
clock set by time_machine, and check the date a term ends, the route a case takes and the
fields a decision records.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from engine import bpmn
from engine import step as steps
from engine.expressions import evaluate
from tests.engine.test_lint_mistakes import model


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
