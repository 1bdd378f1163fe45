"""Idempotency-Key on the JSON API's POSTs: a retry gets the first response and does not act twice."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select, text

from api.main import create_app
from engine.models import AuditEvent, Case, IdempotencyKey

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def case_body(gemeente: str, client_ref: str = "K-42") -> dict[str, object]:
    return {
        "process_id": "overdracht_test",
        "gemeente": gemeente,
        "client_ref": client_ref,
        "data": {"weken_plan": 26},
    }


def cases_of(db, gemeente: str) -> int:
    with db.tx() as session:
        return int(session.scalar(select(func.count()).select_from(Case).where(Case.gemeente == gemeente)))


def test_a_retried_start_returns_the_first_case_and_starts_one(db, client, staff, gemeente):
    coach = staff("werkcoach")
    headers = {**coach.headers, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/cases", headers=headers, json=case_body(gemeente))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = client.post("/cases", headers=headers, json=case_body(gemeente))
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert cases_of(db, gemeente) == 1

    # the key belongs to its user: another user with the same key acts on their own
    other = staff("werkcoach")
    response = client.post(
        "/cases",
        headers={**other.headers, "Idempotency-Key": headers["Idempotency-Key"]},
        json=case_body(gemeente),
    )
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert response.json()["id"] != first.json()["id"]
    # without a key every POST acts
    assert client.post("/cases", headers=coach.headers, json=case_body(gemeente)).status_code == 201
    assert cases_of(db, gemeente) == 3


def test_the_same_key_with_another_request_is_refused_naming_the_header(db, client, staff, gemeente):
    coach = staff("werkcoach")
    headers = {**coach.headers, "Idempotency-Key": "aanvraag-K-42"}
    assert client.post("/cases", headers=headers, json=case_body(gemeente)).status_code == 201
    response = client.post("/cases", headers=headers, json=case_body(gemeente, "K-43"))
    assert response.status_code == 422
    assert response.json() == {
        "detail": "the submitted data is not valid",
        "errors": [
            {
                "field": "Idempotency-Key",
                "message": "reused with another request (method, path or body differ); use a new key",
            }
        ],
    }
    assert cases_of(db, gemeente) == 1

    too_long = client.post(
        "/cases", headers={**coach.headers, "Idempotency-Key": "k" * 201}, json=case_body(gemeente)
    )
    assert too_long.status_code == 422
    assert [e["field"] for e in too_long.json()["errors"]] == ["header.Idempotency-Key"]
    assert cases_of(db, gemeente) == 1


def test_a_retried_completion_completes_once_and_returns_the_first_response(db, client, staff, gemeente):
    coach = staff("werkcoach")
    case = client.post("/cases", headers=coach.headers, json=case_body(gemeente)).json()
    task_id = case["tasks"][0]["id"]
    headers = {**coach.headers, "Idempotency-Key": str(uuid.uuid4())}
    body = {"data": {"matchbaar": True}}
    first = client.post(f"/tasks/{task_id}/complete", headers=headers, json=body)
    assert first.status_code == 200, first.text
    again = client.post(f"/tasks/{task_id}/complete", headers=headers, json=body)
    assert (again.status_code, again.content) == (200, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    # without the key, the retry is refused: the task is done
    assert client.post(f"/tasks/{task_id}/complete", headers=coach.headers, json=body).status_code == 409
    with db.tx() as session:
        types = session.scalars(
            select(AuditEvent.type).where(
                AuditEvent.case_id == case["id"], AuditEvent.type == "task_completed"
            )
        ).all()
    assert types == ["task_completed"]


def test_a_refused_request_stores_nothing_and_may_be_retried_with_its_key(db, client, staff, gemeente):
    coach = staff("werkcoach")
    case = client.post("/cases", headers=coach.headers, json=case_body(gemeente)).json()
    task_id = case["tasks"][0]["id"]
    headers = {**coach.headers, "Idempotency-Key": "voltooien-1"}
    refused = client.post(f"/tasks/{task_id}/complete", headers=headers, json={"data": {"matchbaar": 3}})
    assert refused.status_code == 422
    done = client.post(f"/tasks/{task_id}/complete", headers=headers, json={"data": {"matchbaar": True}})
    assert done.status_code == 200 and "idempotent-replayed" not in done.headers


def test_a_failed_commit_stores_neither_the_work_nor_the_key(db, client, staff, gemeente):
    coach = staff("werkcoach")
    headers = {**coach.headers, "Idempotency-Key": str(uuid.uuid4())}

    def refuse(session):
        raise RuntimeError("the database refused the commit")

    event.listen(client.app.state.sessionmaker, "before_commit", refuse)
    try:
        assert client.post("/cases", headers=headers, json=case_body(gemeente)).status_code == 500
    finally:
        event.remove(client.app.state.sessionmaker, "before_commit", refuse)
    with db.tx() as session:
        assert (
            session.scalars(
                select(IdempotencyKey).where(IdempotencyKey.key == headers["Idempotency-Key"])
            ).all()
            == []
        )
    assert cases_of(db, gemeente) == 0
    response = client.post("/cases", headers=headers, json=case_body(gemeente))
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert cases_of(db, gemeente) == 1


def test_a_key_is_kept_24_hours(db, client, staff, gemeente):
    from engine import idempotency

    coach = staff("werkcoach")
    headers = {**coach.headers, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/cases", headers=headers, json=case_body(gemeente)).json()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)):
        assert client.post("/cases", headers=headers, json=case_body(gemeente)).json()["id"] == first["id"]
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        later = client.post("/cases", headers=headers, json=case_body(gemeente))
        assert later.status_code == 201 and later.json()["id"] != first["id"]
        assert "idempotent-replayed" not in later.headers
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=50)):
        with db.tx() as session:
            assert idempotency.purge(session) >= 1
            assert (
                session.scalars(
                    select(IdempotencyKey).where(IdempotencyKey.user_name == coach.actor.name)
                ).all()
                == []
            )
    assert cases_of(db, gemeente) == 2


def test_a_retried_deploy_hashes_the_files_not_the_form_boundary(client, staff, gemeente):
    designer = staff("ontwerper")
    process_id = f"idem_{gemeente.replace('-', '_')}"
    xml = (FIXTURES / "lus.bpmn").read_text().replace("voortgang_lus", process_id).encode()
    headers = {**designer.headers, "Idempotency-Key": str(uuid.uuid4())}
    files = [("files", ("lus.bpmn", xml, "application/xml"))]
    first = client.post("/processes", headers=headers, files=files)
    assert first.status_code == 201, first.text
    again = client.post("/processes", headers=headers, files=files)  # a new boundary
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    other = [("files", ("lus.bpmn", xml.replace(b"<bpmn:", b"<bpmn:", 1) + b"\n", "application/xml"))]
    assert client.post("/processes", headers=headers, files=other).status_code == 422


def test_the_header_is_described_on_every_post_of_the_json_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    posts = {path: ops["post"] for path, ops in paths.items() if "post" in ops}
    takes = {
        path
        for path, op in posts.items()
        if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    }
    # the audit export streams what it reads: nothing to store or to do twice; a new token is a
    # secret the database keeps only as an HMAC, so its response is not stored (a retry replaces it)
    tokens = {"/users", "/users/me/token", "/users/{name}/token"}
    assert takes == set(posts) - {"/audit/export"} - tokens
    assert "/cases" in takes and "/tasks/{task_id}/complete" in takes


def test_two_concurrent_requests_with_one_key_start_one_case(db, staff, gemeente):
    """Two workers get the same key at once: the second waits for the first, then replays its response."""
    if not db.url.startswith("postgresql"):
        pytest.skip("SQLite serializes writers before they read; PostgreSQL's unique index decides here")
    coach = staff("werkcoach")
    headers = {**coach.headers, "Idempotency-Key": str(uuid.uuid4())}
    claimed, release = threading.Event(), threading.Event()
    apps = [create_app(db.url), create_app(db.url)]
    for app in apps:
        app.state.definitions = db.cache

    def hold(session, context):
        if any(isinstance(o, IdempotencyKey) for o in session.new):
            claimed.set()
            release.wait()

    event.listen(apps[0].state.sessionmaker, "after_flush", hold)
    responses: dict[int, object] = {}

    def post(i: int, client: TestClient) -> None:
        responses[i] = client.post("/cases", headers=headers, json=case_body(gemeente))

    with TestClient(apps[0]) as first, TestClient(apps[1]) as second:
        threads = [threading.Thread(target=post, args=(0, first))]
        threads[0].start()
        claimed.wait()
        threads.append(threading.Thread(target=post, args=(1, second)))
        threads[1].start()
        # wait until the second request waits on the first one's key in the unique index
        # (a transaction sees pg_stat_activity as it was at its first look: one per look)
        for _ in range(10_000):
            with db.tx() as session:
                waiting = session.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                )
            if waiting:
                break
            threading.Event().wait(0.01)
        release.set()  # before any assertion: the first request must not wait for ever
        for thread in threads:
            thread.join()
        assert waiting == 1
    for app in apps:
        app.state.engine.dispose()
    one, two = responses[0], responses[1]
    assert one.status_code == two.status_code == 201
    assert two.content == one.content
    assert two.headers["idempotent-replayed"] == "true"
    assert cases_of(db, gemeente) == 1
