"""The Camunda 7 REST API subset (/engine-rest), with requests shaped as Camunda Modeler sends them.

The Modeler's deployment code (camunda-modeler, client/src/plugins/camunda-plugin/shared/CamundaAPI.js)
checks the connection with GET /deployment?maxResults=0, deploys with a multipart form of
deployment-name, deployment-source "Camunda Modeler", enable-duplicate-filtering "true", an optional
tenant-id and the diagram as a part named after the file (type text/xml), sends "accept:
application/json" and either "Bearer <token>" or HTTP Basic, and starts an instance with POST
/process-definition/{id}/start {businessKey, variables}. It shows a deployment's problems when the
error's message begins with "ENGINE-09005 Could not parse BPMN process.".
"""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import pycamunda
import pycamunda.deployment
import pycamunda.processdef
import pycamunda.task
import pytest
import requests.auth
from sqlalchemy import select

from engine import users
from engine.models import AccessLog
from tests.api.test_oidc import oidc_client, person, provider  # noqa: F401  (fixtures)
from tests.conftest import Db, Staff
from tests.servers import cli, serving

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PASSWORD = "een-lang-wachtwoord"
ACCEPT = {"accept": "application/json"}


def basic(db: Db, user: Staff) -> dict[str, str]:
    """HTTP Basic headers for a user, after setting their password, as the Modeler sends them."""
    with db.tx() as session:
        users.set_password(session, user.actor.name, PASSWORD)
    credentials = base64.b64encode(f"{user.actor.name}:{PASSWORD}".encode()).decode()
    return {**ACCEPT, "authorization": f"Basic {credentials}"}


def model(process_id: str, note: str = "Notitie") -> bytes:
    """lus.bpmn as a designer's own process, with ``note`` as the label of a form field."""
    xml = (FIXTURES / "lus.bpmn").read_text().replace("voortgang_lus", process_id)
    return xml.replace('label="Notitie"', f'label="{note}"').encode()


def modeler_deploy(
    client: Any, headers: dict[str, str], name: str, xml: bytes, tenant: str | None = None
) -> Any:
    """POST /deployment/create as the Modeler's CamundaAPI.deployDiagram does."""
    fields = {
        "deployment-name": name,
        "deployment-source": "Camunda Modeler",
        "enable-duplicate-filtering": "true",
    }
    if tenant:
        fields["tenant-id"] = tenant
    return client.post(
        "/engine-rest/deployment/create",
        headers=headers,
        data=fields,
        files=[(f"{name}.bpmn", (f"{name}.bpmn", xml, "text/xml"))],
    )


def test_connection_check_with_a_token_or_a_password(client, db, staff):
    designer = staff("ontwerper")
    by_token = {**ACCEPT, "authorization": f"Bearer {designer.token}"}
    assert client.get("/engine-rest/deployment?maxResults=0", headers=by_token).json() == []
    assert client.get("/engine-rest/version", headers=basic(db, designer)).json() == {"version": "7.24.0"}

    missing = client.get("/engine-rest/deployment?maxResults=0", headers=ACCEPT)
    assert missing.status_code == 401
    assert missing.json()["type"] == "AuthenticationException"
    assert missing.headers["www-authenticate"].startswith('Basic realm="procesregie"')
    wrong = base64.b64encode(f"{designer.actor.name}:not-the-password".encode()).decode()
    refused = client.get("/engine-rest/version", headers={"authorization": f"Basic {wrong}"})
    assert refused.status_code == 401
    assert refused.json() == {
        "type": "AuthenticationException",
        "message": "unknown user name or wrong password",
    }


