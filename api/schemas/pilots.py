from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from engine.vocabulary import PilotStatus

Gemeente = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class PilotCreate(BaseModel):
    version: int = Field(ge=1, le=2**31 - 1, description="the version to try; not the one new cases start on")
    share: float = Field(
        gt=0, lt=1, allow_inf_nan=False, description="the share of new cases that start on it: 0.2 is 20 %"
    )
    gemeenten: list[Gemeente] = Field(
        min_length=1, max_length=100, description="where; one running pilot per process and gemeente"
    )
    reason: str = Field(default="", max_length=500, description="why; kept with the change for the auditor")


class PilotChange(BaseModel):
    reason: str = Field(default="", max_length=500, description="why; kept with the change for the auditor")


class PilotRead(BaseModel):
    """A pilot: which version, for which share of the new cases, where, and how it stands."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    process_id: str
    version: int = Field(validation_alias="number", description="the version tried")
    share: float
    gemeenten: list[str]
    reason: str
    status: PilotStatus = Field(description="running, promoted (its version is the one in use) or ended")
    started_at: dt.datetime
    started_by: str
    ended_at: dt.datetime | None
    ended_by: str | None


class DurationsRead(BaseModel):
    """Seconds: median and 90th percentile (interpolated, as PostgreSQL's percentile_cont) and maximum."""

    median: float | None
    p90: float | None
    max: float | None


class VersionHandoversRead(BaseModel):
    handovers: int
    per_case: float | None = Field(description="handovers per case of the version")
    picked_up: int
    waiting: int
    withdrawn: int
    wait: DurationsRead = Field(description="from handover to pick-up, of those picked up")


class VersionResultsRead(BaseModel):
    """One version's cases in the pilot's draw, side by side with the other's."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    pilot: bool = Field(description="the pilot's version (else the version the other cases started on)")
    cases: int = Field(description="cases of the pilot's gemeenten (yours) the draw put on this version")
    share: float | None = Field(description="of the pilot's cases")
    running: int
    completed: int
    cancelled: int
    outcomes: dict[str, int] = Field(
        description="completed cases by outcome type (the uitkomst of the end that ended them; "
        "zonder_type: an end without one)"
    )
    lead_time: DurationsRead = Field(description="doorlooptijd of the completed cases")
    norm_seconds: float | None = Field(description="the version's norm (its property doorlooptijd)")
    within_norm: int | None = Field(description="completed cases within the norm; null without a norm")
    handovers: VersionHandoversRead
    terms_passed: int = Field(description="cases where a term (timer) of the process passed")


class PilotReportRead(BaseModel):
    pilot: PilotRead
    versions: list[VersionResultsRead]

    @classmethod
    def of(cls, report: Any) -> PilotReportRead:
        return cls.model_validate(report, from_attributes=True)
