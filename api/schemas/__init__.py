"""The request and response bodies of the API."""

from __future__ import annotations

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
