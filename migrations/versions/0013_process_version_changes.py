"""process versions: retired versions and a record of rollbacks, retirements and case migrations

A retired version takes no new cases (``process_versions.retired_at``); who rolled a process
back, retired a version or moved running cases to another version, when and why, is kept in
``process_version_changes`` (ADR 23).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: no table rebuild on SQLite, whose process_versions the cases refer to.
    op.add_column("process_versions", sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "process_version_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_version_changes")),
    )
    op.create_index(
        "ix_process_version_changes_process_id_at",
        "process_version_changes",
        ["process_id", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_process_version_changes_process_id_at", table_name="process_version_changes")
    op.drop_table("process_version_changes")
    # Plain DROP COLUMN (SQLite 3.35 and later): a batch rebuild would drop a table the cases refer to.
    op.execute("ALTER TABLE process_versions DROP COLUMN retired_at")
