"""API throughput and latency: `procesregie serve` (one worker per core; ADR 35) under N concurrent clients.

Each client drives its own cases of tests/fixtures/overdracht.bpmn over HTTP: start the case,
complete the werkcoach's task (a handover to the accountmanager follows) and the
accountmanager's task, each the task the previous call returned, as the README's walkthrough
does (``--flow claim`` claims each task first, as the figures before issue #18 did). The client
is lean (http.client with keep-alive, one connection per thread); the server's own CPU per
completed task is read from /proc, and on PostgreSQL the CPU of the database's backends serving
this database too, so the capacity figure (cores / CPU per completion) does not depend on the
client.

The same run measures the floor (issue #18), what no design on this stack goes below: an empty
``async`` FastAPI endpoint served as `procesregie serve` serves (gunicorn's arbiter forking as many
uvicorn workers, api/supervisor.py's worker class, ADR 35), driven by the same client and read from
/proc the same way (its CPU per request, times the requests per completion), plus SpiffWorkflow's
own CPU for one step in memory (engine_floor.py, one core). Each row prints CPU per completion as a
multiple of that floor. On PostgreSQL the database is vacuumed before each client count, as a
deployment's autovacuum would keep it (benchdb.vacuum).

    python tests/benchmarks/api_throughput.py --database postgresql+psycopg://postgres@127.0.0.1/procesregie_bench
    python tests/benchmarks/api_throughput.py --database sqlite:////tmp/throughput.sqlite3 --clients 1,4,16
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchdb import checkpoint, vacuum  # the script's own folder is on sys.path
from engine_floor import OVERDRACHT_STEPS

from engine import users
from engine.db import make_engine, make_sessionmaker, transaction

ROOT = Path(__file__).resolve().parents[2]
HERTZ = os.sysconf("SC_CLK_TCK")


def cli(url: str, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", url, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()


def process_tree(pid: int) -> dict[int, list[int]]:
    """A process and all its descendants, each with its children."""
    tree: dict[int, list[int]] = {}
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            children = [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        tree[current] = children
        pids.extend(children)
    return tree


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and all its descendants."""
    total = 0.0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / HERTZ
    return total


def connections_per_worker(pid: int, port: int) -> list[int]:
    """How many connections to ``port`` each worker of the server holds (the processes of its tree
    without children of their own), most first. A worker's event loop that wakes first accepts every
    connection waiting, so 16 clients that connect at once may share 2 workers 8/8 or 12/4, and a
    worker with 12 answers each later (docs/performance.md, session 17)."""
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # established
                sockets.add(f"socket:[{fields[9]}]")
    counts = []
    for worker, children in process_tree(pid).items():
        if children:
            continue
        held = 0
        try:
            for fd in os.listdir(f"/proc/{worker}/fd"):
                with contextlib.suppress(OSError):  # closed meanwhile
                    held += os.readlink(f"/proc/{worker}/fd/{fd}") in sockets
        except FileNotFoundError:
            continue
        counts.append(held)
    return sorted(counts, reverse=True)


class Client:
    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.requests = 0
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        return self.request("POST", path, body or {})

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        """Status and body; a dropped connection counts as status 0 and is opened again."""
        self.requests += 1
        try:
            payload = None if body is None else json.dumps(body)
            self.connection.request(method, path, body=payload, headers=self.headers)
            response = self.connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        except (OSError, http.client.HTTPException) as err:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, {"error": repr(err)}


def one_case(client: Client, gemeente: str, latencies: list[float], errors: list[str], claim: bool) -> None:
    """Start a case and claim and complete its tasks; each completion's latency and each failure are
    recorded."""
    status, case = client.post(
        "/cases",
        {
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "B",
            "data": {"weken_plan": 12},
        },
    )
    if status != 201:
        errors.append(f"start {status}")
        return
    task = case["tasks"][0]
    for data in OVERDRACHT_STEPS:
        if claim:
            status, _ = client.post(f"/tasks/{task['id']}/claim")
            if status != 200:
                errors.append(f"claim {status}")
                return
        started = time.perf_counter()
        status, body = client.post(f"/tasks/{task['id']}/complete", {"data": data})
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(f"complete {status}")
            return
        task = body["tasks"][0] if body.get("tasks") else None


def drive(
    port: int,
    token: str,
    gemeente: str,
    claim: bool,
    stop: float,
    latencies: list[float],
    errors: list[str],
    requests: list[int],
) -> None:
    client = Client(port, token)
    while time.monotonic() < stop:
        one_case(client, gemeente, latencies, errors, claim)
    requests.append(client.requests)


@dataclass
class Run:
    """One load run: each completion's latency (ms), the failures, the requests each client sent, and
    the wall time and CPU seconds of the server's process tree and of the database's backends."""

    latencies: list[float]
    errors: list[str]
    requests: list[int]
    elapsed: float
    cpu: float
    db_cpu: float
    spread: list[int]
    """The clients' connections per worker of the server, halfway through the run."""

    @property
    def per_worker(self) -> str:
        return "/".join(map(str, self.spread)) or "-"

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.elapsed

    def quantile(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100)[percent - 1]

    def ms_per_completion(self, seconds: float) -> float:
        return seconds / max(len(self.latencies), 1) * 1000

    @property
    def cpu_per_completion(self) -> float:
        """CPU seconds per completion of the server's process tree and the database's backends together."""
        return (self.cpu + self.db_cpu) / max(len(self.latencies), 1)


