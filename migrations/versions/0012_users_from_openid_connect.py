"""users: where a user comes from, built-in or an OpenID Connect provider (ADR 20)

A user signed in through OpenID Connect gets a row of its own (source "oidc"): no password, no
bearer token of procesregie, roles and gemeenten refreshed from the provider's claims at each
sign-in, so audit events name the person and a beheerder can disable them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default: no table rebuild on SQLite, whose users are referred to.
    op.add_column(
        "users", sa.Column("source", sa.String(length=10), server_default="builtin", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("source")
