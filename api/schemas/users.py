from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.users import MAX_TOKEN_DAYS
from engine.vocabulary import Organisatie, Role, UserSource


class UserCreate(BaseModel):
    name: str = Field(examples=["anne"])
    roles: list[str] = Field(examples=[["werkcoach"]])
    gemeenten: list[str] = Field(default_factory=list, examples=[["woerden"]])
    organisatie: Organisatie | None = Field(
        default=None, description="the organisation that employs the user", examples=["sociale_dienst"]
    )
    token_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_TOKEN_DAYS,
        description="days the token works; the service's PROCESREGIE_TOKEN_DAYS (90) when left out",
    )


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    roles: list[Role]
    gemeenten: list[str]
    organisatie: Organisatie | None = Field(
        default=None, description="the organisation that employs the user; null: not recorded"
    )
    created_at: dt.datetime
    token_expires_at: dt.datetime | None = Field(
        description="when the bearer token stops working; null: revoked (`DELETE /users/{name}/token`)"
    )
    disabled_at: dt.datetime | None = Field(
        default=None, description="since when the user is disabled (no token, no console); null: active"
    )
    source: UserSource = Field(
        default=UserSource.BUILTIN,
        description="builtin: password and token of procesregie; oidc: signs in through the OpenID Connect "
        "provider, which gives the roles and gemeenten",
    )


class UserWithToken(UserRead):
    token: str = Field(description="bearer token; shown only this once")


class UserUpdate(BaseModel):
    """What a beheerder changes of a user; what is left out stays as it is."""

    roles: list[str] | None = Field(default=None, examples=[["werkcoach", "jobcoach"]])
    gemeenten: list[str] | None = Field(
        default=None, description="replaces the user's gemeenten", examples=[["woerden"]]
    )
    disabled: bool | None = Field(
        default=None, description="true: the token and console sign-ins stop at once; false: enabled again"
    )
    organisatie: Organisatie | None = Field(
        default=None,
        description="the organisation that employs the user; sent as null it is no longer recorded",
    )


class TokenRequest(BaseModel):
    token_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_TOKEN_DAYS,
        description="days the new token works; the service's PROCESREGIE_TOKEN_DAYS (90) when left out",
    )
