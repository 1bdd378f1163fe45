"""A worker keeps who a credential belongs to (ADR 27), and a change holds at once in every worker.

The two-worker tests hold a keep-alive connection to each worker of a real `procesregie serve`,
let each worker see the credential twice (the second time from its cache), change the user
through the API of one worker (or in the database, as the command line does), and send the
next request on each connection.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from sqlalchemy import event

from engine import users
from tests.servers import cli, one_connection_per_worker, serving

PASSWORD = "correct horse battery staple"


def call(
    connection: http.client.HTTPConnection, method: str, path: str, headers: dict[str, str], body: Any = None
) -> tuple[int, Any]:
    connection.request(
        method,
        path,
        body=None if body is None else json.dumps(body),
        headers={**headers, "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(name: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


@pytest.fixture(scope="module")
def server(db, tmp_path_factory) -> Iterator[tuple[int, int]]:
    with serving(db.url, 2, tmp_path_factory.mktemp("serve") / "serve.log") as (port, pid):
        yield port, pid


@pytest.fixture
def beheerder(db, gemeente) -> dict[str, str]:
    return bearer(
        cli(db.url, "user", "add", f"beheer-{gemeente}", "--role", "beheerder", "--gemeente", gemeente)
    )


@pytest.fixture
def held() -> Iterator[list[http.client.HTTPConnection]]:
    """Connections a test opened, closed when it ends."""
    connections: list[http.client.HTTPConnection] = []
    yield connections
    for connection in connections:
        connection.close()


def on_each_worker(
    server: tuple[int, int],
    held: list[http.client.HTTPConnection],
    method: str,
    path: str,
    headers: dict[str, str],
) -> list[http.client.HTTPConnection]:
    """A connection to each worker, on which ``headers`` were sent twice with 200 (the second from the
    worker's cache)."""

    def twice(connection: http.client.HTTPConnection) -> None:
        for _ in range(2):
            status, body = call(connection, method, path, headers)
            assert status == 200, body

    held += one_connection_per_worker(*server, 2, twice)
    return held[-2:]


def statuses(connections: list[http.client.HTTPConnection], path: str, headers: dict[str, str]) -> list[int]:
    return [call(c, "GET", path, headers)[0] for c in connections]


@pytest.mark.slow
def test_a_revoked_token_is_refused_at_once_by_every_worker(db, server, held, beheerder, gemeente):
    name = f"coach-{gemeente}"
    token = cli(db.url, "user", "add", name, "--role", "werkcoach", "--gemeente", gemeente)
    connections = on_each_worker(server, held, "GET", "/tasks?role=werkcoach", bearer(token))
    status, _ = call(connections[0], "DELETE", f"/users/{name}/token", beheerder)
    assert status == 200
    assert statuses(connections, "/tasks?role=werkcoach", bearer(token)) == [401, 401]


@pytest.mark.slow
def test_a_role_change_a_gemeente_change_and_disabling_hold_at_once_in_every_worker(
    db, server, held, gemeente
):
    name = f"tweede-{gemeente}"
    other = f"{gemeente}-b"
    both = ["--gemeente", gemeente, "--gemeente", other]
    beheerder = bearer(cli(db.url, "user", "add", f"chef-{gemeente}", "--role", "beheerder", *both))
    token = bearer(
        cli(db.url, "user", "add", name, "--role", "beheerder", "--gemeente", gemeente, "--gemeente", other)
    )
    colleague = f"collega-{gemeente}"
    cli(db.url, "user", "add", colleague, "--role", "werkcoach", "--gemeente", other)
    connections = on_each_worker(server, held, "GET", f"/users/{colleague}", token)

    # the gemeente goes: the colleague in it is no longer theirs to see
    status, _ = call(connections[1], "PATCH", f"/users/{name}", beheerder, {"gemeenten": [gemeente]})
    assert status == 200
    assert statuses(connections, f"/users/{colleague}", token) == [404, 404]

    # the role goes: the list of users is refused
    assert statuses(connections, "/users", token) == [200, 200]
    status, _ = call(connections[0], "PATCH", f"/users/{name}", beheerder, {"roles": ["werkcoach"]})
    assert status == 200
    assert statuses(connections, "/users", token) == [403, 403]

    # disabled: refused everywhere
    assert statuses(connections, "/tasks?role=werkcoach", token) == [200, 200]
    status, _ = call(connections[1], "PATCH", f"/users/{name}", beheerder, {"disabled": True})
    assert status == 200
    assert statuses(connections, "/tasks?role=werkcoach", token) == [401, 401]


@pytest.mark.slow
def test_a_new_password_set_outside_the_service_ends_http_basic_at_once_in_every_worker(
    db, server, held, gemeente
):
    """Camunda Modeler's HTTP Basic: the argon2 check is kept, and a password set on the command line
    (another process, straight in the database) ends the old one in every worker."""
    name = f"ontwerper-{gemeente}"
    cli(db.url, "user", "add", name, "--role", "ontwerper")
    with db.tx() as session:
        users.set_password(session, name, PASSWORD)
    connections = on_each_worker(server, held, "GET", "/engine-rest/version", basic(name, PASSWORD))
    with db.tx() as session:
        users.set_password(session, name, PASSWORD + " 2")
    assert statuses(connections, "/engine-rest/version", basic(name, PASSWORD)) == [401, 401]
    assert statuses(connections, "/engine-rest/version", basic(name, PASSWORD + " 2")) == [200, 200]


@pytest.mark.slow
def test_a_console_sign_out_ends_the_sign_in_at_once_in_every_worker(db, server, held, gemeente):
    name = f"klantmanager-{gemeente}"
    cli(db.url, "user", "add", name, "--role", "werkcoach", "--gemeente", gemeente)
    with db.tx() as session:
        users.set_password(session, name, PASSWORD)
    port = server[0]
    login = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    held.append(login)
    login.request("GET", "/ui/login")
    page = login.getresponse()
    form_token = re.search(r'name="login_token" value="([^"]+)"', page.read().decode())
    assert form_token is not None
    login_cookie = page.getheader("set-cookie", "").split(";")[0]
    login.request(
        "POST",
        "/ui/login",
        body=f"username={name}&password={PASSWORD.replace(' ', '+')}&login_token={form_token.group(1)}",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": login_cookie},
    )
    signed = login.getresponse()
    signed.read()
    assert signed.status == 303, signed.status
    cookie = {"Cookie": signed.getheader("set-cookie", "").split(";")[0]}
    start_page = signed.getheader("location", "")

    def page_status(connection: http.client.HTTPConnection) -> int:
        connection.request("GET", start_page, headers=cookie)
        response = connection.getresponse()
        response.read()
        return response.status

    def twice(connection: http.client.HTTPConnection) -> None:
        assert [page_status(connection), page_status(connection)] == [200, 200]

    connections = one_connection_per_worker(*server, 2, twice)
    held += connections
    with db.tx() as session:
        users.set_disabled(session, name, True)  # ends their sign-ins, as a beheerder's "uitschakelen"
    assert [page_status(c) for c in connections] == [303, 303]  # to the sign-in page


@pytest.fixture
def statements(client) -> Iterator[list[str]]:
    """The SQL statements the in-process app sends from here on."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    engine = client.app.state.engine
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def _reads_users(sent: list[str]) -> list[str]:
    return [s for s in sent if re.search(r"\b(users|sign_ins)\b", s)]


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param(lambda db, who: bearer(who.token), id="bearer token"),
        pytest.param(lambda db, who: _with_password(db, who), id="http basic"),
    ],
)
def test_a_request_whose_caller_the_worker_knows_reads_no_users(
    db, client, staff, statements, credentials: Callable[..., dict[str, str]]
):
    who = staff("ontwerper", gemeenten=[])
    headers = credentials(db, who)
    statements.clear()
    assert client.get("/engine-rest/deployment?maxResults=0", headers=headers).status_code == 200
    assert _reads_users(statements), "the first request looks its caller up"
    statements.clear()
    assert client.get("/engine-rest/deployment?maxResults=0", headers=headers).status_code == 200
    assert statements, "the request does read its deployments"
    assert _reads_users(statements) == []


def _with_password(db, who) -> dict[str, str]:
    with db.tx() as session:
        users.set_password(session, who.actor.name, PASSWORD)
    return basic(who.actor.name, PASSWORD)


def test_a_wrong_password_is_not_let_in_by_the_cached_right_one(db, client, staff):
    who = staff("ontwerper", gemeenten=[])
    right = _with_password(db, who)
    assert client.get("/engine-rest/version", headers=right).status_code == 200
    assert (
        client.get("/engine-rest/version", headers=basic(who.actor.name, "wrong password!")).status_code
        == 401
    )
    assert client.get("/engine-rest/version", headers=right).status_code == 200


def test_a_token_expires_in_the_cache_as_in_the_database(db, client, staff):
    who = staff("werkcoach")
    assert client.get("/tasks?role=werkcoach", headers=who.headers).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=91)):  # past token_days (90)
        response = client.get("/tasks?role=werkcoach", headers=who.headers)
    assert response.status_code == 401
    assert "token expired" in response.json()["detail"]
