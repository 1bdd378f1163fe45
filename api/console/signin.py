"""Signing in and out of the console: user name and password, a signed HttpOnly cookie."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from engine import users

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
    request: Request, volgende: str | None, error: str | None = None, username: str = ""
) -> Response:
    # The sign-in form is protected against cross-site posting by a token that must match a cookie.
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        None,
        status_code=401 if error else 200,
        login_token=token,
        volgende=local_url(volgende, ""),
        error=error,
        username=username,
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
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/ui/login")
    return response


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
