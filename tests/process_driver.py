"""Drive processes on the real engine (in memory) and measure gateway branch coverage.

A walk starts a case with generated start data and a gemeente's policy profile, then
repeatedly completes the first ready user task with valid random form data, delivers
awaited messages, and fires timers by moving the clock past their due time (also,
now and then, while a task is still open, so escalation paths run). Each pair
(diverging gateway, next element) that a walk takes is one covered branch.

    python -m tests.process_driver processes/1-aanvraag-en-recht/*.bpmn

prints coverage per file and exits non-zero when a walk fails, stalls, or a branch
is never taken.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import time_machine
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from engine import bpmn
from engine import step as steps
from engine.forms import Form, FormField
from engine.profiles import Profile, Profiles
from engine.vocabulary import BPMN_NS, NS

ROOT = Path(__file__).resolve().parent.parent
PROFILES = Profiles.load(ROOT / "processes" / "profielen").all() or [
    Profile(gemeente="standaard", naam="Standaard")
]


def value(f: FormField, rng: random.Random) -> Any:
    """A valid random value for a form field."""
    if f.type == "enum":
        return rng.choice(f.options)[0]
    if f.type == "boolean":
        return rng.random() < 0.5
    if f.type in ("long", "bedrag"):  # an amount as whole euros: walks take the routes they took as long
        low = f.min if f.min is not None else 0
        high = f.max if f.max is not None else low + 80
        whole = rng.choice([low, high, rng.randint(low, high)])
        return float(whole) if f.type == "bedrag" else whole
    if f.type == "date":
        return (dt.date(2026, 11, 23) + dt.timedelta(days=rng.randint(-60, 60))).isoformat()
    text = "Toelichting bij de beoordeling"[: f.maxlength or None]
    return text.ljust(f.minlength or 0, ".")


def fill(form: Form, rng: random.Random) -> dict[str, Any]:
    """Valid random form data, as a user would submit it (the engine validates it)."""
    return {f.id: value(f, rng) for f in form.fields if f.required or rng.random() < 0.7}


def payload(definition: bpmn.ProcessDefinition, name: str, rng: random.Random) -> dict[str, Any]:
    """A valid random payload for a message: its declared fields filled as a form, else nothing."""
    form = definition.message_forms.get(name)
    return fill(form, rng) if form is not None else {}


def branches(xml: bytes) -> set[tuple[str, str]]:
    """(gateway, target) of every outgoing flow of every diverging gateway."""
    root = etree.fromstring(xml)
    found = set()
    for gateway in root.xpath(
        "//bpmn:exclusiveGateway | //bpmn:parallelGateway | //bpmn:inclusiveGateway", namespaces=NS
    ):
        flows = root.xpath("//bpmn:sequenceFlow[@sourceRef=$gid]", namespaces=NS, gid=gateway.get("id"))
        if len(flows) > 1:
            found.update((gateway.get("id"), f.get("targetRef")) for f in flows)
    return found


@dataclass
class Walk:
    outcome: str | None = None
    outcome_type: str | None = None
    """The uitkomst of the end event that ended the case (the engine's rule: never an escalation's)."""
    taken: set[tuple[str, str]] = field(default_factory=set)
    steps: int = 0


SPIFFWORKFLOW = BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG)


def tasks_as_spiffworkflow_converts_them(workflow: BpmnWorkflow) -> None:
    """The engine's conversion of the tasks of a case's workflow and of each of its subprocesses for
    the stored state (engine.bpmn.tasks_to_dict) gives what SpiffWorkflow's own gives, task by task."""
    for wf in [workflow, *workflow.subprocesses.values()]:
        expected = {str(task_id): SPIFFWORKFLOW.convert(task) for task_id, task in wf.tasks.items()}
        assert bpmn.tasks_to_dict(SPIFFWORKFLOW, wf.tasks) == expected


def walk(
    definition: bpmn.ProcessDefinition, profile: Profile, rng: random.Random, max_steps: int = 120
) -> Walk:
    """One case from start to an end event; raises AssertionError when it stalls or runs too long."""
    result = Walk()
    start = definition.start_form
    data: dict[str, Any] = {**start.validate(fill(start, rng)), "profiel": profile.model_dump()}
    if definition.properties.get("plafond"):
        data["plafond_bereikt"] = rng.random() < 0.3
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, data)
        while not step.ended:
            result.steps += 1
            assert result.steps <= max_steps, f"no end event after {max_steps} steps"
            result.taken |= bpmn.taken_branches(step.workflow)
            # Every step goes through a save and restore, as a step of a stored case does.
            tasks_as_spiffworkflow_converts_them(step.workflow)
            workflow = bpmn.load_state(bpmn.dump_state(step.workflow), definition)
            ready = bpmn.human_tasks(workflow)
            waiting = bpmn.waiting_events(workflow)
            timers = [t for t in waiting if bpmn.is_timer(t)]
            messages = [t for t in waiting if bpmn.is_message(t)]
            action: steps.Action
            if ready and not (timers and rng.random() < 0.15):
                task = ready[0]
                form = definition.task_info(task.task_spec).form
                action = steps.CompleteTask(str(task.id), fill(form, rng))
            elif messages and (not timers or rng.random() < 0.5):
                name = rng.choice(sorted(bpmn.message_names(rng.choice(messages))))
                action = steps.DeliverMessage(name, payload(definition, name, rng))
            elif timers:
                due = steps.next_timer(workflow)
                assert due is not None, "a timer without a due date"
                clock.move_to(max(due, dt.datetime.now(dt.UTC)) + dt.timedelta(minutes=1))
                action = steps.FireTimers()
            else:
                raise AssertionError("stalled: no ready task, message or timer")
            step = steps.advance(definition, workflow, action)
        result.taken |= bpmn.taken_branches(step.workflow)
    result.outcome = step.outcome
    result.outcome_type = step.end.type if step.end else None
    return result


