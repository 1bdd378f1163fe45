"""Dependencies shared by the routers, and the route that runs them.

They give an endpoint the request's transaction and the caller.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import functools
import inspect
import json
import typing
import urllib.parse
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Path, Query, Request, Response
from fastapi.datastructures import DefaultPlaceholder
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import ResponseValidationError
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBasic, HTTPBasicCredentials, HTTPBearer
from fastapi.utils import is_body_allowed_for_status_code
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import UploadFile

from engine import access, idempotency, oidc, users
from engine.identities import IdentityCache
from engine.period import Period
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor

from .errors import RETRY_AFTER_SECONDS
from .schemas import Moment

_bearer = HTTPBearer(auto_error=False, description="Token printed by `procesregie user add`")


async def get_session(request: Request) -> Session:
    """The request's session. Opening it does no I/O: it takes a connection at its first query.
    `TransactionalRoute` opens it itself where the endpoint runs (``_APP_OBJECTS``; this function is
    the mark an endpoint's ``session: SessionDep`` carries), commits or rolls it back and closes it
    there; a request refused before its endpoint runs opens none.
    A plain function, not a generator: FastAPI's exit stack for a generator dependency cost
    1% of the server's instructions per completed task."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory()


SessionDep = Annotated[Session, Depends(get_session)]


# The app-wide objects: a `TransactionalRoute` hands them to its endpoint itself (``_APP_OBJECTS``);
# as dependencies of any other route they are `async def`, since FastAPI runs a plain `def`
# dependency in a worker thread, a hop that costs more than the lookup.
async def get_cache(request: Request) -> DefinitionCache:
    cache: DefinitionCache = request.app.state.definitions
    return cache


CacheDep = Annotated[DefinitionCache, Depends(get_cache)]


async def read_definitions(request: Request) -> DefinitionCache:
    """The definition cache for a route that reads a model but never runs or deploys one (a claim reads
    a task's ``vier_ogen``): the OpenAPI document gives it none of a model's 422s (api/openapi.py)."""
    return await get_cache(request)


DefinitionsDep = Annotated[DefinitionCache, Depends(read_definitions)]


async def get_profiles(request: Request) -> Profiles:
    profiles: Profiles = request.app.state.profiles
    return profiles


ProfilesDep = Annotated[Profiles, Depends(get_profiles)]


class Credentials:
    """What a request proved about its caller, checked later in the endpoint's thread and transaction."""

    rule: access.Rule | None

    def authenticate(self, session: Session) -> Any:
        """The caller, once checked against the database and the rule.

        Raises:
            HTTPException: 401 for unknown credentials.
            PermissionDenied: the caller has none of the rule's roles.
        """
        raise NotImplementedError


def identities(request: Request) -> IdentityCache:
    """The worker's cache of who a credential belongs to (engine/identities.py, ADR 27)."""
    cache: IdentityCache = request.app.state.identities
    return cache


@dataclass(frozen=True)
class BearerToken(Credentials):
    """A bearer token from the Authorization header."""

    token: str
    rule: access.Rule | None
    identities: IdentityCache

    def _load(self, session: Session) -> tuple[Actor, dt.datetime] | None:
        return users.token_holder(session, self.token)

    def authenticate(self, session: Session) -> Actor:
        try:
            actor = self.identities.get(session, "bearer", self.token, self._load)
        except users.TokenExpired as expired:
            raise HTTPException(401, str(expired), headers={"WWW-Authenticate": "Bearer"}) from None
        if actor is None:
            raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
        if self.rule is not None:
            self.rule.check(actor)
        return actor


@dataclass(frozen=True)
class BearerJwt(Credentials):
    """A JWT of the OpenID Connect provider as bearer token (ADR 20): checked by the provider's keys,
    then the user it names goes through the same rules as a built-in user."""

    token: str
    rule: access.Rule | None
    provider: oidc.Provider
    identities: IdentityCache

    def _load(self, session: Session) -> tuple[Actor, dt.datetime]:
        claims = self.provider.verify(self.token)
        actor = users.actor_of(users.provider_user(session, self.provider.identity(claims)))
        return actor, dt.datetime.fromtimestamp(claims["exp"], dt.UTC)  # verify requires exp

    def authenticate(self, session: Session) -> Actor:
        try:
            actor = self.identities.get(session, "jwt", self.token, self._load)
            assert actor is not None  # _load raises rather than return nobody
        except (oidc.InvalidToken, users.IdentityRefused) as refused:
            raise HTTPException(401, str(refused), headers={"WWW-Authenticate": "Bearer"}) from None
        except oidc.ProviderUnreachable as error:
            raise HTTPException(503, str(error), headers={"Retry-After": str(RETRY_AFTER_SECONDS)}) from None
        if self.rule is not None:
            self.rule.check(actor)
        return actor


def bearer_token(rule: access.Rule | None) -> Callable[..., Awaitable[Credentials]]:
    """The dependency that reads a bearer token (:func:`bearer`), for callers who must pass ``rule``."""

    async def read(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Credentials:
        if credentials is None:
            raise HTTPException(
                401, "send 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
            )
        return bearer(request, credentials.credentials, rule)

    return read


def bearer(request: Request, token: str, rule: access.Rule | None) -> Credentials:
    """A bearer token's credentials: a JWT (three dot-separated parts) of the OpenID Connect provider
    when one is configured, else procesregie's own token (which has no dots)."""
    provider: oidc.Provider | None = request.app.state.oidc
    if provider is not None and token.count(".") == 2:
        return BearerJwt(token, rule, provider, identities(request))
    return BearerToken(token, rule, identities(request))


_basic = HTTPBasic(
    auto_error=False, description="A user's name and the password set with `procesregie user password`"
)


@dataclass(frozen=True)
class Password(Credentials):
    """A user's name and password from HTTP Basic (Camunda Modeler's "HTTP Basic" authentication)."""

    name: str
    password: str
    rule: access.Rule | None
    identities: IdentityCache

    def _load(self, session: Session) -> tuple[Actor, None] | None:
        user = users.password_user(session, self.name, self.password)
        return None if user is None else (users.actor_of(user), None)

    def authenticate(self, session: Session) -> Actor:
        # The key holds the password: another password for the same name is another key, checked anew.
        actor = self.identities.get(session, "basic", f"{self.name}\0{self.password}", self._load)
        if actor is None:
            raise HTTPException(
                401, "unknown user name or wrong password", headers={"WWW-Authenticate": _CHALLENGE}
            )
        if self.rule is not None:
            self.rule.check(actor)
        return actor


_CHALLENGE = 'Basic realm="procesregie", Bearer'


def bearer_token_or_password(rule: access.Rule | None) -> Callable[..., Awaitable[Credentials]]:
    """The dependency that reads a bearer token or HTTP Basic, for callers who must pass ``rule``."""

    async def read(
        request: Request,
        token: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
        basic: Annotated[HTTPBasicCredentials | None, Depends(_basic)],
    ) -> Credentials:
        if token is not None:
            return bearer(request, token.credentials, rule)
        if basic is not None:
            return Password(basic.username, basic.password, rule, identities(request))
        raise HTTPException(
            401,
            "send 'Authorization: Bearer <token>', or HTTP Basic with your user name and password",
            headers={"WWW-Authenticate": _CHALLENGE},
        )

    return read


@dataclass(frozen=True)
class Authenticated:
    """Marks an endpoint parameter as the authenticated caller, who must pass ``rule`` when one is given.

    A `TransactionalRoute` reads the caller's credentials with ``read`` (a bearer token
    unless told otherwise) and hands the endpoint the caller they belong to, authenticated
    in the endpoint's own thread and transaction; a caller without a role of the rule is
    refused (403) before the endpoint runs.
    """

    rule: access.Rule | None = None
    read: Callable[[access.Rule | None], Callable[..., Awaitable[Credentials]]] = bearer_token


CurrentActor = Annotated[Actor, Authenticated()]
"""Any signed-in user; the engine's commands check what depends on the data."""
Ontwerper = Annotated[Actor, Authenticated(access.DEPLOY)]
Beheerder = Annotated[Actor, Authenticated(access.MANAGE_USERS)]
Auditor = Annotated[Actor, Authenticated(access.READ_AUDIT_TRAIL)]
ReportReader = Annotated[Actor, Authenticated(access.READ_REPORTS)]
HandoverReader = Annotated[Actor, Authenticated(access.READ_HANDOVERS)]
EventLogExporter = Annotated[Actor, Authenticated(access.EXPORT_EVENT_LOG)]


@dataclass(frozen=True)
class IdempotencyKey:
    """The Idempotency-Key a POST was sent with, and the hash of the request it names."""

    key: str
    request_hash: str


async def idempotency_key(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=idempotency.HEADER,
            min_length=1,
            max_length=idempotency.MAX_KEY_LENGTH,
            description=(
                "a key of your choice, unique per request (a UUID); a retry with the same key and the same "
                "request gets the first 2xx response (with `Idempotent-Replayed: true`) and does not act "
                "twice; the same key with another request is refused (422); kept 24 hours"
            ),
        ),
    ] = None,
) -> IdempotencyKey | None:
    if idempotency_key is None:
        return None
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        # A form's boundary is chosen anew by the client for each try: hash the parts, not the bytes.
        parts: list[bytes] = []
        for name, value in (await request.form()).multi_items():
            if isinstance(value, UploadFile):
                data = await value.read()
                await value.seek(0)
                parts += [name.encode(), (value.filename or "").encode(), data]
            else:
                parts += [name.encode(), b"", value.encode()]
    else:
        parts = [await request.body()]
    return IdempotencyKey(idempotency_key, idempotency.request_hash(request.method, target, parts))


