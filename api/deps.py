"""Dependencies shared by the routers: the request's transaction and the caller, and the route that runs them."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from engine import users
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor

_bearer = HTTPBearer(auto_error=False, description="Token printed by `procesregie user add`")


async def get_session(request: Request) -> Session:
    """The request's session. Opening it does no I/O: it takes a connection at its first query.
    `TransactionalRoute` commits or rolls it back and closes it where the endpoint runs; a
    session whose endpoint never ran (a request refused before it) holds nothing to close.
    A plain function, not a generator: FastAPI's exit stack for a generator dependency cost
    1% of the server's instructions per completed task."""
    return request.app.state.sessionmaker()


SessionDep = Annotated[Session, Depends(get_session)]


# The app-wide objects are handed out by `async def` dependencies: FastAPI runs a plain `def`
# dependency in a worker thread, a hop that costs more than the lookup.
async def get_cache(request: Request) -> DefinitionCache:
    return request.app.state.definitions


CacheDep = Annotated[DefinitionCache, Depends(get_cache)]


async def get_profiles(request: Request) -> Profiles:
    return request.app.state.profiles


ProfilesDep = Annotated[Profiles, Depends(get_profiles)]


@dataclass(frozen=True)
class _BearerToken:
    """A token not yet checked: `TransactionalRoute` replaces it by the actor it belongs to."""

    value: str


async def _bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> _BearerToken:
    if credentials is None:
        raise HTTPException(
            401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
        )
    return _BearerToken(credentials.credentials)


# The caller, authenticated in the endpoint's thread and transaction (see TransactionalRoute).
CurrentActor = Annotated[Actor, Depends(_bearer_token)]


class TransactionalRoute(APIRoute):
    """A route whose authentication, endpoint and commit run in one thread, in one transaction.

    - The commit happens before the response is sent: a 2xx means stored, and a failed
      commit becomes the error response (ADR 5).
    - The transaction begins and ends in the same thread, so it never holds a database
      lock while it waits for a thread: a busy worker whose threads all waited for
      SQLite's write lock, held by a request waiting for a thread, would deadlock.
    - It runs in the worker's thread pool: one thread hop per request. Use this route for
      work whose length grows with the data (reports, exports, audit verification, deploys);
      the event loop goes on serving other requests meanwhile.
    """

    on_event_loop = False

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "session" not in inspect.signature(endpoint).parameters:
            raise TypeError(f"endpoint {endpoint.__name__} needs a 'session: SessionDep' parameter")
        super().__init__(path, _in_one_transaction(endpoint, self.on_event_loop), **kwargs)


class ShortTransactionalRoute(TransactionalRoute):
    """A `TransactionalRoute` that runs on the worker's event loop, without the thread hop (ADR 11).

    For the staff's short, bounded transactions: one case, one task, one page of the work
    queue. The worker serves nothing else while one runs, which costs less than the hop
    (a tenth to a fifth of the server's CPU per completed task); anything that may take long
    belongs on a `TransactionalRoute`.
    """

    on_event_loop = True


def _in_one_transaction(endpoint: Callable[..., Any], on_event_loop: bool) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def run(**kwargs: Any) -> Any:
        session: Session = kwargs["session"]
        try:
            arguments = {
                name: _authenticate(session, value) if isinstance(value, _BearerToken) else value
                for name, value in kwargs.items()
            }
            result = endpoint(**arguments)
            session.commit()
            return result
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @functools.wraps(endpoint)
    async def run_on_event_loop(**kwargs: Any) -> Any:
        return run(**kwargs)

    return run_on_event_loop if on_event_loop else run


def _authenticate(session: Session, token: _BearerToken) -> Actor:
    actor = users.authenticate(session, token.value)
    if actor is None:
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    return actor


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A query-string time without a zone is read as UTC."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value
