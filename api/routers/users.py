from __future__ import annotations

from fastapi import APIRouter, status

from engine import users
from engine.errors import PermissionDenied

from ..deps import CurrentActor, SessionDep, ShortTransactionalRoute
from ..schemas.users import UserCreate, UserCreated, UserRead

router = APIRouter(tags=["users"], route_class=ShortTransactionalRoute)


@router.get("/me", response_model=UserRead, summary="The caller's roles and gemeenten")
def me(session: SessionDep, actor: CurrentActor) -> UserRead:
    return UserRead.model_validate(users.get_user(session, actor.name))


@router.get("/users", response_model=list[UserRead], summary="All users (beheerder)")
def list_users(session: SessionDep, actor: CurrentActor) -> list[UserRead]:
    if not actor.has_any("beheerder"):
        raise PermissionDenied("managing users needs the role beheerder")
    return [UserRead.model_validate(u) for u in users.list_users(session)]


@router.post(
    "/users",
    response_model=UserCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Add a user (beheerder)",
)
def add_user(session: SessionDep, actor: CurrentActor, body: UserCreate) -> UserCreated:
    if not actor.has_any("beheerder"):
        raise PermissionDenied("managing users needs the role beheerder")
    user, token = users.add_user(session, body.name, body.roles, body.gemeenten)
    return UserCreated(**UserRead.model_validate(user).model_dump(), token=token)
