"""OpenID Connect against a real provider (tests/oidc_provider.py on a real uvicorn): bearer JWTs
beside the built-in tokens, and the console's sign-in by the authorization code flow with PKCE.

The app under test finds the provider by discovery, fetches its keys over HTTP and redeems codes at
its token endpoint, as it would with Keycloak.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from engine import users
from engine.config import OidcSettings
from engine.errors import Conflict
from engine.models import SignIn, User
from engine.oidc import InvalidToken, Provider
from engine.vocabulary import Role
from tests.conftest import Db
from tests.oidc_provider import AUDIENCE, CLIENT_ID, CLIENT_SECRET, IdentityProvider, b64url, running_provider
from tests.servers import free_port

PROCESS = "aanvraag_aanvullen_hersteltermijn"
IDP_NAME = "Test-IdP"


@pytest.fixture(scope="module")
def provider() -> Iterator[IdentityProvider]:
    with running_provider() as idp:
        yield idp


def _app(db: Db, **env: str) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(f"PROCESREGIE_OIDC_{name}", value)
        app = create_app(db.url)
    app.state.definitions = db.cache
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def oidc_client(db: Db, provider: IdentityProvider) -> Iterator[TestClient]:
    """The app with OpenID Connect on: keys by discovery, Keycloak's realm roles as roles claim."""
    yield from _app(
        db,
        ISSUER=provider.issuer,
        AUDIENCE=AUDIENCE,
        CLIENT_ID=CLIENT_ID,
        CLIENT_SECRET=CLIENT_SECRET,
        ROLES_CLAIM="realm_access.roles",
        NAME=IDP_NAME,
    )


@pytest.fixture
def person(provider: IdentityProvider, gemeente: str) -> dict[str, Any]:
    """The provider's user of this test: an inkomensconsulent of the test's gemeente."""
    name = f"j.jansen-{uuid.uuid4().hex[:8]}"
    provider.user = {
        "sub": f"sub-{name}",
        "preferred_username": name,
        "realm_access": {"roles": ["offline_access", "inkomensconsulent", "default-roles-gemeente"]},
        "gemeenten": [gemeente],
    }
    return provider.user


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- bearer JWTs ------------------------------------------------------------------------------------


def test_a_valid_jwt_works_and_is_scoped_to_its_gemeenten(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], gemeente: str, db: Db
) -> None:
    me = oidc_client.get("/me", headers=_bearer(provider.token()))
    assert me.status_code == 200, me.text
    assert me.json()["name"] == person["preferred_username"]
    assert me.json()["roles"] == ["inkomensconsulent"]  # offline_access and the like are ignored
    assert me.json()["gemeenten"] == [gemeente]
    case = {
        "process_id": PROCESS,
        "client_ref": "OIDC-1",
        "data": {"datum_aanvraag": "2026-11-02", "ontbrekende_gegevens": "loonstroken"},
    }
    started = oidc_client.post(
        "/cases", headers=_bearer(provider.token()), json=case | {"gemeente": gemeente}
    )
    assert started.status_code == 201, started.text
    case_id = started.json()["id"]
    elsewhere = oidc_client.post(
        "/cases", headers=_bearer(provider.token()), json=case | {"gemeente": "ander"}
    )
    assert elsewhere.status_code == 403, elsewhere.text
    history = oidc_client.get(f"/cases/{case_id}/history", headers=_bearer(provider.token(kid="ec-1")))
    assert history.status_code == 200, history.text  # ES256 too
    assert history.json()[0]["actor"] == person["preferred_username"]  # the audit trail names the person
    other = provider.token(preferred_username="p.pietersen", gemeenten=["ander"])
    assert oidc_client.get(f"/cases/{case_id}", headers=_bearer(other)).status_code == 404
    with db.tx() as session:
        row = session.scalar(select(User).where(User.name == person["preferred_username"]))
        assert row is not None
        assert (row.source, row.password_hash, row.token_expires_at) == ("oidc", None, None)


