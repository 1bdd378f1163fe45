"""Reports for the procesregisseur: handovers and waits, per-task statistics, lead times, deadlines,
and the outcomes of cases per process, gemeente and version."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from . import access, bpmn, rollup
from . import handover_counts as counts
from .db import MAXIMUM
from .errors import FieldError, InvalidInput, NotFound
from .models import Case, CaseTask, Handover, ProcessVersion, ReportCount, utcnow
from .period import ALWAYS, Period, seconds_between
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
class OrganisationPair:
    """Handovers from the lanes of one organisation to those of another (or the same): who holds the
    uitvoeringsregie and who works as subcontractor. None: a lane whose model names no organisation."""

    from_organisatie: str | None
    to_organisatie: str | None
    handovers: int
    picked_up: int
    withdrawn: int
    wait: Waits
    waiting_over_norm: int


@dataclass
class HandoverReport:
    norm_hours: float
    groups: list[HandoverGroup] = field(default_factory=list)
    overdue: list[Handover] = field(default_factory=list)
    organisations: list[OrganisationPair] = field(default_factory=list)
    pairs: list[HandoverPair] = field(default_factory=list)
    """Per pair of roles over processes and gemeenten: the arrows of the regisseur's picture."""


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
    """Handovers per process, gemeente and pair of roles, with the wait until pick-up, per pair of
    organisations (the lanes' ``organisatie``) and per pair of roles alone (``pairs``), busiest first.

    Also the handovers waiting beyond the norm. A handover withdrawn with its task is counted as
    withdrawn, neither picked up nor waiting. Read from the handover counts for the whole months of the
    period and from the handovers for its edges (engine/handover_counts.py): the counts exact, the
    median and 90th percentile of the waits to within the width of their bucket.
    """
    conditions = _handover_conditions(actor, process_id, gemeente, period)
    tallies = counts.read(
        session,
        conditions,
        sorted(access.gemeenten(actor, gemeente)),
        process_id,
        period,
        _cutoff(norm_hours),
    )
    report = HandoverReport(norm_hours)
    groups: dict[tuple[str, str, str | None, str | None], counts.Tally] = {}
    organisations: dict[tuple[str | None, str | None], counts.Tally] = {}
    pairs: dict[tuple[str | None, str | None], counts.Tally] = {}
    for (process, gem, from_role, to_role, from_org, to_org), tally in tallies.items():
        groups.setdefault((process, gem, from_role, to_role), counts.Tally()).merge(tally)
        organisations.setdefault((from_org, to_org), counts.Tally()).merge(tally)
        pairs.setdefault((from_role, to_role), counts.Tally()).merge(tally)
    report.groups = [
        HandoverGroup(*key, **_figures(tally))
        for key, tally in sorted(groups.items(), key=lambda g: tuple(map(str, g[0])))
    ]
    report.organisations = sorted(
        (OrganisationPair(*key, **_figures(tally)) for key, tally in organisations.items()),
        key=lambda o: (-o.handovers, str(o.from_organisatie), str(o.to_organisatie)),
    )
    report.pairs = sorted(
        (HandoverPair(*key, **_figures(tally)) for key, tally in pairs.items()),
        key=lambda p: (-p.handovers, str(p.from_role), str(p.to_role)),
    )
    if overdue_limit > 0:
        report.overdue = list(
            session.scalars(
                select(Handover)
                .where(*conditions, _overdue(norm_hours))
                .order_by(Handover.handed_over_at, Handover.id)
                .limit(overdue_limit)
            )
        )
    return report


def _figures(tally: counts.Tally) -> dict[str, Any]:
    """What every grouping of the report shows of its handovers: how many, picked up, withdrawn, the
    waits (median and 90th percentile from the wait buckets, the exact maximum; seconds to the
    millisecond) and how many wait beyond the norm."""
    longest = None if tally.wait_max is None else round(tally.wait_max, 3)
    waits = Waits(tally.wait(0.5), tally.wait(0.9), longest)
    return {
        "handovers": tally.handovers,
        "picked_up": tally.picked_up,
        "withdrawn": tally.withdrawn,
        "wait": waits,
        "waiting_over_norm": tally.waiting_over_norm,
    }


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


