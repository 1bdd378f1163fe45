"""The authorization model as a table (docs/security.md): every route of the OpenAPI document and every
console page that reads case data, for every role, in the gemeente of the data and in another one.

The data: in gemeente A, case 1 of a process whose klant task is assigned to one klant user, and
case 2 of the same lanes whose klant task is assigned to nobody. Allowed: the route's normal answer
(2xx, or 409/422 for the probe's deliberately incomplete input). Refused: 403 or 404. Never 401 or
5xx, and no answer names a case or task of A that the caller may not read.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select

from api import console
from engine import deployments, pilots, processes, users
from engine.models import CaseTask, SignIn, User, utcnow
from engine.users import Actor
from engine.vocabulary import Role
from tests.conftest import Db

PROCESS = "klanttaak_aanvullen"
# The aanvraag's hersteltermijn as it was before the klant's stukken came as a message (issue #16): a
# process with a task in the klant's lane, which the klant's own probes need.
SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "klanttaak.bpmn"
STAFF_OF_PROCESS = {Role.INKOMENSCONSULENT, Role.BACKOFFICE}  # its lanes but klant
OVERSIGHT = {Role.PROCESREGISSEUR, Role.AUDITOR}
OWN, OTHER = "own", "other"


@dataclass
class Caller:
    role: Role
    scope: str
    name: str
    headers: dict[str, str]
    cookie: dict[str, str]
    assigned: bool  # the klant user the assigned task is for


@dataclass
class World:
    """The data of gemeente A and a caller per role and gemeente."""

    process: str
    gemeente: str  # A
    case1: str
    case2: str
    task1: str  # case 1's klant task, assigned
    task2: str  # case 2's klant task, assigned to nobody
    secrets: dict[str, str]  # every case and task id of A, with its client reference for cases
    user: str  # a user of A whom the probes of user management change (no caller)
    callers: dict[tuple[Role, str], Caller] = field(default_factory=dict)
    definition: str = ""  # the process's definition id in the Camunda 7 REST API
    deployment: str = ""  # a deployment of it through the Camunda 7 REST API
    pilot: str = ""  # an ended pilot of its version 2

    def readable(self, caller: Caller) -> set[str]:
        """The case and task ids of A the caller may see."""
        if caller.scope == OTHER:
            return set()
        if caller.role in OVERSIGHT | STAFF_OF_PROCESS:
            return set(self.secrets)
        if caller.assigned:
            return {self.case1, self.task1}
        return set()


def _sign_in_cookie(client: TestClient, session: Any, user: User) -> tuple[dict[str, str], str]:
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SignIn(
            id=users.hash_token(secret),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=1),
        )
    )
    return {"Cookie": f"procesregie_sessie={client.app.state.cookie_signer.dumps(secret)}"}, csrf


def _start(client: TestClient, headers: dict[str, str], process: str, gemeente: str, ref: str) -> str:
    started = client.post(
        "/cases",
        headers=headers,
        json={
            "process_id": process,
            "gemeente": gemeente,
            "client_ref": ref,
            "data": {"datum_aanvraag": "2026-11-02", "ontbrekende_gegevens": "loonstroken"},
        },
    )
    assert started.status_code == 201, started.text
    body = started.json()
    [first] = body["tasks"]
    done = client.post(
        f"/tasks/{first['id']}/complete",
        headers=headers,
        json={
            "data": {
                "hersteltermijn_dagen": 14,
                "gevraagde_stukken": "loonstroken",
                "datum_verzuimbrief": "2026-11-03",
            }
        },
    )
    assert done.status_code == 200, done.text
    return str(body["id"])


@pytest.fixture(scope="module")
def world(db: Db, client: TestClient) -> World:
    tag = uuid.uuid4().hex[:8]
    a, b = f"sec-a-{tag}", f"sec-b-{tag}"
    klant = f"klant-sec-{tag}"
    process = f"beveiliging_{tag}"
    xml = SOURCE.read_text().replace(PROCESS, process)
    xml = xml.replace(
        '<bpmn:userTask id="Task_ontbrekende_stukken_aanleveren"',
        f'<bpmn:userTask id="Task_ontbrekende_stukken_aanleveren" camunda:assignee="{klant}"',
    )
    callers: dict[tuple[Role, str], Caller] = {}
    target = f"doelwit-{tag}"
    with db.tx() as session:
        processes.deploy(session, db.cache, {f"{process}.bpmn": xml.encode()}, "test")
        plain = SOURCE.read_text().replace(PROCESS, f"{process}_2")
        processes.deploy(session, db.cache, {f"{process}_2.bpmn": plain.encode()}, "test")
        users.add_user(session, target, [Role.WERKCOACH], [a])
        for role in Role:
            for scope, gemeente in ((OWN, a), (OTHER, b)):
                assigned = role == Role.KLANT and scope == OWN
                name = klant if assigned else f"{role}-{scope}-{tag}"
                user, token = users.add_user(session, name, [role], [gemeente])
                cookie, csrf = _sign_in_cookie(client, session, user)
                callers[role, scope] = Caller(
                    role,
                    scope,
                    name,
                    {"Authorization": f"Bearer {token}"},
                    cookie | {"X-CSRF-Token": csrf},
                    assigned,
                )
    staff = callers[Role.INKOMENSCONSULENT, OWN].headers
    case1 = _start(client, staff, process, a, f"SEC-1-{tag}")
    case2 = _start(client, staff, f"{process}_2", a, f"SEC-2-{tag}")
    with db.tx() as session:
        rows = list(session.scalars(select(CaseTask).where(CaseTask.case_id.in_([case1, case2]))))
    [task1] = [t.id for t in rows if t.case_id == case1 and t.role == Role.KLANT]
    [task2] = [t.id for t in rows if t.case_id == case2 and t.role == Role.KLANT]
    found = {t.id: t.id for t in rows} | {case1: f"SEC-1-{tag}", case2: f"SEC-2-{tag}"}
    with db.tx() as session:
        designer = Actor("ontwerper-sec", frozenset({Role.ONTWERPER}), frozenset({a}))
        deployment = deployments.create(session, db.cache, designer, {f"{process}.bpmn": xml.encode()}, "sec")
        version = processes.get_version(session, process)
        definition = f"{process}:{version.number}:{version.content_hash[:12]}"
    with db.tx() as session:  # a pilot of a version 2, ended: promoting or ending it again is a 409
        renamed = xml.replace('isExecutable="true"', 'isExecutable="true" camunda:versionTag="2"', 1)
        processes.deploy(session, db.cache, {f"{process}.bpmn": renamed.encode()}, "test", in_use=False)
        pilot = pilots.start(session, "ontwerper-sec", process, 2, 0.5, [a], {a})
        pilots.end(session, "ontwerper-sec", process, pilot.id)
    world = World(process, a, case1, case2, task1, task2, found, target, callers)
    world.definition, world.deployment, world.pilot = definition, deployment.deployment.id, str(pilot.id)
    return world


# -- the table -------------------------------------------------------------------------------------

Expect = Callable[[World, Caller, str], bool]
"""Whether the caller may (True) or is refused (False), given the target of the probe."""


def everyone(w: World, c: Caller, target: str) -> bool:
    return True


def roles(*allowed: Role) -> Expect:
    return lambda w, c, target: c.role in allowed


def designs_for(w: World, c: Caller, target: str) -> bool:
    """An ontwerper changes the pilots of the gemeenten they serve (the probed pilot runs in A's)."""
    return c.role == Role.ONTWERPER and c.scope == OWN


def reads_case(w: World, c: Caller, target: str) -> bool:
    return target in w.readable(c)


def reads_all_of_case(w: World, c: Caller, target: str) -> bool:
    return c.scope == OWN and c.role in OVERSIGHT | STAFF_OF_PROCESS


def works_on_case(w: World, c: Caller, target: str) -> bool:
    return c.scope == OWN and c.role in STAFF_OF_PROCESS


def works_on_task(w: World, c: Caller, target: str) -> bool:
    """The klant works on the task assigned to them; the staff of the process record the klant task
    assigned to nobody on the klant's behalf."""
    if c.scope != OWN:
        return False
    return (c.assigned and target == w.task1) or (c.role in STAFF_OF_PROCESS and target == w.task2)


@dataclass(frozen=True)
class Probe:
    expect: Expect
    targets: tuple[str, ...] = ("",)  # "case" or "task": probed with both of A's cases or tasks
    body: Callable[[World], dict[str, Any]] | None = None
    files: bool = False
    user_id: bool = False  # the body names the caller as ``userId`` (Camunda's claim)


REPORTS = roles(Role.PROCESREGISSEUR, Role.AUDITOR)


def manages_a(w: World, c: Caller, target: str) -> bool:
    """A beheerder of gemeente A manages its users; one of another gemeente does not see them."""
    return c.role == Role.BEHEERDER and c.scope == OWN


AUDIT = roles(Role.AUDITOR)
API: dict[tuple[str, str], Probe] = {
    ("GET", "/processes"): Probe(everyone),
    ("POST", "/processes"): Probe(roles(Role.ONTWERPER), files=True),
    ("GET", "/processes/{process_id}"): Probe(everyone),
    ("GET", "/processes/{process_id}/versions"): Probe(everyone),
    ("GET", "/processes/{process_id}/diagram.svg"): Probe(everyone),
    ("GET", "/processes/{process_id}/bpmn"): Probe(everyone),
    # a reason of blanks and a move to the same version are refused (422): nothing changes
    ("POST", "/processes/{process_id}/versions/{number}/rollback"): Probe(
        roles(Role.ONTWERPER), body=lambda w: {"reason": " "}
    ),
    ("POST", "/processes/{process_id}/versions/{number}/retire"): Probe(
        roles(Role.ONTWERPER), body=lambda w: {"reason": " "}
    ),
    ("GET", "/processes/{process_id}/changes"): Probe(everyone),
    ("GET", "/processes/{process_id}/versions/{number}/diff/{other}"): Probe(everyone),
    ("POST", "/processes/{process_id}/migrations"): Probe(
        roles(Role.ONTWERPER), body=lambda w: {"from_version": 1, "to_version": 1}
    ),
    # a pilot of the version in use is refused (422); the pilot probed has ended (409)
    ("GET", "/processes/{process_id}/pilots"): Probe(everyone),
    # another gemeente's ontwerper naming A: 422, not a gemeente of theirs (tests/api/test_pilots.py)
    ("POST", "/processes/{process_id}/pilots"): Probe(
        roles(Role.ONTWERPER), body=lambda w: {"version": 1, "share": 0.5, "gemeenten": [w.gemeente]}
    ),
    ("GET", "/processes/{process_id}/pilots/{pilot_id}"): Probe(everyone),
    ("POST", "/processes/{process_id}/pilots/{pilot_id}/{action}"): Probe(designs_for),
    ("GET", "/reports/pilots/{pilot_id}"): Probe(REPORTS),
    ("POST", "/cases"): Probe(
        works_on_case,
        body=lambda w: {"process_id": w.process, "gemeente": w.gemeente, "client_ref": "SEC-P", "data": {}},
    ),
    ("GET", "/cases/{case_id}"): Probe(reads_case, ("case",)),
    ("GET", "/cases/{case_id}/tasks"): Probe(reads_case, ("case",)),
    ("GET", "/cases/{case_id}/history"): Probe(reads_all_of_case, ("case",)),
    # the journey of the case's client: only the cases the caller reads; none is a 404
    ("GET", "/clients/{client_ref}/journey"): Probe(reads_case, ("case",)),
    ("GET", "/cases/{case_id}/diagram.svg"): Probe(reads_all_of_case, ("case",)),
    ("POST", "/cases/{case_id}/messages/{name}"): Probe(
        works_on_case, ("case",), body=lambda w: {"data": {}}
    ),
    ("POST", "/cases/{case_id}/cancel"): Probe(works_on_case, ("case",), body=lambda w: {"reason": " "}),
    ("GET", "/tasks"): Probe(everyone),
    ("GET", "/tasks/{task_id}"): Probe(reads_case, ("task",)),
    ("POST", "/tasks/{task_id}/claim"): Probe(works_on_task, ("task",)),
    ("POST", "/tasks/{task_id}/unclaim"): Probe(works_on_task, ("task",)),
    ("POST", "/tasks/{task_id}/complete"): Probe(works_on_task, ("task",), body=lambda w: {"data": {}}),
    ("GET", "/handovers"): Probe(REPORTS),
    ("GET", "/reports/handovers"): Probe(REPORTS),
    ("GET", "/reports/processes/{process_id}/statistics"): Probe(REPORTS),
    ("GET", "/reports/processes/{process_id}/heatmap.svg"): Probe(REPORTS),
    ("GET", "/reports/processes/{process_id}/lead-times"): Probe(REPORTS),
    ("GET", "/reports/deadlines"): Probe(REPORTS),
    ("GET", "/reports/kpis"): Probe(REPORTS),
    ("GET", "/reports/benchmark"): Probe(REPORTS),
    ("GET", "/reports/outcomes"): Probe(REPORTS),
    ("GET", "/audit/verify"): Probe(AUDIT),
    ("GET", "/audit/access"): Probe(AUDIT),
    ("POST", "/audit/search"): Probe(AUDIT, body=lambda w: {}),
    ("POST", "/audit/export"): Probe(AUDIT, body=lambda w: {}),
    ("GET", "/audit/export.xes"): Probe(roles(Role.AUDITOR, Role.PROCESREGISSEUR)),
    ("GET", "/me"): Probe(everyone),
    ("GET", "/users"): Probe(roles(Role.BEHEERDER)),
    ("POST", "/users"): Probe(
        roles(Role.BEHEERDER), body=lambda w: {"name": "Geen Naam", "roles": ["jobcoach"], "gemeenten": []}
    ),
    # longer than the service's token_days: refused (422), so no caller's own token changes
    ("POST", "/users/me/token"): Probe(everyone, body=lambda w: {"token_days": 3650}),
    ("GET", "/users/{name}"): Probe(manages_a),
    ("PATCH", "/users/{name}"): Probe(manages_a, body=lambda w: {"roles": []}),
    ("POST", "/users/{name}/token"): Probe(manages_a),
    ("DELETE", "/users/{name}/token"): Probe(manages_a),
    # the Camunda 7 REST API (docs/camunda7.md): the same rules; its refusal of incomplete input is a 400
    ("GET", "/engine-rest/version"): Probe(everyone),
    ("GET", "/engine-rest/deployment"): Probe(everyone),
    ("GET", "/engine-rest/deployment/{id}"): Probe(everyone),
    ("POST", "/engine-rest/deployment/create"): Probe(roles(Role.ONTWERPER), files=True),
    ("GET", "/engine-rest/process-definition"): Probe(everyone),
    ("GET", "/engine-rest/process-definition/{id}"): Probe(everyone),
    ("GET", "/engine-rest/process-definition/key/{key}"): Probe(everyone),
    # without a tenant a case starts in the caller's one gemeente, whichever that is
    ("POST", "/engine-rest/process-definition/{id}/start"): Probe(
        roles(*STAFF_OF_PROCESS), body=lambda w: {"businessKey": "SEC-P"}
    ),
    ("POST", "/engine-rest/process-definition/key/{key}/start"): Probe(
        roles(*STAFF_OF_PROCESS), body=lambda w: {"businessKey": "SEC-P"}
    ),
    ("POST", "/engine-rest/process-definition/key/{key}/tenant-id/{tenant_id}/start"): Probe(
        works_on_case, body=lambda w: {"businessKey": "SEC-P"}
    ),
    ("GET", "/engine-rest/process-instance/{id}"): Probe(reads_case, ("case",)),
    ("GET", "/engine-rest/task"): Probe(everyone),
    ("GET", "/engine-rest/task/{id}"): Probe(reads_case, ("task",)),
    ("GET", "/engine-rest/task/{id}/form-variables"): Probe(reads_case, ("task",)),
    ("POST", "/engine-rest/task/{id}/claim"): Probe(works_on_task, ("task",), user_id=True),
    ("POST", "/engine-rest/task/{id}/unclaim"): Probe(works_on_task, ("task",)),
    ("POST", "/engine-rest/task/{id}/complete"): Probe(
        works_on_task, ("task",), body=lambda w: {"variables": {}}
    ),
    ("GET", "/engine-rest/history/process-instance"): Probe(AUDIT),
    ("GET", "/engine-rest/history/activity-instance"): Probe(AUDIT),
    ("GET", "/engine-rest/history/task"): Probe(AUDIT),
}
"""Every route of the OpenAPI document; a new route fails the test until it is added here and to
docs/security.md."""

CONSOLE: dict[str, Probe] = {
    "/ui/werkvoorraad": Probe(everyone),
    "/ui/taken/{task_id}": Probe(reads_case, ("task",)),
    "/ui/zaken/{case_id}": Probe(reads_all_of_case, ("case",)),
    "/ui/klanten/{client_ref}/reis": Probe(reads_case, ("case",)),
    "/ui/regie": Probe(REPORTS),
    "/ui/regie/kpis": Probe(REPORTS),
    "/ui/regie/benchmark": Probe(REPORTS),
    "/ui/regie/uitkomsten": Probe(REPORTS),
    "/ui/regie/benchmark.csv": Probe(REPORTS),
    "/ui/audit": Probe(AUDIT),
    "/ui/audit/export.xes": Probe(AUDIT),
    "/ui/beheer": Probe(roles(Role.BEHEERDER)),
    "/ui/beheer/nieuw": Probe(roles(Role.BEHEERDER)),
    "/ui/beheer/gebruikers/{name}": Probe(manages_a),
    "/ui/processen": Probe(everyone),
    "/ui/processen/valideren": Probe(roles(Role.ONTWERPER)),
    "/ui/processen/{process_id}": Probe(everyone),
    "/ui/processen/{process_id}/bpmn": Probe(everyone),
    "/ui/processen/{process_id}/verschil": Probe(everyone),
    "/ui/pilots/{pilot_id}": Probe(REPORTS),
}
"""Every GET page of the console but signing in; the same rules as the API."""
CONSOLE_WITHOUT_SIGN_IN = {"/ui/", "/ui/login", "/ui/login/oidc", "/ui/login/oidc/callback"}

CONSOLE_ACTIONS: dict[str, Probe] = {
    "/ui/taken/{task_id}/oppakken": Probe(works_on_task, ("task",)),
    "/ui/taken/{task_id}/teruggeven": Probe(works_on_task, ("task",)),
    # the klant task's required fields left empty: the form comes back (422), nothing changes
    "/ui/taken/{task_id}": Probe(works_on_task, ("task",), body=lambda w: {}),
    "/ui/processen/valideren": Probe(roles(Role.ONTWERPER), files=True),
    "/ui/processen/publiceren": Probe(
        roles(Role.ONTWERPER), body=lambda w: {"bestandsnaam": "", "inhoud": ""}
    ),
    # a reason of blanks, a move to the same version, a pilot of the version in use, an ended pilot:
    # refused, nothing changes
    "/ui/processen/{process_id}/versies/{number}/{action}": Probe(
        roles(Role.ONTWERPER), body=lambda w: {"reden": " "}
    ),
    "/ui/processen/{process_id}/migreren": Probe(
        roles(Role.ONTWERPER), body=lambda w: {"van": "1", "naar": "1"}
    ),
    "/ui/processen/{process_id}/pilots": Probe(
        roles(Role.ONTWERPER), body=lambda w: {"versie": "1", "aandeel": "0.5", "gemeenten": w.gemeente}
    ),
    "/ui/processen/{process_id}/pilots/{pilot_id}/{action}": Probe(designs_for),
    "/ui/audit/zoeken": Probe(AUDIT, body=lambda w: {}),
    "/ui/audit/controleren": Probe(AUDIT),
    "/ui/audit/export": Probe(AUDIT, body=lambda w: {}),
    "/ui/beheer/nieuw": Probe(
        roles(Role.BEHEERDER), body=lambda w: {"name": "Geen Naam", "roles": "jobcoach"}
    ),
    "/ui/beheer/gebruikers/{name}/uitschakelen": Probe(manages_a),
    "/ui/beheer/gebruikers/{name}/inschakelen": Probe(manages_a),
    "/ui/beheer/gebruikers/{name}/token": Probe(manages_a),
    "/ui/beheer/gebruikers/{name}/token/intrekken": Probe(manages_a),
    "/ui/beheer/gebruikers/{name}/wachtwoord": Probe(manages_a, body=lambda w: {"password": ""}),
    "/ui/beheer/gebruikers/{name}/rollen": Probe(manages_a, body=lambda w: {"gemeenten": ""}),
}
"""Every form of the console that changes something (POST, with the sign-in's CSRF token): the same
rules as the API."""
CONSOLE_ACTIONS_OF_ONES_OWN = {"/ui/login", "/ui/uitloggen"}
"""Signing in and out, for oneself only (tests/api/test_console.py)."""


def _fill(path: str, w: World, target: str, c: Caller) -> str:
    values = {
        "case_id": target,
        "task_id": target,
        "process_id": w.process,
        "number": "1",
        "other": "1",
        "name": "onbekend_bericht" if "messages" in path else w.user,
        "id": target or (w.deployment if path.startswith("/engine-rest/deployment/") else w.definition),
        "key": w.process,
        "tenant_id": w.gemeente,
        "client_ref": w.secrets.get(target, ""),
        "pilot_id": w.pilot,
        "action": "terugzetten"
        if "/versies/" in path
        else "invoeren"
        if path.startswith("/ui/")
        else "promote",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m[1]], path)


