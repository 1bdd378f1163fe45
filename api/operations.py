"""What operations see of each request: a request id, one JSON log line, and the security headers.

`Operations` is a pure ASGI middleware that `App` puts outside everything else, Starlette's
error middleware included, so that a 500 too carries the headers and the request id and is
logged once with its status. The request id comes from a sane incoming `X-Request-ID` or is
made; it is returned in `X-Request-ID` and added to every log record written during the
request (a context variable read by `RequestIdFilter`). The log line names the method, the
path without its query string (a query string may hold a BSN), the status, the duration in
milliseconds and the request id.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import metrics

request_id: ContextVar[str | None] = ContextVar("procesregie_request_id", default=None)
access_logger = logging.getLogger("procesregie.request")

# An incoming id is taken as it is when it is short and made of characters that need no escaping
# anywhere (a UUID, a hex string, a proxy's base64 id); anything else is replaced by a new id.
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")

# The console loads its scripts and styles from /ui/static/ only and runs no inline script. Its
# templates have <style> blocks and style attributes, and bpmn-js styles the SVG it draws, hence
# 'unsafe-inline' for styles (never for scripts). A diagram chosen for validation is fetched by
# console.js from a data: URL, and bpmn-js's font is a data: URL in its stylesheet.
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000"

_SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONSOLE_CSP.encode()),
]
_STATIC_PREFIX = "/ui/static/"


def new_request_id() -> str:
    return uuid.uuid4().hex


def _incoming_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            try:
                text = value.decode("ascii")
            except UnicodeDecodeError:
                return None
            return text if _SANE_ID.fullmatch(text) else None
    return None


class Operations:
    """Request id, security headers, `Cache-Control: no-store` and one log line for each HTTP request.

    A header the response already has (a page's own Content-Security-Policy, a static file's
    caching) is left as it is. Static files of the console are not marked no-store; every
    other response may carry case data and is.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _incoming_id(scope) or new_request_id()
        # Each request runs in a task of its own, with a copy of the context: the id does not leak
        # to the next request. It is not reset here, so that the server's own report of an error
        # that escapes the app is still written with it.
        request_id.set(rid)
        path: str = scope["path"]
        extra = [(b"x-request-id", rid.encode())]
        if scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))
        if not path.startswith(_STATIC_PREFIX):
            extra.append((b"cache-control", b"no-store"))
        status = 0
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in _SECURITY_HEADERS if h[0] not in present)
                headers.extend(h for h in extra if h[0] not in present)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except BaseException:
            status = status or 500
            raise
        finally:
            access_logger.info(
                "%s %s %s",
                scope["method"],
                path,
                status,
                extra={
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )


class App(FastAPI):
    """FastAPI with `Operations` outside all of its middleware, and the request metrics just inside it."""

    def build_middleware_stack(self) -> ASGIApp:
        return Operations(metrics.RequestMetrics(super().build_middleware_stack()))


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was written in (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the record's extra fields
    and, for an error, its traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """The logging of `procesregie serve` (for uvicorn's `log_config`, applied in every worker):
    JSON lines on standard error, with request ids; uvicorn's access log stays off, as this
    module logs each request once."""
    quiet = {"level": "WARNING"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": level},
            "uvicorn.access": quiet,
            "alembic": quiet,
            # SpiffWorkflow logs every task state change at INFO, without the case (see api/cli.py).
            "spiff": quiet,
        },
    }
