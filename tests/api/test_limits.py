"""Input limits: a request body above the size limit is refused (413) before it is read, numbers in
query strings and bodies have bounds (422 naming the parameter, never a 500), and a free-form
``data`` object holds at most MAX_DATA_FIELDS fields. Nothing changes when a request is refused."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.schemas import MAX_DATA_FIELDS
from engine.config import Settings
from engine.models import Case

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LIMIT = Settings().max_request_bytes
PROCESS = "aanvraag_levensonderhoud_behandelen"

# Numbers no list, version, norm or period needs; each must be refused, naming the parameter.
ABSURD = ["5e25", "7e19", "1.7e308", "1e400", "-1", "inf", "-inf", "nan", "9" * 30, "9223372036854775808"]
ABSURD_JSON = ["5e25", "7e19", "1.7e308", "1e400", "-1", "NaN", "Infinity", "9" * 30, "9223372036854775808"]


def _cases(db, gemeente: str) -> int:
    with db.tx() as session:
        return session.scalar(select(func.count()).select_from(Case).where(Case.gemeente == gemeente)) or 0


def _start_body(gemeente: str) -> dict[str, Any]:
    return {"process_id": PROCESS, "gemeente": gemeente, "client_ref": "K-1", "data": {}}


def test_a_body_above_the_limit_is_refused_before_it_is_read(client, db, staff, gemeente):
    consulent = staff("inkomensconsulent")
    body = _start_body(gemeente)
    body["data"] = {"toelichting": "x" * LIMIT}
    headers = consulent.headers | {"Content-Type": "application/json"}

    response = client.post("/cases", headers=headers, content=json.dumps(body))
    assert response.status_code == 413
    assert response.json() == {"detail": f"the request body is larger than the limit of {LIMIT} bytes"}
    assert response.headers["connection"] == "close"

    # Without a Content-Length (chunked): refused once the bytes read pass the limit.
    def chunks() -> Iterator[bytes]:
        text = json.dumps(body).encode()
        for start in range(0, len(text), 1_000_000):
            yield text[start : start + 1_000_000]

    response = client.post("/cases", headers=headers, content=chunks())
    assert response.status_code == 413
    assert response.json()["detail"] == f"the request body is larger than the limit of {LIMIT} bytes"
    assert _cases(db, gemeente) == 0


def test_the_console_refuses_a_body_above_the_limit_with_its_own_page(client):
    web = TestClient(client.app, raise_server_exceptions=False)
    response = web.post(
        "/ui/processen/valideren",
        content=b"csrf_token=" + b"x" * LIMIT,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert f"Wat u verstuurde is groter dan {LIMIT // 1_000_000} MB. Er is niets gewijzigd." in response.text


def test_a_bpmn_file_of_the_largest_size_a_deploy_takes_still_fits(client, staff, gemeente):
    designer = staff("ontwerper")
    process_id = f"groot_{gemeente.replace('-', '_')}"
    xml = (FIXTURES / "overdracht.bpmn").read_text().replace("overdracht_test", process_id)
    padding = 5_000_000 - len(xml.encode()) - len("<!--  -->\n")
    xml = xml.replace("</bpmn:definitions>", f"<!-- {'x' * padding} -->\n</bpmn:definitions>")
    assert len(xml.encode()) == 5_000_000
    response = client.post(
        "/processes", headers=designer.headers, files=[("files", ("groot.bpmn", xml, "application/xml"))]
    )
    assert response.status_code == 201, response.text[:500]
    assert response.json()[0]["process"]["id"] == process_id


def test_a_data_object_with_too_many_fields_is_refused(client, db, staff, gemeente):
    consulent = staff("inkomensconsulent")
    body = _start_body(gemeente)
    body["data"] = {f"veld_{i}": i for i in range(200_000)}
    response = client.post("/cases", headers=consulent.headers, json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body.data", "message": f"send at most {MAX_DATA_FIELDS} fields, not 200000"}
    ]
    assert len(response.content) < 200  # the fields are not echoed back
    for path in (f"/tasks/{uuid.uuid4()}/complete", f"/cases/{uuid.uuid4()}/messages/bericht"):
        response = client.post(path, headers=consulent.headers, json={"data": body["data"]})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.data"
    assert _cases(db, gemeente) == 0


# -- every route of the OpenAPI document ---------------------------------------------------------


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    """The JSON types a schema allows, looking into anyOf (``int | None``)."""
    found = {schema["type"]} if isinstance(schema.get("type"), str) else set()
    for option in schema.get("anyOf", []):
        found |= _types(option)
    return found


def _bounds(schema: dict[str, Any]) -> list[str]:
    """The extremes a schema allows: they must work (no 5xx) as well."""
    found = [schema[k] for k in ("minimum", "maximum") if k in schema]
    for option in schema.get("anyOf", []):
        found += _bounds(option)
    return [str(v) for v in found]


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _url(path: str, operation: dict[str, Any]) -> str:
    """The path with its parameters filled in: a real process, made-up ids for the rest."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            value = PROCESS if parameter["name"] == "process_id" else str(uuid.uuid4())
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


@pytest.fixture
def everyone(staff):
    """A user with every role, so that each route gets past its role check to its parameters."""
    return staff("inkomensconsulent", "procesregisseur", "auditor", "ontwerper", "beheerder", "klantmanager")


def test_no_number_in_a_query_string_gives_a_server_error(client, everyone):
    document = client.app.openapi()
    checked = 0
    for path, method, operation in _operations(document):
        url = _url(path, operation)
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] != "query" or not _types(schema) & {"integer", "number"}:
                continue
            name = parameter["name"]
            for value in ABSURD:
                response = client.request(method, url, params={name: value}, headers=everyone.headers)
                refused = 400 if path.startswith("/engine-rest/") else 422  # Camunda's API has no 422
                assert response.status_code == refused, (method, url, name, value, response.text)
                fields = [e["field"] for e in response.json()["errors"]]
                assert f"query.{name}" in fields, (method, url, name, value, fields)
            for value in _bounds(schema):
                response = client.request(method, url, params={name: value}, headers=everyone.headers)
                assert response.status_code < 500, (method, url, name, value, response.text)
            checked += 1
    assert checked >= 12  # offset (3), limit (3), version (3), norm_hours, norm_days, days


def test_no_number_or_data_object_in_a_body_gives_a_server_error(client, everyone):
    document = client.app.openapi()
    headers = everyone.headers | {"Content-Type": "application/json"}
    numbers = objects = 0
    for path, method, operation in _operations(document):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        url = _url(path, operation)
        body = _resolve(document, content["application/json"]["schema"])
        for name, schema in body.get("properties", {}).items():
            schema = _resolve(document, schema)
            if _types(schema) & {"integer", "number"}:
                for value in ABSURD_JSON:
                    response = client.request(method, url, content=f'{{"{name}": {value}}}', headers=headers)
                    assert response.status_code == 422, (method, url, name, value, response.text)
                    assert f"body.{name}" in [e["field"] for e in response.json()["errors"]]
                numbers += 1
            elif _types(schema) == {"object"} and schema.get("additionalProperties") is True:
                many = json.dumps({name: {f"f{i}": i for i in range(200_000)}})
                response = client.request(method, url, content=many, headers=headers)
                assert response.status_code == 422, (method, url, name, response.text[:300])
                assert f"body.{name}" in [e["field"] for e in response.json()["errors"]]
                objects += 1
    assert numbers >= 4 and objects >= 3  # after and limit of two audit searches; three data objects
