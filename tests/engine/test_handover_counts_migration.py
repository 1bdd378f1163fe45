"""Migration 0027 counts the handovers picked up beyond the steering KPIs' norm in the months they
were handed over, as the steps count them from then on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine
from alembic import command
from sqlalchemy import select

from engine import handover_counts, tasks
from engine.models import HandoverCount
from engine.users import Actor
from tests.conftest import Staff
from tests.engine.test_handover_counts import handed_over
from tests.engine.test_migrations import _config, fixture_database


def test_the_migration_counts_the_handovers_picked_up_beyond_the_norm(tmp_path: Path) -> None:
    coach = Actor("coach", frozenset({"werkcoach"}), frozenset({"woerden"}))
    am = Actor("am", frozenset({"accountmanager"}), frozenset({"woerden"}))
    with fixture_database(tmp_path) as db:
        start = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
        for wait in (dt.timedelta(hours=24), dt.timedelta(hours=24, seconds=1), dt.timedelta(days=3)):
            intake = handed_over(db, Staff(coach, ""), "woerden", start)
            with time_machine.travel(start + wait, tick=False), db.tx() as session:
                tasks.claim_task(session, db.cache, am, intake)

        def late() -> dict[str, float]:
            with db.tx() as session:
                return {
                    row.month: row.value
                    for row in session.scalars(
                        select(HandoverCount).where(HandoverCount.name == handover_counts.PICKED_UP_LATE)
                    )
                }

        assert late() == {"2026-05": 2.0}  # as the claims counted them: not the one of exactly 24 hours
        config = _config(db.url)
        command.downgrade(config, "0026")
        assert late() == {}
        command.upgrade(config, "head")
        assert late() == {"2026-05": 2.0}
