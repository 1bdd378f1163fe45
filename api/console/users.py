"""The beheerder's pages (/ui/beheer): users, their roles and gemeenten; adding a user (the bearer
token is shown once), a new token (shown once) and revoking it, disabling and enabling, setting a
password for the console.

A beheerder sees and manages the users who share a gemeente with them and the users without
gemeenten (ontwerpers, beheerders), and grants only gemeenten they have themselves
(engine.users' scoping functions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from engine import users
from engine.errors import Conflict, InvalidInput
from engine.models import User, utcnow
from engine.users import SignedIn
from engine.vocabulary import LANE_ROLES, SYSTEM_ROLES, Role

from ..deps import SessionDep, TransactionalRoute
from .web import UserManager, dutch_errors, redirect, render

router = APIRouter(route_class=TransactionalRoute)

SYSTEM_ROLE_ORDER = [r for r in Role if r in SYSTEM_ROLES]
DONE = {
    "uitgeschakeld": "is uitgeschakeld: het token en de aanmeldingen werken niet meer.",
    "ingeschakeld": "is weer ingeschakeld.",
    "wachtwoord": "heeft een nieuw wachtwoord; eerdere aanmeldingen in de console zijn beëindigd.",
    "rollen": "heeft de nieuwe rollen en gemeenten vanaf het volgende verzoek.",
    "ingetrokken": "heeft geen werkend token meer; de aanmelding in de console werkt nog.",
}


@router.get("/beheer")
def user_list(request: Request, session: SessionDep, signed: UserManager) -> Response:
    return render(
        request,
        "beheer.html",
        signed,
        title="Beheer",
        users=users.managed_users(session, signed.actor),
    )


@router.get("/beheer/nieuw")
def new_user_form(request: Request, session: SessionDep, signed: UserManager) -> Response:
    gemeenten = ", ".join(sorted(signed.actor.gemeenten)) if len(signed.actor.gemeenten) == 1 else ""
    return _new_user_form(request, signed, {"name": "", "roles": [], "gemeenten": gemeenten})


@router.post("/beheer/nieuw")
def add_user(
    request: Request,
    session: SessionDep,
    signed: UserManager,
    name: Annotated[str, Form(max_length=100)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
    gemeenten: Annotated[str, Form(max_length=2000)] = "",
    organisatie: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    entered = {"name": name, "roles": roles or [], "gemeenten": gemeenten, "organisatie": organisatie}
    try:
        with session.begin_nested():
            user, token = users.add_managed_user(
                session, signed.actor, name.strip().lower(), roles or [], _split(gemeenten), None, organisatie
            )
    except InvalidInput as err:
        return _new_user_form(request, signed, entered, dutch_errors(err.errors), 422)
    except Conflict:
        return _new_user_form(request, signed, entered, {"name": "deze naam is al in gebruik"}, 409)
    return _token_page(request, signed, user, token, added=True)


def _token_page(request: Request, signed: SignedIn, user: User, token: str, *, added: bool) -> Response:
    title = "Gebruiker toegevoegd" if added else f"Nieuw token voor {user.name}"
    response = render(request, "beheer_token.html", signed, title=title, user=user, token=token, added=added)
    response.headers["Cache-Control"] = "no-store"  # the token is shown this once, and kept nowhere
    return response


def _new_user_form(
    request: Request,
    signed: SignedIn,
    entered: Mapping[str, object],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "beheer_nieuw.html",
        signed,
        status_code=status_code,
        title="Gebruiker toevoegen",
        entered=entered,
        errors=errors or {},
        lane_roles=LANE_ROLES,
        system_roles=SYSTEM_ROLE_ORDER,
    )


@router.get("/beheer/gebruikers/{name}")
def user_page(
    request: Request, session: SessionDep, signed: UserManager, name: str, gedaan: str | None = None
) -> Response:
    return _user_page(request, session, signed, name, done=DONE.get(gedaan or ""))


@router.post("/beheer/gebruikers/{name}/uitschakelen")
def disable(request: Request, session: SessionDep, signed: UserManager, name: str) -> Response:
    return _set_disabled(request, session, signed, name, True)


@router.post("/beheer/gebruikers/{name}/inschakelen")
def enable(request: Request, session: SessionDep, signed: UserManager, name: str) -> Response:
    return _set_disabled(request, session, signed, name, False)


def _set_disabled(
    request: Request, session: SessionDep, signed: SignedIn, name: str, disabled: bool
) -> Response:
    try:
        with session.begin_nested():
            users.set_managed_disabled(session, signed.actor, name, disabled)
    except InvalidInput as err:
        return _user_page(request, session, signed, name, errors=dutch_errors(err.errors), status_code=422)
    return redirect(f"/ui/beheer/gebruikers/{name}?gedaan={'uitgeschakeld' if disabled else 'ingeschakeld'}")


@router.post("/beheer/gebruikers/{name}/token")
def new_token(request: Request, session: SessionDep, signed: UserManager, name: str) -> Response:
    user, token = users.rotate_managed_token(session, signed.actor, name)
    return _token_page(request, signed, user, token, added=False)


@router.post("/beheer/gebruikers/{name}/token/intrekken")
def revoke_token(request: Request, session: SessionDep, signed: UserManager, name: str) -> Response:
    users.revoke_managed_token(session, signed.actor, name)
    return redirect(f"/ui/beheer/gebruikers/{name}?gedaan=ingetrokken")


@router.post("/beheer/gebruikers/{name}/wachtwoord")
def set_password(
    request: Request,
    session: SessionDep,
    signed: UserManager,
    name: str,
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    users.managed_user(session, signed.actor, name)
    try:
        with session.begin_nested():
            users.set_password(session, name, password)
    except InvalidInput as err:
        return _user_page(request, session, signed, name, errors=dutch_errors(err.errors), status_code=422)
    return redirect(f"/ui/beheer/gebruikers/{name}?gedaan=wachtwoord")


@router.post("/beheer/gebruikers/{name}/rollen")
def set_roles(
    request: Request,
    session: SessionDep,
    signed: UserManager,
    name: str,
    roles: Annotated[list[str] | None, Form()] = None,
    gemeenten: Annotated[str, Form(max_length=2000)] = "",
    organisatie: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    try:
        with session.begin_nested():
            users.set_roles(session, signed.actor, name, roles or [], _split(gemeenten))
            users.set_organisation(session, signed.actor, name, organisatie or None)
    except InvalidInput as err:
        entered = {"roles": roles or [], "gemeenten": gemeenten, "organisatie": organisatie}
        return _user_page(
            request, session, signed, name, errors=dutch_errors(err.errors), entered=entered, status_code=422
        )
    return redirect(f"/ui/beheer/gebruikers/{name}?gedaan=rollen")


def _user_page(
    request: Request,
    session: SessionDep,
    signed: SignedIn,
    name: str,
    *,
    done: str | None = None,
    errors: dict[str, str] | None = None,
    entered: Mapping[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    user = users.managed_user(session, signed.actor, name)
    manager = signed.actor
    return render(
        request,
        "beheer_gebruiker.html",
        signed,
        status_code=status_code,
        title=f"Gebruiker {user.name}",
        user=user,
        done=done,
        errors=errors or {},
        entered=entered
        or {
            "roles": user.roles,
            "gemeenten": ", ".join(_own(manager.gemeenten, user)),
            "organisatie": user.organisatie or "",
        },
        others=sorted(set(user.gemeenten) - manager.gemeenten),
        is_self=user.name == manager.name,
        token_expired=user.token_expires_at is not None and user.token_expires_at <= utcnow(),
        lane_roles=LANE_ROLES,
        system_roles=SYSTEM_ROLE_ORDER,
    )


def _own(gemeenten: frozenset[str], user: User) -> list[str]:
    """The user's gemeenten that the beheerder has too: the ones they may change."""
    return [g for g in user.gemeenten if g in gemeenten]


def _split(text: str) -> list[str]:
    return [part.strip().lower() for part in text.split(",") if part.strip()]
