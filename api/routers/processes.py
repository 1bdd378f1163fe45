from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status

from engine import diagram, processes
from engine.errors import Problem, ProcessInvalid

from ..deps import ApiRoute, CacheDep, CurrentActor, Ontwerper, SessionDep, Version
from ..schemas.processes import DeploymentRead, LintWarningRead, ProcessDetail, ProcessRead

router = APIRouter(prefix="/processes", tags=["processes"], route_class=ApiRoute)
MAX_FILE_BYTES = 5_000_000


@router.get("", response_model=list[ProcessRead], summary="Deployed processes (latest version of each)")
def list_processes(session: SessionDep, actor: CurrentActor) -> list[ProcessRead]:
    return [ProcessRead.of(v) for v in processes.list_latest(session)]


@router.post(
    "",
    response_model=list[DeploymentRead],
    status_code=status.HTTP_201_CREATED,
    summary="Deploy BPMN files (role ontwerper)",
    responses={422: {"description": "the BPMN cannot run: errors name file and element"}},
)
def deploy_processes(
    session: SessionDep,
    cache: CacheDep,
    actor: Ontwerper,
    response: Response,
    files: Annotated[
        list[UploadFile],
        File(description="BPMN files; a called process may come along or be deployed already"),
    ],
) -> list[DeploymentRead]:
    contents: dict[str, bytes] = {}
    for upload in files:
        name = upload.filename or "upload.bpmn"
        data = upload.file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ProcessInvalid([Problem(name, "-", f"file is larger than {MAX_FILE_BYTES} bytes")])
        contents[name] = data
    deployments = processes.deploy(session, cache, contents, actor.name)
    if not any(d.created for d in deployments):
        response.status_code = status.HTTP_200_OK
    return [
        DeploymentRead(
            process=ProcessRead.of(d.version),
            created=d.created,
            warnings=[LintWarningRead.model_validate(w, from_attributes=True) for w in d.warnings],
        )
        for d in deployments
    ]


@router.get(
    "/{process_id}", response_model=ProcessDetail, summary="One process with its lanes, tasks and forms"
)
def get_process(
    session: SessionDep,
    actor: CurrentActor,
    process_id: str,
    version: Version = None,
) -> ProcessDetail:
    return ProcessDetail.of(processes.get_version(session, process_id, version))


@router.get("/{process_id}/versions", response_model=list[ProcessRead], summary="All versions of a process")
def list_process_versions(session: SessionDep, actor: CurrentActor, process_id: str) -> list[ProcessRead]:
    return [ProcessRead.of(v) for v in processes.list_versions(session, process_id)]


@router.get(
    "/{process_id}/diagram.svg",
    summary="The process diagram as SVG",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
def get_process_diagram(
    session: SessionDep,
    actor: CurrentActor,
    process_id: str,
    version: Version = None,
) -> Response:
    found = processes.get_version(session, process_id, version)
    xml = processes.version_files(session, found)[found.summary["file"]]
    title = f"{found.name} (v{found.number})"
    return Response(diagram.render(xml, diagram.Highlight(title=title)), media_type="image/svg+xml")


@router.get(
    "/{process_id}/bpmn",
    summary="The BPMN XML of a version",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}},
)
def get_process_bpmn(
    session: SessionDep,
    actor: CurrentActor,
    process_id: str,
    version: Version = None,
) -> Response:
    found = processes.get_version(session, process_id, version)
    main = found.summary["file"]
    content = processes.version_files(session, found)[main]
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'inline; filename="{main.rsplit("/", 1)[-1]}"'},
    )
