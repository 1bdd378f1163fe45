"""The HTTP service: a thin layer over the engine."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI

from engine import oidc
from engine.config import OidcSettings, Settings
from engine.db import make_engine, make_sessionmaker
from engine.identities import IdentityCache, read_generation_at_begin
from engine.processes import DefinitionCache
from engine.profiles import Profiles

from . import console, errors, limits, metrics, openapi, operations
from .routers import audit, cases, clients, engine_rest, handovers, pilots, processes, reports, tasks, users
from .routers import operations as operations_routes


def create_app(database_url: str | None = None) -> FastAPI:
    """Build the app on a database whose schema is migrated and whose processes are deployed."""
    settings = Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        # What exists now (the code, the routes, the templates) lives as long as the worker: keep it
        # out of the garbage collector's full collections, which otherwise walk it every time
        # (about 120 ms on one console page in twelve, measured with 100,000 cases).
        gc.freeze()
        yield

    # operations.App: request ids, JSON request logs and security headers outside all middleware
    app = operations.App(
        lifespan=lifespan,
        title="procesregie",
        version="0.1.0",
        description=(
            "Werkprocessen van de sociale dienst (Participatiewet) uitvoeren, volgen en verantwoorden."
        ),
        docs_url=None,  # /docs and /redoc are served from the package's own files (routers/operations.py)
        redoc_url=None,
    )
    engine = make_engine(
        database_url or settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        connect_timeout=settings.database_connect_timeout_seconds,
    )
    app.state.engine = engine
    # The threads requests run on (api.deps.TransactionalRoute; anyio's, for the little else that runs in
    # a thread, are as many). They start at the first request: workers forked from the built app (ADR 35)
    # each start their own.
    app.state.threads = ThreadPoolExecutor(settings.worker_threads, thread_name_prefix="request")
    app.state.ready_timeout = settings.ready_timeout_seconds
    app.state.sessionmaker = make_sessionmaker(engine)
    read_generation_at_begin(engine)
    app.state.identities = IdentityCache(settings.identity_cache_seconds)
    app.state.definitions = DefinitionCache(settings.workflow_cache_size)
    app.state.profiles = Profiles.load(settings.profiles_dir)
    app.state.metrics = metrics.DatabaseGauges(engine, dt.timedelta(seconds=settings.timer_interval_seconds))
    metrics.install_step_observer()
    errors.install(app, console.web.error_response, console.web.ERRORS)
    openapi.install(app)
    app.add_middleware(limits.RequestSizeLimit, max_bytes=settings.max_request_bytes)
    for module in (processes, pilots, cases, clients, tasks, handovers, reports, audit, users):
        app.include_router(module.router)
    app.include_router(operations_routes.router)
    app.include_router(engine_rest.router)
    engine_rest.document_errors(app)
    app.state.oidc = oidc.provider(OidcSettings())  # None: OpenID Connect is off (ADR 20)
    console.install(app, settings)
    return app
