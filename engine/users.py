"""Users, their roles and gemeenten, and bearer tokens (stored only as a hash)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .errors import Conflict, FieldError, InvalidInput, NotFound
from .models import User
from .vocabulary import ALL_ROLES, LANE_ROLES, Role

TOKEN_PREFIX = "pr_"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Actor:
    """Who performs an action: a user, or the engine itself (the timer worker)."""

    name: str
    roles: frozenset[str]
    gemeenten: frozenset[str]

    def serves(self, gemeente: str) -> bool:
        return gemeente in self.gemeenten

    @property
    def lane_roles(self) -> frozenset[str]:
        """The roles in which the actor works in the lanes of cases."""
        return self.roles & frozenset(LANE_ROLES)


def hash_token(token: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough (nothing to brute-force).
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(session: Session, name: str, roles: list[str], gemeenten: list[str]) -> tuple[User, str]:
    """Create a user; return it with its bearer token, which is shown only this once."""
    errors = []
    if not NAME.match(name):
        errors.append(FieldError("name", "use lowercase letters, digits, '.', '_' or '-'"))
    errors += [
        FieldError("roles", f"unknown role '{r}'; roles are {', '.join(ALL_ROLES)}")
        for r in roles
        if r not in ALL_ROLES
    ]
    if not roles:
        errors.append(FieldError("roles", "give at least one role"))
    if not gemeenten and not set(roles) <= {Role.ONTWERPER, Role.BEHEERDER}:
        errors.append(FieldError("gemeenten", "give at least one gemeente"))
    if errors:
        raise InvalidInput(errors)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Conflict(f"user '{name}' already exists")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user = User(
        name=name,
        token_hash=hash_token(token),
        roles=sorted(set(roles)),
        gemeenten=sorted({g.strip().lower() for g in gemeenten}),
    )
    session.add(user)
    session.flush()
    return user, token


def rotate_token(session: Session, name: str) -> str:
    """Issue a new token for a user; the old one stops working."""
    user = get_user(session, name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.token_hash = hash_token(token)
    return token


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound("user", name)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


_USERS = User.__table__
# Every request runs this: a Core statement built once, sent on the session's connection.
_BY_TOKEN = select(_USERS.c.name, _USERS.c.roles, _USERS.c.gemeenten).where(
    _USERS.c.token_hash == bindparam("token_hash")
)


def authenticate(session: Session, token: str) -> Actor | None:
    """The actor a bearer token belongs to, or None."""
    row = session.connection().execute(_BY_TOKEN, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    return Actor(row.name, frozenset(row.roles), frozenset(row.gemeenten))


def actor_of(user: User) -> Actor:
    return Actor(user.name, frozenset(user.roles), frozenset(user.gemeenten))