def test_deploy_from_the_modeler_makes_a_version_only_when_the_file_changed(client, db, staff, gemeente):
    designer, coach = staff("ontwerper"), staff("werkcoach")
    headers = basic(db, designer)
    key = f"modeler_{uuid.uuid4().hex[:8]}"
    first = modeler_deploy(client, headers, key, model(key), tenant=gemeente)
    assert first.status_code == 200, first.text
    deployment = first.json()
    assert (deployment["name"], deployment["source"], deployment["tenantId"]) == (
        key,
        "Camunda Modeler",
        gemeente,
    )
    [(definition_id, definition)] = deployment["deployedProcessDefinitions"].items()
    assert definition_id.startswith(f"{key}:1:") and definition["id"] == definition_id
    assert (definition["key"], definition["version"], definition["deploymentId"]) == (
        key,
        1,
        deployment["id"],
    )
    assert deployment["links"] == [
        {
            "method": "GET",
            "href": f"http://testserver/engine-rest/deployment/{deployment['id']}",
            "rel": "self",
        }
    ]
    assert client.get(deployment["links"][0]["href"], headers=headers).json()["name"] == key

    # Unchanged: the deployment that made the version, and no new definition (deploy-changed-only).
    again = client.post(
        "/engine-rest/deployment/create",
        headers=headers,
        data={"deployment-name": key, "deploy-changed-only": "true", "tenant-id": gemeente},
        files=[("data", (f"{key}.bpmn", model(key), "text/xml"))],
    )
    assert again.status_code == 200
    assert again.json()["id"] == deployment["id"] and again.json()["deployedProcessDefinitions"] is None
    changed = modeler_deploy(client, headers, key, model(key, note="Verslag"), tenant=gemeente)
    assert [d["version"] for d in changed.json()["deployedProcessDefinitions"].values()] == [2]

    listed = client.get(f"/engine-rest/process-definition?key={key}", headers=headers).json()
    assert [d["version"] for d in listed] == [1, 2]
    latest = client.get(
        f"/engine-rest/process-definition?key={key}&latestVersion=true", headers=headers
    ).json()
    assert [d["id"] for d in latest] == list(changed.json()["deployedProcessDefinitions"])
    assert (
        client.get(f"/engine-rest/process-definition/{definition_id}", headers=headers).json() == definition
    )
    assert client.get(f"/engine-rest/process-definition/key/{key}", headers=headers).json()["version"] == 2
    assert [d["name"] for d in client.get(f"/engine-rest/deployment?name={key}", headers=headers).json()] == [
        key,
        key,
    ]

    coach_headers = {**ACCEPT, "authorization": f"Bearer {coach.token}"}
    refused = modeler_deploy(client, coach_headers, key, model(key, note="Anders"))
    assert refused.status_code == 403
    assert refused.json() == {
        "type": "AuthorizationException",
        "message": "only an ontwerper may deploy processes",
    }
    other = modeler_deploy(client, headers, key, model(key, note="Anders"), tenant="een-andere-gemeente")
    assert other.status_code == 400 and other.json()["errors"][0]["field"] == "tenant-id"
    assert len(client.get(f"/engine-rest/process-definition?key={key}", headers=headers).json()) == 2


def test_a_refused_file_shows_the_modeler_each_error_with_line_and_column(client, db, staff):
    headers = basic(db, staff("ontwerper"))
    key = f"kapot_{uuid.uuid4().hex[:8]}"
    xml = model(key).decode().replace("${doorgaan}", "${doorgaan ===}")
    line = next(i for i, text in enumerate(xml.splitlines(), 1) if 'id="Flow_nog"' in text)
    response = modeler_deploy(client, headers, key, xml.encode())
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "ParseException"
    assert body["message"].startswith("ENGINE-09005 Could not parse BPMN process. Errors:")
    assert f"| resource {key}.bpmn | line {line} | column 5" in body["message"]
    [error] = body["details"][f"{key}.bpmn"]["errors"]
    assert (error["mainElementId"], error["elementIds"], error["line"], error["column"]) == (
        "Flow_nog",
        ["Flow_nog"],
        line,
        5,
    )
    assert error["message"].startswith("condition")
    assert body["details"][f"{key}.bpmn"]["warnings"] == []
    assert client.get(f"/engine-rest/process-definition?key={key}", headers=headers).json() == []

    form = client.post(
        "/engine-rest/deployment/create",
        headers=headers,
        data={"deployment-name": key},
        files=[("form", ("aanvraag.form", b"{}", "application/json"))],
    )
    assert form.status_code == 400
    assert form.json()["details"]["aanvraag.form"]["errors"][0]["message"].startswith("only BPMN files")


