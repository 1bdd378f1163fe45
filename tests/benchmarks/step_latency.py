"""History growth: the latency of one step and the stored state as a case completes more tasks.

One step = one transaction as the API runs it: load the case, complete its user task
with form data, run the engine, record audit events, save, commit. Run:

    python tests/benchmarks/step_latency.py [--postgres URL] [--points 0,10,100,1000,5000] [--samples 50]

Prints, per database and per number of completed tasks, the median and p95 step time,
the median first step of a new case timed alternately with it ("fresh"), their ratio, and
the stored state size of the case. Not part of the pytest run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from benchdb import empty  # the script's own folder is on sys.path
from sqlalchemy import select

from engine import cases, migrate, processes, tasks, users
from engine.db import make_engine, make_sessionmaker, transaction
from engine.models import Case, CaseTask
from engine.processes import DefinitionCache
from engine.profiles import Profiles

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lus.bpmn"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def run(url: str, points: list[int], samples: int) -> list[tuple[int, float, float, float, int]]:
    """Per point: median and p95 ms of a step of the grown case, median ms of a fresh case's first step,
    state bytes.

    Each sample times a step of the grown case and, right after it, the first step of a new
    case, so that the ratio between them does not depend on how fast the shared machine
    happens to be at that moment.
    """
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    cache = DefinitionCache()
    with transaction(factory) as session:
        processes.deploy(session, cache, {"lus.bpmn": FIXTURE.read_bytes()})
        user, _ = users.add_user(session, f"bench-{time.time_ns()}", ["werkcoach"], ["benchmark"])
        actor = users.actor_of(user)

    def new_case() -> str:
        with transaction(factory) as session:
            return cases.start_case(
                session, cache, Profiles({}), actor, "voortgang_lus", "benchmark", "B-1", {}
            ).id

    def step(case_id: str) -> float:
        started = time.perf_counter()
        with transaction(factory) as session:
            task_id = session.scalar(
                select(CaseTask.id).where(CaseTask.case_id == case_id, CaseTask.status == "ready")
            )
            tasks.complete_task(
                session, cache, actor, task_id, {"doorgaan": True, "notitie": "voortgangsgesprek gevoerd"}
            )
        return time.perf_counter() - started

    grown, results, done = new_case(), [], 0
    for point in points:
        while done < point:
            step(grown)
            done += 1
        timings, fresh = [], []
        for _ in range(samples):
            timings.append(step(grown))
            fresh.append(step(new_case()))
        done += samples
        with transaction(factory) as session:
            size = len(session.get(Case, grown).state)
        results.append(
            (
                point,
                statistics.median(timings) * 1000,
                statistics.quantiles(timings, n=20)[18] * 1000,
                statistics.median(fresh) * 1000,
                size,
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("PROCESREGIE_TEST_DATABASE_URL"))
    parser.add_argument("--points", default="0,10,100,1000,5000")
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    points = [int(p) for p in args.points.split(",")]
    databases = {"SQLite": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"}
    if args.postgres:
        empty(args.postgres)
        databases["PostgreSQL"] = args.postgres
    print(f"machine: {machine()}")
    print(
        f"{'database':<11} {'completed':>9} {'median ms':>10} {'p95 ms':>8} {'fresh ms':>9} {'x fresh':>8}"
        f" {'state bytes':>12}"
    )
    for name, url in databases.items():
        for point, median, p95, fresh, size in run(url, points, args.samples):
            print(
                f"{name:<11} {point:>9} {median:>10.2f} {p95:>8.2f} {fresh:>9.2f} {median / fresh:>8.2f}"
                f" {size:>12}"
            )


if __name__ == "__main__":
    main()
