"""Error responses (api/errors.py) as the OpenAPI document describes them; each case here was found by
schemathesis (tests/api/test_openapi_fuzz.py) answering otherwise."""

from __future__ import annotations

from sqlalchemy import func, select

from api.schemas.errors import ErrorRead, InvalidRead
from engine.models import Case


def test_a_body_that_is_not_utf_8_is_a_422_naming_the_body(client, staff, gemeente):
    """FastAPI answered 400 "There was an error parsing the body", which no route documents; a body
    that is not JSON is a 422 already."""
    consulent = staff("inkomensconsulent")
    response = client.post(
        "/cases",
        headers={**consulent.headers, "Content-Type": "application/json"},
        content=b"\xff\xfe{",
    )
    assert response.status_code == 422, response.text
    body = InvalidRead.model_validate(response.json())
    assert [e.field for e in body.errors] == ["body"]


def test_a_method_the_path_does_not_have_names_every_method_it_has(client, staff):
    """Starlette's Allow named only the methods of the first route it tried (GET /users: GET)."""
    beheerder = staff("beheerder")
    response = client.request("OPTIONS", "/users", headers=beheerder.headers)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    ErrorRead.model_validate(response.json())
    # A path of its own wins over a template that also matches it (/users/{name}/token).
    response = client.request("OPTIONS", "/users/me/token", headers=beheerder.headers)
    assert response.headers["Allow"] == "POST"


def test_text_with_a_nul_character_is_refused_not_a_server_error(client, db, staff, gemeente):
    """PostgreSQL stores and compares no text holding NUL (0x00): it was a 500. SQLite stores it."""
    coach, auditor = staff("werkcoach"), staff("auditor")
    postgresql = db.url.startswith("postgresql")

    response = client.get("/handovers", params={"process": "a\x00b"}, headers=auditor.headers)
    assert response.status_code == (422 if postgresql else 200), response.text
    if postgresql:
        assert [e.field for e in InvalidRead.model_validate(response.json()).errors] == ["process"]

    response = client.post(
        "/cases",
        headers=coach.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-\x00",
            "data": {"weken_plan": 26},
        },
    )
    assert response.status_code == (422 if postgresql else 201), response.text
    with db.tx() as session:
        stored = session.scalar(select(func.count()).select_from(Case).where(Case.gemeente == gemeente))
    assert stored == (0 if postgresql else 1)
