"""Apply the Alembic migrations in migrations/ to a database."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config


def config(database_url: str) -> Config:
    """An Alembic configuration for the migrations shipped with procesregie, on ``database_url``."""
    alembic = Config()
    alembic.set_main_option("script_location", str(resources.files("migrations")))
    alembic.attributes["database_url"] = database_url
    return alembic


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(config(database_url), revision)
