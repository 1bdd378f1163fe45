"""Start-up: the time to load, validate and deploy all of processes/, and until `procesregie serve` answers.

Rows, each on a fresh SQLite database and (with --postgres) a fresh PostgreSQL schema:

- read + lint + parse all BPMN files (what every deploy checks first);
- deploy into an empty database (lint, parse, store every file and version);
- deploy again with nothing changed (what every restart of `serve` does);
- `procesregie serve` from process start until its first HTTP answer, on an empty database
  (migrate + deploy + uvicorn) and on one that already holds the processes;
- a `serve --workers 2` worker from its fork until it serves (the supervisor has deployed the
  processes and built the app, ADR 35), and the start of a `procesregie` command (`--help`, `lint`
  of one file): wall and CPU seconds. The CPU seconds hold on a busy machine, where wall time does not.

    python tests/benchmarks/startup.py [--postgres URL] [--runs 3]

Python writes no bytecode caches where PYTHONDONTWRITEBYTECODE is set (as on the development
machines): every new process then compiles procesregie's modules again. The script compiles them
first, as `pip install` does for the installed package.

URL is a PostgreSQL database, for example postgresql+psycopg://postgres@127.0.0.1/procesregie_bench;
its public schema is emptied first.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import http.client
import json
import os
import platform
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchdb import empty  # the script's own folder is on sys.path

from engine import lint, processes
from engine.db import make_engine, make_sessionmaker, transaction
from engine.processes import DefinitionCache

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "processes"
FIXTURES = ROOT / "tests" / "fixtures"


def lint_all() -> int:
    files = {str(p.relative_to(PROCESSES)): p.read_bytes() for p in sorted(PROCESSES.rglob("*.bpmn"))}
    result = lint.lint(files)
    result.raise_if_problems()
    return len(result.definitions)


def deploy_all(url: str) -> int:
    engine = make_engine(url)
    try:
        with transaction(make_sessionmaker(engine)) as session:
            return sum(d.created for d in processes.deploy_directory(session, DefinitionCache(), PROCESSES))
    finally:
        engine.dispose()


def serve_until_answer(url: str) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "--database-url",
            url,
            "serve",
            "--port",
            str(port),
            "--no-timers",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/openapi.json")
                if connection.getresponse().status == 200:
                    return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("procesregie serve exited") from None
                time.sleep(0.02)
    finally:
        server.terminate()
        server.wait(timeout=30)


def worker_start(url: str) -> tuple[float, float]:
    """Wall and CPU seconds of a `serve --workers 2` worker from its fork until it serves: the
    supervisor has deployed the processes and built the app, and forks the workers (ADR 35). Wall
    from gunicorn's "Booting worker" to uvicorn's "Application startup complete" in the JSON log,
    CPU from /proc; the slower of the two workers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "--database-url", url, "serve", "--port", str(port)]
            + ["--no-timers", "--workers", "2"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        while log.read_text().count("Application startup complete") < 2:
            if server.poll() is not None:
                raise RuntimeError(f"procesregie serve exited:\n{log.read_text()}")
            time.sleep(0.05)
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        cpu = max(_cpu_seconds(int(worker)) for worker in workers)
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]

        def times(message: str) -> list[dt.datetime]:
            return [dt.datetime.fromisoformat(line["time"]) for line in lines if message in line["message"]]

        return (max(times("startup complete")) - min(times("Booting worker"))).total_seconds(), cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.unlink()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def command_start(*args: str) -> tuple[float, float]:
    """Wall and CPU seconds of `procesregie ARGS` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, check=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def medians(runs: int, work: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    results = [work() for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def timed(runs: int, prepare: Callable[[], object], work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        prepare()
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    databases = {"SQLite": f"sqlite:///{tempfile.mkdtemp()}/startup.sqlite3"}
    if args.postgres:
        databases["PostgreSQL"] = args.postgres
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; median of {args.runs} runs"
    )
    compileall.compile_dir(ROOT / "api", quiet=1)
    compileall.compile_dir(ROOT / "engine", quiet=1)
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'what':<66} {'seconds':>8}")
    for what, work in [
        ("a serve worker, forked, until it serves", lambda: worker_start(databases["SQLite"])),
        ("procesregie --help", lambda: command_start("--help")),
        ("procesregie lint FILE (one process)", lambda: command_start("lint", str(FIXTURES / "lus.bpmn"))),
    ]:
        wall, cpu = medians(args.runs, work)
        print(f"{f'{what}: wall':<66} {wall:>8.2f}")
        print(f"{f'{what}: CPU':<66} {cpu:>8.2f}")
    seconds, count = timed(args.runs, lambda: None, lint_all)
    print(f"{f'read, lint and parse all {count} processes':<66} {seconds:>8.2f}")
    for name, url in databases.items():
        seconds, created = timed(args.runs, lambda url=url: empty(url), lambda url=url: deploy_all(url))
        print(f"{f'{name}: deploy all into an empty database ({created} versions)':<66} {seconds:>8.2f}")
        seconds, created = timed(args.runs, lambda: None, lambda url=url: deploy_all(url))
        print(f"{f'{name}: deploy again, nothing changed ({created} new)':<66} {seconds:>8.2f}")
        seconds, _ = timed(args.runs, lambda url=url: empty(url), lambda url=url: serve_until_answer(url))
        print(f"{f'{name}: serve on a migrated, empty database until it answers':<66} {seconds:>8.2f}")
        seconds, _ = timed(args.runs, lambda: None, lambda url=url: serve_until_answer(url))
        print(f"{f'{name}: serve with processes deployed until it answers':<66} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
