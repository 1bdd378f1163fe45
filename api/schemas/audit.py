from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from engine.vocabulary import CaseStatus, EventType, Role

from . import A_NUMBER, Moment


class BreakRead(BaseModel):
    case_id: str
    seq: int | None = Field(description="the first event that does not fit, when there is one")
    reason: str


class VerificationRead(BaseModel):
    ok: bool
    cases: int = Field(description="cases whose chains were checked")
    events: int = Field(description="events whose hashes were recomputed")
    first_broken: BreakRead | None
    seals_checked: bool = Field(
        description="false here: a seal covers the cases of every gemeente, so only the command line's "
        "`procesregie audit verify` checks the seals (a case deleted with all its events)"
    )


class AccessRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: dt.datetime
    actor: str
    roles: list[str]
    case_id: str
    gemeente: str
    action: str = Field(description="case, tasks or history: what was read")
    reason: str | None = Field(description="the X-Reason the reader gave")


class EventSearch(BaseModel):
    """Filters for searching audit events; sent in the body so a BSN never appears in a URL."""

    model_config = ConfigDict(extra="forbid")

    process_id: str | None = None
    gemeente: str | None = None
    since: Moment | None = None
    until: Moment | None = None
    actor: str | None = None
    role: Role | None = None
    type: EventType | None = None
    case_status: CaseStatus | None = None
    client_ref: str | None = None
    bsn: str | None = Field(None, description="searched through its keyed hash; never returned")
    # At most 2**53 - 1, the largest integer a JSON number holds exactly.
    after: Annotated[int, Field(ge=0, le=2**53 - 1), A_NUMBER] | None = Field(
        None, description="the cursor: next_cursor of the previous page"
    )
    limit: Annotated[int, Field(ge=1, le=1000), A_NUMBER] = 100


class EventHit(BaseModel):
    event_id: int
    case_id: str
    seq: int
    type: EventType
    at: str
    actor: str
    role: Role | None
    process_id: str
    process_version_hash: str
    gemeente: str
    case_status: CaseStatus
    task_id: str | None
    task_name: str | None
    data: dict[str, Any]


class EventPage(BaseModel):
    items: list[EventHit]
    next_cursor: int | None = Field(description="pass as 'after' for the next page; null at the end")
