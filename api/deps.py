"""Dependencies shared by the routers: the request's transaction and the caller."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from engine import users
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor

_bearer = HTTPBearer(auto_error=False, description="Token printed by `procesregie user add`")


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: commit on success, roll back on any error.

    The dependency has function scope, so the commit happens before the response is
    sent: a client that got a 2xx can rely on its change being stored and visible to
    its next request, and a failed commit becomes the error response. Opening a
    session does no I/O; ending it does, so that runs in the thread pool.
    """
    session = request.app.state.sessionmaker()
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_end, session, commit=False)
        raise
    await run_in_threadpool(_end, session, commit=True)


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_cache(request: Request) -> DefinitionCache:
    return request.app.state.definitions


CacheDep = Annotated[DefinitionCache, Depends(get_cache)]


def get_profiles(request: Request) -> Profiles:
    return request.app.state.profiles


ProfilesDep = Annotated[Profiles, Depends(get_profiles)]


def get_actor(session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Actor:
    if credentials is None:
        raise HTTPException(401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
    actor = users.authenticate(session, credentials.credentials)
    if actor is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    return actor


CurrentActor = Annotated[Actor, Depends(get_actor)]


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A query-string time without a zone is read as UTC."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value
