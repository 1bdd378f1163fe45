"""withdrawn handovers: a handover whose receiving task was withdrawn no longer waits

A handover to a task withdrawn before anyone picked it up (an interrupting boundary event, an
event-based gateway, an interrupting event subprocess, a cancelled or ended case) gets
``withdrawn_at`` and ``withdrawn_reason``; the partial index ``ix_handovers_waiting`` holds the
ones still waiting, and the report's covering index gains ``withdrawn_at``. Handovers already
stuck that way are withdrawn at the time their task was cancelled (its ``task_cancelled`` event),
else when their case ended.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

REPORT = ["process_id", "gemeente", "from_role", "to_role", "handed_over_at", "picked_up_at"]
WAITING = "picked_up_at IS NULL AND withdrawn_at IS NULL"

BACKFILL = """
UPDATE handovers SET
  withdrawn_at = COALESCE(
    (SELECT MIN(e.at) FROM audit_events e
     WHERE e.case_id = handovers.case_id AND e.task_id = handovers.to_task_id AND e.type = 'task_cancelled'),
    (SELECT c.ended_at FROM cases c WHERE c.id = handovers.case_id),
    handovers.handed_over_at),
  withdrawn_reason = (SELECT CASE WHEN c.status = 'running' THEN 'task_withdrawn' ELSE 'case_' || c.status END
                      FROM cases c WHERE c.id = handovers.case_id)
WHERE picked_up_at IS NULL
  AND EXISTS (SELECT 1 FROM case_tasks t WHERE t.id = handovers.to_task_id AND t.status = 'cancelled')
"""


def upgrade() -> None:
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_reason", sa.String(length=50), nullable=True))
        batch_op.drop_index("ix_handovers_report")
        batch_op.create_index("ix_handovers_report", [*REPORT, "withdrawn_at"], unique=False)
        batch_op.create_index(
            "ix_handovers_waiting",
            ["to_role", "handed_over_at"],
            unique=False,
            postgresql_where=sa.text(WAITING),
            sqlite_where=sa.text(WAITING),
        )
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index("ix_handovers_waiting")
        batch_op.drop_index("ix_handovers_report")
        batch_op.create_index("ix_handovers_report", REPORT, unique=False)
        batch_op.drop_column("withdrawn_reason")
        batch_op.drop_column("withdrawn_at")