_IDEMPOTENCY_PARAMETER = "idempotency_key_"


# What an endpoint of a `TransactionalRoute` gets from the app itself rather than from the request: the
# route hands these over in the endpoint's thread, read from the app's state, instead of FastAPI
# resolving them as dependencies on the event loop for every request (each resolution cost more CPU
# than the attribute it reads; issue #18, ADR 38). The dependency functions stay the markers endpoints are
# annotated with, and api/openapi.py reads a route's errors from them as from its dependencies.
_APP_OBJECTS: dict[Callable[..., Any], Callable[[Request], Any]] = {
    get_session: lambda request: request.app.state.sessionmaker(),
    get_cache: lambda request: request.app.state.definitions,
    read_definitions: lambda request: request.app.state.definitions,
    get_profiles: lambda request: request.app.state.profiles,
}
_REQUEST_PARAMETER = "request_"
_RESPONSE_PARAMETER = "response_"


@dataclass(frozen=True)
class _Endpoint:
    """How `TransactionalRoute` calls an endpoint: the signature FastAPI sees, the names of the request's
    and the response's parameters in it, and the app's objects (by parameter name and dependency) the
    route hands over."""

    signature: inspect.Signature
    request: str
    response: str
    app_objects: dict[str, Callable[..., Any]]


def _signature(endpoint: Callable[..., Any]) -> _Endpoint:
    """The endpoint's signature as FastAPI should see it.

    Each authenticated caller becomes its credentials; the app's own objects (the session, the
    definition cache, the profiles) are left out, and the request is asked for instead; so is the
    response whose status and headers the endpoint and its dependencies may set.
    """
    hints = typing.get_type_hints(endpoint, include_extras=True)
    parameters = []
    app_objects: dict[str, Callable[..., Any]] = {}
    request = response = None
    for parameter in inspect.signature(endpoint).parameters.values():
        hint = hints.get(parameter.name, parameter.annotation)
        metadata = getattr(hint, "__metadata__", ())
        marks = [m for m in metadata if isinstance(m, Authenticated)]
        provided = [m.dependency for m in metadata if getattr(m, "dependency", None) in _APP_OBJECTS]
        if provided:
            app_objects[parameter.name] = provided[0]
            continue
        if marks:
            hint = Annotated[Credentials, Depends(marks[0].read(marks[0].rule))]
        if hint is Request:
            request = parameter.name
        if hint is Response:
            response = parameter.name
        parameters.append(parameter.replace(annotation=hint))
    if request is None:
        request = _REQUEST_PARAMETER
        parameters.append(inspect.Parameter(request, inspect.Parameter.KEYWORD_ONLY, annotation=Request))
    if response is None:
        response = _RESPONSE_PARAMETER
        parameters.append(inspect.Parameter(response, inspect.Parameter.KEYWORD_ONLY, annotation=Response))
    signature = inspect.Signature(parameters, return_annotation=hints.get("return", inspect.Signature.empty))
    return _Endpoint(signature, request, response, app_objects)


