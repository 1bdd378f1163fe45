from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class BreakRead(BaseModel):
    case_id: str
    seq: int | None = Field(description="the first event that does not fit, when there is one")
    reason: str


class VerificationRead(BaseModel):
    ok: bool
    cases: int = Field(description="cases whose chains were checked")
    events: int = Field(description="events whose hashes were recomputed")
    first_broken: BreakRead | None


class AccessRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: dt.datetime
    actor: str
    roles: list[str]
    case_id: str
    gemeente: str
    action: str = Field(description="case, tasks or history: what was read")
    reason: str | None = Field(description="the X-Reason the reader gave")
