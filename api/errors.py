"""One table from engine errors to HTTP responses; every body has a readable `detail`."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from engine.db import unreachable
from engine.errors import (
    ConcurrentUpdate,
    Conflict,
    EngineError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ProcessError,
    ProcessInvalid,
    TaskClaimed,
)

from .schemas.errors import (
    ErrorRead,
    FieldErrorRead,
    InvalidRead,
    ProblemRead,
    ProcessFailedRead,
    ProcessInvalidRead,
)

logger = logging.getLogger("procesregie.api")
Handler = Callable[[Request, Exception], Awaitable[Response]]

STATUS: dict[type[EngineError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    Conflict: 409,
    InvalidInput: 422,
    ProcessInvalid: 422,
    ProcessError: 422,
}
# A database that cannot be reached: nothing was stored; the client may try again after this many seconds.
RETRY_AFTER_SECONDS = 5


def _body(err: EngineError) -> dict[str, Any]:
    body: ErrorRead
    if isinstance(err, InvalidInput):
        body = _invalid("the submitted data is not valid", [(e.field, e.message) for e in err.errors])
    elif isinstance(err, ProcessInvalid):
        body = ProcessInvalidRead(
            detail="the BPMN cannot be deployed",
            errors=[ProblemRead(file=p.file, element=p.element, message=p.message) for p in err.problems],
        )
    elif isinstance(err, ProcessError):
        body = ProcessFailedRead(
            detail=f"the process failed at {err.element}: {err.message}; nothing was changed",
            element=err.element,
        )
    else:
        body = ErrorRead(detail=str(err))
    return body.model_dump()


def _invalid(detail: str, errors: list[tuple[str, str]]) -> InvalidRead:
    return InvalidRead(detail=detail, errors=[FieldErrorRead(field=f, message=m) for f, m in errors])


def _status(err: EngineError) -> int:
    for cls in type(err).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


async def _engine_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, EngineError)
    return JSONResponse(_body(err), status_code=_status(err))


async def _http_error(request: Request, err: Exception) -> Response:
    assert isinstance(err, StarletteHTTPException)
    if err.status_code == 400:
        # FastAPI and Starlette answer 400 to a body they cannot read (bytes that are not UTF-8, a broken
        # multipart form): malformed like invalid JSON, which is a 422 naming the body.
        body = _invalid("the request is not valid", [("body", str(err.detail))])
        return JSONResponse(body.model_dump(), status_code=422)
    if err.status_code == 405:
        # Starlette names the methods of the one route it tried; the path may have more.
        err.headers = {**(err.headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return await http_exception_handler(request, err)


def _allowed_methods(request: Request) -> list[str]:
    """The methods of the routes of the app whose path matches the request's; a path of its own
    (/users/me/token) before a template that also matches it (/users/{name}/token)."""
    matching = [
        route
        for route in iter_route_contexts(request.app.routes)
        if isinstance(route.original_route, Route) and route.matches(request.scope)[0] != Match.NONE
    ]
    exact = [route for route in matching if "{" not in (route.path_format or "{")]
    return sorted({method for route in exact or matching for method in route.methods or ()})


async def _request_invalid(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    body = _invalid(
        "the request is not valid", [(".".join(str(p) for p in e["loc"]), e["msg"]) for e in err.errors()]
    )
    return JSONResponse(body.model_dump(), status_code=422)


async def _database_error(request: Request, err: Exception) -> JSONResponse:
    if isinstance(err, DataError):
        # A value of the request the database cannot store or compare (PostgreSQL: text with a NUL
        # character); the transaction was rolled back, nothing was changed.
        return JSONResponse(_invalid("the request is not valid", _unstorable(request, err)).model_dump(), 422)
    if not unreachable(err):
        return await _unexpected(request, err)
    return JSONResponse(
        {"detail": "the database cannot be reached; nothing was changed, try again in a few seconds"},
        status_code=503,
        headers=_retry_after(err),
    )


def _unstorable(request: Request, err: DataError) -> list[tuple[str, str]]:
    """The parameters holding a NUL character, else the body, each with the database's reason."""
    reason = f"cannot be stored or searched: {str(err.orig).splitlines()[0]}"
    given = [*request.query_params.multi_items(), *request.path_params.items()]
    return [(name, reason) for name, value in given if "\x00" in str(value)] or [("body", reason)]


def _retry_after(err: Exception) -> dict[str, str]:
    """Retry-After for a database that cannot be reached (logged as a warning, without a trace)."""
    if not unreachable(err):
        return {}
    logger.warning("the database cannot be reached: %s", str(err).splitlines()[0])
    return {"Retry-After": str(RETRY_AFTER_SECONDS)}


