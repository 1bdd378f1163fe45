"""The counts the reports read (report_counts, engine/rollup.py, ADR 39), kept as cases driven through
the real processes start and end: a case counts in the month (Amsterdam) it started and the month it
ended, each report equals the one counted from the cases (tests/report_oracle.py), and so does the
table made anew from the cases, as migration 0023 makes it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace

import time_machine
from sqlalchemy import func, select

from engine import reports, rollup, steering
from engine.models import ReportCount
from engine.period import Period, month_bounds, month_of
from engine.vocabulary import CaseStatus
from tests.engine.test_steering import EVERYONE, MELDING, drive, values
from tests.report_oracle import assert_as_counted_from_the_cases

ROUTE = {**MELDING, "route": "voorliggende_voorziening", "bemiddelingsresultaat": "geen_passend_werk"}
REPORTED_AT = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)


def test_a_case_counts_where_it_started_and_where_it_ended(db, staff, gemeente):
    """A melding started at 23:30 on 31 January (Amsterdam) ends after its first task, on 1 February:
    January counts it started, February ended, in the KPIs and in the outcome report."""
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    late_evening = dt.datetime(2026, 1, 31, 22, 30, tzinfo=dt.UTC)
    drive(db, worker, "melding_werkzoekende_registreren", gemeente, ROUTE, at=late_evening)
    with time_machine.travel(REPORTED_AT, tick=False), db.tx() as session:
        january = values(steering.kpis(session, regisseur, month="2026-01"), gemeente, "2026-01")
        february = values(steering.kpis(session, regisseur, month="2026-02"), gemeente, "2026-02")
        by_month = {
            month: reports.outcome_report(session, regisseur, period=Period(*month_bounds(month)))
            for month in ("2026-01", "2026-02")
        }
        rows = dict(
            session.execute(
                select(ReportCount.month, func.sum(ReportCount.value))
                .where(ReportCount.gemeente == gemeente, ReportCount.name.in_(["started", "completed"]))
                .group_by(ReportCount.month)
            ).all()
        )
    assert (january["meldingen"].value, january["meldingen_zonder_aanvraag"].denominator) == (1, 0)
    assert (february["meldingen"].value, february["meldingen_zonder_aanvraag"].denominator) == (0, 1)
    assert february["meldingen_zonder_aanvraag"].value == 1.0
    [started] = by_month["2026-01"]
    [ended] = by_month["2026-02"]
    assert (started.started, started.ended, ended.started, ended.ended) == (1, 0, 0, 1)
    assert ended.by_outcome == {"doorverwezen": 1} and ended.lead_time.max == 3600  # one task, an hour
    assert rows == {"2026-01": 1.0, "2026-02": 1.0}
    assert_as_counted_from_the_cases(db, regisseur, REPORTED_AT, [Period(late_evening, REPORTED_AT)])


def test_a_running_case_writes_its_counts_once_and_ending_adds_those_of_its_end(db, staff, gemeente):
    """Steps of a running case that change nothing counted write nothing; the end writes its month's
    counts in the same transaction, and a rebuild from the cases gives the same rows."""
    worker = staff(*EVERYONE).actor
    at = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    drive(db, worker, "melding_werkzoekende_registreren", gemeente, ROUTE, at=at)

    def rows() -> dict[tuple[str, int, str], float]:
        with db.tx() as session:
            return {
                (r.month, r.process_version_id, r.name): r.value
                for r in session.scalars(select(ReportCount).where(ReportCount.gemeente == gemeente))
            }

    kept = rows()
    names = {name for _, _, name in kept}
    assert {"started", "ended", "completed", "meldingen_zonder_aanvraag:d", "doorloop.max"} <= names
    assert {name for name in names if name.startswith("doorloop.") and name != "doorloop.max"}
    with db.tx() as session:
        rollup.rebuild(session)
    assert rows() == kept


def test_a_month_before_the_year_1000_has_four_digits_and_its_bounds():
    # The API's fuzzing asked for reports since 0999-01-01: the month was written '999-01' and its
    # bounds could not be read back (a 500).
    month = month_of(dt.datetime(999, 1, 15, tzinfo=dt.UTC))
    assert month == "0999-01"
    start, end = month_bounds(month)
    assert start.year == 998 and end.year == 999 and end.month == 1  # Amsterdam's 1 January in UTC


class _Reading(Mapping[str, str]):
    """Form data that answers every field with a date and notes the fields asked for."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.read.add(name)
        return "2026-03-02"

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 1


def test_a_running_case_counts_read_only_the_fields_a_step_checks_before_counting_again():
    """A step of a running case counts again only when its form data changes a field of RUNNING_FIELDS
    (rollup.Delta); so a running case of any process, deployed or not, reads no other field."""
    root = Path(__file__).resolve().parents[2]
    process_ids = {
        found
        for path in (root / "processes").rglob("*.bpmn")
        for found in re.findall(r'<bpmn:process id="([^"]+)"', path.read_text())
    }
    assert steering.DUURZAAMHEID in process_ids and len(process_ids) > 50
    for process_id in sorted(process_ids | {"niet_uitgerold"}):
        data = _Reading()
        case = SimpleNamespace(
            process_id=process_id,
            status=CaseStatus.RUNNING,
            started_at=REPORTED_AT,
            ended_at=None,
            outcome_type=None,
            data=data,
        )
        rollup.contributions(case, None)
        assert data.read <= rollup.RUNNING_FIELDS.get(process_id, frozenset()), process_id
    assert rollup.RUNNING_FIELDS[steering.DUURZAAMHEID] == {
        "datum_uitstroom",
        "nog_aan_het_werk_6m",
        "nog_aan_het_werk_12m",
    }
