"""For operations: liveness (/health), readiness (/ready), metrics (/metrics) and the API documentation.

/health, /ready and /metrics need no authentication: a load balancer, an orchestrator or
Prometheus asks them. /metrics holds counts and timings by route template and role, no case data.
They tell only whether the service can work (check names, the migration revision, a count of
deployed processes), never a host, a user, a URL, a driver's error or any case data.

/docs (Swagger UI) and /redoc (ReDoc) load their scripts from the package's own static files
(tools/vendor_console.py), so they work without internet. Swagger UI starts with one inline
script: its page gets a Content-Security-Policy that allows exactly that script by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from functools import lru_cache

import anyio
from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from engine import health

from .. import metrics
from ..schemas.operations import CheckResult, Health, Readiness

router = APIRouter(tags=["operations"])
logger = logging.getLogger("procesregie.health")

VENDOR = "/ui/static/vendor"
SWAGGER_JS = f"{VENDOR}/swagger-ui-dist/swagger-ui-bundle.js"
SWAGGER_CSS = f"{VENDOR}/swagger-ui-dist/swagger-ui.css"
FAVICON = f"{VENDOR}/swagger-ui-dist/favicon-32x32.png"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"

_DOCS_CSP = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'{workers}; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@router.get("/health", response_model=Health, summary="Liveness: the process answers (no database)")
async def liveness() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness: database reachable, migrations at head, processes deployed",
    responses={503: {"model": Readiness, "description": "a check failed; `failing` names it"}},
)
async def readiness(request: Request) -> JSONResponse:
    timeout: float = request.app.state.ready_timeout
    try:
        with anyio.fail_after(timeout):
            # A database that accepts and never answers keeps its thread until the connect timeout;
            # the answer does not wait for it.
            checks = await to_thread.run_sync(
                health.readiness, request.app.state.engine, abandon_on_cancel=True
            )
    except TimeoutError:
        logger.warning("readiness: the database did not answer within %g s", timeout)
        checks = health.no_database(f"no answer within {timeout:g} s")
    failing = [c.name for c in checks if not c.ok]
    body = Readiness(
        status="not ready" if failing else "ready",
        failing=failing,
        checks={c.name: CheckResult(ok=c.ok, detail=c.detail) for c in checks},
    )
    return JSONResponse(body.model_dump(), status_code=503 if failing else 200)


@router.get(
    "/metrics",
    summary="Prometheus metrics: requests, step latency, due timers and waiting handovers",
    response_class=Response,
    responses={
        200: {
            "description": "the Prometheus text exposition format",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
async def prometheus_metrics(request: Request) -> Response:
    body = await run_in_threadpool(metrics.exposition, request.app.state.metrics)
    return Response(body, media_type=metrics.CONTENT_TYPE)


@router.get("/docs", include_in_schema=False)
async def swagger_ui(request: Request) -> HTMLResponse:
    html, csp = _swagger_page(request.app.openapi_url or "/openapi.json", request.app.title)
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


@router.get("/redoc", include_in_schema=False)
async def redoc(request: Request) -> HTMLResponse:
    html, csp = _redoc_page(request.app.openapi_url or "/openapi.json", request.app.title)
    return HTMLResponse(html, headers={"Content-Security-Policy": csp})


@lru_cache(maxsize=4)
def _swagger_page(openapi_url: str, title: str) -> tuple[str, str]:
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{title} - Swagger UI",
        swagger_js_url=SWAGGER_JS,
        swagger_css_url=SWAGGER_CSS,
        swagger_favicon_url=FAVICON,
    )
    html = bytes(page.body).decode()
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline
    )
    return html, _DOCS_CSP.format(scripts=hashes, workers="")


@lru_cache(maxsize=4)
def _redoc_page(openapi_url: str, title: str) -> tuple[str, str]:
    page = get_redoc_html(
        openapi_url=openapi_url,
        title=f"{title} - ReDoc",
        redoc_js_url=REDOC_JS,
        redoc_favicon_url=FAVICON,
        with_google_fonts=False,
    )
    # ReDoc runs its search index in a web worker that it makes from a blob: URL.
    return bytes(page.body).decode(), _DOCS_CSP.format(scripts="", workers=" blob:")