def _targets(kind: str, w: World) -> tuple[str, ...]:
    return {"case": (w.case1, w.case2), "task": (w.task1, w.task2), "": ("",)}[kind]


def _check(w: World, c: Caller, label: str, allowed: bool, status: int, text: str, url: str) -> None:
    where = f"{c.role} ({c.scope}) {label}: {status}"
    assert status < 500, where
    assert status != 401, where
    if allowed:
        camunda = "/engine-rest/" in url and status == 400  # Camunda's API answers no 422
        assert 200 <= status < 300 or status in (409, 422) or camunda, where
    else:
        assert status in (403, 404), where
    # what the caller sent in the URL (an id, a client reference) is no leak when the answer repeats it
    hidden = {
        key for key in w.secrets if key not in w.readable(c) and key not in url and w.secrets[key] not in url
    }
    leaked = [key for key in hidden if key in text or w.secrets[key] in text]
    assert not leaked, f"{where} names {leaked}"


# -- the walks -------------------------------------------------------------------------------------


def _documented(client: TestClient) -> dict[tuple[str, str], bool]:
    """Every route of the OpenAPI document, and whether it needs a caller."""
    return {
        (method.upper(), path): "security" in operation
        for path, item in client.app.openapi()["paths"].items()
        for method, operation in item.items()
    }