def shows_a_secret(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a POST whose response holds a secret (a bearer token): it takes no Idempotency-Key,
    because the stored response would keep in plain text what the users table keeps only as an
    HMAC. A retry issues another token, which replaces the first: nothing is done twice."""
    endpoint.shows_a_secret = True  # type: ignore[attr-defined]  # a mark on the function, read by TransactionalRoute
    return endpoint


class TransactionalRoute(APIRoute):
    """A route whose authentication, endpoint and commit run in one thread, in one transaction.

    - The commit happens before the response is sent: a 2xx means stored, and a failed
      commit becomes the error response (ADR 5).
    - The transaction begins and ends in the same thread, so it never holds a database
      lock while it waits for a thread: a busy worker whose threads all waited for
      SQLite's write lock, held by a request waiting for a thread, would deadlock.
    - Every endpoint runs in the worker's request threads (``app.state.threads``,
      ``PROCESREGIE_WORKER_THREADS`` of them), one thread hop per request (ADR 26): the
      engine and the database drivers are synchronous, so a request that waits for the database
      (a round trip, a row lock, SQLite's writers' turn) or evaluates a model's expressions waits
      in its thread while the event loop goes on serving the worker's other requests.
    """

    takes_idempotency_key = False
    """Whether its POST routes take an Idempotency-Key (the JSON API's do; the console's forms
    have CSRF tokens and redirect after POST)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if "session" not in inspect.signature(endpoint).parameters:
            raise TypeError(f"endpoint {endpoint.__name__} needs a 'session: SessionDep' parameter")
        response_class = getattr(kwargs.get("response_class"), "value", kwargs.get("response_class"))
        idempotent = (
            self.takes_idempotency_key
            and "POST" in (kwargs.get("methods") or ())
            and not getattr(endpoint, "shows_a_secret", False)
            # a stream is not stored: the one streaming POST (the audit export) only reads
            and not (isinstance(response_class, type) and issubclass(response_class, StreamingResponse))
        )
        called = _signature(endpoint)
        self.app_objects = frozenset(called.app_objects.values())
        """The dependencies this route hands its endpoint itself (api/openapi.py documents them)."""
        run = _in_one_transaction(endpoint, called, self, idempotent)
        signature = called.signature
        if idempotent:
            key = inspect.Parameter(
                _IDEMPOTENCY_PARAMETER,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[IdempotencyKey | None, Depends(idempotency_key)],
            )
            signature = signature.replace(parameters=[*signature.parameters.values(), key])
        request_name = called.request

        @functools.wraps(endpoint)
        async def hop(**kwargs: Any) -> Any:
            # The request's one hop to a thread (ADR 26), by asyncio's executor with the request's
            # context: FastAPI's own (anyio's to_thread) cost the event loop about twice the CPU.
            threads: ThreadPoolExecutor = kwargs[request_name].app.state.threads
            call = functools.partial(contextvars.copy_context().run, functools.partial(run, **kwargs))
            return await asyncio.get_running_loop().run_in_executor(threads, call)

        hop.__signature__ = signature  # type: ignore[attr-defined]  # read by FastAPI
        super().__init__(path, hop, **kwargs)
        self.renders_json = self.response_field is not None and isinstance(
            self.response_class, DefaultPlaceholder
        )
        """Whether FastAPI would validate and serialize the endpoint's result as JSON against the route's
        response model: the route does that in the endpoint's thread (:meth:`respond`)."""

    def respond(self, result: Any, sub_response: Response) -> Any:
        """The response FastAPI would make of the endpoint's result, made in the endpoint's thread.

        Validating the result against the response model and serializing it is CPU work for every
        request: done here, the event loop only sends the bytes. (FastAPI did it in a second thread
        hop of its own for a synchronous endpoint, and would do it on the event loop for the
        asynchronous one this route hands it.) A result that is a response already, or that FastAPI
        would not render as JSON of a response model, is handed back as it is.
        """
        if isinstance(result, Response) or not self.renders_json:
            return result
        status, body = self.render(result, sub_response)
        response = Response(
            body if is_body_allowed_for_status_code(status) else b"",
            status_code=status,
            media_type="application/json",
        )
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    def render(self, result: Any, sub_response: Response) -> tuple[int, bytes]:
        """The status and JSON body FastAPI would send for an endpoint's result."""
        if isinstance(result, Response):
            return result.status_code, bytes(result.body)
        status = sub_response.status_code or self.status_code or 200
        field = self.response_field
        if field is None:
            return status, json.dumps(jsonable_encoder(result), separators=(",", ":")).encode()
        value, errors = field.validate(result, {}, loc=("response",))
        if errors:
            raise ResponseValidationError(errors=errors, body=result)
        return status, field.serialize_json(
            value,
            include=self.response_model_include,
            exclude=self.response_model_exclude,
            by_alias=self.response_model_by_alias,
            exclude_unset=self.response_model_exclude_unset,
            exclude_defaults=self.response_model_exclude_defaults,
            exclude_none=self.response_model_exclude_none,
        )


