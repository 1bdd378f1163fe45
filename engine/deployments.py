"""Deployments as Camunda 7 knows them: BPMN files deployed together under a name, from a source,
for a tenant (a gemeente), and the process versions they made (ADR 22).

Deploying is :func:`engine.processes.deploy`; this module only records the deployment around it.
A process gets a new version only when it changed, whatever the deployment asks: a deployment
that makes no new version answers with the deployment that made the versions it would have made.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import processes
from .errors import FieldError, InvalidInput, NotFound
from .models import Deployment, DeploymentVersion, ProcessVersion, utcnow
from .processes import DefinitionCache
from .users import Actor


@dataclass
class Deployed:
    """A deployment and the process versions it made now (none when nothing changed)."""

    deployment: Deployment
    made: list[ProcessVersion]


def create(
    session: Session,
    cache: DefinitionCache,
    actor: Actor,
    files: Mapping[str, bytes],
    name: str | None = None,
    source: str | None = None,
    tenant_id: str | None = None,
) -> Deployed:
    """Deploy BPMN files as one deployment (:func:`engine.processes.deploy`).

    Raises:
        InvalidInput: ``tenant_id`` is not a gemeente the actor serves.
        ProcessInvalid: the files cannot run; every problem names file, element, line and column.
    """
    if tenant_id is not None and not actor.serves(tenant_id):
        raise InvalidInput([FieldError("tenant-id", f"'{tenant_id}' is not a gemeente you serve")])
    results = processes.deploy(session, cache, files, actor.name)
    made = [d.version for d in results if d.created]
    if not made:
        earlier = session.scalar(
            select(Deployment)
            .join(DeploymentVersion, DeploymentVersion.deployment_id == Deployment.id)
            .where(DeploymentVersion.process_version_id.in_([d.version.id for d in results]))
            .order_by(Deployment.deployed_at.desc())
            .limit(1)
        )
        if earlier is not None:
            return Deployed(earlier, [])
    deployment = Deployment(
        id=str(uuid.uuid4()),
        name=name,
        source=source,
        tenant_id=tenant_id,
        deployed_at=utcnow(),
        deployed_by=actor.name,
    )
    session.add(deployment)
    session.flush()
    session.add_all(DeploymentVersion(deployment_id=deployment.id, process_version_id=v.id) for v in made)
    session.flush()
    return Deployed(deployment, made)


def get(session: Session, deployment_id: str) -> Deployment:
    """Raises:
    NotFound: no such deployment."""
    deployment = session.get(Deployment, deployment_id)
    if deployment is None:
        raise NotFound("deployment", deployment_id)
    return deployment


@dataclass(frozen=True)
class DeploymentFilter:
    """What a list of deployments is narrowed to; ``None`` leaves a field out."""

    id: str | None = None
    name: str | None = None
    name_like: str | None = None
    source: str | None = None
    tenant_ids: tuple[str, ...] | None = None
    without_tenant: bool = False


def find(session: Session, f: DeploymentFilter, limit: int | None, offset: int) -> list[Deployment]:
    """Deployments matching the filter, oldest first."""
    query = select(Deployment)
    if f.id is not None:
        query = query.where(Deployment.id == f.id)
    if f.name is not None:
        query = query.where(Deployment.name == f.name)
    if f.name_like is not None:
        query = query.where(Deployment.name.like(f.name_like))
    if f.source is not None:
        query = query.where(Deployment.source == f.source)
    if f.tenant_ids is not None and f.without_tenant:
        query = query.where(Deployment.tenant_id.in_(f.tenant_ids) | Deployment.tenant_id.is_(None))
    elif f.tenant_ids is not None:
        query = query.where(Deployment.tenant_id.in_(f.tenant_ids))
    elif f.without_tenant:
        query = query.where(Deployment.tenant_id.is_(None))
    query = query.order_by(Deployment.deployed_at, Deployment.id).offset(offset)
    return list(session.scalars(query if limit is None else query.limit(limit)))


def made_by(session: Session, versions: Iterable[ProcessVersion]) -> dict[int, str]:
    """The deployment that made each version, by version id (versions deployed otherwise have none)."""
    ids = [v.id for v in versions]
    rows = session.execute(
        select(DeploymentVersion.process_version_id, DeploymentVersion.deployment_id).where(
            DeploymentVersion.process_version_id.in_(ids)
        )
    )
    return {row.process_version_id: row.deployment_id for row in rows}


@dataclass(frozen=True)
class DefinitionFilter:
    """What a list of process versions (Camunda's process definitions) is narrowed to."""

    process_id: str | None = None
    process_id_like: str | None = None
    name: str | None = None
    name_like: str | None = None
    number: int | None = None
    deployment_id: str | None = None
    version_id: int | None = None


def definitions(
    session: Session, f: DefinitionFilter, latest: bool, limit: int | None, offset: int
) -> list[ProcessVersion]:
    """Process versions matching the filter, by process and number; with ``latest`` only the version
    each process starts its cases on (:func:`engine.processes.list_latest`)."""
    if latest:
        newest = processes.list_latest(session)
        made = made_by(session, newest)
        found = sorted(
            (v for v in newest if _matches(v, f, made.get(v.id))), key=lambda v: (v.process_id, v.number)
        )
        return found[offset:] if limit is None else found[offset : offset + limit]
    query = select(ProcessVersion)
    if f.process_id is not None:
        query = query.where(ProcessVersion.process_id == f.process_id)
    if f.process_id_like is not None:
        query = query.where(ProcessVersion.process_id.like(f.process_id_like))
    if f.name is not None:
        query = query.where(ProcessVersion.name == f.name)
    if f.name_like is not None:
        query = query.where(ProcessVersion.name.like(f.name_like))
    if f.number is not None:
        query = query.where(ProcessVersion.number == f.number)
    if f.version_id is not None:
        query = query.where(ProcessVersion.id == f.version_id)
    if f.deployment_id is not None:
        query = query.join(
            DeploymentVersion, DeploymentVersion.process_version_id == ProcessVersion.id
        ).where(DeploymentVersion.deployment_id == f.deployment_id)
    query = query.order_by(ProcessVersion.process_id, ProcessVersion.number).offset(offset)
    return list(session.scalars(query if limit is None else query.limit(limit)))


def _matches(v: ProcessVersion, f: DefinitionFilter, deployment_id: str | None) -> bool:
    return (
        (f.process_id is None or v.process_id == f.process_id)
        and (f.process_id_like is None or _like(v.process_id, f.process_id_like))
        and (f.name is None or v.name == f.name)
        and (f.name_like is None or _like(v.name, f.name_like))
        and (f.number is None or v.number == f.number)
        and (f.version_id is None or v.id == f.version_id)
        and (f.deployment_id is None or deployment_id == f.deployment_id)
    )


def _like(value: str, pattern: str) -> bool:
    """SQL's LIKE (``%`` any run, ``_`` one character), as the database would match it."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None
