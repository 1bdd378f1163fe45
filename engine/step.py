"""The pure step: advance a case's workflow by one action and report what changed.

A step knows nothing of the database. It takes a process definition, the workflow
restored from the case's state and one action (begin, complete a task, deliver a
message, fire due timers, cancel), runs the engine to the next wait and returns a
:class:`Step`: the user tasks that became ready, those that were withdrawn, the timers
that fired, whether and how the case ended, and when its next timer is due.

The engine stores what a step returns (:mod:`engine.store`); the process walks in the
tests drive the same function in memory, so both follow one set of rules.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import bpmn, expressions
from .errors import Conflict, ProcessError, TaskNotReady
from .outcomes import End


@dataclass(frozen=True)
class Begin:
    """Run a new case from its start event to its first wait."""


@dataclass(frozen=True)
class CompleteTask:
    """Complete a ready user task with the submitted form data (validated by the step)."""

    task_id: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class DeliverMessage:
    """Deliver a message the case waits for; its payload lands in the case data under its name."""

    name: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class FireTimers:
    """Let the timers that are due fire."""


@dataclass(frozen=True)
class Cancel:
    """End the case before its process ends."""


Action = Begin | CompleteTask | DeliverMessage | FireTimers | Cancel

KINDS: dict[type[Action], str] = {
    Begin: "begin",
    CompleteTask: "complete",
    DeliverMessage: "message",
    FireTimers: "timers",
    Cancel: "cancel",
}
"""The name of each kind of action, as observers of steps are told it."""

StepObserver = Callable[[str, float], None]
_observers: list[StepObserver] = []


def observe_steps(observer: StepObserver) -> None:
    """Call ``observer(kind, seconds)`` after every step that returns (not after one that raises).

    The engine measures; what is done with the measurement (the service's Prometheus histogram,
    api/metrics.py) is the caller's. Registering the same observer twice registers it once.
    """
    if observer not in _observers:
        _observers.append(observer)


@dataclass(frozen=True)
class ReadyTask:
    """A user task that became ready in this step."""

    id: str
    info: bpmn.HumanTaskInfo
    assignee: str | None
    name: str = ""
    """The task's name in the work queue: its element's, with the item of a multi-instance task
    (``Gezinslid horen (partner)``)."""


@dataclass(frozen=True)
class FiredTimer:
    task_id: str
    element_id: str
    name: str
    due_at: dt.datetime | None = None
    """When it was due to fire (a cycle: this firing); None when the workflow did not say."""

    def late_seconds(self, at: dt.datetime) -> float | None:
        """How late it fired at ``at``: seconds after its due time, to the millisecond."""
        return None if self.due_at is None else max(0.0, round((at - self.due_at).total_seconds(), 3))


@dataclass(frozen=True)
class CompletedTask:
    """The task a :class:`CompleteTask` completed, with the values as validated."""

    id: str
    info: bpmn.HumanTaskInfo
    values: dict[str, Any]


@dataclass
class Step:
    """What one action changed in a case's workflow."""

    workflow: bpmn.Workflow
    new_tasks: list[ReadyTask] = field(default_factory=list)
    kept_task_ids: set[str] = field(default_factory=set)
    """Tasks that were ready before the step and still are."""
    withdrawn_task_ids: set[str] = field(default_factory=set)
    """Tasks that were ready before the step and no longer are, other than the one completed."""
    timers_fired: list[FiredTimer] = field(default_factory=list)
    completed: CompletedTask | None = None
    message_event: str | None = None
    """The name of the event that received a delivered message."""
    message_payload: dict[str, Any] | None = None
    """The delivered message's payload, as validated against the fields its message declares."""
    data: dict[str, Any] | None = None
    """The case's data after the step: each variable as a task of any branch last set it
    (:func:`engine.bpmn.case_data`)."""
    ended: bool = False
    end: End | None = None
    """The end event that ended the case (its main flow's, never an escalation branch's); None while
    it runs and when it was cancelled."""
    next_timer_at: dt.datetime | None = None

    @property
    def outcome(self) -> str | None:
        """The name of the end event that ended the case."""
        return self.end.name if self.end else None


def begin(definition: bpmn.ProcessDefinition, data: Mapping[str, Any]) -> Step:
    """The first step of a new case with its start data."""
    return advance(definition, bpmn.new_workflow(definition, data), Begin())


