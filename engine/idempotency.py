"""Idempotency keys: a POST retried with the same key gets the first response and does not act twice.

A key belongs to a user. The first request with a key claims it by inserting a row in its own
transaction, before its work runs, and stores its response there when the work succeeded (2xx), so
the key and the work are committed together or not at all (ADR 5). A second request with the same
key meets the stored response; one that arrives while the first still runs waits at the unique
key until the first commits, then meets it too (or claims the key itself when the first failed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import Conflict, FieldError, InvalidInput
from .models import IdempotencyKey, utcnow

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
KEEP = dt.timedelta(hours=24)
"""How long a stored response answers a retry; older rows are deleted by the timer worker."""


class KeyReused(InvalidInput):
    """The key was used before, by the same user, for another request."""

    def __init__(self) -> None:
        super().__init__(
            [FieldError(HEADER, "reused with another request (method, path or body differ); use a new key")]
        )


class KeyInProgress(Conflict):
    """Another request with the key claimed it and has not stored a response."""

    def __init__(self) -> None:
        super().__init__(f"a request with this {HEADER} is in progress; retry")


class KeyTaken(Exception):
    """Another transaction inserted the key first; roll back and look again."""


@dataclass(frozen=True)
class Stored:
    """A response stored under a key."""

    status_code: int
    body: bytes


def request_hash(method: str, target: str, parts: Iterable[bytes]) -> str:
    """A hash of what a request asks: its method, path with query string, and body parts."""
    digest = hashlib.sha256(f"{method.upper()} {target}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def stored(session: Session, user: str, key: str, hash_: str) -> Stored | None:
    """The response stored for the user's key in the last 24 hours, if any.

    Raises:
        KeyReused: the key was stored for a request with another hash.
    """
    row = session.scalars(
        select(IdempotencyKey).where(IdempotencyKey.user_name == user, IdempotencyKey.key == key)
    ).one_or_none()
    if row is None or row.created_at < utcnow() - KEEP or row.status_code is None:
        return None
    if row.request_hash != hash_:
        raise KeyReused()
    return Stored(row.status_code, row.body or b"")


def claim(session: Session, user: str, key: str, hash_: str) -> IdempotencyKey:
    """Claim the user's key for this transaction (an expired row with the key is replaced).

    Raises:
        KeyTaken: another transaction holds or committed the key; the session must be rolled back.
    """
    session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.user_name == user,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at < utcnow() - KEEP,
        )
    )
    row = IdempotencyKey(user_name=user, key=key, request_hash=hash_, created_at=utcnow())
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        raise KeyTaken() from None
    return row


def record(session: Session, row: IdempotencyKey, status_code: int, body: bytes) -> None:
    """Store the response of the request that claimed the key; only a 2xx is kept, to be replayed."""
    if 200 <= status_code < 300:
        row.status_code = status_code
        row.body = body
    else:
        session.delete(row)
    session.flush()


def purge(session: Session) -> int:
    """Delete the keys older than 24 hours; how many."""
    result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP))
    return int(getattr(result, "rowcount", 0) or 0)
