"""Crash test: `procesregie serve` killed with SIGKILL under load loses and doubles nothing.

16 clients start cases of tests/fixtures/overdracht.bpmn and complete both their tasks over HTTP,
each POST with an Idempotency-Key (ADR 19), retrying what was not acknowledged with the same key
until it is. Meanwhile the whole server (its process group: the supervisor, both workers, the
timer thread) is killed with SIGKILL twice and started again. Then the database must hold every
acknowledged completion exactly once and nothing no client sent, no step of a case twice, case
states that agree with their tasks, and hash chains and seals that `procesregie audit verify`
finds intact. The counts are printed (docs/operations.md quotes a run).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, select, text

from engine import bpmn, store, users
from engine.db import make_engine, make_sessionmaker, transaction
from engine.models import AuditEvent, Case, CaseTask
from engine.processes import DefinitionCache
from engine.vocabulary import CaseStatus, EventType, TaskStatus
from tests.servers import answers, cli, free_port

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLIENTS = 16
COMPLETIONS = 1_000
KILL_AT = (250, 600)  # acknowledged completions at which the server is killed
OPEN = (TaskStatus.READY, TaskStatus.CLAIMED)
STEPS = [  # the werkcoach's form, then the accountmanager's
    {"matchbaar": True, "kandidaatprofiel": "Orderpicker"},
    {"uitkomst": "geplaatst", "uren_per_week": 32},
]

pytestmark = pytest.mark.slow


@pytest.fixture
def crash_db() -> Iterator[str]:
    """A fresh PostgreSQL database of its own (the server is killed: nothing else should be on it)."""
    given = os.environ.get("PROCESREGIE_TEST_DATABASE_URL")
    if not given:
        pytest.skip("the crash test runs on PostgreSQL (set PROCESREGIE_TEST_DATABASE_URL)")
    url = make_url(given)
    name = f"{url.database}_crash_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


class Server:
    """`procesregie serve --workers 2` in a process group of its own, so that one SIGKILL ends it all."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder, self.port = url, folder, free_port()
        self.processes = folder / "processes"  # the one model the clients drive
        self.processes.mkdir()
        (self.processes / "overdracht.bpmn").write_bytes((FIXTURES / "overdracht.bpmn").read_bytes())
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.start_seconds: list[float] = []

    def start(self) -> None:
        began = time.monotonic()
        self.starts += 1
        metrics = self.folder / f"metrics-{self.starts}"
        metrics.mkdir()
        with open(self.folder / f"serve-{self.starts}.log", "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "--database-url", self.url, "serve"]
                + ["--port", str(self.port), "--workers", "2", "--processes", str(self.processes)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
            )
        deadline = time.monotonic() + 120  # a bound for a hang only
        while not answers(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                log_text = (self.folder / f"serve-{self.starts}.log").read_text()
                pytest.fail(f"procesregie serve did not start:\n{log_text}")
            time.sleep(0.1)
        self.start_seconds.append(time.monotonic() - began)

    def kill(self) -> None:
        """SIGKILL to every process of the server: nothing of it runs an exit handler or a rollback."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Ledger:
    """What the clients sent and what the server acknowledged, shared by the client threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    started: dict[str, str] = field(default_factory=dict)  # case id -> Idempotency-Key of its start
    sent: set[str] = field(default_factory=set)  # task ids a completion was sent for
    completed: dict[str, str] = field(default_factory=dict)  # acknowledged: task id -> Idempotency-Key
    acknowledged: list[tuple[str, str, dict[str, Any], str, dict[str, Any]]] = field(default_factory=list)
    """Every acknowledged POST: token, path, body, Idempotency-Key, answer."""
    attempts: int = 0  # POSTs sent, retries included
    retried: int = 0  # requests (keys) sent more than once: no answer, 503, or the key still in progress
    replayed: int = 0  # acknowledgements that were a stored first response (Idempotent-Replayed)
    in_flight: int = 0
    in_flight_at_kills: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def post(
    ledger: Ledger, port: int, token: str, path: str, body: dict[str, Any], key: str | None = None
) -> tuple[dict[str, Any], bool]:
    """POST with one Idempotency-Key until acknowledged (2xx): the answer and whether it was a replay.
    What got no answer, a 503 or a 409 for the same key still in progress (a killed worker's
    transaction not yet rolled back) is sent again with the same key."""
    key, attempt = key or str(uuid.uuid4()), 0
    while True:
        attempt += 1
        with ledger.lock:
            ledger.attempts += 1
            ledger.retried += attempt == 2
            ledger.in_flight += 1
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(
                "POST",
                path,
                body=json.dumps(body),
                headers={
                    "Authorization": f"Bearer {token}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": key,
                },
            )
            response = connection.getresponse()
            status, answer = response.status, json.loads(response.read() or b"null")
            replayed = response.getheader("Idempotent-Replayed") == "true"
        except (OSError, http.client.HTTPException):
            status, answer, replayed = 0, None, False
        finally:
            connection.close()
            with ledger.lock:
                ledger.in_flight -= 1
        if 200 <= status < 300:
            with ledger.lock:
                ledger.replayed += replayed
                ledger.acknowledged.append((token, path, body, key, answer))
            return {"key": key, **answer}, replayed
        in_progress = status == 409 and "in progress" in (answer or {}).get("detail", "")
        if status not in (0, 503) and not in_progress:
            raise AssertionError(f"POST {path}: {status} {answer}")
        time.sleep(0.1)


def client(ledger: Ledger, port: int, token: str, gemeente: str, stop: threading.Event) -> None:
    """Start a case and complete its two tasks, again and again, until told to stop."""
    try:
        while not stop.is_set():
            case, _ = post(
                ledger,
                port,
                token,
                "/cases",
                {
                    "process_id": "overdracht_test",
                    "gemeente": gemeente,
                    "client_ref": "K",
                    "data": {"weken_plan": 12},
                },
            )
            with ledger.lock:
                ledger.started[case["id"]] = case["key"]
            task = case["tasks"][0]
            for data in STEPS:
                with ledger.lock:
                    ledger.sent.add(task["id"])
                done, _ = post(ledger, port, token, f"/tasks/{task['id']}/complete", {"data": data})
                with ledger.lock:
                    ledger.completed[task["id"]] = done["key"]
                if stop.is_set():
                    return
                task = done["tasks"][0] if done["tasks"] else None
                if task is None:
                    break
    except Exception as err:  # a failure ends this client; the test reports it
        with ledger.lock:
            ledger.failures.append(repr(err))


def test_kill_9_under_load_loses_and_doubles_no_completion(crash_db, tmp_path) -> None:
    gemeente = f"gemeente-{uuid.uuid4().hex[:8]}"
    cli(crash_db, "migrate")
    database = make_engine(crash_db)
    factory = make_sessionmaker(database)
    with transaction(factory) as session:
        tokens = [
            users.add_user(session, f"crash-{n}", ["werkcoach", "accountmanager"], [gemeente])[1]
            for n in range(CLIENTS)
        ]
    server = Server(crash_db, tmp_path)
    server.start()
    ledger, stop = Ledger(), threading.Event()
    began = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(ledger, server.port, t, gemeente, stop), daemon=True)
        for t in tokens
    ]
    try:
        for t in threads:
            t.start()
        for kill_at in KILL_AT:
            while len(ledger.completed) < kill_at and not ledger.failures:
                time.sleep(0.01)
            with ledger.lock:
                ledger.in_flight_at_kills.append(ledger.in_flight)
            server.kill()
            server.start()
        while len(ledger.completed) < COMPLETIONS and not ledger.failures:
            time.sleep(0.05)
        stop.set()
        for t in threads:
            t.join(timeout=120)
        assert not ledger.failures, ledger.failures
        took = time.monotonic() - began
        # A client that lost the answer sends the request again with its key, before or after a
        # kill: every 10th acknowledged POST, sent again now, is answered with the first answer.
        sent_again = ledger.acknowledged[::10]
        for token, path, body, key, answer in sent_again:
            again, replayed = post(Ledger(), server.port, token, path, body, key)
            assert replayed and again == {"key": key, **answer}, path
    finally:
        stop.set()
        server.stop()

    with transaction(factory) as session:
        cases = session.scalars(select(Case).where(Case.gemeente == gemeente)).all()
        tasks = session.scalars(select(CaseTask).where(CaseTask.gemeente == gemeente)).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.case_id.in_([c.id for c in cases])).order_by(AuditEvent.id)
        ).all()
        done_in_db = {t.id for t in tasks if t.status == TaskStatus.COMPLETED}
        completed_events = Counter(e.task_id for e in events if e.type == EventType.TASK_COMPLETED)
        acknowledged = set(ledger.completed)
        lost = acknowledged - done_in_db
        doubled = {task for task, n in completed_events.items() if n > 1}
        print(
            f"\ncrash test: {took:.0f} s, server started in {[round(t, 1) for t in server.start_seconds]} s, "
            f"killed {len(KILL_AT)} times with "
            f"{ledger.in_flight_at_kills} requests in flight; {len(ledger.started)} cases started, "
            f"{len(acknowledged)} completions acknowledged; {len(ledger.acknowledged)} POSTs acknowledged "
            f"after {ledger.attempts} attempts, {ledger.retried} of them sent again with their key, "
            f"{ledger.replayed} of those answered by a replay; {len(sent_again)} acknowledged POSTs sent "
            f"again afterwards, all replayed; lost {len(lost)}, doubled {len(doubled)}, "
            f"completed but never acknowledged {len(done_in_db - acknowledged)}"
        )
        assert len(acknowledged) >= COMPLETIONS
        assert lost == set() and doubled == set()
        # Nothing no client sent: every completed task was sent, every case was started by a client
        # (a start acted on twice would be a case no acknowledgement names).
        assert done_in_db <= ledger.sent
        assert {c.id for c in cases} == set(ledger.started)
        assert set(completed_events) == done_in_db
        assert ledger.retried > 0
        assert ledger.in_flight_at_kills and all(n > 0 for n in ledger.in_flight_at_kills)

        cache = DefinitionCache()
        tasks_of: dict[str, list[CaseTask]] = {}
        for task in tasks:
            tasks_of.setdefault(task.case_id, []).append(task)
        events_of: dict[str, list[AuditEvent]] = {}
        for event in events:
            events_of.setdefault(event.case_id, []).append(event)
        for case in cases:
            # No step applied twice: each element of this model is one task, each event of a kind once
            # per task, one start; the chain's sequence has no gap and no repeat.
            own = tasks_of[case.id]
            assert len({t.element_id for t in own}) == len(own), case.id
            kinds = Counter((e.type, e.task_id) for e in events_of[case.id])
            assert max(kinds.values()) == 1 and kinds[(EventType.CASE_STARTED, None)] == 1, kinds
            assert [e.seq for e in events_of[case.id]] == list(range(1, len(events_of[case.id]) + 1))
            # The engine's state of the case agrees with its tasks.
            _, workflow = store.restore(session, cache, case)
            ready = {str(t.id) for t in bpmn.human_tasks(workflow)}
            assert ready == {t.id for t in own if t.status in OPEN}, case.id
            finished = case.status == CaseStatus.COMPLETED
            assert finished == workflow.is_completed() == (not ready), case.id
            assert finished == ((EventType.CASE_COMPLETED, None) in kinds), case.id

    database.dispose()
    cli(crash_db, "audit", "seal")  # over every case's head, so that verify checks the seals hold too
    verified = cli(crash_db, "audit", "verify")  # exit code 1 on a broken chain or seal fails the call
    print(verified)
    assert verified.startswith(f"ok: {len(cases)} cases") and f"over {len(cases)} cases holds" in verified
