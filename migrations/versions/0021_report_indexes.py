"""report facts: the reports of issue 17 read the cases from indexes that hold what they count, and
a case records how many of its timers fired

- ``cases.timers_fired``: the number of the case's ``timer_fired`` events, counted as each fires
  (engine/store.py). The pilot report's "terms passed" (cases with a fired timer) reads it instead
  of joining every such event to the cases. Existing cases get the count from their history.

- ``ix_cases_client_ref_gemeente_started_at`` (replaces ``ix_cases_client_ref``): whether a client
  came back after an uitstroom to work (the KPIs ``niet_teruggekeerd_*``) is a lookup per uitstroom
  of that client's later cases in the gemeente. With only ``client_ref`` and ``gemeente`` indexed
  apart, SQLite looked the later cases up by gemeente: a quarter of all cases per uitstroom, 4.7 s
  for one gemeente and month at 100,000 cases.
- ``ix_cases_ended`` (replaces ``ix_cases_gemeente_ended_at``): the cases that ended, per status,
  gemeente and end time, with the columns the outcome report groups and times by, so it reads the
  index alone and never the cases' rows (whose workflow state is large).
- ``ix_cases_gemeente_started_at``: the same for the cases the outcome report counts as started.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

ENDED = ["status", "gemeente", "ended_at", "process_id", "process_version_id", "outcome_type", "started_at"]
STARTED = ["gemeente", "started_at", "process_id", "process_version_id"]
CASES = sa.table("cases", sa.column("id"), sa.column("timers_fired"))
EVENTS = sa.table("audit_events", sa.column("case_id"), sa.column("type"))
FIRED = EVENTS.c.type == "timer_fired"


def upgrade() -> None:
    # Not in batch mode: on SQLite that would copy the cases table, which the tasks' foreign keys forbid.
    op.add_column("cases", sa.Column("timers_fired", sa.Integer(), server_default="0", nullable=False))
    fired = sa.select(sa.func.count()).where(EVENTS.c.case_id == CASES.c.id, FIRED).scalar_subquery()
    op.execute(
        CASES.update()
        .where(CASES.c.id.in_(sa.select(EVENTS.c.case_id).where(FIRED)))
        .values(timers_fired=fired)
    )
    op.create_index(
        "ix_cases_client_ref_gemeente_started_at", "cases", ["client_ref", "gemeente", "started_at"]
    )
    op.drop_index("ix_cases_client_ref", table_name="cases")
    op.create_index("ix_cases_ended", "cases", ENDED)
    op.drop_index("ix_cases_gemeente_ended_at", table_name="cases")
    op.create_index("ix_cases_gemeente_started_at", "cases", STARTED)


def downgrade() -> None:
    op.drop_index("ix_cases_gemeente_started_at", table_name="cases")
    op.create_index("ix_cases_gemeente_ended_at", "cases", ["gemeente", "ended_at"])
    op.drop_index("ix_cases_ended", table_name="cases")
    op.create_index("ix_cases_client_ref", "cases", ["client_ref"])
    op.drop_index("ix_cases_client_ref_gemeente_started_at", table_name="cases")
    op.drop_column("cases", "timers_fired")
