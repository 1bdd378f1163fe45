from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from engine.vocabulary import CaseStatus, EventType, Uitkomst

from . import Data
from .tasks import TaskRead


class CaseCreate(BaseModel):
    process_id: str = Field(min_length=1, examples=["aanvraag_levensonderhoud_behandelen"])
    gemeente: str = Field(min_length=1, examples=["woerden"])
    client_ref: str = Field(
        min_length=1, max_length=100, description="the client's reference in the case system (not a BSN)"
    )
    bsn: str | None = Field(
        None, description="the client's BSN: checked with the elfproef, stored only as a keyed hash"
    )
    data: Data = Field(default_factory=dict, description="values for the start event's form")


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    process_id: str
    process_version: int
    process_version_hash: str
    gemeente: str
    client_ref: str
    status: CaseStatus
    data: dict[str, Any]
    started_at: dt.datetime
    started_by: str
    ended_at: dt.datetime | None
    next_timer_at: dt.datetime | None = Field(description="when the next timer of the case is due")
    outcome_element: str | None = Field(
        None,
        description="the end event that ended the completed case (never the end of an escalation branch)",
        examples=["EndEvent_bijstand_toegekend"],
    )
    outcome_type: Uitkomst | None = Field(
        None,
        description="that end event's outcome type (its uitkomst; docs/modelling.md)",
        examples=["toegekend"],
    )
    origin_case_id: str | None = Field(
        None,
        description="the case whose end started this one as its follow-up (the end event's "
        "vervolgproces); null when someone started it, or when you may not read that case",
    )
    follow_up_case_id: str | None = Field(
        None,
        description="the follow-up case this case's end started; null when none, or when you may not read it",
    )
    tasks: list[TaskRead] = Field(description="open tasks (ready or claimed)")

    @classmethod
    def of(cls, case: Any, tasks: list[Any], links: tuple[Any, Any] = (None, None)) -> CaseRead:
        return cls(
            id=case.id,
            process_id=case.process_id,
            process_version=case.process_version.number,
            process_version_hash=case.process_version.content_hash,
            gemeente=case.gemeente,
            client_ref=case.client_ref,
            status=case.status,
            data=case.data or {},
            started_at=case.started_at,
            started_by=case.started_by,
            ended_at=case.ended_at,
            next_timer_at=case.next_timer_at,
            outcome_element=case.outcome_element,
            outcome_type=case.outcome_type,
            origin_case_id=links[0].id if links[0] is not None else None,
            follow_up_case_id=links[1].id if links[1] is not None else None,
            tasks=[TaskRead.of(t) for t in tasks],
        )


class MessageCreate(BaseModel):
    data: Data = Field(
        default_factory=dict, description="payload; stored in the case data under the message name"
    )


class CaseCancel(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    type: EventType
    at: dt.datetime
    actor: str
    role: str | None
    process_id: str
    process_version_hash: str = Field(
        description="content hash of the process version the event happened under"
    )
    task_id: str | None
    task_name: str | None
    data: dict[str, Any]
    hash: str