def test_built_in_tokens_go_on_working_beside_jwts(oidc_client: TestClient, staff: Any) -> None:
    werkcoach = staff("werkcoach")
    me = oidc_client.get("/me", headers=werkcoach.headers)
    assert me.status_code == 200 and me.json()["name"] == werkcoach.actor.name
    assert (
        oidc_client.get("/me", headers=_bearer("pr_onbekend")).json()["detail"] == "unknown or revoked token"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200), "token expired at"),
        (lambda p: p.token(nbf=int(time.time()) + 3600), "token not valid yet"),
        (lambda p: p.token(iss="https://elders.example/realms/x"), "wrong issuer 'https://elders.example"),
        (lambda p: p.token(aud="account"), "wrong audience 'account'; expected 'procesregie'"),
        (lambda p: p.token(exp=None), "the token has no 'exp' claim"),
        (lambda p: p.token_of_a_stranger(), "unknown key 'rsa-9'"),
        (lambda p: p.forged("none"), "algorithm 'none' is not accepted; use RS256 or ES256"),
        (lambda p: p.forged("HS256"), "algorithm 'HS256' is not accepted; use RS256 or ES256"),
        (lambda p: p.token()[:-8] + "AAAAAAAA", "the signature does not verify"),
        (lambda p: "eyJhbGciOi.bm9uc2Vuc2U.x", "not a JWT"),
        (lambda p: p.token().split(".")[0] + "." + b64url(b"[1]") + ".AAAA", "the signature does not verify"),
    ],
    ids=[
        "expired",
        "nbf",
        "issuer",
        "audience",
        "no-exp",
        "unknown-kid",
        "alg-none",
        "hs256",
        "signature",
        "junk",
        "no-object",
    ],
)
def test_a_bad_jwt_is_a_401_saying_what_is_wrong(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], make: Any, message: str
) -> None:
    response = oidc_client.get("/me", headers=_bearer(make(provider)))
    assert response.status_code == 401, response.text
    assert message in response.json()["detail"]
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_roles_come_from_the_claim_and_are_refreshed_at_each_use(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], gemeente: str
) -> None:
    auditor = provider.token(realm_access={"roles": ["auditor", "Werkcoach", "admin"]})
    assert oidc_client.get("/me", headers=_bearer(auditor)).json()["roles"] == ["auditor"]
    assert oidc_client.get("/audit/verify", headers=_bearer(auditor)).status_code == 200
    consulent = provider.token()
    assert oidc_client.get("/me", headers=_bearer(consulent)).json()["roles"] == ["inkomensconsulent"]
    assert oidc_client.get("/audit/verify", headers=_bearer(consulent)).status_code == 403
    # a beheerder without gemeenten would manage every gemeente's users: only ontwerper stays
    nowhere = provider.token(gemeenten=None, realm_access={"roles": ["beheerder", "ontwerper", "werkcoach"]})
    assert oidc_client.get("/me", headers=_bearer(nowhere)).json()["roles"] == ["ontwerper"]


def test_role_prefix_and_user_name_claims() -> None:
    settings = OidcSettings(
        issuer="https://login.example.nl/realms/gemeente",
        audience="procesregie",
        username_claim="email",
        roles_claim="resource_access.procesregie.roles",
        gemeenten_claim="attributes.gemeente",
        role_prefix="pr-",
    )
    claims = {
        "sub": "f1e2",
        "email": "J.Jansen@Gemeente.nl",
        "resource_access": {"procesregie": {"roles": ["pr-werkcoach", "werkcoach", "pr-onbekend"]}},
        "attributes": {"gemeente": " Utrecht "},
    }
    identity = Provider(settings).identity(claims)
    assert (identity.name, identity.roles, identity.gemeenten) == (
        "j.jansen@gemeente.nl",
        {Role.WERKCOACH},
        {"utrecht"},
    )
    assert Provider(settings).identity({"sub": "f1e2"}).name == "f1e2"  # no email: sub
    with pytest.raises(InvalidToken, match="no usable user name"):
        Provider(settings).identity({"sub": "Jan Jansen!"})


