"""users generation: workers learn at once that users or sign-ins changed (ADR 27)

A worker keeps who a credential belongs to for a short while (engine/identities.py). A trigger
raises ``users_generation.generation`` at every update or delete of ``users`` and every delete of
``sign_ins``, in the changing transaction; every transaction of the service reads it as it begins.
Being triggers, they also catch the command line and a change made by hand in SQL.

A later migration that rebuilds ``users`` or ``sign_ins`` on SQLite (``batch_alter_table`` copies
the table) drops their triggers: it must create them again (``SQLITE`` below).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

POSTGRESQL = [
    """
    CREATE FUNCTION procesregie_users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE users_generation SET generation = generation + 1;
      RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER users_changed AFTER UPDATE OR DELETE ON users "
    "FOR EACH STATEMENT EXECUTE FUNCTION procesregie_users_changed()",
    "CREATE TRIGGER sign_ins_ended AFTER DELETE ON sign_ins "
    "FOR EACH STATEMENT EXECUTE FUNCTION procesregie_users_changed()",
]
_BUMP = "BEGIN UPDATE users_generation SET generation = generation + 1; END"
SQLITE = [
    f"CREATE TRIGGER users_updated AFTER UPDATE ON users {_BUMP}",
    f"CREATE TRIGGER users_deleted AFTER DELETE ON users {_BUMP}",
    f"CREATE TRIGGER sign_ins_ended AFTER DELETE ON sign_ins {_BUMP}",
]


def upgrade() -> None:
    op.create_table(
        "users_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users_generation")),
    )
    op.execute("INSERT INTO users_generation (id, generation) VALUES (1, 0)")
    for statement in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER sign_ins_ended ON sign_ins")
        op.execute("DROP TRIGGER users_changed ON users")
        op.execute("DROP FUNCTION procesregie_users_changed()")
    else:
        for name in ("sign_ins_ended", "users_deleted", "users_updated"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("users_generation")
