"""Managing the versions of a process: roll back, retire, move running cases between versions, compare.

Deploying makes versions (:mod:`engine.processes`); an ontwerper decides here which one new cases
start on. Rolling back to version N makes N the one in use again and retires every newer one;
retiring a version stops new cases on it while its running cases go on. Each change is kept with
who made it and why (:class:`engine.models.ProcessVersionChange`), for the auditor. Moving running
cases to another version checks, per case, that every task, timer and message it waits at is in the
target with the same element id and type, and records the move in the case's history (ADR 23).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from . import bpmn, store, task_counts, xmldoc
from .errors import Conflict, FieldError, InvalidInput, NotFound, ProcessError
from .forms import parse_form
from .models import Case, CaseTask, CaseTaskRole, ProcessVersion, ProcessVersionChange, utcnow
from .processes import DefinitionCache, get_version, kept_version, list_versions, main_file
from .step import next_timer
from .users import Actor
from .vocabulary import BPMN_NS, OPEN_TASK_STATUSES, CaseStatus, EventType, VersionAction

MAX_REASON = 500


def _reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput([FieldError("reason", "say why; it is kept with the change for the auditor")])
    if len(text) > MAX_REASON:
        raise InvalidInput([FieldError("reason", f"at most {MAX_REASON} characters")])
    return text


def record(
    session: Session, actor: str, version: ProcessVersion, action: VersionAction, reason: str, **data: Any
) -> ProcessVersionChange:
    """Keep a change to the versions of a process with who made it and why, for the auditor."""
    change = ProcessVersionChange(
        at=utcnow(),
        actor=actor,
        process_id=version.process_id,
        number=version.number,
        action=action,
        reason=reason,
        data=data,
    )
    session.add(change)
    session.flush()
    return change


def rollback(session: Session, actor: str, process_id: str, number: int, reason: str) -> ProcessVersionChange:
    """Make version ``number`` the one new cases start on again: it is taken back into use and every newer
    version is retired. Running cases keep their versions.

    Raises:
        NotFound: no such process or version.
        InvalidInput: no reason given.
        Conflict: the version is already the one in use.
    """
    text = _reason(reason)
    target = get_version(session, process_id, number)
    if _in_use(list_versions(session, process_id)) is target:
        raise Conflict(f"version {number} of '{process_id}' is already the version new cases start on")
    previous, retired = put_in_use(session, process_id, number)
    action = VersionAction.ROLLED_BACK
    return record(session, actor, target, action, text, previous=previous, retired=retired)


def put_in_use(session: Session, process_id: str, number: int) -> tuple[int | None, list[int]]:
    """Make version ``number`` the one new cases start on: take it back into use and retire every newer
    version. Returns the version in use before (None: every version was retired) and those retired.

    Raises:
        NotFound: no such process or version.
    """
    versions = list_versions(session, process_id)
    target = get_version(session, process_id, number)
    in_use = _in_use(versions)
    now = utcnow()
    retired = [v.number for v in versions if v.number > number and v.retired_at is None]
    for version in versions:
        if version.number > number and version.retired_at is None:
            version.retired_at = now
    target.retired_at = None
    session.flush()
    return (in_use.number if in_use else None), retired


def retire(session: Session, actor: str, process_id: str, number: int, reason: str) -> ProcessVersionChange:
    """Start no new cases on version ``number``; its running cases go on. New cases start on the newest
    version still in use (none, when every version is retired).

    Raises:
        NotFound: no such process or version.
        InvalidInput: no reason given.
        Conflict: the version is retired already.
    """
    text = _reason(reason)
    version = get_version(session, process_id, number)
    if version.retired_at is not None:
        raise Conflict(f"version {number} of '{process_id}' is retired already")
    version.retired_at = utcnow()
    session.flush()
    now_in_use = _in_use(list_versions(session, process_id))
    return record(
        session,
        actor,
        version,
        VersionAction.RETIRED,
        text,
        in_use=now_in_use.number if now_in_use else None,
    )


def _in_use(versions: list[ProcessVersion]) -> ProcessVersion | None:
    return next((v for v in reversed(versions) if v.retired_at is None), None)


def changes(session: Session, process_id: str) -> list[ProcessVersionChange]:
    """Every rollback, retirement and case migration of a process, oldest first."""
    list_versions(session, process_id)  # NotFound for a process that does not exist
    return list(
        session.scalars(
            select(ProcessVersionChange)
            .where(ProcessVersionChange.process_id == process_id)
            .order_by(ProcessVersionChange.at, ProcessVersionChange.id)
        )
    )


# -- moving running cases to another version ------------------------------------------------------


@dataclass(frozen=True)
class CaseMigration:
    """What moving one case did, or would do: moved, or refused with the reason naming the element."""

    case_id: str
    gemeente: str
    migrated: bool
    element: str | None = None
    refusal: str | None = None


@dataclass
class Migration:
    """The outcome of moving the running cases of one version to another."""

    process_id: str
    from_number: int
    to_number: int
    dry_run: bool
    cases: list[CaseMigration] = field(default_factory=list)

    @property
    def migrated(self) -> int:
        return sum(c.migrated for c in self.cases)

    @property
    def refused(self) -> int:
        return len(self.cases) - self.migrated


def migrate_cases(
    session: Session,
    cache: DefinitionCache,
    actor: Actor | str,
    process_id: str,
    from_number: int,
    to_number: int,
    *,
    dry_run: bool = False,
    reason: str = "",
) -> Migration:
    """Move every running case of version ``from_number`` to version ``to_number``.

    A case moves when every task, timer and message event it waits at exists in the target with the
    same element id and type; its tasks keep their ids, claims and assignees, and its timers their
    due times. Otherwise it stays, and the refusal names the element. A moved case gets a
    ``case_migrated`` event in its history. With ``dry_run`` nothing is changed.

    Raises:
        NotFound: no such process or version.
        InvalidInput: the two versions are the same.
    """
    name = actor if isinstance(actor, str) else actor.name
    if from_number == to_number:
        raise InvalidInput([FieldError("to_version", "is the version the cases are on already")])
    source = get_version(session, process_id, from_number)
    target = get_version(session, process_id, to_number)
    text = " ".join(reason.split())[:MAX_REASON]
    target_definition = cache.get(session, target)
    result = Migration(process_id, from_number, to_number, dry_run)
    running = select(Case).where(Case.process_version_id == source.id, Case.status == CaseStatus.RUNNING)
    for case in session.scalars(running.order_by(Case.started_at, Case.id)):
        result.cases.append(
            _migrate_case(session, cache, name, case, target, target_definition, dry_run, text)
        )
    if not dry_run and result.migrated:
        record(
            session,
            name,
            target,
            VersionAction.CASES_MIGRATED,
            text or f"cases of version {from_number} moved to version {to_number}",
            from_version=from_number,
            migrated=result.migrated,
            refused=result.refused,
        )
    return result


def _migrate_case(
    session: Session,
    cache: DefinitionCache,
    actor: str,
    case: Case,
    target: ProcessVersion,
    definition: bpmn.ProcessDefinition,
    dry_run: bool,
    reason: str,
) -> CaseMigration:
    try:
        _, workflow = store.restore(session, cache, case)
    except ProcessError as err:  # state this SpiffWorkflow cannot read: the case stays, named
        return CaseMigration(case.id, case.gemeente, False, err.element, err.message)
    missing = [c for c in bpmn.counterparts(workflow, definition) if not c.present]
    if missing:
        first = missing[0]
        names = ", ".join(f"'{c.name}' ({c.element_id}, {c.kind})" for c in missing)
        refusal = f"the case waits at {names}, which version {target.number} does not have"
        return CaseMigration(case.id, case.gemeente, False, first.element_id, refusal)
    try:
        bpmn.migrate(workflow, definition)
    except Conflict as err:
        return CaseMigration(case.id, case.gemeente, False, None, str(err))
    if dry_run:
        return CaseMigration(case.id, case.gemeente, True)
    source = case.process_version
    writes = store.CaseWrites(session, case)
    case.process_version = kept_version(session, target.id)  # the event names the version the case is on now
    writes.set_case(
        process_version_id=target.id,
        state=bpmn.dump_state(workflow),
        serializer_version=bpmn.SERIALIZER_VERSION,
        next_timer_at=next_timer(workflow),
    )
    writes.event(
        EventType.CASE_MIGRATED,
        actor,
        data={
            "from_version": source.number,
            "from_hash": source.content_hash,
            "to_version": target.number,
            **({"reason": reason} if reason else {}),
        },
    )
    writes.write()
    _follow_tasks(session, case, definition)
    return CaseMigration(case.id, case.gemeente, True)


def _follow_tasks(session: Session, case: Case, definition: bpmn.ProcessDefinition) -> None:
    """Give the case's open tasks the name and roles their element has in the new version."""
    open_tasks = select(CaseTask).where(CaseTask.case_id == case.id, CaseTask.status.in_(OPEN_TASK_STATUSES))
    renamed: task_counts.Changes = {}  # a task counts under its name (engine/task_counts.py)
    for task in session.scalars(open_tasks):
        info = next((t for t in definition.tasks.values() if t.id == task.element_id), None)
        if info is None or (task.name, task.role, task.roles) == (info.name, info.role, list(info.roles)):
            continue
        if task.name != info.name:
            counted = {column.key: getattr(task, column.key) for column in task_counts.COLUMNS}
            task_counts.changed(renamed, counted, {**counted, "name": info.name})
        session.execute(
            update(CaseTask)
            .where(CaseTask.id == task.id)
            .values(name=info.name, role=info.role, roles=list(info.roles))
        )
        session.execute(delete(CaseTaskRole).where(CaseTaskRole.task_id == task.id))
        session.add_all(CaseTaskRole(task_id=task.id, role=role) for role in info.roles)
    task_counts.add(session, renamed)
    session.expire(case, ["open_tasks"])


