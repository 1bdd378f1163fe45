"""The bodies of the Camunda 7 REST API subset (``/engine-rest``), in Camunda's own field names (ADR 22).

procesregie's words map onto Camunda's: a process version is a process definition (id
``key:version:hash``), a case a process instance (its client reference the business key, its
gemeente the tenant), a role a candidate group, the user who has a task claimed its assignee.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import BaseModel, Field

from engine.errors import FieldError, InvalidInput
from engine.models import Case, CaseTask, Deployment, ProcessVersion, Version
from engine.vocabulary import CaseStatus, TaskStatus

from . import MAX_DATA_FIELDS

CAMUNDA_VERSION = "7.24.0"
"""The Camunda 7 REST API version whose subset is served: the last of Camunda 7 Community."""

HASH_LENGTH = 12
"""Hex digits of a version's content hash in its definition id."""

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%f%z"


def camunda_time(moment: dt.datetime | None) -> str | None:
    """A time as Camunda writes it: ``2026-12-05T21:30:00.000+0000``."""
    if moment is None:
        return None
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def millis(start: dt.datetime | None, end: dt.datetime | None) -> int | None:
    return None if start is None or end is None else int((end - start).total_seconds() * 1000)


def definition_id(version: ProcessVersion | Version) -> str:
    """A version's process definition id: ``key:version:hash``, as Camunda's ``key:version:uuid``."""
    return f"{version.process_id}:{version.number}:{version.content_hash[:HASH_LENGTH]}"


class Link(BaseModel):
    method: str = "GET"
    href: str
    rel: str = "self"


class VersionRead(BaseModel):
    version: str = Field(examples=[CAMUNDA_VERSION])


class Variable(BaseModel):
    """A variable in Camunda's typed form: ``{"value": "ja", "type": "String"}``."""

    value: Any = None
    type: str | None = Field(
        None, description="String, Boolean, Integer, Long, Short, Double, Date, Json or Null"
    )
    valueInfo: dict[str, Any] | None = None


Variables = dict[str, Variable]

_NUMBERS: dict[str, type | tuple[type, ...]] = {
    "Integer": int,
    "Long": int,
    "Short": int,
    "Double": (int, float),
}


def plain_values(variables: Variables | None, where: str = "variables") -> dict[str, Any]:
    """The values of typed variables, as the forms take them (a Date becomes its day).

    Raises:
        InvalidInput: naming each variable whose type is unknown or whose value does not fit its type.
    """
    variables = variables or {}
    if len(variables) > MAX_DATA_FIELDS:
        raise InvalidInput([FieldError(where, f"send at most {MAX_DATA_FIELDS} variables")])
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, variable in variables.items():
        kind, value = (variable.type or "").capitalize(), variable.value
        try:
            values[name] = _plain(kind, value)
        except (TypeError, ValueError) as err:
            errors.append(FieldError(f"{where}.{name}", str(err)))
    if errors:
        raise InvalidInput(errors)
    return values


def _plain(kind: str, value: Any) -> Any:
    if kind == "":
        return value
    if kind == "Null":
        return None
    if kind == "String":
        if not isinstance(value, str):
            raise TypeError("a String needs a text value")
        return value
    if kind == "Boolean":
        if not isinstance(value, bool):
            raise TypeError("a Boolean needs true or false")
        return value
    if kind in _NUMBERS:
        if isinstance(value, bool) or not isinstance(value, _NUMBERS[kind]):
            raise TypeError(f"a {kind} needs a number")
        return value
    if kind == "Date":
        if not isinstance(value, str):
            raise TypeError("a Date needs a text value like 2026-11-23T00:00:00.000+0100")
        try:
            return dt.datetime.strptime(value, DATE_FORMAT).date().isoformat()
        except ValueError:
            return dt.date.fromisoformat(value).isoformat()
    if kind == "Json":
        return json.loads(value) if isinstance(value, str) else value
    raise TypeError(f"type '{kind}' is not supported; use String, Boolean, Long, Double, Date or Json")


