"""Process versions: deploy BPMN files, look versions up, and cache parsed definitions."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, defer

from . import bpmn, db, lint
from .db import KEPT_VERSIONS
from .errors import NotFound, Problem, ProcessInvalid
from .models import ProcessFile, ProcessVersion, ProcessVersionChange, Version, utcnow
from .vocabulary import VersionAction
from .workflow_cache import DEFAULT_SIZE, WorkflowCache

SERVICE = "procesregie"
"""Who deployed the versions the service deploys itself at start-up."""


@dataclass
class Deployment:
    """The outcome of deploying one process: its version and whether it is new."""

    version: ProcessVersion
    created: bool
    warnings: list[Problem] = field(default_factory=list)
    """What lint warns about in the process's files (house rules of a file from elsewhere, ignored
    Camunda attributes) and the translation of its JUEL conditions (ADR 24)."""


_VERSION_CONTENT = select(*(ProcessVersion.__table__.c[f.name] for f in fields(Version))).where(
    ProcessVersion.id == bindparam("id")
)


def kept_version(session: Session, version_id: int) -> Version:
    """The content of a process version (:class:`engine.models.Version`), read once per worker and kept
    by the session factory (:func:`engine.db.make_sessionmaker`) for every later transaction: what is
    kept never changes, so no step reads a version's row again (ADR 44).

    Raises:
        NotFound: no such version.
    """
    kept: dict[int, Version] = session.info[KEPT_VERSIONS]
    version = kept.get(version_id) or db.pending(session, (KEPT_VERSIONS, version_id))
    if version is None:
        row = session.execute(_VERSION_CONTENT, {"id": version_id}).first()
        if row is None:
            raise NotFound("process version", str(version_id))
        version = kept.setdefault(version_id, Version.of(row))
    return version


class DefinitionCache:
    """Parsed definitions per process version, parsed once per worker process; and the workflows of the
    cases this worker stepped last, which run on them (:mod:`engine.workflow_cache`, at most
    ``workflows`` cases)."""

    def __init__(self, workflows: int = DEFAULT_SIZE) -> None:
        self._definitions: dict[int, bpmn.ProcessDefinition] = {}
        self._lock = threading.Lock()
        self.workflows = WorkflowCache(workflows)

    def get(self, session: Session, version: Version | ProcessVersion) -> bpmn.ProcessDefinition:
        definition = self._definitions.get(version.id) or db.pending(session, (self, version.id))
        if definition is None:
            files = version_files(session, version_row(session, version))
            definition = next(d for d in bpmn.parse_definitions(files) if d.process_id == version.process_id)
            with self._lock:
                self._definitions[version.id] = definition
        return definition

    def put(self, session: Session, version: ProcessVersion, definition: bpmn.ProcessDefinition) -> None:
        """Keep the definition of a version ``session``'s transaction deployed, and what
        :func:`kept_version` keeps of the version, once the transaction commits
        (:func:`engine.db.after_commit`): on SQLite a rolled-back version's id goes to the next one."""
        db.after_commit(
            session, (self, version.id), definition, functools.partial(self._put, version.id, definition)
        )
        kept: dict[int, Version] = session.info[KEPT_VERSIONS]
        content = Version.of(version)
        db.after_commit(
            session,
            (KEPT_VERSIONS, version.id),
            content,
            functools.partial(kept.setdefault, version.id, content),
        )

    def _put(self, version_id: int, definition: bpmn.ProcessDefinition) -> None:
        with self._lock:
            self._definitions[version_id] = definition


def version_row(session: Session, version: Version | ProcessVersion) -> ProcessVersion:
    """The row of a kept version (:class:`engine.models.Version`), for what is not kept of it: its file
    list, catalogue summary, phase and ``retired_at``."""
    if isinstance(version, ProcessVersion):
        return version
    row = session.get(ProcessVersion, version.id)
    assert row is not None, version.id  # a version is never deleted
    return row


def version_files(session: Session, version: ProcessVersion) -> dict[str, bytes]:
    """The BPMN files of a version, by file name."""
    contents = dict(
        session.execute(
            select(ProcessFile.hash, ProcessFile.content).where(ProcessFile.hash.in_(version.files.values()))
        ).all()
    )
    return {name: contents[h].encode() for name, h in version.files.items()}