def measure(
    server_pid: int,
    database_cpu: DatabaseCpu,
    clients: list[Callable[[float, list[float], list[str], list[int]], None]],
    seconds: float,
    port: int,
) -> Run:
    """Run each client in its own thread for ``seconds``; a client is called with the stop time
    and the lists it appends its completions' latencies, its failures and its request count to.
    Halfway through, count the clients' connections to ``port`` per worker of the server."""
    latencies: list[float] = []
    errors: list[str] = []
    requests: list[int] = []
    database_cpu.start()
    cpu_before, started = tree_cpu(server_pid), time.monotonic()
    stop = started + seconds
    threads = [threading.Thread(target=c, args=(stop, latencies, errors, requests)) for c in clients]
    for t in threads:
        t.start()
    time.sleep(max(0.0, started + seconds / 2 - time.monotonic()))
    spread = connections_per_worker(server_pid, port)
    for t in threads:
        t.join()
    elapsed, cpu = time.monotonic() - started, tree_cpu(server_pid) - cpu_before
    return Run(latencies, errors, requests, elapsed, cpu, database_cpu.seconds(), spread)


FLOOR_APP = """
from fastapi import FastAPI

app = FastAPI()


@app.post("/floor")
async def floor() -> dict:
    return {}
"""


@contextlib.contextmanager
def served_app(
    source: str, workers: int, environment: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """A FastAPI app (``source``: a module's text that makes ``app``) served as `procesregie serve
    --workers N` serves (ADR 35): gunicorn's arbiter with the app loaded before the fork and ``workers``
    forked workers of api/supervisor.py's class (uvicorn's server, its loop and HTTP parser, no access
    log); with one worker uvicorn serves in the process itself, as `serve` does. Yields the server and
    its port once it answers, until the block ends."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "served_app.py").write_text(source)
        port = free_port()
        if workers > 1:
            command = ["-m", "gunicorn", "served_app:app", "--bind", f"127.0.0.1:{port}", "--preload"]
            command += ["--workers", str(workers), "--worker-class", "api.supervisor.Worker"]
            command += ["--keep-alive", "5", "--log-level", "warning"]  # keep-alive as api/supervisor.py
        else:
            command = ["-m", "uvicorn", "served_app:app", "--port", str(port), "--log-level", "warning"]
            command += ["--no-access-log"]
        server = subprocess.Popen(
            [sys.executable, *command],
            cwd=folder,
            env={**os.environ, **(environment or {}), "PYTHONPATH": os.pathsep.join([folder, str(ROOT)])},
        )
        try:
            wait_until_answering(server, port, "/openapi.json", 120, "its output above")
            yield server, port
        finally:
            server.terminate()
            server.wait(timeout=30)


def empty_endpoint_cpu(workers: int, clients: int, seconds: float) -> float:
    """CPU seconds per request of an empty async FastAPI endpoint, ``clients`` lean clients sending the
    same headers and a small JSON body, served as `serve` serves (:func:`served_app`). Its process tree
    is read as the server's is (:func:`tree_cpu`)."""
    with served_app(FLOOR_APP, workers) as (server, port):
        counts: list[int] = []

        def hammer(stop: float) -> None:
            client, answered = Client(port, "pr_" + "x" * 43), 0
            while time.monotonic() < stop:
                status, _ = client.post("/floor", {"data": {"matchbaar": True}})
                answered += status == 200
            counts.append(answered)

        cpu_before = tree_cpu(server.pid)
        stop = time.monotonic() + seconds
        threads = [threading.Thread(target=hammer, args=(stop,)) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return (tree_cpu(server.pid) - cpu_before) / max(sum(counts), 1)


class DatabaseCpu:
    """CPU seconds of the PostgreSQL backends serving one database (each backend's /proc/<pid>/stat;
    the server runs on this machine). Zero for SQLite, which runs inside the server's processes."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url) if url.startswith("postgresql") else None

    def _backends(self) -> dict[int, float]:
        if self.engine is None:
            return {}
        with self.engine.connect() as connection:
            pids = connection.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).scalars()
            cpu: dict[int, float] = {}
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except FileNotFoundError:
                    continue
                cpu[pid] = (int(fields[11]) + int(fields[12])) / HERTZ
            return cpu

    def start(self) -> None:
        self.before = self._backends()

    def seconds(self) -> float:
        """CPU since start: of the backends alive now (a backend that ended meanwhile is not counted)."""
        return sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self._backends().items())


def serve(
    url: str, options: list[str], log: Any, wrapper: list[str] | None = None, wait: float = 300
) -> tuple[subprocess.Popen[bytes], int]:
    """Start `procesregie serve` (without timers) on a free port, optionally under a wrapper command;
    wait until it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            *(wrapper or []),
            sys.executable,
            "-m",
            "api.cli",
            "--database-url",
            url,
            "serve",
            "--port",
            str(port),
            *options,
            "--no-timers",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    wait_until_answering(server, port, "/openapi.json", wait, getattr(log, "name", "its log"))
    return server, port


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_answering(
    server: subprocess.Popen[bytes], port: int, path: str, seconds: float, log: str
) -> None:
    """Ask ``GET path`` every half second until the server answers. A server that stops meanwhile, or that
    does not answer within ``seconds`` (it is then stopped), ends the benchmark with a message naming
    ``log``, where its output went."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            probe.request("GET", path)
            probe.getresponse().read()
            probe.close()
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped before it answered; see {log}") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer within {seconds:.0f} s; see {log}")


def engine_floor() -> float:
    """SpiffWorkflow's steps per CPU second of the benchmark's flow in memory, on one core
    (engine_floor.py, in a process of its own)."""
    return float(
        subprocess.run(
            [sys.executable, str(ROOT / "tests" / "benchmarks" / "engine_floor.py"), "--in-memory-only"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    )


HEADER = (
    f"{'clients':>7} {'completions/s':>14} {'of floor':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'errors':>7} {'server CPU ms/c':>15} {'database ms/c':>13} {'requests/c':>10} "
    f"{'empty ms/req':>12} {'x CPU floor':>11} {'conns/worker':>12}"
)


def against_the_floor(run: Run, floor: float, workers: int, clients: int, seconds: float) -> str:
    """A run's row under :data:`HEADER`, with its CPU per completion (server and database) against the
    floor of issue #18: an empty endpoint's CPU per request (measured now, with the run's clients and
    workers) times the run's requests per completion, plus SpiffWorkflow's step (``floor``, steps/s)."""
    per_completion = sum(run.requests) / max(len(run.latencies), 1)
    empty = empty_endpoint_cpu(workers, clients, min(seconds, 10))
    cpu_floor = empty * per_completion + 1 / floor
    row = (
        f"{clients:>7} {run.per_second:>14.1f} {run.per_second / floor:>9.1%} {run.quantile(50):>8.1f} "
        f"{run.quantile(95):>8.1f} {run.quantile(99):>8.1f} {len(run.errors):>7} "
        f"{run.ms_per_completion(run.cpu):>15.2f} {run.ms_per_completion(run.db_cpu):>13.2f} "
        f"{per_completion:>10.2f} {empty * 1000:>12.3f} {run.cpu_per_completion / cpu_floor:>11.1f} "
        f"{run.per_worker:>12}"
    )
    return row + (f"\n        errors: {dict(Counter(run.errors))}" if run.errors else "")


@contextlib.contextmanager
def procesregie_served(
    url: str, workers: int, log_path: Path | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int, str]]:
    """`procesregie serve` with ``workers`` workers on ``url``, migrated and given the fixtures' processes;
    yields the server, its port and its log's path (``log_path``, or a new temporary file) once it
    answers, until the block ends."""
    cli(url, "migrate")
    cli(url, "deploy", str(ROOT / "tests" / "fixtures"))
    if log_path is None:
        descriptor, name = tempfile.mkstemp(prefix="procesregie-serve-", suffix=".log")
        os.close(descriptor)  # opened again below, for writing
        log_path = Path(name)
    with log_path.open("w") as log:
        server, port = serve(url, ["--workers", str(workers)], log)
        try:
            yield server, port, str(log_path)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure_procesregie(
    server: subprocess.Popen[bytes], port: int, url: str, clients: int, seconds: float, claim: bool
) -> Run:
    """One run of ``clients`` new users, each driving cases of a new gemeente, against a served procesregie;
    on PostgreSQL the database vacuumed (when used before) and checkpointed first."""
    vacuum(url)
    checkpoint(url)
    gemeente = f"bench-{clients}-{time.time_ns()}"
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as session:
        tokens = [
            users.add_user(
                session, f"b{clients}-{n}-{time.time_ns()}", ["werkcoach", "accountmanager"], [gemeente]
            )[1]
            for n in range(clients)
        ]
    engine.dispose()
    return measure(
        server.pid,
        DatabaseCpu(url),
        [functools.partial(drive, port, t, gemeente, claim) for t in tokens],
        seconds,
        port,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--flow", choices=("direct", "claim"), default="direct")
    args = parser.parse_args()
    url = args.database
    floor = engine_floor()
    with procesregie_served(url, args.workers) as (server, port, log):
        print(
            f"machine: {os.cpu_count()} cores; server: procesregie serve, {args.workers} workers; "
            f"database: {url.split('://')[0]}; server log: {log}"
        )
        print(f"engine floor (same flow, SpiffWorkflow in memory, 1 core): {floor:.0f} steps/s")
        print(HEADER)
        for count in [int(c) for c in args.clients.split(",")]:
            run = measure_procesregie(server, port, url, count, args.seconds, args.flow == "claim")
            print(against_the_floor(run, floor, args.workers, count, args.seconds))


if __name__ == "__main__":
    main()
