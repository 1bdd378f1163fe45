"""Reports for the procesregisseur: handovers and waits, per-task statistics, lead times, deadlines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from . import access, bpmn
from .errors import FieldError, InvalidInput
from .models import Case, CaseTask, Handover, ProcessVersion, utcnow
from .period import ALWAYS, Period
from .users import Actor
from .vocabulary import OPEN_TASK_STATUSES, CaseStatus, TaskStatus


@dataclass
class Waits:
    """Wait times in seconds: median, 90th percentile and maximum.

    The 90th percentile is interpolated, as PostgreSQL's percentile_cont.
    """

    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Waits:
        if not seconds:
            return cls(None, None, None)
        ordered = sorted(seconds)
        return cls(_percentile(ordered, 0.5), _percentile(ordered, 0.9), ordered[-1])


def _percentile(ordered: list[float], q: float) -> float:
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class HandoverGroup:
    process_id: str
    gemeente: str
    from_role: str | None
    to_role: str | None
    handovers: int
    picked_up: int
    withdrawn: int
    """Withdrawn with their task (boundary event, gateway, event subprocess, case ended) before a
    pick-up: not waiting, and their time until the withdrawal is no wait for a pick-up."""
    wait: Waits
    waiting_over_norm: int


@dataclass
class HandoverReport:
    norm_hours: float
    groups: list[HandoverGroup] = field(default_factory=list)
    overdue: list[Handover] = field(default_factory=list)


def handover_report(
    session: Session,
    actor: Actor,
    *,
    process_id: str | None = None,
    gemeente: str | None = None,
    period: Period = ALWAYS,
    norm_hours: float = 24.0,
    overdue_limit: int = 200,
) -> HandoverReport:
    """Handovers per process, gemeente and pair of roles, with the wait until pick-up.

    Also the handovers waiting beyond the norm. A handover withdrawn with its task is counted as
    withdrawn, neither picked up nor waiting. Counted in the database; the waits of picked-up
    handovers are the only rows read.
    """
    conditions = _handover_conditions(actor, process_id, gemeente, period)
    keys = (Handover.process_id, Handover.gemeente, Handover.from_role, Handover.to_role)
    report = HandoverReport(norm_hours)
    for (process, gem, from_role, to_role), total, picked_up, withdrawn, late, wait in sorted(
        _handover_counts(session, keys, conditions, norm_hours), key=lambda g: tuple(map(str, g[0]))
    ):
        report.groups.append(
            HandoverGroup(
                process, gem, from_role, to_role, total, picked_up, withdrawn, wait, waiting_over_norm=late
            )
        )
    report.overdue = list(
        session.scalars(
            select(Handover)
            .where(*conditions, _overdue(norm_hours))
            .order_by(Handover.handed_over_at, Handover.id)
            .limit(overdue_limit)
        )
    )
    return report


def _handover_conditions(
    actor: Actor, process_id: str | None, gemeente: str | None, period: Period
) -> list[ColumnElement[bool]]:
    conditions = [
        Handover.gemeente.in_(access.gemeenten(actor, gemeente)),
        *period.conditions(Handover.handed_over_at),
    ]
    if process_id:
        conditions.append(Handover.process_id == process_id)
    return conditions


def _overdue(norm_hours: float) -> ColumnElement[bool]:
    """Not picked up nor withdrawn, and handed over longer than the norm ago."""
    if norm_hours <= 0:
        raise InvalidInput([FieldError("norm_hours", "must be more than 0")])
    cutoff = utcnow() - dt.timedelta(hours=norm_hours)
    return and_(Handover.waiting(), Handover.handed_over_at < cutoff)


def _handover_counts(
    session: Session, keys: tuple[Any, ...], conditions: list[ColumnElement[bool]], norm_hours: float
) -> list[tuple[tuple[Any, ...], int, int, int, int, Waits]]:
    """Handovers grouped by ``keys``: how many, how many picked up, how many withdrawn with their
    task before a pick-up, how many waiting beyond the norm,
    and the waits of those picked up (on PostgreSQL in the same pass; SQLite has no percentile)."""
    columns: list[Any] = [
        func.count(),
        func.count(Handover.picked_up_at),
        func.count(Handover.withdrawn_at),
        func.sum(case((_overdue(norm_hours), 1), else_=0)),
    ]
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    if on_postgresql:  # percentile_cont and max skip the NULL waits of handovers not yet picked up
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
    """Median, p90 and max wait per group, from the rows (SQLite has no percentile function)."""
    grouped: dict[tuple[Any, ...], list[float]] = defaultdict(list)
    for *key, handed_over_at, picked_up_at in session.execute(
        select(*keys, Handover.handed_over_at, Handover.picked_up_at)
        .where(*conditions)
        .execution_options(yield_per=5000)
    ):
        grouped[tuple(key)].append((picked_up_at - handed_over_at).total_seconds())
    return {key: Waits.of(values) for key, values in grouped.items()}


def _seconds_between(session: Session, start: Any, end: Any) -> Any:
    """SQL for the seconds from ``start`` to ``end`` (SQLite stores times as text, without a zone;
    its Julian days are exact to some microseconds, so callers round to milliseconds)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


