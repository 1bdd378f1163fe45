"""a version's content hash is named content_hash, the version number stays `number`

The column ``process_versions.version`` held the content hash while the API's
``process_version`` meant the number; audit events and handovers named the hash
``process_version`` too. The hash columns now say what they hold.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

RENAMES = (
    ("process_versions", "version", "content_hash"),
    ("audit_events", "process_version", "process_version_hash"),
    ("handovers", "process_version", "process_version_hash"),
)


def _rename(renames: tuple[tuple[str, str, str], ...]) -> None:
    # Plain RENAME COLUMN on both databases: a batch rebuild of process_versions on SQLite would
    # drop a table that cases refer to. For the same reason the unique constraint on
    # (process_id, content_hash) keeps its name uq_process_versions_process_id_version.
    for table, old, new in renames:
        op.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")


def upgrade() -> None:
    _rename(RENAMES)


def downgrade() -> None:
    _rename(tuple((table, new, old) for table, old, new in RENAMES))