def test_start_work_and_complete_a_case_as_camunda_clients_do(client, db, staff, gemeente):
    coach = staff("werkcoach")
    headers = basic(db, coach)
    [definition] = client.get(
        "/engine-rest/process-definition?key=overdracht_test&latestVersion=true", headers=headers
    ).json()
    bad = client.post(
        f"/engine-rest/process-definition/{definition['id']}/start",
        headers=headers,
        json={"businessKey": "K-1", "variables": {"weken_plan": {"value": "twaalf", "type": "Long"}}},
    )
    assert bad.status_code == 400
    assert bad.json()["type"] == "InvalidRequestException"
    assert bad.json()["errors"] == [{"field": "variables.weken_plan", "message": "a Long needs a number"}]

    started = client.post(
        f"/engine-rest/process-definition/{definition['id']}/start",
        headers=headers,
        json={"businessKey": "K-1", "variables": {"weken_plan": {"value": 12, "type": "Long"}}},
    )
    assert started.status_code == 200, started.text
    instance = started.json()
    assert (instance["definitionId"], instance["businessKey"], instance["tenantId"]) == (
        definition["id"],
        "K-1",
        gemeente,
    )
    assert instance["ended"] is False and instance["suspended"] is False
    assert client.get(instance["links"][0]["href"], headers=headers).json()["id"] == instance["id"]

    queue = client.get(
        f"/engine-rest/task?candidateGroup=werkcoach&tenantIdIn={gemeente}&processInstanceId={instance['id']}",
        headers=headers,
    ).json()
    [task] = queue
    assert (task["name"], task["assignee"], task["processInstanceId"], task["tenantId"]) == (
        "Overdracht voorbereiden",
        None,
        instance["id"],
        gemeente,
    )
    assert (
        task["processDefinitionId"] == definition["id"] and task["taskDefinitionKey"] == "Task_voorbereiden"
    )
    assert [
        t["id"] for t in client.get(f"/engine-rest/task?tenantIdIn={gemeente}", headers=headers).json()
    ] == [task["id"]]
    form = client.get(f"/engine-rest/task/{task['id']}/form-variables", headers=headers).json()
    assert form["matchbaar"]["type"] == "Boolean"

    other = staff("werkcoach")
    assert (
        client.post(
            f"/engine-rest/task/{task['id']}/claim", headers=headers, json={"userId": other.actor.name}
        ).status_code
        == 403
    )
    claimed = client.post(
        f"/engine-rest/task/{task['id']}/claim", headers=headers, json={"userId": coach.actor.name}
    )
    assert claimed.status_code == 204 and claimed.content == b""
    mine = client.get(f"/engine-rest/task?assignee={coach.actor.name}", headers=headers).json()
    assert [t["id"] for t in mine] == [task["id"]] and mine[0]["assignee"] == coach.actor.name
    taken = client.post(
        f"/engine-rest/task/{task['id']}/claim",
        headers={"authorization": f"Bearer {other.token}"},
        json={"userId": other.actor.name},
    )
    assert taken.status_code == 409 and taken.json()["type"] == "TaskAlreadyClaimedException"
    assert client.post(f"/engine-rest/task/{task['id']}/unclaim", headers=headers).status_code == 204
    assert client.get(f"/engine-rest/task/{task['id']}", headers=headers).json()["assignee"] is None

    invalid = client.post(
        f"/engine-rest/task/{task['id']}/complete",
        headers=headers,
        json={"variables": {"matchbaar": {"value": "ja", "type": "String"}}},
    )
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["field"] == "matchbaar"
    done = client.post(
        f"/engine-rest/task/{task['id']}/complete",
        headers=headers,
        json={"variables": {"matchbaar": {"value": True, "type": "Boolean"}}, "withVariablesInReturn": True},
    )
    assert done.status_code == 200, done.text
    assert done.json()["matchbaar"] == {"value": True, "type": "Boolean", "valueInfo": {}}
    assert client.get(f"/engine-rest/task/{task['id']}", headers=headers).status_code == 404
    missing = client.get("/engine-rest/process-definition/overdracht_test:999:abc", headers=headers)
    assert missing.status_code == 404 and missing.json()["type"] == "InvalidRequestException"


