"""Errors the engine raises; they carry their data as attributes.

The API maps these classes to HTTP status codes in one table (api/errors.py); the
CLI and the timer worker print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class NotFound(EngineError):
    """Something does not exist, or the caller may not see it."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"{kind} '{key}' not found")
        self.kind = kind
        self.key = key


class PermissionDenied(EngineError):
    """The caller's roles do not allow this action."""


class FourEyes(PermissionDenied):
    """A four-eyes task (``vier_ogen``) claimed or completed by whoever did a task it checks."""

    def __init__(self, task_name: str, checked: str, actor: str) -> None:
        super().__init__(
            f"vier ogen: '{task_name}' checks '{checked}', which {actor} did; someone else must do it"
        )
        self.task_name = task_name
        self.checked = checked


class Conflict(EngineError):
    """The action conflicts with the current state of a case or task."""


class TaskNotReady(Conflict):
    def __init__(self, task_id: str, state: str) -> None:
        super().__init__(f"task {task_id} is {state}, not ready")
        self.task_id = task_id
        self.state = state


class TaskClaimed(Conflict):
    def __init__(self, task_id: str, claimed_by: str) -> None:
        super().__init__(f"task {task_id} is claimed by {claimed_by}")
        self.task_id = task_id
        self.claimed_by = claimed_by


class CaseNotRunning(Conflict):
    def __init__(self, case_id: str, status: str) -> None:
        super().__init__(f"case {case_id} is {status}")
        self.case_id = case_id
        self.status = status


class ConcurrentUpdate(Conflict):
    def __init__(self, case_id: str) -> None:
        super().__init__(f"case {case_id} was changed by someone else at the same time; reload and retry")
        self.case_id = case_id


@dataclass
class FieldError:
    """One problem with one submitted field."""

    field: str
    message: str


class InvalidInput(EngineError):
    """Submitted data is not acceptable; each problem names its field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


Severity = Literal["error", "warning", "info"]


@dataclass
class Problem:
    """One reason a BPMN file cannot be deployed, located as file + element (and, once found, the line
    and column where the element's start tag begins, counted from 1)."""

    file: str
    element: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"
    """An error refuses the file; a warning or info line is shown and the file deploys (ADR 24)."""

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.element}: {label}{self.message}"


@dataclass
class ProcessInvalid(EngineError):
    """BPMN files that cannot run on this engine."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ProcessError(EngineError):
    """The process model failed while running (e.g. a condition could not be evaluated)."""

    def __init__(self, element: str, message: str) -> None:
        super().__init__(f"{element}: {message}")
        self.element = element
        self.message = message
