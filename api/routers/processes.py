from __future__ import annotations

from typing import Annotated

from fastapi import File, Query, Response, UploadFile, status

from engine import diagram, processes, versions
from engine.errors import Problem, ProcessInvalid

from ..deps import (
    ApiRoute,
    CacheDep,
    CurrentActor,
    Ontwerper,
    SessionDep,
    Version,
    VersionNumber,
    content_disposition,
)
from ..routing import PrefixRouter
from ..schemas.processes import (
    DeploymentRead,
    LintWarningRead,
    MigrationCreate,
    MigrationRead,
    ProcessDetail,
    ProcessRead,
    VersionChangeCreate,
    VersionChangeRead,
    VersionDiffRead,
)

router = PrefixRouter(prefix="/processes", tags=["processes"], route_class=ApiRoute)
MAX_FILE_BYTES = 5_000_000


@router.get("", response_model=list[ProcessRead], summary="Deployed processes (latest version of each)")
def list_processes(session: SessionDep, actor: CurrentActor) -> list[ProcessRead]:
    return [ProcessRead.of(v) for v in processes.list_latest(session)]


@router.post(
    "",
    response_model=list[DeploymentRead],
    status_code=status.HTTP_201_CREATED,
    summary="Deploy BPMN files (role ontwerper)",
    responses={
        200: {"model": list[DeploymentRead], "description": "every file was deployed already: nothing new"},
        422: {"description": "the BPMN cannot run: errors name file and element"},
    },
)
def deploy_processes(
    session: SessionDep,
    cache: CacheDep,
    actor: Ontwerper,
    response: Response,
    files: Annotated[
        list[UploadFile],
        File(min_length=1, description="BPMN files; a called process may come along or be deployed already"),
    ],
    in_use: Annotated[
        bool,
        Query(
            description="false: new versions are deployed retired, so new cases stay on the version in "
            "use until an ontwerper pilots the new one (POST /processes/{id}/pilots) or rolls back to it"
        ),
    ] = True,
) -> list[DeploymentRead]:
    contents: dict[str, bytes] = {}
    for upload in files:
        name = upload.filename or "upload.bpmn"
        data = upload.file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ProcessInvalid([Problem(name, "-", f"file is larger than {MAX_FILE_BYTES} bytes")])
        contents[name] = data
    deployments = processes.deploy(session, cache, contents, actor.name, in_use=in_use)
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
        headers={"Content-Disposition": content_disposition("inline", main.rsplit("/", 1)[-1])},
    )


@router.post(
    "/{process_id}/versions/{number}/rollback",
    response_model=VersionChangeRead,
    summary="Make an earlier version the one new cases start on; newer versions are retired (ontwerper)",
    responses={409: {"description": "the version is already the one in use"}},
)
def rollback_process(
    session: SessionDep, actor: Ontwerper, process_id: str, number: VersionNumber, body: VersionChangeCreate
) -> VersionChangeRead:
    return VersionChangeRead.model_validate(
        versions.rollback(session, actor.name, process_id, number, body.reason)
    )


@router.post(
    "/{process_id}/versions/{number}/retire",
    response_model=VersionChangeRead,
    summary="Start no new cases on a version; its running cases go on (ontwerper)",
    responses={409: {"description": "the version is retired already"}},
)
def retire_process_version(
    session: SessionDep, actor: Ontwerper, process_id: str, number: VersionNumber, body: VersionChangeCreate
) -> VersionChangeRead:
    return VersionChangeRead.model_validate(
        versions.retire(session, actor.name, process_id, number, body.reason)
    )


@router.get(
    "/{process_id}/changes",
    response_model=list[VersionChangeRead],
    summary="Rollbacks, retirements and case migrations of a process: who, when, why",
)
def list_version_changes(
    session: SessionDep, actor: CurrentActor, process_id: str
) -> list[VersionChangeRead]:
    return [VersionChangeRead.model_validate(c) for c in versions.changes(session, process_id)]


@router.get(
    "/{process_id}/versions/{number}/diff/{other}",
    response_model=VersionDiffRead,
    summary="What changed from one version to another: elements, flows, form fields, conditions",
)
def diff_process_versions(
    session: SessionDep, actor: CurrentActor, process_id: str, number: VersionNumber, other: VersionNumber
) -> VersionDiffRead:
    return VersionDiffRead.of(versions.diff(session, process_id, number, other))


@router.post(
    "/{process_id}/migrations",
    response_model=MigrationRead,
    summary="Move the running cases of one version to another (ontwerper); dry_run only tells",
)
def migrate_process_cases(
    session: SessionDep, cache: CacheDep, actor: Ontwerper, process_id: str, body: MigrationCreate
) -> MigrationRead:
    migration = versions.migrate_cases(
        session,
        cache,
        actor,
        process_id,
        body.from_version,
        body.to_version,
        dry_run=body.dry_run,
        reason=body.reason,
    )
    return MigrationRead.of(migration)
