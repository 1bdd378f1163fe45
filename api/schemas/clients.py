from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from engine.vocabulary import CaseStatus, Uitkomst

from .handovers import HandoverRead


class JourneyCaseRead(BaseModel):
    """One case of the client's journey."""

    case_id: str
    process_id: str
    process_name: str
    process_version: int
    phase: str | None = Field(description="the process's fase, 0 (melding en poort) to 9 (rechtsbescherming)")
    gemeente: str
    status: CaseStatus
    outcome: str | None = Field(
        description="the end event the case reached; null while it runs or when cancelled"
    )
    outcome_type: Uitkomst | None = Field(
        description="the uitkomst of that end event (toegekend, uitstroom_werk, ...); null while it runs"
    )
    started_at: dt.datetime
    ended_at: dt.datetime | None
    lead_time_seconds: float = Field(
        description=(
            "from start to end, or until now while the case runs, less the days a hersteltermijn suspended it"
        )
    )
    handovers: list[HandoverRead] | None = Field(
        description="its handovers between roles in order; null when you see only the tasks assigned to you"
    )
    origin_case_id: str | None = Field(
        None, description="the case of this journey whose end started this one (a follow-up case)"
    )
    follow_up_case_id: str | None = Field(
        None, description="the case of this journey this one's end started as its follow-up"
    )

    @classmethod
    def of(cls, step: Any) -> JourneyCaseRead:
        case = step.case
        version = case.process_version
        return cls(
            case_id=case.id,
            process_id=case.process_id,
            process_name=version.name,
            process_version=version.number,
            phase=step.phase,
            gemeente=case.gemeente,
            status=case.status,
            outcome=step.outcome,
            outcome_type=case.outcome_type,
            started_at=case.started_at,
            ended_at=case.ended_at,
            lead_time_seconds=step.lead_time.total_seconds(),
            handovers=None
            if step.handovers is None
            else [HandoverRead.model_validate(h) for h in step.handovers],
            origin_case_id=step.origin,
            follow_up_case_id=step.follow_up,
        )


class JourneyRead(BaseModel):
    """Every case of one client reference you may read, in the order they started."""

    client_ref: str
    started_at: dt.datetime = Field(description="when the first case started")
    ended_at: dt.datetime | None = Field(description="when the last case ended; null while one runs")
    lead_time_seconds: float = Field(description="from the first start to the last end, or until now")
    handovers: int = Field(description="handovers over all cases you see the handovers of")
    cases: list[JourneyCaseRead]

    @classmethod
    def of(cls, client_ref: str, steps: list[Any], now: dt.datetime) -> JourneyRead:
        cases = [JourneyCaseRead.of(s) for s in steps]
        running = any(c.ended_at is None for c in cases)
        ended_at = None if running else max(c.ended_at for c in cases if c.ended_at is not None)
        started_at = min(c.started_at for c in cases)
        return cls(
            client_ref=client_ref,
            started_at=started_at,
            ended_at=ended_at,
            lead_time_seconds=((ended_at or now) - started_at).total_seconds(),
            handovers=sum(len(c.handovers or []) for c in cases),
            cases=cases,
        )
