"""Database engine, sessions and the declarative base shared by all tables."""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, MetaData, create_engine, event, exc
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


READ_ONLY = "procesregie_read_only"


def read_only(session: Session) -> None:
    """Declare the session's transaction read-only, before its first query: on SQLite it then takes no write lock."""
    session.connection(execution_options={READ_ONLY: True})


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and write-serializing transactions, a server
    database a check at checkout that the pooled connection still lives."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy emit BEGIN itself, so it can be BEGIN IMMEDIATE below.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # A transaction that reads a case and then writes it must hold the write lock
            # from the start; a deferred one could not upgrade after another writer committed.
            # A read-only one (a long export) reads a snapshot and lets the writers go on.
            read_only = connection.get_execution_options().get(READ_ONLY, False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkout", _refuse_ended_connection)
    return engine


def _refuse_ended_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Pool checkout: leave out a pooled connection that the server ended while it sat idle.

    A server that ends a connection (a restart, ``pg_terminate_backend``, an idle timeout)
    sends a message and closes it, so its socket becomes readable; a healthy idle connection
    has nothing to read. That is one ``poll`` with no wait, where SQLAlchemy's ``pool_pre_ping``
    sends a ``SELECT 1`` to the server at every checkout. The pool replaces a connection
    refused here with a new one.
    """
    if dbapi_connection.closed:
        raise exc.DisconnectionError("the connection is closed")
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN)
    if poller.poll(0):
        raise exc.DisconnectionError("the server ended the idle connection (or wrote to it)")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
