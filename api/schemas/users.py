from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.vocabulary import Role


class UserCreate(BaseModel):
    name: str = Field(examples=["anne"])
    roles: list[str] = Field(examples=[["werkcoach"]])
    gemeenten: list[str] = Field(default_factory=list, examples=[["woerden"]])


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    roles: list[Role]
    gemeenten: list[str]
    created_at: dt.datetime


class UserCreated(UserRead):
    token: str = Field(description="bearer token; shown only this once")
