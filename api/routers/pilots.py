"""Pilots of a process version (ontwerper) and the comparison of its versions (procesregisseur, auditor)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, status

from engine import pilots

from ..deps import ApiRoute, CurrentActor, Ontwerper, ProfilesDep, ReportReader, SessionDep
from ..schemas.pilots import PilotChange, PilotCreate, PilotRead, PilotReportRead

router = APIRouter(tags=["pilots"], route_class=ApiRoute)

PilotId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the pilot's id")]


@router.get(
    "/processes/{process_id}/pilots",
    response_model=list[PilotRead],
    summary="The pilots of a process, newest first",
)
def list_pilots(session: SessionDep, actor: CurrentActor, process_id: str) -> list[PilotRead]:
    return [PilotRead.model_validate(p) for p in pilots.list_pilots(session, process_id)]


@router.post(
    "/processes/{process_id}/pilots",
    response_model=PilotRead,
    status_code=status.HTTP_201_CREATED,
    summary="Start a pilot: a share of the new cases in some gemeenten start on another version (ontwerper)",
    responses={409: {"description": "a pilot of the process runs in one of the gemeenten already"}},
)
def start_pilot(
    session: SessionDep, profiles: ProfilesDep, actor: Ontwerper, process_id: str, body: PilotCreate
) -> PilotRead:
    known = pilots.known_gemeenten(session, profiles)
    pilot = pilots.start(
        session,
        actor.name,
        process_id,
        body.version,
        body.share,
        body.gemeenten,
        known,
        body.reason,
        serves=actor.acts_for,
    )
    return PilotRead.model_validate(pilot)


@router.get("/processes/{process_id}/pilots/{pilot_id}", response_model=PilotRead, summary="One pilot")
def get_pilot(session: SessionDep, actor: CurrentActor, process_id: str, pilot_id: PilotId) -> PilotRead:
    return PilotRead.model_validate(pilots.get(session, process_id, pilot_id))


@router.post(
    "/processes/{process_id}/pilots/{pilot_id}/{action}",
    response_model=PilotRead,
    summary="promote: the pilot's version becomes the one all new cases start on; end: new cases start on "
    "the current version again; running cases finish on their version (ontwerper)",
    responses={409: {"description": "the pilot has ended already"}},
)
def change_pilot(
    session: SessionDep,
    actor: Ontwerper,
    process_id: str,
    pilot_id: PilotId,
    action: Annotated[Literal["promote", "end"], Path(description="promote or end")],
    body: Annotated[PilotChange | None, Body()] = None,
) -> PilotRead:
    change = pilots.promote if action == "promote" else pilots.end
    return PilotRead.model_validate(
        change(session, actor.name, process_id, pilot_id, body.reason if body else "", actor.acts_for)
    )


@router.get(
    "/reports/pilots/{pilot_id}",
    response_model=PilotReportRead,
    tags=["reports"],
    summary="A pilot's versions side by side: cases, lead time, outcomes, handovers and waits, terms",
)
def pilot_report(session: SessionDep, actor: ReportReader, pilot_id: PilotId) -> PilotReportRead:
    return PilotReportRead.of(pilots.compare(session, actor, pilots.find(session, pilot_id)))
