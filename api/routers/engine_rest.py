"""The Camunda 7 REST API subset that Camunda Modeler and common Camunda 7 clients use (ADR 22).

A thin layer over the same engine commands, rules and scoping as the JSON API: deploying is
:func:`engine.deployments.create` (role ontwerper), starting a case :func:`engine.cases.start_case`,
the work queue and task commands :mod:`engine.tasks`, history :mod:`engine.history` (auditors).
Callers sign in with a bearer token or with HTTP Basic (user name and password); errors come in
Camunda's shape (``type``, ``message``; api/errors.py).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.datastructures import FormData

from engine import access, audit, cases, deployments, history, processes, tasks
from engine.errors import FieldError, InvalidInput, NotFound, PermissionDenied, Problem, ProcessInvalid
from engine.models import CaseTask, ProcessVersion
from engine.users import Actor
from engine.vocabulary import TaskStatus

from ..deps import (
    MAX_OFFSET,
    ApiRoute,
    Authenticated,
    CacheDep,
    DefinitionsDep,
    ProfilesDep,
    SessionDep,
    bearer_token_or_password,
)
from ..routing import PrefixRouter
from ..schemas.engine_rest import (
    CAMUNDA_VERSION,
    CamundaErrorRead,
    Claim,
    CompleteTask,
    DeploymentRead,
    DeploymentWithDefinitions,
    HistoricActivityInstanceRead,
    HistoricProcessInstanceRead,
    HistoricTaskRead,
    ParseExceptionRead,
    ProcessDefinitionRead,
    ProcessInstanceRead,
    StartInstance,
    TaskRead,
    Variables,
    VersionRead,
    plain_values,
    typed,
    typed_all,
)
from .processes import MAX_FILE_BYTES

PREFIX = "/engine-rest"
router = PrefixRouter(prefix=PREFIX, tags=["camunda 7 rest api"], route_class=ApiRoute)

Caller = Annotated[Actor, Authenticated(read=bearer_token_or_password)]
Designer = Annotated[Actor, Authenticated(access.DEPLOY, read=bearer_token_or_password)]
HistoryReader = Annotated[Actor, Authenticated(access.READ_AUDIT_TRAIL, read=bearer_token_or_password)]

MAX_RESULTS = 1000
FirstResult = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="how many results to skip")]
MaxResults = Annotated[
    int, Query(ge=0, le=MAX_RESULTS, description=f"how many results at most ({MAX_RESULTS} when left out)")
]
CommaList = Annotated[str | None, Query(max_length=2000, description="comma-separated")]
BPMN_SUFFIXES = (".bpmn", ".bpmn20.xml")


def _split(value: str | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(v.strip() for v in value.split(",") if v.strip())


def _finished(finished: bool | None, unfinished: bool | None) -> bool | None:
    """Only finished, only unfinished, or either (None); both is no case at all (see _none_if)."""
    return None if finished and unfinished else True if finished else False if unfinished else None


def _none_if(contradiction: bool | None, ids: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """No ids at all when the filters contradict each other (finished and unfinished), as in Camunda."""
    return () if contradiction else ids


# -- the Modeler's connection check and deployments ----------------------------------------------------


@router.get("/version", response_model=VersionRead, summary="The Camunda 7 REST API version served")
def get_version(session: SessionDep, actor: Caller) -> VersionRead:
    return VersionRead(version=CAMUNDA_VERSION)


def _deployment_link(request: Request, deployment_id: str) -> str:
    return str(request.url_for("get_deployment", id=deployment_id))


@router.get(
    "/deployment",
    response_model=list[DeploymentRead],
    summary="Deployments made through /engine-rest (maxResults=0 is the Modeler's connection check)",
)
def list_deployments(
    request: Request,
    session: SessionDep,
    actor: Caller,
    id: str | None = None,
    name: str | None = None,
    nameLike: str | None = None,
    source: str | None = None,
    tenantIdIn: CommaList = None,
    withoutTenantId: bool = False,
    firstResult: FirstResult = 0,
    maxResults: MaxResults = MAX_RESULTS,
) -> list[DeploymentRead]:
    f = deployments.DeploymentFilter(id, name, nameLike, source, _split(tenantIdIn), withoutTenantId)
    found = deployments.find(session, f, maxResults, firstResult)
    return [DeploymentRead(**DeploymentRead.fields_of(d, _deployment_link(request, d.id))) for d in found]


@router.get("/deployment/{id}", response_model=DeploymentRead, summary="One deployment")
def get_deployment(request: Request, session: SessionDep, actor: Caller, id: str) -> DeploymentRead:
    deployment = deployments.get(session, id)
    return DeploymentRead(**DeploymentRead.fields_of(deployment, _deployment_link(request, id)))


async def _deployment_form(request: Request) -> AsyncIterator[FormData]:
    """The multipart form; its files are closed once the response is sent."""
    form = await request.form(max_files=100, max_fields=100)
    try:
        yield form
    finally:
        await form.close()


@router.post(
    "/deployment/create",
    response_model=DeploymentWithDefinitions,
    summary="Deploy BPMN files (role ontwerper); a refused file is a 400 ParseException with line and column",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "deployment-name": {"type": "string"},
                            "deployment-source": {"type": "string"},
                            "deploy-changed-only": {"type": "boolean"},
                            "enable-duplicate-filtering": {"type": "boolean"},
                            "tenant-id": {"type": "string"},
                            "data": {
                                "type": "string",
                                "format": "binary",
                                "description": "a BPMN file; every file part is deployed, whatever its name "
                                "(the Modeler names it after the file)",
                            },
                        },
                        "required": ["data"],
                        "additionalProperties": {"type": "string", "format": "binary"},
                    }
                }
            },
        }
    },
)
def create_deployment(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    actor: Designer,
    form: Annotated[FormData, Depends(_deployment_form)],
) -> DeploymentWithDefinitions:
    """Every file part is a resource, named by its file name (else its field name), as Camunda does."""
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    files: dict[str, bytes] = {}
    refused: list[Problem] = []
    for key, value in form.multi_items():
        if isinstance(value, str):
            continue
        name = value.filename or key
        data = value.file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            refused.append(Problem(name, "-", f"file is larger than {MAX_FILE_BYTES} bytes"))
        elif not name.endswith(BPMN_SUFFIXES):
            refused.append(Problem(name, "-", "only BPMN files (.bpmn, .bpmn20.xml) are deployed here"))
        files[name] = data
    if refused:
        raise ProcessInvalid(refused)
    if not files:
        raise InvalidInput([FieldError("data", "send one or more BPMN files")])
    deployed = deployments.create(
        session,
        cache,
        actor,
        files,
        name=fields.get("deployment-name") or None,
        source=fields.get("deployment-source") or None,
        tenant_id=fields.get("tenant-id") or None,
    )
    made = deployed.deployment.id
    return DeploymentWithDefinitions(
        **DeploymentRead.fields_of(deployed.deployment, _deployment_link(request, made)),
        deployedProcessDefinitions={
            d.id: d for d in (ProcessDefinitionRead.of(v, made) for v in deployed.made)
        }
        or None,
    )


# -- process definitions and starting cases ------------------------------------------------------------


def _version(session: SessionDep, definition_id: str) -> ProcessVersion:
    """The process version a definition id (``key:version:hash``) names.

    Raises:
        NotFound: no such version, or one whose content hash does not begin so.
    """
    key, _, rest = definition_id.partition(":")
    number, _, prefix = rest.partition(":")
    try:
        version = processes.get_version(session, key, int(number)) if number.isdigit() else None
    except NotFound:
        version = None
    if version is None or not prefix or not version.content_hash.startswith(prefix):
        raise NotFound("process definition", definition_id)
    return version


def _definitions(session: SessionDep, versions: list[ProcessVersion]) -> list[ProcessDefinitionRead]:
    made = deployments.made_by(session, versions)
    return [ProcessDefinitionRead.of(v, made.get(v.id)) for v in versions]


@router.get(
    "/process-definition",
    response_model=list[ProcessDefinitionRead],
    summary="Process definitions: every version, or the latest of each (latestVersion=true)",
)
def list_process_definitions(
    session: SessionDep,
    actor: Caller,
    processDefinitionId: str | None = None,
    key: str | None = None,
    keyLike: str | None = None,
    name: str | None = None,
    nameLike: str | None = None,
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    deploymentId: str | None = None,
    latestVersion: bool = False,
    tenantIdIn: CommaList = None,
    withoutTenantId: bool = False,
    includeProcessDefinitionsWithoutTenantId: bool = False,
    firstResult: FirstResult = 0,
    maxResults: MaxResults = MAX_RESULTS,
) -> list[ProcessDefinitionRead]:
    """A definition serves every gemeente (its tenantId is null): tenant filters narrow nothing."""
    f = deployments.DefinitionFilter(
        process_id=key,
        process_id_like=keyLike,
        name=name,
        name_like=nameLike,
        number=version,
        deployment_id=deploymentId,
    )
    if processDefinitionId is not None:
        try:
            wanted = _version(session, processDefinitionId)
        except NotFound:
            return []
        f = deployments.DefinitionFilter(**{**f.__dict__, "version_id": wanted.id})
    found = deployments.definitions(session, f, latestVersion, maxResults, firstResult)
    return _definitions(session, found)


@router.get(
    "/process-definition/key/{key}", response_model=ProcessDefinitionRead, summary="The latest version"
)
def get_latest_process_definition(session: SessionDep, actor: Caller, key: str) -> ProcessDefinitionRead:
    version = processes.latest_version(session, key)
    assert version is not None
    return _definitions(session, [version])[0]


@router.get(
    "/process-definition/{id}", response_model=ProcessDefinitionRead, summary="One process definition"
)
def get_process_definition(session: SessionDep, actor: Caller, id: str) -> ProcessDefinitionRead:
    return _definitions(session, [_version(session, id)])[0]


def _start(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: Actor,
    version: ProcessVersion,
    gemeente: str | None,
    body: StartInstance,
) -> ProcessInstanceRead:
    if body.startInstructions:
        raise InvalidInput(
            [FieldError("startInstructions", "not supported: a case starts at its start event")]
        )
    if body.businessKey is None:
        raise InvalidInput([FieldError("businessKey", "is required: the client reference of the case")])
    if gemeente is None:
        if len(actor.gemeenten) != 1:
            raise InvalidInput(
                [
                    FieldError(
                        "tenant-id",
                        "you serve several gemeenten (or none): start with "
                        f"{PREFIX}/process-definition/key/{version.process_id}/tenant-id/{{gemeente}}/start",
                    )
                ]
            )
        gemeente = next(iter(actor.gemeenten))
    latest = processes.latest_version(session, version.process_id, content=False)
    if latest is None or latest.id != version.id:
        raise InvalidInput(
            [
                FieldError(
                    "id",
                    f"cases start on the latest version of '{version.process_id}', not on v{version.number}",
                )
            ]
        )
    data = plain_values(body.variables)
    case = cases.start_case(
        session, cache, profiles, actor, version.process_id, gemeente, body.businessKey, data
    )
    session.flush()
    return ProcessInstanceRead.of(case, _instance_link(request, case.id), body.withVariablesInReturn)


def _instance_link(request: Request, case_id: str) -> str:
    return str(request.url_for("get_process_instance", id=case_id))


@router.post(
    "/process-definition/{id}/start",
    response_model=ProcessInstanceRead,
    response_model_exclude_unset=True,
    summary="Start a case on this version (the latest); gemeente: yours, when you serve one",
)
def start_by_id(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: Caller,
    id: str,
    body: StartInstance,
) -> ProcessInstanceRead:
    return _start(request, session, cache, profiles, actor, _version(session, id), None, body)


@router.post(
    "/process-definition/key/{key}/start",
    response_model=ProcessInstanceRead,
    response_model_exclude_unset=True,
    summary="Start a case on the latest version; gemeente: yours, when you serve one",
)
def start_by_key(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: Caller,
    key: str,
    body: StartInstance,
) -> ProcessInstanceRead:
    version = processes.latest_version(session, key)
    assert version is not None
    return _start(request, session, cache, profiles, actor, version, None, body)


@router.post(
    "/process-definition/key/{key}/tenant-id/{tenant_id}/start",
    response_model=ProcessInstanceRead,
    response_model_exclude_unset=True,
    summary="Start a case on the latest version in a gemeente (the tenant)",
)
def start_by_key_for_tenant(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: Caller,
    key: str,
    tenant_id: str,
    body: StartInstance,
) -> ProcessInstanceRead:
    version = processes.latest_version(session, key)
    assert version is not None
    return _start(request, session, cache, profiles, actor, version, tenant_id.strip().lower(), body)


@router.get(
    "/process-instance/{id}",
    response_model=ProcessInstanceRead,
    response_model_exclude_unset=True,
    summary="One case as a process instance (the read is logged)",
)
def get_process_instance(
    request: Request, session: SessionDep, actor: Caller, id: str
) -> ProcessInstanceRead:
    case, _ = cases.read_case(session, actor, id)
    audit.log_access(session, actor, case, "case", None)
    return ProcessInstanceRead.of(case, _instance_link(request, case.id))


# -- tasks ---------------------------------------------------------------------------------------------


def _tasks(session: SessionDep, found: list[CaseTask]) -> list[TaskRead]:
    versions = history.case_versions(session, {t.case_id for t in found})
    return [TaskRead.of(t, versions[t.case_id]) for t in found]


@router.get(
    "/task",
    response_model=list[TaskRead],
    summary="Open tasks you see, oldest first: by candidate group (role), assignee, case or gemeente",
)
def list_tasks(
    session: SessionDep,
    actor: Caller,
    candidateGroup: str | None = None,
    candidateGroups: CommaList = None,
    assignee: str | None = None,
    assigned: bool = False,
    unassigned: bool = False,
    processInstanceId: str | None = None,
    processDefinitionKey: str | None = None,
    taskDefinitionKey: str | None = None,
    tenantIdIn: CommaList = None,
    firstResult: FirstResult = 0,
    maxResults: MaxResults = MAX_RESULTS,
) -> list[TaskRead]:
    groups = [g for g in [candidateGroup, *(_split(candidateGroups) or ())] if g]
    if assigned and unassigned:
        return []  # no task is both, as in Camunda
    state = TaskStatus.CLAIMED if assigned or assignee else TaskStatus.READY if unassigned else None

    def keep(t: CaseTask) -> bool:
        return (
            (not groups or not set(groups).isdisjoint(t.roles))
            and (state is None or t.status == state)
            and (assignee is None or t.claimed_by == assignee)
            and (processDefinitionKey is None or t.process_id == processDefinitionKey)
            and (taskDefinitionKey is None or t.element_id == taskDefinitionKey)
            and (tenants is None or t.gemeente in tenants)
        )

    tenants = _split(tenantIdIn)
    if processInstanceId is not None:
        try:
            case, level = cases.read_case(session, actor, processInstanceId)
        except NotFound:
            return []
        visible = [t for t in cases.visible_tasks(session, actor, case, level, open_only=True) if keep(t)]
        return _tasks(session, visible[firstResult : firstResult + maxResults])
    pages = []
    for gemeente in tenants if tenants is not None else [None]:
        found = tasks.work_queue(
            session,
            actor,
            groups or None,
            gemeente,
            processDefinitionKey,
            state,
            firstResult + maxResults if tenants and len(tenants) > 1 else maxResults,
            0 if tenants and len(tenants) > 1 else firstResult,
            claimed_by=assignee,
        )
        pages.append([t for t in found if keep(t)])
    merged = heapq.merge(*pages, key=lambda t: (t.ready_at, t.id))
    if tenants is not None and len(tenants) > 1:
        return _tasks(session, list(itertools.islice(merged, firstResult, firstResult + maxResults)))
    return _tasks(session, list(merged))


def _open_task(session: SessionDep, actor: Actor, task_id: str) -> CaseTask:
    """An open task the actor sees: Camunda's runtime holds no done tasks (they are history)."""
    task = tasks.get_task(session, actor, task_id)
    if not TaskStatus(task.status).is_open:
        raise NotFound("task", task_id)
    return task


