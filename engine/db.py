"""Database engine, sessions and the declarative base shared by all tables."""

from __future__ import annotations

import fcntl
import functools
import os
import select
import sqlite3
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import JSON, MetaData, Table, case, create_engine, event, exc, func, make_url, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, CursorResult, Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase

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
    """Declare the session's transaction read-only, before its first query.

    On SQLite it then takes no write lock.
    """
    session.connection(execution_options={READ_ONLY: True})


MAXIMUM = ".max"
"""A counter of :func:`adding_upsert` whose name ends so keeps the largest value added, not the sum."""


@functools.cache
def adding_upsert(table: Table, key: Sequence[str], dialect: str) -> UpdateBase:
    """The upsert that adds each row's ``value`` to the counter of its ``key`` and ``name`` in ``table``
    (a counter whose name ends in :data:`MAXIMUM` keeps the larger), built once per table and dialect: the
    statement is built and its cache key computed once, not at every step that counts (issue #18)."""
    postgresql = dialect == "postgresql"
    statement = (postgresql_insert if postgresql else sqlite_insert)(table)
    # SQLite's max() of two values is its scalar function, PostgreSQL's greatest().
    larger = (func.greatest if postgresql else func.max)(table.c.value, statement.excluded.value)
    value = case((table.c.name.endswith(MAXIMUM), larger), else_=table.c.value + statement.excluded.value)
    return statement.on_conflict_do_update(index_elements=[*key, "name"], set_={"value": value})


def adding_upsert_sql(table: str, key: Sequence[str], source: str) -> str:
    """:func:`adding_upsert` as PostgreSQL text, for the one statement of a step (engine/store.py): of
    the rows of ``source`` (a query of the columns of ``key``, ``name`` and ``value``, perhaps several
    rows per key and name), added up per key and name first, in key order."""
    columns = ", ".join([*key, "name"])
    is_maximum = f"name LIKE '%{MAXIMUM}'"
    return (
        f"INSERT INTO {table} ({columns}, value)"
        f" SELECT {columns}, CASE WHEN {is_maximum} THEN max(value) ELSE sum(value) END"
        f" FROM ({source}) AS counted GROUP BY {columns} ORDER BY {columns}"
        f" ON CONFLICT ({columns}) DO UPDATE SET value = CASE WHEN {table}.{is_maximum}"
        f" THEN greatest({table}.value, excluded.value) ELSE {table}.value + excluded.value END"
    )


def counter_rows_sql(key: Sequence[str], parameter: str, condition: str) -> str:
    """The rows of :func:`counter_rows` sent as the JSON parameter ``parameter``, as a PostgreSQL query
    for :func:`adding_upsert_sql`, where ``condition`` holds."""
    typed = ", ".join(f"{name} varchar" for name in (*key, "name"))
    named = ", ".join((*key, "name", "value"))
    return (
        f"SELECT {named} FROM jsonb_to_recordset(CAST(:{parameter} AS jsonb))"
        f" AS n({typed}, value float8) WHERE {condition}"
    )


def counter_rows(
    key: Sequence[str], changes: Mapping[tuple[tuple[Any, ...], str], float]
) -> list[dict[str, Any]]:
    """The rows of ``changes`` ((key's values, name) -> value) for :func:`adding_upsert`, in key order:
    two transactions that change the same rows lock them in the same order."""
    return [
        {**dict(zip(key, values, strict=True)), "name": name, "value": value}
        for (values, name), value in sorted(changes.items())
    ]


def add_counters(
    connection: Session | Connection,
    table: Table,
    key: tuple[str, ...],
    changes: Mapping[tuple[tuple[Any, ...], str], float],
) -> None:
    """Add ``changes`` to the counters of ``table`` (:func:`adding_upsert`), one statement; none without
    changes."""
    if not changes:
        return
    if isinstance(connection, Session):
        connection = connection.connection()
    send(connection, adding_upsert(table, key, connection.dialect.name), counter_rows(key, changes))


