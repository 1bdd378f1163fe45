"""Staff pages: the work queue (/ui/werkvoorraad) and a task with its form and case (/ui/taken/{id})."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from engine import access, audit, cases, processes, tasks
from engine.errors import FieldError, InvalidInput
from engine.forms import Form
from engine.models import CaseTask, utcnow
from engine.users import Actor, SignedIn
from engine.vocabulary import LANE_ROLES, EventType, FieldType, TaskStatus

from ..deps import CacheDep, DefinitionsDep, ProfilesDep, SessionDep, TransactionalRoute
from .web import (
    Anyone,
    diagram_attributes,
    dutch_errors,
    form_data,
    from_htmx,
    redirect,
    render,
    shown_fields,
)

router = APIRouter(route_class=TransactionalRoute)
PAGE = 50


@router.get("/werkvoorraad")
def work_queue(
    request: Request,
    session: SessionDep,
    signed: Anyone,
    proces: str | None = None,
    rol: str | None = None,
    termijn: Annotated[int | None, Query(ge=1, le=366, description="term ends within this many days")] = None,
    mijn: bool = False,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
    afgerond: str | None = None,
) -> Response:
    actor = signed.actor
    roles = [rol] if rol in LANE_ROLES else None
    found = tasks.work_queue(
        session,
        actor,
        roles,
        process_id=proces or None,
        limit=PAGE + 1,
        offset=(pagina - 1) * PAGE,
        claimed_by=actor.name if mijn else None,
        term_before=utcnow() + dt.timedelta(days=termijn) if termijn else None,
    )
    more, found = len(found) > PAGE, found[:PAGE]
    latest = processes.list_latest_named(session)
    done = tasks.get_task(session, actor, afgerond) if afgerond else None
    return render(
        request,
        "werkvoorraad.html",
        signed,
        title="Werkvoorraad",
        tasks=found,
        cases=cases.summaries(session, actor, (t.case_id for t in found)),
        processes=latest,
        names={v.process_id: v.name for v in latest},
        roles=sorted(actor.lane_roles) or list(LANE_ROLES),
        filters={"proces": proces or "", "rol": rol or "", "termijn": termijn or "", "mijn": mijn},
        page=pagina,
        more=more,
        done=done,
        next_tasks=_next_tasks(session, signed, done.case_id) if done else [],
        now=utcnow(),
    )


def _next_tasks(session: SessionDep, signed: SignedIn, case_id: str) -> list[CaseTask]:
    """The open tasks of a case that the user sees, after they completed one of its tasks."""
    case, level = cases.read_case(session, signed.actor, case_id)
    return cases.visible_tasks(session, signed.actor, case, level, open_only=True)


@router.post("/taken/{task_id}/oppakken")
def claim(
    request: Request, session: SessionDep, cache: DefinitionsDep, signed: Anyone, task_id: str
) -> Response:
    task = tasks.claim_task(session, cache, signed.actor, task_id)
    if from_htmx(request):
        return _queue_row(request, session, signed, task)
    return redirect(f"/ui/taken/{task_id}")


@router.post("/taken/{task_id}/teruggeven")
def give_back(request: Request, session: SessionDep, signed: Anyone, task_id: str) -> Response:
    task = tasks.unclaim_task(session, signed.actor, task_id)
    if from_htmx(request):
        return _queue_row(request, session, signed, task)
    return redirect("/ui/werkvoorraad")


def _queue_row(request: Request, session: SessionDep, signed: SignedIn, task: CaseTask) -> Response:
    version = processes.latest_version(session, task.process_id, content=False)
    names = {task.process_id: version.name} if version else {}
    summaries = cases.summaries(session, signed.actor, [task.case_id])
    return render(
        request, "_werkvoorraad_rij.html", signed, t=task, cases=summaries, names=names, now=utcnow()
    )


@router.get("/taken/{task_id}")
def task_page(
    request: Request, session: SessionDep, cache: CacheDep, signed: Anyone, task_id: str
) -> Response:
    return _task_page(request, session, cache, signed, task_id)


@router.post("/taken/{task_id}")
def complete(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    profiles: ProfilesDep,
    signed: Anyone,
    task_id: str,
    form_data: Annotated[FormData, Depends(form_data)],
) -> Response:
    task = tasks.get_task(session, signed.actor, task_id)
    case = cases.get_case(session, signed.actor, task.case_id)
    form = cache.get(session, case.process_version).task_by_element(task.element_id).form
    values = _typed(form, form_data)
    try:
        with session.begin_nested():  # a refused completion leaves nothing behind
            tasks.complete_task(session, cache, signed.actor, task_id, values, profiles)
    except InvalidInput as err:
        return _task_page(request, session, cache, signed, task_id, errors=err.errors, entered=form_data)
    return redirect(f"/ui/werkvoorraad?afgerond={task_id}")


def _task_page(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    signed: SignedIn,
    task_id: str,
    errors: list[FieldError] | None = None,
    entered: FormData | None = None,
) -> Response:
    actor = signed.actor
    task = tasks.get_task(session, actor, task_id)
    case, level = cases.read_case(session, actor, task.case_id)
    audit.log_access(session, actor, case, "task", None)
    full = level is access.CaseAccess.FULL  # a klant, werkgever or uwv sees their task, not the case's past
    version = case.process_version
    definition = cache.get(session, version)
    info = definition.task_by_element(task.element_id)
    every_field = [f for form in definition.forms() for f in form.fields]
    labels = {f.id: f.label for f in every_field}
    done, active = cases.case_highlight(session, cache, case) if full else (set(), set())
    history = audit.history(session, case) if full else []
    steps = [e for e in history if e.type == EventType.TASK_COMPLETED]
    by_field = dutch_errors(errors or [])
    return render(
        request,
        "taak.html",
        signed,
        status_code=422 if errors else 200,
        title=task.name,
        task=task,
        case=case,
        version=version,
        fields=info.form.fields,
        values=_shown_values(entered),
        errors=by_field,
        may_work=_may_work(actor, task, version.roles),
        full=full,
        steps=steps,
        labels=labels,
        shown=shown_fields(every_field),
        diagram=diagram_attributes(
            f"/ui/processen/{version.process_id}/bpmn?versie={version.number}", done, active
        ),
        now=utcnow(),
    )


def _may_work(actor: Actor, task: CaseTask, process_roles: list[str]) -> bool:
    return (
        TaskStatus(task.status).is_open
        and access.work_refusal(actor, task.name, task.roles, task.assignee, process_roles) is None
        and (task.status == TaskStatus.READY or task.claimed_by == actor.name)
    )


def _shown_values(entered: FormData | None) -> dict[str, str]:
    if entered is None:
        return {}
    return {key: value for key, value in entered.items() if isinstance(value, str)}


_WHOLE_NUMBER = re.compile(r"^-?\d{1,18}$")


def _amount(text: str) -> str:
    """An amount as people type it, ``1.234,56`` or ``1234,56`` or ``1234.56``, as ``1234.56``.

    With a comma, the comma is the decimal sign and dots group thousands; without one, a dot is the
    decimal sign. The engine checks the result (at most 2 decimals) and names the field if wrong.
    """
    text = text.replace(" ", "").removeprefix("€")
    return text.replace(".", "").replace(",", ".") if "," in text else text


def _typed(form: Form, data: FormData) -> dict[str, Any]:
    """The submitted strings as the form's types.

    What does not convert goes as it was typed, for the engine to refuse with the field named.
    """
    values: dict[str, Any] = {}
    for field in form.fields:
        raw = data.get(field.id)
        if not isinstance(raw, str) or raw.strip() == "":
            continue
        text = raw.strip()
        if field.type == FieldType.LONG:
            values[field.id] = int(text) if _WHOLE_NUMBER.match(text) else text
        elif field.type == FieldType.BEDRAG:
            values[field.id] = _amount(text)
        elif field.type == FieldType.BOOLEAN:
            values[field.id] = {"true": True, "false": False}.get(text, text)
        else:
            values[field.id] = raw if field.type == FieldType.STRING else text
    return values
