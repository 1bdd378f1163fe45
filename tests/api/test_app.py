"""The service's own settings take effect when it starts; a request runs in one thread of its worker."""

from __future__ import annotations

import fastapi.routing
from anyio import to_thread
from fastapi.testclient import TestClient

from api.main import create_app
from api.schemas.cases import CaseRead


def test_requests_run_on_the_configured_number_of_threads(db, monkeypatch):
    monkeypatch.setenv("PROCESREGIE_WORKER_THREADS", "3")
    app = create_app(db.url)
    try:
        with TestClient(app) as client:
            assert client.portal is not None
            assert client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens) == 3
            assert app.state.threads._max_workers == 3
    finally:
        app.state.engine.dispose()


def test_a_request_hops_to_a_thread_once_and_gets_the_response_fastapi_would_make(
    client, staff, gemeente, monkeypatch
):
    """ADR 26: every request runs in the worker's request threads, one hop each. FastAPI would validate
    a synchronous endpoint's result against its response model in a thread of its own, a second hop;
    the route makes that response in the request's thread (ADR 38), with the status and body FastAPI
    would send."""
    hops: list[object] = []
    threads = client.app.state.threads
    submit = threads.submit

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        hops.append(args[0])
        return submit(*args, **kwargs)

    async def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a request hopped to anyio's threads")

    monkeypatch.setattr(threads, "submit", counted)
    monkeypatch.setattr(fastapi.routing, "run_in_threadpool", refused)
    coach = staff("werkcoach", "accountmanager")
    start = {
        "process_id": "overdracht_test",
        "gemeente": gemeente,
        "client_ref": "K",
        "data": {"weken_plan": 12},
    }
    started = client.post("/cases", headers=coach.headers, json=start)
    assert (started.status_code, len(hops)) == (201, 1)
    assert started.headers["content-type"] == "application/json"
    case = CaseRead.model_validate_json(started.content)
    assert started.content == CaseRead.model_validate(case).model_dump_json(by_alias=True).encode()
    data = {"matchbaar": True, "kandidaatprofiel": "heftruck"}
    done = client.post(f"/tasks/{case.tasks[0].id}/complete", headers=coach.headers, json={"data": data})
    assert (done.status_code, len(hops)) == (200, 2)
    assert CaseRead.model_validate_json(done.content).tasks[0].name == "Intake werkgeversdienstverlening"
    queue = client.get("/tasks", headers=coach.headers, params={"process_id": "overdracht_test"})
    assert (queue.status_code, len(hops)) == (200, 3)
    assert [t["case_id"] for t in queue.json()] == [case.id]
