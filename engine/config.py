"""Settings, read once from the environment (prefix PROCESREGIE_)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


def default_home() -> Path:
    """Where procesregie keeps its SQLite database and key files unless told otherwise: the same
    folder whatever the current folder ($XDG_DATA_HOME/procesregie, else ~/.local/share/procesregie)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "procesregie"


class Settings(BaseSettings):
    """Configuration of the engine, the service and the timer worker."""

    model_config = SettingsConfigDict(env_prefix="PROCESREGIE_", env_file=".env", extra="ignore")

    # The folder of the default SQLite database and of the key files made on first start.
    home: Path = Field(default_factory=default_home)
    database_url: str = ""  # empty: the SQLite database procesregie.sqlite3 in `home`
    # Connections each service worker keeps open, and how many more it may open at a busy moment.
    # A request thread holds one connection; one that finds the pool full opens a connection and
    # closes it again afterwards, which costs PostgreSQL a new backend process each time.
    database_pool_size: int = 20
    database_max_overflow: int = 20
    # How long opening a PostgreSQL connection may take (libpq's connect_timeout, whole seconds, at
    # least 2) before the request gets 503: a server that accepts and never answers holds no request long.
    database_connect_timeout_seconds: int = Field(default=5, ge=2)
    # The longest GET /ready takes: a database that does not answer within it is reported unreachable.
    ready_timeout_seconds: float = Field(default=2.0, gt=0)
    # Threads per service worker that run requests. Requests are short and mostly CPU work under
    # one GIL, so a few threads keep a core busy; more only contend (16 clients on 2 workers:
    # 4 threads did 15 % more completions/s than anyio's default of 40).
    worker_threads: int = 4
    # How long a worker of `serve --workers N` may go without reporting to the supervisor (it does
    # every half of this) before it is replaced. Workers are forked from a supervisor that has built
    # the app and serve at once (ADR 35), so a short timeout holds on a busy machine too. The name
    # it had while it bounded a worker's start is still read.
    worker_timeout_seconds: int = Field(
        default=10,
        ge=2,
        validation_alias=AliasChoices(
            "PROCESREGIE_WORKER_TIMEOUT_SECONDS", "PROCESREGIE_WORKER_START_TIMEOUT_SECONDS"
        ),
    )
    processes_dir: Path = ROOT / "processes"
    profiles_dir: Path = ROOT / "processes" / "profielen"
    timer_interval_seconds: float = 5.0
    timer_batch_size: int = 50
    # How often the service and the timer workers seal the heads of all cases (docs/auditor.md#seals);
    # one pass over three columns of the cases table. 0: never (run `procesregie audit seal` instead).
    audit_seal_interval_seconds: float = Field(default=3600.0, ge=0)
    environment: Literal["development", "production"] = "development"
    # HMAC key for BSN hashes and user pseudonyms. Empty: the key in `home`/bsn.key, made (random,
    # readable by its owner only) on first use; production must set it, and keep it: a new key
    # makes every stored BSN hash unfindable.
    bsn_key: str = ""
    # Signs the console's cookies; empty: `home`/secret.key, made on first start when missing.
    secret_key_file: Path | None = None
    console_sign_in_hours: float = 8.0  # a console sign-in ends after a working day
    # How long a bearer token works when `user add`, `user token` or POST /users give no --days.
    token_days: int = Field(default=90, ge=1, le=3650)
    # The largest request body the service reads (413 above it): room for a deploy of a BPMN file
    # of the largest size a deploy takes (5 MB) with the files it calls; staff's JSON is a few kB.
    max_request_bytes: int = Field(default=10_000_000, ge=1)
    # How long a worker keeps who a credential belongs to (engine/identities.py, ADR 27); a change of
    # users or sign-ins ends it at once in every worker. 0: look every request up in the database.
    identity_cache_seconds: float = Field(default=60.0, ge=0)
    # Cases whose workflow a worker keeps after their last step, so that their next step on this worker
    # need not restore it from the stored state (engine/workflow_cache.py, ADR 43). 0: keep none.
    workflow_cache_size: int = Field(default=1000, ge=0)

    @property
    def console_sign_in_lifetime(self) -> dt.timedelta:
        return dt.timedelta(hours=self.console_sign_in_hours)

    @model_validator(mode="after")
    def _defaults_in_home(self) -> Settings:
        if self.environment == "production" and len(self.bsn_key) < 32:
            raise ValueError(
                "PROCESREGIE_BSN_KEY must be set to a random key of at least 32 characters in production"
            )
        if not self.database_url:
            self.home.mkdir(parents=True, exist_ok=True)  # SQLite makes the file, not its folder
            self.database_url = f"sqlite:///{self.home / 'procesregie.sqlite3'}"
        if self.secret_key_file is None:
            self.secret_key_file = self.home / "secret.key"
        if not self.bsn_key:
            self.home.mkdir(parents=True, exist_ok=True)
            self.bsn_key = secret_key(self.home / "bsn.key")[0]
        return self

    def cookie_key(self) -> tuple[str, Path, bool]:
        """The key that signs the console's cookies, its file, and whether it was made just now."""
        assert self.secret_key_file is not None  # set from `home` when the settings are read
        self.secret_key_file.parent.mkdir(parents=True, exist_ok=True)
        key, made = secret_key(self.secret_key_file)
        return key, self.secret_key_file, made


