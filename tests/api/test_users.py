"""User management over HTTP: only a beheerder adds users, in their own gemeenten; the token is shown
once and works; the console's beheer pages and the API manage the same users."""

from __future__ import annotations


def test_beheerder_adds_a_user_whose_token_works(client, staff, gemeente):
    admin, coach = staff("beheerder"), staff("werkcoach")
    body = {"name": f"nieuw-{gemeente}", "roles": ["jobcoach"], "gemeenten": [gemeente]}
    assert client.post("/users", headers=coach.headers, json=body).status_code == 403
    assert client.get("/users", headers=coach.headers).status_code == 403
    response = client.post("/users", headers=admin.headers, json=body)
    assert response.status_code == 201
    token = response.json()["token"]
    me = client.get("/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["name"], me["roles"], me["gemeenten"]) == (body["name"], ["jobcoach"], [gemeente])
    assert "token" not in client.get("/users", headers=admin.headers).json()[0]
    assert client.post("/users", headers=admin.headers, json=body).status_code == 409
    response = client.post(
        "/users", headers=admin.headers, json={"name": "Met Spatie", "roles": ["baas"], "gemeenten": []}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"name", "roles", "gemeenten"}


def test_a_beheerder_sees_and_grants_only_their_own_gemeenten(client, staff, gemeente):
    admin, elsewhere = staff("beheerder"), staff("werkcoach", gemeenten=[f"elders-{gemeente}"])
    listed = {u["name"] for u in client.get("/users", headers=admin.headers).json()}
    assert admin.actor.name in listed and elsewhere.actor.name not in listed
    body = {"name": f"vreemd-{gemeente}", "roles": ["auditor"], "gemeenten": [f"elders-{gemeente}"]}
    response = client.post("/users", headers=admin.headers, json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["gemeenten"]


def test_a_beheerder_makes_no_beheerder_without_a_gemeente_and_no_user_outside_theirs(
    client, staff, gemeente
):
    admin = staff("beheerder")
    shared = staff("werkcoach", gemeenten=[gemeente, f"elders-{gemeente}"])
    assert shared.actor.name not in {u["name"] for u in client.get("/users", headers=admin.headers).json()}
    for roles, message in ((["beheerder"], "a beheerder needs a gemeente"), (["ontwerper"], None)):
        body = {"name": f"zonder-{roles[0]}-{gemeente}", "roles": roles, "gemeenten": []}
        response = client.post("/users", headers=admin.headers, json=body)
        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert error["field"] == "gemeenten" and error["message"] == (
            message or "give at least one gemeente of yours"
        )
    body = {"name": f"beheer-{gemeente}", "roles": ["beheerder", "auditor"], "gemeenten": [gemeente]}
    assert client.post("/users", headers=admin.headers, json=body).status_code == 201


def test_a_beheerder_rotates_and_revokes_the_token_of_a_user_of_their_gemeente(client, staff, gemeente):
    admin, coach = staff("beheerder"), staff("werkcoach")
    other_admin = staff("beheerder", gemeenten=[f"elders-{gemeente}"])
    name = coach.actor.name
    for method in ("GET", "POST", "DELETE"):
        path = f"/users/{name}" if method == "GET" else f"/users/{name}/token"
        assert client.request(method, path, headers=other_admin.headers).status_code == 404
        assert client.request(method, path, headers=coach.headers).status_code == 403
    assert client.get("/me", headers=coach.headers).status_code == 200  # nothing changed

    rotated = client.post(f"/users/{name}/token", headers=admin.headers, json={"token_days": 7})
    assert rotated.status_code == 200, rotated.text
    assert rotated.headers["cache-control"] == "no-store"
    body = rotated.json()
    assert body["name"] == name and body["token"].startswith("pr_")
    assert client.get("/me", headers=coach.headers).status_code == 401  # the old token stopped
    fresh = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/me", headers=fresh).json()["token_expires_at"] == body["token_expires_at"]
    shown = client.get(f"/users/{name}", headers=admin.headers).json()
    assert "token" not in shown and shown["token_expires_at"] == body["token_expires_at"]

    revoked = client.delete(f"/users/{name}/token", headers=admin.headers)
    assert revoked.status_code == 200 and revoked.json()["token_expires_at"] is None
    refused = client.get("/me", headers=fresh)
    assert refused.status_code == 401 and refused.json() == {"detail": "unknown or revoked token"}

    too_long = client.post(f"/users/{name}/token", headers=admin.headers, json={"token_days": 3651})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "body.token_days"


def test_a_user_rotates_their_own_token_for_at_most_the_services_days(client, staff):
    coach = staff("werkcoach")
    refused = client.post("/users/me/token", headers=coach.headers, json={"token_days": 91})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "token_days", "message": "give a number of days from 1 to 90"}
    ]
    assert client.get("/me", headers=coach.headers).status_code == 200
    rotated = client.post("/users/me/token", headers=coach.headers)
    assert rotated.status_code == 200 and rotated.json()["name"] == coach.actor.name
    operation = client.get("/openapi.json").json()["paths"]["/users/me/token"]["post"]
    assert all(p["name"] != "Idempotency-Key" for p in operation.get("parameters", []))
    assert client.get("/me", headers=coach.headers).status_code == 401
    new = {"Authorization": f"Bearer {rotated.json()['token']}"}
    assert client.get("/me", headers=new).json()["name"] == coach.actor.name
    assert client.post("/users/me/token", headers=new, json={"token_days": 1}).status_code == 200
    assert client.post("/users/me/token").status_code == 401


def test_me_is_no_users_name(client, staff, gemeente):
    admin = staff("beheerder")
    response = client.post(
        "/users", headers=admin.headers, json={"name": "me", "roles": ["jobcoach"], "gemeenten": [gemeente]}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "name"


def test_a_beheerder_changes_roles_and_disables_in_one_request_or_not_at_all(client, staff, gemeente):
    admin, coach = staff("beheerder"), staff("werkcoach")
    name = coach.actor.name
    changed = client.patch(f"/users/{name}", headers=admin.headers, json={"roles": ["werkcoach", "jobcoach"]})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["roles"], changed.json()["gemeenten"]) == (["jobcoach", "werkcoach"], [gemeente])
    assert client.get("/me", headers=coach.headers).json()["roles"] == ["jobcoach", "werkcoach"]

    refused = client.patch(
        f"/users/{name}", headers=admin.headers, json={"gemeenten": [f"elders-{gemeente}"], "disabled": True}
    )
    assert refused.status_code == 422 and [e["field"] for e in refused.json()["errors"]] == ["gemeenten"]
    assert client.get("/me", headers=coach.headers).status_code == 200  # not disabled either

    disabled = client.patch(f"/users/{name}", headers=admin.headers, json={"disabled": True})
    assert disabled.status_code == 200 and disabled.json()["disabled_at"] is not None
    assert client.get("/me", headers=coach.headers).status_code == 401
    enabled = client.patch(f"/users/{name}", headers=admin.headers, json={"disabled": False})
    assert enabled.json()["disabled_at"] is None
    assert client.get("/me", headers=coach.headers).status_code == 200

    myself = client.patch(f"/users/{admin.actor.name}", headers=admin.headers, json={"disabled": True})
    assert myself.status_code == 422 and myself.json()["errors"][0]["field"] == "disabled"
    assert client.patch(f"/users/{name}", headers=coach.headers, json={"disabled": True}).status_code == 403