def test_start_by_key_in_a_gemeente_and_history_for_the_auditor(client, db, staff, gemeente):
    coach = staff("werkcoach", gemeenten=[gemeente, f"{gemeente}-b"])
    headers = {**ACCEPT, "authorization": f"Bearer {coach.token}"}
    body = {"businessKey": "K-2", "variables": {"weken_plan": {"value": 8, "type": "Integer"}}}
    ambiguous = client.post(
        "/engine-rest/process-definition/key/overdracht_test/start", headers=headers, json=body
    )
    assert ambiguous.status_code == 400 and ambiguous.json()["errors"][0]["field"] == "tenant-id"
    started = client.post(
        f"/engine-rest/process-definition/key/overdracht_test/tenant-id/{gemeente}/start",
        headers=headers,
        json=body,
    )
    assert started.status_code == 200, started.text
    case_id = started.json()["id"]
    elsewhere = client.post(
        "/engine-rest/process-definition/key/overdracht_test/tenant-id/een-andere-gemeente/start",
        headers=headers,
        json=body,
    )
    assert elsewhere.status_code == 403 and elsewhere.json()["type"] == "AuthorizationException"

    auditor, outsider = staff("auditor"), staff("auditor", gemeenten=["een-andere-gemeente"])
    auditor_headers = {"authorization": f"Bearer {auditor.token}"}
    assert client.get("/engine-rest/history/process-instance", headers=headers).status_code == 403
    [instance] = client.get(
        f"/engine-rest/history/process-instance?processInstanceId={case_id}", headers=auditor_headers
    ).json()
    assert (instance["businessKey"], instance["state"], instance["tenantId"], instance["startUserId"]) == (
        "K-2",
        "ACTIVE",
        gemeente,
        coach.actor.name,
    )
    [activity] = client.get(
        f"/engine-rest/history/activity-instance?processInstanceId={case_id}", headers=auditor_headers
    ).json()
    assert (activity["activityId"], activity["activityType"], activity["endTime"]) == (
        "Task_voorbereiden",
        "userTask",
        None,
    )
    [task] = client.get(
        f"/engine-rest/history/task?processInstanceId={case_id}&unfinished=true", headers=auditor_headers
    ).json()
    assert task["deleteReason"] is None and task["taskDefinitionKey"] == "Task_voorbereiden"
    assert (
        client.get(
            f"/engine-rest/history/task?processInstanceId={case_id}&finished=true", headers=auditor_headers
        ).json()
        == []
    )
    both = f"/engine-rest/history/task?processInstanceId={case_id}&finished=true&unfinished=true"
    assert client.get(both, headers=auditor_headers).json() == []
    outsider_headers = {"authorization": f"Bearer {outsider.token}"}
    assert (
        client.get(
            f"/engine-rest/history/process-instance?processInstanceId={case_id}", headers=outsider_headers
        ).json()
        == []
    )
    with db.tx() as session:
        reads = session.scalars(
            select(AccessLog.actor).where(AccessLog.case_id == case_id, AccessLog.action == "history")
        )
        assert set(reads) == {auditor.actor.name}


