from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from engine.vocabulary import Role, TaskStatus

from . import Data
from .processes import FormFieldRead


class TaskRead(BaseModel):
    id: str
    case_id: str
    process_id: str
    gemeente: str
    element_id: str
    name: str
    role: Role | None
    roles: list[Role]
    assignee: str | None
    status: TaskStatus
    claimed_by: str | None
    claimed_at: dt.datetime | None
    ready_at: dt.datetime
    completed_at: dt.datetime | None
    completed_by: str | None

    @classmethod
    def of(cls, task: Any) -> TaskRead:
        return cls(
            id=task.id,
            case_id=task.case_id,
            process_id=task.process_id,
            gemeente=task.gemeente,
            element_id=task.element_id,
            name=task.name,
            role=task.role,
            roles=task.roles,
            assignee=task.assignee,
            status=task.status,
            claimed_by=task.claimed_by,
            claimed_at=task.claimed_at,
            ready_at=task.ready_at,
            completed_at=task.completed_at,
            completed_by=task.completed_by,
        )


class TaskDetail(TaskRead):
    form: list[FormFieldRead] = Field(description="the fields to send when completing the task")


class TaskComplete(BaseModel):
    data: Data = Field(default_factory=dict, description="form values by field id")
