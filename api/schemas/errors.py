"""The bodies of error responses: every one has a readable `detail`; validation errors name the field."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorRead(BaseModel):
    """An error: 401, 403, 404, 409, 413, 503 and the like."""

    detail: str = Field(description="what went wrong, for a person to read")


class FieldErrorRead(BaseModel):
    field: str = Field(
        description="the field: a form field's id, or where in the request (body.client_ref, query.limit, "
        "header.Idempotency-Key)",
        examples=["body.client_ref"],
    )
    message: str


class InvalidRead(ErrorRead):
    """422: the request or the submitted data is not valid; nothing was changed."""

    errors: list[FieldErrorRead] = Field(description="one entry per problem")


class ProblemRead(BaseModel):
    file: str
    element: str = Field(description="the BPMN element's id, or - for the file as a whole")
    message: str


class ProcessInvalidRead(ErrorRead):
    """422: BPMN files that cannot be deployed."""

    errors: list[ProblemRead] = Field(description="one entry per problem, located as file and element")


class ProcessFailedRead(ErrorRead):
    """422: the process model failed while running (e.g. a condition); nothing was changed."""

    element: str = Field(description="the BPMN element where it failed")
