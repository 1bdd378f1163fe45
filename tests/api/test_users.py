"""User management over HTTP: only a beheerder adds users, in their own gemeenten; the token is shown
once and works; the console's beheer pages and the API manage the same users."""

from __future__ import annotations


def test_beheerder_adds_a_user_whose_token_works(client, staff, gemeente):  # type: ignore[no-untyped-def]
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


def test_a_beheerder_sees_and_grants_only_their_own_gemeenten(client, staff, gemeente):  # type: ignore[no-untyped-def]
    admin, elsewhere = staff("beheerder"), staff("werkcoach", gemeenten=[f"elders-{gemeente}"])
    listed = {u["name"] for u in client.get("/users", headers=admin.headers).json()}
    assert admin.actor.name in listed and elsewhere.actor.name not in listed
    body = {"name": f"vreemd-{gemeente}", "roles": ["auditor"], "gemeenten": [f"elders-{gemeente}"]}
    response = client.post("/users", headers=admin.headers, json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["gemeenten"]


def test_a_beheerder_makes_no_beheerder_without_a_gemeente_and_no_user_outside_theirs(
    client, staff, gemeente
):  # type: ignore[no-untyped-def]
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
