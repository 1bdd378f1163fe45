"""`procesregie serve` as a real process (uvicorn, two workers), driven over HTTP."""

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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

PROCESSES = Path(__file__).resolve().parents[2] / "processes"

pytestmark = pytest.mark.slow  # every test starts `procesregie serve` or `user add` processes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def _cli(db_url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


@contextlib.contextmanager
def _serving(db_url: str, workers: int, log_path: Path) -> Iterator[int]:
    """`procesregie serve` on a free port until the block ends; yields the port once it answers."""
    port = _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "api.cli",
                "--database-url",
                db_url,
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"procesregie serve did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(db, tmp_path_factory) -> Iterator[int]:  # type: ignore[no-untyped-def]
    with _serving(db.url, 2, tmp_path_factory.mktemp("serve") / "serve.log") as port:
        yield port


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/openapi.json")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_serve_drives_a_case_over_http(db, server, gemeente):  # type: ignore[no-untyped-def]
    coach = Http(
        server, _cli(db.url, "user", "add", f"anne-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    )
    am = Http(
        server,
        _cli(db.url, "user", "add", f"bram-{gemeente}", "--role", "accountmanager", "--gemeente", gemeente),
    )
    status, case = coach(
        "POST",
        "/cases",
        {
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-7",
            "data": {"weken_plan": 12},
        },
    )
    assert status == 201, case
    status, done = coach("POST", f"/tasks/{case['tasks'][0]['id']}/complete", {"data": {"matchbaar": True}})
    assert status == 200 and done["tasks"][0]["role"] == "accountmanager"
    status, queue = am("GET", "/tasks?role=accountmanager")
    assert [t["case_id"] for t in queue] == [case["id"]]
    status, end = am("POST", f"/tasks/{queue[0]['id']}/complete", {"data": {"uitkomst": "geplaatst"}})
    assert (status, end["status"]) == (200, "completed")


def test_two_staff_completing_one_task_get_one_200_and_one_409(db, server, gemeente):  # type: ignore[no-untyped-def]
    anne = Http(
        server, _cli(db.url, "user", "add", f"a-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    )
    bert = Http(
        server, _cli(db.url, "user", "add", f"b-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    )
    for _ in range(8):
        status, case = anne(
            "POST", "/cases", {"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": "K"}
        )
        assert status == 201
        task_id = case["tasks"][0]["id"]
        barrier, results = threading.Barrier(2), []

        def complete(who: Http, barrier: threading.Barrier, results: list, task_id: str) -> None:
            barrier.wait()
            results.append(who("POST", f"/tasks/{task_id}/complete", {"data": {"doorgaan": True}}))

        threads = [
            threading.Thread(target=complete, args=(who, barrier, results, task_id)) for who in (anne, bert)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(status for status, _ in results) == [200, 409], results
        status, history = anne("GET", f"/cases/{case['id']}/history")
        assert [e["type"] for e in history].count("task_completed") == 1
        status, tasks = anne("GET", f"/cases/{case['id']}/tasks")
        assert [t["status"] for t in tasks] == ["completed", "ready"]


def test_a_burst_of_writes_on_few_threads_neither_deadlocks_nor_fails(db, server, gemeente):  # type: ignore[no-untyped-def]
    """24 clients at once on two workers must all get through, quickly.

    A transaction that stayed open from one thread to the next could hold SQLite's write
    lock while waiting for a thread that all waited for that lock (30 s, then a 500); a
    transaction on the event loop must not wait for anything on that loop either.
    """
    coach = Http(
        server,
        _cli(db.url, "user", "add", f"burst-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente),
    )
    body = {
        "process_id": "overdracht_test",
        "gemeente": gemeente,
        "client_ref": "K",
        "data": {"weken_plan": 12},
    }
    started = time.monotonic()
    with ThreadPoolExecutor(24) as pool:
        statuses = [status for status, _ in pool.map(lambda _: coach("POST", "/cases", body), range(72))]
    assert statuses == [201] * 72
    assert time.monotonic() - started < 20


def test_a_long_request_does_not_hold_up_the_staff_on_the_same_worker(db, tmp_path, gemeente):  # type: ignore[no-untyped-def]
    """A deploy of every process runs in the thread pool: a claim sent meanwhile to the same (only) worker is answered first.

    The staff's short requests run on the worker's event loop (ADR 11); were a long one run
    there too, every request behind it would wait for it.
    """
    designer = _cli(
        db.url, "user", "add", f"ontwerper-{gemeente}", "--role", "ontwerper", "--gemeente", gemeente
    )
    coach = _cli(db.url, "user", "add", f"coach-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    boundary = "procesregie-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
        f"Content-Type: application/xml\r\n\r\n".encode()
        + path.read_bytes()
        + b"\r\n"
        for path in sorted(PROCESSES.rglob("*.bpmn"))
    ]
    upload = b"".join(parts) + f"--{boundary}--\r\n".encode()
    with _serving(db.url, 1, tmp_path / "serve.log") as port:
        staff = Http(port, coach)
        status, case = staff(
            "POST",
            "/cases",
            {
                "process_id": "overdracht_test",
                "gemeente": gemeente,
                "client_ref": "K",
                "data": {"weken_plan": 12},
            },
        )
        assert status == 201, case
        answered: dict[str, float] = {}
        statuses: list[int] = []

        def deploy() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request(
                "POST",
                "/processes",
                body=upload,
                headers={
                    "Authorization": f"Bearer {designer}",
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                },
            )
            response = connection.getresponse()
            response.read()
            answered["deploy"] = time.monotonic()
            statuses.append(response.status)
            connection.close()

        deploying = threading.Thread(target=deploy)
        deploying.start()
        time.sleep(0.5)  # the upload is in and the deploy has begun parsing
        status, claimed = staff("POST", f"/tasks/{case['tasks'][0]['id']}/claim")
        answered["claim"] = time.monotonic()
        deploying.join()
    assert status == 200, claimed
    assert statuses in ([200], [201])
    assert answered["claim"] < answered["deploy"], "the claim waited for the deploy"