def deploy(
    session: Session,
    cache: DefinitionCache,
    files: Mapping[str, bytes],
    deployed_by: str = SERVICE,
    house_rules: bool = False,
    in_use: bool = True,
) -> list[Deployment]:
    """Lint and deploy BPMN files; each executable process in them gets a version.

    A file that is already deployed with the same content (and the same called
    processes) keeps its version. ``deployed_by`` names the ontwerper, or the service itself at start-up.
    The house rules are errors with ``house_rules`` (the files of processes/), else warnings (ADR 24).
    A new version is the one new cases start on; without ``in_use`` it is deployed retired, so new
    cases stay on the version they started on before, until an ontwerper pilots it or rolls back to it.

    Raises:
        ProcessInvalid: the files cannot run; every problem names file and element.
    """
    if not files:
        raise ProcessInvalid([Problem("(none)", "-", "no BPMN file was given")])
    checked = check(session, files, house_rules)
    checked.raise_if_problems()
    definitions = checked.definitions
    deployments = []
    for definition in definitions:
        version = deployed_as(session, definition)
        warnings = [w for w in checked.warnings if w.file in definition.files]
        if version is not None:
            deployments.append(Deployment(version, created=False, warnings=warnings))
            continue
        hashes = {}
        for name, data in definition.files.items():
            digest = bpmn.content_hash(data)
            hashes[name] = digest
            if session.get(ProcessFile, digest) is None:
                session.add(ProcessFile(hash=digest, content=data.decode()))
        number = (
            session.scalar(
                select(func.max(ProcessVersion.number)).where(
                    ProcessVersion.process_id == definition.process_id
                )
            )
            or 0
        ) + 1
        version = ProcessVersion(
            process_id=definition.process_id,
            content_hash=definition.content_hash,
            number=number,
            name=definition.name,
            phase=definition.phase or _phase_from_path(next(iter(files))),
            roles=definition.roles,
            files=hashes,
            summary=definition.summary(),
            deployed_by=deployed_by,
        )
        if not in_use:
            version.retired_at = utcnow()
            session.add(
                ProcessVersionChange(
                    at=version.retired_at,
                    actor=deployed_by,
                    process_id=version.process_id,
                    number=number,
                    action=VersionAction.RETIRED,
                    reason="gepubliceerd zonder in gebruik te nemen",
                    data={"deployed_not_in_use": True},
                )
            )
        session.add(version)
        session.flush()
        cache.put(session, version, definition)
        deployments.append(Deployment(version, created=True, warnings=warnings))
    return deployments


def deployed_as(session: Session, definition: bpmn.ProcessDefinition) -> ProcessVersion | None:
    """The version of the process with the same content, if one is deployed.

    The same content is the same canonical XML (:func:`engine.bpmn.version_hash`). A version deployed
    before hashes were canonical holds a hash over its files' bytes (:func:`engine.bpmn.byte_hash`);
    its stored files are compared in canonical form instead, so an upgrade makes no new versions.
    """
    same = select(ProcessVersion).where(ProcessVersion.process_id == definition.process_id)
    version = session.scalar(same.where(ProcessVersion.content_hash == definition.content_hash))
    if version is not None:
        return version
    for older in session.scalars(same.order_by(ProcessVersion.number.desc())):
        if older.content_hash == bpmn.byte_hash(older.files):
            if bpmn.version_hash(version_files(session, older)) == definition.content_hash:
                return older
    return None


def check(session: Session, files: Mapping[str, bytes], house_rules: bool = False) -> lint.LintResult:
    """Lint BPMN files as deploying does: a called process not among them is its deployed latest version."""
    return lint.lint(files, lambda process_id: _latest_files(session, process_id), house_rules)


def main_file(session: Session, version: Version | ProcessVersion) -> tuple[str, bytes]:
    """The name and content of the BPMN file that holds a version's own process."""
    row = version_row(session, version)
    name: str = row.summary["file"]
    return name, version_files(session, row)[name]


