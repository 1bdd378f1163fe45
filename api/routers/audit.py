from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from engine import audit
from engine.errors import PermissionDenied

from ..deps import CurrentActor, SessionDep
from ..schemas.audit import AccessRead, BreakRead, VerificationRead

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("/verify", response_model=VerificationRead, summary="Recompute every case's hash chain (auditor)")
def verify(session: SessionDep, actor: CurrentActor) -> VerificationRead:
    if not actor.has_any("auditor"):
        raise PermissionDenied("verifying the audit trail is for auditors")
    result = audit.verify(session)
    broken = result.first_broken
    return VerificationRead(ok=result.ok, cases=result.cases, events=result.events,
                            first_broken=BreakRead(case_id=broken.case_id, seq=broken.seq, reason=broken.reason) if broken else None)


@router.get("/access", response_model=list[AccessRead], summary="Who read which case's data, when and why (auditor)")
def access_log(
    session: SessionDep, actor: CurrentActor, case_id: str | None = None,
    reader: Annotated[str | None, Query(description="user name of the reader")] = None,
    since: dt.datetime | None = None, until: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100, offset: Annotated[int, Query(ge=0)] = 0,
) -> list[AccessRead]:
    entries = audit.access_log(session, actor, case_id=case_id, reader=reader, since=_aware(since), until=_aware(until),
                               limit=limit, offset=offset)
    return [AccessRead.model_validate(e) for e in entries]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value