@pytest.mark.slow  # starts `procesregie serve`
def test_pycamunda_deploys_starts_and_completes_against_a_real_server(db, tmp_path, gemeente):
    name = f"py-{gemeente}"
    cli(db.url, "user", "add", name, "--role", "ontwerper", "--role", "werkcoach", "--gemeente", gemeente)
    cli(db.url, "user", "password", name, stdin=f"{PASSWORD}\n")
    key = f"pycamunda_{uuid.uuid4().hex[:8]}"
    path = tmp_path / f"{key}.bpmn"
    path.write_bytes(model(key))
    auth = requests.auth.HTTPBasicAuth(name, PASSWORD)

    def call(request: Any) -> Any:
        request.auth = auth
        return request()

    with serving(db.url, 1, tmp_path / "serve.log", "--no-timers") as (port, _pid):
        url = f"http://127.0.0.1:{port}/engine-rest"
        create = pycamunda.deployment.Create(url, name=key, source="pycamunda", tenant_id=gemeente)
        with path.open("rb") as file:
            create.add_resource(file)
            deployment = call(create)
        [definition] = deployment.deployed_process_definitions.values()
        assert (definition.key, definition.version, deployment.tenant_id) == (key, 1, gemeente)
        again = pycamunda.deployment.Create(url, name=key, deploy_changed_only=True)
        with path.open("rb") as file:
            again.add_resource(file)
            assert call(again).deployed_process_definitions is None

        start = pycamunda.processdef.StartInstance(url, key=key, tenant_id=gemeente, business_key="PY-1")
        instance = call(start)
        assert (instance.definition_id, instance.business_key, instance.tenant_id) == (
            definition.id_,
            "PY-1",
            gemeente,
        )
        [task] = call(
            pycamunda.task.GetList(url, process_instance_id=instance.id_, candidate_group="werkcoach")
        )
        assert (task.name, task.process_definition_id) == ("Voortgangsgesprek voeren", definition.id_)
        call(pycamunda.task.Claim(url, id_=task.id_, user_id=name))
        assert [t.assignee for t in call(pycamunda.task.GetList(url, assignee=name))] == [name]

        wrong = pycamunda.task.Complete(url, id_=task.id_)
        wrong.add_variable("doorgaan", "ja", "String")
        with pytest.raises(pycamunda.BadRequest, match="doorgaan"):
            call(wrong)
        complete = pycamunda.task.Complete(url, id_=task.id_)
        complete.add_variable("doorgaan", False, "Boolean")
        complete.add_variable("notitie", "Werk gevonden", "String")
        call(complete)
        assert not call(pycamunda.task.GetList(url, process_instance_id=instance.id_))
        with pytest.raises(pycamunda.NotFound):
            call(pycamunda.processdef.Get(url, id_=f"{key}:9:0000"))
        unauthorized = pycamunda.processdef.GetList(url, key=key)
        unauthorized.auth = requests.auth.HTTPBasicAuth(name, "verkeerd-wachtwoord")
        with pytest.raises(pycamunda.Unauthorized):
            unauthorized()


def test_the_provider_s_jwt_works_as_bearer_token(oidc_client, provider, person, gemeente):  # noqa: F811
    """With OpenID Connect on, the provider's access token signs a Camunda 7 client in, as on the JSON API."""
    headers = {"authorization": f"Bearer {provider.token()}"}
    started = oidc_client.post(
        "/engine-rest/process-definition/key/aanvraag_aanvullen_hersteltermijn/start",
        headers=headers,
        json={
            "businessKey": "OIDC-C7",
            "variables": {
                "datum_aanvraag": {"value": "2026-11-02T00:00:00.000+0100", "type": "Date"},
                "ontbrekende_gegevens": {"value": "loonstroken", "type": "String"},
            },
        },
    )
    assert started.status_code == 200, started.text
    assert started.json()["tenantId"] == gemeente
    tasks = oidc_client.get(f"/engine-rest/task?processInstanceId={started.json()['id']}", headers=headers)
    assert [t["candidateGroups"] for t in tasks.json()] == [["inkomensconsulent"]]
