"""CPU of the check that lets a waiting date timer follow the variables it reads (ADR 36), per step.

A bezwaar in Oudewater waits with two date timers (the verdaging signal and the beslistermijn); the
check runs for the last four tasks it completed, as after a step, with the case's own data and with
more fields gathered in every task (the same values in each, as a long case carries them). The figure
should not grow with the fields. Run from the project root (the tests' helpers build the case):

    python tests/benchmarks/date_timers.py [--fields 0,100,1000]

PYTHONPATH=<other tree> measures another tree's code with this script.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import time_machine
from SpiffWorkflow.util.task import TaskState

sys.path.append(str(Path(__file__).resolve().parents[2]))  # the tests' helpers, after PYTHONPATH

from engine import bpmn  # noqa: E402
from tests.engine.test_legal_terms import REGISTERED, bezwaar, do  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fields", default="0,100,1000", help="extra fields in every task, per row")
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    for fields in (int(n) for n in args.fields.split(",")):
        with time_machine.travel(REGISTERED, tick=False):
            definition, step = bezwaar("oudewater", "2026-12-01")
            step = do(definition, step, "Task_ontvankelijkheid_beoordelen", {"ontvankelijk": True})
        workflow = step.workflow
        done = [t for t in workflow.tasks.values() if t.state == TaskState.COMPLETED][-4:]
        extra = {f"veld_{i}": {"waarde": i, "tekst": "x" * 20} for i in range(fields)}
        for task in workflow.tasks.values():
            task.data.update(extra)
        timers = sorted(t.task_spec.bpmn_id for t in bpmn.waiting_events(workflow))
        started = time.process_time()
        for _ in range(args.steps):
            bpmn._move_date_timers(workflow, done)
        per_step = (time.process_time() - started) / args.steps * 1e6
        print(f"{fields:>6} extra fields, waiting {', '.join(timers)}: {per_step:.1f} µs CPU per step")


if __name__ == "__main__":
    main()
