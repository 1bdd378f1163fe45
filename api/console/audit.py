"""The auditor's page (/ui/audit): search audit events across cases, the access log, verify every
hash chain, and export the search (CSV, JSON Lines) or a process mining log (XES).

A BSN is only ever sent in a form's body (POST), never in a URL. Exports stream in batches as
the API's do; every exported case is access-logged with the reason the auditor gives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import FormData

from engine import audit, cases, processes, search, xes
from engine import bsn as bsn_check
from engine.audit import Break, Verification
from engine.errors import InvalidInput
from engine.models import AuditEvent, Case
from engine.period import Period
from engine.users import SignedIn
from engine.vocabulary import CaseStatus, EventType, Role

from ..deps import SessionDep, TransactionalRoute, content_disposition
from .web import AMSTERDAM, AuditTrailReader, form_data, render

router = APIRouter(route_class=TransactionalRoute)
PAGE = 50
REASON_LENGTH = 500
SEARCH_FIELDS = (
    "proces",
    "gemeente",
    "sinds",
    "tot",
    "medewerker",
    "rol",
    "soort",
    "zaakstatus",
    "klantreferentie",
    "bsn",
)
ACTIONS = {
    "case": "zaak geopend",
    "task": "taak geopend",
    "tasks": "taken van de zaak gelezen",
    "history": "geschiedenis gelezen",
    "diagram": "diagram van de zaak bekeken",
    "export": "geëxporteerd",
    "journey": "klantreis bekeken",
    "form-variables": "formuliergegevens gelezen",
}


@dataclass
class Search:
    """The search form as entered, and what it asks of the engine once checked."""

    values: dict[str, str] = field(default_factory=lambda: dict.fromkeys(SEARCH_FIELDS, ""))
    errors: dict[str, str] = field(default_factory=dict)
    done: bool = False

    def event_filter(self) -> search.EventFilter | None:
        """The engine's filter, or None when a field does not check out (``errors`` names it)."""
        v = self.values
        choices = (
            ("rol", {r.value for r in Role}),
            ("soort", {t.value for t in EventType}),
            ("zaakstatus", {s.value for s in CaseStatus}),
        )
        for name, allowed in choices:
            if v[name] and v[name] not in allowed:
                self.errors[name] = "kies een van de opties"
        bsn = re.sub(r"[\s.]", "", v["bsn"])
        if bsn and not bsn_check.valid(bsn):
            self.errors["bsn"] = "is geen geldig BSN (negen cijfers die de elfproef doorstaan)"
        since, until = _day(v["sinds"], "sinds", self.errors), _day(v["tot"], "tot", self.errors, end=True)
        if since and until and until <= since:
            self.errors["tot"] = "mag niet vóór de datum 'vanaf' liggen"
        if self.errors:
            return None
        return search.EventFilter(
            process_id=v["proces"] or None,
            gemeente=v["gemeente"] or None,
            period=Period(since, until),
            actor=v["medewerker"] or None,
            role=v["rol"] or None,
            type=v["soort"] or None,
            case_status=v["zaakstatus"] or None,
            client_ref=v["klantreferentie"] or None,
            bsn=bsn or None,
        )


