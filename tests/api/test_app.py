"""The service's own settings take effect when it starts."""

from __future__ import annotations

from anyio import to_thread
from fastapi.testclient import TestClient

from api.main import create_app


def test_requests_run_on_the_configured_number_of_threads(db, monkeypatch):
    monkeypatch.setenv("PROCESREGIE_WORKER_THREADS", "3")
    app = create_app(db.url)
    try:
        with TestClient(app) as client:
            assert client.portal is not None
            assert client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens) == 3
    finally:
        app.state.engine.dispose()
