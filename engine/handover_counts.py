"""Handovers counted as they happen (ADR 36, amended; issue #13): table ``handover_counts``, per gemeente,
calendar month in Amsterdam of the handover, process, pair of roles and pair of lane organisations.

What a handover counts is a function of its own row (:func:`contributions`): ``handed_over`` in the
month it was handed over; once picked up, ``picked_up``, its wait in a bucket (``wait.<lower bound>``),
``wait.sum`` and ``wait.max``; once withdrawn, ``withdrawn``. A step adds what it changes in the
transaction that writes the handover rows (engine/store.py): the handovers it inserts, the one it picks
up (the row the pick-up updated), the ones it withdraws (the rows the withdrawal updated, read back).
:func:`rebuild` counts every handover again with the same function: migration 0022 fills the table with
it, and the benchmarks after filling a database with rows of their own.

Waits are kept per bucket: a minute wide below an hour, an hour wide below two days, a day wide from
two days on, plus their exact sum and maximum. A median or 90th percentile read from them
(:func:`percentile`) is off by less than the width of the bucket it falls in; counts, the mean and the
maximum are exact. :func:`read` gives the counts of a period: the whole months from the table, the
parts at its edges counted from the handovers themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, and_, case, cast, delete, func, or_, select, true
from sqlalchemy.orm import Session

from .db import MAXIMUM, Base, add_counters, adding_upsert_sql, counter_rows
from .models import Handover, HandoverCount
from .period import AMSTERDAM, Period, month_bounds, month_of, seconds_between

MINUTE, HOUR, DAY = 60, 3600, 86400
HANDED_OVER, PICKED_UP, WITHDRAWN = "handed_over", "picked_up", "withdrawn"
PICKED_UP_LATE = "picked_up_late"
"""Picked up more than :data:`NORM_HOURS` after the handover (the steering KPIs, engine/steering.py)."""
NORM_HOURS = 24
"""The norm of a handover's wait the steering KPIs count against (docs/steering.md)."""
WAIT, WAIT_SUM, WAIT_MAX = "wait.", "wait.sum", f"wait{MAXIMUM}"
KEY = ("gemeente", "month", "process_id", "from_role", "to_role", "from_organisatie", "to_organisatie")
"""The key columns of ``handover_counts`` besides the name; a role or organisation that is none is ''."""

Key = tuple[str, str, str, str, str, str, str]
Changes = dict[tuple[Key, str], float]
"""(key, name) -> value: what handovers add to ``handover_counts``."""
COLUMNS = [getattr(Handover, name) for name in KEY if name != "month"]
"""The columns of a handover its key is made of, all but the month."""
_TABLE = Base.metadata.tables["handover_counts"]


BUCKETS = ((HOUR, MINUTE), (2 * DAY, HOUR), (None, DAY))
"""The wait buckets: below each bound (seconds; None: no bound), buckets of this width."""


