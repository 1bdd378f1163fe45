"""What writing a case's state costs per step, part by part, in process on one core (issue #18).

Every step stores the case's workflow (engine.bpmn.dump_state): its finished history pruned, its tasks
turned into dictionaries, the whole written as JSON. This takes the API benchmark's case
(tests/fixtures/overdracht.bpmn) after its first step and times each part, and SpiffWorkflow's own
conversion of the same tasks beside the engine's (engine.bpmn.tasks_to_dict, ADR 1), in CPU
microseconds per step:

    python tests/benchmarks/state_write.py [--repeat 3000]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable

from engine_floor import FIXTURES, FLOWS, pin_to_one_core  # the script's own folder is on sys.path
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from engine import bpmn


def per_call(work: Callable[[], object], repeat: int) -> float:
    """CPU microseconds per call of ``work``, after a tenth as many calls to warm up."""
    for _ in range(repeat // 10):
        work()
    started = time.process_time()
    for _ in range(repeat):
        work()
    return (time.process_time() - started) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3000)
    args = parser.parse_args()
    pin_to_one_core()
    flow = FLOWS["overdracht"]
    [definition] = bpmn.parse_definitions({flow.fixture: (FIXTURES / flow.fixture).read_bytes()})
    workflow = bpmn.new_workflow(definition, flow.start_data)
    workflow.do_engine_steps()
    [task] = bpmn.human_tasks(workflow)
    task.data.update(flow.steps[0])
    task.run()
    workflow.do_engine_steps()
    state = bpmn.dump_state(workflow)
    spiffworkflow = BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG)
    converted = bpmn._REGISTRY.convert(workflow)
    print(
        f"machine: {os.cpu_count()} cores (pinned to 1), {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; the benchmark's case after its first step: "
        f"{len(workflow.tasks)} tasks, {len(state)} bytes of state"
    )
    parts = {
        "prune the finished history": lambda: bpmn.prune(workflow),
        "its tasks, SpiffWorkflow's TaskConverter": lambda: {
            str(task_id): spiffworkflow.convert(t) for task_id, t in workflow.tasks.items()
        },
        "its tasks, engine.bpmn.tasks_to_dict": lambda: bpmn.tasks_to_dict(bpmn._REGISTRY, workflow.tasks),
        "the workflow to dictionaries": lambda: bpmn._REGISTRY.convert(workflow),
        "the dictionaries to JSON": lambda: bpmn._STATE_ENCODER.encode(converted),
        "dump_state (all of the above)": lambda: bpmn.dump_state(workflow),
    }
    print(f"{'part':<44} {'µs per step':>12}")
    for name, work in parts.items():
        print(f"{name:<44} {per_call(work, args.repeat):>12.1f}")


if __name__ == "__main__":
    main()
