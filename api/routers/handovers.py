from __future__ import annotations

from typing import Annotated

from fastapi import Query

from engine import handovers
from engine.vocabulary import Role

from ..deps import HandoverReader, Offset, PeriodDep, SessionDep, TransactionalRoute
from ..routing import PrefixRouter
from ..schemas.handovers import HandoverRead

router = PrefixRouter(prefix="/handovers", tags=["handovers"], route_class=TransactionalRoute)


@router.get(
    "", response_model=list[HandoverRead], summary="Handovers between roles (procesregisseur, auditor)"
)
def list_handovers(
    session: SessionDep,
    actor: HandoverReader,
    period: PeriodDep,
    case_id: str | None = None,
    process: Annotated[str | None, Query(description="process id")] = None,
    from_role: Role | None = None,
    to_role: Role | None = None,
    gemeente: str | None = None,
    waiting: Annotated[bool | None, Query(description="true: not yet picked up; false: picked up")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[HandoverRead]:
    """Handed over in the period."""
    found = handovers.list_handovers(
        session,
        actor,
        case_id=case_id,
        process_id=process,
        from_role=from_role,
        to_role=to_role,
        gemeente=gemeente,
        period=period,
        waiting=waiting,
        limit=limit,
        offset=offset,
    )
    return [HandoverRead.model_validate(h) for h in found]
