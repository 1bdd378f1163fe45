"""The OpenAPI document lists every error response a route can give, derived from how the route is built.

FastAPI documents the 2xx answer and a 422 in its own validation error shape, which this service
does not send (api/errors.py answers with `detail` and `errors` naming each field). Here each
operation of the document gets, from its route:

- 401 and 403 when it needs a caller (it has a security requirement);
- 404 when its path names something (a path parameter);
- 409 when it changes something in the database (any method but GET): a conflict with the current
  state (a task claimed or completed, a case that ended, a user that exists) or, for a POST, its
  Idempotency-Key still in use by a request that has not finished;
- 413 when it takes a body (the request size limit, api/limits.py);
- 422 when it takes parameters or a body, in the service's shape; a route that runs or deploys BPMN
  models (it uses the definition cache) also answers the model's own 422s;
- 503 with Retry-After when it uses the database (a database that cannot be reached);
- an ``Idempotent-Replayed`` header on the 2xx answer of a POST that takes an Idempotency-Key.

A response a route declares itself is kept; it only gets the body and headers it left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from engine import idempotency

from .deps import get_cache, get_session, idempotency_key
from .errors import RETRY_AFTER_SECONDS
from .schemas.errors import ErrorRead, InvalidRead, ProcessFailedRead, ProcessInvalidRead

REF = "#/components/schemas/"
_MODELS: tuple[type[BaseModel], ...] = (ErrorRead, InvalidRead, ProcessInvalidRead, ProcessFailedRead)
# FastAPI's own validation error schemas, which this service never sends.
_FASTAPI_422 = ("HTTPValidationError", "ValidationError")


def install(app: FastAPI) -> None:
    """Have ``app.openapi()`` describe the error responses of every route."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = generate()  # FastAPI's, made anew when routes were added since
        if ErrorRead.__name__ not in document.get("components", {}).get("schemas", {}):
            describe_errors(app, document)
        return document

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customize it


def describe_errors(app: FastAPI, document: dict[str, Any]) -> None:
    """Add to ``document`` (FastAPI's, for ``app``) the error responses each route can give."""
    _, definitions = models_json_schema([(m, "serialization") for m in _MODELS], ref_template=REF + "{model}")
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(definitions["$defs"])
    for route in iter_route_contexts(app.routes):  # with the prefixes and dependencies of their routers
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"].get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in _errors(route, method, operation).items():
                _merge(responses, status, response)
            if idempotency_key in _calls(route.dependant):
                for status, response in responses.items():
                    if status.startswith("2"):
                        response.setdefault("headers", {})["Idempotent-Replayed"] = _REPLAYED
            operation["responses"] = dict(sorted(responses.items()))
    text = repr(document["paths"])
    for name in _FASTAPI_422:
        if REF + name not in text:
            schemas.pop(name, None)


def _calls(dependant: Dependant) -> Iterator[Any]:
    """The dependencies a route runs, its sub-dependencies included."""
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _errors(route: RouteContext, method: str, operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # with the app's objects a TransactionalRoute hands its endpoint itself (api/deps.py)
    calls = set(_calls(route.dependant)) | getattr(route.original_route, "app_objects", frozenset())
    database = get_session in calls
    errors: dict[str, dict[str, Any]] = {}
    if operation.get("security"):
        errors["401"] = _error(
            "no credentials, or unknown, expired or revoked ones",
            headers={"WWW-Authenticate": _header("the authentication scheme to use", required=True)},
        )
        errors["403"] = _error("your roles or gemeenten do not allow this")
    if "{" in (route.path_format or ""):
        errors["404"] = _error("it does not exist, or you may not see it")
    if database and method != "GET":
        errors["409"] = _error(
            "it conflicts with the current state (a task claimed or completed, a case that ended, something "
            "that exists already), or a request with the same Idempotency-Key has not finished yet"
        )
    if "requestBody" in operation:
        errors["413"] = _error("the request body is larger than the limit (PROCESREGIE_MAX_REQUEST_BYTES)")
    if operation.get("parameters") or "requestBody" in operation:
        shapes: list[type[BaseModel]] = [InvalidRead]
        if get_cache in calls:
            shapes += [ProcessInvalidRead, ProcessFailedRead]
        errors["422"] = _error(
            "the request is not valid (each error names its field), or the BPMN model refused it; nothing "
            "was changed",
            shapes=shapes,
        )
    if database:
        errors["503"] = _error(
            "the database cannot be reached; nothing was changed, try again after Retry-After seconds",
            headers={"Retry-After": _header(f"seconds ({RETRY_AFTER_SECONDS})", required=True, integer=True)},
        )
    return errors


def _error(
    description: str,
    shapes: list[type[BaseModel]] | None = None,
    headers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    refs = [{"$ref": REF + m.__name__} for m in shapes or [ErrorRead]]
    schema = refs[0] if len(refs) == 1 else {"anyOf": refs}
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _header(description: str, *, required: bool = False, integer: bool = False) -> dict[str, Any]:
    return {
        "description": description,
        "required": required,
        "schema": {"type": "integer" if integer else "string"},
    }


_REPLAYED = {
    "description": f"true: the stored answer to an earlier request with the same {idempotency.HEADER}",
    "required": False,
    "schema": {"type": "string", "enum": ["true"]},
}


def _merge(responses: dict[str, Any], status: str, documented: dict[str, Any]) -> None:
    """Add a response; one the route declared keeps its description and body, one of FastAPI's 422s goes."""
    present = responses.get(status)
    if present is None or any(REF + name in repr(present) for name in _FASTAPI_422):
        responses[status] = documented
        return
    present.setdefault("content", documented["content"])
    if "headers" in documented:
        present.setdefault("headers", {}).update(documented["headers"])