async def _unexpected(request: Request, err: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "internal error; nothing was changed"}, status_code=500)


# -- the Camunda 7 REST API (/engine-rest): the same table, in Camunda's error shape (ADR 22) ----------

ENGINE_REST = "/engine-rest/"
PARSE_ERROR = "ENGINE-09005 Could not parse BPMN process."
"""How Camunda's parse errors begin; Camunda Modeler shows the details of an error that begins so."""

_CAMUNDA_TYPES: dict[type[Exception], str] = {
    NotFound: "InvalidRequestException",
    PermissionDenied: "AuthorizationException",
    TaskClaimed: "TaskAlreadyClaimedException",
    ConcurrentUpdate: "OptimisticLockingException",
    Conflict: "ProcessEngineException",
    InvalidInput: "InvalidRequestException",
    ProcessInvalid: "ParseException",
    ProcessError: "ProcessEngineException",
    RequestValidationError: "InvalidRequestException",
}


def _camunda(err: Exception, response: Response) -> Response:
    """The JSON error ``response`` of this table, in the shape of Camunda 7's REST API.

    ``type`` and ``message`` always; a refused deployment has ``details`` per resource with each error's
    element, line and column; invalid input keeps ``errors`` naming each field. Camunda answers no 422:
    a refused request is a 400.
    """
    body = json.loads(bytes(response.body) or b"{}")
    status = 400 if response.status_code == 422 else response.status_code
    kind = next((_CAMUNDA_TYPES[c] for c in type(err).__mro__ if c in _CAMUNDA_TYPES), None)
    if kind is None:
        kind = {401: "AuthenticationException", 403: "AuthorizationException"}.get(status, "RestException")
        if status >= 500:
            kind = "ProcessEngineException"
        elif status in (400, 404, 405, 413, 415, 422):
            kind = "InvalidRequestException"
    message = str(body.get("detail", ""))
    camunda: dict[str, Any] = {"type": kind, "message": message}
    if isinstance(err, ProcessInvalid):
        camunda["message"] = f"{PARSE_ERROR} Errors: \n" + "\n".join(
            f"* {p.message} | resource {p.file} | line {p.line or 0} | column {p.column or 0}"
            for p in err.problems
        )
        details: dict[str, Any] = {}
        for p in err.problems:
            resource = details.setdefault(p.file, {"errors": [], "warnings": []})
            resource["errors" if p.severity == "error" else "warnings"].append(
                {
                    "message": p.message,
                    "line": p.line or 0,
                    "column": p.column or 0,
                    "mainElementId": p.element,
                    "elementIds": [p.element],
                }
            )
        camunda["details"] = details
    elif "errors" in body:
        camunda["message"] = f"{message}: " + "; ".join(
            f"{e['field']}: {e['message']}" for e in body["errors"]
        )
        camunda["errors"] = body["errors"]
    headers = {
        k: v for k, v in response.headers.items() if k.lower() in ("www-authenticate", "retry-after", "allow")
    }
    return JSONResponse(camunda, status_code=status, headers=headers)


def install(
    app: FastAPI,
    console: Callable[[Request, Exception], Awaitable[Response]],
    console_errors: tuple[type[Exception], ...],
) -> None:
    """Answer errors as JSON; the console's pages (under /ui/) answer with a page of their own."""

    def routed(handler: Handler) -> Handler:
        async def handle(request: Request, err: Exception) -> Response:
            path = request.url.path
            if path.startswith("/ui/") and not path.startswith("/ui/static/"):
                expected = (EngineError, StarletteHTTPException, RequestValidationError, *console_errors)
                if not isinstance(err, expected) and not unreachable(err):
                    logger.exception("unexpected error on %s %s", request.method, path)
                response = await console(request, err)
                response.headers.update(_retry_after(err))
                return response
            if path.startswith(ENGINE_REST):
                return _camunda(err, await handler(request, err))
            return await handler(request, err)

        return handle

    app.add_exception_handler(EngineError, routed(_engine_error))
    app.add_exception_handler(RequestValidationError, routed(_request_invalid))
    app.add_exception_handler(StarletteHTTPException, routed(_http_error))
    app.add_exception_handler(DBAPIError, routed(_database_error))
    app.add_exception_handler(Exception, routed(_unexpected))
    for error in console_errors:
        app.add_exception_handler(error, routed(_unexpected))
