"""Signing in and out of the console: user name and password, or the OpenID Connect provider
(authorization code flow with PKCE); either way a signed HttpOnly cookie."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine import oidc, users

from ..deps import SessionDep, TransactionalRoute
from .web import (
    LOGIN_CSRF_COOKIE,
    SIGN_IN_COOKIE,
    Anyone,
    local_url,
    read_sign_in_cookie,
    redirect,
    render,
    start_page,
)

router = APIRouter(route_class=TransactionalRoute)


@router.get("/")
def home(session: SessionDep, signed: Anyone) -> Response:
    return redirect(start_page(signed.actor))


@router.get("/login")
def login_page(request: Request, session: SessionDep, volgende: str | None = None) -> Response:
    return _login_form(request, volgende)


def _login_form(
    request: Request, volgende: str | None, error: str | None = None, username: str = "", status: int = 401
) -> Response:
    # The sign-in form is protected against cross-site posting by a token that must match a cookie.
    token = secrets.token_urlsafe(32)
    provider: oidc.Provider | None = request.app.state.oidc
    response = render(
        request,
        "login.html",
        None,
        status_code=status if error else 200,
        login_token=token,
        volgende=local_url(volgende, ""),
        error=error,
        username=username,
        provider_name=provider.settings.display_name if provider is not None and provider.console else None,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/ui/login"
    )
    return response


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    login_token: Annotated[str, Form(max_length=100)] = "",
    volgende: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, login_token):
        return _login_form(
            request, volgende, "Het aanmeldformulier was verlopen; probeer het opnieuw.", username
        )
    secret = users.sign_in(session, username.strip().lower(), password, request.app.state.sign_in_lifetime)
    if secret is None:
        return _login_form(request, volgende, "Onbekende gebruikersnaam of onjuist wachtwoord.", username)
    response = _signed_in(request, session, secret, volgende)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


def _signed_in(request: Request, session: SessionDep, secret: str, volgende: str) -> Response:
    """On to the page asked for, with the cookie of the sign-in ``secret``."""
    signed = users.signed_in(session, secret)
    assert signed is not None
    response = redirect(local_url(volgende, start_page(signed.actor)))
    response.set_cookie(
        SIGN_IN_COOKIE,
        request.app.state.cookie_signer.dumps(secret),
        max_age=int(request.app.state.sign_in_lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/ui",
    )
    return response


# -- OpenID Connect: authorization code flow with PKCE (ADR 20) -----------------------------------

OIDC_COOKIE = "procesregie_oidc"
OIDC_PATH = "/ui/login/oidc"
OIDC_SECONDS = 600  # the time a user has at the provider to sign in


def _provider(request: Request) -> oidc.Provider:
    provider: oidc.Provider | None = request.app.state.oidc
    if provider is None or not provider.console:
        raise StarletteHTTPException(404)
    return provider


def _oidc_signer(request: Request) -> URLSafeTimedSerializer:
    signer: URLSafeTimedSerializer = request.app.state.oidc_signer
    return signer


@router.get("/login/oidc")
def oidc_login(request: Request, session: SessionDep, volgende: str | None = None) -> Response:
    """Send the browser to the provider, keeping state, nonce and PKCE verifier in a signed cookie."""
    provider = _provider(request)
    flow = oidc.Authorization.new()
    try:
        url = provider.authorization_url(flow, str(request.url_for("oidc_callback")))
    except oidc.ProviderUnreachable as error:
        return _login_form(request, volgende, _unreachable(provider, error), status=503)
    response = RedirectResponse(url, status_code=303)
    kept = {"state": flow.state, "nonce": flow.nonce, "verifier": flow.code_verifier}
    response.set_cookie(
        OIDC_COOKIE,
        _oidc_signer(request).dumps(kept | {"volgende": local_url(volgende, "")}),
        max_age=OIDC_SECONDS,
        httponly=True,
        samesite="lax",  # the provider sends the browser back with a cross-site GET
        secure=_secure(request),
        path=OIDC_PATH,
    )
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
def oidc_callback(
    request: Request,
    session: SessionDep,
    code: Annotated[str, Query(max_length=2000)] = "",
    state: Annotated[str, Query(max_length=200)] = "",
    error: Annotated[str, Query(max_length=200)] = "",
    error_description: Annotated[str, Query(max_length=2000)] = "",
) -> Response:
    """The provider's return: the state checked against the cookie, the code redeemed with the PKCE
    verifier, the ID token verified (nonce included), then the same sign-in as with a password."""
    provider = _provider(request)
    name = provider.settings.display_name
    kept = _kept_flow(request)
    volgende = kept["volgende"] if kept else ""
    if kept is None or not state or not secrets.compare_digest(state, kept["state"]):
        message = (
            f"Het aanmelden via {name} is verlopen of in een ander venster begonnen; probeer het opnieuw."
        )
        return _oidc_failed(request, volgende, message, 400)
    if error or not code:
        message = (
            f"{name} meldde: {error or 'geen code'}{f' ({error_description})' if error_description else ''}."
        )
        return _oidc_failed(request, volgende, message, 401)
    flow = oidc.Authorization(kept["state"], kept["nonce"], kept["verifier"])
    try:
        identity = provider.redeem(code, flow, str(request.url_for("oidc_callback")))
        if not identity.roles:
            return _oidc_failed(
                request, volgende, f"Uw account bij {name} geeft u geen rol in procesregie.", 403
            )
        secret = users.sign_in_provider_user(session, identity, request.app.state.sign_in_lifetime)
    except oidc.ProviderRefused as refused:
        return _oidc_failed(request, volgende, f"{name} weigerde de aanmelding: {refused}.", 401)
    except oidc.InvalidToken as invalid:
        return _oidc_failed(request, volgende, f"Het ID-token van {name} is niet geldig: {invalid}.", 401)
    except users.IdentityRefused as refused:
        return _oidc_failed(request, volgende, f"Aanmelden geweigerd: {refused}.", 403)
    except oidc.ProviderUnreachable as unreachable:
        return _oidc_failed(request, volgende, _unreachable(provider, unreachable), 503)
    response = _signed_in(request, session, secret, volgende)
    response.delete_cookie(OIDC_COOKIE, path=OIDC_PATH)
    return response


def _kept_flow(request: Request) -> dict[str, str] | None:
    """What :func:`oidc_login` kept in its cookie, if the signature holds and it is recent."""
    value = request.cookies.get(OIDC_COOKIE)
    if not value:
        return None
    try:
        kept: Any = _oidc_signer(request).loads(value, max_age=OIDC_SECONDS)
    except BadSignature:
        return None
    fields = ("state", "nonce", "verifier", "volgende")
    if not isinstance(kept, dict) or not all(isinstance(kept.get(f), str) for f in fields):
        return None
    return {f: kept[f] for f in fields}


def _oidc_failed(request: Request, volgende: str, message: str, status: int) -> Response:
    response = _login_form(request, volgende, message, status=status)
    response.delete_cookie(OIDC_COOKIE, path=OIDC_PATH)
    return response


def _unreachable(provider: oidc.Provider, error: oidc.ProviderUnreachable) -> str:
    return (
        f"{provider.settings.display_name} is niet bereikbaar ({error}); probeer het over een minuut opnieuw."
    )


@router.post("/uitloggen")
def logout(request: Request, session: SessionDep, signed: Anyone) -> Response:
    secret = read_sign_in_cookie(request)
    if secret:
        users.sign_out(session, secret)
    response = redirect("/ui/login?uitgelogd=1")
    response.delete_cookie(SIGN_IN_COOKIE, path="/ui")
    return response


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"