@router.get("/task/{id}", response_model=TaskRead, summary="One open task you see")
def get_task(session: SessionDep, actor: Caller, id: str) -> TaskRead:
    return _tasks(session, [_open_task(session, actor, id)])[0]


@router.get(
    "/task/{id}/form-variables",
    response_model=Variables,
    summary="The task form's fields with their current values from the case (the read is logged)",
)
def get_form_variables(
    session: SessionDep, cache: CacheDep, actor: Caller, id: str, variableNames: CommaList = None
) -> Variables:
    task = _open_task(session, actor, id)
    case = cases.get_case(session, actor, task.case_id)
    audit.log_access(session, actor, case, "form-variables", None)
    form = cache.get(session, case.process_version).task_by_element(task.element_id).form
    names = _split(variableNames)
    data = case.data or {}
    return {
        f.id: typed(data.get(f.id, f.default), f.type) for f in form.fields if names is None or f.id in names
    }


@router.post(
    "/task/{id}/claim", status_code=204, response_class=Response, summary="Claim a task for yourself"
)
def claim_task(session: SessionDep, cache: DefinitionsDep, actor: Caller, id: str, body: Claim) -> Response:
    if body.userId != actor.name:
        raise PermissionDenied(f"you claim tasks for yourself only: send userId '{actor.name}'")
    tasks.claim_task(session, cache, actor, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/task/{id}/unclaim", status_code=204, response_class=Response, summary="Give a task you claimed back"
)
def unclaim_task(session: SessionDep, actor: Caller, id: str) -> Response:
    tasks.unclaim_task(session, actor, id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/task/{id}/complete",
    summary="Complete a task with its form's values (204; 200 with the case data when withVariablesInReturn)",
    responses={204: {"description": "completed"}, 200: {"model": Variables}},
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
def complete_task(
    session: SessionDep, cache: CacheDep, profiles: ProfilesDep, actor: Caller, id: str, body: CompleteTask
) -> Response:
    case = tasks.complete_task(session, cache, actor, id, plain_values(body.variables), profiles)
    if not body.withVariablesInReturn:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    variables = {k: v.model_dump() for k, v in typed_all(case.data or {}).items()}
    return JSONResponse(variables)


# -- history (auditors) --------------------------------------------------------------------------------


@router.get(
    "/history/process-instance",
    response_model=list[HistoricProcessInstanceRead],
    summary="Cases of your gemeenten, oldest first (auditor; each read is logged)",
)
def list_historic_process_instances(
    session: SessionDep,
    actor: HistoryReader,
    processInstanceId: str | None = None,
    processInstanceIds: CommaList = None,
    processDefinitionId: str | None = None,
    processDefinitionKey: str | None = None,
    processInstanceBusinessKey: str | None = None,
    tenantIdIn: CommaList = None,
    finished: bool | None = None,
    unfinished: bool | None = None,
    firstResult: FirstResult = 0,
    maxResults: MaxResults = MAX_RESULTS,
) -> list[HistoricProcessInstanceRead]:
    ids = _split(processInstanceIds)
    if processInstanceId is not None:
        ids = (processInstanceId,) if ids is None or processInstanceId in ids else ()
    version_id = None
    if processDefinitionId is not None:
        try:
            version_id = _version(session, processDefinitionId).id
        except NotFound:
            return []
    f = history.HistoryFilter(
        case_ids=_none_if(finished and unfinished, ids),
        process_id=processDefinitionKey,
        process_version_id=version_id,
        client_ref=processInstanceBusinessKey,
        gemeenten=_split(tenantIdIn),
        finished=_finished(finished, unfinished),
    )
    return [
        HistoricProcessInstanceRead.of(c) for c in history.cases(session, actor, f, maxResults, firstResult)
    ]


@dataclass(frozen=True)
class TaskHistoryQuery:
    """The query of Camunda's historic task and activity instance lists."""

    filter: history.HistoryFilter
    first: int
    most: int

    def found(self, session: SessionDep, actor: Actor) -> list[tuple[CaseTask, ProcessVersion]]:
        """The tasks, each with the version of its case."""
        found = history.tasks(session, actor, self.filter, self.most, self.first)
        versions = history.case_versions(session, {t.case_id for t in found})
        return [(t, versions[t.case_id]) for t in found]


async def task_history_query(
    processInstanceId: str | None = None,
    processDefinitionKey: str | None = None,
    taskAssignee: str | None = None,
    tenantIdIn: CommaList = None,
    finished: bool | None = None,
    unfinished: bool | None = None,
    firstResult: FirstResult = 0,
    maxResults: MaxResults = MAX_RESULTS,
) -> TaskHistoryQuery:
    case_ids = None if processInstanceId is None else (processInstanceId,)
    f = history.HistoryFilter(
        case_ids=_none_if(finished and unfinished, case_ids),
        process_id=processDefinitionKey,
        gemeenten=_split(tenantIdIn),
        finished=_finished(finished, unfinished),
        user=taskAssignee,
    )
    return TaskHistoryQuery(f, firstResult, maxResults)


TaskHistory = Annotated[TaskHistoryQuery, Depends(task_history_query)]


@router.get(
    "/history/activity-instance",
    response_model=list[HistoricActivityInstanceRead],
    summary="The user tasks of cases of your gemeenten as activity instances (auditor; reads logged)",
)
def list_historic_activity_instances(
    session: SessionDep, actor: HistoryReader, query: TaskHistory, activityType: str | None = None
) -> list[HistoricActivityInstanceRead]:
    if activityType not in (None, "userTask"):
        return []
    return [HistoricActivityInstanceRead.of(t, v) for t, v in query.found(session, actor)]


@router.get(
    "/history/task",
    response_model=list[HistoricTaskRead],
    summary="User tasks, done and open, of cases of your gemeenten (auditor; reads logged)",
)
def list_historic_tasks(
    session: SessionDep, actor: HistoryReader, query: TaskHistory, taskId: str | None = None
) -> list[HistoricTaskRead]:
    if taskId is not None:
        query = replace(query, filter=replace(query.filter, task_id=taskId))
    return [HistoricTaskRead.of(t, v) for t, v in query.found(session, actor)]


# -- the OpenAPI document: the error responses in Camunda's shape -------------------------------------


def document_errors(app: FastAPI) -> None:
    """Describe the error responses of these routes as api/errors.py sends them here: Camunda's shape,
    and a 400 where the rest of the API has a 422."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if CamundaErrorRead.__name__ not in schemas:
            _, definitions = models_json_schema(
                [(CamundaErrorRead, "serialization"), (ParseExceptionRead, "serialization")],
                ref_template="#/components/schemas/{model}",
            )
            schemas.update(definitions["$defs"])
            for path, item in document["paths"].items():
                if path.startswith(f"{PREFIX}/"):
                    for operation in item.values():
                        _camunda_errors(operation, parses="deployment/create" in path)
        return document

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customize it


def _camunda_errors(operation: dict[str, Any], parses: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if "422" in responses:
        invalid = responses.pop("422")
        responses.setdefault("400", invalid)
    refs: list[type[BaseModel]] = [CamundaErrorRead, *([ParseExceptionRead] if parses else [])]
    for code, response in responses.items():
        if code[0] in "45":
            schema = [{"$ref": f"#/components/schemas/{m.__name__}"} for m in refs]
            response["content"] = {
                "application/json": {"schema": schema[0] if len(schema) == 1 else {"anyOf": schema}}
            }
    operation["responses"] = dict(sorted(responses.items()))
