"""Alembic environment: the URL comes from the caller or from procesregie's settings."""

from alembic import context
from sqlalchemy import pool, text

from engine import models  # noqa: F401  (registers the tables)
from engine.config import get_settings
from engine.db import Base, make_engine

config = context.config
url = config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Instances that start together (compose, a rolling upgrade; every command migrates first)
            # migrate one at a time: the next waits here for the first one's commit, then finds the
            # database at head. Without it, the second fails on the tables the first just made.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('procesregie migrations'))"))
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
