"""`procesregie` as real processes for the tests that need them: the command line and `serve`."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn


class Http:
    """A lean keep-alive client: one connection per thread."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
            connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(db_url: str, *args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
    """Run `procesregie --database-url URL ARGS...` and return what it printed on standard output."""
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", db_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return result.stdout.strip()


@contextlib.contextmanager
def serving(
    db_url: str, workers: int, log_path: Path, *options: str, env: dict[str, str] | None = None
) -> Iterator[tuple[int, int]]:
    """`procesregie serve` on a free port until the block ends; yields its port and pid once it answers."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "--database-url", db_url, "serve", "--port", str(port)]
            + ["--workers", str(workers), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
    try:
        # A bound for a hang only: on a busy machine the start (migrate, deploy 100 processes) takes seconds.
        deadline = time.monotonic() + 120
        while not answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"procesregie serve did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield port, process.pid
    finally:
        stop(process)


def stop(process: subprocess.Popen[Any]) -> None:
    """End a process started for a test: terminate, and kill it when it has not ended in 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/openapi.json")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@contextlib.contextmanager
def serving_app(app: Any) -> Iterator[int]:
    """An ASGI app served by a real uvicorn on a free port of 127.0.0.1, in a thread of this process,
    until the block ends; yields the port once it listens."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def worker_of(connection: http.client.HTTPConnection, server_pid: int) -> int:
    """The pid of the uvicorn worker (a child of ``server_pid``) that accepted ``connection``, which has
    had a response: the kernel's table of TCP sockets names the socket, /proc names its holder."""
    client_port = connection.sock.getsockname()[1]
    server_port = connection.sock.getpeername()[1]
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
            inode = fields[9]
    assert inode is not None, f"no server socket for client port {client_port}"
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    for child in children:
        with contextlib.suppress(OSError):  # a child that ended meanwhile
            for fd in Path(f"/proc/{child}/fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return int(child)
    raise AssertionError(f"no worker of {server_pid} holds socket {inode}")


def one_connection_per_worker(
    port: int, server_pid: int, workers: int, first: Callable[[http.client.HTTPConnection], object]
) -> list[http.client.HTTPConnection]:
    """A keep-alive connection to each of the server's ``workers``: new connections, each with the
    request ``first`` sends and reads, until every worker holds one (the kernel hands a new connection
    to any worker); the others are closed."""
    held: dict[int, http.client.HTTPConnection] = {}
    for _ in range(200):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        first(connection)
        worker = worker_of(connection, server_pid)
        if worker in held:
            connection.close()
        else:
            held[worker] = connection
        if len(held) == workers:
            return list(held.values())
    raise AssertionError(f"200 connections reached only {len(held)} of {workers} workers")
