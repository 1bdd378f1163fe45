"""A database that cannot be reached: every request gets 503 with Retry-After (the console its Dutch
page), nothing is applied, and the service answers again as soon as the database is back."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg import OperationalError
from sqlalchemy import create_engine, make_url, select, text

from api.errors import RETRY_AFTER_SECONDS
from api.main import create_app
from engine.db import unreachable
from engine.models import User

DETAIL = "the database cannot be reached; nothing was changed, try again in a few seconds"


def _assert_unavailable(response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": DETAIL}


def test_a_server_that_does_not_listen_gives_503_with_retry_after() -> None:
    """The app points at PostgreSQL on 127.0.0.1 port 1, where nothing listens: every connection
    psycopg tries is refused by the kernel, as when the database server is down. No mock: the real
    driver, pool and error handlers. (A SQLite file made unreadable would be no outage but a broken
    installation, and SQLite reports it as such.)"""
    app = create_app("postgresql+psycopg://postgres@127.0.0.1:1/procesregie")
    token = {"Authorization": "Bearer some-token"}
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            _assert_unavailable(client.get("/tasks", headers=token))
            body = {"process_id": "p", "gemeente": "woerden", "client_ref": "K-1", "data": {}}
            _assert_unavailable(client.post("/cases", headers=token, json=body))

            # The console: a signed sign-in cookie makes the page look its user up in the database.
            client.cookies.set("procesregie_sessie", app.state.cookie_signer.dumps("een-aanmelding"))
            page = client.get("/ui/werkvoorraad")
            assert page.status_code == 503
            assert page.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
            assert "De database is even niet bereikbaar" in page.text
    finally:
        app.state.engine.dispose()


class Relay:
    """A TCP relay in front of the test's PostgreSQL server, to take the database away and give it
    back: ``cut`` closes the listening socket and every relayed connection (the server is gone for
    the app: connections break, new ones are refused), ``restore`` listens again on the same port."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.url = ""
        self.connections: list[socket.socket] = []
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone would not
        self.listener.close()
        self.listener = None
        with self.lock:
            for connection in self.connections:
                connection.close()
            self.connections.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.connections += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()


