"""The engine floor: how fast SpiffWorkflow alone completes user tasks in memory, on one core.

Three rows for the same process (tests/fixtures/lus.bpmn: one user task in a loop, a new case every 100 steps):
SpiffWorkflow alone; SpiffWorkflow with its own full JSON round trip per step (what a
naive store does); and procesregie's stored form (spec left out, finished history pruned)
per step. Run:

    python tests/benchmarks/engine_floor.py [--steps 3000]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from engine import bpmn

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lus.bpmn"
CASE_LENGTH = 100


def run(definition: bpmn.ProcessDefinition, steps: int, round_trip: str | None) -> tuple[float, int]:
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
    workflow: BpmnWorkflow
    size = 0
    started = time.perf_counter()
    for n in range(steps):
        if n % CASE_LENGTH == 0:  # a new case every 100 steps: SpiffWorkflow alone stalls at tree depth 1000
            workflow = bpmn.new_workflow(definition, {})
            workflow.do_engine_steps()
        if round_trip == "spiff":
            text = serializer.serialize_json(workflow)
            size = len(text)
            workflow = serializer.deserialize_json(text)
            workflow.script_engine = bpmn.SCRIPT_ENGINE
        elif round_trip == "procesregie":
            text = bpmn.dump_state(workflow)
            size = len(text)
            workflow = bpmn.load_state(text, definition)
        [task] = bpmn.human_tasks(workflow)
        task.data.update({"doorgaan": n % CASE_LENGTH < CASE_LENGTH - 1, "notitie": None})
        task.run()
        workflow.do_engine_steps()
    return steps / (time.perf_counter() - started), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=3000)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})  # one core, as the comparison asks
    [definition] = bpmn.parse_definitions({"lus.bpmn": FIXTURE.read_bytes()})
    print(f"machine: {os.cpu_count()} cores (pinned to 1), {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"{'variant':<48} {'steps/s':>9} {'state bytes at end':>19}")
    for label, round_trip, steps in (("SpiffWorkflow in memory", None, args.steps),
                                     ("SpiffWorkflow + its JSON round trip per step", "spiff", min(args.steps, 600)),
                                     ("procesregie stored state round trip per step", "procesregie", args.steps)):
        rate, size = run(definition, steps, round_trip)
        print(f"{label:<48} {rate:>9.0f} {size:>19}")


if __name__ == "__main__":
    main()