@dataclass
class ElementStatistics:
    element_id: str
    name: str
    open: int
    completed: int
    mean_seconds: float | None


def element_statistics(
    session: Session,
    actor: Actor,
    process_id: str,
    gemeente: str | None = None,
    period: Period = ALWAYS,
) -> list[ElementStatistics]:
    """Per user task of a process: cases there now, cases that passed, mean time from ready to done;
    of the tasks that became ready in ``period``."""
    completed = and_(CaseTask.status == TaskStatus.COMPLETED, CaseTask.completed_at.is_not(None))
    rows = session.execute(
        select(
            CaseTask.element_id,
            func.min(CaseTask.name),
            func.sum(case((CaseTask.status.in_(OPEN_TASK_STATUSES), 1), else_=0)),
            func.sum(case((completed, 1), else_=0)),
            func.avg(case((completed, _seconds_between(session, CaseTask.ready_at, CaseTask.completed_at)))),
        )
        .where(
            CaseTask.process_id == process_id,
            CaseTask.gemeente.in_(access.gemeenten(actor, gemeente)),
            *period.conditions(CaseTask.ready_at),
        )
        .group_by(CaseTask.element_id)
    )
    by_element = {
        element_id: ElementStatistics(
            element_id, name, int(open or 0), int(done or 0), None if mean is None else round(float(mean), 3)
        )
        for element_id, name, open, done, mean in rows
    }
    return sorted(by_element.values(), key=lambda s: s.element_id)


@dataclass
class LeadTimes:
    process_id: str
    completed: int
    running: int
    lead_time: Waits
    norm_seconds: float | None
    over_norm: int


def lead_times(
    session: Session,
    actor: Actor,
    process_id: str,
    norm: dt.timedelta | None,
    period: Period = ALWAYS,
    gemeente: str | None = None,
) -> LeadTimes:
    """Doorlooptijd of the process's cases that ended (completed) in the period, against a norm."""
    base = select(Case).where(
        Case.process_id == process_id, Case.gemeente.in_(access.gemeenten(actor, gemeente))
    )
    ended = base.where(Case.status == CaseStatus.COMPLETED)
    ended = ended.where(*period.conditions(Case.ended_at))
    times = [(c.ended_at - c.started_at).total_seconds() for c in session.scalars(ended) if c.ended_at]
    running = (
        session.scalar(
            select(func.count()).select_from(base.where(Case.status == CaseStatus.RUNNING).subquery())
        )
        or 0
    )
    limit = norm.total_seconds() if norm else None
    return LeadTimes(
        process_id,
        len(times),
        running,
        Waits.of(times),
        limit,
        sum(1 for t in times if limit is not None and t > limit),
    )


def process_norm(version: ProcessVersion) -> dt.timedelta | None:
    """The norm lead time a process version sets in its property ``doorlooptijd`` (ISO 8601, e.g. P8W)."""
    value = version.summary.get("properties", {}).get("doorlooptijd")
    return bpmn.parse_duration(value, utcnow()) if value else None


