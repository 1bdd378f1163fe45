"""Users, their roles and gemeenten, bearer tokens and console sign-ins (secrets stored only as hashes).

A bearer token is stored as HMAC-SHA256 under the token key, a key derived from the installation's
key (ADR 17): a copy of the users table alone does not tell whether a token is valid. A token
expires (`token_days`, 90 by default) and can be revoked without disabling the user.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .config import get_settings
from .errors import Conflict, EngineError, FieldError, InvalidInput, NotFound
from .models import SignIn, User, utcnow
from .oidc import Identity
from .vocabulary import ALL_ROLES, LANE_ROLES, Organisatie, Role, UserSource

TOKEN_PREFIX = "pr_"
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
SELF = "me"
"""Not a user's name: the API's /users/me is the caller."""


@dataclass(frozen=True)
class Actor:
    """Who performs an action: a user, or the engine itself (the timer worker)."""

    name: str
    roles: frozenset[str]
    gemeenten: frozenset[str]

    def serves(self, gemeente: str) -> bool:
        return gemeente in self.gemeenten

    @property
    def acts_for(self) -> frozenset[str] | None:
        """The gemeenten whose work the actor may change (a pilot, say): those they serve; None for a
        user of the whole deployment, who serves none (an ontwerper made on the command line)."""
        return self.gemeenten or None

    @property
    def lane_roles(self) -> frozenset[str]:
        """The roles in which the actor works in the lanes of cases."""
        return self.roles & frozenset(LANE_ROLES)


MAX_TOKEN_DAYS = 3650
# Derives the token key from the installation's key (settings.bsn_key). The spaces keep it apart from
# every other message that key signs: BSNs are digits, user names (pseudonyms) have no spaces.
TOKEN_KEY_PURPOSE = b"procesregie bearer tokens v1"
# A token hash from before migration 0010: unsalted SHA-256, base64url; re-stored as HMAC on first use.
LEGACY_PREFIX = "sha256:"
# What a revoked token's hash becomes: no token hashes to it (HMAC hashes are hex, without a colon).
REVOKED_PREFIX = "revoked:"


class TokenExpired(EngineError):
    """A bearer token that was valid until ``expired_at``."""

    def __init__(self, name: str, expired_at: dt.datetime) -> None:
        super().__init__(f"token expired on {expired_at:%Y-%m-%d %H:%M} UTC; ask for a new one")
        self.name = name
        self.expired_at = expired_at


def hash_token(secret: str) -> str:
    """SHA-256 of a console sign-in's secret (256 random bits, living 8 hours: nothing to brute-force)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@functools.lru_cache(maxsize=4)
def _token_key(installation_key: str) -> bytes:
    return hmac.new(installation_key.encode(), TOKEN_KEY_PURPOSE, hashlib.sha256).digest()


def token_digest(token: str) -> str:
    """What the users table stores of a bearer token: HMAC-SHA256 under the token key, hex."""
    return hmac.new(_token_key(get_settings().bsn_key), token.encode(), hashlib.sha256).hexdigest()