def _cutoff(norm_hours: float) -> dt.datetime:
    """A handover still waiting that was handed over before this waits beyond the norm."""
    if norm_hours <= 0:
        raise InvalidInput([FieldError("norm_hours", "must be more than 0")])
    return utcnow() - dt.timedelta(hours=norm_hours)


def _overdue(norm_hours: float) -> ColumnElement[bool]:
    """Not picked up nor withdrawn, and handed over longer than the norm ago."""
    return and_(Handover.waiting(), Handover.handed_over_at < _cutoff(norm_hours))


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
            func.avg(case((completed, seconds_between(session, CaseTask.ready_at, CaseTask.completed_at)))),
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
    return handover_report(
        session,
        actor,
        process_id=process_id,
        gemeente=gemeente,
        period=period,
        norm_hours=norm_hours,
        overdue_limit=0,
    ).pairs


@dataclass
class OutcomeGroup:
    """The cases of one process version in one gemeente: how many started and ended in the period,
    how they ended, and how long the completed ones took against the version's norm."""

    process_id: str
    name: str
    gemeente: str
    version: int
    started: int = 0
    ended: int = 0
    """Completed or cancelled in the period."""
    cancelled: int = 0
    by_outcome: dict[str, int] = field(default_factory=dict)
    """Completed cases per outcome type (the ``uitkomst`` of the end that ended them)."""
    without_type: int = 0
    """Completed at an end without an outcome type (a model from elsewhere, or completed before
    migration 0018 at an end its history does not identify)."""
    lead_time: Waits = field(default_factory=lambda: Waits(None, None, None))
    """Start to end of the completed cases less the days a hersteltermijn suspended them, seconds; the
    median and p90 within their lead-time bucket (a minute below an hour, an hour below two days, a day
    beyond, ADR 39)."""
    norm_seconds: float | None = None
    """The version's property ``doorlooptijd``; None when it sets none."""
    over_norm: int = 0


def outcome_conditions(
    session: Session, actor: Actor, process_id: str | None, gemeente: str | None, version: int | None
) -> tuple[list[ColumnElement[bool]], list[int]]:
    """The cases an outcome report counts, and the version ids of its process (none: every process).

    Raises:
        InvalidInput: a version without a process.
        NotFound: the process, or its version, does not exist.
    """
    conditions: list[ColumnElement[bool]] = [Case.gemeente.in_(access.gemeenten(actor, gemeente))]
    if version is not None and not process_id:
        raise InvalidInput([FieldError("version", "needs 'process': a version number is per process")])
    if process_id:
        known = select(ProcessVersion.id).where(ProcessVersion.process_id == process_id)
        if version is not None:
            known = known.where(ProcessVersion.number == version)
        wanted = list(session.scalars(known))
        if not wanted:
            raise NotFound(
                "process version" if version else "process", f"{process_id} {version or ''}".strip()
            )
        conditions += [Case.process_id == process_id, Case.process_version_id.in_(wanted)]
        return conditions, wanted
    return conditions, []


