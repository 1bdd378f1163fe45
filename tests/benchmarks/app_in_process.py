"""CPU per completed task through the app in one process, and the event loop's share of it (issue #18).

Drives the API benchmark's flow (start a case, complete the task each call returns, as
api_throughput.py does) with raw ASGI calls to the app: no sockets, no HTTP parsing (which the
floor's empty endpoint has as well), one client, so that what the app spends is not blurred by other
clients or the shared machine's scheduler. Prints the process's CPU per completion and the share of
it that ran on the event loop's thread (routing, FastAPI's dependencies, validation and serialization
of the response, middleware, handing the request to a thread); the rest ran in the endpoint's thread.

    python tests/benchmarks/app_in_process.py --database sqlite:////tmp/in_process.sqlite3 --cases 300

``--parts`` also prints where a completion's CPU goes, part by part: the functions of the request's
path (authentication, reading the task and its case, the step, the state, the audit events, the rows,
the writes' statement, the response, the commit, SQLAlchemy's execution of statements, the driver; on
the event loop FastAPI's dependencies and routing and procesregie's middleware) are timed by the CPU
clock of their thread, each without the parts it calls. What no part covers is the rest of the
request's thread (SQLAlchemy's session) and of the event loop (Starlette's middleware). Timing costs a
wrapper and two clock readings per call (33 calls per completion on PostgreSQL, 57 on SQLite, whose
statements are most of them): about a tenth more CPU per completion than a run without ``--parts``.

``--refused-every N`` sends, before every Nth completion, one whose form data the step refuses (a 422;
the request's transaction rolls back), as staff's mistakes do: what a failed request costs the requests
after it (on PostgreSQL, psycopg dropped a connection's prepared statements at every rollback).

Compare two trees by running each alternately in the same minutes; PYTHONPATH=<other tree> runs
another tree's app with this script.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import json
import logging
import os
import threading
import time
from collections import Counter
from typing import Any

from api_throughput import ROOT, DatabaseCpu, cli  # the script's own folder is on sys.path
from benchdb import vacuum
from engine_floor import OVERDRACHT_STEPS

from engine import users
from engine.db import make_engine, make_sessionmaker, transaction

WARM_UP = 20
REFUSED = {"matchbaar": "zeker", "uitkomst": 5}
"""Form data neither task of the flow takes: the step refuses it, and the request's transaction rolls back."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="migrated and given the fixtures' processes first")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument(
        "--refused-every",
        type=int,
        default=0,
        metavar="N",
        help="before every Nth completion, one the form refuses (422, the transaction rolls back)",
    )
    parser.add_argument(
        "--parts", action="store_true", help="print where a completion's CPU goes, part by part"
    )
    args = parser.parse_args()
    cli(args.database, "migrate")
    cli(args.database, "deploy", str(ROOT / "tests" / "fixtures"))
    vacuum(args.database)  # a database used before, as a deployment's autovacuum would keep it
    from api.main import create_app  # after the migration, as `serve` builds it

    app = create_app(args.database)
    parts = Parts.timing_the_request_path() if args.parts else None
    logging.getLogger("procesregie.request").disabled = True  # the log lines would go to this terminal
    gemeente = f"in-process-{time.time_ns()}"
    with transaction(make_sessionmaker(make_engine(args.database))) as session:
        _, token = users.add_user(session, gemeente, ["werkcoach", "accountmanager"], [gemeente])
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]
    headers.append((b"content-type", b"application/json"))

    async def call(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        raw = json.dumps(body).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "server": ("127.0.0.1", 80),
            "client": ("127.0.0.1", 1),
            "headers": [*headers, (b"content-length", str(len(raw)).encode())],
            "state": {},
        }
        received = False

        async def receive() -> dict[str, Any]:
            nonlocal received
            if not received:
                received = True
                return {"type": "http.request", "body": raw, "more_body": False}
            await asyncio.Event().wait()  # the client never disconnects
            raise AssertionError

        status, chunks = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            else:
                chunks.append(message.get("body", b""))

        await app(scope, receive, send)
        return status, json.loads(b"".join(chunks) or b"{}")

    completions = 0

    async def one_case() -> None:
        nonlocal completions
        start = {
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "B",
            "data": {"weken_plan": 12},
        }
        status, case = await call("/cases", start)
        assert status == 201, case
        task = case["tasks"][0]
        for data in OVERDRACHT_STEPS:
            completions += 1
            if args.refused_every and completions % args.refused_every == 0:
                status, body = await call(f"/tasks/{task['id']}/complete", {"data": REFUSED})
                assert status == 422, body
            status, body = await call(f"/tasks/{task['id']}/complete", {"data": data})
            assert status == 200, body
            task = body["tasks"][0] if body.get("tasks") else None

    database = DatabaseCpu(args.database)

    async def run() -> None:
        async with app.router.lifespan_context(app):
            for _ in range(WARM_UP):
                await one_case()
            database.start()
            if parts is not None:
                parts.measuring = True
            cpu, loop = time.process_time(), time.thread_time()
            for _ in range(args.cases):
                await one_case()
            cpu, loop = time.process_time() - cpu, time.thread_time() - loop
            if parts is not None:
                parts.measuring = False
            backends = database.seconds()
        print(
            f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; database: {args.database.split('://')[0]}"
        )
        if args.refused_every:
            print(f"one completion in {args.refused_every} preceded by one the form refuses (422)")
        print(
            f"CPU per completion {cpu / (2 * args.cases) * 1000:.3f} ms, of which on the event loop "
            f"{loop / (2 * args.cases) * 1000:.3f} ms ({loop / cpu:.1%})"
            + (f"; PostgreSQL's backends {backends / (2 * args.cases) * 1000:.3f} ms" if backends else "")
        )
        if parts is not None:
            parts.print(cpu, loop, 2 * args.cases)
        kept = app.state.definitions.workflows
        print(
            f"workflows taken from the worker's cache: {kept.hits} of {kept.hits + kept.misses} steps"
            f" (PROCESREGIE_WORKFLOW_CACHE_SIZE={kept.size}; 0: every step restores, as on another worker)"
        )

    asyncio.run(run())


