"""CPU per completed task through the app in one process, and the event loop's share of it (issue #18).

Drives the API benchmark's flow (start a case, complete the task each call returns, as
api_throughput.py does) with raw ASGI calls to the app: no sockets, no HTTP parsing (which the
floor's empty endpoint has as well), one client, so that what the app spends is not blurred by other
clients or the shared machine's scheduler. Prints the process's CPU per completion and the share of
it that ran on the event loop's thread (routing, FastAPI's dependencies, validation and serialization
of the response, middleware, handing the request to a thread); the rest ran in the endpoint's thread.

    python tests/benchmarks/app_in_process.py --database sqlite:////tmp/in_process.sqlite3 --cases 300

``--refused-every N`` sends, before every Nth completion, one whose form data the step refuses (a 422;
the request's transaction rolls back), as staff's mistakes do: what a failed request costs the requests
after it (on PostgreSQL, psycopg dropped a connection's prepared statements at every rollback).

Compare two trees by running each alternately in the same minutes; PYTHONPATH=<other tree> runs
another tree's app with this script.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import time
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
    args = parser.parse_args()
    cli(args.database, "migrate")
    cli(args.database, "deploy", str(ROOT / "tests" / "fixtures"))
    vacuum(args.database)  # a database used before, as a deployment's autovacuum would keep it
    from api.main import create_app  # after the migration, as `serve` builds it

    app = create_app(args.database)
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
            cpu, loop = time.process_time(), time.thread_time()
            for _ in range(args.cases):
                await one_case()
            cpu, loop = time.process_time() - cpu, time.thread_time() - loop
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
        kept = app.state.definitions.workflows
        print(
            f"workflows taken from the worker's cache: {kept.hits} of {kept.hits + kept.misses} steps"
            f" (PROCESREGIE_WORKFLOW_CACHE_SIZE={kept.size}; 0: every step restores, as on another worker)"
        )

    asyncio.run(run())


if __name__ == "__main__":
    main()
