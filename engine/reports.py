"""Reports for the procesregisseur: handovers and waits, per-task statistics, lead times, deadlines,
and the outcomes of cases per process, gemeente and version."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from . import access, bpmn, processes, rollup, task_counts
from . import handover_counts as counts
from .errors import FieldError, InvalidInput, NotFound
from .models import Case, Handover, ProcessVersion, ReportCount, utcnow
from .period import ALWAYS, Period
from .users import Actor
from .vocabulary import CaseStatus


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
    of the tasks that became ready in ``period``. Read from ``task_counts`` (engine/task_counts.py,
    ADR 37 amended) for the calendar months wholly in the period, from the tasks for its edges."""
    return [
        ElementStatistics(element_id, name, open_, done, mean)
        for element_id, name, open_, done, mean in task_counts.read(
            session, process_id, access.gemeenten(actor, gemeente), period
        )
    ]


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
    version: ProcessVersion,
    period: Period = ALWAYS,
    gemeente: str | None = None,
    norm: dt.timedelta | None = None,
) -> LeadTimes:
    """:func:`lead_times_by_process` of one process, ``version`` its latest. With ``norm``, the cases
    over that norm instead of their version's: counted from the cases that completed in the period."""
    process_id = version.process_id
    found = lead_times_by_process(session, actor, {process_id: version}, period, gemeente, process_id)
    lead = found[0] if found else LeadTimes(process_id, 0, 0, Waits(None, None, None), None, 0)
    lead.norm_seconds = _seconds(process_norm(version))  # also when no case counts
    if norm is not None:
        lead.norm_seconds = limit = norm.total_seconds()
        lead.over_norm = sum(
            1
            for started_at, ended_at, suspended in session.execute(
                select(Case.started_at, Case.ended_at, Case.data["opgeschorte_dagen"]).where(
                    Case.process_id == process_id,
                    Case.gemeente.in_(access.gemeenten(actor, gemeente)),
                    Case.status == CaseStatus.COMPLETED,
                    *period.conditions(Case.ended_at),
                )
            )
            if rollup.lead_seconds(started_at, ended_at, {"opgeschorte_dagen": suspended}) > limit
        )
    return lead


def process_norm(version: ProcessVersion | processes.Named) -> dt.timedelta | None:
    """The norm lead time a process version sets in its property ``doorlooptijd`` (ISO 8601, e.g. P8W)."""
    if isinstance(version, processes.Named):
        value = version.doorlooptijd
    else:
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
    latest: Mapping[str, ProcessVersion | processes.Named],
    period: Period = ALWAYS,
    gemeente: str | None = None,
    process_id: str | None = None,
) -> list[LeadTimes]:
    """Per process with a case completed in the period or running now, by process id: the lead time of
    the completed ones (start to end less the days a hersteltermijn suspended them, as the outcome
    report counts it), how many took longer than their own version's norm, and how many run now;
    ``norm_seconds`` is the norm of the process's version in ``latest`` (none for a process not in it).

    Read from ``report_counts`` (engine/rollup.py, ADR 39) whatever the number of cases: the whole
    months of the period, the parts of months at its edges from the cases that ended in them, and the
    running ones as started less ended over all months. Counts and the maximum are exact; the median and
    90th percentile within their lead-time bucket (a minute below an hour, an hour below two days, a
    day beyond).
    """
    gemeenten = access.gemeenten(actor, gemeente)
    kept: list[ColumnElement[bool]] = [ReportCount.gemeente.in_(gemeenten)]
    conditions: list[ColumnElement[bool]] = [Case.gemeente.in_(gemeenten)]
    if process_id:
        kept.append(ReportCount.process_id == process_id)
        conditions.append(Case.process_id == process_id)
    counted = rollup.read(
        session, kept, conditions, period, ["completed", "boven_norm", rollup.LEAD], by=["process_id"]
    )
    tallies = defaultdict(rollup.Tally, {process: tally for (process,), tally in counted.items()})
    running = rollup.running(session, kept)
    found = []
    for process in sorted(tallies.keys() | running.keys()):
        tally = tallies[process]
        completed = round(tally.named.get("completed", 0))
        if not completed and not running.get(process):
            continue
        found.append(
            LeadTimes(
                process,
                completed,
                running.get(process, 0),
                _lead_time(tally) if completed else Waits(None, None, None),
                _seconds(process_norm(latest[process])) if process in latest else None,
                round(tally.named.get("boven_norm", 0)),
            )
        )
    return found


def _seconds(duration: dt.timedelta | None) -> float | None:
    return None if duration is None else duration.total_seconds()


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
    kept: list[ColumnElement[bool]] = [ReportCount.gemeente.in_(access.gemeenten(actor, gemeente))]
    if process_id:
        kept += [ReportCount.process_id == process_id, ReportCount.process_version_id.in_(wanted)]
    tallies = rollup.read(
        session,
        kept,
        conditions,
        period,
        ["started", "completed", "cancelled", "boven_norm", "uitkomst.", rollup.LEAD],
    )
    groups: dict[tuple[str, str, int], OutcomeGroup] = {}
    for key, tally in tallies.items():
        named = tally.named
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
            found.lead_time = _lead_time(tally)
        found.over_norm = int(named.get("boven_norm", 0))
    versions = processes.named(session, (version_id for _, _, version_id in groups))
    for (_, _, version_id), found in groups.items():
        found.name, found.version = versions[version_id].name, versions[version_id].number
        limit = process_norm(versions[version_id])
        found.norm_seconds = limit.total_seconds() if limit is not None else None
    return sorted(groups.values(), key=lambda g: (g.process_id, g.gemeente, g.version))


def _lead_time(tally: rollup.Tally) -> Waits:
    """The lead time of a group's completed cases from their counts: median and 90th percentile within
    their bucket's width, the maximum exact (seconds to the millisecond)."""
    return Waits(tally.lead_time(0.5), tally.lead_time(0.9), _rounded(tally.longest))


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 3)
