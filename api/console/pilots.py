"""Pilots in the console: starting, promoting and ending one on the process page (ontwerpers), and a
pilot's versions side by side (/ui/pilots/{id}; procesregisseur and auditors, in their gemeenten)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from engine import pilots, processes
from engine.errors import Conflict, InvalidInput, NotFound
from engine.vocabulary import PilotStatus

from ..deps import ProfilesDep, SessionDep, TransactionalRoute
from .web import Designer, ReportReader, redirect, render

router = APIRouter(route_class=TransactionalRoute)

PilotId = Annotated[int, Path(ge=1, le=2**31 - 1)]

PILOT_NOTICES = {
    "gestart": (
        "notice",
        "De pilot is gestart: het gekozen deel van de nieuwe zaken start op de pilotversie.",
    ),
    "ingevoerd": (
        "notice",
        "De pilotversie is ingevoerd: alle nieuwe zaken starten erop; lopende zaken gaan door.",
    ),
    "beeindigd": ("notice", "De pilot is beëindigd: nieuwe zaken starten weer op de huidige versie."),
    "version": ("error", "Kies een versie die niet de huidige is."),
    "share": ("error", "Vul een aandeel in tussen 1 en 99 procent."),
    "gemeenten": ("error", "Vul bekende gemeenten in, gescheiden door komma's."),
    "reason": ("error", "De reden is te lang (hoogstens 500 tekens)."),
    "loopt": (
        "error",
        "In een van die gemeenten loopt al een pilot van dit proces; beëindig of voer die eerst in.",
    ),
    "al": ("error", "Deze pilot is al afgelopen: er is niets gewijzigd."),
}


@router.post("/processen/{process_id}/pilots")
def start_pilot(
    session: SessionDep,
    profiles: ProfilesDep,
    signed: Designer,
    process_id: str,
    versie: Annotated[int, Form(ge=1, le=2**31 - 1)],
    aandeel: Annotated[float, Form(allow_inf_nan=False)],
    gemeenten: Annotated[str, Form(max_length=2000)] = "",
    reden: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    processes.list_versions(session, process_id)  # 404 for a process that does not exist
    notice = "gestart"
    try:
        with session.begin_nested():
            pilots.start(
                session,
                signed.actor.name,
                process_id,
                versie,
                aandeel / 100,
                gemeenten.replace(";", ",").split(","),
                pilots.known_gemeenten(session, profiles),
                reden,
                serves=signed.actor.acts_for,
            )
    except InvalidInput as err:
        notice = err.errors[0].field
    except Conflict:
        notice = "loopt"
    return redirect(f"/ui/processen/{process_id}?pilotmelding={notice}#pilots")


@router.post("/processen/{process_id}/pilots/{pilot_id}/{action}")
def change_pilot(
    session: SessionDep,
    signed: Designer,
    process_id: str,
    pilot_id: PilotId,
    action: str,
    reden: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    act = {"invoeren": (pilots.promote, "ingevoerd"), "beeindigen": (pilots.end, "beeindigd")}
    if action not in act:
        raise NotFound("action", action)
    change, notice = act[action]
    try:
        with session.begin_nested():
            change(session, signed.actor.name, process_id, pilot_id, reden, signed.actor.acts_for)
    except Conflict:
        notice = "al"
    return redirect(f"/ui/processen/{process_id}?pilotmelding={notice}#pilots")


@router.get("/pilots/{pilot_id}")
def comparison_page(
    request: Request, session: SessionDep, signed: ReportReader, pilot_id: PilotId
) -> Response:
    pilot = pilots.find(session, pilot_id)
    report = pilots.compare(session, signed.actor, pilot)
    version = processes.get_version(session, pilot.process_id, pilot.number)
    return render(
        request,
        "pilot.html",
        signed,
        title=f"Pilot {pilot.id}: {version.name}",
        pilot=pilot,
        version=version,
        report=report,
        statuses={s.value: s.label for s in PilotStatus},
    )
