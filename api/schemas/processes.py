from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
    organisatie: str | None = Field(
        default=None, description="the organisation that holds the work of its lane (lane property)"
    )
    roles: list[str] = Field(description="roles that may claim and complete the task")
    assignee: str | None
    form: list[FormFieldRead]


class LaneRead(BaseModel):
    name: str
    role: str | None
    organisatie: str | None = Field(
        default=None,
        description="the organisation that holds the lane's work: sociale_dienst, sw_bedrijf, "
        "werkgeversservicepunt or re_integratiebedrijf; null when the designer named none",
    )


class ProcessRead(BaseModel):
    id: str
    name: str
    phase: str | None
    version: int = Field(description="version number of this process, 1 for the first")
    version_hash: str = Field(description="content hash of the BPMN files of this version")
    roles: list[str]
    deployed_at: dt.datetime
    deployed_by: str
    retired_at: dt.datetime | None = Field(
        description="since when no new cases start on this version (running cases go on); null: in use"
    )

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
            retired_at=version.retired_at,
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


class VersionChangeCreate(BaseModel):
    reason: str = Field(max_length=500, description="why; kept with the change for the auditor")


class VersionChangeRead(BaseModel):
    """A rollback, retirement or case migration: who, when, why."""

    model_config = ConfigDict(from_attributes=True)

    at: dt.datetime
    actor: str
    process_id: str
    version: int = Field(validation_alias="number", description="the version the change is about")
    action: str = Field(description="rolled_back, retired or cases_migrated")
    reason: str
    data: dict[str, Any] = Field(
        description="rolled_back: previous and retired versions; retired: the version now in use; "
        "cases_migrated: from_version and the numbers migrated and refused"
    )


class MigrationCreate(BaseModel):
    from_version: int = Field(ge=1, le=2**31 - 1, description="the version whose running cases move")
    to_version: int = Field(ge=1, le=2**31 - 1, description="the version they move to")
    dry_run: bool = Field(default=False, description="only say what would happen; change nothing")
    reason: str = Field(default="", max_length=500, description="why; in each moved case's history")


class MigrationRefusalRead(BaseModel):
    element: str | None = Field(description="the element a refused case waits at")
    message: str
    cases: int


class MigrationRead(BaseModel):
    process_id: str
    from_version: int
    to_version: int
    dry_run: bool
    cases: int = Field(description="running cases on from_version")
    migrated: int = Field(description="cases moved (dry_run: that would move)")
    refused: list[MigrationRefusalRead] = Field(description="cases that stay, by reason")

    @classmethod
    def of(cls, migration: Any) -> MigrationRead:
        reasons: dict[tuple[str | None, str], int] = {}
        for case in migration.cases:
            if not case.migrated:
                key = (case.element, case.refusal or "")
                reasons[key] = reasons.get(key, 0) + 1
        return cls(
            process_id=migration.process_id,
            from_version=migration.from_number,
            to_version=migration.to_number,
            dry_run=migration.dry_run,
            cases=len(migration.cases),
            migrated=migration.migrated,
            refused=[MigrationRefusalRead(element=e, message=m, cases=n) for (e, m), n in reasons.items()],
        )


class VersionChangeItem(BaseModel):
    kind: str = Field(description="element, flow, field (a form field: element.field) or condition")
    id: str
    change: str = Field(description="added, removed or changed")
    name: str
    before: str | None
    after: str | None


class VersionDiffRead(BaseModel):
    process_id: str
    version: int
    other: int
    elements: list[VersionChangeItem]
    flows: list[VersionChangeItem]
    fields: list[VersionChangeItem]
    conditions: list[VersionChangeItem]

    @classmethod
    def of(cls, diff: Any) -> VersionDiffRead:
        def items(kind: str) -> list[VersionChangeItem]:
            return [VersionChangeItem(**vars(c)) for c in diff.of(kind)]

        return cls(
            process_id=diff.process_id,
            version=diff.a,
            other=diff.b,
            elements=items("element"),
            flows=items("flow"),
            fields=items("field"),
            conditions=items("condition"),
        )
