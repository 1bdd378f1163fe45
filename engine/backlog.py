"""What waits: due timers and handovers not yet picked up, counted for operations (the /metrics gauges).

Two queries, both read-only (on SQLite they do not queue for the write lock). The timers query
reads the index on (status, next_timer_at) over the due cases only; the handovers query counts
the handovers whose receiver has not acted and whose task was not withdrawn (as
`GET /handovers?waiting=true` lists them; the partial index ``ix_handovers_waiting`` holds them).
Measured with 100,000 cases on PostgreSQL in docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine

from .db import READ_ONLY
from .models import Case, Handover
from .vocabulary import CaseStatus


@dataclass(frozen=True)
class Backlog:
    timers_due: int
    """Running cases whose next timer is due now."""
    timers_late: int
    """Of those, the cases due longer ago than ``late_after``: a timer worker should have fired them."""
    oldest_due_seconds: float
    """How long ago the most overdue timer was due (0 when none is due)."""
    handovers_waiting: dict[str, int] = field(default_factory=dict)
    """Handovers not yet picked up nor withdrawn, per receiving role."""


def backlog(engine: Engine, now: dt.datetime, late_after: dt.timedelta) -> Backlog:
    """Count the due timers and the waiting handovers at ``now``."""
    due = (Case.status == CaseStatus.RUNNING) & (Case.next_timer_at < now)
    late = case((Case.next_timer_at <= now - late_after, 1), else_=0)
    with engine.connect() as connection:
        connection = connection.execution_options(**{READ_ONLY: True})
        count, late_count, oldest = connection.execute(
            select(func.count(), func.coalesce(func.sum(late), 0), func.min(Case.next_timer_at)).where(due)
        ).one()
        waiting = connection.execute(
            select(Handover.to_role, func.count()).where(Handover.waiting()).group_by(Handover.to_role)
        ).all()
    if isinstance(oldest, str):  # SQLite answers min() of a stored timestamp as text
        oldest = dt.datetime.fromisoformat(oldest)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return Backlog(
        timers_due=int(count),
        timers_late=int(late_count),
        oldest_due_seconds=max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0,
        handovers_waiting={role or "": int(n) for role, n in waiting},
    )
