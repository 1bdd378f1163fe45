"""A case's page (/ui/zaken/{id}): where it stands in its diagram, its facts, open tasks and complete
timeline, and whether its audit hash chain is intact. Every read is access-logged; an auditor
says why before the case opens."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from engine import audit, cases
from engine.models import AuditEvent
from engine.vocabulary import Role

from ..deps import CacheDep, SessionDep, TransactionalRoute
from .audit import explain_break
from .web import Anyone, diagram_attributes, render

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
    if len(reason) > REASON_LENGTH or (Role.AUDITOR in actor.roles and not reason):
        error = None
        if reden is not None:
            error = f"mag hoogstens {REASON_LENGTH} tekens hebben" if reason else "is verplicht"
        return render(
            request,
            "zaak_reden.html",
            signed,
            status_code=422 if error else 200,
            title="Reden van inzage",
            case_id=case.id,
            reason=reden or "",
            error=error,
            max_length=REASON_LENGTH,
        )
    audit.log_access(session, actor, case, "case", reason or None)
    version = case.process_version
    definition = cache.get(session, version)
    done, active = cases.case_highlight(session, cache, case)
    events = audit.history(session, case)
    labels = {f.id: f.label for f in definition.start_form.fields} | {
        f.id: f.label for task in definition.tasks.values() for f in task.form.fields
    }
    chain = audit.verify_case(session, case)
    open_tasks = cases.case_tasks(session, case, open_only=True)
    return render(
        request,
        "zaak.html",
        signed,
        title=f"Zaak {case.client_ref}",
        case=case,
        version=version,
        open_tasks=open_tasks,
        timeline=[_entry(e, labels) for e in events],
        chain=chain,
        chain_break=explain_break(chain.first_broken) if chain.first_broken else None,
        reason=reason,
        diagram=diagram_attributes(
            f"/ui/processen/{version.process_id}/bpmn?versie={version.number}", done, active
        ),
        active_names=[t.name for t in open_tasks],
    )


def _entry(event: AuditEvent, labels: dict[str, str]) -> dict[str, object]:
    """An event as the timeline shows it: the Dutch line, and a completion's changed case fields."""
    changes = (event.data or {}).get("changes") or {}
    return {
        "event": event,
        "line": audit.describe(event),
        "changes": [
            (labels.get(field, field), field, before, after) for field, (before, after) in changes.items()
        ],
    }
