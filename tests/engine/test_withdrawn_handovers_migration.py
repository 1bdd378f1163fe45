"""Migration 0015 withdraws the handovers that were already stuck: their receiving task was cancelled
before anyone picked it up. A handover still waiting for an open task keeps waiting."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select

from engine import cases, tasks
from engine.models import AuditEvent, Handover
from engine.users import Actor
from tests.engine.test_migrations import _config, fixture_database


def test_stuck_handovers_are_withdrawn_by_the_migration(tmp_path: Path) -> None:
    coach = Actor("coach", frozenset({"werkcoach"}), frozenset({"woerden"}))
    with fixture_database(tmp_path) as db:
        handed_over = []
        for _ in range(2):
            with db.tx() as session:
                case = cases.start_case(
                    session,
                    db.cache,
                    db.profiles,
                    coach,
                    "overdracht_test",
                    "woerden",
                    "K-1",
                    {"weken_plan": 8},
                )
                task_id = case.open_tasks[0].id
            with db.tx() as session:
                tasks.complete_task(session, db.cache, coach, task_id, {"matchbaar": True})
            handed_over.append(case.id)
        cancelled, waiting = handed_over
        with db.tx() as session:
            cases.cancel_case(session, db.cache, coach, cancelled, "Klant verhuisd")

        config = _config(db.url)
        command.downgrade(config, "0014")  # as before 0015: the cancelled case's handover "waits"
        command.upgrade(config, "head")

        with db.tx() as session:
            rows = {h.case_id: h for h in session.scalars(select(Handover))}
            cancelled_at = session.scalar(
                select(AuditEvent.at).where(
                    AuditEvent.case_id == cancelled, AuditEvent.type == "task_cancelled"
                )
            )
            assert (rows[cancelled].withdrawn_reason, rows[cancelled].withdrawn_at) == (
                "case_cancelled",
                cancelled_at,
            )
            assert (rows[waiting].withdrawn_reason, rows[waiting].withdrawn_at) == (None, None)
            assert [h.case_id for h in session.scalars(select(Handover).where(Handover.waiting()))] == [
                waiting
            ]
