"""Start-up: the time to load, validate and deploy all of processes/, and until `procesregie serve` answers.

Rows, each on a fresh SQLite database and (with --postgres) a fresh PostgreSQL schema:

- read + lint + parse all BPMN files (what every deploy checks first);
- deploy into an empty database (lint, parse, store every file and version);
- deploy again with nothing changed (what every restart of `serve` does);
- `procesregie serve` from process start until its first HTTP answer, on an empty database
  (migrate + deploy + uvicorn) and on one that already holds the processes.

    python tests/benchmarks/startup.py [--postgres URL] [--runs 3]

URL is a PostgreSQL database, for example postgresql+psycopg://postgres@127.0.0.1/procesregie_bench;
its public schema is emptied first.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
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
    print(f"{'what':<66} {'seconds':>8}")
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
