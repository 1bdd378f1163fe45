"""The Alembic migrations: every one goes down and up again, and the result is the models' schema."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from engine.config import ROOT
from engine.db import Base, make_engine


def test_every_migration_goes_down_and_up_again(tmp_path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/migrations.sqlite3"
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
        assert differences == []
        assert "ix_handovers_report" in {i["name"] for i in inspect(engine).get_indexes("handovers")}
    finally:
        engine.dispose()
