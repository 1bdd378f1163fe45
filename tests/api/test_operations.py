"""Operations: liveness and readiness, security headers, request ids, one JSON log line per request,
and the API's documentation pages served from the package."""

from __future__ import annotations

import http.client
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from api.operations import JsonFormatter, RequestIdFilter
from engine import migrate, processes
from engine.db import make_engine, make_sessionmaker, transaction
from engine.processes import DefinitionCache
from tests.servers import serving

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


@contextmanager
def app_on(url: str) -> Iterator[tuple[FastAPI, TestClient]]:
    app = create_app(url)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield app, client
    finally:
        app.state.engine.dispose()


def test_health_answers_without_a_token_and_without_a_database() -> None:
    # Nothing listens on port 1: every database check would fail; liveness does not ask.
    with app_on("postgresql+psycopg://nobody:geheim@127.0.0.1:1/nowhere") as (_, client):
        response = client.get("/health")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})
        ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["database", "migrations", "processes"]
    assert ready.json()["checks"]["database"] == {"ok": False, "detail": "cannot be reached"}
    # Nothing of the URL or of the driver's message reaches the caller.
    for secret in ("nobody", "geheim", "127.0.0.1", "nowhere", "refused"):
        assert secret not in ready.text


def test_ready_names_each_check_when_the_service_can_work(client) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready" and body["failing"] == []
    assert list(body["checks"]) == ["database", "migrations", "processes"]
    assert all(c["ok"] for c in body["checks"].values())
    assert body["checks"]["migrations"]["detail"] == f"at {migrate.head()}, the head of this version"
    assert re.fullmatch(r"\d+ deployed", body["checks"]["processes"]["detail"])


def test_ready_is_503_naming_the_migrations_then_the_processes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ready.sqlite3'}"
    with app_on(url) as (_, client):
        response = client.get("/ready")
        assert response.status_code == 503
        assert response.json()["failing"] == ["migrations", "processes"]
        assert response.json()["checks"]["migrations"]["detail"].startswith("not migrated")

        previous = f"{int(migrate.head()) - 1:04d}"
        migrate.upgrade(url, previous)
        detail = client.get("/ready").json()["checks"]["migrations"]["detail"]
        assert detail == f"at {previous}, this version needs {migrate.head()}; run `procesregie migrate`"

        migrate.upgrade(url)
        response = client.get("/ready")
        assert (response.status_code, response.json()["failing"]) == (503, ["processes"])
        assert response.json()["checks"]["processes"]["detail"] == "none deployed; run `procesregie deploy`"

        engine = make_engine(url)
        with transaction(make_sessionmaker(engine)) as session:
            processes.deploy_directory(session, DefinitionCache(), PROCESSES)
        engine.dispose()
        assert client.get("/ready").status_code == 200


def test_health_and_ready_are_in_the_openapi_description_and_the_doc_pages_are_not(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/ready"} <= set(paths)
    assert "503" in paths["/ready"]["get"]["responses"]
    assert not {"/docs", "/redoc"} & set(paths)


def test_every_kind_of_response_carries_the_security_headers(client, staff) -> None:
    user = staff("werkcoach")
    responses = {
        "api 200": client.get("/me", headers=user.headers),
        "api 401": client.get("/me"),
        "api 404": client.get("/cases/unknown", headers=user.headers),
        "api 422": client.get("/tasks?offset=x", headers=user.headers),
        "not found": client.get("/nothing-here"),
        "console page": client.get("/ui/login"),
        "static file": client.get("/ui/static/console.css"),
        "health": client.get("/health"),
    }
    for kind, response in responses.items():
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (kind, name)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], kind
        assert "script-src 'self';" in response.headers["content-security-policy"], kind
        assert "strict-transport-security" not in response.headers, kind  # plain http
    # Responses that may carry case data are not kept by browsers or caches; static files may be.
    for kind in ("api 200", "api 401", "api 404", "console page", "health"):
        assert responses[kind].headers["cache-control"] == "no-store", kind
    assert "cache-control" not in responses["static file"].headers


