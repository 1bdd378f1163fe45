"""The least a persisted step costs on this stack: a skeleton of a workflow service, measured as
api_throughput.py measures procesregie, beside the floor of issue #18.

The floor counts an empty FastAPI endpoint per request and SpiffWorkflow's step in memory: no database
at all. The skeleton does what any service that runs a case's steps with SpiffWorkflow and keeps them
in PostgreSQL must do, and nothing more:

- FastAPI endpoints (``async``, served as `procesregie serve --workers N` serves: gunicorn's arbiter and
  uvicorn workers of api/supervisor.py), the request body validated by pydantic, the caller's bearer
  token looked up in memory;
- the start: a new workflow of tests/fixtures/overdracht.bpmn (parsed once, as procesregie does) run to
  its first user task, its state stored (procesregie's own `dump_state`) in one statement that inserts
  the case and its first event;
- a completion: the workflow kept in the worker's memory since the case's last step (as ADR 43 keeps
  it), the form data put on the task, the step run, the state stored in one statement that updates the
  case (guarded by its version) and inserts the event;
- psycopg's asynchronous connections in autocommit, so each statement is its own transaction: one
  round trip per request, the least there can be (``--variant async``, the default); or, with
  ``--variant threads``, the step run as procesregie runs a request (ADR 26): in one of four threads
  per worker, in a transaction of procesregie's own engine (BEGIN, the statement, COMMIT).

No roles, no audit chain, no handovers, no counts for the reports, no forms checked against the model,
no idempotency keys, no request log or metrics: what procesregie spends beyond the skeleton is its
product; what the skeleton spends beyond the floor is what keeping the step costs on this stack.

    python tests/benchmarks/skeleton.py --database postgresql+psycopg://postgres@127.0.0.1/skeleton
    python tests/benchmarks/skeleton.py --database ... --variant threads

The database's tables ``skeleton_cases`` and ``skeleton_events`` are made anew.
"""

from __future__ import annotations

import argparse
import functools
import json
import os

from api_throughput import (  # noqa: I001
    HEADER,
    ROOT,
    DatabaseCpu,
    Run,
    against_the_floor,
    drive,
    engine_floor,
    measure,
    served_app,
)
from benchdb import checkpoint
from engine_floor import FLOWS

from engine.db import make_engine

SKELETON_APP = """
import asyncio
import json
import os
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel
from sqlalchemy import text

from engine import bpmn
from engine.db import make_engine

FIXTURE = Path(os.environ["SKELETON_FIXTURE"])
[DEFINITION] = bpmn.parse_definitions({FIXTURE.name: FIXTURE.read_bytes()})
START_DATA = json.loads(os.environ["SKELETON_START_DATA"])
TOKENS = set(os.environ["SKELETON_TOKENS"].split(","))
URL = os.environ["SKELETON_DATABASE"]
THREADS = os.environ["SKELETON_VARIANT"] == "threads"
START = (
    "WITH c AS (INSERT INTO skeleton_cases (id, version, state) VALUES (:id, 1, :state) RETURNING id)"
    " INSERT INTO skeleton_events (case_id, task, data) SELECT id, :task, CAST(:data AS jsonb) FROM c"
)
STEP = (
    "WITH c AS (UPDATE skeleton_cases SET version = version + 1, state = :state"
    " WHERE id = :id AND version = :version RETURNING id)"
    " INSERT INTO skeleton_events (case_id, task, data) SELECT id, :task, CAST(:data AS jsonb) FROM c"
)

# psycopg's own form of the statements, for the asynchronous variant
PSYCOPG = {statement: re.sub(r":(\\w+)", r"%(\\1)s", statement) for statement in (START, STEP)}

app = FastAPI()
workflows: dict[str, tuple[Any, int]] = {}  # case id -> its workflow and version, kept by this worker
connections: asyncio.Queue | None = None
threads = ThreadPoolExecutor(4) if THREADS else None
engine = None
engine_made = threading.Lock()


class Body(BaseModel):
    data: dict[str, Any] = {}


def caller(authorization: str | None) -> None:
    if authorization is None or authorization.removeprefix("Bearer ") not in TOKENS:
        raise HTTPException(401, "unknown token")


async def write_async(statement: str, parameters: dict[str, Any]) -> int:
    # One statement in autocommit, its own transaction: one round trip.
    global connections
    if connections is None:  # after the fork: each worker its own
        connections = asyncio.Queue()
        libpq = URL.replace("postgresql+psycopg://", "postgresql://")
        for _ in range(4):
            connections.put_nowait(await psycopg.AsyncConnection.connect(libpq, autocommit=True))
    connection = await connections.get()
    try:
        cursor = await connection.execute(PSYCOPG[statement], parameters)
        return cursor.rowcount
    finally:
        connections.put_nowait(connection)


def write_in_transaction(statement: str, parameters: dict[str, Any]) -> int:
    # The statement in a transaction of procesregie's engine (engine.db.make_engine), as a request of
    # procesregie writes: BEGIN, the statement, COMMIT.
    global engine
    with engine_made:
        if engine is None:  # after the fork: each worker its own
            engine = make_engine(URL)
    with engine.begin() as connection:
        return connection.execute(text(statement), parameters).rowcount


def answer(case_id: str, workflow: Any) -> dict[str, Any]:
    return {"id": case_id, "tasks": [{"id": f"{case_id}:{task.id}"} for task in bpmn.human_tasks(workflow)]}


def new_case(data: dict[str, Any]) -> tuple[str, Any, dict[str, Any]]:
    workflow = bpmn.new_workflow(DEFINITION, {**START_DATA, **data})
    workflow.do_engine_steps()
    case_id = str(uuid.uuid4())
    parameters = {"id": case_id, "state": bpmn.dump_state(workflow), "task": "start"}
    return case_id, workflow, {**parameters, "data": json.dumps(data)}


def step(case_id: str, task_uuid: str, data: dict[str, Any]) -> tuple[Any, int, dict[str, Any]]:
    workflow, version = workflows.pop(case_id)
    [task] = [t for t in bpmn.human_tasks(workflow) if str(t.id) == task_uuid]
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()
    state = bpmn.dump_state(workflow)
    parameters = {"id": case_id, "version": version, "state": state, "task": task.task_spec.name}
    return workflow, version, {**parameters, "data": json.dumps(data)}


def kept(case_id: str, workflow: Any, version: int, written: int) -> dict[str, Any]:
    if written != 1:
        raise HTTPException(409, "the case changed meanwhile")
    if not workflow.is_completed():
        workflows[case_id] = (workflow, version + 1)
    return answer(case_id, workflow)


def start_in_thread(data: dict[str, Any]) -> dict[str, Any]:
    case_id, workflow, parameters = new_case(data)
    return kept(case_id, workflow, 0, write_in_transaction(START, parameters))


def complete_in_thread(case_id: str, task_uuid: str, data: dict[str, Any]) -> dict[str, Any]:
    workflow, version, parameters = step(case_id, task_uuid, data)
    return kept(case_id, workflow, version, write_in_transaction(STEP, parameters))


@app.post("/cases", status_code=201)
async def start(body: Body, authorization: str | None = Header(None)) -> dict[str, Any]:
    caller(authorization)
    if threads is not None:
        return await asyncio.get_running_loop().run_in_executor(threads, start_in_thread, body.data)
    case_id, workflow, parameters = new_case(body.data)
    return kept(case_id, workflow, 0, await write_async(START, parameters))


@app.post("/tasks/{task_id}/complete")
async def complete(task_id: str, body: Body, authorization: str | None = Header(None)) -> dict[str, Any]:
    caller(authorization)
    case_id, _, task_uuid = task_id.partition(":")
    if threads is not None:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(threads, complete_in_thread, case_id, task_uuid, body.data)
    workflow, version, parameters = step(case_id, task_uuid, body.data)
    return kept(case_id, workflow, version, await write_async(STEP, parameters))
"""

