from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from engine import handovers
from engine.roles import LANE_ROLES

from ..deps import CurrentActor, SessionDep, TransactionalRoute, as_utc
from ..schemas.handovers import HandoverRead

router = APIRouter(prefix="/handovers", tags=["handovers"], route_class=TransactionalRoute)
RolePattern = "^(" + "|".join(LANE_ROLES) + ")$"


@router.get(
    "", response_model=list[HandoverRead], summary="Handovers between roles (procesregisseur, auditor)"
)
def list_handovers(
    session: SessionDep,
    actor: CurrentActor,
    case_id: str | None = None,
    process: Annotated[str | None, Query(description="process id")] = None,
    from_role: Annotated[str | None, Query(pattern=RolePattern)] = None,
    to_role: Annotated[str | None, Query(pattern=RolePattern)] = None,
    gemeente: str | None = None,
    since: Annotated[dt.datetime | None, Query(description="handed over at or after (ISO 8601)")] = None,
    until: Annotated[dt.datetime | None, Query(description="handed over before (ISO 8601)")] = None,
    waiting: Annotated[bool | None, Query(description="true: not yet picked up; false: picked up")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[HandoverRead]:
    found = handovers.list_handovers(
        session,
        actor,
        case_id=case_id,
        process_id=process,
        from_role=from_role,
        to_role=to_role,
        gemeente=gemeente,
        since=as_utc(since),
        until=as_utc(until),
        waiting=waiting,
        limit=limit,
        offset=offset,
    )
    return [HandoverRead.model_validate(h) for h in found]
