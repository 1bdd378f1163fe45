"""A small but real OpenID Connect provider for the tests, served by uvicorn (tests/servers.py).

It serves discovery, its JWKS (an RSA and an EC key), an authorization endpoint that approves the
user of the test at once, and a token endpoint that checks the client, the redirect URI and the
PKCE verifier (S256) before it issues an ID token and an access token. Keys are made with
`cryptography` at start; tokens for bearer tests are signed with :meth:`IdentityProvider.token`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.servers import serving_app

CLIENT_ID = "procesregie-console"
CLIENT_SECRET = "geheim-van-de-test"
AUDIENCE = "procesregie"


@dataclass
class Grant:
    """An authorization code handed out, and what it was asked for."""

    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str
    claims: dict[str, Any]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class IdentityProvider:
    """The provider's keys, the user it approves, and its codes; :attr:`app` serves them."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {
            "rsa-1": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ec-1": ec.generate_private_key(ec.SECP256R1()),
        }
        self.stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # not published
        self.issuer = ""  # set when served: http://127.0.0.1:PORT
        self.user: dict[str, Any] | None = None  # the claims of whoever signs in at /authorize
        self.codes: dict[str, Grant] = {}
        self.token_requests: list[dict[str, str]] = []
        self.id_token_overrides: dict[str, Any] = {}  # what a misbehaving provider changes in its ID tokens
        self.app = Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self._discovery),
                Route("/jwks", self._jwks),
                Route("/authorize", self._authorize),
                Route("/token", self._token, methods=["POST"]),
            ]
        )

    # -- keys and tokens ----------------------------------------------------------------------

    def jwks(self, kids: list[str] | None = None) -> dict[str, Any]:
        """The public keys as a JWKS (only ``kids`` when given)."""
        keys = []
        for kid, key in self.keys.items():
            if kids is not None and kid not in kids:
                continue
            if isinstance(key, rsa.RSAPrivateKey):
                jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"alg": "RS256"}
            else:
                jwk = ECAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"alg": "ES256"}
            keys.append(jwk | {"kid": kid, "use": "sig"})
        return {"keys": keys}

    def claims(self, **overrides: Any) -> dict[str, Any]:
        """An access token's claims for the test user, valid for five minutes; None drops a claim."""
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 300, "sub": "u-1"}
        claims |= self.user or {}
        claims |= overrides
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, kid: str = "rsa-1", **overrides: Any) -> str:
        """A JWT signed with one of the provider's keys (RS256 for rsa-*, ES256 for ec-*)."""
        key = self.keys[kid]
        algorithm = "RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256"
        return jwt.encode(self.claims(**overrides), key, algorithm=algorithm, headers={"kid": kid})

    def token_of_a_stranger(self, **overrides: Any) -> str:
        """Signed with a key the JWKS does not have."""
        return jwt.encode(
            self.claims(**overrides), self.stranger, algorithm="RS256", headers={"kid": "rsa-9"}
        )

    def forged(self, algorithm: str, **overrides: Any) -> str:
        """What an attacker makes: ``none`` unsigned, or HS256 with the public RSA key as secret."""
        header = b64url(json.dumps({"alg": algorithm, "typ": "JWT", "kid": "rsa-1"}).encode())
        payload = b64url(json.dumps(self.claims(**overrides)).encode())
        signing_input = f"{header}.{payload}"
        if algorithm == "none":
            return signing_input + "."
        public = (
            self.keys["rsa-1"]
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
        signature = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64url(signature)}"

    # -- endpoints ---------------------------------------------------------------------------

    async def _discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256", "ES256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            }
        )

    async def _jwks(self, request: Request) -> Response:
        return JSONResponse(self.jwks())

    async def _authorize(self, request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != CLIENT_ID or not q.get("redirect_uri"):
            return JSONResponse({"error": "invalid_request", "error_description": "unknown client"}, 400)
        back = q["redirect_uri"]
        if (
            q.get("response_type") != "code"
            or q.get("code_challenge_method") != "S256"
            or not q.get("code_challenge")
            or "openid" not in q.get("scope", "").split()
        ):
            return self._back(back, error="invalid_request", state=q.get("state", ""))
        if self.user is None:
            return self._back(back, error="access_denied", state=q.get("state", ""))
        code = secrets.token_urlsafe(16)
        self.codes[code] = Grant(CLIENT_ID, back, q["code_challenge"], q.get("nonce", ""), dict(self.user))
        return self._back(back, code=code, state=q.get("state", ""))

    @staticmethod
    def _back(redirect_uri: str, **params: str) -> Response:
        return RedirectResponse(f"{redirect_uri}?{urllib.parse.urlencode(params)}", status_code=302)

    async def _token(self, request: Request) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = request.headers.get("authorization", "")
        if basic.startswith("Basic "):
            pair = base64.b64decode(basic[6:]).decode()
            client_id, _, secret = (urllib.parse.unquote(p) for p in pair.partition(":"))
        if client_id != CLIENT_ID or secret != CLIENT_SECRET:
            return JSONResponse({"error": "invalid_client"}, 401)
        grant = self.codes.get(form.get("code", ""))
        if form.get("grant_type") != "authorization_code" or grant is None:
            return JSONResponse({"error": "invalid_grant", "error_description": "unknown code"}, 400)
        if form.get("redirect_uri") != grant.redirect_uri:
            return JSONResponse({"error": "invalid_grant", "error_description": "redirect_uri differs"}, 400)
        challenge = b64url(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if not secrets.compare_digest(challenge, grant.code_challenge):
            return JSONResponse(
                {
                    "error": "invalid_grant",
                    "error_description": "code_verifier does not match the code_challenge",
                },
                400,
            )
        del self.codes[form["code"]]  # a code is used once
        id_token = self.token(
            **({"aud": CLIENT_ID, "nonce": grant.nonce} | grant.claims | self.id_token_overrides)
        )
        return JSONResponse(
            {
                "access_token": self.token(**grant.claims),
                "id_token": id_token,
                "token_type": "Bearer",
                "expires_in": 300,
            }
        )


@contextmanager
def running_provider() -> Iterator[IdentityProvider]:
    """A provider served by a real uvicorn on a free port, its issuer set to where it answers."""
    idp = IdentityProvider()
    with serving_app(idp.app) as port:
        idp.issuer = f"http://127.0.0.1:{port}"
        yield idp
