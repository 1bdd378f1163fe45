"""steering indexes: the KPIs read the cases of a few processes that ended or started in a month,
and the handovers of the gemeenten a reader serves by month

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

HANDOVERS = ["gemeente", "handed_over_at", "process_id", "picked_up_at", "withdrawn_at"]


def upgrade() -> None:
    op.create_index("ix_cases_process_id_ended_at", "cases", ["process_id", "ended_at"])
    op.create_index(
        "ix_cases_process_id_started_at", "cases", ["process_id", "started_at", "gemeente", "ended_at"]
    )
    op.create_index("ix_handovers_gemeente_handed_over_at", "handovers", HANDOVERS)


def downgrade() -> None:
    op.drop_index("ix_handovers_gemeente_handed_over_at", table_name="handovers")
    op.drop_index("ix_cases_process_id_started_at", table_name="cases")
    op.drop_index("ix_cases_process_id_ended_at", table_name="cases")
