"""handover counts: the handovers picked up beyond the steering KPIs' norm (issue #17)

- ``handover_counts`` gains the name ``picked_up_late``: a handover picked up more than 24 hours after
  it was handed over (``handover_counts.NORM_HOURS``), so the handover KPIs of every steering line
  (engine/steering.py) read whole months from the counts, exactly as they counted every handover. This
  migration counts every handover again with the same function (``handover_counts.rebuild``); going
  down drops the name.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06
"""

from alembic import op
from sqlalchemy import delete
from sqlalchemy.orm import Session

from engine import handover_counts
from engine.models import HandoverCount

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    handover_counts.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    Session(bind=op.get_bind()).execute(
        delete(HandoverCount).where(HandoverCount.name == handover_counts.PICKED_UP_LATE)
    )
