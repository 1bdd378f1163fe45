"""The engine floor: how fast SpiffWorkflow alone completes user tasks in memory, on one core
(steps per CPU second: on an idle core, steps per second).

Two flows, each in three variants (SpiffWorkflow alone; SpiffWorkflow with its own full
JSON round trip per step, what a naive store does; procesregie's stored form, spec left
out and finished history pruned, per step):

- ``overdracht``: the API throughput benchmark's flow (tests/fixtures/overdracht.bpmn): a
  case starts with the start form and a policy profile, the werkcoach completes a task, a
  handover follows, the accountmanager completes a task. A new case every two steps.
- ``lus``: a long case (tests/fixtures/lus.bpmn: one user task in a loop), a new case every
  100 steps.

Run:

    python tests/benchmarks/engine_floor.py [--seconds 5]

``api_throughput.py`` runs the overdracht row in the same run to report its ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from engine import bpmn
from engine.profiles import Profiles

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@dataclass(frozen=True)
class Flow:
    fixture: str
    start_data: dict[str, Any]
    steps: list[dict[str, Any]]  # form data of each user task of one case, in order


OVERDRACHT_STEPS = [
    {"matchbaar": True, "kandidaatprofiel": "Orderpicker"},
    {"uitkomst": "geplaatst", "uren_per_week": 32},
]
FLOWS = {
    "overdracht": Flow(
        "overdracht.bpmn",
        {"weken_plan": 12, "profiel": Profiles({}).get("benchmark").model_dump()},
        OVERDRACHT_STEPS,
    ),
    "lus": Flow(
        "lus.bpmn", {}, [{"doorgaan": True, "notitie": None}] * 99 + [{"doorgaan": False, "notitie": None}]
    ),
}
VARIANTS = {
    None: "SpiffWorkflow in memory",
    "spiff": "SpiffWorkflow + its JSON round trip per step",
    "procesregie": "procesregie stored state round trip per step",
}


def run(flow: Flow, seconds: float, round_trip: str | None) -> tuple[float, int]:
    """Steps per CPU second over about ``seconds`` of CPU, and the stored state size at the last step.
    CPU, not wall time: on a shared machine the one core is not this process's alone, and what the
    floor of issue #18 needs is SpiffWorkflow's own CPU per step."""
    [definition] = bpmn.parse_definitions({flow.fixture: (FIXTURES / flow.fixture).read_bytes()})
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
    workflow: BpmnWorkflow
    size = steps = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        workflow = bpmn.new_workflow(definition, flow.start_data)
        workflow.do_engine_steps()
        for data in flow.steps:
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
            task.data.update(data)
            task.run()
            workflow.do_engine_steps()
            steps += 1
        assert workflow.is_completed()
    return steps / (time.process_time() - started), size


def pin_to_one_core() -> None:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5, help="per row")
    parser.add_argument("--flow", choices=sorted(FLOWS), action="append", help="default: all")
    parser.add_argument(
        "--in-memory-only",
        action="store_true",
        help="print only the in-memory steps/s (for api_throughput.py)",
    )
    args = parser.parse_args()
    pin_to_one_core()
    if args.in_memory_only:
        print(f"{run(FLOWS['overdracht'], args.seconds, None)[0]:.1f}")
        return
    print(
        f"machine: {os.cpu_count()} cores (pinned to 1), {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(f"{'flow':<11} {'variant':<46} {'steps/s':>9} {'state bytes':>12}")
    for name in args.flow or sorted(FLOWS, reverse=True):
        for round_trip, label in VARIANTS.items():
            rate, size = run(FLOWS[name], args.seconds, round_trip)
            print(f"{name:<11} {label:<46} {rate:>9.0f} {size or '-':>12}")


if __name__ == "__main__":
    main()
