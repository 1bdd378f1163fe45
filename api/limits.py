"""The request body size limit, as a pure ASGI middleware.

A body larger than the limit is refused with 413 before the service reads it: at once when its
Content-Length says so, and otherwise as soon as the bytes streamed in pass the limit. The refusal
is answered by the app's own handler of HTTP errors, so an API client gets JSON with a ``detail``
and the console's pages (under /ui/) their Dutch error page. A plain ASGI middleware, not
Starlette's ``BaseHTTPMiddleware``, which runs the app in a task of its own for every request.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """The request body is larger than the service reads."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit


class RequestSizeLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413; nothing of them reaches an endpoint."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            request = Request(scope, receive)
            error = BodyTooLarge(self.max_bytes)
            response = await scope["app"].exception_handlers[HTTPException](request, error)
            # The client may still be sending the body it announced: tell it the connection ends.
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, receive_within_limit, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
