"""bsn hash and search indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_actor_at", ["actor", "at"], unique=False)
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_events_process_id_at", ["process_id", "at"], unique=False)
        batch_op.create_index("ix_audit_events_type_at", ["type", "at"], unique=False)

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bsn_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_cases_bsn_hash"), ["bsn_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_client_ref"), ["client_ref"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_client_ref"))
        batch_op.drop_index(batch_op.f("ix_cases_bsn_hash"))
        batch_op.drop_column("bsn_hash")

    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_type_at")
        batch_op.drop_index("ix_audit_events_process_id_at")
        batch_op.drop_index("ix_audit_events_at")
        batch_op.drop_index("ix_audit_events_actor_at")
