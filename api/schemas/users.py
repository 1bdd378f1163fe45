from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.users import MAX_TOKEN_DAYS
from engine.vocabulary import Role


class UserCreate(BaseModel):
    name: str = Field(examples=["anne"])
    roles: list[str] = Field(examples=[["werkcoach"]])
    gemeenten: list[str] = Field(default_factory=list, examples=[["woerden"]])
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
    created_at: dt.datetime
    token_expires_at: dt.datetime | None = Field(
        description="when the bearer token stops working; null: revoked (`procesregie user revoke`)"
    )


class UserCreated(UserRead):
    token: str = Field(description="bearer token; shown only this once")
