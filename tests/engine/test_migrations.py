"""The Alembic migrations: every one goes down and up again, and the result is the models' schema."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from engine import migrate, processes, users
from engine.config import ROOT
from engine.db import Base, make_engine, make_sessionmaker
from engine.models import User, utcnow
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from tests.conftest import FIXTURES, PROCESSES, Db, fresh_postgresql_database

TOKENS = "0010"  # the migration that marks the unsalted token hashes


@contextmanager
def fixture_database(tmp_path: Path) -> Iterator[Db]:
    """A migrated SQLite database with the test fixtures deployed, for a migration's data test."""
    url = f"sqlite:///{tmp_path}/fixtures.sqlite3"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        db = Db(url, make_sessionmaker(engine), DefinitionCache(), Profiles.load(PROCESSES / "profielen"))
        with db.tx() as session:
            processes.deploy_directory(session, db.cache, FIXTURES, house_rules=False)
        yield db
    finally:
        engine.dispose()


def _config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


def test_every_migration_goes_down_and_up_again(tmp_path):
    url = f"sqlite:///{tmp_path}/migrations.sqlite3"
    config = _config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        command.upgrade(config, "head")
        with engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
            )
        assert differences == []
        assert "ix_handovers_report" in {i["name"] for i in inspect(engine).get_indexes("handovers")}
    finally:
        engine.dispose()


def test_existing_tasks_get_their_roles_on_the_row(tmp_path):
    """Migration 0006 copies each task's roles from case_task_roles onto the task."""
    url = f"sqlite:///{tmp_path}/roles.sqlite3"
    config = _config(url)
    command.upgrade(config, "0005")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO process_versions (id, process_id, version, number, name, roles, files,"
                    " summary, deployed_at, deployed_by)"
                    " VALUES (1, 'p', 'h', 1, 'P', '[]', '{}', '{}', '2026-01-01', 'x')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO cases (id, process_version_id, process_id, gemeente, client_ref, status,"
                    " state, serializer_version, lock_version, data, event_count, started_at, started_by)"
                    " VALUES ('c', 1, 'p', 'g', 'K', 'running', '{}', '1', 1, '{}', 0, '2026-01-01', 'x')"
                )
            )
            for task_id in ("t1", "t2"):
                connection.execute(
                    text(
                        "INSERT INTO case_tasks"
                        " (id, case_id, process_id, gemeente, element_id, name, status, ready_at)"
                        " VALUES (:id, 'c', 'p', 'g', 'e', 'n', 'ready', '2026-01-01')"
                    ),
                    {"id": task_id},
                )
            connection.execute(
                text(
                    "INSERT INTO case_task_roles (role, task_id) VALUES"
                    " ('werkcoach', 't1'), ('accountmanager', 't1')"
                )
            )
        command.upgrade(config, "head")
        with engine.connect() as connection:
            rows = dict(connection.execute(text("SELECT id, roles FROM case_tasks ORDER BY id")).all())
        assert rows == {"t1": '["accountmanager","werkcoach"]', "t2": "[]"}
        command.downgrade(config, "0005")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM case_tasks")).scalar() == 2
    finally:
        engine.dispose()


def test_existing_tokens_are_marked_sha256_and_work_until_they_expire(tmp_path):
    """Migration 0010 keeps each unsalted SHA-256 token hash, marked "sha256:", with an expiry in 90 days;
    the first use re-stores it as HMAC (engine/users.py). Going down makes it plain SHA-256 again."""
    url = f"sqlite:///{tmp_path}/tokens.sqlite3"
    config = _config(url)
    before = ScriptDirectory.from_config(config).get_revision(TOKENS).down_revision
    assert isinstance(before, str)
    command.upgrade(config, before)
    token = "pr_een-token-van-voor-de-upgrade"
    plain = hashlib.sha256(token.encode()).hexdigest()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, name, token_hash, roles, gemeenten, created_at)"
                    " VALUES (1, 'oud', :hash, '[\"werkcoach\"]', '[\"woerden\"]', '2026-01-01')"
                ),
                {"hash": plain},
            )
        command.upgrade(config, TOKENS)
        with Session(engine) as session:  # the columns of migration 0010 (the model has later ones)
            user = session.execute(select(User.token_hash, User.token_expires_at)).one()
            assert user.token_hash == users.legacy_digest(token)
            assert user.token_expires_at is not None
            assert user.token_expires_at - utcnow() == pytest.approx(
                dt.timedelta(days=90), abs=dt.timedelta(minutes=1)
            )
        command.downgrade(config, before)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT token_hash FROM users")).scalar() == plain
    finally:
        engine.dispose()


@pytest.mark.slow
def test_instances_starting_together_migrate_a_fresh_postgresql_database_one_at_a_time(db):
    """compose and a rolling upgrade start several instances at once, and every command migrates
    first: without the advisory lock in migrations/env.py all but one failed on the tables the first made."""
    if not db.url.startswith("postgresql"):
        pytest.skip("SQLite's writers queue on its lock; the race is PostgreSQL's")
    with fresh_postgresql_database(db.url) as url:
        starts = [
            subprocess.Popen(
                [sys.executable, "-m", "api.cli", "--database-url", url, "migrate"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(4)
        ]
        outputs = [start.communicate(timeout=300)[0] for start in starts]
        assert [start.returncode for start in starts] == [0, 0, 0, 0], outputs
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                assert (
                    MigrationContext.configure(connection).get_current_revision()
                    == ScriptDirectory.from_config(_config(url)).get_current_head()
                )
        finally:
            engine.dispose()
