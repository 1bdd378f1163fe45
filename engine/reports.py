"""Reports for the procesregisseur: handovers and waits, per-task statistics, lead times, deadlines."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .errors import FieldError, InvalidInput, PermissionDenied
from .models import Case, CaseTask, Handover, utcnow
from .users import Actor

READERS = ("procesregisseur", "auditor")


@dataclass
class Waits:
    """Wait times in seconds: median, 90th percentile and maximum."""

    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Waits:
        if not seconds:
            return cls(None, None, None)
        ordered = sorted(seconds)
        return cls(statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], ordered[-1])


@dataclass
class HandoverGroup:
    process_id: str
    gemeente: str
    from_role: str | None
    to_role: str | None
    handovers: int
    picked_up: int
    wait: Waits
    waiting_over_norm: int


@dataclass
class HandoverReport:
    norm_hours: float
    groups: list[HandoverGroup] = field(default_factory=list)
    overdue: list[Handover] = field(default_factory=list)


def _check_reader(actor: Actor, since: dt.datetime | None, until: dt.datetime | None) -> None:
    if not actor.has_any(*READERS):
        raise PermissionDenied("reports are for the procesregisseur and auditors")
    if since and until and since > until:
        raise InvalidInput([FieldError("until", "must not be before 'since'")])


def handover_report(
    session: Session, actor: Actor, *, process_id: str | None = None, gemeente: str | None = None,
    since: dt.datetime | None = None, until: dt.datetime | None = None, norm_hours: float = 24.0,
) -> HandoverReport:
    """Handovers per process, gemeente and pair of roles, with the wait until pick-up and those waiting beyond the norm."""
    _check_reader(actor, since, until)
    if norm_hours <= 0:
        raise InvalidInput([FieldError("norm_hours", "must be more than 0")])
    query = select(Handover).where(Handover.gemeente.in_({gemeente} & actor.gemeenten if gemeente else actor.gemeenten))
    if process_id:
        query = query.where(Handover.process_id == process_id)
    if since:
        query = query.where(Handover.handed_over_at >= since)
    if until:
        query = query.where(Handover.handed_over_at < until)
    now, norm = utcnow(), dt.timedelta(hours=norm_hours)
    groups: dict[tuple[str, str, str | None, str | None], list[Handover]] = defaultdict(list)
    report = HandoverReport(norm_hours)
    for handover in session.scalars(query.order_by(Handover.handed_over_at).execution_options(yield_per=2000)):
        groups[(handover.process_id, handover.gemeente, handover.from_role, handover.to_role)].append(handover)
        if handover.picked_up_at is None and now - handover.handed_over_at > norm:
            report.overdue.append(handover)
    for (process, gem, from_role, to_role), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2]), str(kv[0][3]))):
        waits = [(h.picked_up_at - h.handed_over_at).total_seconds() for h in rows if h.picked_up_at is not None]
        report.groups.append(HandoverGroup(
            process, gem, from_role, to_role, handovers=len(rows), picked_up=len(waits), wait=Waits.of(waits),
            waiting_over_norm=sum(1 for h in rows if h.picked_up_at is None and now - h.handed_over_at > norm)))
    return report


@dataclass
class ElementStatistics:
    element_id: str
    name: str
    open: int
    completed: int
    mean_seconds: float | None


def element_statistics(session: Session, actor: Actor, process_id: str, gemeente: str | None = None) -> list[ElementStatistics]:
    """Per user task of a process: cases there now, cases that passed, mean time from ready to done."""
    _check_reader(actor, None, None)
    gemeenten = {gemeente} & actor.gemeenten if gemeente else actor.gemeenten
    rows = session.execute(
        select(CaseTask.element_id, CaseTask.name, CaseTask.status, CaseTask.ready_at, CaseTask.completed_at)
        .where(CaseTask.process_id == process_id, CaseTask.gemeente.in_(gemeenten)).execution_options(yield_per=5000))
    by_element: dict[str, ElementStatistics] = {}
    durations: dict[str, list[float]] = defaultdict(list)
    for element_id, name, status, ready_at, completed_at in rows:
        stats = by_element.setdefault(element_id, ElementStatistics(element_id, name, 0, 0, None))
        if status in ("ready", "claimed"):
            stats.open += 1
        elif status == "completed" and completed_at is not None:
            stats.completed += 1
            durations[element_id].append((completed_at - ready_at).total_seconds())
    for element_id, values in durations.items():
        by_element[element_id].mean_seconds = statistics.fmean(values)
    return sorted(by_element.values(), key=lambda s: s.element_id)


@dataclass
class LeadTimes:
    process_id: str
    completed: int
    running: int
    lead_time: Waits
    norm_seconds: float | None
    over_norm: int


def lead_times(session: Session, actor: Actor, process_id: str, norm: dt.timedelta | None,
               since: dt.datetime | None = None, until: dt.datetime | None = None) -> LeadTimes:
    """Doorlooptijd of the process's cases that ended (completed) in the period, against a norm."""
    _check_reader(actor, since, until)
    base = select(Case).where(Case.process_id == process_id, Case.gemeente.in_(actor.gemeenten))
    ended = base.where(Case.status == "completed")
    if since:
        ended = ended.where(Case.ended_at >= since)
    if until:
        ended = ended.where(Case.ended_at < until)
    times = [(c.ended_at - c.started_at).total_seconds() for c in session.scalars(ended) if c.ended_at]
    running = session.scalar(select(func.count()).select_from(base.where(Case.status == "running").subquery())) or 0
    limit = norm.total_seconds() if norm else None
    return LeadTimes(process_id, len(times), running, Waits.of(times), limit,
                     sum(1 for t in times if limit is not None and t > limit))


def deadlines(session: Session, actor: Actor, days: int, gemeente: str | None = None, limit: int = 500) -> list[Any]:
    """Running cases (id, process_id, gemeente, next_timer_at) whose next term falls within ``days`` days, soonest first."""
    _check_reader(actor, None, None)
    if not 0 < days <= 366:
        raise InvalidInput([FieldError("days", "must be between 1 and 366")])
    gemeenten = {gemeente} & actor.gemeenten if gemeente else actor.gemeenten
    return list(session.execute(
        select(Case.id, Case.process_id, Case.gemeente, Case.next_timer_at)
        .where(Case.status == "running", Case.gemeente.in_(gemeenten), Case.next_timer_at.is_not(None),
               Case.next_timer_at <= utcnow() + dt.timedelta(days=days))
        .order_by(Case.next_timer_at).limit(limit)))