_FIELD_TYPES = {
    "string": "String",
    "long": "Long",
    "bedrag": "Double",
    "boolean": "Boolean",
    "date": "Date",
    "enum": "String",
}


def typed(value: Any, field_type: str | None = None) -> Variable:
    """A value in Camunda's typed form; a form field's type decides where it is known (a field's default
    is text in the BPMN: ``"true"``, ``"12"``, ``"2026-11-23"``)."""
    kind = _FIELD_TYPES.get(field_type or "")
    if kind is not None and (value is None or isinstance(value, str)):
        if value is None:
            return Variable(value=None, type=kind, valueInfo={})
        if kind == "Date":
            day = dt.date.fromisoformat(value)
            midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            return Variable(value=camunda_time(midnight), type=kind, valueInfo={})
        if kind == "Boolean":
            return Variable(value=value == "true", type=kind, valueInfo={})
        if kind == "Long" and value.lstrip("-").isdigit():
            return Variable(value=int(value), type=kind, valueInfo={})
    if value is None:
        return Variable(value=None, type="Null", valueInfo={})
    if isinstance(value, bool):
        return Variable(value=value, type="Boolean", valueInfo={})
    if isinstance(value, int):
        return Variable(value=value, type="Long", valueInfo={})
    if isinstance(value, float):
        return Variable(value=value, type="Double", valueInfo={})
    if isinstance(value, str):
        return Variable(value=value, type="String", valueInfo={})
    return Variable(value=json.dumps(value, ensure_ascii=False), type="Json", valueInfo={})


def typed_all(data: dict[str, Any]) -> Variables:
    return {name: typed(value) for name, value in data.items()}


class ProcessDefinitionRead(BaseModel):
    id: str = Field(description="key:version:hash (the first 12 hex digits of the version's content hash)")
    key: str = Field(description="the BPMN process id")
    category: str | None = None
    description: str | None = None
    name: str
    version: int
    resource: str | None = Field(description="the BPMN file holding the process")
    deploymentId: str | None = Field(
        description="the deployment that made this version, if one through /engine-rest"
    )
    diagram: str | None = None
    suspended: bool = False
    tenantId: str | None = Field(None, description="always null: a process serves every gemeente")
    versionTag: str | None = None
    historyTimeToLive: int | None = None
    startableInTasklist: bool = True

    @classmethod
    def of(cls, version: ProcessVersion, deployment_id: str | None) -> ProcessDefinitionRead:
        return cls(
            id=definition_id(version),
            key=version.process_id,
            name=version.name,
            version=version.number,
            resource=(version.summary or {}).get("file"),
            deploymentId=deployment_id,
        )


class DeploymentRead(BaseModel):
    id: str
    name: str | None
    source: str | None
    tenantId: str | None = Field(description="the gemeente the deployment was sent for")
    deploymentTime: str | None
    links: list[Link] = Field(default_factory=list)

    @classmethod
    def fields_of(cls, deployment: Deployment, self_link: str) -> dict[str, Any]:
        return {
            "id": deployment.id,
            "name": deployment.name,
            "source": deployment.source,
            "tenantId": deployment.tenant_id,
            "deploymentTime": camunda_time(deployment.deployed_at),
            "links": [Link(method="GET", href=self_link, rel="self")],
        }


class DeploymentWithDefinitions(DeploymentRead):
    deployedProcessDefinitions: dict[str, ProcessDefinitionRead] | None = Field(
        description="the versions this deployment made, by definition id; null when nothing changed"
    )
    deployedCaseDefinitions: None = None
    deployedDecisionDefinitions: None = None
    deployedDecisionRequirementsDefinitions: None = None


class StartInstance(BaseModel):
    businessKey: str | None = Field(
        None, min_length=1, max_length=100, description="the client reference (not a BSN); required"
    )
    variables: Variables | None = Field(None, description="the start form's values, typed")
    withVariablesInReturn: bool = False
    startInstructions: list[dict[str, Any]] | None = Field(
        None, description="not supported: a case starts at its start event"
    )


