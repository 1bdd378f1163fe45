"""The database layer: pooled connections that the server ended are replaced, not handed out;
SQLite's writers queue on a lock file; a rollback keeps PostgreSQL's prepared statements."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import time
from typing import Any

import pytest
from sqlalchemy import JSON, Float, Integer, create_engine, exc, insert, text, update

from engine import task_counts
from engine.db import Base, adding_upsert, autovacuum_off, make_engine, make_sessionmaker, read_only, send
from engine.models import UTCDateTime


def _turn_is_free(lock_path: str) -> bool:
    """Whether another process could take the writers' turn now (a new open file, as another process has)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_sqlite_writer_holds_the_writers_turn_from_begin_to_commit_or_rollback(db):
    if not db.url.startswith("sqlite"):
        pytest.skip("only SQLite serializes its writers")
    lock_path = db.url.removeprefix("sqlite:///") + "-writers.lock"
    engine = make_engine(db.url)
    factory = make_sessionmaker(engine)
    try:
        for end in ("commit", "rollback"):
            with factory() as session:
                session.execute(text("SELECT count(*) FROM cases"))
                assert not _turn_is_free(
                    lock_path
                )  # the next writer waits in the kernel, woken when this one ends
                getattr(session, end)()
                assert _turn_is_free(lock_path)
        with factory() as session:  # a read-only transaction (an export) lets the writers go on
            read_only(session)
            session.execute(text("SELECT count(*) FROM cases"))
            assert _turn_is_free(lock_path)
    finally:
        engine.dispose()


def test_a_second_sqlite_write_transaction_in_the_same_thread_fails_instead_of_waiting_for_itself(db):
    if not db.url.startswith("sqlite"):
        pytest.skip("only SQLite serializes its writers")
    lock_path = db.url.removeprefix("sqlite:///") + "-writers.lock"
    engine = make_engine(db.url)
    factory = make_sessionmaker(engine)
    try:
        with factory() as first, factory() as second:
            first.execute(text("SELECT count(*) FROM cases"))
            with pytest.raises(RuntimeError, match="would wait for itself"):
                second.execute(text("SELECT count(*) FROM cases"))
            first.commit()
            second.execute(text("SELECT count(*) FROM cases"))  # its turn once the first ended
            assert not _turn_is_free(lock_path)
            second.rollback()
            assert _turn_is_free(lock_path)
    finally:
        engine.dispose()


def _end_backend(db: Any, pid: int) -> None:
    """Have the server end the backend ``pid`` (as a restart does) and wait until it is gone."""
    with db.tx() as admin:
        assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    deadline = time.monotonic() + 60  # a bound for a hang, not for the server's speed
    while True:
        with db.tx() as admin:
            if not admin.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar():
                return
        if time.monotonic() > deadline:
            pytest.fail(f"the server did not end backend {pid}")
        time.sleep(0.05)


def test_a_pooled_connection_the_server_ended_is_replaced_without_an_error(db):
    if db.url.startswith("sqlite"):
        pytest.skip("SQLite has no server that could end a connection")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            ended = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        _end_backend(db, ended)  # the connection now waits in the pool; the server ends it (as on a restart)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != ended
    finally:
        engine.dispose()


def _prepared_statements(connection: Any) -> int:
    return connection.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements").scalar()


def test_a_rollback_keeps_the_connections_prepared_statements_and_none_of_the_transactions_writes(db):
    """psycopg forgot every prepared statement at a rollback; a failed request made its connection parse
    and plan every statement again (ADR 45)."""
    if db.url.startswith("sqlite"):
        pytest.skip("prepared statements on the server are PostgreSQL's")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    generation = "SELECT generation FROM users_generation WHERE generation > %(floor)s"
    try:
        with engine.connect() as connection:
            before = connection.exec_driver_sql("SELECT generation FROM users_generation").scalar()
            for _ in range(6):  # psycopg prepares a statement at its fifth execution
                connection.exec_driver_sql(generation, {"floor": -1})
            connection.commit()
            assert _prepared_statements(connection) == 1
            connection.commit()
            connection.exec_driver_sql("UPDATE users_generation SET generation = generation + 1")
            connection.rollback()
            assert _prepared_statements(connection) == 1
            assert connection.exec_driver_sql(generation, {"floor": -1}).scalar() == before
            # a transaction in error (a statement failed) rolls back as well
            with pytest.raises(exc.DBAPIError):
                connection.exec_driver_sql("SELECT 1 / 0")
            connection.rollback()
            assert connection.exec_driver_sql(generation, {"floor": -1}).scalar() == before
            assert _prepared_statements(connection) == 1
    finally:
        engine.dispose()