def deadlines(
    session: Session,
    actor: Actor,
    days: int,
    gemeente: str | None = None,
    limit: int = 500,
    process_id: str | None = None,
) -> list[Any]:
    """Running cases whose next term falls within ``days`` days, soonest first.

    Each row holds id, process_id, gemeente and next_timer_at.
    """
    if not 0 < days <= 366:
        raise InvalidInput([FieldError("days", "must be between 1 and 366")])
    gemeenten = access.gemeenten(actor, gemeente)
    return list(
        session.execute(
            select(Case.id, Case.process_id, Case.gemeente, Case.next_timer_at)
            .where(
                Case.status == CaseStatus.RUNNING,
                Case.gemeente.in_(gemeenten),
                Case.next_timer_at.is_not(None),
                Case.next_timer_at <= utcnow() + dt.timedelta(days=days),
                *([Case.process_id == process_id] if process_id else []),
            )
            .order_by(Case.next_timer_at)
            .limit(limit)
        )
    )


def lead_times_by_process(
    session: Session,
    actor: Actor,
    norms: Mapping[str, dt.timedelta | None],
    period: Period = ALWAYS,
    gemeente: str | None = None,
) -> list[LeadTimes]:
    """:func:`lead_times` of every process with a case running now or completed in the period, by
    process id, against ``norms`` (process id to norm; none for a process not in it).

    Two queries whatever the number of processes: one pass over the cases completed in the
    period (reading their two times only) and a count of running cases per process.
    """
    gemeenten = access.gemeenten(actor, gemeente)
    times: dict[str, list[float]] = defaultdict(list)
    for process_id, started_at, ended_at in session.execute(
        select(Case.process_id, Case.started_at, Case.ended_at)
        .where(
            Case.gemeente.in_(gemeenten),
            Case.status == CaseStatus.COMPLETED,
            *period.conditions(Case.ended_at),
        )
        .execution_options(yield_per=5000)
    ):
        if ended_at is not None:
            times[process_id].append((ended_at - started_at).total_seconds())
    running: dict[str, int] = {
        process_id: count
        for process_id, count in session.execute(
            select(Case.process_id, func.count())
            .where(Case.gemeente.in_(gemeenten), Case.status == CaseStatus.RUNNING)
            .group_by(Case.process_id)
        )
    }
    found = []
    for process_id in sorted(times.keys() | running.keys()):
        norm = norms.get(process_id)
        limit = norm.total_seconds() if norm else None
        ended = times.get(process_id, [])
        found.append(
            LeadTimes(
                process_id,
                len(ended),
                running.get(process_id, 0),
                Waits.of(ended),
                limit,
                sum(1 for t in ended if limit is not None and t > limit),
            )
        )
    return found


@dataclass
class HandoverPair:
    """Handovers from one role to another over all processes: the arrows of the regisseur's picture."""

    from_role: str | None
    to_role: str | None
    handovers: int
    picked_up: int
    withdrawn: int
    """Withdrawn with their task (boundary event, gateway, event subprocess, case ended) before a
    pick-up: not waiting, and their time until the withdrawal is no wait for a pick-up."""
    wait: Waits
    waiting_over_norm: int


def handover_pairs(
    session: Session,
    actor: Actor,
    *,
    process_id: str | None = None,
    gemeente: str | None = None,
    period: Period = ALWAYS,
    norm_hours: float = 24.0,
) -> list[HandoverPair]:
    """Handovers per pair of roles over processes and gemeenten, with the wait until pick-up,
    busiest pair first; the same counts as :func:`handover_report`, grouped by roles alone."""
    conditions = _handover_conditions(actor, process_id, gemeente, period)
    pairs = [
        HandoverPair(from_role, to_role, total, picked_up, withdrawn, wait, waiting_over_norm=late)
        for (from_role, to_role), total, picked_up, withdrawn, late, wait in _handover_counts(
            session, (Handover.from_role, Handover.to_role), conditions, norm_hours
        )
    ]
    return sorted(pairs, key=lambda p: (-p.handovers, str(p.from_role), str(p.to_role)))