TABLES = """
DROP TABLE IF EXISTS skeleton_events, skeleton_cases;
CREATE TABLE skeleton_cases (id varchar PRIMARY KEY, version integer NOT NULL, state text NOT NULL);
CREATE TABLE skeleton_events (
    id bigserial PRIMARY KEY, case_id varchar NOT NULL REFERENCES skeleton_cases (id),
    task varchar NOT NULL, data jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON skeleton_events (case_id);
"""


def measure_skeleton(url: str, variant: str, clients: int, seconds: float, workers: int) -> Run:
    """One run of ``clients`` clients against the skeleton served with ``workers`` workers, its tables
    made anew in the PostgreSQL database ``url`` and checkpointed first."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(TABLES)
    engine.dispose()
    checkpoint(url)
    floor_flow = FLOWS["overdracht"]
    tokens = [f"skeleton-{n}" for n in range(clients)]
    environment = {
        "SKELETON_FIXTURE": str(ROOT / "tests" / "fixtures" / floor_flow.fixture),
        "SKELETON_START_DATA": json.dumps(floor_flow.start_data),
        "SKELETON_TOKENS": ",".join(tokens),
        "SKELETON_DATABASE": url,
        "SKELETON_VARIANT": variant,
    }
    with served_app(SKELETON_APP, workers, environment) as (server, port):
        return measure(
            server.pid,
            DatabaseCpu(url),
            [functools.partial(drive, port, t, "skeleton", False) for t in tokens],
            seconds,
            port,
        )


VARIANTS = {
    "async": "the step on the event loop, one statement in autocommit by psycopg's asynchronous connection",
    "threads": "the step in one of 4 threads per worker, in a transaction of procesregie's engine (BEGIN, "
    "the statement, COMMIT), as procesregie runs a request (ADR 26)",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL (postgresql+psycopg://...)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--variant",
        choices=tuple(VARIANTS),
        default="async",
        help="; ".join(f"{name}: {text}" for name, text in VARIANTS.items()),
    )
    args = parser.parse_args()
    floor = engine_floor()
    result = measure_skeleton(args.database, args.variant, args.clients, args.seconds, args.workers)
    print(
        f"machine: {os.cpu_count()} cores; skeleton ({args.variant}): {args.workers} workers; "
        f"engine floor (same flow, SpiffWorkflow in memory, 1 core): {floor:.0f} steps/s"
    )
    print(HEADER)
    print(against_the_floor(result, floor, args.workers, args.clients, args.seconds))


if __name__ == "__main__":
    main()
