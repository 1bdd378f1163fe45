"""Who a credential belongs to, kept in the worker for a short while (ADR 27).

Authenticating a request read the users table every time: one statement (on PostgreSQL one
round trip) per request, and for HTTP Basic an argon2 hash of about 50 ms of CPU. A worker now
keeps what it found, bearer token → actor, name and password → actor, console sign-in →
signed-in user, OpenID Connect token → actor, for at most ``identity_cache_seconds`` and never
past the credential's own expiry.

Nothing kept may outlive a change: a revocation, a new token, a role or gemeente change, a
disabled user, a new password or a sign-out holds at the next request in every worker. The
database says when: a trigger on ``users`` (update, delete) and ``sign_ins`` (delete) raises
``users_generation.generation`` in the changing transaction (migration 0020), whoever changes
them (the service, the command line, SQL by hand). Every transaction of the service reads the
generation as it begins, in the same round trip: on PostgreSQL ``BEGIN; SELECT generation ...``
is one message where psycopg sent ``BEGIN`` on its own before; on SQLite it is read in process
after ``BEGIN``. A request whose transaction sees a newer generation than the worker's cache
empties the cache first. A change committed before a request began is therefore seen by that
request, in whichever worker, and costs no round trip.

An emptied cache costs each caller one lookup; users change seldom.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from .models import utcnow

MAX_ENTRIES = 10_000
"""Past this many credentials the cache starts again empty: a bound on memory, never reached by a
werkbedrijf's staff."""

GENERATION = "procesregie_users_generation"
"""Where a connection keeps the generation its transaction began with (``Connection.info``)."""

_READ = "SELECT generation FROM users_generation"
# Until the table exists (a worker may run before `procesregie migrate`, and GET /ready must say so),
# a transaction asks whether it does instead, and keeps nothing.
_EXISTS = {
    "postgresql": "SELECT CASE WHEN to_regclass('users_generation') IS NULL THEN NULL ELSE -1 END",
    "sqlite": "SELECT CASE WHEN count(*) = 0 THEN NULL ELSE -1 END FROM sqlite_master "
    "WHERE name = 'users_generation'",
}

T = TypeVar("T")
Loaded = tuple[T, dt.datetime | None]
"""What a credential's lookup found: who it belongs to, and until when (None: no end of its own)."""
Lookup = Callable[[Session], Loaded[T] | None]


def read_generation_at_begin(engine: Engine) -> None:
    """Have every transaction of ``engine`` read the users generation as it begins (see module).

    On PostgreSQL the connection is put in psycopg's autocommit mode, so that psycopg no longer
    sends a ``BEGIN`` of its own before a transaction's first statement; the transaction is
    begun here, with the generation read in the same message. Commit and rollback are psycopg's,
    as before. Only for the service's engine: the migrations create the table it reads.
    """
    postgresql = engine.dialect.name == "postgresql"
    dbapi_error: type[Exception] = engine.dialect.loaded_dbapi.Error
    exists = _EXISTS[engine.dialect.name]
    migrated = False
    if postgresql:

        @event.listens_for(engine, "connect")
        def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.autocommit = True

    @event.listens_for(engine, "begin")
    def _read(connection: Connection) -> None:
        # After engine/db.py's own "begin" on SQLite (listeners run in the order they were added).
        nonlocal migrated
        statement = f"BEGIN; {_READ if migrated else exists}" if postgresql else _READ if migrated else exists
        dbapi_connection: Any = connection.connection.dbapi_connection
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(statement)
            if postgresql:
                cursor.nextset()
            if not migrated:
                if cursor.fetchone()[0] is None:
                    connection.info[GENERATION] = None
                    return
                migrated = True  # the table is there from now on: read it now (once more), then with BEGIN
                statement = _READ
                cursor.execute(statement)
            connection.info[GENERATION] = cursor.fetchone()[0]
        except dbapi_error as error:
            # As SQLAlchemy does for its own statements: a broken connection leaves the pool, and the
            # error is SQLAlchemy's (a server that went away answers 503, api/errors.py).
            if engine.dialect.is_disconnect(error, dbapi_connection, cursor):  # type: ignore[arg-type]  # a DBAPI error
                connection.invalidate(error)
            invalidated = connection.invalidated
            raise exc.DBAPIError.instance(
                statement, None, error, dbapi_error, connection_invalidated=invalidated
            ) from error
        finally:
            if not connection.invalidated:
                cursor.close()


class IdentityCache:
    """Credentials this worker checked recently, until the users generation moves (see module)."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._lock = threading.Lock()
        self._entries: dict[bytes, tuple[Any, float, dt.datetime | None, int]] = {}
        self._generation = -1  # the newest a transaction of this worker saw
        # Keys are keyed hashes: the process keeps no token or password as a key.
        self._key = secrets.token_bytes(32)

    def _hash(self, kind: str, secret: str) -> bytes:
        return hashlib.blake2b(f"{kind}\0{secret}".encode(), key=self._key, digest_size=20).digest()

    def get(
        self, session: Session, kind: str, secret: str, load: Callable[[Session], Loaded[T] | None]
    ) -> T | None:
        """The identity a credential of ``kind`` belongs to: kept, or loaded by ``load`` and kept.

        ``load`` reads it in the request's transaction (``session``) and returns it with the
        moment it stops being valid (None: no end of its own), or None for a credential that
        belongs to nobody (not kept). What ``load`` raises reaches the caller.
        """
        if self._seconds <= 0:
            found = load(session)
            return None if found is None else found[0]
        generation: int | None = session.connection().info.get(GENERATION)
        if generation is None:  # an engine that does not read it: nothing can be kept
            found = load(session)
            return None if found is None else found[0]
        digest = self._hash(kind, secret)
        with self._lock:
            if generation > self._generation:
                self._entries.clear()
                self._generation = generation
            entry = self._entries.get(digest)
        if entry is not None:
            value, until, expires, kept_at = entry
            if kept_at == generation and time.monotonic() < until and (expires is None or utcnow() < expires):
                return value  # type: ignore[no-any-return]  # stored by this method for this kind
        found = load(session)
        if found is None:
            return None
        value, expires = found
        with self._lock:
            if generation == self._generation:  # not read by a transaction older than the newest change
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
                self._entries[digest] = (value, time.monotonic() + self._seconds, expires, generation)
        return value
