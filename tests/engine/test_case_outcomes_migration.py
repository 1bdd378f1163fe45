"""Migration 0018 gives the cases completed before it their outcome from their case_completed event: the
end it names, with that end's type; a name that is an escalation branch's end (as the engine used to
record when that branch finished last) stays empty rather than guessed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import select, text, update

from engine import cases, tasks
from engine.models import AuditEvent, Case
from engine.users import Actor
from tests.engine.test_migrations import _config, fixture_database


def test_completed_cases_get_the_outcome_their_last_event_names(tmp_path: Path) -> None:
    consulent = Actor("ic", frozenset({"inkomensconsulent"}), frozenset({"woerden"}))
    with fixture_database(tmp_path) as db:
        ended = {}
        for besluit in ("toekennen", "afwijzen", "oud"):
            with db.tx() as session:
                case = cases.start_case(
                    session, db.cache, db.profiles, consulent, "escalatie_test", "woerden", "K-1", {}
                )
                task_id = case.open_tasks[0].id
            with db.tx() as session:
                tasks.complete_task(
                    session,
                    db.cache,
                    consulent,
                    task_id,
                    {"besluit": "toekennen" if besluit == "oud" else besluit},
                )
            ended[besluit] = case.id
        with db.tx() as session:
            # The old engine named the escalation's end when it finished last; events are append-only,
            # so the guard is lifted to write such a history.
            session.execute(text("DROP TRIGGER audit_events_no_update"))
            session.execute(
                update(AuditEvent)
                .where(AuditEvent.case_id == ended["oud"], AuditEvent.type == "case_completed")
                .values(data={"outcome": "Klant geïnformeerd over vertraging"})
            )
            session.execute(
                text(
                    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
                    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
                )
            )
            assert session.get(Case, ended["toekennen"]).outcome_type == "toegekend"  # recorded as it ends

        config = _config(db.url)
        command.downgrade(config, "0017")  # the columns are gone
        command.upgrade(config, "head")  # and filled in from the events

        with db.tx() as session:
            rows = {c.id: (c.outcome_element, c.outcome_type) for c in session.scalars(select(Case))}
        assert rows == {
            ended["toekennen"]: ("EndEvent_toegekend", "toegekend"),
            ended["afwijzen"]: ("EndEvent_afgewezen", "afgewezen"),
            ended["oud"]: (None, None),
        }