def bucket(seconds: float) -> int:
    """The lower bound, in seconds, of the wait bucket that holds ``seconds``."""
    value = max(0.0, seconds)
    width = bucket_width(int(value))
    return int(value // width) * width


def bucket_width(lower: int) -> int:
    return next(width for bound, width in BUCKETS if bound is None or lower < bound)


def bucket_sql(session: Session, seconds: Any) -> Any:
    """:func:`bucket` as SQL, for the waits counted in the database (the edges of a period)."""
    postgresql = session.get_bind().dialect.name == "postgresql"

    def lower(width: int) -> Any:  # whole buckets: PostgreSQL's div truncates, as SQLite's cast does
        whole = func.div(seconds, width) if postgresql else cast(seconds / width, Integer)
        return whole * width

    *bounded, (_, widest) = BUCKETS
    return case(*((seconds < bound, lower(width)) for bound, width in bounded), else_=lower(widest))


def key_of(row: Any, month: str) -> Key:
    """The key of a handover (a row or mapping with the columns of :data:`KEY` but the month)."""
    get = row.get if isinstance(row, Mapping) else lambda name: getattr(row, name)
    return (
        str(get("gemeente")),
        month,
        str(get("process_id")),
        get("from_role") or "",
        get("to_role") or "",
        get("from_organisatie") or "",
        get("to_organisatie") or "",
    )


def handed_over(row: Any, at: dt.datetime) -> Changes:
    """A new handover at ``at``."""
    return {(key_of(row, month_of(at)), HANDED_OVER): 1.0}


def picked_up(row: Any, handed_over_at: dt.datetime, picked_up_at: dt.datetime) -> Changes:
    """A handover picked up: counted in the month it was handed over, with its wait."""
    key = key_of(row, month_of(handed_over_at))
    return {(key, name): value for name, value in waited(handed_over_at, picked_up_at).items()}


def waited(handed_over_at: dt.datetime, picked_up_at: dt.datetime) -> dict[str, float]:
    """The names a pick-up counts, without the handover's key."""
    seconds = (picked_up_at - handed_over_at).total_seconds()
    found = {PICKED_UP: 1.0, f"{WAIT}{bucket(seconds)}": 1.0, WAIT_SUM: seconds, WAIT_MAX: seconds}
    if seconds > NORM_HOURS * HOUR:  # exactly the norm is not beyond it
        found[PICKED_UP_LATE] = 1.0
    return found


def withdrawn(row: Any, handed_over_at: dt.datetime) -> Changes:
    """A handover withdrawn with its task before anyone picked it up."""
    return {(key_of(row, month_of(handed_over_at)), WITHDRAWN): 1.0}


def roles_sql(alias: str) -> str:
    """The roles and organisations of a handover's key as PostgreSQL text, from the handover row
    ``alias``: '' where it has none, as :func:`key_of` gives them."""
    return ", ".join(f"coalesce({alias}.{name}, '') AS {name}" for name in KEY[3:])


def withdrawn_sql(source: str) -> str:
    """:func:`withdrawn` as PostgreSQL text for :func:`upsert_sql`, of the handovers ``source`` names
    (with the columns of :data:`COLUMNS` and ``handed_over_at``): each counted in the month, in
    Amsterdam, it was handed over (:func:`period.month_of` in SQL)."""
    return (
        f"SELECT h.gemeente, to_char(h.handed_over_at AT TIME ZONE '{AMSTERDAM.key}', 'YYYY-MM') AS month,"
        f" h.process_id, {roles_sql('h')}, '{WITHDRAWN}' AS name, 1.0 AS value FROM {source} AS h"
    )


def contributions(row: Any) -> Changes:
    """What one handover row counts as it stands."""
    found = handed_over(row, row.handed_over_at)
    if row.picked_up_at is not None:
        merge(found, picked_up(row, row.handed_over_at, row.picked_up_at))
    if row.withdrawn_at is not None:
        merge(found, withdrawn(row, row.handed_over_at))
    return found


def merge(into: Changes, more: Mapping[tuple[Key, str], float]) -> Changes:
    for at, value in more.items():
        into[at] = max(into.get(at, value), value) if at[1] == WAIT_MAX else into.get(at, 0.0) + value
    return into


def rows(changes: Changes) -> list[dict[str, Any]]:
    """The rows of ``changes`` for an upsert, in key order (``db.counter_rows``)."""
    return counter_rows(KEY, changes)


def add(connection: Session | Connection, changes: Changes) -> None:
    """Add ``changes`` to ``handover_counts`` (``wait.max``: keep the larger), one statement."""
    add_counters(connection, _TABLE, KEY, changes)


def upsert_sql(source: str) -> str:
    """PostgreSQL's upsert of :func:`add` as text, of the rows of ``source`` (``db.adding_upsert_sql``:
    ``wait.max`` keeps the larger), for the one statement of a step (engine/store.py)."""
    return adding_upsert_sql("handover_counts", KEY, source)


def rebuild(session: Session) -> int:
    """Count every handover again, from nothing; how many rows ``handover_counts`` holds."""
    session.execute(delete(HandoverCount))
    counted: Changes = {}
    for row in session.execute(
        select(
            *COLUMNS, Handover.handed_over_at, Handover.picked_up_at, Handover.withdrawn_at
        ).execution_options(yield_per=5000)
    ):
        merge(counted, contributions(row))
    found = rows(counted)
    for start in range(0, len(found), 5000):
        session.execute(_TABLE.insert(), found[start : start + 5000])
    return len(found)


@dataclass
class Tally:
    """The handovers of one group: how many, picked up, withdrawn, waiting beyond the norm, and the
    waits of those picked up per bucket (lower bound -> how many), summed and longest."""

    handovers: int = 0
    picked_up: int = 0
    withdrawn: int = 0
    waiting_over_norm: int = 0
    picked_up_late: int = 0
    """Picked up more than :data:`NORM_HOURS` after the handover (whatever norm the report asks)."""
    buckets: dict[int, float] = field(default_factory=dict)
    wait_sum: float = 0.0
    wait_max: float | None = None

    def add(self, name: str, value: float) -> None:
        if name == HANDED_OVER:
            self.handovers += round(value)
        elif name == PICKED_UP:
            self.picked_up += round(value)
        elif name == WITHDRAWN:
            self.withdrawn += round(value)
        elif name == PICKED_UP_LATE:
            self.picked_up_late += round(value)
        elif name == WAIT_SUM:
            self.wait_sum += value
        elif name == WAIT_MAX:
            self.wait_max = value if self.wait_max is None else max(self.wait_max, value)
        elif name.startswith(WAIT):
            lower = int(name[len(WAIT) :])
            self.buckets[lower] = self.buckets.get(lower, 0.0) + value

    def merge(self, other: Tally) -> None:
        self.handovers += other.handovers
        self.picked_up += other.picked_up
        self.withdrawn += other.withdrawn
        self.waiting_over_norm += other.waiting_over_norm
        self.picked_up_late += other.picked_up_late
        for lower, n in other.buckets.items():
            self.buckets[lower] = self.buckets.get(lower, 0.0) + n
        self.wait_sum += other.wait_sum
        if other.wait_max is not None:
            self.wait_max = other.wait_max if self.wait_max is None else max(self.wait_max, other.wait_max)

    def wait(self, q: float) -> float | None:
        """The ``q`` percentile of the waits (see :func:`percentile`)."""
        return percentile(self.buckets.items(), self.picked_up, q, self.wait_max)


Group = tuple[str, str, str | None, str | None, str | None, str | None]
"""process, gemeente, from role, to role, from organisation, to organisation (None: none)."""


def read(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    gemeenten: Sequence[str],
    process_id: str | None,
    period: Period,
    cutoff: dt.datetime,
) -> dict[Group, Tally]:
    """The handovers of ``period`` per group: the whole months from ``handover_counts``, the edges
    counted from the handovers (``conditions`` select them: gemeenten, process); a handover still waiting
    that was handed over before ``cutoff`` waits beyond the norm."""
    split = period.months()
    tallies: dict[Group, Tally] = defaultdict(Tally)
    late_months: list[str] = []  # whole months that end after the cutoff: their waiting ones counted raw
    if split.whole:
        wanted: list[ColumnElement[bool]] = [HandoverCount.gemeente.in_(gemeenten)]
        if process_id:
            wanted.append(HandoverCount.process_id == process_id)
        if split.first:
            wanted.append(HandoverCount.month >= split.first)
        if split.last:
            wanted.append(HandoverCount.month <= split.last)
        cutoff_month = month_of(cutoff)
        # a whole month before the cutoff's: every handover still waiting in it waits beyond the norm
        before = HandoverCount.month < cutoff_month
        group = [getattr(HandoverCount, name) for name in KEY if name != "month"]
        for *key, name, early, total, longest in session.execute(
            select(
                *group,
                HandoverCount.name,
                before,
                func.sum(HandoverCount.value),
                func.max(HandoverCount.value),
            )
            .where(*wanted)
            .group_by(*group, HandoverCount.name, before)
        ):
            tally = tallies[_group(key)]
            tally.add(name, longest if name == WAIT_MAX else total)
            if early and name in (HANDED_OVER, PICKED_UP, WITHDRAWN):
                tally.waiting_over_norm += round(total) * (1 if name == HANDED_OVER else -1)
        if split.last is None or split.last >= cutoff_month:
            late_months.append(max(cutoff_month, split.first or cutoff_month))
    if split.edges:
        _count_edges(session, conditions, split.edges, tallies)
    # Still waiting and handed over before the cutoff, in the edges and in the whole month of the cutoff
    # (and later ones): read from the partial index of waiting handovers.
    spans = [edge.conditions(Handover.handed_over_at) for edge in split.edges]
    if late_months:
        start = month_bounds(late_months[0])[0]
        end = month_bounds(split.last)[1] if split.last else None
        spans.append(Period(start, end).conditions(Handover.handed_over_at))
    if spans:
        for *key, late in session.execute(
            select(*COLUMNS, func.count())
            .where(
                *conditions,
                Handover.waiting(),
                Handover.handed_over_at < cutoff,
                or_(*(_all(span) for span in spans)),
            )
            .group_by(*COLUMNS)
        ):
            tallies[_group(key)].waiting_over_norm += late
    return dict(tallies)


def monthly(
    session: Session, gemeenten: Iterable[str], months: Sequence[str], cutoff: dt.datetime
) -> dict[tuple[str, str, str], Tally]:
    """Per gemeente, month (of ``months``, whole calendar months) and process: how many handovers, picked
    up, withdrawn, the waits' sum, those picked up beyond :data:`NORM_HOURS`, and those still waiting
    that were handed over before ``cutoff`` (the norm's, now less the norm). All from the counts but the
    last: the waiting ones of the cutoff's month, counted from the partial index of waiting handovers
    (those of the months before it all waited beyond it, those of later months none)."""
    names = (HANDED_OVER, PICKED_UP, WITHDRAWN, WAIT_SUM, PICKED_UP_LATE)
    found: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for gemeente, month, process_id, name, value in session.execute(
        select(
            HandoverCount.gemeente,
            HandoverCount.month,
            HandoverCount.process_id,
            HandoverCount.name,
            func.sum(HandoverCount.value),
        )
        .where(
            HandoverCount.gemeente.in_(list(gemeenten)),
            HandoverCount.month.in_(list(months)),
            HandoverCount.name.in_(names),
        )
        .group_by(HandoverCount.gemeente, HandoverCount.month, HandoverCount.process_id, HandoverCount.name)
    ):
        found[(gemeente, month, process_id)].add(name, float(value))
    cutoff_month = month_of(cutoff)
    for (_, month, _), tally in found.items():
        if month < cutoff_month:
            tally.waiting_over_norm = tally.handovers - tally.picked_up - tally.withdrawn
    if cutoff_month in months:
        for gemeente, process_id, late in session.execute(
            select(Handover.gemeente, Handover.process_id, func.count())
            .where(
                Handover.gemeente.in_(list(gemeenten)),
                Handover.waiting(),
                Handover.handed_over_at >= month_bounds(cutoff_month)[0],
                Handover.handed_over_at < cutoff,
            )
            .group_by(Handover.gemeente, Handover.process_id)
        ):
            found[(gemeente, cutoff_month, process_id)].waiting_over_norm += late
    return dict(found)


def _count_edges(
    session: Session,
    conditions: Sequence[ColumnElement[bool]],
    edges: list[Period],
    tallies: dict[Group, Tally],
) -> None:
    """Add the handovers of ``edges`` (parts of months) to ``tallies``, counted by the database: how
    many, picked up, withdrawn, the waits' sum and maximum, and how many waited in each bucket."""
    seconds = seconds_between(session, Handover.handed_over_at, Handover.picked_up_at)
    if session.get_bind().dialect.name != "postgresql":
        seconds = func.round(seconds, 3)  # SQLite's Julian days: to the millisecond
    within = [*conditions, or_(*(_all(edge.conditions(Handover.handed_over_at)) for edge in edges))]
    for *key, total, picked_up, withdrawn, summed, longest in session.execute(
        select(
            *COLUMNS,
            func.count(),
            func.count(Handover.picked_up_at),
            func.count(Handover.withdrawn_at),
            func.sum(seconds),
            func.max(seconds),
        )
        .where(*within)
        .group_by(*COLUMNS)
    ):
        tally = tallies[_group(key)]
        tally.add(HANDED_OVER, total)
        tally.add(PICKED_UP, picked_up)
        tally.add(WITHDRAWN, withdrawn)
        if longest is not None:
            tally.add(WAIT_SUM, float(summed))
            tally.add(WAIT_MAX, float(longest))
    lower = bucket_sql(session, seconds)
    for *key, bound, n in session.execute(
        select(*COLUMNS, lower, func.count())
        .where(*within, Handover.picked_up_at.is_not(None))
        .group_by(*COLUMNS, lower)
    ):
        tallies[_group(key)].add(f"{WAIT}{int(bound)}", n)


def _all(conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(true(), *conditions)


def _group(key: Sequence[Any]) -> Group:
    """A group from the key columns but the month (gemeente first, as in :data:`KEY`)."""
    gemeente, process, from_role, to_role, from_organisatie, to_organisatie = key
    return (
        process,
        gemeente,
        from_role or None,
        to_role or None,
        from_organisatie or None,
        to_organisatie or None,
    )


def percentile(
    buckets: Iterable[tuple[int, float]], count: int, q: float, longest: float | None
) -> float | None:
    """The ``q`` percentile, interpolated as PostgreSQL's percentile_cont, of ``count`` values counted per
    bucket (lower bound, how many): the value at a rank is taken as spread evenly over its bucket, so it
    is off by less than the bucket's width; never above ``longest``, the exact maximum."""
    if count <= 0:
        return None
    ordered = sorted(buckets)
    position = (count - 1) * q
    low = int(position)

    def at(rank: int) -> float:
        seen = 0.0
        for lower, n in ordered:
            if rank < seen + n:
                value = lower + bucket_width(lower) * (rank - seen + 0.5) / n
                return min(value, longest) if longest is not None else value
            seen += n
        return longest or 0.0

    high = min(low + 1, count - 1)
    value = at(low) + (at(high) - at(low)) * (position - low)
    return round(value, 3)