def test_the_table_covers_every_route(client: TestClient) -> None:
    assert {route for route, secured in _documented(client).items() if secured} == set(API)
    pages = {"/ui" + route.path for route in _routes(console.router) if "GET" in route.methods}
    assert pages == set(CONSOLE) | CONSOLE_WITHOUT_SIGN_IN
    actions = {"/ui" + route.path for route in _routes(console.router) if "POST" in route.methods}
    assert actions == set(CONSOLE_ACTIONS) | CONSOLE_ACTIONS_OF_ONES_OWN
    assert not any(route.methods - {"GET", "HEAD", "POST"} for route in _routes(console.router))


def _routes(router: Any) -> Iterator[APIRoute]:
    """The routes of a router and of the routers it includes (paths without the prefixes)."""
    for route in router.routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included)
        elif isinstance(route, APIRoute):
            yield route


@pytest.mark.slow  # walks every route for every role
@pytest.mark.parametrize("role", list(Role))
def test_every_route_for_every_role_in_its_own_and_another_gemeente(
    client: TestClient, world: World, role: Role
) -> None:
    for scope in (OWN, OTHER):
        caller = world.callers[role, scope]
        for (method, path), probe in API.items():
            for target in _targets(probe.targets[0], world):
                url = _fill(path, world, target, caller)
                kwargs: dict[str, Any] = {"headers": caller.headers}
                if probe.body is not None:
                    kwargs["json"] = probe.body(world)
                if probe.user_id:
                    kwargs["json"] = {"userId": caller.name}
                if probe.files:
                    kwargs["files"] = [("files", ("kapot.bpmn", b"<geen bpmn"))]
                response = client.request(method, url, **kwargs)
                allowed = probe.expect(world, caller, target)
                _check(world, caller, f"{method} {url}", allowed, response.status_code, response.text, url)
        public = [route for route, secured in _documented(client).items() if not secured]
        for method, path in public:  # /health and the like: for anyone, naming no case
            response = client.request(method, path, headers=caller.headers)
            assert response.status_code in (200, 503), f"{method} {path}"
            _check(world, caller, f"{method} {path}", True, 200, response.text, path)
        if caller.assigned:  # give back the task the klant's probe claimed
            client.post(f"/tasks/{world.task1}/unclaim", headers=caller.headers)


