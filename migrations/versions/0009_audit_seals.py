"""audit seals: a chained hash over every case's head, and the heads of the latest seal

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_seals",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("heads_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_seals")),
    )
    op.create_table(
        "audit_seal_heads",
        sa.Column("seal_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("heads", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seal_seq"], ["audit_seals.seq"], name=op.f("fk_audit_seal_heads_seal_seq_audit_seals")
        ),
        sa.PrimaryKeyConstraint("seal_seq", name=op.f("pk_audit_seal_heads")),
    )
    # Seals are append-only like audit events; on PostgreSQL neither table can be emptied by TRUNCATE
    # (which passes row triggers by).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals "
            "FOR EACH ROW EXECUTE FUNCTION audit_append_only()"
        )
        for table in ("audit_events", "audit_seals"):
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"
            )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_seals_no_{action.lower()} BEFORE {action} ON audit_seals "
                "BEGIN SELECT RAISE(ABORT, 'audit_seals is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("audit_events", "audit_seals"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP TRIGGER IF EXISTS audit_seals_append_only ON audit_seals")
        op.execute("DROP FUNCTION IF EXISTS audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_seals_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_seals_no_delete")
    op.drop_table("audit_seal_heads")
    op.drop_table("audit_seals")
