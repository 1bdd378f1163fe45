"""A database that cannot be reached: every request gets 503 with Retry-After (the console its Dutch
page), nothing is applied, and the service answers again as soon as the database is back."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, select

from api.errors import RETRY_AFTER_SECONDS
from api.main import create_app
from engine.models import User

DETAIL = "the database cannot be reached; nothing was changed, try again in a few seconds"


def _assert_unavailable(response) -> None:  # type: ignore[no-untyped-def]
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
def relay(db) -> Iterator[Relay]:  # type: ignore[no-untyped-def]
    url = make_url(db.url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("an outage of a database server; SQLite has no server to lose")
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    relay.url = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    yield relay
    if relay.listener is not None:
        relay.cut()


def test_a_database_that_goes_away_mid_test_gives_503_and_nothing_is_applied(relay, db, staff, gemeente):  # type: ignore[no-untyped-def]
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
