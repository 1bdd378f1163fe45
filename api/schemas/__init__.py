"""The request and response bodies of the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

MAX_DATA_FIELDS = 500
"""The most fields a free-form ``data`` object may hold; the largest form has a few dozen."""


def _few_fields(value: Any) -> Any:
    """Refuse a ``data`` object with too many fields before anything looks at them one by one."""
    if isinstance(value, dict) and len(value) > MAX_DATA_FIELDS:
        raise PydanticCustomError(
            "too_many_fields",
            "send at most {most} fields, not {count}",
            {"most": MAX_DATA_FIELDS, "count": len(value)},
        )
    return value


Data = Annotated[
    dict[str, Any],
    BeforeValidator(_few_fields),
    Field(json_schema_extra={"maxProperties": MAX_DATA_FIELDS}),
]
"""A free-form object of field values (a form, a message's payload), with at most MAX_DATA_FIELDS fields."""


_DATE_AND_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _date_and_time(value: Any) -> Any:
    """Refuse what pydantic would also read as a moment but the document does not promise: a number
    (seconds since 1970) or a date without a time."""
    if isinstance(value, str) and _DATE_AND_TIME.match(value) or isinstance(value, dt.datetime):
        return value
    raise PydanticCustomError(
        "datetime_format",
        "expected a date and time in ISO 8601, e.g. 2026-11-23T09:00:00Z (UTC without a zone)",
    )


Moment = Annotated[dt.datetime, BeforeValidator(_date_and_time)]
"""A date and time in ISO 8601 (format date-time), and nothing else pydantic would make one of."""


def _number(value: Any) -> Any:
    """Refuse text and true/false where a JSON number belongs; pydantic would make an integer of them."""
    if isinstance(value, str | bool):
        raise PydanticCustomError("int_type", "expected a number")
    return value


A_NUMBER = BeforeValidator(_number)
"""After an integer's bounds: ``Annotated[int, Field(ge=0), A_NUMBER]`` is an integer as JSON has it, a
number without a fraction (311.0 too), not "311" or true. (After them, so that the document shows them.)"""