def test_a_savepoints_rollback_keeps_the_prepared_statements_and_undoes_only_what_followed_it(db):
    """The console completes a task inside a savepoint, so a refused form leaves nothing behind; its
    ``ROLLBACK TO SAVEPOINT`` made psycopg forget its prepared statements too."""
    if db.url.startswith("sqlite"):
        pytest.skip("prepared statements on the server are PostgreSQL's")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    factory = make_sessionmaker(engine)
    generation = text("SELECT generation FROM users_generation WHERE generation > :floor")
    try:
        with factory() as session:
            before = session.execute(generation, {"floor": -1}).scalar()
            for _ in range(6):
                session.execute(generation, {"floor": -1})
            session.execute(text("UPDATE users_generation SET generation = generation + 10"))
            savepoint = session.begin_nested()
            session.execute(text("UPDATE users_generation SET generation = generation + 1"))
            savepoint.rollback()
            assert session.execute(generation, {"floor": -1}).scalar() == before + 10
            assert _prepared_statements(session.connection()) == 1
            session.rollback()
            assert session.execute(generation, {"floor": -1}).scalar() == before
    finally:
        engine.dispose()


def test_a_rollback_on_a_connection_the_server_ended_fails_as_a_lost_connection(db):
    if db.url.startswith("sqlite"):
        pytest.skip("SQLite has no server that could end a connection")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            ended = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            _end_backend(db, ended)  # in the middle of the connection's transaction
            with pytest.raises(exc.DBAPIError) as raised:
                connection.rollback()
            assert raised.value.connection_invalidated
        with engine.connect() as connection:  # the pool opens a new one
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != ended
    finally:
        engine.dispose()


def _sample(column: Any, variant: int) -> Any:
    """A value of ``column``'s type that SQLAlchemy processes before SQLite stores it, where it has one."""
    if isinstance(column.type, UTCDateTime):
        zone = dt.timezone(dt.timedelta(hours=2 - variant))  # not UTC: the type converts to it
        return dt.datetime(2026, 3, 29, 1, 59, 58, 123456, tzinfo=zone)
    if isinstance(column.type, JSON):
        return {"naam": "Zoë", "bedrag": 12.5, "lijst": [1, None, True], "variant": variant}
    if isinstance(column.type, Integer):
        return 7 + variant
    if isinstance(column.type, Float):
        return 0.1 + variant
    return f"{column.name}-é-{variant}"


@pytest.mark.parametrize(
    "table", ["cases", "case_tasks", "case_task_roles", "audit_events", "handovers", "task_counts"]
)
def test_send_stores_what_sqlalchemys_execution_stores(tmp_path, table):
    """`send` (SQLite's step writes, ADR 9) sends the compiled SQL itself: the rows it inserts, updates and
    adds up come out byte for byte as SQLAlchemy's own execution of the same statements writes them."""
    target = Base.metadata.tables[table]
    written = [c for c in target.columns if not (c.primary_key and isinstance(c.type, Integer))]
    rows = [{c.name: _sample(c, 0) for c in written} for _ in range(3)]
    for number, row in enumerate(rows):  # distinct keys and unique columns
        row.update({c.name: f"{c.name}-{number}" for c in written if c.primary_key or c.name == "case_id"})
    changed = {c.name: _sample(c, 1) for c in written if not c.primary_key}
    stored = []
    for name, execute in [
        ("sqlalchemy", lambda connection, statement, parameters: connection.execute(statement, parameters)),
        ("send", send),
    ]:
        engine = create_engine(f"sqlite:///{tmp_path / name}.sqlite3")  # no foreign keys: one table's rows
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            execute(connection, insert(target), rows[:2])  # as many
            execute(connection, insert(target), rows[2])
            if changed:
                execute(connection, update(target).where(text("rowid = :_rowid")), {"_rowid": 1, **changed})
            if table == "task_counts":
                counted = [{**rows[1], "name": name, "value": 2.5} for name in ("open", "wait.max", "open")]
                execute(connection, adding_upsert(target, task_counts.KEY, "sqlite"), counted)
            stored.append(connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY rowid").all())
        engine.dispose()
    assert stored[0] == stored[1]
    assert len(stored[0]) >= 3


def test_autovacuum_off_is_read_from_the_servers_settings(db):
    """`serve` warns when PostgreSQL will not vacuum the counters' rows that every step updates."""
    with db.tx() as session:
        if not db.url.startswith("postgresql"):
            assert autovacuum_off(session) is False
            return
        server = session.execute(text("SHOW autovacuum")).scalar_one()
        session.execute(text("SET LOCAL track_counts = on"))
        assert autovacuum_off(session) is (server == "off")
        # autovacuum needs the statistics that track_counts collects: without them it does nothing
        session.execute(text("SET LOCAL track_counts = off"))
        assert autovacuum_off(session) is True