@dataclass
class Route:
    """What one case did: its user tasks in order, with the role of each, and the timers it waited on."""

    tasks: list[str] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)
    timers: list[dt.datetime] = field(default_factory=list)
    outcome: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    """The case data at the end."""


def drive(
    definition: bpmn.ProcessDefinition,
    profile: Profile,
    start: Mapping[str, Any],
    answers: Mapping[str, Mapping[str, Any]],
    seed: str = "route",
    max_tasks: int = 40,
) -> Route:
    """One case of the process: every task gets valid data plus its ``answers`` (by element id; a
    message's by its name).

    A task is done as soon as it is ready, before its deadline; an awaited message is delivered
    (and noted in the route); when the case waits only on a timer, the clock moves past it (and the
    moment it was due is noted).
    """
    rng = random.Random(seed)
    data = definition.start_form.validate({**fill(definition.start_form, rng), **start})
    route = Route()
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, {**data, "profiel": profile.model_dump()})
        while not step.ended:
            ready = bpmn.human_tasks(step.workflow)
            messages = [e for e in bpmn.waiting_events(step.workflow) if bpmn.is_message(e)]
            if not ready and messages:
                name = sorted(bpmn.message_names(messages[0]))[0]
                route.tasks.append(f"bericht {name}")
                route.roles.append(None)
                action = steps.DeliverMessage(
                    name, {**payload(definition, name, rng), **answers.get(name, {})}
                )
                step = steps.advance(definition, step.workflow, action)
                continue
            if not ready:
                due = steps.next_timer(step.workflow)
                assert due is not None, f"{definition.file}: the case waits on neither a task nor a timer"
                route.timers.append(due)
                clock.move_to(max(due, dt.datetime.now(dt.UTC)) + dt.timedelta(minutes=1))
                step = steps.advance(definition, step.workflow, steps.FireTimers())
                continue
            task = ready[0]
            element = bpmn.element_id(task)
            info = definition.task_info(task.task_spec)
            route.tasks.append(element)
            route.roles.append(info.role)
            values = {**fill(info.form, rng), **answers.get(element, {})}
            step = steps.advance(definition, step.workflow, steps.CompleteTask(str(task.id), values))
            assert len(route.tasks) < max_tasks, f"{definition.file}: no end after {route.tasks}"
    route.outcome = step.outcome
    route.data = dict(step.data or {})
    return route


@dataclass
class Coverage:
    file: str
    total: set[tuple[str, str]]
    taken: set[tuple[str, str]] = field(default_factory=set)
    outcomes: set[str | None] = field(default_factory=set)
    outcome_types: set[str | None] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)

    @property
    def missing(self) -> set[tuple[str, str]]:
        return self.total - self.taken


def _owners() -> dict[str, Path]:
    """Which file under processes/ defines each process id, to resolve call activities."""
    owners = {}
    for file in (ROOT / "processes").rglob("*.bpmn"):
        for process in etree.fromstring(file.read_bytes()).iterfind(f"{{{BPMN_NS}}}process"):
            owners[process.get("id", "")] = file
    return owners


def load(path: Path) -> bpmn.ProcessDefinition:
    """The definition of the process in a file; called processes come from processes/."""
    owners = _owners()

    def resolve(process_id: str) -> dict[str, bytes] | None:
        return {owners[process_id].name: owners[process_id].read_bytes()} if process_id in owners else None

    [definition] = [
        d for d in bpmn.parse_definitions({path.name: path.read_bytes()}, resolve) if d.file == path.name
    ]
    return definition


def cover(path: Path, walks: int = 600, seed: str = "procesregie") -> Coverage:
    """Walk a process until every branch is taken or ``walks`` runs are done (the aanvraag reaches its
    besluit only past five checks and the klant's message: 150 walks never took its afwijzen)."""
    xml = path.read_bytes()
    definition = load(path)
    result = Coverage(path.name, branches(xml))
    for n in range(walks):
        rng = random.Random(f"{seed}-{path.stem}-{n}")
        try:
            done = walk(definition, PROFILES[n % len(PROFILES)], rng)
        except Exception as err:  # report every failing walk, not only the first
            result.errors.append(f"walk {n}: {type(err).__name__}: {err}")
            continue
        result.taken |= done.taken
        result.outcomes.add(done.outcome)
        result.outcome_types.add(done.outcome_type)
        if not result.missing and n >= 5:
            break
    return result


def main(paths: Iterable[str]) -> int:
    failed = False
    for path in map(Path, paths):
        result = cover(path)
        share = len(result.taken & result.total) / len(result.total) if result.total else 1.0
        print(
            f"{path}: branches {len(result.taken & result.total)}/{len(result.total)} ({share:.0%}), "
            f"outcomes {sorted(o or '?' for o in result.outcomes)}, "
            f"types {sorted(t or '?' for t in result.outcome_types)}"
        )
        for gateway, target in sorted(result.missing):
            print(f"  never taken: {gateway} -> {target}")
        for error in result.errors[:5]:
            print(f"  {error}")
        failed |= bool(result.missing or result.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
