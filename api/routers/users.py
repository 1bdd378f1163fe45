from __future__ import annotations

from fastapi import APIRouter, status

from engine import users

from ..deps import Beheerder, CurrentActor, SessionDep, ShortApiRoute
from ..schemas.users import UserCreate, UserCreated, UserRead

router = APIRouter(tags=["users"], route_class=ShortApiRoute)


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
    response_model=UserCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Add a user in your gemeenten (beheerder)",
)
def add_user(session: SessionDep, actor: Beheerder, body: UserCreate) -> UserCreated:
    user, token = users.add_managed_user(
        session, actor, body.name, body.roles, body.gemeenten, body.token_days
    )
    return UserCreated(**UserRead.model_validate(user).model_dump(), token=token)
