"""Users, their roles and gemeenten, bearer tokens and console sign-ins (secrets stored only as hashes)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from .errors import Conflict, FieldError, InvalidInput, NotFound
from .models import SignIn, User, utcnow
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
    errors = _user_errors(name, roles, gemeenten)
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


def _user_errors(name: str, roles: list[str], gemeenten: list[str] | set[str]) -> list[FieldError]:
    """What is wrong with a user's name, roles and gemeenten."""
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
    return errors


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
    _USERS.c.token_hash == bindparam("token_hash"), _USERS.c.disabled_at.is_(None)
)


def authenticate(session: Session, token: str) -> Actor | None:
    """The actor a bearer token belongs to, or None (also for a disabled user)."""
    row = session.connection().execute(_BY_TOKEN, {"token_hash": hash_token(token)}).first()
    if row is None:
        return None
    return Actor(row.name, frozenset(row.roles), frozenset(row.gemeenten))


def actor_of(user: User) -> Actor:
    return Actor(user.name, frozenset(user.roles), frozenset(user.gemeenten))


# -- passwords and console sign-ins -------------------------------------------------------------

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()
# Verified against when the user is unknown, so an unknown name takes as long as a wrong password.
_UNKNOWN_USER_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    """A console sign-in: who, and the token every form of theirs must carry (CSRF)."""

    actor: Actor
    csrf_token: str


def set_password(session: Session, name: str, password: str) -> None:
    """Set the password a user signs in to the console with (argon2 hash); ends their sign-ins.

    Raises:
        NotFound: no such user.
        InvalidInput: the password is shorter than 12 characters.
    """
    user = get_user(session, name)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput([FieldError("password", f"use at least {MIN_PASSWORD_LENGTH} characters")])
    user.password_hash = _HASHER.hash(password)
    _end_sign_ins(session, user)