def outcome_report(
    session: Session,
    actor: Actor,
    *,
    process_id: str | None = None,
    gemeente: str | None = None,
    period: Period = ALWAYS,
    version: int | None = None,
) -> list[OutcomeGroup]:
    """Per process, gemeente and version: cases started and ended in the period, the completed ones by
    outcome type, and their lead time (median, 90th percentile, maximum) against the norm.

    Read from ``report_counts`` (engine/rollup.py, ADR 39) for the calendar months (Amsterdam) wholly
    in the period, in one grouped query; the parts of months at its ends are counted from those cases
    with the same functions. The lead time subtracts the days a hersteltermijn suspended the case;
    its median and 90th percentile come from counts per lead-time bucket, within a minute (below an
    hour), an hour (below two days) or a day of the exact figure; counts and the maximum are exact.

    Raises:
        InvalidInput: a version without a process.
        NotFound: the process, or its version, does not exist.
    """
    conditions, wanted = outcome_conditions(session, actor, process_id, gemeente, version)
    keys = (Case.process_id, Case.gemeente, Case.process_version_id)
    counted: dict[tuple[str, str, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    buckets: dict[tuple[str, str, int], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    longest: dict[tuple[str, str, int], float] = {}

    def count(key: tuple[str, str, int], name: str, value: float) -> None:
        if name == f"doorloop{MAXIMUM}":
            longest[key] = max(value, longest.get(key, value))
        elif name.startswith("doorloop."):
            buckets[key][int(name.removeprefix("doorloop."))] += value
        else:
            counted[key][name] += value

    split = period.months()
    kept: list[ColumnElement[bool]] = [ReportCount.gemeente.in_(access.gemeenten(actor, gemeente))]
    if process_id:
        kept += [ReportCount.process_id == process_id, ReportCount.process_version_id.in_(wanted)]
    if split.first is not None:
        kept.append(ReportCount.month >= split.first)
    if split.last is not None:
        kept.append(ReportCount.month <= split.last)
    if split.whole:
        names = ReportCount.name.in_(["started", "completed", "cancelled", "boven_norm"])
        for process, gem, version_id, name, total, largest in session.execute(
            select(
                ReportCount.process_id,
                ReportCount.gemeente,
                ReportCount.process_version_id,
                ReportCount.name,
                func.sum(ReportCount.value),
                func.max(ReportCount.value),
            )
            .where(
                *kept, or_(names, ReportCount.name.like("uitkomst.%"), ReportCount.name.like("doorloop.%"))
            )
            .group_by(
                ReportCount.process_id, ReportCount.gemeente, ReportCount.process_version_id, ReportCount.name
            )
        ):
            count((process, gem, version_id), name, float(largest if name.endswith(MAXIMUM) else total))
    for edge in split.edges:  # the parts of months the period holds: counted from the cases themselves
        for process, gem, version_id, started in session.execute(
            select(*keys, func.count()).where(*conditions, *edge.conditions(Case.started_at)).group_by(*keys)
        ):
            count((process, gem, version_id), "started", float(started))
        for row in session.execute(
            select(
                *keys,
                Case.status,
                Case.outcome_type,
                Case.started_at,
                Case.ended_at,
                Case.data["opgeschorte_dagen"].label("opgeschorte_dagen"),
            ).where(
                *conditions,
                Case.status.in_([CaseStatus.COMPLETED, CaseStatus.CANCELLED]),
                *edge.conditions(Case.ended_at),
            )
        ):
            norm = rollup.norm_seconds(session, row.process_version_id)
            case_row = _Ended(
                row.process_id,
                row.status,
                row.started_at,
                row.ended_at,
                row.outcome_type,
                {"opgeschorte_dagen": row.opgeschorte_dagen},
            )
            for (_, name), value in rollup.contributions(case_row, norm).items():
                if name in ("completed", "cancelled", "boven_norm") or name.startswith(
                    ("uitkomst.", "doorloop")
                ):
                    count((row.process_id, row.gemeente, row.process_version_id), name, value)
    groups: dict[tuple[str, str, int], OutcomeGroup] = {}
    for key, named in counted.items():
        if not any(named.values()):
            continue
        found = groups[key] = OutcomeGroup(key[0], "", key[1], key[2])
        found.started = int(named.get("started", 0))
        found.cancelled = int(named.get("cancelled", 0))
        completed = int(named.get("completed", 0))
        found.ended = completed + found.cancelled
        for name, value in named.items():
            if name.startswith("uitkomst.") and value:
                outcome = name.removeprefix("uitkomst.")
                if outcome:
                    found.by_outcome[outcome] = int(value)
                else:
                    found.without_type = int(value)
        if completed:
            spread = list(buckets[key].items())
            top = longest.get(key)
            found.lead_time = Waits(
                counts.percentile(spread, completed, 0.5, top),
                counts.percentile(spread, completed, 0.9, top),
                _rounded(top),
            )
        found.over_norm = int(named.get("boven_norm", 0))
    versions = {
        v.id: v
        for v in session.scalars(
            select(ProcessVersion).where(ProcessVersion.id.in_({version_id for _, _, version_id in groups}))
        )
    }
    for (_, _, version_id), found in groups.items():
        found.name, found.version = versions[version_id].name, versions[version_id].number
        limit = process_norm(versions[version_id])
        found.norm_seconds = limit.total_seconds() if limit is not None else None
    return sorted(groups.values(), key=lambda g: (g.process_id, g.gemeente, g.version))


@dataclass(frozen=True)
class _Ended:
    """The columns of a case that :func:`rollup.contributions` reads for its end."""

    process_id: str
    status: str
    started_at: dt.datetime
    ended_at: dt.datetime
    outcome_type: str | None
    data: dict[str, Any]


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)
