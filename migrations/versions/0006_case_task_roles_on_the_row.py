"""a task's roles on its own row

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ROLES = {
    "postgresql": "COALESCE((SELECT jsonb_agg(r.role ORDER BY r.role) FROM case_task_roles r"
    " WHERE r.task_id = case_tasks.id), '[]'::jsonb)",
    "sqlite": "COALESCE((SELECT json_group_array(role) FROM (SELECT r.role FROM case_task_roles r"
    " WHERE r.task_id = case_tasks.id ORDER BY r.role)), '[]')",
}


def upgrade() -> None:
    # Added NOT NULL with a default, then filled: no table rebuild on SQLite (whose rebuild the
    # foreign keys of case_task_roles would refuse once there are tasks).
    json_type = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    op.add_column("case_tasks", sa.Column("roles", json_type, nullable=False, server_default=sa.text("'[]'")))
    op.execute(f"UPDATE case_tasks SET roles = {ROLES[op.get_bind().dialect.name]}")


def downgrade() -> None:
    op.drop_column("case_tasks", "roles")
