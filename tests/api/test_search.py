"""Auditors search across cases with a cursor and export streams; a BSN is found by hash and never shown."""

from __future__ import annotations

import csv
import io
import json


def start(client, who, gemeente, client_ref, bsn=None):
    body = {"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": client_ref}
    if bsn:
        body["bsn"] = bsn
    response = client.post("/cases", headers=who.headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_search_pages_with_a_cursor_and_finds_a_bsn_by_hash(client, staff, gemeente):
    coach, auditor = staff("werkcoach"), staff("auditor")
    first = start(client, coach, gemeente, "K-100", bsn="111222333")
    second = start(client, coach, gemeente, "K-101")
    client.post(
        f"/tasks/{second['tasks'][0]['id']}/complete",
        headers=coach.headers,
        json={"data": {"doorgaan": False}},
    )

    response = client.post(
        "/cases",
        headers=coach.headers,
        json={"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": "K", "bsn": "123456789"},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "bsn"

    page = client.post(
        "/audit/search", headers=auditor.headers, json={"gemeente": gemeente, "limit": 3}
    ).json()
    assert len(page["items"]) == 3 and page["next_cursor"] == page["items"][-1]["event_id"]
    rest = client.post(
        "/audit/search", headers=auditor.headers, json={"gemeente": gemeente, "after": page["next_cursor"]}
    ).json()
    ids = [e["event_id"] for e in page["items"] + rest["items"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 6 and rest["next_cursor"] is None

    by_bsn = client.post("/audit/search", headers=auditor.headers, json={"bsn": "111222333"}).json()["items"]
    assert {e["case_id"] for e in by_bsn} == {first["id"]}
    assert "111222333" not in json.dumps(by_bsn)
    completed = client.post(
        "/audit/search",
        headers=auditor.headers,
        json={"gemeente": gemeente, "case_status": "completed", "type": "task_completed"},
    ).json()["items"]
    assert [(e["case_id"], e["data"]["submitted"]["doorgaan"]) for e in completed] == [(second["id"], False)]
    assert (
        client.post(
            "/audit/search",
            headers=auditor.headers,
            json={"actor": coach.actor.name, "gemeente": gemeente, "type": "case_started"},
        ).json()["items"][0]["case_id"]
        == first["id"]
    )

    assert client.post("/audit/search", headers=coach.headers, json={}).status_code == 403
    assert client.post("/audit/search", headers=auditor.headers, json={"bsn": "123"}).status_code == 422
    assert client.post("/audit/search", headers=auditor.headers, json={"onbekend": 1}).status_code == 422


def test_exports_stream_csv_and_json_lines_and_are_access_logged(client, staff, gemeente):
    coach, auditor = staff("werkcoach"), staff("auditor")
    case = start(client, coach, gemeente, "K-200", bsn="123456782")
    lines = client.post(
        "/audit/export",
        params={"format": "jsonl"},
        headers={**auditor.headers, "X-Reason": "Controle 2026"},
        json={"gemeente": gemeente},
    ).text.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["type"] for r in rows] == ["case_started", "task_ready"] and all(
        r["case_id"] == case["id"] for r in rows
    )
    response = client.post(
        "/audit/export", params={"format": "csv"}, headers=auditor.headers, json={"gemeente": gemeente}
    )
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["type"] for r in table] == ["case_started", "task_ready"]
    assert "123456782" not in response.text and "K-200" not in response.text
    log = client.get("/audit/access", params={"case_id": case["id"]}, headers=auditor.headers).json()
    assert [(e["action"], e["reason"]) for e in log] == [("export", None), ("export", "Controle 2026")]
    assert (
        client.post("/audit/export", params={"format": "xml"}, headers=auditor.headers, json={}).status_code
        == 422
    )
    assert client.post("/audit/export", headers=coach.headers, json={}).status_code == 403


def test_the_cursor_and_the_limit_are_numbers_not_text(client, staff):
    """pydantic made 5 of "5" and 1 of true, which the document refuses (schemathesis found it); a
    number without a fraction is an integer in JSON, 5.0 too."""
    auditor = staff("auditor")
    for body in ({"after": "5"}, {"limit": True}, {"after": 2**53}, {"since": 0.5}):
        response = client.post("/audit/search", headers=auditor.headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["errors"][0]["field"].startswith("body."), response.text
    response = client.post("/audit/search", headers=auditor.headers, json={"after": 5.0, "limit": 10})
    assert response.status_code == 200, response.text
