"""bearer tokens: an expiry per user; the unsalted SHA-256 hashes marked as such (ADR 17)

Tokens are now stored as HMAC-SHA256 under the token key. A stored SHA-256 cannot be turned into
that HMAC, so the existing hashes are kept, marked "sha256:" (base64url, to fit the column), and
engine/users.py re-stores each as HMAC at its token's first use. Existing tokens expire 90 days
after the upgrade (or earlier, when rotated with `procesregie user token`).

Downgrade: the marked hashes become plain SHA-256 again; tokens issued or used since the upgrade
are stored as HMAC, which the earlier code cannot check: issue them anew (`procesregie user token`).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

import base64
import datetime as dt
import re

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LEGACY_PREFIX = "sha256:"
LEGACY_TOKEN_DAYS = 90
_HEX_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_users = sa.table(
    "users",
    sa.column("id", sa.Integer()),
    sa.column("token_hash", sa.String(64)),
    sa.column("token_expires_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): no table rebuild on SQLite, whose users are referred to.
    op.add_column("users", sa.Column("token_expires_at", sa.DateTime(timezone=True), nullable=True))
    connection = op.get_bind()
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=LEGACY_TOKEN_DAYS)
    if connection.dialect.name != "postgresql":
        expires = expires.replace(tzinfo=None)  # SQLite stores UTC without a zone (engine/models.py)
    for user_id, token_hash in connection.execute(sa.select(_users.c.id, _users.c.token_hash)).all():
        if not _HEX_SHA256.match(token_hash):
            continue
        marked = LEGACY_PREFIX + base64.urlsafe_b64encode(bytes.fromhex(token_hash)).rstrip(b"=").decode()
        connection.execute(
            _users.update().where(_users.c.id == user_id).values(token_hash=marked, token_expires_at=expires)
        )


def downgrade() -> None:
    connection = op.get_bind()
    for user_id, token_hash in connection.execute(sa.select(_users.c.id, _users.c.token_hash)).all():
        if not token_hash.startswith(LEGACY_PREFIX):
            continue
        encoded = token_hash.removeprefix(LEGACY_PREFIX)
        plain = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).hex()
        connection.execute(_users.update().where(_users.c.id == user_id).values(token_hash=plain))
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("token_expires_at")
