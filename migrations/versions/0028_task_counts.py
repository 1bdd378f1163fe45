"""task counts: the per-task statistics of a process read counts kept as tasks are made, completed and
cancelled, not every task of the period (issue #13; ADR 37 amended)

- ``task_counts``: per process, gemeente, calendar month in Amsterdam of the moment the task became
  ready, element and task name, a sum by name: ``ready``, ``open``, ``completed`` and the time from
  ready to done of the completed ones as whole ``seconds`` and ``microseconds``. engine/task_counts.py
  writes it in the transaction of each step that makes, completes or cancels a task; this migration
  counts the tasks already there with the same function (``task_counts.rebuild``).
- the index of a process's tasks per gemeente takes their ``ready_at`` too: the statistics count the
  tasks of a period's edges (parts of months) from the rows, a month at most, not every task.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from engine import task_counts

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "task_counts",
        sa.Column("process_id", sa.String(200), primary_key=True),
        sa.Column("gemeente", sa.String(100), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("element_id", sa.String(200), primary_key=True),
        sa.Column("task_name", sa.String(300), primary_key=True),
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
    )
    with op.batch_alter_table("case_tasks") as batch_op:
        batch_op.drop_index("ix_case_tasks_process_id_gemeente")
        batch_op.create_index(
            "ix_case_tasks_process_id_gemeente_ready_at", ["process_id", "gemeente", "ready_at"], unique=False
        )
    task_counts.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    with op.batch_alter_table("case_tasks") as batch_op:
        batch_op.drop_index("ix_case_tasks_process_id_gemeente_ready_at")
        batch_op.create_index("ix_case_tasks_process_id_gemeente", ["process_id", "gemeente"], unique=False)
    op.drop_table("task_counts")
