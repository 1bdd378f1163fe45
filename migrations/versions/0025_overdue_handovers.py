"""overdue handovers: the handover report's list of the oldest handovers still waiting beyond the norm
reads them from an index in their order

- ``ix_handovers_waiting_oldest``: the handovers still waiting (partial, as ``ix_handovers_waiting``),
  by the time they were handed over and id, with their gemeente and process. The list (the 100 oldest
  on the console's *Regie*) reads the index from the oldest on, filters on gemeente and process in it,
  and stops at its limit; before, PostgreSQL read every waiting handover of the period and sorted them.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

WAITING = "picked_up_at IS NULL AND withdrawn_at IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_handovers_waiting_oldest",
        "handovers",
        ["handed_over_at", "id", "gemeente", "process_id"],
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )


def downgrade() -> None:
    op.drop_index("ix_handovers_waiting_oldest", table_name="handovers")