class ProcessInstanceRead(BaseModel):
    id: str = Field(description="the case id")
    definitionId: str
    businessKey: str = Field(description="the client reference")
    caseInstanceId: str | None = None
    ended: bool
    suspended: bool = False
    tenantId: str = Field(description="the gemeente")
    links: list[Link]
    variables: Variables | None = Field(
        None, description="the case data; only when asked with withVariablesInReturn"
    )

    @classmethod
    def of(cls, case: Case, self_link: str, variables: bool = False) -> ProcessInstanceRead:
        return cls(
            id=case.id,
            definitionId=definition_id(case.process_version),
            businessKey=case.client_ref,
            caseInstanceId=None,
            ended=case.status != CaseStatus.RUNNING,
            suspended=False,
            tenantId=case.gemeente,
            links=[Link(method="GET", href=self_link, rel="self")],
            # Camunda leaves `variables` out unless asked; clients read it when it is there
            **({"variables": typed_all(case.data or {})} if variables else {}),
        )


class TaskRead(BaseModel):
    id: str
    name: str
    assignee: str | None = Field(description="who has the task claimed")
    created: str | None = Field(description="when the task became ready")
    due: str | None = None
    followUp: str | None = None
    lastUpdated: str | None = None
    delegationState: str | None = None
    description: str | None = None
    executionId: str = Field(description="the case id")
    owner: str | None = None
    parentTaskId: str | None = None
    priority: int = 50
    processDefinitionId: str
    processInstanceId: str = Field(description="the case id")
    taskDefinitionKey: str = Field(description="the BPMN element id of the user task")
    caseExecutionId: str | None = None
    caseInstanceId: str | None = None
    caseDefinitionId: str | None = None
    suspended: bool = False
    formKey: str | None = None
    camundaFormRef: str | None = None
    tenantId: str = Field(description="the gemeente")
    candidateGroups: list[str] = Field(description="the roles whose work queue shows the task (procesregie)")

    @classmethod
    def of(cls, task: CaseTask, version: ProcessVersion) -> TaskRead:
        return cls(
            id=task.id,
            name=task.name,
            assignee=task.claimed_by,
            created=camunda_time(task.ready_at),
            lastUpdated=camunda_time(task.claimed_at or task.ready_at),
            executionId=task.case_id,
            processDefinitionId=definition_id(version),
            processInstanceId=task.case_id,
            taskDefinitionKey=task.element_id,
            tenantId=task.gemeente,
            candidateGroups=list(task.roles),
        )


class Claim(BaseModel):
    userId: str = Field(min_length=1, max_length=100, description="your own user name")


class CompleteTask(BaseModel):
    variables: Variables | None = Field(None, description="the task form's values, typed")
    withVariablesInReturn: bool = False


class HistoricProcessInstanceRead(BaseModel):
    id: str
    businessKey: str
    processDefinitionId: str
    processDefinitionKey: str
    processDefinitionName: str
    processDefinitionVersion: int
    startTime: str | None
    endTime: str | None
    removalTime: str | None = None
    durationInMillis: int | None
    startUserId: str
    startActivityId: str | None = None
    deleteReason: str | None = None
    rootProcessInstanceId: str
    superProcessInstanceId: str | None = None
    superCaseInstanceId: str | None = None
    caseInstanceId: str | None = None
    tenantId: str
    state: str = Field(description="ACTIVE, COMPLETED or EXTERNALLY_TERMINATED (cancelled)")

    @classmethod
    def of(cls, case: Case) -> HistoricProcessInstanceRead:
        version = case.process_version
        state = {CaseStatus.RUNNING: "ACTIVE", CaseStatus.COMPLETED: "COMPLETED"}.get(
            CaseStatus(case.status), "EXTERNALLY_TERMINATED"
        )
        return cls(
            id=case.id,
            businessKey=case.client_ref,
            processDefinitionId=definition_id(version),
            processDefinitionKey=version.process_id,
            processDefinitionName=version.name,
            processDefinitionVersion=version.number,
            startTime=camunda_time(case.started_at),
            endTime=camunda_time(case.ended_at),
            durationInMillis=millis(case.started_at, case.ended_at),
            startUserId=case.started_by,
            rootProcessInstanceId=case.id,
            tenantId=case.gemeente,
            state=state,
        )


