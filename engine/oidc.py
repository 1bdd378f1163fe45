"""OpenID Connect: the provider's tokens checked with PyJWT, and the identity they carry (ADR 20).

A token is accepted only when signed with RS256 or ES256 by a key of the provider's JWKS (a file,
or a URL fetched and cached by PyJWT's PyJWKClient), issued by the configured issuer for the
expected audience, and within its exp, nbf and iat (give or take a small leeway). Its user name,
roles and gemeenten come from configurable claims; what it says is mapped onto procesregie's roles,
and the user row (engine/users.py) decides whether that user may still come in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet
from jwt.exceptions import PyJWKClientConnectionError, PyJWKClientError

from .config import OidcSettings
from .errors import EngineError
from .vocabulary import Role

ALGORITHMS = ("RS256", "ES256")
# A user name from the provider: as the built-in names, and '@' (providers often use e-mail addresses).
NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")
# Roles that need no gemeente; a provider's user without gemeenten keeps only these (the built-in
# rule: lane roles need a gemeente, and a beheerder without one is made on the command line only).
WITHOUT_GEMEENTE = frozenset({Role.ONTWERPER})
HTTP_TIMEOUT_SECONDS = 10
DISCOVERY_SECONDS = 3600  # how long the provider's discovery document is kept
KEYS_SECONDS = 300  # how long the provider's keys are kept (a token with an unknown kid fetches them anew)


class InvalidToken(EngineError):
    """A token that is not accepted; the message says why (expired, wrong issuer, unknown key...)."""


class ProviderUnreachable(EngineError):
    """The identity provider did not answer, or answered something that is not what the standard says."""


class ProviderRefused(EngineError):
    """The provider refused the console's request (an OAuth error such as invalid_grant)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Identity:
    """Who a token names, in procesregie's terms."""

    name: str
    roles: frozenset[str]
    gemeenten: frozenset[str]


@dataclass(frozen=True)
class Authorization:
    """What the console keeps between sending the browser to the provider and its return (PKCE, RFC 7636)."""

    state: str
    nonce: str
    code_verifier: str

    @classmethod
    def new(cls) -> Authorization:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48))

    @property
    def code_challenge(self) -> str:
        """S256: base64url(SHA-256(code_verifier)) without padding."""
        digest = hashlib.sha256(self.code_verifier.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def claim(claims: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (``realm_access.roles``), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _when(timestamp: Any) -> str:
    if not isinstance(timestamp, int | float):
        return "?"
    return f"{dt.datetime.fromtimestamp(timestamp, dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


def _fetch_json(request: urllib.request.Request | str) -> dict[str, Any]:
    """GET (or the given request) a JSON object from the provider."""
    url = request.full_url if isinstance(request, urllib.request.Request) else request
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        try:
            body = json.loads(error.read())
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), str):
            raise ProviderRefused(body["error"], str(body.get("error_description") or "")) from None
        raise ProviderUnreachable(f"the identity provider answered {error.code} at {url}") from None
    except (OSError, ValueError) as error:
        raise ProviderUnreachable(f"the identity provider cannot be reached at {url}: {error}") from None
    if not isinstance(body, dict):
        raise ProviderUnreachable(f"the identity provider answered no JSON object at {url}")
    return body


