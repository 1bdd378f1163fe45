"""report counts: the amounts recovered (issue #17): the inkomsten verrekend, the verhaal per month and
the boetes imposed, and the restvorderingen a beëindiging has its terugvordering decide, counted again
from the cases already there (``rollup.rebuild``, ADR 39: a new KPI needs its count for existing data)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-06
"""

from alembic import op
from sqlalchemy.orm import Session

from engine import rollup

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    rollup.rebuild(Session(bind=op.get_bind()))


def downgrade() -> None:
    op.execute(
        "DELETE FROM report_counts WHERE name IN"
        " ('inkomsten_verrekend_bedrag', 'verhaal_bedrag_per_maand', 'boetes_opgelegd_bedrag')"
        " OR (process_id = 'beeindiging_uitkering' AND name = 'teruggevorderd_bedrag')"
    )
