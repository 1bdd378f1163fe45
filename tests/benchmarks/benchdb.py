"""The benchmarks' database: emptied and migrated before a run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

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