def _ended(task: CaseTask) -> dt.datetime | None:
    return task.completed_at if not TaskStatus(task.status).is_open else None


def _task_history(task: CaseTask, version: ProcessVersion) -> dict[str, Any]:
    """What a historic activity instance and a historic task say alike of a user task."""
    return {
        "id": task.id,
        "processDefinitionKey": task.process_id,
        "processDefinitionId": definition_id(version),
        "processInstanceId": task.case_id,
        "executionId": task.case_id,
        "assignee": task.completed_by or task.claimed_by,
        "startTime": camunda_time(task.ready_at),
        "endTime": camunda_time(_ended(task)),
        "tenantId": task.gemeente,
        "rootProcessInstanceId": task.case_id,
    }


class HistoricActivityInstanceRead(BaseModel):
    id: str
    parentActivityInstanceId: str
    activityId: str
    activityName: str
    activityType: str = "userTask"
    processDefinitionKey: str
    processDefinitionId: str
    processInstanceId: str
    executionId: str
    taskId: str
    assignee: str | None
    calledProcessInstanceId: str | None = None
    calledCaseInstanceId: str | None = None
    startTime: str | None
    endTime: str | None
    durationInMillis: int | None
    canceled: bool
    completeScope: bool = False
    tenantId: str
    removalTime: str | None = None
    rootProcessInstanceId: str

    @classmethod
    def of(cls, task: CaseTask, version: ProcessVersion) -> HistoricActivityInstanceRead:
        return cls(
            **_task_history(task, version),
            parentActivityInstanceId=task.case_id,
            activityId=task.element_id,
            activityName=task.name,
            taskId=task.id,
            durationInMillis=millis(task.ready_at, _ended(task)),
            canceled=task.status == TaskStatus.CANCELLED,
        )


class HistoricTaskRead(BaseModel):
    id: str
    processDefinitionKey: str
    processDefinitionId: str
    processInstanceId: str
    executionId: str
    caseDefinitionKey: str | None = None
    caseDefinitionId: str | None = None
    caseInstanceId: str | None = None
    caseExecutionId: str | None = None
    activityInstanceId: str
    name: str
    description: str | None = None
    deleteReason: str | None = Field(
        description="completed, deleted (withdrawn or cancelled), or null while open"
    )
    owner: str | None = None
    assignee: str | None
    startTime: str | None
    endTime: str | None
    duration: int | None
    taskDefinitionKey: str
    priority: int = 50
    due: str | None = None
    parentTaskId: str | None = None
    followUp: str | None = None
    tenantId: str
    removalTime: str | None = None
    rootProcessInstanceId: str

    @classmethod
    def of(cls, task: CaseTask, version: ProcessVersion) -> HistoricTaskRead:
        reason = {TaskStatus.COMPLETED: "completed", TaskStatus.CANCELLED: "deleted"}.get(
            TaskStatus(task.status)
        )
        return cls(
            **_task_history(task, version),
            activityInstanceId=task.id,
            name=task.name,
            deleteReason=reason,
            duration=millis(task.ready_at, _ended(task)),
            taskDefinitionKey=task.element_id,
        )


class CamundaErrorRead(BaseModel):
    """An error in Camunda's shape (every status: 400, 401, 403, 404, 409, 413, 503)."""

    type: str = Field(examples=["InvalidRequestException", "AuthorizationException"])
    message: str
    errors: list[dict[str, str]] | None = Field(
        None, description="invalid input: each problem's field (or variable) and message"
    )


class ParseProblemRead(BaseModel):
    message: str
    line: int = Field(description="where the element's start tag begins; 0 when unknown")
    column: int
    mainElementId: str
    elementIds: list[str]


class ResourceReportRead(BaseModel):
    errors: list[ParseProblemRead]
    warnings: list[ParseProblemRead]


class ParseExceptionRead(CamundaErrorRead):
    """400 on a deployment: BPMN files that cannot run, each problem located per resource."""

    details: dict[str, ResourceReportRead] = Field(description="by resource (file) name")