def _day(value: str, name: str, errors: dict[str, str], end: bool = False) -> dt.datetime | None:
    """A date of the form as the start of that day in Amsterdam; with ``end``, the start of the next day."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors[name] = "vul een geldige datum in (dd-mm-jjjj)"
        return None
    if end:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=AMSTERDAM)


def _search_of(form: Mapping[str, Any]) -> Search:
    entered = Search(done=True)
    for name in SEARCH_FIELDS:
        value = form.get(name)
        entered.values[name] = value.strip()[:200] if isinstance(value, str) else ""
    return entered


@router.get("/audit")
def audit_page(request: Request, session: SessionDep, signed: AuditTrailReader) -> Response:
    return _page(request, session, signed)


@router.post("/audit/zoeken")
def search_events(
    request: Request,
    session: SessionDep,
    signed: AuditTrailReader,
    form: Annotated[FormData, Depends(form_data)],
) -> Response:
    entered = _search_of(form)
    after_text = form.get("after")
    # A cursor is an event id: a digit string within a database integer, else the first page.
    digits = isinstance(after_text, str) and after_text.isdigit() and len(after_text) <= 18
    after = int(after_text) if digits and isinstance(after_text, str) else None
    f = entered.event_filter()
    if f is None:
        return _page(request, session, signed, entered=entered, status_code=422)
    try:
        found, cursor = search.search(session, signed.actor, f, after, PAGE)
    except InvalidInput:  # a cursor of another search: start at the first page
        after = None
        found, cursor = search.search(session, signed.actor, f, None, PAGE)
    return _page(request, session, signed, entered=entered, found=found, cursor=cursor, after=after)


@router.post("/audit/controleren")
def verify_all(request: Request, session: SessionDep, signed: AuditTrailReader) -> Response:
    return _page(request, session, signed, verification=audit.verify(session, signed.actor.gemeenten))


@router.post("/audit/export")
def export_events(
    request: Request,
    session: SessionDep,
    signed: AuditTrailReader,
    form: Annotated[FormData, Depends(form_data)],
) -> Response:
    entered = _search_of(form)
    fmt = form.get("formaat")
    reason = form.get("reden")
    reason = reason.strip() if isinstance(reason, str) else ""
    export_errors = {}
    if fmt not in ("csv", "jsonl"):
        export_errors["formaat"] = "kies CSV of JSON Lines"
    if not reason:
        export_errors["reden"] = "is verplicht"
    elif len(reason) > REASON_LENGTH:
        export_errors["reden"] = f"mag hoogstens {REASON_LENGTH} tekens hebben"
    f = entered.event_filter()
    if f is None:
        export_errors["zoeken"] = "de zoekopdracht klopt niet; pas hem aan en zoek opnieuw"
    if export_errors or f is None:
        return _page(
            request,
            session,
            signed,
            entered=entered,
            export_errors=export_errors,
            export_values={"formaat": str(fmt or ""), "reden": reason},
            status_code=422,
        )
    assert isinstance(fmt, str)
    search.search(session, signed.actor, f, None, 1)  # refuse a bad filter before streaming starts
    return StreamingResponse(
        search.export(request.app.state.sessionmaker, signed.actor, f, fmt, reason),
        media_type="text/csv" if fmt == "csv" else "application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="audit-events.{fmt}"'},
    )


@router.get("/audit/export.xes")
def export_xes(
    request: Request,
    session: SessionDep,
    signed: AuditTrailReader,
    xes_proces: str = "",
    xes_sinds: str = "",
    xes_tot: str = "",
) -> Response:
    """Cases that started in the period, as an IEEE 1849 event log."""
    errors: dict[str, str] = {}
    since, until = _day(xes_sinds, "xes_sinds", errors), _day(xes_tot, "xes_tot", errors, end=True)
    if since and until and until <= since:
        errors["xes_tot"] = "mag niet vóór de datum 'vanaf' liggen"
    if errors:
        return _page(
            request,
            session,
            signed,
            xes_errors=errors,
            xes_values={"xes_proces": xes_proces, "xes_sinds": xes_sinds, "xes_tot": xes_tot},
            status_code=422,
        )
    process = xes_proces or None
    return StreamingResponse(
        xes.export(request.app.state.sessionmaker, signed.actor, process, Period(since, until)),
        media_type="application/xml",
        headers={"Content-Disposition": content_disposition("attachment", f"{process or 'procesregie'}.xes")},
    )


def _page(
    request: Request,
    session: SessionDep,
    signed: SignedIn,
    *,
    entered: Search | None = None,
    found: list[tuple[AuditEvent, Case]] | None = None,
    cursor: int | None = None,
    after: int | None = None,
    verification: Verification | None = None,
    export_errors: dict[str, str] | None = None,
    export_values: dict[str, str] | None = None,
    xes_errors: dict[str, str] | None = None,
    xes_values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    actor = signed.actor
    params = request.query_params
    log_values = {
        name: (params.get(name) or "").strip()[:200]
        for name in ("inzage_zaak", "inzage_lezer", "inzage_sinds", "inzage_tot")
    }
    log_errors: dict[str, str] = {}
    page = params.get("inzage_pagina", "1")
    page_number = int(page) if page.isdigit() and 0 < int(page) <= 10_000 else 1
    since = _day(log_values["inzage_sinds"], "inzage_sinds", log_errors)
    until = _day(log_values["inzage_tot"], "inzage_tot", log_errors, end=True)
    if since and until and until <= since:
        log_errors["inzage_tot"] = "mag niet vóór de datum 'vanaf' liggen"
    reads = []
    if not log_errors:
        reads = audit.access_log(
            session,
            actor,
            case_id=log_values["inzage_zaak"] or None,
            reader=log_values["inzage_lezer"] or None,
            period=Period(since, until),
            limit=PAGE + 1,
            offset=(page_number - 1) * PAGE,
        )
    more_reads, reads = len(reads) > PAGE, reads[:PAGE]
    case_ids = {r.case_id for r in reads} | {c.id for _, c in found or []}
    latest = processes.list_latest_named(session)
    return render(
        request,
        "audit.html",
        signed,
        status_code=status_code if not log_errors else 422,
        title="Audit",
        search=entered or Search(),
        found=found,
        cursor=cursor,
        after=after,
        processes=latest,
        process_names={p.process_id: p.name for p in latest},
        gemeenten=sorted(actor.gemeenten),
        roles=list(Role),
        event_types=list(EventType),
        case_statuses=list(CaseStatus),
        reads=reads,
        more_reads=more_reads,
        log_page=page_number,
        log_values=log_values,
        log_errors=log_errors,
        summaries=cases.summaries(session, actor, case_ids),
        actions=ACTIONS,
        verification=verification,
        verification_break=explain_break(verification.first_broken)
        if verification and verification.first_broken
        else None,
        export_errors=export_errors or {},
        export_values=export_values or {"formaat": "csv", "reden": ""},
        xes_errors=xes_errors or {},
        xes_values=xes_values or {"xes_proces": "", "xes_sinds": "", "xes_tot": ""},
        labels={t.value: t.label for t in EventType},
    )


_BREAKS = (
    (re.compile(r"^events of a case that does not exist$"), "gebeurtenissen van een zaak die niet bestaat"),
    (re.compile(r"^event (\d+) is missing \(found (\d+)\)$"), r"gebeurtenis \1 ontbreekt (gevonden: \2)"),
    (re.compile(r"^does not link to the previous event$"), "sluit niet aan op de vorige gebeurtenis"),
    (
        re.compile(r"^content does not match its hash"),
        "de inhoud past niet bij de hash (gewijzigd nadat hij is vastgelegd)",
    ),
    (
        re.compile(r"^the case records (\d+) events, its history has (\d+)$"),
        r"de zaak telt \1 gebeurtenissen, de geschiedenis \2",
    ),
    (
        re.compile(r"^the case records (\d+) events, its history has none$"),
        r"de zaak telt \1 gebeurtenissen, de geschiedenis geen",
    ),
)


def explain_break(broken: Break) -> str:
    """The first broken link of a hash chain, in Dutch."""
    reason = broken.reason
    for pattern, dutch in _BREAKS:
        match = pattern.match(reason)
        if match:
            reason = match.expand(dutch)
            break
    where = f"bij gebeurtenis {broken.seq}" if broken.seq is not None else "aan het eind"
    return f"{where}: {reason}"
