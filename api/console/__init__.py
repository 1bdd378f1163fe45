"""The console: server-rendered pages under /ui/ for staff, designers, the procesregisseur,
auditors and beheerders, in Dutch (Jinja2 templates, htmx, bpmn-js; no build step).

The pages call the engine as the API's routers do, behind the same role rules and
gemeente scoping (ADR 13, 14); they are not in the OpenAPI description.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer

from engine.config import Settings

from ..routing import PrefixRouter
from . import audit, cases, pilots, processes, reports, signin, steering, tasks, users
from .web import HERE, cookie_signer

router = PrefixRouter(prefix="/ui", include_in_schema=False)
for module in (signin, tasks, processes, pilots, cases, reports, steering, audit, users):
    router.include_router(module.router)


def install(app: FastAPI, settings: Settings) -> None:
    """Serve the console on ``app``: its pages, its static files and the key that signs its cookies."""
    key, _, _ = settings.cookie_key()
    app.state.cookie_signer = cookie_signer(key)
    app.state.oidc_signer = URLSafeTimedSerializer(key, salt="procesregie-oidc")  # signin.py
    app.state.sign_in_lifetime = settings.console_sign_in_lifetime
    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=HERE / "static"), name="console-static")
