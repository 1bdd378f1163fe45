from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app


@pytest.fixture(scope="session")
def client(db) -> Iterator[TestClient]:
    """The real ASGI app on the test database; server errors surface as responses, as in production."""
    app = create_app(db.url)
    app.state.definitions = db.cache
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()
