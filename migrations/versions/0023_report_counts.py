"""report counts: the KPIs, the benchmark and the outcome report read counts kept as cases start and
end, not the cases (ADR 39)

- ``report_counts``: per gemeente, calendar month in Amsterdam, process version and name, a sum (or,
  for a name ending in ``.max``, a maximum). engine/rollup.py writes it in the transaction of each step
  that changes it; this migration counts the cases and fired terms already there with the same
  functions (``rollup.rebuild``).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from engine import rollup

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_counts",
        sa.Column("gemeente", sa.String(100), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("process_version_id", sa.Integer(), sa.ForeignKey("process_versions.id"), primary_key=True),
        sa.Column("name", sa.String(250), primary_key=True),
        sa.Column("process_id", sa.String(200), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
    )
    op.create_index(
        "ix_report_counts_month", "report_counts", ["month", "gemeente", "process_id", "name", "value"]
    )
    rollup.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_index("ix_report_counts_month", table_name="report_counts")
    op.drop_table("report_counts")