class _KeyFile:
    """A JWKS file, read again when it changes (a rotated key needs no restart)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: float | None = None
        self._keys: PyJWKSet | None = None

    def key(self, kid: str) -> PyJWK | None:
        stamp = os.stat(self.path).st_mtime
        if self._keys is None or stamp != self._stamp:
            self._keys = PyJWKSet.from_json(self.path.read_text())
            self._stamp = stamp
        return next((k for k in self._keys.keys if k.key_id == kid), None)


class Provider:
    """The configured OpenID Connect provider: its discovery document, its keys, its tokens."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self.audience = settings.audience or settings.client_id
        self._lock = threading.Lock()
        self._discovery: tuple[float, dict[str, Any]] | None = None
        self._keys: _KeyFile | PyJWKClient | None = None
        if settings.jwks and "://" not in settings.jwks:
            self._keys = _KeyFile(Path(settings.jwks))
        elif settings.jwks:
            self._keys = self._client(settings.jwks)

    @property
    def console(self) -> bool:
        """Whether the console signs in through the provider (a client id is configured)."""
        return bool(self.settings.client_id)

    @staticmethod
    def _client(url: str) -> PyJWKClient:
        return PyJWKClient(url, lifespan=KEYS_SECONDS, timeout=HTTP_TIMEOUT_SECONDS)

    def discovery(self) -> dict[str, Any]:
        """The provider's `/.well-known/openid-configuration`, kept an hour.

        Raises:
            ProviderUnreachable: no answer, or a document for another issuer or without its endpoints.
        """
        with self._lock:
            if self._discovery is not None and time.monotonic() - self._discovery[0] < DISCOVERY_SECONDS:
                return self._discovery[1]
        issuer = self.settings.issuer.rstrip("/")
        document = _fetch_json(issuer + "/.well-known/openid-configuration")
        if document.get("issuer") != self.settings.issuer:
            raise ProviderUnreachable(
                f"the discovery document names issuer {document.get('issuer')!r}, "
                f"not PROCESREGIE_OIDC_ISSUER {self.settings.issuer!r}"
            )
        missing = [
            name
            for name in ("authorization_endpoint", "token_endpoint", "jwks_uri")
            if not isinstance(document.get(name), str)
        ]
        if missing:
            raise ProviderUnreachable(f"the discovery document has no {', '.join(missing)}")
        with self._lock:
            self._discovery = (time.monotonic(), document)
        return document

    def _key(self, kid: str) -> PyJWK:
        if self._keys is None:
            client = self._client(self.discovery()["jwks_uri"])
            with self._lock:
                self._keys = self._keys or client
        try:
            key = self._keys.key(kid) if isinstance(self._keys, _KeyFile) else self._keys.get_signing_key(kid)
        except PyJWKClientConnectionError as error:
            raise ProviderUnreachable(f"the identity provider's keys cannot be fetched: {error}") from None
        except PyJWKClientError:
            key = None
        if key is None:
            raise InvalidToken(f"unknown key {kid!r}: the provider's JWKS has no such kid")
        return key

    def verify(self, token: str, audience: str | None = None, nonce: str | None = None) -> dict[str, Any]:
        """The claims of a token the provider signed for ``audience`` (the configured one when None).

        Raises:
            InvalidToken: anything wrong with it, named.
            ProviderUnreachable: its keys could not be fetched.
        """
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise InvalidToken("not a JWT: the token cannot be decoded") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise InvalidToken(f"algorithm {algorithm!r} is not accepted; use {' or '.join(ALGORITHMS)}")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("the token names no key (kid)")
        key = self._key(kid)
        expected = audience or self.audience
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=list(ALGORITHMS),
                audience=expected,
                issuer=self.settings.issuer,
                leeway=self.settings.leeway_seconds,
                options={"require": ["exp", "iat", "iss", "aud"]},
            )
        except jwt.InvalidTokenError as error:
            raise InvalidToken(self._explain(error, token, expected)) from None
        if nonce is not None and claims.get("nonce") != nonce:
            raise InvalidToken("the ID token's nonce is not the one this sign-in sent")
        return claims

    def _explain(self, error: jwt.InvalidTokenError, token: str, audience: str) -> str:
        """Why PyJWT refused a token (read again without checks, only to name what was wrong)."""
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.InvalidTokenError:  # a payload that is no JSON object: nothing to name
            claims = {}
        if isinstance(error, jwt.ExpiredSignatureError):
            return f"token expired at {_when(claims.get('exp'))}"
        if isinstance(error, jwt.ImmatureSignatureError):
            return f"token not valid yet (nbf {_when(claims.get('nbf'))})"
        if isinstance(error, jwt.InvalidIssuedAtError):
            return f"token issued in the future (iat {_when(claims.get('iat'))})"
        if isinstance(error, jwt.InvalidIssuerError):
            return f"wrong issuer {claims.get('iss')!r}; expected {self.settings.issuer!r}"
        if isinstance(error, jwt.InvalidAudienceError):
            return f"wrong audience {claims.get('aud')!r}; expected {audience!r}"
        if isinstance(error, jwt.MissingRequiredClaimError):
            return f"the token has no {error.claim!r} claim"
        if isinstance(error, jwt.InvalidSignatureError):
            return "the signature does not verify with the provider's key"
        if isinstance(error, jwt.InvalidAlgorithmError):
            return f"algorithm refused: {error}"
        return f"invalid token: {error}"

    def identity(self, claims: dict[str, Any]) -> Identity:
        """Who verified claims name, with their roles and gemeenten mapped onto procesregie's.

        Raises:
            InvalidToken: no usable user name.
        """
        settings = self.settings
        given = claim(claims, settings.username_claim)
        source = settings.username_claim
        if not isinstance(given, str) or not given.strip():
            given, source = claims.get("sub"), "sub"
        name = given.strip().lower() if isinstance(given, str) else ""
        if not NAME.match(name):
            raise InvalidToken(
                f"the claim {source!r} ({given!r}) is no usable user name: "
                "lowercase letters, digits, '.', '_', '@' or '-', at most 100"
            )
        gemeenten = frozenset(
            g.strip().lower() for g in _values(claim(claims, settings.gemeenten_claim)) if g.strip()
        )
        prefix = settings.role_prefix
        roles = frozenset(
            value.removeprefix(prefix)
            for value in _values(claim(claims, settings.roles_claim))
            if value.startswith(prefix) and value.removeprefix(prefix) in set(Role)
        )
        if not gemeenten:
            roles &= WITHOUT_GEMEENTE
        return Identity(name, roles, gemeenten)

    # -- the console's sign-in: authorization code flow with PKCE -------------------------------

    def authorization_url(self, authorization: Authorization, redirect_uri: str) -> str:
        """Where the browser goes to sign in at the provider."""
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.settings.client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid profile",
                "state": authorization.state,
                "nonce": authorization.nonce,
                "code_challenge": authorization.code_challenge,
                "code_challenge_method": "S256",
            }
        )
        endpoint: str = self.discovery()["authorization_endpoint"]
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    def redeem(self, code: str, authorization: Authorization, redirect_uri: str) -> Identity:
        """Exchange an authorization code for tokens (sending the PKCE verifier) and return who the
        verified ID token names.

        Raises:
            ProviderRefused: the provider refused the code (invalid_grant: a wrong code_verifier...).
            ProviderUnreachable: no answer, or no ID token.
            InvalidToken: the ID token does not verify, or carries another nonce.
        """
        settings = self.settings
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": settings.client_id,
            "code_verifier": authorization.code_verifier,
        }
        headers = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
        if settings.client_secret:  # client_secret_basic (RFC 6749 2.3.1)
            pair = f"{urllib.parse.quote(settings.client_id, safe='')}:"
            pair += urllib.parse.quote(settings.client_secret, safe="")
            headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
        request = urllib.request.Request(
            self.discovery()["token_endpoint"],
            data=urllib.parse.urlencode(form).encode(),
            headers=headers,
            method="POST",
        )
        tokens = _fetch_json(request)
        id_token = tokens.get("id_token")
        if not isinstance(id_token, str):
            raise ProviderUnreachable("the provider's token response holds no id_token")
        return self.identity(self.verify(id_token, audience=settings.client_id, nonce=authorization.nonce))


def provider(settings: OidcSettings) -> Provider | None:
    """The configured provider, or None when OpenID Connect is off."""
    return Provider(settings) if settings.enabled else None
