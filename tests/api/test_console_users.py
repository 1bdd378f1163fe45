"""The beheerder's pages /ui/beheer through a real ASGI client: add a user and see the token once,
disable and enable them, set their password; only users of the beheerder's gemeenten."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from engine import users
from engine.models import utcnow
from tests.api.test_console import PASSWORD, csrf, sign_in, with_password


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    """A browser of its own (its own cookies) on the shared app."""
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def _token(html: str) -> str:
    found = re.search(r'id="token" value="([^"]+)"', html)
    assert found, html
    return found[1]


def test_a_beheerder_adds_a_user_and_sees_the_token_once(db, client, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    name = f"anne-{uuid.uuid4().hex[:6]}"
    listing = sign_in(web, admin.actor.name)
    assert listing.url.path == "/ui/beheer" and "<h1>Beheer</h1>" in listing.text
    form = web.get("/ui/beheer/nieuw")
    added = web.post(
        "/ui/beheer/nieuw",
        data={
            "csrf_token": csrf(form.text),
            "name": name,
            "roles": ["werkcoach", "jobcoach"],
            "gemeenten": gemeente,
        },
    )
    assert added.status_code == 200 and "Kopieer het token nu." in added.text
    assert added.headers["cache-control"] == "no-store"
    token = _token(added.text)
    me = client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["roles"] == ["jobcoach", "werkcoach"]

    listing = web.get("/ui/beheer")
    assert f'href="/ui/beheer/gebruikers/{name}"' in listing.text and token not in listing.text
    assert token not in web.get(f"/ui/beheer/gebruikers/{name}").text

    again = web.post(
        "/ui/beheer/nieuw",
        data={"csrf_token": csrf(form.text), "name": name, "roles": ["werkcoach"], "gemeenten": gemeente},
    )
    assert again.status_code == 409 and 'id="name-fout">deze naam is al in gebruik<' in again.text


def test_a_beheerder_grants_only_their_own_gemeenten(db, client, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    page = sign_in(web, admin.actor.name)
    name = f"bert-{uuid.uuid4().hex[:6]}"
    refused = web.post(
        "/ui/beheer/nieuw",
        data={
            "csrf_token": csrf(page.text),
            "name": name,
            "roles": ["werkcoach"],
            "gemeenten": f"{gemeente}, elders",
        },
    )
    assert refused.status_code == 422
    assert 'id="gemeenten-fout">u beheert deze gemeente niet: elders<' in refused.text
    both = web.post(
        "/ui/beheer/nieuw",
        data={
            "csrf_token": csrf(page.text),
            "name": "met spatie",
            "roles": ["werkcoach"],
            "gemeenten": "elders",
        },
    )
    assert 'id="name-fout">gebruik kleine letters' in both.text and 'id="gemeenten-fout"' in both.text
    assert 'value="werkcoach" id="roles-werkcoach" checked' in refused.text  # what was entered is kept
    no_role = web.post(
        "/ui/beheer/nieuw", data={"csrf_token": csrf(page.text), "name": name, "gemeenten": gemeente}
    )
    assert 'id="roles-fout">kies minstens één rol<' in no_role.text and 'href="#roles"' in no_role.text
    with db.tx() as session:
        assert all(u.name != name for u in users.list_users(session))


def test_a_beheerder_sees_only_users_of_their_gemeenten(db, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    colleague, stranger = staff("werkcoach"), staff("werkcoach", gemeenten=["elders"])
    designer, everywhere = staff("ontwerper"), staff("ontwerper", gemeenten=[])
    shared = staff("werkcoach", gemeenten=[gemeente, "elders"])
    listing = sign_in(web, admin.actor.name)
    assert colleague.actor.name in listing.text and designer.actor.name in listing.text
    # a user who also serves another gemeente, or the whole deployment, is not this beheerder's
    for other in (stranger, everywhere, shared):
        assert other.actor.name not in listing.text
        assert web.get(f"/ui/beheer/gebruikers/{other.actor.name}").status_code == 404
    refused = web.post(
        f"/ui/beheer/gebruikers/{stranger.actor.name}/uitschakelen", data={"csrf_token": csrf(listing.text)}
    )
    assert refused.status_code == 404
    with db.tx() as session:
        assert users.get_user(session, stranger.actor.name).disabled_at is None


def test_disable_enable_and_reset_the_password(db, client, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    coach = with_password(db, staff("werkcoach"))
    name = coach.actor.name
    page = sign_in(web, admin.actor.name)
    token = csrf(page.text)

    disabled = web.post(f"/ui/beheer/gebruikers/{name}/uitschakelen", data={"csrf_token": token})
    assert disabled.url.path == f"/ui/beheer/gebruikers/{name}" and "is uitgeschakeld" in disabled.text
    assert client.get("/me", headers=coach.headers).status_code == 401
    enabled = web.post(f"/ui/beheer/gebruikers/{name}/inschakelen", data={"csrf_token": token})
    assert "is weer ingeschakeld" in enabled.text
    assert client.get("/me", headers=coach.headers).status_code == 200

    too_short = web.post(
        f"/ui/beheer/gebruikers/{name}/wachtwoord", data={"csrf_token": token, "password": "kort"}
    )
    assert too_short.status_code == 422
    assert 'id="password-fout">gebruik minstens 12 tekens<' in too_short.text
    with TestClient(client.app, raise_server_exceptions=False) as other:
        assert sign_in(other, name, PASSWORD).url.path == "/ui/werkvoorraad"  # the old password still works
        assert sign_in(other, name, "kort").status_code == 401

    new_password = "een nieuw lang wachtwoord"
    changed = web.post(
        f"/ui/beheer/gebruikers/{name}/wachtwoord", data={"csrf_token": token, "password": new_password}
    )
    assert (
        changed.url.path == f"/ui/beheer/gebruikers/{name}" and "heeft een nieuw wachtwoord" in changed.text
    )
    with TestClient(client.app, raise_server_exceptions=False) as other:
        assert sign_in(other, name, PASSWORD).status_code == 401
        assert sign_in(other, name, new_password).url.path == "/ui/werkvoorraad"


def test_a_beheerder_changes_roles_but_not_their_own_beheer(db, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    coach, shared = staff("werkcoach"), staff("werkcoach", gemeenten=[gemeente, "elders"])
    page = sign_in(web, admin.actor.name)
    token = csrf(page.text)
    changed = web.post(
        f"/ui/beheer/gebruikers/{coach.actor.name}/rollen",
        data={"csrf_token": token, "roles": ["jobcoach", "auditor"], "gemeenten": gemeente},
    )
    assert "heeft de nieuwe rollen en gemeenten" in changed.text
    with db.tx() as session:
        user = users.get_user(session, coach.actor.name)
        assert (user.roles, user.gemeenten) == (["auditor", "jobcoach"], [gemeente])
    refused = web.post(
        f"/ui/beheer/gebruikers/{shared.actor.name}/rollen",
        data={"csrf_token": token, "roles": ["auditor"], "gemeenten": gemeente},
    )
    assert refused.status_code == 404  # an auditor in 'elders' is not this beheerder's to make
    no_gemeente = web.post(
        f"/ui/beheer/gebruikers/{coach.actor.name}/rollen",
        data={"csrf_token": token, "roles": ["beheerder"], "gemeenten": ""},
    )
    assert no_gemeente.status_code == 422 and "een beheerder heeft een gemeente nodig" in no_gemeente.text

    own = web.post(
        f"/ui/beheer/gebruikers/{admin.actor.name}/rollen",
        data={"csrf_token": token, "roles": ["ontwerper"], "gemeenten": gemeente},
    )
    assert own.status_code == 422 and "u kunt uw eigen rol beheerder niet weghalen" in own.text
    more = web.post(
        f"/ui/beheer/gebruikers/{admin.actor.name}/rollen",
        data={"csrf_token": token, "roles": ["beheerder", "auditor"], "gemeenten": gemeente},
    )
    assert more.status_code == 422 and "een andere beheerder moet u een nieuwe rol geven" in more.text
    assert (
        web.post(
            f"/ui/beheer/gebruikers/{admin.actor.name}/uitschakelen", data={"csrf_token": token}
        ).status_code
        == 422
    )


def test_a_werkcoach_may_not_manage_users(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    response = web.get("/ui/beheer")
    assert response.status_code == 403 and "Geen toegang" in response.text
    assert web.get("/ui/beheer/nieuw").status_code == 403


def test_a_new_token_is_shown_once_and_a_revoked_one_stops(db, client, web, staff, gemeente) -> None:
    admin = with_password(db, staff("beheerder"))
    coach = staff("werkcoach")
    stranger = staff("werkcoach", gemeenten=[f"elders-{gemeente}"])
    name = coach.actor.name
    sign_in(web, admin.actor.name)
    page = web.get(f"/ui/beheer/gebruikers/{name}")
    assert "Nieuw token" in page.text and "Token intrekken" in page.text and "werkt tot" in page.text
    token = csrf(page.text)

    # without the form's CSRF token, or for a user of another gemeente: nothing changes
    assert web.post(f"/ui/beheer/gebruikers/{name}/token", data={}).status_code == 403
    assert web.post(f"/ui/beheer/gebruikers/{name}/token/intrekken", data={}).status_code == 403
    for action in ("token", "token/intrekken"):
        path = f"/ui/beheer/gebruikers/{stranger.actor.name}/{action}"
        assert web.post(path, data={"csrf_token": token}).status_code == 404
    assert client.get("/me", headers=coach.headers).status_code == 200
    assert client.get("/me", headers=stranger.headers).status_code == 200

    new = web.post(f"/ui/beheer/gebruikers/{name}/token", data={"csrf_token": token})
    assert new.status_code == 200 and "<h1>Nieuw token voor" in new.text
    assert "Kopieer het token nu." in new.text and new.headers["cache-control"] == "no-store"
    fresh = _token(new.text)
    assert client.get("/me", headers=coach.headers).status_code == 401  # the old one stopped
    assert client.get("/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    assert fresh not in web.get(f"/ui/beheer/gebruikers/{name}").text

    revoked = web.post(f"/ui/beheer/gebruikers/{name}/token/intrekken", data={"csrf_token": token})
    assert revoked.url.path == f"/ui/beheer/gebruikers/{name}"
    assert "heeft geen werkend token meer" in revoked.text and "Token intrekken" not in revoked.text
    assert '<span class="badge bad">ingetrokken</span> geen werkend token' in revoked.text
    assert client.get("/me", headers={"Authorization": f"Bearer {fresh}"}).status_code == 401

    web.post(f"/ui/beheer/gebruikers/{name}/token", data={"csrf_token": token})
    with db.tx() as session:  # the new token's time is up
        users.get_user(session, name).token_expires_at = utcnow() - dt.timedelta(days=1)
    expired = web.get(f"/ui/beheer/gebruikers/{name}")
    assert '<span class="badge bad">verlopen</span> op ' in expired.text
    assert "Token intrekken" not in expired.text and "Nieuw token" in expired.text