def test_a_user_disabled_in_procesregie_is_refused_with_a_valid_jwt(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], db: Db, staff: Any
) -> None:
    assert oidc_client.get("/me", headers=_bearer(provider.token())).status_code == 200
    with db.tx() as session:
        users.set_disabled(session, person["preferred_username"], True)
    refused = oidc_client.get("/me", headers=_bearer(provider.token()))
    assert refused.status_code == 401
    assert refused.json()["detail"] == f"user '{person['preferred_username']}' is disabled in procesregie"
    builtin = staff("werkcoach").actor.name  # a provider's user does not become a built-in user
    taken = oidc_client.get("/me", headers=_bearer(provider.token(preferred_username=builtin)))
    assert taken.status_code == 401
    assert taken.json()["detail"] == f"the name '{builtin}' belongs to a built-in user of procesregie"


def test_a_provider_user_gets_no_password_or_token_of_procesregie(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], db: Db
) -> None:
    assert oidc_client.get("/me", headers=_bearer(provider.token())).status_code == 200
    name = person["preferred_username"]
    with db.tx() as session, pytest.raises(Conflict, match="signs in through OpenID Connect"):
        users.set_password(session, name, "een lang wachtwoord")
    with db.tx() as session, pytest.raises(Conflict, match="signs in through OpenID Connect"):
        users.rotate_token(session, name)


def test_keys_from_a_jwks_file_read_again_when_it_changes(
    db: Db, provider: IdentityProvider, person: dict[str, Any], tmp_path: Path
) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(provider.jwks(["rsa-1"])))
    # an issuer nobody can reach: with a JWKS file the service needs no provider to check tokens
    issuer = "https://login.gemeente.example/realms/sociaal-domein"
    for client in _app(
        db, ISSUER=issuer, AUDIENCE=AUDIENCE, JWKS=str(jwks), ROLES_CLAIM="realm_access.roles"
    ):
        assert client.get("/me", headers=_bearer(provider.token(iss=issuer))).status_code == 200
        refused = client.get("/me", headers=_bearer(provider.token(kid="ec-1", iss=issuer)))
        assert refused.json()["detail"] == "unknown key 'ec-1': the provider's JWKS has no such kid"
        jwks.write_text(json.dumps(provider.jwks(["rsa-1", "ec-1"])))  # the key rotated in
        assert client.get("/me", headers=_bearer(provider.token(kid="ec-1", iss=issuer))).status_code == 200


def test_an_unreachable_provider_is_a_503_not_a_500(
    db: Db, provider: IdentityProvider, person: dict[str, Any]
) -> None:
    issuer = f"http://127.0.0.1:{free_port()}"
    for client in _app(db, ISSUER=issuer, AUDIENCE=AUDIENCE):
        response = client.get("/me", headers=_bearer(provider.token(iss=issuer)))
        assert response.status_code == 503, response.text
        assert "cannot be reached" in response.json()["detail"]
        assert response.headers["Retry-After"]


