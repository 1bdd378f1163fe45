"""One suite, two databases: SQLite always, PostgreSQL when PROCESREGIE_TEST_DATABASE_URL is set.

The schema is created by the Alembic migrations (so they are tested too) once per
database; every test works in its own gemeente with its own users, so tests do not
see each other's cases, as on a shared production database. Under pytest-xdist each
worker has a database of its own (a SQLite file, a PostgreSQL database).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from engine import bpmn, migrate, processes, rollup, users
from engine.db import make_engine, make_sessionmaker, transaction
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor
from engine.workflow_cache import WorkflowCache

ROOT = Path(__file__).resolve().parent.parent
# The key files (cookies, BSN hashes) are made on first use in procesregie's home folder; the tests
# keep theirs in a folder of their own, which the processes they start inherit.
os.environ.setdefault("PROCESREGIE_HOME", tempfile.mkdtemp(prefix="procesregie-home-"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROCESSES = ROOT / "processes"


def databases() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("PROCESREGIE_TEST_DATABASE_URL") else ["sqlite"]


@dataclass
class Db:
    """A migrated test database with every process of processes/ and tests/fixtures deployed."""

    url: str
    factory: sessionmaker[Session]
    cache: DefinitionCache
    profiles: Profiles

    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One transaction, as one request would have."""
        with transaction(self.factory) as session:
            yield session


def _empty_postgresql_database() -> str:
    """The URL of an empty PostgreSQL database for this test session.

    Without pytest-xdist it is PROCESREGIE_TEST_DATABASE_URL, its schema dropped and made anew.
    Each xdist worker gets a database of its own next to it (``test_gw0``, ``test_gw1``, ...),
    dropped and created again: workers sharing one would drop each other's schema.
    """
    given = os.environ["PROCESREGIE_TEST_DATABASE_URL"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        engine = make_engine(given)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return given
    url = make_url(given)
    name = f"{url.database}_{worker}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        # FORCE: a server a crashed run left behind may still be connected to it
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@contextmanager
def fresh_postgresql_database(url: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of ``url`` for one test, dropped afterwards;
    yields its URL."""
    fresh = make_url(url).set(database=f"fresh_{uuid.uuid4().hex[:12]}")
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{fresh.database}"'))
    try:
        yield fresh.render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{fresh.database}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session", params=databases())
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Db]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'procesregie.sqlite3'}"
    else:
        url = _empty_postgresql_database()
    migrate.upgrade(url)
    engine = make_engine(url)
    database = Db(url, make_sessionmaker(engine), DefinitionCache(), Profiles.load(PROCESSES / "profielen"))
    with database.tx() as session:
        processes.deploy_directory(session, database.cache, PROCESSES)
        processes.deploy_directory(session, database.cache, FIXTURES, house_rules=False)
    yield database
    engine.dispose()


def _typed(value: Any) -> Any:
    """A value with the type of each of its parts, dicts in any order: ``1``, ``1.0`` and ``True`` differ,
    a tuple is no list, a key ``1`` no key ``"1"``."""
    if isinstance(value, dict):
        return (dict, frozenset((_typed(k), _typed(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        parts = [_typed(item) for item in value]
        return (type(value), frozenset(parts) if isinstance(value, (set, frozenset)) else tuple(parts))
    return (type(value), value)


def same_workflow(kept: Any, restored: Any) -> None:
    """Assert that a kept workflow is the one a restore of its stored state gives: every task with its
    state, place in the tree, data and internal data, the workflow's data and called processes, and the
    events it waits for, in the order it looks at them."""
    assert _typed(bpmn._REGISTRY.convert(kept)) == _typed(bpmn._REGISTRY.convert(restored))
    assert list(kept.event_manager.tasks) == list(restored.event_manager.tasks)
    assert all(kept.get_task_from_id(task_id) is task for task_id, task in kept.event_manager.tasks.items())


@pytest.fixture(autouse=True, scope="session")
def _kept_workflows_are_the_stored_ones() -> Iterator[None]:
    """Every step of every test that takes a workflow the worker kept (engine/workflow_cache.py) checks it
    against a restore of the case's stored state: the cache must never change what a step does."""
    take = WorkflowCache.take

    def checked(self: WorkflowCache, case: Any, definition: bpmn.ProcessDefinition) -> Any:
        kept = take(self, case, definition)
        if kept is not None:
            same_workflow(kept, bpmn.load_state(case.state, definition, case.serializer_version))
        return kept

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WorkflowCache, "take", checked)
        yield


@pytest.fixture(autouse=True)
def _norms_of_one_database() -> None:
    """Forget the norm lead times read per process version id (engine.rollup): a worker holds one
    database, but a test session holds a SQLite and a PostgreSQL one, whose ids of versions deployed
    by tests differ, so one database's version would count with the other's norm (a signal of 56 days
    counted within the aanvraag's 8 weeks instead of its own 4)."""
    rollup._NORMS.clear()


@pytest.fixture
def gemeente() -> str:
    """A gemeente of this test alone."""
    return f"gemeente-{uuid.uuid4().hex[:8]}"


@dataclass
class Staff:
    """A user of the test: the engine's actor and the API's auth header."""

    actor: Actor
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def staff(db: Db, gemeente: str):
    """Make users for this test: staff("werkcoach"), staff("auditor", gemeenten=[...])."""

    def make(*roles: str, gemeenten: list[str] | None = None) -> Staff:
        name = f"{roles[0]}-{uuid.uuid4().hex[:8]}"
        with db.tx() as session:
            user, token = users.add_user(
                session, name, list(roles), gemeenten if gemeenten is not None else [gemeente]
            )
            return Staff(users.actor_of(user), token)

    return make