class ApiRoute(TransactionalRoute):
    """A `TransactionalRoute` of the JSON API: its POST routes take an Idempotency-Key."""

    takes_idempotency_key = True


def _in_one_transaction(
    endpoint: Callable[..., Any], called: _Endpoint, route: TransactionalRoute, idempotent: bool
) -> Callable[..., Any]:
    app_objects = [(name, _APP_OBJECTS[dependency]) for name, dependency in called.app_objects.items()]
    own_request = called.request == _REQUEST_PARAMETER
    own_response = called.response == _RESPONSE_PARAMETER

    @functools.wraps(endpoint)
    def run(**kwargs: Any) -> Any:
        key: IdempotencyKey | None = kwargs.pop(_IDEMPOTENCY_PARAMETER, None)
        request: Request = kwargs.pop(called.request) if own_request else kwargs[called.request]
        sub_response: Response = kwargs.pop(called.response) if own_response else kwargs[called.response]
        for name, provide in app_objects:
            kwargs[name] = provide(request)
        session: Session = kwargs["session"]
        try:
            arguments = {
                name: value.authenticate(session) if isinstance(value, Credentials) else value
                for name, value in kwargs.items()
            }
            callers = [a for n, a in arguments.items() if isinstance(kwargs[n], Credentials)]
            if idempotent and key is not None and callers:
                result = _idempotent(route, endpoint, arguments, session, callers[0].name, key, sub_response)
            else:
                result = endpoint(**arguments)
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        return route.respond(result, sub_response)

    return run


