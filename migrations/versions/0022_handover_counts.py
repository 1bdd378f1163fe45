"""handover counts: the handover report and the regie page read counts kept as handovers happen, not
every handover of the period (issue #13; ADR 36 amended)

- ``handover_counts``: per gemeente, calendar month in Amsterdam of the handover, process, pair of
  roles and pair of lane organisations ('' for none), a sum by name (``handed_over``, ``picked_up``,
  ``withdrawn``, the waits per bucket ``wait.<lower bound>`` and ``wait.sum``) or, for ``wait.max``,
  a maximum. engine/handover_counts.py writes it in the transaction of each step that hands over,
  picks up or withdraws; this migration counts the handovers already there with the same function
  (``handover_counts.rebuild``), withdrawn ones (migration 0015) included.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from engine import handover_counts

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_counts",
        sa.Column("gemeente", sa.String(100), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("process_id", sa.String(200), primary_key=True),
        sa.Column("from_role", sa.String(50), primary_key=True),
        sa.Column("to_role", sa.String(50), primary_key=True),
        sa.Column("from_organisatie", sa.String(40), primary_key=True),
        sa.Column("to_organisatie", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.Float(), nullable=False),
    )
    handover_counts.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.drop_table("handover_counts")
