"""organisations: the organisation that holds the work, on users, tasks and handovers

A lane names the organisation that holds its work in the property ``organisatie`` (sociale
dienst, SW-bedrijf, werkgeversservicepunt, re-integratiebedrijf); a task keeps its lane's, a
handover the organisation it leaves and the one it reaches, so a report shows who holds the
uitvoeringsregie and who works as subcontractor. A user gets the organisation that employs them.
Rows from before stay empty: nobody recorded an organisation then.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

COLUMNS = (
    ("users", "organisatie"),
    ("case_tasks", "organisatie"),
    ("handovers", "from_organisatie"),
    ("handovers", "to_organisatie"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length=40), nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both databases (SQLite since 3.35): a batch would copy case_tasks,
    # which case_task_roles refers to, and SQLite refuses to drop the old table.
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
