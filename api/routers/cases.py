from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Header, status
from fastapi.responses import Response

from engine import audit, cases, diagram, processes
from engine.models import Case
from engine.processes import DefinitionCache
from engine.users import Actor

from ..deps import ApiRoute, CacheDep, CurrentActor, DefinitionsDep, ProfilesDep, SessionDep
from ..routing import PrefixRouter
from ..schemas.cases import AuditEventRead, CaseCancel, CaseCreate, CaseRead, MessageCreate
from ..schemas.tasks import TaskRead

router = PrefixRouter(prefix="/cases", tags=["cases"], route_class=ApiRoute)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
Reason = Annotated[
    str | None,
    Header(
        alias="X-Reason",
        max_length=500,
        description="why you read this case (logged with the read, like the ZGW toelichting)",
    ),
]


def read(session: SessionDep, cache: DefinitionCache, actor: Actor, case: Case) -> CaseRead:
    """A case with the open tasks the actor sees (all, or those assigned to them)."""
    level = cases.access_to(session, actor, case)
    tasks = cases.visible_tasks(session, actor, case, level, open_only=True)
    return CaseRead.of(case, tasks, cases.links(session, cache, actor, case))


@router.post(
    "",
    response_model=CaseRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start a case",
    responses={404: {"description": "no deployed process has this process_id"}},
)
def start_case(
    session: SessionDep, cache: CacheDep, profiles: ProfilesDep, actor: CurrentActor, body: CaseCreate
) -> CaseRead:
    case = cases.start_case(
        session,
        cache,
        profiles,
        actor,
        body.process_id,
        body.gemeente.strip().lower(),
        body.client_ref,
        body.data,
        body.bsn,
    )
    session.flush()
    return read(session, cache, actor, case)


@router.get(
    "/{case_id}", response_model=CaseRead, summary="One case with its open tasks (the read is logged)"
)
def get_case(
    session: SessionDep, cache: DefinitionsDep, actor: CurrentActor, case_id: str, reason: Reason = None
) -> CaseRead:
    case, level = cases.read_case(session, actor, case_id)
    audit.log_access(session, actor, case, "case", reason)
    tasks = cases.visible_tasks(session, actor, case, level, open_only=True)
    return CaseRead.of(case, tasks, cases.links(session, cache, actor, case))


@router.get(
    "/{case_id}/tasks",
    response_model=list[TaskRead],
    summary="All user tasks of a case you see, done and open (logged)",
)
def get_case_tasks(
    session: SessionDep, actor: CurrentActor, case_id: str, reason: Reason = None
) -> list[TaskRead]:
    case, level = cases.read_case(session, actor, case_id)
    audit.log_access(session, actor, case, "tasks", reason)
    return [TaskRead.of(t) for t in cases.visible_tasks(session, actor, case, level)]


@router.get(
    "/{case_id}/history",
    response_model=list[AuditEventRead],
    summary="The case's audit events in order (logged)",
)
def get_case_history(
    session: SessionDep, actor: CurrentActor, case_id: str, reason: Reason = None
) -> list[AuditEventRead]:
    case = cases.get_case(session, actor, case_id, full=True)
    audit.log_access(session, actor, case, "history", reason)
    return [AuditEventRead.model_validate(e) for e in audit.history(session, case)]


@router.get(
    "/{case_id}/diagram.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
    summary="The process diagram with the path the case took (green) and where it is now (orange); logged",
)
def get_case_diagram(
    session: SessionDep, cache: CacheDep, actor: CurrentActor, case_id: str, reason: Reason = None
) -> Response:
    case = cases.get_case(session, actor, case_id, full=True)
    audit.log_access(session, actor, case, "diagram", reason)
    done, active = cases.case_highlight(session, cache, case)
    version = case.process_version
    _, xml = processes.main_file(session, version)
    title = f"Zaak {case.client_ref} · {version.name} (v{version.number}) · {case.status}"
    return Response(
        diagram.render(xml, diagram.Highlight(done=done, active=active, title=title)),
        media_type="image/svg+xml",
    )


@router.post(
    "/{case_id}/messages/{name}", response_model=CaseRead, summary="Deliver a message the case waits for"
)
def deliver_message(
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    actor: CurrentActor,
    case_id: str,
    name: str,
    body: MessageCreate,
) -> CaseRead:
    case = cases.deliver_message(session, cache, actor, case_id, name, body.data, profiles)
    return read(session, cache, actor, case)


@router.post("/{case_id}/cancel", response_model=CaseRead, summary="End a case early, with a reason")
def cancel_case(
    session: SessionDep, cache: CacheDep, actor: CurrentActor, case_id: str, body: CaseCancel
) -> CaseRead:
    case = cases.cancel_case(session, cache, actor, case_id, body.reason)
    return read(session, cache, actor, case)