def legacy_digest(token: str) -> str:
    """How a token stored before migration 0010 looks in the users table."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(token.encode()).digest()).rstrip(b"=").decode()
    return LEGACY_PREFIX + digest


def _days_errors(days: int | None) -> list[FieldError]:
    if days is None or 1 <= days <= MAX_TOKEN_DAYS:
        return []
    return [FieldError("token_days", f"give a number of days from 1 to {MAX_TOKEN_DAYS}")]


def _new_token(user: User, days: int | None) -> str:
    """Give a user a new bearer token, working ``days`` (settings.token_days when None); return it."""
    errors = _days_errors(days)
    if errors:
        raise InvalidInput(errors)
    days = get_settings().token_days if days is None else days
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.token_hash = token_digest(token)
    user.token_expires_at = utcnow() + dt.timedelta(days=days)
    return token


def add_user(
    session: Session,
    name: str,
    roles: list[str],
    gemeenten: list[str],
    token_days: int | None = None,
    organisatie: str | None = None,
) -> tuple[User, str]:
    """Create a user; return it with its bearer token, which is shown only this once and works
    ``token_days`` (settings.token_days when None). ``organisatie`` is the organisation that
    employs them (:class:`~engine.vocabulary.Organisatie`), if known."""
    errors = (
        _user_errors(name, roles, gemeenten) + _days_errors(token_days) + _organisation_errors(organisatie)
    )
    if errors:
        raise InvalidInput(errors)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise Conflict(f"user '{name}' already exists")
    user = User(
        name=name,
        roles=sorted(set(roles)),
        gemeenten=sorted({g.strip().lower() for g in gemeenten}),
        organisatie=organisatie or None,
    )
    token = _new_token(user, token_days)
    session.add(user)
    session.flush()
    return user, token


def _organisation_errors(organisatie: str | None) -> list[FieldError]:
    if organisatie and organisatie not in set(Organisatie):
        return [FieldError("organisatie", f"must be one of: {', '.join(sorted(Organisatie))}")]
    return []


def set_organisation(session: Session, manager: Actor, name: str, organisatie: str | None) -> User:
    """A beheerder records the organisation that employs a user they manage; None: not recorded.

    Raises:
        NotFound: a user the beheerder does not manage.
        InvalidInput: not one of the organisations of :class:`~engine.vocabulary.Organisatie`.
    """
    user = managed_user(session, manager, name)
    errors = _organisation_errors(organisatie)
    if errors:
        raise InvalidInput(errors)
    user.organisatie = organisatie or None
    return user


def _user_errors(name: str, roles: list[str], gemeenten: list[str] | set[str]) -> list[FieldError]:
    """What is wrong with a user's name, roles and gemeenten."""
    errors = []
    if not NAME.match(name):
        errors.append(FieldError("name", "use lowercase letters, digits, '.', '_' or '-'"))
    elif name == SELF:
        errors.append(FieldError("name", f"'{SELF}' names the caller in /users/{SELF}; choose another name"))
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


def rotate_token(session: Session, name: str, token_days: int | None = None) -> tuple[User, str]:
    """Issue a new token for a user, working ``token_days``; the old one stops working.

    Raises:
        NotFound: no such user.
        InvalidInput: days outside 1 to 3650.
    """
    user = _builtin(get_user(session, name), "has no bearer token of procesregie; the provider issues it")
    return user, _new_token(user, token_days)


def revoke_token(session: Session, name: str) -> User:
    """Revoke a user's bearer token at once; their console sign-in goes on working.

    Raises:
        NotFound: no such user.
    """
    user = get_user(session, name)
    user.token_hash = REVOKED_PREFIX + secrets.token_hex(16)
    user.token_expires_at = None
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound("user", name)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


_USERS = User.__table__
# Every request runs this: a Core statement built once, sent on the session's connection; one lookup
# in the unique index of token_hash (a second one, for the hash from before migration 0010, only
# when the first finds nothing).
_BY_TOKEN = select(
    _USERS.c.id,
    _USERS.c.name,
    _USERS.c.roles,
    _USERS.c.gemeenten,
    _USERS.c.token_expires_at,
).where(
    _USERS.c.token_hash == bindparam("token_hash"),
    _USERS.c.disabled_at.is_(None),
)
_RESTORE = (
    update(User)
    .where(User.id == bindparam("user_id"), User.token_hash == bindparam("legacy"))
    .values(token_hash=bindparam("digest"))
)


def authenticate(session: Session, token: str) -> Actor | None:
    """The actor a bearer token belongs to, or None (unknown, revoked, or a disabled user).

    A token stored as unsalted SHA-256 (before migration 0010) is re-stored as HMAC at its first use.

    Raises:
        TokenExpired: the token was valid, but its time is up.
    """
    found = token_holder(session, token)
    return None if found is None else found[0]


