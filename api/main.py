"""The HTTP service: a thin layer over the engine."""

from __future__ import annotations

from fastapi import FastAPI

from engine.config import Settings
from engine.db import make_engine, make_sessionmaker
from engine.processes import DefinitionCache
from engine.profiles import Profiles

from . import errors
from .routers import audit, cases, handovers, processes, reports, tasks, users


def create_app(database_url: str | None = None) -> FastAPI:
    """Build the app on a database whose schema is migrated and whose processes are deployed."""
    app = FastAPI(
        title="procesregie",
        version="0.1.0",
        description="Werkprocessen van de sociale dienst (Participatiewet) uitvoeren, volgen en verantwoorden.",
    )
    settings = Settings()
    engine = make_engine(database_url or settings.database_url, pool_size=settings.database_pool_size,
                         max_overflow=settings.database_max_overflow)
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.definitions = DefinitionCache()
    app.state.profiles = Profiles.load(settings.profiles_dir)
    errors.install(app)
    for module in (processes, cases, tasks, handovers, reports, audit, users):
        app.include_router(module.router)
    return app
