"""Apply the Alembic migrations in migrations/ to a database."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection


def config(database_url: str) -> Config:
    """An Alembic configuration for the migrations shipped with procesregie, on ``database_url``."""
    alembic = Config()
    alembic.set_main_option("script_location", str(resources.files("migrations")))
    alembic.attributes["database_url"] = database_url
    return alembic


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(config(database_url), revision)


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision of the migrations shipped with this version of procesregie."""
    revision = ScriptDirectory.from_config(config("")).get_current_head()
    assert revision is not None  # migrations/versions is never empty
    return revision


def current(connection: Connection) -> str | None:
    """The revision the database on ``connection`` is at; None before the first migration."""
    return MigrationContext.configure(connection).get_current_revision()