def token_holder(session: Session, token: str) -> tuple[Actor, dt.datetime] | None:
    """:func:`authenticate`, with the moment the token expires (what an identity cache keeps it to)."""
    digest = token_digest(token)
    connection = session.connection()
    row = connection.execute(_BY_TOKEN, {"token_hash": digest}).first()
    legacy = None
    if row is None:
        legacy = legacy_digest(token)
        row = connection.execute(_BY_TOKEN, {"token_hash": legacy}).first()
    if row is None or row.token_expires_at is None:
        return None
    if row.token_expires_at <= utcnow():
        raise TokenExpired(row.name, row.token_expires_at)
    if legacy is not None:
        connection.execute(_RESTORE, {"user_id": row.id, "legacy": legacy, "digest": digest})
    return Actor(row.name, frozenset(row.roles), frozenset(row.gemeenten)), row.token_expires_at


def actor_of(user: User) -> Actor:
    return Actor(user.name, frozenset(user.roles), frozenset(user.gemeenten))


# -- passwords and console sign-ins -------------------------------------------------------------

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()


@functools.cache
def _unknown_user_hash() -> str:
    """Verified against when the user is unknown, so an unknown name takes as long as a wrong password.
    Made at the first sign-in, not at import: an argon2 hash costs every process that imports this
    module (each `serve` worker as it starts) 0.15-0.3 s of CPU."""
    return _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    """A console sign-in: who, and the token every form of theirs must carry (CSRF)."""

    actor: Actor
    csrf_token: str
    expires_at: dt.datetime


def set_password(session: Session, name: str, password: str) -> None:
    """Set the password a user signs in to the console with (argon2 hash); ends their sign-ins.

    Raises:
        NotFound: no such user.
        InvalidInput: the password is shorter than 12 characters.
    """
    user = _builtin(get_user(session, name), "has no password of procesregie")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput([FieldError("password", f"use at least {MIN_PASSWORD_LENGTH} characters")])
    user.password_hash = _HASHER.hash(password)
    _end_sign_ins(session, user)


def sign_in(session: Session, name: str, password: str, lifetime: dt.timedelta) -> str | None:
    """Check a user's password; return the secret of a new sign-in, or None (wrong name or password,
    no password set, or a disabled user: the caller cannot tell which)."""
    user = password_user(session, name, password)
    return None if user is None else _new_sign_in(session, user, lifetime)


