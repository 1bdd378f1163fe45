from __future__ import annotations

from typing import Annotated

from fastapi import Header, Query, Request
from fastapi.responses import StreamingResponse

from engine import audit, search, xes
from engine.period import Period

from ..deps import ApiRoute, Auditor, EventLogExporter, Offset, PeriodDep, SessionDep, content_disposition
from ..routing import PrefixRouter
from ..schemas.audit import AccessRead, BreakRead, EventHit, EventPage, EventSearch, VerificationRead

router = PrefixRouter(prefix="/audit", tags=["audit"], route_class=ApiRoute)


@router.get(
    "/verify",
    response_model=VerificationRead,
    summary="Recompute the hash chain of every case of your gemeenten (auditor)",
)
def verify(session: SessionDep, actor: Auditor) -> VerificationRead:
    result = audit.verify(session, actor.gemeenten)
    broken = result.first_broken
    return VerificationRead(
        ok=result.ok,
        cases=result.cases,
        events=result.events,
        # Scoped to gemeenten, every break is in a case's own chain: seals are not checked here.
        first_broken=BreakRead(case_id=broken.case_id or "", seq=broken.seq, reason=broken.reason)
        if broken
        else None,
        seals_checked=result.seals_checked,
    )


@router.get(
    "/access", response_model=list[AccessRead], summary="Who read which case's data, when and why (auditor)"
)
def access_log(
    session: SessionDep,
    actor: Auditor,
    period: PeriodDep,
    case_id: str | None = None,
    reader: Annotated[str | None, Query(description="user name of the reader")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[AccessRead]:
    entries = audit.access_log(
        session,
        actor,
        case_id=case_id,
        reader=reader,
        period=period,
        limit=limit,
        offset=offset,
    )
    return [AccessRead.model_validate(e) for e in entries]


def _filter(body: EventSearch) -> search.EventFilter:
    return search.EventFilter(
        process_id=body.process_id,
        gemeente=body.gemeente,
        period=Period(body.since, body.until),
        actor=body.actor,
        role=body.role,
        type=body.type,
        case_status=body.case_status,
        client_ref=body.client_ref,
        bsn=body.bsn,
    )


@router.post(
    "/search", response_model=EventPage, summary="Search audit events across cases (auditor), oldest first"
)
def search_events(session: SessionDep, actor: Auditor, body: EventSearch) -> EventPage:
    rows, cursor = search.search(session, actor, _filter(body), body.after, body.limit)
    return EventPage(items=[EventHit(**search.row(event, case)) for event, case in rows], next_cursor=cursor)


@router.post(
    "/export",
    summary="Export matching audit events as CSV or JSON Lines, streamed (auditor; logged per case)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def export_events(
    request: Request,
    session: SessionDep,
    actor: Auditor,
    body: EventSearch,
    format: Annotated[str, Query(pattern="^(csv|jsonl)$")] = "jsonl",
    reason: Annotated[str | None, Header(alias="X-Reason", max_length=500)] = None,
) -> StreamingResponse:
    f = _filter(body)
    search.search(session, actor, f, None, 1)  # refuse a bad filter before streaming starts
    media = "text/csv" if format == "csv" else "application/x-ndjson"
    return StreamingResponse(
        search.export(request.app.state.sessionmaker, actor, f, format, reason),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="audit-events.{format}"'},
    )


@router.get(
    "/export.xes",
    summary="Process mining event log (IEEE 1849 XES), streamed (auditor, procesregisseur)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/xml": {}}}},
)
def export_xes(
    request: Request,
    session: SessionDep,
    actor: EventLogExporter,
    period: PeriodDep,
    process: Annotated[str | None, Query(description="process id; all processes when left out")] = None,
) -> StreamingResponse:
    """Cases that started in the period."""
    return StreamingResponse(
        xes.export(request.app.state.sessionmaker, actor, process, period),
        media_type="application/xml",
        headers={"Content-Disposition": content_disposition("attachment", f"{process or 'procesregie'}.xes")},
    )
