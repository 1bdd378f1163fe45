from __future__ import annotations

from typing import Annotated

from fastapi import Query

from engine import cases, tasks
from engine.errors import FieldError, InvalidInput
from engine.vocabulary import LANE_ROLES, TaskStatus

from ..deps import ApiRoute, CacheDep, CurrentActor, DefinitionsDep, Offset, ProfilesDep, SessionDep
from ..routing import PrefixRouter
from ..schemas.cases import CaseRead
from ..schemas.tasks import TaskComplete, TaskDetail, TaskRead
from .cases import read

router = PrefixRouter(prefix="/tasks", tags=["tasks"], route_class=ApiRoute)


@router.get("", response_model=list[TaskRead], summary="Work queue: open tasks for roles, in your gemeenten")
def work_queue(
    session: SessionDep,
    actor: CurrentActor,
    role: Annotated[list[str] | None, Query(description="roles; your own lane roles when left out")] = None,
    gemeente: str | None = None,
    process_id: str | None = None,
    status: Annotated[
        str | None, Query(pattern="^(ready|claimed)$", description="ready or claimed; both when left out")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[TaskRead]:
    for r in role or []:
        if r not in LANE_ROLES:
            raise InvalidInput([FieldError("role", f"'{r}' is not a lane role")])
    found = tasks.work_queue(
        session, actor, role, gemeente, process_id, TaskStatus(status) if status else None, limit, offset
    )
    return [TaskRead.of(t) for t in found]


@router.get("/{task_id}", response_model=TaskDetail, summary="One task with its form")
def get_task(session: SessionDep, cache: CacheDep, actor: CurrentActor, task_id: str) -> TaskDetail:
    task = tasks.get_task(session, actor, task_id)
    case = cases.get_case(session, actor, task.case_id)
    info = cache.get(session, case.process_version).task_by_element(task.element_id)
    return TaskDetail.model_validate({**TaskRead.of(task).model_dump(), "form": info.form.as_list()})


@router.post("/{task_id}/claim", response_model=TaskRead, summary="Claim a task")
def claim_task(session: SessionDep, cache: DefinitionsDep, actor: CurrentActor, task_id: str) -> TaskRead:
    return TaskRead.of(tasks.claim_task(session, cache, actor, task_id))


@router.post("/{task_id}/unclaim", response_model=TaskRead, summary="Give a claimed task back")
def unclaim_task(session: SessionDep, actor: CurrentActor, task_id: str) -> TaskRead:
    return TaskRead.of(tasks.unclaim_task(session, actor, task_id))


@router.post("/{task_id}/complete", response_model=CaseRead, summary="Complete a task with its form data")
def complete_task(
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: CurrentActor,
    task_id: str,
    body: TaskComplete,
) -> CaseRead:
    case = tasks.complete_task(session, cache, actor, task_id, body.data, profiles)
    return read(session, cache, actor, case)