def _console_probes(
    world: World, role: Role, table: dict[str, Probe]
) -> Iterator[tuple[Caller, Probe, str, str]]:
    """(caller, probe, target, url) for every line of a console table, in the caller's own and another
    gemeente."""
    for scope in (OWN, OTHER):
        caller = world.callers[role, scope]
        for path, probe in table.items():
            for target in _targets(probe.targets[0], world):
                yield caller, probe, target, _fill(path, world, target, caller)


@pytest.mark.slow  # walks every route for every role
@pytest.mark.parametrize("role", list(Role))
def test_every_console_page_for_every_role_in_its_own_and_another_gemeente(
    client: TestClient, world: World, role: Role
) -> None:
    for caller, probe, target, url in _console_probes(world, role, CONSOLE):
        response = client.get(
            url, params={"reden": "controle"}, headers=caller.cookie, follow_redirects=False
        )
        allowed = probe.expect(world, caller, target)
        _check(world, caller, f"GET {url}", allowed, response.status_code, response.text, url)


@pytest.mark.slow  # walks every route for every role
@pytest.mark.parametrize("role", list(Role))
def test_every_console_form_for_every_role_in_its_own_and_another_gemeente(
    client: TestClient, world: World, role: Role
) -> None:
    for caller, probe, target, url in _console_probes(world, role, CONSOLE_ACTIONS):
        kwargs: dict[str, Any] = {"headers": caller.cookie, "follow_redirects": False}
        if probe.body is not None:
            kwargs["data"] = probe.body(world)
        if probe.files:
            kwargs["files"] = [("bestand", ("kapot.bpmn", b"<geen bpmn"))]
        response = client.post(url, **kwargs)
        status = response.status_code
        if status == 303:  # done (or refused for its input), shown on the page it leads to
            assert not response.headers["location"].startswith("/ui/login"), url
            status = 200
        allowed = probe.expect(world, caller, target)
        _check(world, caller, f"POST {url}", allowed, status, response.text, url)
    klant = world.callers[role, OWN]
    if klant.assigned:  # give back the task the klant's probe claimed
        client.post(f"/tasks/{world.task1}/unclaim", headers=klant.headers)
