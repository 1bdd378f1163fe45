"""The benchmarks' database: emptied and migrated before a run, or vacuumed before a measurement."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, text

from engine import migrate
from engine.db import make_engine


def empty(url: str) -> None:
    """Delete the SQLite file or drop PostgreSQL's public schema, then apply the migrations."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    migrate.upgrade(url)


def vacuum(url: str) -> None:
    """VACUUM (ANALYZE) a PostgreSQL database before a measurement in a database used before; nothing on
    SQLite, nor on a database that never held a case. Every step updates the same few counter rows (task,
    handover and report counts), and each update leaves a dead row version behind that only a vacuum
    removes. A deployment's autovacuum does that all the time; the test machines' PostgreSQL has it off,
    and there a benchmark run again on its database measured half the completions per second after
    30,000 cases (docs/performance.md).

    A new database is left as it is. Vacuumed while its tables are empty, PostgreSQL records them as
    empty, and each connection plans its foreign-key checks for empty tables once, as sequential scans,
    and keeps those plans while the tables fill (2.25 million rows of ``case_tasks`` read in one 20-second
    run); autovacuum would analyze the tables again as they fill, which the test machines' PostgreSQL never
    does. Never analyzed, a table counts as ten pages at least, and the checks use the primary keys."""
    if url.startswith("sqlite"):
        return
    with _outside_a_transaction(url) as connection:  # as VACUUM must run
        if connection.scalar(text("SELECT EXISTS (SELECT FROM cases)")):
            connection.execute(text("VACUUM (ANALYZE)"))


def checkpoint(url: str) -> None:
    """Have PostgreSQL write every page changed so far (``CHECKPOINT``) before a measurement, so that a run
    does not pay for the writes of the one before it (another server's, in spiff_arena.py) when the
    checkpointer or the background writer gets to them; nothing on SQLite."""
    if url.startswith("sqlite"):
        return
    with _outside_a_transaction(url) as connection:
        connection.execute(text("CHECKPOINT"))


@contextlib.contextmanager
def _outside_a_transaction(url: str) -> Iterator[Connection]:
    """A connection of its own to the PostgreSQL database ``url``, in autocommit."""
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
