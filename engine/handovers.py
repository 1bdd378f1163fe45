"""Handovers between roles, as the procesregisseur and auditors read them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import FieldError, InvalidInput, PermissionDenied
from .models import Handover
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
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    waiting: bool | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Handover]:
    """Handovers in the gemeenten the actor serves, oldest first, filtered as asked."""
    if not actor.has_any("procesregisseur", "auditor"):
        raise PermissionDenied("handovers are for the procesregisseur and auditors")
    if since and until and since > until:
        raise InvalidInput([FieldError("until", "must not be before 'since'")])
    query = select(Handover).where(
        Handover.gemeente.in_({gemeente} & actor.gemeenten if gemeente else actor.gemeenten)
    )
    for column, value in (
        (Handover.case_id, case_id),
        (Handover.process_id, process_id),
        (Handover.from_role, from_role),
        (Handover.to_role, to_role),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(Handover.handed_over_at >= since)
    if until is not None:
        query = query.where(Handover.handed_over_at < until)
    if waiting is not None:
        query = query.where(
            Handover.picked_up_at.is_(None) if waiting else Handover.picked_up_at.is_not(None)
        )
    return list(
        session.scalars(query.order_by(Handover.handed_over_at, Handover.id).limit(limit).offset(offset))
    )