Parameters = Mapping[str, Any] | Sequence[Mapping[str, Any]]
"""One row's values by name, or several rows' (the same names in each) for one statement."""


def send(connection: Connection, statement: UpdateBase, parameters: Parameters) -> CursorResult[Any]:
    """Execute ``statement`` with ``parameters`` as :meth:`Connection.execute` would, by its SQL compiled
    once per statement, names and dialect (:func:`_compiled`) and sent as the driver's own statement.

    For the writes of a step on SQLite (engine/store.py, ADR 9): SQLAlchemy's execution of a compiled
    statement (the parameters matched to the compiled form and processed, the execution context) cost
    more than SQLite's own work for a row. The values pass through the same type processors, so the same
    text, numbers and JSON are stored; the statement goes through :meth:`Connection.exec_driver_sql`, with
    its events (counted at the cursor like any other), its transaction and its errors. Not for statements
    that return rows: their values would come back without the column types' result processing. A driver
    with named parameters (psycopg), or a statement whose columns take a default from Python, is executed
    by :meth:`Connection.execute`."""
    if connection.dialect.paramstyle != "qmark":
        return connection.execute(statement, parameters)
    rows = [parameters] if isinstance(parameters, Mapping) else parameters
    compiled = _compiled(statement, tuple(rows[0]), connection.dialect)
    if compiled is None:
        return connection.execute(statement, parameters)
    sql, binds = compiled
    values = [
        tuple(
            (row[name] if process is None else process(row[name])) if name is not None else value
            for name, value, process in binds
        )
        for row in rows
    ]
    return connection.exec_driver_sql(sql, values[0] if len(values) == 1 else values)


@functools.lru_cache(maxsize=256)
def _compiled(
    statement: UpdateBase, names: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[tuple[str | None, Any, Any], ...]] | None:
    """The SQL of ``statement`` for rows of ``names`` (an ``INSERT`` or ``UPDATE`` without ``.values()``
    writes the columns named) and per positional parameter: the row's name it takes, or (None) the
    statement's own value, already processed; and the bind processor of its type, as SQLAlchemy's
    execution applies them. None when a column left out of ``names`` takes a default computed in Python
    at execution (``default=utcnow``), which only SQLAlchemy's execution fills in."""
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    assert isinstance(compiled, SQLCompiler) and compiled.positiontup is not None
    if compiled.insert_prefetch or compiled.update_prefetch:
        return None
    processors = compiled._bind_processors  # what SQLAlchemy's execution applies
    binds: list[tuple[str | None, Any, Any]] = []
    for name in compiled.positiontup:
        process: Any = processors.get(name)  # a tuple type's would be a sequence; none is sent here
        if name in names:
            binds.append((name, None, process))
            continue
        bind = compiled.binds[name]
        if bind.required:
            raise exc.ArgumentError(f"a value is required for bind parameter {name!r}")
        value = bind.effective_value
        binds.append((None, value if process is None else process(value), None))
    return compiled.string, tuple(binds)


def make_engine(url: str, *, connect_timeout: int | None = None, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and write-serializing transactions, a server
    database a check at checkout that the pooled connection still lives and, with ``connect_timeout``
    (whole seconds, at least 2), a bound on opening a connection unless the URL sets its own."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "factory": _SQLiteConnection},
            **kwargs,
        )

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
            if not read_only:
                connection.connection.driver_connection.wait_for_write_turn()
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    if connect_timeout is not None and "connect_timeout" not in make_url(url).query:
        # psycopg's own default is 130 s: a server that accepts and never answers would hold the request
        kwargs["connect_args"] = {"connect_timeout": connect_timeout, **kwargs.get("connect_args", {})}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "checkout", _refuse_ended_connection)

    # psycopg forgets its prepared statements at every rollback: the rollbacks go past it (below)
    event.listen(engine, "rollback", _roll_back_past_psycopg)
    event.listen(engine, "do_execute_no_params", _roll_back_to_savepoint_past_psycopg)
    event.listen(engine, "do_execute", _roll_back_to_savepoint_past_psycopg)
    return engine