def deploy_directory(
    session: Session, cache: DefinitionCache, directory: Path, house_rules: bool = True, in_use: bool = True
) -> list[Deployment]:
    """Deploy every BPMN file under a directory (the service does this at start-up with processes/)."""
    files = {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*.bpmn"))}
    return deploy(session, cache, files, house_rules=house_rules, in_use=in_use) if files else []


def _phase_from_path(name: str) -> str | None:
    folder = Path(name).parts[0] if len(Path(name).parts) > 1 else ""
    return folder.split("-")[0] if folder[:1].isdigit() else None


def _latest_files(session: Session, process_id: str) -> dict[str, bytes] | None:
    version = latest_version(session, process_id, required=False)
    return version_files(session, version) if version else None


# The version in use: the newest one not retired; when every version is retired, the newest.
IN_USE_FIRST = (ProcessVersion.retired_at.is_(None).desc(), ProcessVersion.number.desc())
_LATEST = (
    select(ProcessVersion)
    .where(ProcessVersion.process_id == bindparam("process_id"))
    .order_by(*IN_USE_FIRST)
    .limit(1)
)
_LATEST_WITHOUT_CONTENT = _LATEST.options(defer(ProcessVersion.files), defer(ProcessVersion.summary))


def latest_version(
    session: Session, process_id: str, required: bool = True, *, content: bool = True
) -> ProcessVersion | None:
    """The version of a process new cases start on: its newest version that is not retired (when all
    are, the newest, whose ``retired_at`` says so). Without ``content`` its file list and catalogue
    summary stay unread (running a case needs neither: the parsed definition comes from the
    :class:`DefinitionCache`)."""
    version = session.scalar(_LATEST if content else _LATEST_WITHOUT_CONTENT, {"process_id": process_id})
    if version is None and required:
        raise NotFound("process", process_id)
    return version


def get_version(session: Session, process_id: str, number: int | None = None) -> ProcessVersion:
    """A process's version by number, or the one in use (:func:`latest_version`)."""
    if number is None:
        version = latest_version(session, process_id)
        assert version is not None
        return version
    version = session.scalar(
        select(ProcessVersion).where(ProcessVersion.process_id == process_id, ProcessVersion.number == number)
    )
    if version is None:
        raise NotFound("process version", f"{process_id} v{number}")
    return version


def _in_use() -> Any:
    """The version in use (:func:`latest_version`) of every deployed process, as a subquery of ids."""
    return (
        select(
            ProcessVersion.id,
            func.row_number()
            .over(partition_by=ProcessVersion.process_id, order_by=IN_USE_FIRST)
            .label("rank"),
        )
    ).subquery()


def list_latest(session: Session) -> list[ProcessVersion]:
    """The version in use (:func:`latest_version`) of every deployed process, ordered by phase and name."""
    in_use = _in_use()
    return list(
        session.scalars(
            select(ProcessVersion)
            .join(in_use, (ProcessVersion.id == in_use.c.id) & (in_use.c.rank == 1))
            .order_by(ProcessVersion.phase, ProcessVersion.process_id)
        )
    )


class Named(NamedTuple):
    """What a report shows of a process version: its name, number and norm lead time (the property
    ``doorlooptijd``, ISO 8601), without its files and catalogue summary."""

    id: int
    process_id: str
    number: int
    name: str
    doorlooptijd: str | None


_NAMED = select(
    ProcessVersion.id,
    ProcessVersion.process_id,
    ProcessVersion.number,
    ProcessVersion.name,
    ProcessVersion.summary["properties"]["doorlooptijd"].as_string(),
)


def list_latest_named(session: Session) -> list[Named]:
    """:func:`list_latest` as the reports name them: the database reads the norm out of each summary,
    so the summaries (737 kB for the 129 versions of processes/) are not sent and decoded per page."""
    in_use = _in_use()
    return [
        Named(*row)
        for row in session.execute(
            _NAMED.join(in_use, (ProcessVersion.id == in_use.c.id) & (in_use.c.rank == 1)).order_by(
                ProcessVersion.phase, ProcessVersion.process_id
            )
        )
    ]


def named(session: Session, ids: Iterable[int]) -> dict[int, Named]:
    """The versions of ``ids`` as the reports name them (:class:`Named`), by id."""
    return {row.id: Named(*row) for row in session.execute(_NAMED.where(ProcessVersion.id.in_(set(ids))))}


def list_versions(session: Session, process_id: str) -> list[ProcessVersion]:
    """Every version of a process, oldest first."""
    versions = list(
        session.scalars(
            select(ProcessVersion)
            .where(ProcessVersion.process_id == process_id)
            .order_by(ProcessVersion.number)
        )
    )
    if not versions:
        raise NotFound("process", process_id)
    return versions