def _idempotent(
    route: TransactionalRoute,
    endpoint: Callable[..., Any],
    arguments: dict[str, Any],
    session: Session,
    user: str,
    key: IdempotencyKey,
    sub_response: Response,
) -> Response:
    """Run the endpoint once per key, storing its response in its own transaction; replay it to a retry.

    A request that finds the key claimed by another transaction waits for it (PostgreSQL's unique
    index, SQLite's write lock) and then replays what it stored; 409 if it stored nothing yet.
    """
    replay = idempotency.stored(session, user, key.key, key.request_hash)
    if replay is None:
        try:
            row = idempotency.claim(session, user, key.key, key.request_hash)
        except idempotency.KeyTaken:
            session.rollback()
            replay = idempotency.stored(session, user, key.key, key.request_hash)
            if replay is None:
                raise idempotency.KeyInProgress() from None
    if replay is not None:
        return Response(
            replay.body,
            status_code=replay.status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    status, body = route.render(endpoint(**arguments), sub_response)
    idempotency.record(session, row, status, body)
    return Response(body, status_code=status, media_type="application/json")


async def _period(
    since: Annotated[
        Moment | None, Query(description="from this time on (ISO 8601; UTC without a zone)")
    ] = None,
    until: Annotated[
        Moment | None, Query(description="before this time (ISO 8601; UTC without a zone)")
    ] = None,
) -> Period:
    return Period(since, until)


# Numbers in query strings have bounds, so that an absurd one (offset=5e25) is refused with 422
# naming the parameter instead of overflowing the database's integers.
MAX_OFFSET = 1_000_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="how many items to skip")]
Version = Annotated[
    int | None,
    Query(ge=1, le=2**31 - 1, description="version number; latest when left out"),
]
"""A process's version number (a 32-bit integer in the database)."""
VersionNumber = Annotated[int, Path(ge=1, le=2**31 - 1, description="version number")]
"""A process's version number in a path."""


def content_disposition(disposition: str, filename: str) -> str:
    """A Content-Disposition header for any file name (a process id, an uploaded file's name): RFC 6266's
    ``filename*`` in UTF-8 when the name is not plain ASCII, which a header cannot carry as it is."""
    quoted = urllib.parse.quote(filename)
    if quoted == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename*=utf-8''{quoted}"


PeriodDep = Annotated[Period, Depends(_period)]
"""``since`` and ``until`` from the query string, checked once for every route that takes a period."""