def _roll_back_on_the_server(dbapi_connection: psycopg.Connection[Any], command: bytes) -> bool:
    """Send ``ROLLBACK`` (or ``ROLLBACK TO SAVEPOINT``) through the connection's libpq handle, where
    psycopg does not see it; whether the server rolled back (ADR 45).

    psycopg prepares a statement on the server after its fifth execution on a connection, so the server
    parses and plans it once. At every rollback, and every command whose status is ``ROLLBACK`` (a
    savepoint's too), it forgets them all and has the server deallocate them, in case the transaction
    changed the schema they were prepared for; every statement was then parsed and planned five more
    times and prepared again. Every request that fails rolls back, so each failure cost its connection
    its prepared statements: one refused completion in twenty made PostgreSQL spend 61–79 % more CPU per
    completion (docs/performance.md). Prepared statements outlive a rollback on the server (``PREPARE``
    is not transactional), and the service's transactions change no schema (the migrations run on a
    connection of their own, closed after them): a rollback sent here keeps them. ``pgconn`` is
    psycopg's documented low-level interface; the GIL is released while it waits. When this fails (the
    server ended the connection), the caller rolls back as psycopg does, which raises the error
    SQLAlchemy takes for a lost connection.
    """
    if dbapi_connection.closed or dbapi_connection.pgconn.transaction_status not in (
        psycopg.pq.TransactionStatus.INTRANS,
        psycopg.pq.TransactionStatus.INERROR,
    ):
        return False
    with dbapi_connection.lock:
        result = dbapi_connection.pgconn.exec_(command)
    return result.status == psycopg.pq.ExecStatus.COMMAND_OK


def _roll_back_past_psycopg(connection: Connection) -> None:
    """SQLAlchemy's ``rollback`` event, just before it has psycopg roll back: psycopg, finding no
    transaction left, returns at once and forgets nothing."""
    if connection.invalidated or connection.closed:
        return
    dbapi_connection: Any = connection.connection.dbapi_connection
    if dbapi_connection is not None:
        _roll_back_on_the_server(dbapi_connection, b"ROLLBACK")


def _roll_back_to_savepoint_past_psycopg(cursor: Any, statement: str, *_: Any) -> bool | None:
    """SQLAlchemy's ``do_execute`` events: a ``ROLLBACK TO SAVEPOINT`` goes past psycopg (True: done)."""
    if statement.startswith("ROLLBACK TO SAVEPOINT ") and _roll_back_on_the_server(
        cursor.connection, statement.encode()
    ):
        return True
    return None


