"""Engine-level cost of one start, claim and completion, in process: no HTTP, no other threads.

Drives the API benchmark's flow (tests/fixtures/overdracht.bpmn, see engine_floor.py) through
the engine functions the endpoints call, each in its own transaction as a request has it,
and prints per operation the client CPU (this process only; the database's own CPU is not
counted) and the statements sent, counted at the cursor. Run, with URL for example
postgresql+psycopg://postgres@127.0.0.1/procesregie_scratch:

    python tests/benchmarks/request_cost.py --database URL [--cases 300]

CPU seconds follow the shared machine's speed. For a figure that does not, count
instructions with valgrind at two sizes and divide the difference by the completions
between them (2 per case):

    callgrind="valgrind --tool=callgrind --callgrind-out-file=/dev/null"
    $callgrind python tests/benchmarks/request_cost.py --database URL --cases 5
    $callgrind python tests/benchmarks/request_cost.py --database URL --cases 25
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from benchdb import empty  # the script's own folder is on sys.path
from engine_floor import FIXTURES, OVERDRACHT_STEPS
from sqlalchemy import event
from sqlalchemy.orm import Session
from step_latency import machine

from engine import cases, processes, tasks, users
from engine.db import make_engine, make_sessionmaker, transaction
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.workflow_cache import DEFAULT_SIZE

WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="emptied and migrated first")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument(
        "--keep-workflows",
        type=int,
        default=DEFAULT_SIZE,
        help="cases whose workflow the worker keeps between steps (engine/workflow_cache.py); 0: none, "
        "every step restores from the stored state, as a step on another worker than the last does",
    )
    args = parser.parse_args()
    empty(args.database)
    engine = make_engine(args.database)
    factory, profiles = make_sessionmaker(engine), Profiles({})
    cache = DefinitionCache(args.keep_workflows)
    with transaction(factory) as session:
        processes.deploy(session, cache, {"overdracht.bpmn": (FIXTURES / "overdracht.bpmn").read_bytes()})
        actor = users.actor_of(
            users.add_user(session, "bench", ["werkcoach", "accountmanager"], ["benchmark"])[0]
        )

    operation = ["-"]
    cpu: Counter[str] = Counter()
    count: Counter[str] = Counter()
    statements: Counter[str] = Counter()
    event.listen(engine, "before_cursor_execute", lambda *_: statements.update([operation[0]]))

    def timed(name: str, act: Callable[[Session], Any]) -> Any:
        operation[0] = name
        started = time.process_time()
        with transaction(factory) as session:
            result = act(session)
        cpu[name] += time.process_time() - started
        count[name] += 1
        return result

    def one_case() -> None:
        case = timed(
            "start",
            lambda s: cases.start_case(
                s, cache, profiles, actor, "overdracht_test", "benchmark", "B", {"weken_plan": 12}
            ),
        )
        task_id = case.open_tasks[0].id
        for data in OVERDRACHT_STEPS:
            timed("claim", lambda s, task_id=task_id: tasks.claim_task(s, cache, actor, task_id))
            case = timed(
                "complete",
                lambda s, task_id=task_id, data=data: tasks.complete_task(s, cache, actor, task_id, data),
            )
            task_id = case.open_tasks[0].id if case.open_tasks else None

    for _ in range(WARM_UP):
        one_case()
    cpu.clear(), count.clear(), statements.clear()
    for _ in range(args.cases):
        one_case()
    print(
        f"machine: {machine()}; database: {args.database.split('://')[0]}; "
        f"{args.cases} cases after {WARM_UP} to warm up"
    )
    print(f"{'operation':<10} {'CPU ms':>7} {'statements':>11}")
    for name in ("start", "claim", "complete"):
        print(f"{name:<10} {cpu[name] / count[name] * 1000:>7.2f} {statements[name] / count[name]:>11.1f}")
    print(
        "per completion (a case is a start, two claims and two completions): "
        f"{cpu.total() / (2 * args.cases) * 1000:.2f} ms CPU"
    )
    kept = cache.workflows
    print(
        f"workflows taken from the worker's cache: {kept.hits} of {kept.hits + kept.misses} steps"
        f" (--keep-workflows {kept.size}; one worker has every step of a case here)"
    )


if __name__ == "__main__":
    main()
