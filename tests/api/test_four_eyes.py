"""The four-eyes check at claim on each way in (issue #16): the REST API, the console and the Camunda 7
REST API share the engine's claim, and each refuses whoever decided the case a 403 naming the reason."""

from __future__ import annotations

from fastapi.testclient import TestClient

from engine.models import CaseTask
from tests.api.test_console import csrf, sign_in, with_password
from tests.engine.test_four_eyes import ONDERZOEK, START


def decided(client: TestClient, who) -> str:
    """A bijzondere bijstand of 2500 euro granted by ``who`` in Woerden (checked from 1000): the check."""
    case = client.post(
        "/cases",
        headers=who.headers,
        json={"process_id": "bijzondere_bijstand", "gemeente": "woerden", "client_ref": "K-4", "data": START},
    ).json()
    [task] = case["tasks"]
    besluit = {**ONDERZOEK, "besluit_bijzondere_bijstand": "om_niet", "toegekend_bedrag": 2500}
    done = client.post(f"/tasks/{task['id']}/complete", headers=who.headers, json={"data": besluit})
    assert done.status_code == 200, done.text
    [check] = done.json()["tasks"]
    assert check["name"] == "Besluit toetsen (vier ogen)"
    return str(check["id"])


def test_the_api_and_the_camunda_api_refuse_the_claim_naming_the_reason(db, client, staff) -> None:
    anne = staff("inkomensconsulent", "klantmanager", gemeenten=["woerden"])
    bert = staff("klantmanager", gemeenten=["woerden"])
    check = decided(client, anne)
    refused = client.post(f"/tasks/{check}/claim", headers=anne.headers)
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"vier ogen: 'Besluit toetsen (vier ogen)' checks 'Aanvraag onderzoeken en besluiten', which "
        f"{anne.actor.name} did; someone else must do it"
    )
    camunda = client.post(
        f"/engine-rest/task/{check}/claim", headers=anne.headers, json={"userId": anne.actor.name}
    )
    assert camunda.status_code == 403
    assert camunda.json()["type"] == "AuthorizationException" and "vier ogen" in camunda.json()["message"]
    with db.tx() as session:
        assert session.get(CaseTask, check).status == "ready"
    claimed = client.post(
        f"/engine-rest/task/{check}/claim", headers=bert.headers, json={"userId": bert.actor.name}
    )
    assert claimed.status_code == 204


def test_the_console_refuses_the_claim_naming_the_reason(db, client, staff) -> None:
    anne = with_password(db, staff("inkomensconsulent", "klantmanager", gemeenten=["woerden"]))
    check = decided(client, anne)
    with TestClient(client.app, raise_server_exceptions=False) as web:
        queue = sign_in(web, anne.actor.name)
        refused = web.post(f"/ui/taken/{check}/oppakken", data={"csrf_token": csrf(queue.text)})
    assert refused.status_code == 403
    assert "Vier ogen" in refused.text
    assert "controleert &#39;Aanvraag onderzoeken en besluiten&#39;, dat u in deze zaak deed" in refused.text
    with db.tx() as session:
        assert session.get(CaseTask, check).status == "ready"
