"""Migration 0021 gives the cases started before it the count of their fired timers from their history,
so the pilot report counts the same terms passed after it as before; its indexes change no report."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from alembic import command
from sqlalchemy import select

from engine import pilots, processes, reports
from engine.models import Case
from engine.users import Actor
from tests.conftest import PROCESSES
from tests.engine.test_migrations import _config, fixture_database
from tests.engine.test_pilots import deploy_two_versions, fire_terms, start, start_pilot

GEMEENTE = "woerden"


def test_the_backfilled_timer_counts_give_the_same_reports(tmp_path: Path) -> None:
    consulent = Actor("ic", frozenset({"inkomensconsulent"}), frozenset({GEMEENTE}))
    regisseur = Actor("rita", frozenset({"procesregisseur"}), frozenset({GEMEENTE}))
    with fixture_database(tmp_path) as db:
        with db.tx() as session:  # the processes the aanvraag calls
            processes.deploy_directory(session, db.cache, PROCESSES)
        deploy_two_versions(db, "pilot_migratie")
        pilot_id = start_pilot(db, "pilot_migratie", [GEMEENTE], share=0.5)
        started = [case_id for case_id, _ in start(db, consulent, GEMEENTE, "pilot_migratie", n=8)]
        fire_terms(db, SimpleNamespace(actor=consulent), started[:5])

        def read() -> tuple[dict[str, int], pilots.PilotReport, list[reports.OutcomeGroup]]:
            with db.tx() as session:
                fired = {c.id: c.timers_fired for c in session.scalars(select(Case))}
                pilot = pilots.compare(session, regisseur, pilots.find(session, pilot_id))
                return fired, pilot, reports.outcome_report(session, regisseur)

        before = read()
        assert sum(1 for n in before[0].values() if n) == 5
        assert sum(v.terms_passed for v in before[1].versions) == 5

        config = _config(db.url)
        command.downgrade(config, "0020")  # the column is gone
        command.upgrade(config, "head")  # and counted again from the events

        after = read()
        assert after[0] == before[0]
        assert repr(after[1].versions) == repr(before[1].versions)
        assert after[2] == before[2]