# -- comparing two versions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between two versions: what (an element, flow, form field or condition), which one,
    and how it was and is."""

    kind: str  # element, flow, field, condition
    id: str
    change: str  # added, removed, changed
    name: str
    before: str | None = None
    after: str | None = None


@dataclass
class VersionDiff:
    """What changed from version ``a`` to version ``b`` of a process."""

    process_id: str
    a: int
    b: int
    changes: list[Change]

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


_FLOW = f"{{{BPMN_NS}}}sequenceFlow"
_CONDITION = f"{{{BPMN_NS}}}conditionExpression"
_NOT_ELEMENTS = {"documentation", "extensionElements", "incoming", "outgoing", "conditionExpression", "text"}


def diff(session: Session, process_id: str, a: int, b: int) -> VersionDiff:
    """The elements and flows added, removed or changed from version ``a`` to ``b``, and the form fields
    and conditions that changed.

    Raises:
        NotFound: no such process or version.
    """
    before = _outline(*main_file(session, get_version(session, process_id, a)), process_id)
    after = _outline(*main_file(session, get_version(session, process_id, b)), process_id)
    result: list[Change] = []
    for kind in ("element", "flow", "field", "condition"):
        old, new = before[kind], after[kind]
        for key in [*old, *(k for k in new if k not in old)]:
            was, now = old.get(key), new.get(key)
            if was is not None and now is not None and was[1] == now[1]:
                continue
            change = "added" if was is None else "removed" if now is None else "changed"
            name = (now or was or ("", ""))[0]
            result.append(Change(kind, key, change, name, was and was[1], now and now[1]))
    return VersionDiff(process_id, a, b, result)


def _outline(file: str, data: bytes, process_id: str) -> dict[str, dict[str, tuple[str, str]]]:
    """Per kind, each element, flow, form field and condition of the process: its name and a description
    that changes when it does."""
    root = xmldoc.read(file, data)
    process = root.find(f"{{{BPMN_NS}}}process[@id='{process_id}']")
    if process is None:
        raise NotFound("process", process_id)
    outline: dict[str, dict[str, tuple[str, str]]] = {
        k: {} for k in ("element", "flow", "field", "condition")
    }
    for node in process.iter(f"{{{BPMN_NS}}}*"):
        tag = etree.QName(node).localname
        element_id = node.get("id")
        if not element_id or tag in _NOT_ELEMENTS or tag.endswith("EventDefinition") or tag == "laneSet":
            continue
        name = " ".join((node.get("name") or "").split()) or element_id
        if node.tag == _FLOW:
            source, target = node.get("sourceRef", "?"), node.get("targetRef", "?")
            outline["flow"][element_id] = (name, f"{source} → {target}")
            condition = node.find(_CONDITION)
            if condition is not None:
                outline["condition"][element_id] = (name, " ".join((condition.text or "").split()))
            continue
        definitions = sorted(
            etree.QName(d).localname for d in node if etree.QName(d).localname.endswith("Definition")
        )
        outline["element"][element_id] = (name, " ".join([tag, *definitions, f"'{name}'"]))
        form, _ = parse_form(node)
        for f in form.as_list():
            options = "|".join(o["id"] for o in f.pop("options"))
            described = ", ".join(
                f"{k}={v}" for k, v in sorted({**f, "options": options}.items()) if v not in (None, False, "")
            )
            outline["field"][f"{element_id}.{f['id']}"] = (f"{name}: {f['label']}", described)
    return outline