def password_user(session: Session, name: str, password: str) -> User | None:
    """The user a name and password belong to, or None (wrong name or password, no password set, or a
    disabled user: the caller cannot tell which). The console's sign-in and HTTP Basic both ask here."""
    user = session.scalar(select(User).where(User.name == name))
    stored = user.password_hash if user is not None else None
    try:
        _HASHER.verify(stored or _unknown_user_hash(), password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if user is None or stored is None or user.disabled_at is not None:
        return None
    if _HASHER.check_needs_rehash(stored):
        user.password_hash = _HASHER.hash(password)
    return user


def _new_sign_in(session: Session, user: User, lifetime: dt.timedelta) -> str:
    """Start a console sign-in for ``user``; return the secret its cookie holds."""
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


# -- users of an OpenID Connect provider (ADR 20) -----------------------------------------------

# What an OIDC user's token_hash holds: no token hashes to it (HMAC hashes are hex, without a colon).
OIDC_PREFIX = "oidc:"


class IdentityRefused(EngineError):
    """A provider's valid token for a user procesregie does not let in (disabled, or a built-in name)."""


def _builtin(user: User, refusal: str) -> User:
    """Raises:
    Conflict: the user signs in through OpenID Connect."""
    if user.source == UserSource.OIDC:
        raise Conflict(f"user '{user.name}' signs in through OpenID Connect and {refusal}")
    return user


def provider_user(session: Session, identity: Identity) -> User:
    """The user row of a provider's identity, made at its first sign-in, its roles and gemeenten
    refreshed from the claims when they changed.

    Raises:
        IdentityRefused: the user is disabled in procesregie, or the name is a built-in user's.
    """
    user = session.scalar(select(User).where(User.name == identity.name))
    if user is None:
        user = User(
            name=identity.name,
            roles=sorted(identity.roles),
            gemeenten=sorted(identity.gemeenten),
            token_hash=OIDC_PREFIX + secrets.token_hex(16),
            source=UserSource.OIDC,
        )
        try:
            with session.begin_nested():  # two first requests at once: the second finds the first's row
                session.add(user)
        except IntegrityError:
            return provider_user(session, identity)
        return user
    if user.source != UserSource.OIDC:
        raise IdentityRefused(f"the name '{identity.name}' belongs to a built-in user of procesregie")
    if user.disabled_at is not None:
        raise IdentityRefused(f"user '{identity.name}' is disabled in procesregie")
    if user.roles != sorted(identity.roles) or user.gemeenten != sorted(identity.gemeenten):
        user.roles, user.gemeenten = sorted(identity.roles), sorted(identity.gemeenten)
    return user


def sign_in_provider_user(session: Session, identity: Identity, lifetime: dt.timedelta) -> str:
    """Start a console sign-in for a provider's identity (its ID token verified); return the secret.

    Raises:
        IdentityRefused: as :func:`provider_user`.
    """
    return _new_sign_in(session, provider_user(session, identity), lifetime)


_BY_SIGN_IN = (
    select(_USERS.c.name, _USERS.c.roles, _USERS.c.gemeenten, SignIn.csrf_token, SignIn.expires_at)
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
    actor = Actor(row.name, frozenset(row.roles), frozenset(row.gemeenten))
    return SignedIn(actor, row.csrf_token, row.expires_at)


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
    session: Session,
    manager: Actor,
    name: str,
    roles: list[str],
    gemeenten: list[str],
    token_days: int | None = None,
    organisatie: str | None = None,
) -> tuple[User, str]:
    """:func:`add_user` by a beheerder, who grants only gemeenten they have themselves, at least one
    when they have any, and the role beheerder only with a gemeente.

    Raises:
        InvalidInput: as :func:`add_user`, or a gemeente the beheerder does not have.
        Conflict: the name is taken.
    """
    errors = _user_errors(name, roles, gemeenten) + _days_errors(token_days)
    errors += [e for e in _granted(manager, roles, gemeenten) if e not in errors]
    if errors:
        raise InvalidInput(errors)
    return add_user(session, name, roles, gemeenten, token_days, organisatie)


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
    user = _builtin(managed_user(session, manager, name), "gets roles and gemeenten from the provider")
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


def rotate_managed_token(
    session: Session, manager: Actor, name: str, token_days: int | None = None
) -> tuple[User, str]:
    """:func:`rotate_token` by a beheerder, for a user they manage (themselves included).

    Raises:
        NotFound: a user the beheerder does not manage.
        InvalidInput: days outside 1 to 3650.
    """
    managed_user(session, manager, name)
    return rotate_token(session, name, token_days)


def revoke_managed_token(session: Session, manager: Actor, name: str) -> User:
    """:func:`revoke_token` by a beheerder, for a user they manage.

    Raises:
        NotFound: a user the beheerder does not manage.
    """
    managed_user(session, manager, name)
    return revoke_token(session, name)


def rotate_own_token(session: Session, actor: Actor, token_days: int | None = None) -> tuple[User, str]:
    """A user's new token for themselves; the old one stops working. It works at most the service's
    ``token_days``: only a beheerder gives a token a longer life.

    Raises:
        NotFound: the actor is no user of this installation.
        InvalidInput: days outside 1 to the service's token_days.
    """
    limit = get_settings().token_days
    if token_days is not None and not 1 <= token_days <= limit:
        raise InvalidInput([FieldError("token_days", f"give a number of days from 1 to {limit}")])
    return rotate_token(session, actor.name, token_days)


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