def test_strict_transport_security_only_over_https(db) -> None:
    app = create_app(db.url)
    try:
        with TestClient(app, base_url="https://procesregie.example") as client:
            assert client.get("/health").headers["strict-transport-security"] == "max-age=31536000"
    finally:
        app.state.engine.dispose()


def test_a_sane_request_id_is_kept_and_any_other_replaced(client) -> None:
    given = client.get("/health", headers={"X-Request-ID": "lb-7f3a:42"})
    assert given.headers["x-request-id"] == "lb-7f3a:42"
    made = client.get("/health").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/health").headers["x-request-id"] != made
    for insane in ("a b", "x" * 129, "<script>", "-starts-with-dash", "\xff".encode("latin-1")):
        replaced = client.get("/health", headers={"X-Request-ID": insane}).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", replaced), insane


def test_each_request_is_logged_once_without_its_query_string(client, staff, caplog) -> None:
    user = staff("werkcoach")
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="procesregie.request"):
        response = client.get(
            "/tasks?bsn=111222333&role=werkcoach", headers={**user.headers, "X-Request-ID": "req-1"}
        )
    assert response.status_code == 200
    records = [r for r in caplog.records if r.name == "procesregie.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert {k: line[k] for k in ("level", "logger", "method", "path", "status", "request_id")} == {
        "level": "info",
        "logger": "procesregie.request",
        "method": "GET",
        "path": "/tasks",
        "status": 200,
        "request_id": "req-1",
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "111222333" not in JsonFormatter().format(records[0])


def test_an_unexpected_error_is_logged_with_the_request_id_and_answered_with_the_headers(db, caplog) -> None:
    app = create_app(db.url)

    def fail() -> None:
        raise RuntimeError("kapot")

    app.add_api_route("/fail", fail)
    caplog.handler.addFilter(RequestIdFilter())
    try:
        with caplog.at_level(logging.INFO), TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/fail", headers={"X-Request-ID": "req-500"})
    finally:
        app.state.engine.dispose()
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-500"
    assert response.headers["x-content-type-options"] == "nosniff"
    error = next(r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info)
    assert error.request_id == "req-500"
    assert "RuntimeError: kapot" in json.loads(JsonFormatter().format(error))["exception"]
    access = [r for r in caplog.records if r.name == "procesregie.request"]
    assert [(r.status, r.request_id) for r in access] == [(500, "req-500")]


def _references(html: str) -> list[str]:
    return re.findall(r'(?:src|href|spec-url)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_doc_pages_reference_only_files_the_service_serves(client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    references = _references(response.text)
    assert "/openapi.json" in references and len(references) >= 3
    for url in references:
        assert url.startswith("/"), url  # no CDN, no fonts from elsewhere
        served = client.get(url)
        assert served.status_code == 200, url
        assert len(served.content) > 100, url
    assert "https://" not in response.text and "http://" not in response.text


def test_swagger_ui_may_run_its_own_inline_script_and_no_other(client) -> None:
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    scripts = re.search(r"script-src ([^;]+);", policy)
    assert scripts is not None
    sources = scripts.group(1).split()
    assert sources[0] == "'self'" and len(sources) == 2 and sources[1].startswith("'sha256-")
    assert "'unsafe-inline'" not in scripts.group(1) and "'unsafe-eval'" not in policy


@pytest.mark.slow
def test_serve_writes_one_json_line_per_request(db, tmp_path) -> None:
    log_path = tmp_path / "serve.log"
    with serving(db.url, 1, log_path, "--no-timers") as (port, _pid):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/tasks?bsn=111222333", headers={"X-Request-ID": "serve-1"})
        response = connection.getresponse()
        response.read()
        connection.close()
        assert (response.status, response.getheader("X-Request-ID")) == (401, "serve-1")
    text = log_path.read_text()
    assert "111222333" not in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "serve-1"]
    assert len(mine) == 1  # uvicorn's access log is off: each request once
    assert {k: mine[0][k] for k in ("logger", "method", "path", "status")} == {
        "logger": "procesregie.request",
        "method": "GET",
        "path": "/tasks",
        "status": 401,
    }
    # uvicorn's own lines are JSON too.
    assert any(line["logger"].startswith("uvicorn") for line in lines)
