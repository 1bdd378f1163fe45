"""A period to report or search over: from ``since`` (inclusive) to ``until`` (exclusive)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement

from .errors import FieldError, InvalidInput


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


def _as_utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


ALWAYS = Period()
"""No bounds: all of time."""
