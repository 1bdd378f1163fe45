"""follow-up cases: a case started by the end event of another records that case (ADR 40)

- ``cases.origin_case_id``: the case whose end started this one (an end event's ``vervolgproces``),
  indexed to find a case's follow-up; empty for every case started before.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("origin_case_id", sa.String(36), nullable=True))
    op.create_index("ix_cases_origin_case_id", "cases", ["origin_case_id"])


def downgrade() -> None:
    op.drop_index("ix_cases_origin_case_id", table_name="cases")
    op.drop_column("cases", "origin_case_id")
