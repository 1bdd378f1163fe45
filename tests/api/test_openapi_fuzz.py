"""Schemathesis against the real app: every operation of the OpenAPI document, with every check.

For each operation Schemathesis sends the documented examples, boundary values of every parameter
(its coverage phase) and generated requests, valid and invalid ones, with a real bearer token of a
user who holds every role in the gemeente of the data, and checks each answer: no 5xx, a status
code, content type, headers and body the document describes, invalid data refused and valid data
accepted, and that the token is not ignored. Path parameters are real ids (the cases, tasks,
processes, messages and users made below) as often as made-up ones, so the requests reach the code
behind the 404. Generation is derandomized with a fixed seed, so CI runs the same requests every time.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import strategies as st
from schemathesis import CheckContext, Response
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.main import create_app
from engine import users
from engine.vocabulary import Role
from tests.conftest import Db

EXAMPLES = 50
"""Generated requests per operation and generation mode, besides the examples and boundary values."""

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261205,
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        "suppress-health-check": ["all"],
    }
)
# The document as the app publishes it, read once at collection so that every operation is a test
# of its own (spread over the xdist workers); each test runs against the app on its test database.
_DOCUMENT = create_app(f"sqlite:///{tempfile.mkdtemp(prefix='procesregie-openapi-')}/none.sqlite3").openapi()
schema = schemathesis.openapi.from_dict(_DOCUMENT, config=CONFIG)
load_all_checks()
_LOCATIONS = ("body", "query", "path", "header", "cookie")


def positive_data_accepted_or_refused_by_a_rule(
    ctx: CheckContext, response: Response, case: schemathesis.Case
) -> bool | None:
    """Schemathesis's positive_data_acceptance, but for the engine's rules about the data.

    A request the document allows must not be refused by the request's validation: a 422 whose errors
    name a place in the request (body.x, query.y) means the document promised too much. A 422 of the
    engine's rules about the data (a period that ends before it starts, a gemeente the beheerder does not
    hold, a cursor no search returned, an Idempotency-Key used for another request, a BPMN file that
    cannot run) names the field alone, or a BPMN element: the document cannot express those rules, and
    says so in the 422 it lists. So does text holding a NUL character, which PostgreSQL cannot store
    (the parameter, or the body as a whole).
    """
    camunda = case.operation.path.startswith("/engine-rest/")  # Camunda answers a 400 where we answer 422
    if response.status_code == 422 or (camunda and response.status_code == 400):
        fields = [str(e.get("field", "")) for e in response.json().get("errors", [])]
        if not any("." in f and f.split(".")[0] in _LOCATIONS for f in fields):
            return None
    return positive_data_acceptance(ctx, response, case)


ALL_CHECKS = [
    positive_data_accepted_or_refused_by_a_rule if check is positive_data_acceptance else check
    for check in CHECKS.get_all()
]

EXTERNAL = {Role.KLANT, Role.WERKGEVER, Role.UWV}


@dataclass
class World:
    """The data the requests reach: real ids for each kind of path parameter, and the caller's token."""

    token: str = ""
    ids: dict[str, list[str]] = field(default_factory=dict)


WORLD = World()


def _start(client: TestClient, headers: dict[str, str], gemeente: str, ref: str) -> dict[str, Any]:
    response = client.post(
        "/cases",
        headers=headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": ref,
            "data": {"weken_plan": 8},
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture(scope="module")
def fuzzed(db: Db, client: TestClient) -> Iterator[FastAPI]:
    """The app on the test database, with a caller of every role and a few cases in its gemeente."""
    tag = uuid.uuid4().hex[:8]
    gemeente = f"fuzz-{tag}"
    with db.tx() as session:
        user, token = users.add_user(
            session, f"fuzzer-{tag}", [r for r in Role if r not in EXTERNAL], [gemeente]
        )
        colleague, _ = users.add_user(session, f"collega-{tag}", [Role.WERKCOACH], [gemeente])
    headers = {"Authorization": f"Bearer {token}"}
    cases = [_start(client, headers, gemeente, f"FUZZ-{n}-{tag}") for n in range(4)]
    client.post(f"/tasks/{cases[1]['tasks'][0]['id']}/claim", headers=headers)
    WORLD.token = token
    WORLD.ids = {
        "case_id": [c["id"] for c in cases],
        "task_id": [t["id"] for c in cases for t in c["tasks"]],
        "process_id": ["overdracht_test", "aanvraag_levensonderhoud_behandelen"],
        "message": ["cv_ontvangen"],
        "name": [user.name, colleague.name],
    }
    app = create_app(db.url)
    app.state.definitions = db.cache
    yield app
    app.state.engine.dispose()


LATER = "token-of-the-database-under-test"
"""Schemathesis makes its boundary-value requests when it collects the tests, before the fixture made
the user: those carry this and get the real token just before they are sent."""


@schema.auth(refresh_interval=None)
class BuiltInToken:
    """The bearer token of the fuzzing user of the database under test."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str:
        return WORLD.token or LATER

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schemathesis.hook  # a hook Schemathesis only takes for all schemas; this module has the only one
def before_call(context: schemathesis.HookContext, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
    if case.headers and case.headers.get("Authorization") == f"Bearer {LATER}":
        case.headers["Authorization"] = f"Bearer {WORLD.token}"


@schema.hook
def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any] | None) -> Any:
    """Each path parameter: the generated value or a real id of its kind."""
    if not path_parameters or context.operation is None:
        return st.just(path_parameters)
    messages = "/messages/" in context.operation.path
    choices = {}
    for name, value in path_parameters.items():
        real = WORLD.ids.get("message" if messages and name == "name" else name, [])
        choices[name] = st.sampled_from([value, *real]) if real else st.just(value)
    return st.fixed_dictionaries(choices)


@pytest.mark.slow  # about 80 s of CPU for both databases
@schema.parametrize()
def test_every_operation_answers_as_documented(case: schemathesis.Case, fuzzed: FastAPI) -> None:
    # The app on the database under test, also for the checks' own probes (e.g. without the token).
    case.operation.app = case.operation.schema.app = fuzzed
    case.call_and_validate(checks=ALL_CHECKS)


def test_the_document_lists_every_error_response_in_the_service_s_shape() -> None:
    """The published document lacked 401/403/404/409 and described 422 as FastAPI's HTTPValidationError,
    which the service never sends (api/openapi.py derives them from each route)."""
    assert "HTTPValidationError" not in json.dumps(_DOCUMENT)
    claim = _DOCUMENT["paths"]["/tasks/{task_id}/claim"]["post"]["responses"]
    assert set(claim) == {"200", "401", "403", "404", "409", "422", "503"}
    assert claim["401"]["headers"]["WWW-Authenticate"]["required"]
    assert claim["503"]["headers"]["Retry-After"]["required"]
    assert claim["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/InvalidRead"
    }
    assert "413" in _DOCUMENT["paths"]["/cases"]["post"]["responses"]
    assert set(_DOCUMENT["paths"]["/health"]["get"]["responses"]) == {"200"}
    for path, item in _DOCUMENT["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= documented, (method, path)
            if "{" in path and operation.get("security"):
                assert "404" in documented, (method, path)