@pytest.fixture
def relay(db) -> Iterator[Relay]:
    url = make_url(db.url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("an outage of a database server; SQLite has no server to lose")
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    relay.url = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    yield relay
    if relay.listener is not None:
        relay.cut()


def test_a_database_that_goes_away_mid_test_gives_503_and_nothing_is_applied(relay, db, staff, gemeente):
    """The app reaches the test's real PostgreSQL server through a TCP relay that the test cuts, as a
    network failure or a stopped server would: the pooled connection breaks and new connections are
    refused. No mock: the real driver, pool and error handlers; then the relay comes back."""
    admin = staff("beheerder")
    body = {
        "name": f"tijdens-storing-{uuid.uuid4().hex[:8]}",
        "roles": ["werkcoach"],
        "gemeenten": [gemeente],
    }
    app = create_app(relay.url)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/users", headers=admin.headers).status_code == 200  # a pooled connection

            relay.cut()
            _assert_unavailable(client.post("/users", headers=admin.headers, json=body))
            _assert_unavailable(client.get("/users", headers=admin.headers))
            with db.tx() as session:
                assert session.scalar(select(User).where(User.name == body["name"])) is None

            relay.restore()
            response = client.post("/users", headers=admin.headers, json=body)
            assert response.status_code == 201, response.text
            with db.tx() as session:
                assert session.scalar(select(User).where(User.name == body["name"])) is not None
    finally:
        app.state.engine.dispose()


class FakePostgres:
    """A TCP server on a free local port that speaks just enough of PostgreSQL's protocol to fail the way
    a real server can: ``silent`` accepts and never answers (a hung server, a black-holing firewall);
    given a SQLSTATE it refuses the start-up with a FATAL error, as a server that is still starting
    (57P03) or has too many connections (53300) does. The app's real driver reads its answer."""

    def __init__(self, sqlstate: str | None = None, message: str = "") -> None:
        self.sqlstate, self.message = sqlstate, message
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.port = self.listener.getsockname()[1]
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/procesregie"
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            self.accepted.append(client)
            if self.sqlstate is not None:
                threading.Thread(target=self._refuse, args=(client,), daemon=True).start()

    def _refuse(self, client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while True:
                length, code = struct.unpack("!II", _receive(client, 8))
                if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not offered
                    client.sendall(b"N")
                    continue
                _receive(client, length - 8)  # the start-up message's parameters
                break
            fields = b"".join(
                kind + value.encode() + b"\0"
                for kind, value in (
                    (b"S", "FATAL"),
                    (b"V", "FATAL"),
                    (b"C", self.sqlstate),
                    (b"M", self.message),
                )
            )
            client.sendall(b"E" + struct.pack("!I", len(fields) + 5) + fields + b"\0")
        client.close()

    def close(self) -> None:
        self.listener.close()
        for client in self.accepted:
            client.close()


def _receive(client: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = client.recv(count - len(data))
        if not chunk:
            raise OSError("closed by the client")
        data += chunk
    return data


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short bounds, so that the tests wait little: /ready 1 s, opening a connection 2 s (libpq's least)."""
    monkeypatch.setenv("PROCESREGIE_READY_TIMEOUT_SECONDS", "1")
    monkeypatch.setenv("PROCESREGIE_DATABASE_CONNECT_TIMEOUT_SECONDS", "2")


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/procesregie"


@pytest.mark.parametrize("database", ["silent", "closed port"])
def test_ready_answers_within_its_bound_when_the_database_does_not(settings_env, database) -> None:
    """A database that accepts connections and never replies, and a port where nothing listens:
    /ready answers 503, saying it had no answer within PROCESREGIE_READY_TIMEOUT_SECONDS (1 s here) or
    that the database cannot be reached, and a request answers 503 with Retry-After once opening a
    connection has timed out (2 s here). Without those bounds the silent database would hold both
    requests for good; the answers name which bound ended them (no wall-clock limit here: on a busy
    machine the same bounds take longer to end a request)."""
    silent = FakePostgres() if database == "silent" else None
    app = create_app(silent.url if silent else _closed_port_url())
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            ready = client.get("/ready")
            assert ready.status_code == 503
            expected = "no answer within 1 s" if silent else "cannot be reached"
            assert ready.json()["checks"]["database"] == {"ok": False, "detail": expected}
            if silent:
                assert silent.accepted, "the driver did not even connect"

            _assert_unavailable(client.get("/tasks", headers={"Authorization": "Bearer some-token"}))
    finally:
        app.state.engine.dispose()
        if silent:
            silent.close()


@pytest.mark.parametrize(
    ("sqlstate", "message"),
    [
        ("57P03", "the database system is starting up"),
        ("53300", "sorry, too many clients already"),
    ],
)
def test_a_server_starting_up_or_full_gives_503_with_retry_after(sqlstate, message) -> None:
    refusing = FakePostgres(sqlstate, message)
    app = create_app(refusing.url)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            _assert_unavailable(client.get("/tasks", headers={"Authorization": "Bearer some-token"}))
            body = {"process_id": "p", "gemeente": "woerden", "client_ref": "K-1", "data": {}}
            _assert_unavailable(client.post("/cases", headers={"Authorization": "Bearer t"}, json=body))
            assert client.get("/ready").json()["checks"]["database"]["detail"] == "cannot be reached"
    finally:
        app.state.engine.dispose()
        refusing.close()


def test_too_many_connections_on_postgresql_gives_503_with_retry_after(db) -> None:
    """SQLSTATE 53300 from the real server: a role with CONNECTION LIMIT 0 (superusers ignore the limit)."""
    url = make_url(db.url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL server's connection limit")
    role = f"{url.database}_limited"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
            connection.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'limited' CONNECTION LIMIT 0"))
        limited = url.set(username=role, password="limited").render_as_string(hide_password=False)
        with pytest.raises(OperationalError, match="too many connections"):
            psycopg.connect(
                make_url(limited).set(drivername="postgresql").render_as_string(hide_password=False)
            )
        app = create_app(limited)
        try:
            with TestClient(app, raise_server_exceptions=False) as client:
                _assert_unavailable(client.get("/tasks", headers={"Authorization": "Bearer some-token"}))
                assert client.get("/ready").status_code == 503
        finally:
            app.state.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def test_sqlstates_of_an_outage() -> None:
    """What the server says with a SQLSTATE after the connection began (a pooler may say 53300 then)."""
    assert unreachable(psycopg.errors.TooManyConnections("sorry, too many clients already"))
    assert unreachable(psycopg.errors.CannotConnectNow("the database system is starting up"))
    assert not unreachable(psycopg.errors.UniqueViolation("duplicate key"))
    assert not unreachable(psycopg.errors.DiskFull("no space left"))
