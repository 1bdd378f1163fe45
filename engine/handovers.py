"""Handovers between roles, as the procesregisseur and auditors read them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import access
from .models import Handover
from .period import ALWAYS, Period
from .users import Actor


def list_handovers(
    session: Session,
    actor: Actor,
    *,
    case_id: str | None = None,
    process_id: str | None = None,
    from_role: str | None = None,
    to_role: str | None = None,
    gemeente: str | None = None,
    period: Period = ALWAYS,
    waiting: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Handover]:
    """Handovers in the gemeenten the actor serves, oldest first, filtered as asked."""
    query = select(Handover).where(
        Handover.gemeente.in_(access.gemeenten(actor, gemeente)), *period.conditions(Handover.handed_over_at)
    )
    for column, value in (
        (Handover.case_id, case_id),
        (Handover.process_id, process_id),
        (Handover.from_role, from_role),
        (Handover.to_role, to_role),
    ):
        if value is not None:
            query = query.where(column == value)
    if waiting is not None:
        query = query.where(Handover.waiting() if waiting else Handover.picked_up_at.is_not(None))
    return list(
        session.scalars(query.order_by(Handover.handed_over_at, Handover.id).limit(limit).offset(offset))
    )
