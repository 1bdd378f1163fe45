"""A period to report or search over: from ``since`` (inclusive) to ``until`` (exclusive)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, literal_column
from sqlalchemy.orm import Session

from .errors import FieldError, InvalidInput

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
"""Months of the reports are calendar months in Dutch time."""


@dataclass(frozen=True)
class Period:
    """Either end may be open; a time without a zone is read as UTC.

    Raises:
        InvalidInput: ``until`` lies before ``since``.
    """

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", _as_utc(self.since))
        object.__setattr__(self, "until", _as_utc(self.until))
        if self.since and self.until and self.since > self.until:
            raise InvalidInput([FieldError("until", "must not be before 'since'")])

    def conditions(self, column: Any) -> list[ColumnElement[bool]]:
        """SQL conditions that put ``column`` in the period."""
        conditions = []
        if self.since is not None:
            conditions.append(column >= self.since)
        if self.until is not None:
            conditions.append(column < self.until)
        return conditions

    def months(self) -> MonthSplit:
        """The period as whole calendar months in Amsterdam and the parts at its edges that are not.

        A report that keeps counts per month reads the whole months from them and counts the edges
        from the rows themselves; an open end takes in every month on its side.
        """
        first = last = None
        edges = []
        if self.since is not None:
            start = month_start(self.since)
            if start != self.since:
                start = next_month(start)
            first = month_of(start)
        if self.until is not None:
            end = month_start(self.until)
            last = month_of(end - dt.timedelta(days=1))
        if first is not None and last is not None and first > last:
            return MonthSplit(None, None, False, [self])
        if self.since is not None and first is not None and month_bounds(first)[0] != self.since:
            edges.append(Period(self.since, month_bounds(first)[0]))
        if self.until is not None and last is not None and month_bounds(last)[1] != self.until:
            edges.append(Period(month_bounds(last)[1], self.until))
        return MonthSplit(first, last, True, edges)


@dataclass(frozen=True)
class MonthSplit:
    """A period as whole months (``first`` to ``last``, ``YYYY-MM``, None for no bound; none at all
    unless ``whole``) and the periods at its edges (``edges``) that are not whole months."""

    first: str | None
    last: str | None
    whole: bool
    edges: list[Period]


def month_of(at: dt.datetime) -> str:
    """The calendar month in Amsterdam of a time: ``YYYY-MM``."""
    local = at.astimezone(AMSTERDAM)
    return f"{local.year:04d}-{local.month:02d}"  # strftime's %Y writes the year 999 as '999'


def month_start(at: dt.datetime) -> dt.datetime:
    """The first moment, in UTC, of the Amsterdam month ``at`` falls in."""
    local = at.astimezone(AMSTERDAM)
    return dt.datetime(local.year, local.month, 1, tzinfo=AMSTERDAM).astimezone(dt.UTC)


def next_month(start: dt.datetime) -> dt.datetime:
    """The first moment of the Amsterdam month after the one ``start`` falls in."""
    local = start.astimezone(AMSTERDAM)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return dt.datetime(year, month, 1, tzinfo=AMSTERDAM).astimezone(dt.UTC)


def month_bounds(month: str) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of a month (``YYYY-MM``) and of the next, in Amsterdam, as UTC times."""
    start = dt.datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=AMSTERDAM).astimezone(dt.UTC)
    return start, next_month(start)


def seconds_between(session: Session, start: Any, end: Any) -> Any:
    """SQL for the seconds from ``start`` to ``end`` (SQLite stores times as text, without a zone;
    its Julian days are exact to some microseconds, so callers round to milliseconds)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    # The factor is written into the statement, not bound: a window ordered by these seconds is then
    # the same window wherever it appears, and SQLite sorts the rows once for all of them.
    return (func.julianday(end) - func.julianday(start)) * literal_column("86400.0")


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


ALWAYS = Period()
"""No bounds: all of time."""
