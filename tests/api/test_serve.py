"""`procesregie serve` as a real process (uvicorn, two workers), driven over HTTP."""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from engine.db import autovacuum_off
from tests.servers import Http, cli, serving

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

pytestmark = pytest.mark.slow  # every test starts `procesregie serve` or `user add` processes


@pytest.fixture(scope="module")
def server(db, tmp_path_factory) -> Iterator[int]:
    with serving(db.url, 2, tmp_path_factory.mktemp("serve") / "serve.log") as (port, _pid):
        yield port


def test_serve_drives_a_case_over_http(db, server, gemeente):
    coach = Http(
        server, cli(db.url, "user", "add", f"anne-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    )
    am = Http(
        server,
        cli(db.url, "user", "add", f"bram-{gemeente}", "--role", "accountmanager", "--gemeente", gemeente),
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


def test_two_staff_completing_one_task_get_one_200_and_one_409(db, server, gemeente):
    anne = Http(
        server, cli(db.url, "user", "add", f"a-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    )
    bert = Http(
        server, cli(db.url, "user", "add", f"b-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
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


def test_a_burst_of_writes_on_few_threads_neither_deadlocks_nor_fails(db, server, gemeente):
    """24 clients at once on two workers all get through.

    A transaction that stayed open from one thread to the next could hold SQLite's write
    lock while waiting for a thread that all waited for that lock; a transaction on the event
    loop must not wait for anything on that loop either. Such a deadlock shows as an error
    response or a client's timeout (30 s), whatever the machine's speed.
    """
    coach = Http(
        server,
        cli(db.url, "user", "add", f"burst-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente),
    )
    body = {
        "process_id": "overdracht_test",
        "gemeente": gemeente,
        "client_ref": "K",
        "data": {"weken_plan": 12},
    }
    with ThreadPoolExecutor(24) as pool:
        statuses = [status for status, _ in pool.map(lambda _: coach("POST", "/cases", body), range(72))]
    assert statuses == [201] * 72


def _start(staff: Http, gemeente: str) -> dict[str, Any]:
    """A new case of the overdracht flow, as the response to its start shows it."""
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
    return dict(case)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll until the condition holds; the bound only turns a hang into a failure."""
    deadline = time.monotonic() + 120
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within 120 s")
        time.sleep(0.05)


@contextlib.contextmanager
def _held_up(
    db_url: str, server_pid: int, lock: str, waits: str, **values: str
) -> Iterator[Callable[[], bool]]:
    """Hold up the server's writes at a lock the test takes until the block ends.

    Yields a check whether the server waits for that lock now. PostgreSQL: the test's own
    connection runs ``lock`` (with ``values``) in a transaction it keeps open, and ``waits`` counts
    the server's statements that wait for it. SQLite: the writers' turn (ADR 12); the server waits
    at the first statement of any request that writes.
    """
    if db_url.startswith("sqlite"):
        turn = os.open(db_url.removeprefix("sqlite:///") + "-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(turn, fcntl.LOCK_EX)
        stat = os.fstat(turn)
        lock_file = f"{os.major(stat.st_dev):02x}:{os.minor(stat.st_dev):02x}:{stat.st_ino}"

        def waiting_for_the_turn() -> bool:
            # The kernel lists a process waiting for a flock as
            # "1: -> FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF".
            with open("/proc/locks") as locks:
                return any(
                    fields[1:3] == ["->", "FLOCK"] and fields[5:7] == [str(server_pid), lock_file]
                    for fields in (line.split() for line in locks)
                )

        try:
            yield waiting_for_the_turn
        finally:
            fcntl.flock(turn, fcntl.LOCK_UN)
            os.close(turn)
        return
    engine = create_engine(db_url)

    def waiting_for_the_lock() -> bool:
        with engine.connect() as connection:
            return bool(connection.execute(text(waits)).scalar())

    try:
        with engine.connect() as holder:
            holder.execute(text(lock), values)
            try:
                yield waiting_for_the_lock
            finally:
                holder.rollback()
    finally:
        engine.dispose()


def _deploys_held_up(db_url: str, server_pid: int) -> contextlib.AbstractContextManager[Callable[[], bool]]:
    """Hold up every deploy (:func:`_held_up`). PostgreSQL: the table of BPMN files, locked against
    writes but not reads; a deploy waits at its first insert, the staff's requests do not."""
    return _held_up(
        db_url,
        server_pid,
        "LOCK TABLE process_files IN EXCLUSIVE MODE",
        "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'process_files'::regclass"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )


BOUNDARY = "procesregie-test-boundary"
UPLOAD_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def _upload(bpmn: bytes) -> bytes:
    """A deploy's multipart body with one BPMN file."""
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="model.bpmn"\r\n'
        "Content-Type: application/xml\r\n\r\n".encode()
        + bpmn
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def test_a_long_request_does_not_hold_up_the_staff_on_the_same_worker(db, tmp_path, gemeente):
    """A deploy runs in the thread pool: while it is held up, the same (only) worker goes on answering.

    Every request runs in the worker's thread pool (ADR 26); were a long one run on the event loop,
    every request behind it would wait for it. The test holds the deploy up at a lock for as
    long as it needs, and asks the worker something meanwhile: on PostgreSQL a claim. On
    SQLite a claim would wait for the deploy's writers' turn like any writer (ADR 12), so the
    request answered meanwhile is one that reads no database.
    """
    if db.url.startswith("sqlite") and not Path("/proc/locks").exists():
        pytest.skip("a process waiting for a flock is seen in Linux's /proc/locks")
    designer = cli(
        db.url, "user", "add", f"ontwerper-{gemeente}", "--role", "ontwerper", "--gemeente", gemeente
    )
    coach = cli(db.url, "user", "add", f"coach-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    process_id = f"deploy_{gemeente.replace('-', '_')}"  # new, so the deploy inserts its file
    upload = _upload((FIXTURES / "lus.bpmn").read_bytes().replace(b"voortgang_lus", process_id.encode()))
    with serving(db.url, 1, tmp_path / "serve.log", "--no-timers") as (port, pid):
        staff = Http(port, coach)
        case = _start(staff, gemeente)
        deployed: list[int] = []

        def deploy() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                connection.request(
                    "POST",
                    "/processes",
                    body=upload,
                    headers={"Authorization": f"Bearer {designer}", "Content-Type": UPLOAD_TYPE},
                )
                response = connection.getresponse()
                response.read()
                deployed.append(response.status)
            finally:
                connection.close()

        deploying = threading.Thread(target=deploy)
        with _deploys_held_up(db.url, pid) as deploy_waits:
            deploying.start()
            _wait_for(deploy_waits, "the deploy waiting for the lock the test holds")
            if db.url.startswith("sqlite"):
                status, answer = staff("GET", "/openapi.json")
            else:
                status, answer = staff("POST", f"/tasks/{case['tasks'][0]['id']}/claim")
            assert status == 200, answer
            assert deployed == [], "the deploy ended while the test held it up"
        deploying.join()
    assert deployed == [201]


def test_a_request_waiting_for_the_database_does_not_hold_up_the_same_worker(db, tmp_path, gemeente):
    """A claim whose UPDATE waits for a row another transaction holds (PostgreSQL), or for the writers'
    turn (SQLite), waits in a thread of the worker's pool (ADR 26): meanwhile the same (only) worker
    answers other requests again and again. Were the claim run on the event loop with the synchronous
    driver, every request of that worker would wait with it.

    On PostgreSQL the requests answered meanwhile read the database: the work queue and the case. On
    SQLite any transaction waits for the same writers' turn (ADR 12), so they are /health and
    /openapi.json, which read no database.
    """
    if db.url.startswith("sqlite") and not Path("/proc/locks").exists():
        pytest.skip("a process waiting for a flock is seen in Linux's /proc/locks")
    coach = cli(db.url, "user", "add", f"coach-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    with serving(db.url, 1, tmp_path / "serve.log", "--no-timers") as (port, pid):
        staff = Http(port, coach)
        case = _start(staff, gemeente)
        task_id = case["tasks"][0]["id"]
        probes = (
            ["/health", "/openapi.json"]
            if db.url.startswith("sqlite")
            else ["/health", "/tasks?role=werkcoach", f"/cases/{case['id']}"]
        )
        claimed: list[int] = []
        held = _held_up(
            db.url,
            pid,
            "SELECT id FROM case_tasks WHERE id = :task_id FOR UPDATE",
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE '%UPDATE case_tasks%'",
            task_id=task_id,
        )
        with held as claim_waits:
            claiming = threading.Thread(
                target=lambda: claimed.append(staff("POST", f"/tasks/{task_id}/claim")[0])
            )
            claiming.start()
            _wait_for(claim_waits, "the claim waiting for the lock the test holds")
            for _ in range(3):
                for path in probes:
                    # a short timeout: a worker that waits with the claim would answer only after the test
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("GET", path, headers={"Authorization": f"Bearer {coach}"})
                    answered = connection.getresponse()
                    assert answered.status == 200, (path, answered.read())
                    answered.read()
                    connection.close()
            assert claimed == [] and claim_waits(), "the claim ended while the test held it up"
        claiming.join()
    assert claimed == [200]


# Runs until the budget of one evaluation ends: each term builds and sums a list of 99,999 items
# (about 200,000 operations), the fifth passes MAX_OPERATIONS; half a second to a second (MAX_SECONDS)
# on the 2-core machine.
BUDGET_EATER = " or ".join(["sum([doorgaan] * 99999) == -1"] * 12)


def test_a_condition_on_its_whole_budget_does_not_hold_up_the_same_worker(db, tmp_path, gemeente):
    """Completing a task evaluates the gateway's condition after it, which runs until its budget ends
    (ADR 21: a request that may evaluate a model's expressions runs in the thread pool). Meanwhile
    the same (only) worker answers /health and a short read again and again, each
    in a fraction of the time the condition takes. On the event loop, each would wait for it.

    The short read is the work queue on PostgreSQL; on SQLite it would wait for the completion's
    writers' turn like any transaction there (ADR 12), so it is /openapi.json, which reads no database.
    """
    designer = cli(
        db.url, "user", "add", f"ontwerper-{gemeente}", "--role", "ontwerper", "--gemeente", gemeente
    )
    coach = cli(db.url, "user", "add", f"coach-{gemeente}", "--role", "werkcoach", "--gemeente", gemeente)
    process_id = f"budget_{gemeente.replace('-', '_')}"
    model = (
        (FIXTURES / "lus.bpmn")
        .read_bytes()
        .replace(b"voortgang_lus", process_id.encode())
        .replace(b"${doorgaan}", BUDGET_EATER.encode())
    )
    short_read = "/openapi.json" if db.url.startswith("sqlite") else "/tasks?role=werkcoach"
    with serving(db.url, 1, tmp_path / "serve.log", "--no-timers") as (port, _pid):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Authorization": f"Bearer {designer}", "Content-Type": UPLOAD_TYPE}
        connection.request("POST", "/processes", body=_upload(model), headers=headers)
        response = connection.getresponse()
        assert response.status == 201, response.read()
        connection.close()
        staff = Http(port, coach)
        status, case = staff(
            "POST", "/cases", {"process_id": process_id, "gemeente": gemeente, "client_ref": "K"}
        )
        assert status == 201, case
        completed: list[tuple[int, dict[str, str], float]] = []

        def complete() -> None:
            began = time.monotonic()
            status, body = staff(
                "POST", f"/tasks/{case['tasks'][0]['id']}/complete", {"data": {"doorgaan": False}}
            )
            completed.append((status, body, time.monotonic() - began))

        completing = threading.Thread(target=complete)
        completing.start()
        probes: list[str] = []  # the paths that answered while the completion still ran
        while completing.is_alive():
            for path in ("/health", short_read):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", path, headers={"Authorization": f"Bearer {coach}"})
                answered = connection.getresponse()
                answered.read()
                connection.close()
                assert answered.status == 200, path
                if completing.is_alive():
                    probes.append(path)
        completing.join()
    [(status, body, took)] = completed
    # whichever limit comes first: the operations, or on a busy machine the wall time
    assert status == 422 and (
        "1,000,000 operations" in body["detail"] or "longer than 1 s" in body["detail"]
    ), body
    # Held up, a probe would answer only after the completion, and none would be counted: both
    # answered while it ran. (How many rounds fit depends on the machine: each probe shares the
    # interpreter with the condition's thread, a switch every 5 ms, and on a fast machine the
    # condition reaches its 1,000,000 operations in under 200 ms, where a read with several round
    # trips took 135 ms.)
    assert set(probes) == {"/health", short_read}, (took, probes)


def test_two_workers_start_on_a_machine_whose_cores_are_all_busy(db, tmp_path):
    """Issue #18: uvicorn's 5 s worker health check killed workers still starting on a busy machine,
    24 restarts in a row, as each worker imported the code and built the app (about a second of CPU).
    The workers are now forked from a supervisor that has built the app (ADR 35): each is serving
    after a small part of a second of CPU, which holds however busy the cores are."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2 * (os.cpu_count() or 1))
    ]
    log_path = tmp_path / "serve.log"
    try:
        with serving(db.url, 2, log_path) as (port, pid):
            _wait_for(lambda: log_path.read_text().count("Application startup complete") == 2, "both workers")
            workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            cpu = {worker: _cpu_seconds(int(worker)) for worker in workers}
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/ready")
            assert connection.getresponse().status == 200
            connection.close()
            log = log_path.read_text()
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert len(cpu) == 2 and all(seconds < 0.5 for seconds in cpu.values()), cpu
    # a worker that missed the health check is logged by gunicorn as "WORKER TIMEOUT"
    assert "WORKER TIMEOUT" not in log and "Worker failed to boot" not in log, log
    assert log.count("Booting worker") == 2, log


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_two_workers_stop_when_the_supervisor_is_sent_sigint_or_sigterm(db, tmp_path, signal_name):
    """`kill -INT` (or a process manager that stops with SIGINT) made gunicorn's arbiter send its workers
    SIGQUIT, which uvicorn's server did not act on: the workers served on until the arbiter killed them
    30 s later ("was sent SIGKILL! Perhaps out of memory?"), without their app's shutdown. Either signal
    now stops each worker as uvicorn stops, with a client's keep-alive connection still open."""
    log_path = tmp_path / "serve.log"
    with serving(db.url, 2, log_path, "--no-timers") as (port, pid):
        _wait_for(lambda: log_path.read_text().count("Application startup complete") == 2, "both workers")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/health")
        assert connection.getresponse().read()
        os.kill(pid, getattr(signal, signal_name))
        _wait_for(lambda: _ended(pid), "the supervisor's exit")
        connection.close()
    log = log_path.read_text()
    assert log.count("Application shutdown complete") == 2 and "SIGKILL" not in log, log


def test_serve_warns_when_postgresql_will_not_vacuum(db, tmp_path):
    """The counters every step updates bloat without a vacuum (docs/deployment.md): `serve` says so at its
    start exactly when the database's server has autovacuum off (this machine's PostgreSQL has)."""
    with db.tx() as session:
        off = autovacuum_off(session)  # tests/engine/test_db.py checks how it reads the settings
    log_path = tmp_path / "serve.log"
    with serving(db.url, 1, log_path, "--no-timers"):
        pass
    assert ("warning: PostgreSQL's autovacuum is off" in log_path.read_text()) is off


def _ended(pid: int) -> bool:
    """Whether a child process has exited (its entry is gone, or a zombie not yet reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _cpu_seconds(pid: int) -> float:
    """The CPU time a process has used, user and system, from /proc (fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
