from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from engine.steering import KpiStatus, Unit, Variant
from engine.vocabulary import Organisatie, Role, SteeringLine, Uitkomst

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


class OrganisationPairRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_organisatie: Organisatie | None = Field(description="null: a lane whose model names no organisation")
    to_organisatie: Organisatie | None
    handovers: int
    picked_up: int
    withdrawn: int
    wait: WaitsRead = Field(description="from handover to pick-up, of those picked up")
    waiting_over_norm: int


class HandoverReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    norm_hours: float
    groups: list[HandoverGroupRead]
    organisations: list[OrganisationPairRead] = Field(
        description="handovers between the organisations that hold the lanes' work (who holds the "
        "uitvoeringsregie, who works as subcontractor), busiest pair first"
    )
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
        description="the norm: ?norm_days, else the property 'doorlooptijd' of the latest version"
    )
    over_norm: int = Field(
        description="completed cases that took longer than ?norm_days, else than their own version's norm"
    )


class DeadlineRead(BaseModel):
    case_id: str
    process_id: str
    gemeente: str
    next_timer_at: dt.datetime
    days_left: float


class KpiValueRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    gemeente: str = Field(description="the gemeente, or in the benchmark by variant the variant")
    month: str = Field(description="calendar month in UTC, YYYY-MM")
    stuurlijn: SteeringLine
    key: str = Field(description="the KPI, defined in docs/steering.md")
    label: str
    unit: Unit
    status: KpiStatus = Field(
        description="ok: counted; missing: the processes do not record what it needs (see reason), never"
        " reported as 0; pending: its window (duurzaamheid) has not yet passed"
    )
    value: float | None = Field(
        description="aantal and euro: the numerator; aandeel: numerator/denominator; per_100: 100 times"
        " that; uren: the mean. None when not ok, or a ratio of nothing (denominator 0)"
    )
    numerator: float | None
    denominator: float | None = Field(description="of a ratio (aandeel, per_100, uren); None for a count")
    reason: str | None = Field(description="why the KPI is missing or pending")


class KpiReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    months: list[str]
    gemeenten: list[str]
    values: list[KpiValueRead] = Field(description="per KPI, month and gemeente")


class BenchmarkRowRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    month: str
    stuurlijn: SteeringLine
    key: str
    label: str
    unit: Unit
    values: dict[str, KpiValueRead] = Field(description="by column: gemeente or handover variant")


class VariantUseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    gemeente: str
    month: str
    variant: Variant = Field(
        description="the kandidaat-matchbaar-overdragen process whose cases started that month: taakgericht,"
        " regiegericht, beide, or geen"
    )


class BenchmarkRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    by: str = Field(description="gemeente or variant")
    months: list[str]
    columns: list[str] = Field(description="the gemeenten, or the handover variants")
    variants: list[VariantUseRead] = Field(description="the variant each gemeente ran per month")
    rows: list[BenchmarkRowRead]


class OutcomeGroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    process_id: str
    name: str = Field(description="the process's name in this version")
    gemeente: str
    version: int = Field(description="the process version the cases ran on")
    started: int = Field(description="cases started in the period")
    ended: int = Field(description="cases completed or cancelled in the period")
    cancelled: int = Field(description="of those ended: cancelled before their process ended")
    by_outcome: dict[Uitkomst, int] = Field(
        description="of those ended: completed, per outcome type of the end event that ended them"
    )
    without_type: int = Field(
        description="of those ended: completed at an end without an outcome type (a model from elsewhere,"
        " or completed before migration 0018 at an end its history does not identify)"
    )
    lead_time: WaitsRead = Field(description="start to end of the completed ones, seconds")
    norm_seconds: float | None = Field(
        description="the version's norm lead time: its property 'doorlooptijd' (ISO 8601, e.g. P8W)"
    )
    over_norm: int = Field(description="completed ones that took longer than the norm")


class OutcomeReportRead(BaseModel):
    groups: list[OutcomeGroupRead] = Field(description="per process, gemeente and version")
