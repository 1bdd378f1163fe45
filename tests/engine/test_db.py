"""The database layer: pooled connections that the server ended are replaced, not handed out."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from engine.db import make_engine


def test_a_pooled_connection_the_server_ended_is_replaced_without_an_error(db):  # type: ignore[no-untyped-def]
    if db.url.startswith("sqlite"):
        pytest.skip("SQLite has no server that could end a connection")
    engine = make_engine(db.url, pool_size=1, max_overflow=0)
    try:
        with engine.connect() as connection:
            ended = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with db.tx() as admin:  # the connection now waits in the pool; the server ends it (as on a restart)
            assert admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended}).scalar()
        for _ in range(100):
            with db.tx() as admin:
                if not admin.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": ended}).scalar():
                    break
            time.sleep(0.05)
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != ended
    finally:
        engine.dispose()
