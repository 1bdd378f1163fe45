from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class FormFieldRead(BaseModel):
    id: str
    label: str
    type: str = Field(description="string, long, boolean, date or enum")
    required: bool
    readonly: bool
    default: str | None
    min: int | None
    max: int | None
    minlength: int | None
    maxlength: int | None
    options: list[dict[str, str]] = Field(description="enum values: id and name")


class ProcessTaskRead(BaseModel):
    id: str = Field(description="BPMN element id")
    name: str
    role: str | None = Field(description="role of the task's lane")
    lane: str | None
    roles: list[str] = Field(description="roles that may claim and complete the task")
    assignee: str | None
    form: list[FormFieldRead]


class LaneRead(BaseModel):
    name: str
    role: str | None


class ProcessRead(BaseModel):
    id: str
    name: str
    phase: str | None
    version: int = Field(description="version number of this process, 1 for the first")
    version_hash: str = Field(description="content hash of the BPMN files of this version")
    roles: list[str]
    deployed_at: dt.datetime
    deployed_by: str

    @classmethod
    def of(cls, version: Any) -> ProcessRead:
        return cls(
            id=version.process_id,
            name=version.name,
            phase=version.phase,
            version=version.number,
            version_hash=version.content_hash,
            roles=version.roles,
            deployed_at=version.deployed_at,
            deployed_by=version.deployed_by,
        )


class ProcessDetail(ProcessRead):
    file: str = Field(
        description="the BPMN file of this process; `files` also lists the files of called processes"
    )
    documentation: str
    properties: dict[str, str]
    lanes: list[LaneRead]
    start_form: list[FormFieldRead]
    tasks: list[ProcessTaskRead]
    files: list[str]

    @classmethod
    def of(cls, version: Any) -> ProcessDetail:
        return cls(**ProcessRead.of(version).model_dump(), **version.summary, files=sorted(version.files))


class LintWarningRead(BaseModel):
    file: str
    element: str
    message: str
    severity: str = Field(description="warning, or info (e.g. how a JUEL condition is translated)")
    line: int | None
    column: int | None


class DeploymentRead(BaseModel):
    process: ProcessRead
    created: bool = Field(description="false when this exact version was already deployed")
    warnings: list[LintWarningRead] = Field(
        default=[],
        description="what the designer should know but does not refuse the file: house rules of a file "
        "from elsewhere, Camunda attributes that change nothing here, JUEL conditions as translated",
    )
