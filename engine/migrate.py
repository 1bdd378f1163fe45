"""Apply the Alembic migrations in migrations/ to a database."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from .config import ROOT


def upgrade(database_url: str, revision: str = "head") -> None:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, revision)