class Parts:
    """CPU per part of a request, each part without the parts it calls (its thread's CPU clock)."""

    def __init__(self) -> None:
        self.spent: Counter[str] = Counter()
        """CPU seconds per part, measured in the requests' threads."""
        self.on_the_loop: Counter[str] = Counter()
        """CPU seconds per part, measured on the event loop (the main thread)."""
        self.names: list[str] = []
        """The parts in the order they were named."""
        self.local = threading.local()
        self.measuring = False
        """Whether calls are counted now (not in the warm-up, nor in the benchmark's own queries)."""

    def time(self, owner: Any, attribute: str, name: str) -> None:
        """Time ``owner.attribute`` (a module's function or a class's method) as the part ``name``."""
        function = getattr(owner, attribute)
        if name not in self.names:
            self.names.append(name)

        def begin() -> float:
            self.local.__dict__.setdefault("stack", []).append(0.0)  # the CPU of the parts this call calls
            return time.thread_time()

        def end(started: float) -> None:
            spent, stack = time.thread_time() - started, self.local.stack
            children = stack.pop()
            if self.measuring:
                on_the_loop = threading.current_thread() is threading.main_thread()
                (self.on_the_loop if on_the_loop else self.spent)[name] += spent - children
            if stack:
                stack[-1] += spent

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = begin()
            try:
                return function(*args, **kwargs)
            finally:
                end(started)

        @functools.wraps(function)
        async def timed_on_the_event_loop(*args: Any, **kwargs: Any) -> Any:
            # With one client nothing else runs on the event loop while this awaits: its thread's CPU
            # clock counts this call's own work (a request's thread keeps its own clock).
            started = begin()
            try:
                return await function(*args, **kwargs)
            finally:
                end(started)

        setattr(owner, attribute, timed_on_the_event_loop if inspect.iscoroutinefunction(function) else timed)

    @classmethod
    def timing_the_request_path(cls) -> Parts:
        import fastapi.routing
        from sqlalchemy.engine import Connection, default
        from sqlalchemy.orm import Session

        import api.deps
        import api.limits
        import api.metrics
        import api.operations
        import api.routers.cases
        import api.routers.tasks
        from engine import audit, bpmn, cases, pilots, step, store, tasks

        parts = cls()
        # in the request's thread
        parts.time(api.deps.BearerToken, "authenticate", "authentication, with the connection and BEGIN")
        parts.time(tasks, "_task_for_work", "read the task and its case (ORM)")
        parts.time(pilots, "choose", "a start: choose the process version (ORM)")
        parts.time(store, "restore", "restore the workflow (the worker's cache)")
        parts.time(step, "advance", "the step (SpiffWorkflow)")
        parts.time(bpmn, "dump_state", "serialize the workflow's state")
        parts.time(audit, "next_event", "audit events (hash chain)")
        parts.time(store, "record", "rows of the step: tasks, handovers, counts")
        parts.time(store.CaseWrites, "write", "the writes' one statement, built")
        parts.time(cases, "start_case", "a start: the rest (checks, start form, profile)")
        parts.time(tasks, "complete_task", "a completion: the rest (four eyes, data changes)")
        for module in (api.routers.cases, api.routers.tasks):
            parts.time(module, "read", "the response's case and open tasks")
        parts.time(Session, "commit", "commit")
        parts.time(api.deps.TransactionalRoute, "respond", "validate and serialize the response (pydantic)")
        for method in ("execute", "exec_driver_sql"):
            parts.time(Connection, method, "SQLAlchemy: execute a statement (Core)")
        for method in ("do_execute", "do_executemany"):
            parts.time(default.DefaultDialect, method, "the driver (on SQLite with the database's own work)")
        # on the event loop
        parts.time(fastapi.routing, "solve_dependencies", "FastAPI: parameters, body, dependencies")
        parts.time(api.operations.Operations, "__call__", "request id, security headers, log line")
        parts.time(api.metrics.RequestMetrics, "__call__", "request metrics")
        parts.time(api.limits.RequestSizeLimit, "__call__", "request size limit")
        parts.time(fastapi.routing.APIRouter, "__call__", "FastAPI: routing, body, response, thread hop")
        return parts

    def print(self, cpu: float, loop: float, completions: int) -> None:
        """Each part's ms per completion, and what no part covers in the requests' threads and on the loop."""
        rows = [
            *((name, self.spent[name]) for name in self.names if name in self.spent),
            ("the rest of the request's thread (ORM session)", cpu - loop - sum(self.spent.values())),
            *((name, self.on_the_loop[name]) for name in self.names if name in self.on_the_loop),
            ("the rest of the event loop (Starlette's middleware)", loop - sum(self.on_the_loop.values())),
        ]
        print(f"{'part':<58} {'ms/completion':>13} {'share':>6}")
        for name, seconds in rows:
            print(f"{name:<58} {seconds / completions * 1000:13.3f} {seconds / cpu:6.1%}")


if __name__ == "__main__":
    main()
