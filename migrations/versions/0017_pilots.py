"""pilots: a version of a process tried on a share of the new cases of some gemeenten

``pilots`` holds each pilot (process, version, share, gemeenten, who started and ended it);
``pilot_gemeenten`` one row per gemeente, whose partial unique index allows one running pilot per
process and gemeente. ``cases.pilot_id`` names the pilot whose draw chose a case's version (ADR 31).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

RUNNING = "ended_at IS NULL"
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "pilots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("gemeenten", JSON, nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(length=100), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pilots")),
    )
    op.create_index("ix_pilots_process_id_started_at", "pilots", ["process_id", "started_at"], unique=False)
    op.create_table(
        "pilot_gemeenten",
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=100), nullable=False),
        sa.Column("process_id", sa.String(length=200), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"], name=op.f("fk_pilot_gemeenten_pilot_id_pilots")),
        sa.PrimaryKeyConstraint("pilot_id", "gemeente", name=op.f("pk_pilot_gemeenten")),
    )
    op.create_index(
        "ix_pilot_gemeenten_running",
        "pilot_gemeenten",
        ["process_id", "gemeente"],
        unique=True,
        postgresql_where=sa.text(RUNNING),
        sqlite_where=sa.text(RUNNING),
    )
    # Plain ALTER TABLE on both databases: SQLite must not rebuild the cases table, which others refer to.
    op.add_column("cases", sa.Column("pilot_id", sa.Integer(), nullable=True))
    op.create_index("ix_cases_pilot_id", "cases", ["pilot_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_pilot_id", table_name="cases")
    op.drop_column("cases", "pilot_id")
    op.drop_index("ix_pilot_gemeenten_running", table_name="pilot_gemeenten")
    op.drop_table("pilot_gemeenten")
    op.drop_index("ix_pilots_process_id_started_at", table_name="pilots")
    op.drop_table("pilots")
