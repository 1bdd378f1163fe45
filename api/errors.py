"""One table from engine errors to HTTP responses; every body has a readable `detail`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.db import unreachable
from engine.errors import (
    Conflict,
    EngineError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ProcessError,
    ProcessInvalid,
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
    if isinstance(err, InvalidInput):
        return {
            "detail": "the submitted data is not valid",
            "errors": [{"field": e.field, "message": e.message} for e in err.errors],
        }
    if isinstance(err, ProcessInvalid):
        return {
            "detail": "the BPMN cannot be deployed",
            "errors": [{"file": p.file, "element": p.element, "message": p.message} for p in err.problems],
        }
    if isinstance(err, ProcessError):
        return {
            "detail": f"the process failed at {err.element}: {err.message}; nothing was changed",
            "element": err.element,
        }
    return {"detail": str(err)}


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
    return await http_exception_handler(request, err)


async def _request_invalid(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in err.errors()]
    return JSONResponse({"detail": "the request is not valid", "errors": errors}, status_code=422)


async def _database_error(request: Request, err: Exception) -> JSONResponse:
    if not unreachable(err):
        return await _unexpected(request, err)
    return JSONResponse(
        {"detail": "the database cannot be reached; nothing was changed, try again in a few seconds"},
        status_code=503,
        headers=_retry_after(err),
    )


def _retry_after(err: Exception) -> dict[str, str]:
    """Retry-After for a database that cannot be reached (logged as a warning, without a trace)."""
    if not unreachable(err):
        return {}
    logger.warning("the database cannot be reached: %s", str(err).splitlines()[0])
    return {"Retry-After": str(RETRY_AFTER_SECONDS)}


async def _unexpected(request: Request, err: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "internal error; nothing was changed"}, status_code=500)


def install(
    app: FastAPI,
    console: Callable[[Request, Exception], Response],
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
                response = console(request, err)
                response.headers.update(_retry_after(err))
                return response
            return await handler(request, err)

        return handle

    app.add_exception_handler(EngineError, routed(_engine_error))
    app.add_exception_handler(RequestValidationError, routed(_request_invalid))
    app.add_exception_handler(StarletteHTTPException, routed(_http_error))
    app.add_exception_handler(DBAPIError, routed(_database_error))
    app.add_exception_handler(Exception, routed(_unexpected))
    for error in console_errors:
        app.add_exception_handler(error, routed(_unexpected))