def sign_in(session: Session, name: str, password: str, lifetime: dt.timedelta) -> str | None:
    """Check a user's password; return the secret of a new sign-in, or None (wrong name or password,
    no password set, or a disabled user: the caller cannot tell which)."""
    user = session.scalar(select(User).where(User.name == name))
    stored = user.password_hash if user is not None else None
    try:
        _HASHER.verify(stored or _UNKNOWN_USER_HASH, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if user is None or stored is None or user.disabled_at is not None:
        return None
    if _HASHER.check_needs_rehash(stored):
        user.password_hash = _HASHER.hash(password)
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SignIn(
            id=hash_token(secret),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return secret


_BY_SIGN_IN = (
    select(_USERS.c.name, _USERS.c.roles, _USERS.c.gemeenten, SignIn.csrf_token)
    .join(SignIn, SignIn.user_id == _USERS.c.id)
    .where(
        SignIn.id == bindparam("sign_in"),
        SignIn.expires_at > bindparam("now"),
        _USERS.c.disabled_at.is_(None),
    )
)


def signed_in(session: Session, secret: str) -> SignedIn | None:
    """Who a console sign-in belongs to, or None when it is unknown, expired, signed out or disabled."""
    row = session.connection().execute(_BY_SIGN_IN, {"sign_in": hash_token(secret), "now": utcnow()}).first()
    if row is None:
        return None
    return SignedIn(Actor(row.name, frozenset(row.roles), frozenset(row.gemeenten)), row.csrf_token)


def sign_out(session: Session, secret: str) -> None:
    """End a console sign-in."""
    session.execute(delete(SignIn).where(SignIn.id == hash_token(secret)))


def set_disabled(session: Session, name: str, disabled: bool) -> User:
    """Disable a user (their token and sign-ins stop working at once) or enable them again."""
    user = get_user(session, name)
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        _end_sign_ins(session, user)
    return user


def _end_sign_ins(session: Session, user: User) -> None:
    session.execute(delete(SignIn).where(SignIn.user_id == user.id))


# -- a beheerder's scope ------------------------------------------------------------------------


def manages(manager: Actor, user: User) -> bool:
    """Whether a beheerder manages a user: every gemeente of the user is one of the beheerder's.

    A user who also serves a gemeente the beheerder does not serve is managed by a beheerder of
    all their gemeenten (or on the command line): a new password, a new role or disabling
    them would act in that other gemeente too. A user without gemeenten (an ontwerper of the
    whole deployment) is managed by a beheerder without gemeenten, made on the command line.
    """
    if not user.gemeenten:
        return not manager.gemeenten
    return set(user.gemeenten) <= manager.gemeenten


def managed_users(session: Session, manager: Actor) -> list[User]:
    """The users a beheerder sees and manages (:func:`manages`), by name."""
    return [user for user in list_users(session) if manages(manager, user)]


def managed_user(session: Session, manager: Actor, name: str) -> User:
    """A user the beheerder manages.

    Raises:
        NotFound: no such user, or one outside the beheerder's gemeenten.
    """
    user = get_user(session, name)
    if not manages(manager, user):
        raise NotFound("user", name)
    return user


def _granted(manager: Actor, roles: list[str], gemeenten: list[str] | set[str]) -> list[FieldError]:
    """What a beheerder may not grant: a gemeente they do not serve, no gemeente at all (when they
    serve some), or the role beheerder without a gemeente (docs/security.md)."""
    wanted = {g.strip().lower() for g in gemeenten if g.strip()}
    foreign = sorted(wanted - manager.gemeenten)
    if foreign:
        return [FieldError("gemeenten", f"not a gemeente of yours: {', '.join(foreign)}")]
    if not wanted and Role.BEHEERDER in roles:
        return [FieldError("gemeenten", "a beheerder needs a gemeente")]
    if not wanted and manager.gemeenten:
        return [FieldError("gemeenten", "give at least one gemeente of yours")]
    return []


def add_managed_user(
    session: Session, manager: Actor, name: str, roles: list[str], gemeenten: list[str]
) -> tuple[User, str]:
    """:func:`add_user` by a beheerder, who grants only gemeenten they have themselves, at least one
    when they have any, and the role beheerder only with a gemeente.

    Raises:
        InvalidInput: as :func:`add_user`, or a gemeente the beheerder does not have.
        Conflict: the name is taken.
    """
    errors = _user_errors(name, roles, gemeenten)
    errors += [e for e in _granted(manager, roles, gemeenten) if e not in errors]
    if errors:
        raise InvalidInput(errors)
    return add_user(session, name, roles, gemeenten)


def set_roles(session: Session, manager: Actor, name: str, roles: list[str], gemeenten: list[str]) -> User:
    """A beheerder changes the roles and gemeenten of a user they manage (:func:`manages`).
    Takes effect at the user's next request.

    A beheerder grants nobody a gemeente they do not serve, nor the role beheerder without a
    gemeente, and gives themselves no role or gemeente they do not have (docs/security.md).

    Raises:
        NotFound: a user the beheerder does not manage.
        InvalidInput: unknown or no roles, no gemeente left for a lane role, a gemeente the
            beheerder does not have, a role for themselves.
    """
    user = managed_user(session, manager, name)
    new = {g.strip().lower() for g in gemeenten if g.strip()}
    errors = _user_errors(user.name, roles, new)
    errors += [e for e in _granted(manager, roles, new) if e not in errors]
    if name == manager.name and Role.BEHEERDER not in roles:
        errors.append(FieldError("roles", "you cannot take away your own role beheerder"))
    if name == manager.name and not set(roles) <= manager.roles:
        errors.append(FieldError("roles", "another beheerder must give you a new role"))
    if errors:
        raise InvalidInput(errors)
    user.roles = sorted(set(roles))
    user.gemeenten = sorted(new)
    return user


def set_managed_disabled(session: Session, manager: Actor, name: str, disabled: bool) -> User:
    """:func:`set_disabled` by a beheerder, for a user they manage and never for themselves.

    Raises:
        NotFound: a user the beheerder does not manage.
        InvalidInput: the beheerder would disable themselves.
    """
    managed_user(session, manager, name)
    if disabled and name == manager.name:
        raise InvalidInput([FieldError("disabled", "you cannot disable yourself")])
    return set_disabled(session, name, disabled)
