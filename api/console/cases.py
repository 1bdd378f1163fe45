"""A case's page (/ui/zaken/{id}): where it stands in its diagram, its facts, open tasks and complete
timeline, and whether its audit hash chain is intact. Every read is access-logged; an auditor
says why before the case opens."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from engine import audit, cases
from engine.errors import NotFound
from engine.models import AuditEvent, utcnow
from engine.users import SignedIn
from engine.vocabulary import EventType, Role

from ..deps import CacheDep, SessionDep, TransactionalRoute
from .audit import explain_break
from .web import Anyone, diagram_attributes, render, shown_fields

router = APIRouter(route_class=TransactionalRoute)
REASON_LENGTH = 500


@router.get("/zaken/{case_id}")
def case_page(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    signed: Anyone,
    case_id: str,
    reden: str | None = None,
) -> Response:
    actor = signed.actor
    # another gemeente's case does not exist here; a klant, werkgever or uwv opens their task instead
    case = cases.get_case(session, actor, case_id, full=True)
    reason = (reden or "").strip()
    asked = _ask_reason(request, signed, reden, f"/ui/zaken/{case.id}")
    if asked is not None:
        return asked
    audit.log_access(session, actor, case, "case", reason or None)
    version = case.process_version
    definition = cache.get(session, version)
    done, active = cases.case_highlight(session, cache, case)
    events = audit.history(session, case)
    fields = [*definition.start_form.fields, *(f for t in definition.tasks.values() for f in t.form.fields)]
    labels = {f.id: f.label for f in fields}
    start_fields = [f.id for f in definition.start_form.fields]
    chain = audit.verify_case(session, case)
    open_tasks = cases.case_tasks(session, case, open_only=True)
    origin, follow_up = cases.links(session, cache, actor, case)
    return render(
        request,
        "zaak.html",
        signed,
        title=f"Zaak {case.client_ref}",
        case=case,
        version=version,
        open_tasks=open_tasks,
        timeline=[_entry(e, labels, start_fields) for e in events],
        shown=shown_fields(fields),
        chain=chain,
        chain_break=explain_break(chain.first_broken) if chain.first_broken else None,
        reason=reason,
        diagram=diagram_attributes(
            f"/ui/processen/{version.process_id}/bpmn?versie={version.number}", done, active
        ),
        active_names=[t.name for t in open_tasks],
        end=definition.ends.get(case.outcome_element or ""),
        origin=origin,
        follow_up=follow_up,
        journey_url=f"/ui/klanten/{quote(case.client_ref, safe='')}/reis",
    )


def _ask_reason(request: Request, signed: SignedIn, reden: str | None, action: str) -> Response | None:
    """The form asking why, when an auditor opens case data without a reason (or with one too long)."""
    reason = (reden or "").strip()
    if len(reason) <= REASON_LENGTH and not (Role.AUDITOR in signed.actor.roles and not reason):
        return None
    error = None
    if reden is not None:
        error = f"mag hoogstens {REASON_LENGTH} tekens hebben" if reason else "is verplicht"
    return render(
        request,
        "zaak_reden.html",
        signed,
        status_code=422 if error else 200,
        title="Reden van inzage",
        action=action,
        reason=reden or "",
        error=error,
        max_length=REASON_LENGTH,
    )


@router.get("/klanten/{client_ref}/reis")
def journey_page(
    request: Request, session: SessionDep, signed: Anyone, client_ref: str, reden: str | None = None
) -> Response:
    """Every case of the client the reader may read, in order, with outcome, lead time and handovers."""
    actor = signed.actor
    steps = cases.client_journey(session, actor, client_ref)
    if not steps:
        raise NotFound("client", client_ref.strip())
    asked = _ask_reason(request, signed, reden, f"/ui/klanten/{quote(client_ref.strip(), safe='')}/reis")
    if asked is not None:
        return asked
    reason = (reden or "").strip()
    for step in steps:
        audit.log_access(session, actor, step.case, "journey", reason or None)
    now = utcnow()
    running = any(s.case.ended_at is None for s in steps)
    started = steps[0].case.started_at
    ended = None if running else max(s.case.ended_at for s in steps if s.case.ended_at is not None)
    return render(
        request,
        "klantreis.html",
        signed,
        title=f"Klantreis {client_ref.strip()}",
        client_ref=client_ref.strip(),
        steps=steps,
        positions={s.case.id: number for number, s in enumerate(steps, 1)},
        reason=reason,
        started=started,
        ended=ended,
        lead_time=((ended or now) - started).total_seconds(),
        handovers=sum(len(s.handovers or []) for s in steps),
    )


def _entry(event: AuditEvent, labels: dict[str, str], start_fields: Iterable[str]) -> dict[str, object]:
    """An event as the timeline shows it: the Dutch line, and the case fields it set: the changes a
    step recorded (a completion's, a message's, a timer's scripts'), and at the start the start form's
    values and what the start's scripts set."""
    data = event.data or {}
    changes = data.get("changes") or {}
    if event.type == EventType.CASE_STARTED:
        given = data.get("data") or {}
        changes = {**{field: (None, given[field]) for field in start_fields if field in given}, **changes}
    return {
        "event": event,
        "line": audit.describe(event),
        "changes": [
            (labels.get(field, field), field, before, after) for field, (before, after) in changes.items()
        ],
    }
