from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, status

from engine import users

from ..deps import ApiRoute, Beheerder, CurrentActor, SessionDep, shows_a_secret
from ..schemas.users import TokenRequest, UserCreate, UserRead, UserUpdate, UserWithToken

router = APIRouter(tags=["users"], route_class=ApiRoute)

NO_DAYS = TokenRequest()


@router.get("/me", response_model=UserRead, summary="The caller's roles, gemeenten and token expiry")
def me(session: SessionDep, actor: CurrentActor) -> UserRead:
    return UserRead.model_validate(users.get_user(session, actor.name))


@router.get(
    "/users",
    response_model=list[UserRead],
    summary="The users of your gemeenten and those without (beheerder)",
)
def list_users(session: SessionDep, actor: Beheerder) -> list[UserRead]:
    return [UserRead.model_validate(u) for u in users.managed_users(session, actor)]


@router.post(
    "/users",
    response_model=UserWithToken,
    status_code=status.HTTP_201_CREATED,
    summary="Add a user in your gemeenten (beheerder)",
)
@shows_a_secret
def add_user(session: SessionDep, actor: Beheerder, body: UserCreate) -> UserWithToken:
    user, token = users.add_managed_user(
        session, actor, body.name, body.roles, body.gemeenten, body.token_days, body.organisatie
    )
    return _with_token(user, token)


@router.post(
    "/users/me/token",
    response_model=UserWithToken,
    summary="A new bearer token for yourself; the one you used stops working",
)
@shows_a_secret
def rotate_own_token(
    session: SessionDep, actor: CurrentActor, body: Annotated[TokenRequest | None, Body()] = None
) -> UserWithToken:
    user, token = users.rotate_own_token(session, actor, (body or NO_DAYS).token_days)
    return _with_token(user, token)


@router.get("/users/{name}", response_model=UserRead, summary="A user of your gemeenten (beheerder)")
def get_user(session: SessionDep, actor: Beheerder, name: str) -> UserRead:
    return UserRead.model_validate(users.managed_user(session, actor, name))


@router.patch(
    "/users/{name}",
    response_model=UserRead,
    summary="Change a user's roles, gemeenten and organisation, disable or enable them (beheerder)",
)
def update_user(session: SessionDep, actor: Beheerder, name: str, body: UserUpdate) -> UserRead:
    user = users.managed_user(session, actor, name)
    if body.roles is not None or body.gemeenten is not None:
        roles = user.roles if body.roles is None else body.roles
        gemeenten = user.gemeenten if body.gemeenten is None else body.gemeenten
        users.set_roles(session, actor, name, list(roles), list(gemeenten))
    if body.disabled is not None:
        users.set_managed_disabled(session, actor, name, body.disabled)
    if "organisatie" in body.model_fields_set:
        users.set_organisation(session, actor, name, body.organisatie)
    return UserRead.model_validate(user)


@router.post(
    "/users/{name}/token",
    response_model=UserWithToken,
    summary="A new bearer token for a user of your gemeenten; the old one stops working (beheerder)",
)
@shows_a_secret
def rotate_token(
    session: SessionDep, actor: Beheerder, name: str, body: Annotated[TokenRequest | None, Body()] = None
) -> UserWithToken:
    user, token = users.rotate_managed_token(session, actor, name, (body or NO_DAYS).token_days)
    return _with_token(user, token)


@router.delete(
    "/users/{name}/token",
    response_model=UserRead,
    summary="Revoke a user's bearer token at once; their console sign-in goes on (beheerder)",
)
def revoke_token(session: SessionDep, actor: Beheerder, name: str) -> UserRead:
    return UserRead.model_validate(users.revoke_managed_token(session, actor, name))


def _with_token(user: object, token: str) -> UserWithToken:
    return UserWithToken(**UserRead.model_validate(user).model_dump(), token=token)