def test_oidc_settings_refuse_what_cannot_work(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must be an https URL"):
        OidcSettings(issuer="http://login.example.nl/realms/x", audience="procesregie")
    with pytest.raises(ValueError, match="PROCESREGIE_OIDC_AUDIENCE"):
        OidcSettings(issuer="https://login.example.nl/realms/x")
    with pytest.raises(ValueError, match="no such file"):
        OidcSettings(issuer="https://login.example.nl/realms/x", audience="a", jwks=str(tmp_path / "geen"))
    assert not OidcSettings().enabled


# -- the console: authorization code flow with PKCE --------------------------------------------------


def _at_provider(url: str) -> str:
    """The browser at the provider's authorize URL: where the provider sends it back."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        assert response.status == 302, response.read()
        return str(response.getheader("Location"))
    finally:
        connection.close()


def _local(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    assert parts.netloc == "testserver", url
    return f"{parts.path}?{parts.query}"


def test_the_login_page_offers_the_provider(oidc_client: TestClient, client: TestClient) -> None:
    page = oidc_client.get("/ui/login?volgende=/ui/regie")
    assert f"Aanmelden via {IDP_NAME}" in page.text
    assert 'href="/ui/login/oidc?volgende=/ui/regie"' in page.text
    assert "Aanmelden via" not in client.get("/ui/login").text  # OpenID Connect off
    assert client.get("/ui/login/oidc", follow_redirects=False).status_code == 404


def test_console_sign_in_round_trip_with_pkce(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], db: Db
) -> None:
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc?volgende=/ui/werkvoorraad", follow_redirects=False)
    assert start.status_code == 303
    authorize = urllib.parse.urlsplit(start.headers["Location"])
    query = dict(urllib.parse.parse_qsl(authorize.query))
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{provider.issuer}/authorize"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert (
        query["client_id"] == CLIENT_ID
        and query["redirect_uri"] == "http://testserver/ui/login/oidc/callback"
    )
    assert "HttpOnly" in start.headers["set-cookie"] and "SameSite=lax" in start.headers["set-cookie"]
    back = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    assert back.status_code == 303, back.text
    assert back.headers["Location"] == "/ui/werkvoorraad"
    session_cookie = [c for c in back.headers.get_list("set-cookie") if c.startswith("procesregie_sessie=")]
    assert session_cookie and "HttpOnly" in session_cookie[0] and "SameSite=lax" in session_cookie[0]
    assert provider.token_requests[-1]["code_verifier"]  # PKCE: the verifier went to the token endpoint
    page = oidc_client.get("/ui/werkvoorraad")
    assert page.status_code == 200
    assert person["preferred_username"] in page.text
    # CSRF as with a password: a form without the sign-in's token is refused
    assert oidc_client.post("/ui/uitloggen", follow_redirects=False).status_code == 403
    with db.tx() as session:
        user = session.scalar(select(User).where(User.name == person["preferred_username"]))
        assert user is not None and user.source == "oidc" and user.roles == ["inkomensconsulent"]
        assert session.scalar(select(SignIn).where(SignIn.user_id == user.id)) is not None
    oidc_client.cookies.clear()


def test_a_wrong_state_is_refused(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any]
) -> None:
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc", follow_redirects=False)
    back = urllib.parse.urlsplit(_at_provider(start.headers["Location"]))
    code = dict(urllib.parse.parse_qsl(back.query))["code"]
    refused = oidc_client.get(
        f"/ui/login/oidc/callback?code={code}&state=van-een-aanvaller", follow_redirects=False
    )
    assert refused.status_code == 400
    assert "verlopen of in een ander venster begonnen" in refused.text
    assert "procesregie_sessie" not in refused.headers.get("set-cookie", "")
    assert provider.codes.get(code) is not None  # the code was never sent to the provider
    oidc_client.cookies.clear()
    without_cookie = oidc_client.get(back.path + "?" + back.query, follow_redirects=False)
    assert without_cookie.status_code == 400


def test_a_wrong_code_verifier_is_refused_by_the_provider(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any]
) -> None:
    oidc_client.cookies.clear()
    first = oidc_client.get("/ui/login/oidc", follow_redirects=False)
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(_at_provider(first.headers["Location"])).query))[
        "code"
    ]
    # A second sign-in in the same browser: its state and verifier replace the first's, so the first
    # code comes back with the second's verifier, which does not match the first's challenge.
    second = oidc_client.get("/ui/login/oidc", follow_redirects=False)
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(second.headers["Location"]).query))["state"]
    refused = oidc_client.get(f"/ui/login/oidc/callback?code={code}&state={state}", follow_redirects=False)
    assert refused.status_code == 401
    assert (
        "weigerde de aanmelding: invalid_grant: code_verifier does not match the code_challenge"
        in refused.text
    )
    assert "procesregie_sessie" not in refused.headers.get("set-cookie", "")
    oidc_client.cookies.clear()


def test_a_provider_user_disabled_in_procesregie_cannot_sign_in_to_the_console(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], db: Db
) -> None:
    assert oidc_client.get("/me", headers=_bearer(provider.token())).status_code == 200
    with db.tx() as session:
        users.set_disabled(session, person["preferred_username"], True)
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc", follow_redirects=False)
    refused = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    assert refused.status_code == 403
    assert "is disabled in procesregie" in refused.text
    oidc_client.cookies.clear()


def test_an_account_without_a_role_of_procesregie_cannot_sign_in(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any]
) -> None:
    person["realm_access"] = {"roles": ["offline_access"]}
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc", follow_redirects=False)
    refused = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    assert refused.status_code == 403
    assert f"Uw account bij {IDP_NAME} geeft u geen rol in procesregie" in refused.text
    oidc_client.cookies.clear()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nonce": "een-andere-nonce"}, "the ID token&#39;s nonce is not the one this sign-in sent"),
        (
            {"aud": "een-andere-client"},
            "wrong audience &#39;een-andere-client&#39;; expected &#39;procesregie-console&#39;",
        ),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "token expired at"),
    ],
    ids=["nonce", "audience", "expired"],
)
def test_an_id_token_that_does_not_verify_signs_nobody_in(
    oidc_client: TestClient,
    provider: IdentityProvider,
    person: dict[str, Any],
    overrides: dict[str, Any],
    message: str,
) -> None:
    provider.id_token_overrides = overrides
    try:
        oidc_client.cookies.clear()
        start = oidc_client.get("/ui/login/oidc", follow_redirects=False)
        refused = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    finally:
        provider.id_token_overrides = {}
    assert refused.status_code == 401
    assert f"Het ID-token van {IDP_NAME} is niet geldig: " in refused.text
    assert message in refused.text
    assert "procesregie_sessie" not in refused.headers.get("set-cookie", "")
    oidc_client.cookies.clear()


def test_the_way_back_stays_inside_the_console(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any]
) -> None:
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc?volgende=https://elders.example/ui/", follow_redirects=False)
    back = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    assert back.status_code == 303
    assert back.headers["Location"] == "/ui/werkvoorraad"  # the start page of an inkomensconsulent
    oidc_client.cookies.clear()


def test_a_beheerder_sees_a_provider_user_but_changes_only_whether_they_are_disabled(
    oidc_client: TestClient, provider: IdentityProvider, person: dict[str, Any], gemeente: str
) -> None:
    name = person["preferred_username"]
    assert oidc_client.get("/me", headers=_bearer(provider.token())).status_code == 200
    beheerder = {"preferred_username": f"b.{name}", "realm_access": {"roles": ["beheerder"]}}
    provider.user = person | beheerder  # the beheerder of the same gemeente, also from the provider
    shown = oidc_client.get(f"/users/{name}", headers=_bearer(provider.token()))
    assert shown.status_code == 200 and shown.json()["source"] == "oidc"
    patched = oidc_client.patch(
        f"/users/{name}", headers=_bearer(provider.token()), json={"roles": ["werkcoach"]}
    )
    assert patched.status_code == 409
    assert patched.json()["detail"] == (
        f"user '{name}' signs in through OpenID Connect and gets roles and gemeenten from the provider"
    )
    assert oidc_client.patch(
        f"/users/{name}", headers=_bearer(provider.token()), json={"disabled": True}
    ).json()["disabled_at"]
    oidc_client.cookies.clear()
    start = oidc_client.get("/ui/login/oidc?volgende=/ui/beheer/gebruikers/" + name, follow_redirects=False)
    back = oidc_client.get(_local(_at_provider(start.headers["Location"])), follow_redirects=False)
    assert back.headers["Location"] == f"/ui/beheer/gebruikers/{name}"
    page = oidc_client.get(back.headers["Location"])
    assert page.status_code == 200
    assert "via OpenID Connect" in page.text
    assert "Nieuw token" not in page.text and "Wachtwoord instellen" not in page.text
    assert "Rollen, gemeenten en organisatie wijzigen" not in page.text
    assert f"{name} inschakelen" in page.text  # disabling and enabling work as for anyone
    oidc_client.cookies.clear()