class _SQLiteConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue for their turn on a lock file (ADR 12).

    SQLite lets one transaction write at a time. A writer that finds the write lock taken
    polls for it with growing sleeps (1, 2, 5, 10 ... 100 ms), so it often sleeps on long after
    the lock came free: with 16 clients the slowest completions took half a second. Writers
    of this service first take an exclusive ``flock`` on ``<database>-writers.lock``; the
    kernel wakes the next one as soon as the lock file is let go, just after the commit or
    rollback. SQLite's own lock still guards the data: any other program that writes to the
    database is waited for with the busy timeout, as before.
    """

    _turns = threading.local()  # lock files whose turn this thread holds, to refuse waiting for itself

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        in_memory = path in ("", ":memory:") or path.startswith("file:")
        self._lock_path = None if in_memory else os.path.abspath(path) + "-writers.lock"
        self._lock_file: int | None = None
        self._holds_turn = False

    def wait_for_write_turn(self) -> None:
        if self._lock_path is None or self._holds_turn:
            return
        held = self._turns.__dict__.setdefault("paths", set())
        if self._lock_path in held:
            raise RuntimeError(
                "this thread already writes to the database in another transaction; it would wait for itself"
            )
        if self._lock_file is None:
            self._lock_file = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        self._holds_turn = True
        held.add(self._lock_path)

    def _end_turn(self) -> None:
        if self._holds_turn:
            assert self._lock_file is not None  # opened when the turn was taken
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._holds_turn = False
            self._turns.__dict__.get("paths", set()).discard(self._lock_path)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_turn()
            if self._lock_file is not None:
                os.close(self._lock_file)
                self._lock_file = None


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


# SQLSTATEs of a server that is not there for us: class 08 (connection exception), the server
# shutting down, crashed or still starting (57P01-57P03) and too many connections (53300, also a
# pooler's). psycopg reports a refused connection without its SQLSTATE (None below): the same.
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03", "53300")


def unreachable(err: BaseException) -> bool:
    """Whether ``err`` says the database server cannot be reached: a connection that could not be
    made, or one that broke (SQLAlchemy then invalidates it). Nothing of the transaction was stored.

    Other errors of the database (a constraint, a serialization failure, SQLite's "database is
    locked" or a missing table) are not: they say something about the data or the installation.
    """
    cause: BaseException | None = err
    if isinstance(err, exc.DBAPIError):
        if err.connection_invalidated:
            return True
        cause = err.orig
    if isinstance(cause, psycopg.OperationalError):
        state = cause.sqlstate
        # libpq's own failures (refused, timed out, closed) carry no SQLSTATE
        return state is None or state.startswith(_UNREACHABLE_STATES)
    return False


KEPT_VERSIONS = "procesregie_kept_versions"
"""The key in every session's ``info`` of what the worker keeps of each process version
(:func:`engine.processes.kept_version`), shared by the sessions of one session factory: one database."""


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, info={KEPT_VERSIONS: {}})


_PENDING = "procesregie_pending"
"""The key in ``Session.info`` of what a transaction hands its worker's caches once it commits."""


def after_commit(session: Session, key: Hashable, value: Any, publish: Callable[[], object]) -> None:
    """Call ``publish`` (which puts ``value`` in a cache the worker's other transactions read) once
    ``session``'s transaction commits; until then :func:`pending` finds ``value`` under ``key`` for this
    transaction only. A rollback of the transaction, or of any savepoint in it, drops it, and so does a
    transaction that ends without a commit; a commit that fails publishes nothing. A later value under
    the same key replaces an earlier one.

    A worker caches what a transaction wrote only this way: what it keeps is then committed, never a
    row another transaction may write differently under the same key (SQLite hands the id of a
    rolled-back row to the next one inserted)."""
    session.info.setdefault(_PENDING, {})[key] = (value, publish)


def pending(session: Session, key: Hashable) -> Any:
    """The value :func:`after_commit` holds under ``key`` for ``session``'s transaction, or None."""
    held = session.info.get(_PENDING, {}).get(key)
    return None if held is None else held[0]


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for _value, publish in session.info.pop(_PENDING, {}).values():
        publish()


@event.listens_for(Session, "after_soft_rollback")
def _rolled_back(session: Session, _previous: SessionTransaction) -> None:
    # A savepoint's rollback too: which of the held values it undid is not worth tracking.
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    # A transaction that ended without a commit (a session closed in the middle of one) publishes nothing.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def autovacuum_off(session: Session) -> bool:
    """Whether the database is PostgreSQL with its autovacuum off (``autovacuum``, or ``track_counts``,
    which it needs). Every step updates the same few rows of the counters (task, handover and report
    counts) and each update leaves a dead row version behind: without a vacuum they pile up and make
    every later update of those rows slower (docs/deployment.md)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    settings = session.execute(
        text("SELECT setting FROM pg_settings WHERE name IN ('autovacuum', 'track_counts')")
    ).scalars()
    return "off" in set(settings)


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
