from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.vocabulary import Role

from .handovers import HandoverRead


class WaitsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    median: float | None = Field(description="seconds")
    p90: float | None = Field(description="seconds")
    max: float | None = Field(description="seconds")


class HandoverGroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    process_id: str
    gemeente: str
    from_role: Role | None
    to_role: Role | None
    handovers: int
    picked_up: int
    withdrawn: int = Field(
        description="withdrawn with their receiving task before a pick-up (boundary event, gateway,"
        " event subprocess, case cancelled or ended): not waiting, and not in the waits"
    )
    wait: WaitsRead = Field(description="from handover to pick-up, of those picked up")
    waiting_over_norm: int = Field(description="not picked up nor withdrawn, waiting longer than the norm")


class HandoverReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    norm_hours: float
    groups: list[HandoverGroupRead]
    overdue: list[HandoverRead] = Field(
        description="handovers still waiting longer than the norm, oldest first"
    )


class ElementStatisticsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    element_id: str
    name: str
    open: int = Field(description="cases at this task now")
    completed: int = Field(description="cases that passed this task")
    mean_seconds: float | None = Field(description="mean time from ready to completed")


class LeadTimesRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    process_id: str
    completed: int
    running: int
    lead_time: WaitsRead = Field(description="doorlooptijd of completed cases, seconds")
    norm_seconds: float | None = Field(
        description="the norm: ?norm_days, else the process property 'doorlooptijd'"
    )
    over_norm: int


class DeadlineRead(BaseModel):
    case_id: str
    process_id: str
    gemeente: str
    next_timer_at: dt.datetime
    days_left: float
