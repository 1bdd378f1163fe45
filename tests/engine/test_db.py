"""The database layer: pooled connections that the server ended are replaced, not handed out;
SQLite's writers queue on a lock file."""

from __future__ import annotations

import fcntl
import os
import time

import pytest
from sqlalchemy import text

from engine.db import make_engine, make_sessionmaker, read_only


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


def test_a_pooled_connection_the_server_ended_is_replaced_without_an_error(db):
    if db.url.startswith("sqlite"):
        pytest.skip("SQLite has no server that could end a connection")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            ended = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with db.tx() as admin:  # the connection now waits in the pool; the server ends it (as on a restart)
            assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended}).scalar()
        deadline = time.monotonic() + 60  # a bound for a hang, not for the server's speed
        while True:
            with db.tx() as admin:
                if not admin.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": ended}
                ).scalar():
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not end backend {ended}")
            time.sleep(0.05)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != ended
    finally:
        engine.dispose()
