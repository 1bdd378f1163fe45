from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Query, Response

from engine import diagram, processes, reports, steering
from engine.models import utcnow
from engine.vocabulary import SteeringLine

from ..deps import PeriodDep, ReportReader, SessionDep, TransactionalRoute
from ..routing import PrefixRouter
from ..schemas.reports import (
    BenchmarkRead,
    DeadlineRead,
    ElementStatisticsRead,
    HandoverReportRead,
    KpiReportRead,
    LeadTimesRead,
    OutcomeGroupRead,
    OutcomeReportRead,
)

router = PrefixRouter(prefix="/reports", tags=["reports"], route_class=TransactionalRoute)


@router.get(
    "/handovers",
    response_model=HandoverReportRead,
    summary="Handovers per pair of roles and the wait until pick-up",
)
def handover_report(
    session: SessionDep,
    actor: ReportReader,
    period: PeriodDep,
    process: str | None = None,
    gemeente: str | None = None,
    norm_hours: Annotated[
        float,
        Query(
            gt=0,
            le=24 * 365,
            allow_inf_nan=False,
            description="a handover waiting longer than this is overdue",
        ),
    ] = 24,
) -> HandoverReportRead:
    report = reports.handover_report(
        session,
        actor,
        process_id=process,
        gemeente=gemeente,
        period=period,
        norm_hours=norm_hours,
    )
    return HandoverReportRead.model_validate(report)


@router.get(
    "/processes/{process_id}/statistics",
    response_model=list[ElementStatisticsRead],
    summary="Per task: cases there now, cases that passed, mean time spent",
)
def element_statistics(
    session: SessionDep, actor: ReportReader, process_id: str, gemeente: str | None = None
) -> list[ElementStatisticsRead]:
    processes.latest_version(session, process_id)
    return [
        ElementStatisticsRead.model_validate(s)
        for s in reports.element_statistics(session, actor, process_id, gemeente)
    ]


@router.get(
    "/processes/{process_id}/heatmap.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
    summary="The process diagram coloured by where cases are now (badge: open / passed)",
)
def heatmap(
    session: SessionDep, actor: ReportReader, process_id: str, gemeente: str | None = None
) -> Response:
    version = processes.latest_version(session, process_id)
    assert version is not None
    stats = reports.element_statistics(session, actor, process_id, gemeente)
    most = max((s.open for s in stats), default=0) or 1
    mark = diagram.Highlight(
        heat={s.element_id: s.open / most for s in stats},
        captions={s.element_id: f"{s.open} / {s.completed}" for s in stats},
        title=f"{version.name}: waar staan de zaken (open / afgerond)",
    )
    xml = processes.version_files(session, version)[version.summary["file"]]
    return Response(diagram.render(xml, mark), media_type="image/svg+xml")


@router.get(
    "/processes/{process_id}/lead-times",
    response_model=LeadTimesRead,
    summary="Doorlooptijd against the norm",
)
def lead_times(
    session: SessionDep,
    actor: ReportReader,
    period: PeriodDep,
    process_id: str,
    norm_days: Annotated[
        float | None,
        Query(
            gt=0,
            le=3660,
            allow_inf_nan=False,
            description="overrides the process property 'doorlooptijd' (ISO 8601, e.g. P8W)",
        ),
    ] = None,
) -> LeadTimesRead:
    """The lead time of the cases that completed in the period (less the days a hersteltermijn suspended
    them) against the norm, and the cases running now."""
    version = processes.latest_version(session, process_id)
    assert version is not None
    norm = dt.timedelta(days=norm_days) if norm_days else None
    return LeadTimesRead.model_validate(reports.lead_times(session, actor, version, period, norm=norm))


@router.get(
    "/deadlines",
    response_model=list[DeadlineRead],
    summary="Running cases whose next term falls within N days",
)
def deadlines(
    session: SessionDep,
    actor: ReportReader,
    days: Annotated[int, Query(ge=1, le=366)] = 14,
    gemeente: str | None = None,
) -> list[DeadlineRead]:
    now = utcnow()
    return [
        DeadlineRead(
            case_id=c.id,
            process_id=c.process_id,
            gemeente=c.gemeente,
            next_timer_at=c.next_timer_at,
            days_left=round((c.next_timer_at - now).total_seconds() / 86400, 2),
        )
        for c in reports.deadlines(session, actor, days, gemeente)
        if c.next_timer_at is not None
    ]


Month = Annotated[
    str | None,
    Query(
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        description="a calendar month (UTC), YYYY-MM; without it the twelve months up to this one",
        examples=["2026-11"],
    ),
]


@router.get(
    "/kpis",
    response_model=KpiReportRead,
    summary="KPIs of the four steering lines per gemeente and month (docs/steering.md)",
)
def kpis(
    session: SessionDep,
    actor: ReportReader,
    month: Month = None,
    gemeente: str | None = None,
    stuurlijn: SteeringLine | None = None,
) -> KpiReportRead:
    return KpiReportRead.model_validate(
        steering.kpis(session, actor, gemeente=gemeente, month=month, stuurlijn=stuurlijn)
    )


@router.get(
    "/benchmark",
    response_model=BenchmarkRead,
    summary="The KPIs side by side per gemeente, or per handover variant, per month; JSON or CSV",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def benchmark(
    session: SessionDep,
    actor: ReportReader,
    month: Month = None,
    stuurlijn: SteeringLine | None = None,
    by: Annotated[
        Literal["gemeente", "variant"],
        Query(description="a column per gemeente, or per handover variant (taakgericht, regiegericht)"),
    ] = "gemeente",
    format: Annotated[Literal["json", "csv"], Query(description="csv: a row per month and KPI")] = "json",
) -> Any:
    found = steering.benchmark(session, actor, by=by, month=month, stuurlijn=stuurlijn)
    if format == "csv":
        name = (
            f"benchmark-{by}-{found.months[0]}{'' if len(found.months) == 1 else '-' + found.months[-1]}.csv"
        )
        return Response(
            steering.benchmark_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return BenchmarkRead.model_validate(found)


@router.get(
    "/outcomes",
    response_model=OutcomeReportRead,
    responses={404: {"description": "?process, or its ?version, does not exist"}},
    summary="Per process, gemeente and version: cases started, ended, by outcome, lead time against the norm",
)
def outcome_report(
    session: SessionDep,
    actor: ReportReader,
    period: PeriodDep,
    process: str | None = None,
    gemeente: str | None = None,
    version: Annotated[
        int | None, Query(ge=1, le=1_000_000, description="a version number of ?process")
    ] = None,
) -> OutcomeReportRead:
    """Cases started and ended in the period; the completed ones by the outcome type of the end event that
    ended them (docs/modelling.md), with their lead time against the version's norm."""
    groups = reports.outcome_report(
        session, actor, process_id=process, gemeente=gemeente, period=period, version=version
    )
    return OutcomeReportRead(groups=[OutcomeGroupRead.model_validate(g) for g in groups])
