"""User tasks counted as they happen (ADR 37, amended; issue #13): table ``task_counts``, per process,
gemeente, calendar month in Amsterdam of the moment the task became ready, element and task name.

The mechanism of the handover counts (engine/handover_counts.py) and the report counts (engine/rollup.py)
for the per-task statistics of a process (``reports.element_statistics``: the console's process page and
heatmap, ``GET /reports/processes/{id}/statistics``). What a task counts is a function of its own row
(:func:`contributions`): ``ready`` in the month it became ready; ``open`` while it is ready or claimed;
once completed, ``completed`` and its time from ready to done as whole ``seconds`` and the
``microseconds`` beyond them, two sums of whole numbers a float holds exactly, so the mean is the one
the database computes from the rows. A step adds the difference it makes to its tasks, in its
transaction (engine/store.py): the tasks it makes, the ones it completes or cancels, and the ones a case's
end cancels (the rows that update returns). :func:`rebuild` counts every task again with the same
function: migration 0028 fills the table with it, and the benchmarks after filling a database with rows
of their own.

:func:`read` gives the statistics of a period: the whole months from the table, the parts at its edges
counted from the tasks themselves, in one statement; a task's name is the smallest of the names its
element's tasks of the period had (a version migration renames open tasks), compared by the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    and_,
    case,
    cast,
    delete,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from .db import Base, add_counters, adding_upsert_sql, counter_rows
from .models import CaseTask, TaskCount
from .period import AMSTERDAM, Period, month_of, seconds_between
from .vocabulary import OPEN_TASK_STATUSES, TaskStatus

READY, OPEN, COMPLETED, SECONDS, MICROSECONDS = "ready", "open", "completed", "seconds", "microseconds"
KEY = ("process_id", "gemeente", "month", "element_id", "task_name")
"""The key columns of ``task_counts`` besides the name."""

Key = tuple[str, str, str, str, str]
Changes = dict[tuple[Key, str], float]
"""(key, name) -> value: what tasks add to ``task_counts``."""
COLUMNS = (
    CaseTask.process_id,
    CaseTask.gemeente,
    CaseTask.element_id,
    CaseTask.name,
    CaseTask.status,
    CaseTask.ready_at,
    CaseTask.completed_at,
)
"""The columns of a task its counts follow from."""
FIELDS = frozenset(column.key for column in COLUMNS)
"""A change to a task that sets none of these changes nothing counted (a claim, an unclaim's claimer)."""
_TABLE = Base.metadata.tables["task_counts"]
_MICRO = 10**6


def contributions(task: Any) -> Changes:
    """What one task counts as it stands: a CaseTask, a row or a mapping with the columns of
    :data:`COLUMNS`."""
    get: Callable[[str], Any] = task.__getitem__ if isinstance(task, Mapping) else lambda n: getattr(task, n)
    ready_at: dt.datetime = get("ready_at")
    key: Key = (get("process_id"), get("gemeente"), month_of(ready_at), get("element_id"), get("name"))
    found: Changes = {(key, READY): 1.0}
    status, completed_at = get("status"), get("completed_at")
    if status in OPEN_TASK_STATUSES:
        found[(key, OPEN)] = 1.0
    if status == TaskStatus.COMPLETED and completed_at is not None:
        seconds, micro = divmod((completed_at - ready_at) // dt.timedelta(microseconds=1), _MICRO)
        found |= {(key, COMPLETED): 1.0, (key, SECONDS): float(seconds), (key, MICROSECONDS): float(micro)}
    return found


def merge(into: Changes, more: Mapping[tuple[Key, str], float], sign: float = 1.0) -> Changes:
    """Add ``more`` (times ``sign``) to ``into``; a count that comes to 0 is left out."""
    for at, value in more.items():
        total = into.get(at, 0.0) + sign * value
        if total:
            into[at] = total
        else:
            into.pop(at, None)
    return into


def changed(into: Changes, before: Any, after: Any) -> Changes:
    """Add to ``into`` what a task's change from ``before`` to ``after`` changes in its counts."""
    return merge(merge(into, contributions(before), -1.0), contributions(after))


def rows(changes: Changes) -> list[dict[str, Any]]:
    """The rows of ``changes`` for an upsert, in key order (``db.counter_rows``)."""
    return counter_rows(KEY, changes)


def add(connection: Session | Connection, changes: Changes) -> None:
    """Add ``changes`` to ``task_counts`` one statement."""
    add_counters(connection, _TABLE, KEY, changes)


def upsert_sql(source: str) -> str:
    """PostgreSQL's upsert of :func:`add` as text, of the rows of ``source`` (``db.adding_upsert_sql``),
    for the one statement of a step (engine/store.py)."""
    return adding_upsert_sql("task_counts", KEY, source)


CANCELLED_RETURNING = "process_id, gemeente, element_id, name, ready_at"
"""What PostgreSQL's one statement returns of the open tasks a case's end cancels (engine/store.py)."""


def cancelled_sql(source: str) -> str:
    """What open tasks that are cancelled change, as PostgreSQL text for :func:`upsert_sql`: ``source``
    names their rows (:data:`CANCELLED_RETURNING`); each is no longer ``open`` in the month, in
    Amsterdam, it became ready (:func:`period.month_of` in SQL)."""
    return (
        f"SELECT process_id, gemeente, to_char(ready_at AT TIME ZONE '{AMSTERDAM.key}', 'YYYY-MM') AS month,"
        f" element_id, name AS task_name, '{OPEN}' AS name, -1.0 AS value FROM {source}"
    )


def rebuild(session: Session) -> int:
    """Count every task again, from nothing; how many rows ``task_counts`` holds."""
    session.execute(delete(TaskCount))
    counted: Changes = {}
    for row in session.execute(select(*COLUMNS).execution_options(yield_per=5000)):
        merge(counted, contributions(row))
    found = rows(counted)
    for start in range(0, len(found), 5000):
        session.execute(_TABLE.insert(), found[start : start + 5000])
    return len(found)


Statistics = tuple[str, str, int, int, float | None]
"""element id, task name, tasks open now, completed, mean seconds from ready to done (None: none done)."""


def read(session: Session, process_id: str, gemeenten: Iterable[str], period: Period) -> list[Statistics]:
    """Per element of ``process_id``, of the tasks of ``gemeenten`` that became ready in ``period``: the
    whole months from ``task_counts``, the parts of months at the period's edges from the tasks, added up
    in one statement; ordered by element id."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    gemeenten = list(gemeenten)
    split = period.months()
    parts: list[Any] = []
    if split.whole:
        months = [TaskCount.month >= split.first] if split.first is not None else []
        if split.last is not None:
            months.append(TaskCount.month <= split.last)

        def total(name: str) -> Any:
            return func.sum(case((TaskCount.name == name, TaskCount.value), else_=0.0))

        parts.append(
            select(
                TaskCount.element_id.label("element_id"),
                TaskCount.task_name.label("task_name"),
                total(READY).label("ready"),
                total(OPEN).label("open"),
                total(COMPLETED).label("completed"),
                # whole seconds, exact as numeric on PostgreSQL where the edges add theirs exactly
                (cast(total(SECONDS), BigInteger) if postgresql else total(SECONDS)).label("seconds"),
                total(MICROSECONDS).label("microseconds"),
            )
            .where(TaskCount.process_id == process_id, TaskCount.gemeente.in_(gemeenten), *months)
            .group_by(TaskCount.element_id, TaskCount.task_name)
        )
    if split.edges:
        finished = and_(CaseTask.status == TaskStatus.COMPLETED, CaseTask.completed_at.is_not(None))
        took = seconds_between(session, CaseTask.ready_at, CaseTask.completed_at)
        parts.append(
            select(
                CaseTask.element_id.label("element_id"),
                CaseTask.name.label("task_name"),
                func.count().label("ready"),
                func.sum(case((CaseTask.status.in_(OPEN_TASK_STATUSES), 1), else_=0)).label("open"),
                func.sum(case((finished, 1), else_=0)).label("completed"),
                func.sum(case((finished, took))).label("seconds"),
                literal_column("0").label("microseconds"),
            )
            .where(
                CaseTask.process_id == process_id,
                CaseTask.gemeente.in_(gemeenten),
                or_(*(and_(true(), *edge.conditions(CaseTask.ready_at)) for edge in split.edges)),
            )
            .group_by(CaseTask.element_id, CaseTask.name)
        )
    if not parts:
        return []
    counted = (parts[0] if len(parts) == 1 else parts[0].union_all(*parts[1:])).subquery()
    c = counted.c
    found: list[Statistics] = []
    for element_id, name, _, open_, completed, seconds, micro in session.execute(
        select(
            c.element_id,
            func.min(case((c.ready > 0, c.task_name))),  # the database's collation, as min(name) was
            func.sum(c.ready),
            func.sum(c.open),
            func.sum(c.completed),
            func.sum(c.seconds),
            func.sum(c.microseconds),
        )
        .group_by(c.element_id)
        .having(func.sum(c.ready) > 0)
        .order_by(c.element_id)
    ):
        done = round(completed or 0)
        found.append((element_id, name, round(open_ or 0), done, _mean(seconds, micro, done)))
    return found


def _mean(seconds: Decimal | float | None, micro: float | None, done: int) -> float | None:
    """The mean of ``done`` times that sum to ``seconds`` and ``micro`` microseconds, in seconds to the
    millisecond: exact from PostgreSQL's numeric sum, as its ``avg`` of the rows was; from SQLite's
    float sum of the edges, as its ``avg`` of the rows was."""
    if not done:
        return None
    if isinstance(seconds, Decimal):
        return round(float((seconds + Decimal(round(micro or 0)) / _MICRO) / done), 3)
    return round(((seconds or 0.0) + (micro or 0.0) / _MICRO) / done, 3)
