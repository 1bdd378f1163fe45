"""The handover report as it was counted before the handover counts (issue #13): every handover of
the period aggregated per request, percentiles exact (PostgreSQL's percentile_cont; on SQLite from
the rows). The tests hold the report of engine/reports.py, read from engine/handover_counts.py, against
it; it is kept here as the oracle, not in the engine."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from engine.models import Handover
from engine.period import Period
from engine.reports import Waits, _handover_conditions, _overdue
from engine.users import Actor

Counted = dict[tuple[Any, ...], tuple[int, int, int, int, Waits]]
"""group -> (handovers, picked up, withdrawn, waiting beyond the norm, waits)."""

GROUPINGS = {
    "groups": (Handover.process_id, Handover.gemeente, Handover.from_role, Handover.to_role),
    "organisations": (Handover.from_organisatie, Handover.to_organisatie),
    "pairs": (Handover.from_role, Handover.to_role),
}


def raw_report(
    session: Session,
    actor: Actor,
    *,
    process_id: str | None = None,
    gemeente: str | None = None,
    period: Period,
    norm_hours: float = 24.0,
) -> dict[str, Counted]:
    """Per grouping of the report (groups, organisations, pairs): what each group counts."""
    conditions = _handover_conditions(actor, process_id, gemeente, period)
    return {
        name: {key: rest for key, *rest in _handover_counts(session, keys, conditions, norm_hours)}  # type: ignore[misc]
        for name, keys in GROUPINGS.items()
    }


def _handover_counts(
    session: Session, keys: tuple[Any, ...], conditions: list[Any], norm_hours: float
) -> list[tuple[tuple[Any, ...], int, int, int, int, Waits]]:
    columns: list[Any] = [
        func.count(),
        func.count(Handover.picked_up_at),
        func.count(Handover.withdrawn_at),
        func.sum(case((_overdue(norm_hours), 1), else_=0)),
    ]
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    if on_postgresql:
        seconds = func.extract("epoch", Handover.picked_up_at - Handover.handed_over_at)
        columns += [
            func.percentile_cont(0.5).within_group(seconds),
            func.percentile_cont(0.9).within_group(seconds),
            func.max(seconds),
        ]
    rows = session.execute(select(*keys, *columns).where(*conditions).group_by(*keys)).all()
    n = len(keys)
    waits = (
        {
            tuple(row[:n]): Waits(*(None if v is None else float(v) for v in row[n + 4 : n + 7]))
            for row in rows
        }
        if on_postgresql
        else _waits_from_rows(session, keys, [*conditions, Handover.picked_up_at.is_not(None)])
    )
    return [
        (
            tuple(row[:n]),
            row[n],
            row[n + 1],
            row[n + 2],
            row[n + 3] or 0,
            waits.get(tuple(row[:n]), Waits(None, None, None)),
        )
        for row in rows
    ]


def _waits_from_rows(
    session: Session, keys: tuple[Any, ...], conditions: list[Any]
) -> dict[tuple[Any, ...], Waits]:
    grouped: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for *key, handed_over_at, picked_up_at in session.execute(
        select(*keys, Handover.handed_over_at, Handover.picked_up_at).where(*conditions)
    ):
        grouped[tuple(key)].append((picked_up_at - handed_over_at).total_seconds())
    return {key: Waits.of(values) for key, values in grouped.items()}
