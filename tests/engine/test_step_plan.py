"""PostgreSQL finds the rows a step's one statement changes by their indexes, whatever the tables hold.

A step's one statement (engine/store.py, ADR 9) joins the task rows it updates and the handover it picks
up to rows sent as JSON (``jsonb_populate_recordset``), which PostgreSQL takes for 100 rows unless told
otherwise. With tables of some thousands of rows it then planned a sequential scan of ``case_tasks`` (and,
in a benchmark's database, of ``handovers``) for every completion: about 1 ms each at 5,000 rows, growing
with the tables until, at about 16,000 tasks, 100 index lookups came out cheaper. The
statement now says how many rows it sends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from engine import cases, tasks
from engine.models import Case, CaseTask, Handover

FILLER = 3000
"""Rows added to ``case_tasks`` and to ``handovers``: enough that 100 index lookups of tasks cost the
planner more than reading the table (the plan this test failed on before the statement said)."""


def open_task(db: Any, case_id: str) -> str:
    with db.tx() as session:
        [task] = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        return task.id


def scans(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """Each node of ``plan`` that reads a table: its type and the table."""
    found = (
        [(plan["Node Type"], plan["Relation Name"])]
        if "Scan" in plan["Node Type"] and "Relation Name" in plan
        else []
    )
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def copies(table: Any, where: str, new: dict[str, str], skip: tuple[str, ...] = ()) -> str:
    """SQL that adds FILLER copies of the row of ``table`` ``where`` holds, with the columns of ``new``
    made anew (``n`` counts the copies) and those of ``skip`` left to their defaults."""
    kept = [c.name for c in table.c if c.name not in new and c.name not in skip]
    return (
        f"INSERT INTO {table.name} ({', '.join([*new, *kept])})"
        f" SELECT {', '.join([*new.values(), *kept])} FROM {table.name}, generate_series(1, {FILLER}) AS n"
        f" WHERE {where}"
    )


def test_a_completion_finds_its_task_and_handover_by_index_among_thousands(db, staff, gemeente):
    if not db.url.startswith("postgresql"):
        pytest.skip("the one statement of a step is PostgreSQL's; SQLite's statements name their rows")
    coach, am = staff("werkcoach").actor, staff("accountmanager").actor
    with db.tx() as session:
        case_id = cases.start_case(
            session, db.cache, db.profiles, coach, "overdracht_test", gemeente, "K", {"weken_plan": 26}
        ).id
    with db.tx() as session:
        tasks.complete_task(
            session,
            db.cache,
            coach,
            open_task(db, case_id),
            {"matchbaar": True, "kandidaatprofiel": "heftruck"},
        )
    task_id = open_task(db, case_id)  # the accountmanager's, handed over

    sent: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    with db.tx() as session:
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            tasks.complete_task(session, db.cache, am, task_id, {"uitkomst": "geplaatst"})
        finally:
            event.remove(engine, "before_cursor_execute", capture)
    [(statement, parameters)] = [s for s in sent if s[0].startswith("WITH")]

    session = db.factory()
    try:  # the filler is rolled back, ANALYZE's statistics of it too
        connection = session.connection()
        connection.exec_driver_sql(copies(CaseTask.__table__, f"id = '{task_id}'", {"id": "'filler-' || n"}))
        connection.exec_driver_sql(
            copies(
                Handover.__table__,
                f"to_task_id = '{task_id}'",
                {"to_task_id": "'filler-' || n", "picked_up_at": "handed_over_at"},
                ("id",),
            )
        )
        connection.exec_driver_sql("ANALYZE case_tasks, handovers")
        [plan] = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    finally:
        session.rollback()
        session.close()
    read = scans(plan["Plan"])
    assert {"case_tasks", "handovers"} <= {table for _, table in read}, read  # the parts this is about
    assert not [
        scan for scan in read if scan[0] == "Seq Scan" and scan[1] in ("cases", "case_tasks", "handovers")
    ], read