@lru_cache
def get_settings() -> Settings:
    return Settings()


def secret_key(path: Path) -> tuple[str, bool]:
    """The key in ``path``, made first if the file does not exist; and whether it was made now.

    A new key is written to a file of its own and linked to ``path`` only when complete, so a process
    starting at the same moment (a second worker, a second test worker) either makes the key or
    reads the whole of the one another made, never an empty file."""
    key = secrets.token_urlsafe(48)
    descriptor, written = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(key + "\n")
        os.link(written, path)
    except FileExistsError:
        key = path.read_text().strip()
        if len(key) < 32:
            raise ValueError(f"the secret key in {path} is shorter than 32 characters") from None
        return key, False
    finally:
        os.unlink(written)
    return key, True


class TimerLimits(BaseSettings):
    """Bounds lint puts on the timers of a model (docs/modelling.md), read from the environment."""

    model_config = SettingsConfigDict(env_prefix="PROCESREGIE_", env_file=".env", extra="ignore")

    # The longest duration a timer may wait, and how far ahead a timer date may lie.
    timer_max_years: float = Field(default=10.0, gt=0)
    # The most repetitions of a timer cycle (R5/P1W repeats 5 times); a cycle must name its count.
    timer_max_repetitions: int = Field(default=100, ge=1)


@lru_cache
def timer_limits() -> TimerLimits:
    return TimerLimits()


def loopback(url: str) -> bool:
    """Whether a URL points at this machine (where plain http is allowed, for tests and development)."""
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


class OidcSettings(BaseSettings):
    """OpenID Connect (docs/security.md#openid-connect): off unless PROCESREGIE_OIDC_ISSUER is set."""

    model_config = SettingsConfigDict(env_prefix="PROCESREGIE_OIDC_", env_file=".env", extra="ignore")

    # The provider's issuer URL, exactly as its tokens' `iss` (Keycloak: https://HOST/realms/REALM).
    issuer: str = ""
    # The `aud` a bearer JWT must name; empty: the client id.
    audience: str = ""
    # Where the provider's keys are: a JWKS file, or an https URL; empty: `jwks_uri` from the discovery.
    jwks: str = ""
    # Claims, as dotted paths into the token (Keycloak's realm roles: realm_access.roles).
    username_claim: str = "preferred_username"  # `sub` when the token has no such claim
    roles_claim: str = "roles"
    gemeenten_claim: str = "gemeenten"
    # Only roles with this prefix count, without it ("procesregie-" turns "procesregie-werkcoach" into
    # "werkcoach"); empty: every value that is a role of procesregie.
    role_prefix: str = ""
    # The console's client at the provider (authorization code flow with PKCE); empty: no console sign-in.
    client_id: str = ""
    client_secret: str = ""
    name: str = ""  # the provider as the sign-in page names it ("Aanmelden via ..."); empty: its host
    leeway_seconds: int = Field(default=30, ge=0, le=300)  # clock difference allowed on exp, nbf and iat

    @property
    def enabled(self) -> bool:
        return bool(self.issuer)

    @property
    def display_name(self) -> str:
        return self.name or urlsplit(self.issuer).hostname or self.issuer

    @model_validator(mode="after")
    def _usable(self) -> OidcSettings:
        if not self.issuer:
            return self
        for variable, url in (("ISSUER", self.issuer), ("JWKS", self.jwks)):
            if "://" in url and not (url.startswith("https://") or loopback(url)):
                raise ValueError(f"PROCESREGIE_OIDC_{variable} must be an https URL (or a file for JWKS)")
        if "://" not in self.issuer:
            raise ValueError("PROCESREGIE_OIDC_ISSUER must be the provider's https URL")
        if not (self.audience or self.client_id):
            raise ValueError("set PROCESREGIE_OIDC_AUDIENCE (or PROCESREGIE_OIDC_CLIENT_ID) with the ISSUER")
        if self.jwks and "://" not in self.jwks and not Path(self.jwks).is_file():
            raise ValueError(f"PROCESREGIE_OIDC_JWKS: no such file {self.jwks}")
        return self
