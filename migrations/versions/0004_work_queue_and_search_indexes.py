"""work queue and search indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OPEN = "status IN ('ready', 'claimed')"


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_at")
        batch_op.create_index("ix_audit_events_at_id", ["at", "id"], unique=False)

    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_tasks_open_ready_at",
            ["ready_at", "id"],
            unique=False,
            postgresql_where=sa.text(OPEN),
            sqlite_where=sa.text(OPEN),
        )

    with op.batch_alter_table("case_task_roles", schema=None) as batch_op:
        batch_op.create_index("ix_case_task_roles_task_id", ["task_id"], unique=False)

    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_case_tasks_status_gemeente")
        batch_op.create_index("ix_case_tasks_process_id_gemeente", ["process_id", "gemeente"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_case_tasks_process_id_gemeente")
        batch_op.create_index("ix_case_tasks_status_gemeente", ["status", "gemeente"], unique=False)

    with op.batch_alter_table("case_task_roles", schema=None) as batch_op:
        batch_op.drop_index("ix_case_task_roles_task_id")

    with op.batch_alter_table("case_tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_case_tasks_open_ready_at")

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_at_id")
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)