def advance(definition: bpmn.ProcessDefinition, workflow: bpmn.Workflow, action: Action) -> Step:
    """Apply one action to a workflow and run it to its next wait; tell the step observers how long it took.

    Raises:
        TaskNotReady: the task to complete is not ready (done, withdrawn or unknown).
        InvalidInput: the submitted data does not fit the task's form, or a message's payload the
            fields its message declares.
        Conflict: the case does not wait for the message.
        ProcessError: the model failed while running; the workflow must then be discarded.
    """
    started = time.perf_counter()
    step = _advance(definition, workflow, action)
    if _observers:
        seconds = time.perf_counter() - started
        for observer in _observers:
            observer(KINDS[type(action)], seconds)
    return step


def _advance(definition: bpmn.ProcessDefinition, workflow: bpmn.Workflow, action: Action) -> Step:
    ready_before = {str(t.id) for t in bpmn.human_tasks(workflow)}
    timers_before = [
        (t, bpmn.cycle_left(t), bpmn.timer_due(t)) for t in bpmn.waiting_events(workflow) if bpmn.is_timer(t)
    ]
    step = Step(workflow)
    act = _act(definition, workflow, action, step)
    acted = bpmn.get_task(workflow, step.completed.id) if step.completed else None
    bpmn.run(workflow, act, acted)
    ready = {str(t.id): t for t in bpmn.human_tasks(workflow)}
    for timer, left, due in timers_before:
        # A cycle fires once per count it used up (its task completes after the last firing); the due
        # time read before the step is that of its first firing in this step.
        fired = int(bpmn.timer_fired(timer)) if left is None else left - (bpmn.cycle_left(timer) or 0)
        element, name = bpmn.timer_element(timer)
        step.timers_fired += [
            FiredTimer(str(timer.id), element, name, due if i == 0 else None) for i in range(fired)
        ]
    acted = {step.completed.id} if step.completed else set()
    step.withdrawn_task_ids = ready_before - set(ready) - acted
    step.kept_task_ids = ready_before & set(ready)
    for task_id in sorted(set(ready) - ready_before, key=lambda i: bpmn.element_id(ready[i])):
        info = definition.task_info(ready[task_id].task_spec)
        item = bpmn.instance_item(ready[task_id])
        name = f"{info.name} ({item})" if item else info.name
        step.new_tasks.append(ReadyTask(task_id, info, _assignee(info, ready[task_id]), name))
    step.data = {k: v for k, v in bpmn.case_data(workflow).items() if _is_case_data(k)}
    step.ended = workflow.is_completed()
    step.end = bpmn.outcome(workflow) if step.ended and not isinstance(action, Cancel) else None
    if step.ended and not isinstance(action, Cancel) and step.end is None:
        # Never record a case as completed that reached no end event (docs/modelling.md).
        raise ProcessError("process", "the process finished without reaching an end event")
    step.next_timer_at = None if step.ended else next_timer(workflow)
    return step


def _act(
    definition: bpmn.ProcessDefinition, workflow: bpmn.Workflow, action: Action, step: Step
) -> Callable[[], object]:
    """Check the action against the workflow and return what does it."""
    if isinstance(action, Begin):
        return lambda: None
    if isinstance(action, CompleteTask):
        task = bpmn.get_task(workflow, action.task_id)
        if task is None or not bpmn.is_ready(task):
            raise TaskNotReady(action.task_id, bpmn.state_name(task))
        info = definition.task_info(task.task_spec)
        values = info.form.validate(dict(action.data))
        step.completed = CompletedTask(action.task_id, info, values)
        return lambda: bpmn.complete(task, values)
    if isinstance(action, DeliverMessage):
        catcher = bpmn.message_catcher(workflow, action.name)
        if catcher is None:
            raise Conflict(f"the case is not waiting for message '{action.name}'")
        form = definition.message_forms.get(action.name)
        payload = form.validate(dict(action.payload)) if form is not None else dict(action.payload)
        step.message_event, step.message_payload = catcher, payload
        return lambda: bpmn.send_message(workflow, action.name, payload)
    if isinstance(action, FireTimers):
        return lambda: workflow.refresh_timers()
    return lambda: workflow.cancel()


def next_timer(workflow: bpmn.Workflow) -> dt.datetime | None:
    """When the earliest timer the workflow waits for is due."""
    due = [d for t in bpmn.waiting_events(workflow) if bpmn.is_timer(t) and (d := bpmn.timer_due(t))]
    return min(due) if due else None


def _is_case_data(key: str) -> bool:
    return not key.startswith("_") and key != "data_objects"


def _assignee(info: bpmn.HumanTaskInfo, task: bpmn.WorkflowTask) -> str | None:
    """The task's ``camunda:assignee``: a user name, or an expression over the case data."""
    if not info.assignee:
        return None
    text = info.assignee.strip()
    if text.startswith(("${", "#{", "=")):
        try:
            return str(expressions.evaluate(text, task.data))
        except expressions.ExpressionError:
            return None
    return text
