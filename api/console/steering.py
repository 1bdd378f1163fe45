"""The procesregisseur's steering pages: the KPIs of the four steering lines of one gemeente month by
month (/ui/regie/kpis), and the benchmark that sets one month's KPIs side by side per gemeente or per
handover variant (/ui/regie/benchmark), with its CSV.

The same figures as the API's /reports/kpis and /reports/benchmark (engine.steering), behind the same
rule (procesregisseur or auditor) and gemeente scoping; docs/steering.md defines each KPI.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine import steering
from engine.models import utcnow
from engine.steering import KpiStatus, KpiValue, Unit
from engine.vocabulary import SteeringLine

from ..deps import SessionDep, TransactionalRoute
from .web import ReportReader, render

router = APIRouter(route_class=TransactionalRoute)

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
LINES = {line.value: line for line in SteeringLine}


def shown(value: KpiValue | None) -> str:
    """A KPI's value as the page shows it: Dutch number formats; never 0 for what is not known."""
    if value is None:
        return ""
    if value.status == KpiStatus.MISSING:
        return "ontbreekt"
    if value.status == KpiStatus.PENDING:
        return "nog niet bekend"
    if value.value is None:
        return "–"
    number = value.value
    if value.unit == Unit.AANDEEL:
        return f"{number * 100:.0f} %"
    if value.unit == Unit.PER_100:
        return f"{number:.1f}".replace(".", ",")
    if value.unit == Unit.UREN:
        return f"{number:.1f} u".replace(".", ",")
    if value.unit == Unit.EURO:
        return "€ " + f"{number:,.0f}".replace(",", ".")
    return f"{number:,.0f}".replace(",", ".")


def _check(actor: Any, gemeente: str, maand: str, stuurlijn: str) -> dict[str, str]:
    errors = {}
    if gemeente and gemeente not in actor.gemeenten:
        errors["gemeente"] = "kies een van uw gemeenten"
    if maand and not MONTH.match(maand):
        errors["maand"] = "vul een maand in als jjjj-mm, bijvoorbeeld 2026-11"
    if stuurlijn and stuurlijn not in LINES:
        errors["stuurlijn"] = "kies een stuurlijn uit de lijst"
    return errors


def _sections(definitions: list[steering.Definition]) -> list[tuple[str, list[steering.Definition]]]:
    grouped: dict[str, list[steering.Definition]] = {}
    for d in definitions:
        grouped.setdefault(d.line.value, []).append(d)
    return list(grouped.items())


@router.get("/regie/kpis")
def kpis(
    request: Request,
    session: SessionDep,
    signed: ReportReader,
    gemeente: Annotated[str, Query(max_length=100)] = "",
    maand: Annotated[str, Query(max_length=20)] = "",
    stuurlijn: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    actor = signed.actor
    gemeenten = sorted(actor.gemeenten)
    filters = {"gemeente": gemeente, "maand": maand, "stuurlijn": stuurlijn}
    errors = _check(actor, gemeente, maand, stuurlijn)
    context: dict[str, Any] = {
        "filters": filters,
        "errors": errors,
        "gemeenten": gemeenten,
        "lines": list(LINES),
        "shown": shown,
    }
    if errors:
        return render(
            request, "regie_kpis.html", signed, status_code=422, title="KPI's per stuurlijn", **context
        )
    the_gemeente = gemeente or (gemeenten[0] if gemeenten else None)
    line = LINES.get(stuurlijn)
    report = steering.kpis(session, actor, gemeente=the_gemeente, month=maand or None, stuurlijn=line)
    cells = {(v.key, v.month): v for v in report.values}
    definitions = [d for d in steering.DEFINITIONS if line is None or d.line == line]
    return render(
        request,
        "regie_kpis.html",
        signed,
        title="KPI's per stuurlijn",
        **context,
        the_gemeente=the_gemeente,
        months=report.months,
        sections=_sections(definitions),
        lookup=lambda d, m: cells.get((d.key, m)),
        missing=[
            d for d in definitions if any(v.key == d.key and v.status == "missing" for v in report.values)
        ],
        now=utcnow(),
    )


@router.get("/regie/benchmark")
def benchmark(
    request: Request,
    session: SessionDep,
    signed: ReportReader,
    maand: Annotated[str, Query(max_length=20)] = "",
    stuurlijn: Annotated[str, Query(max_length=40)] = "",
    indeling: Annotated[str, Query(max_length=20)] = "gemeente",
) -> Response:
    actor = signed.actor
    filters = {"maand": maand, "stuurlijn": stuurlijn, "indeling": indeling}
    errors = _check(actor, "", maand, stuurlijn)
    if indeling not in ("gemeente", "variant"):
        errors["indeling"] = "kies per gemeente of per overdrachtsvariant"
    context: dict[str, Any] = {"filters": filters, "errors": errors, "lines": list(LINES), "shown": shown}
    if errors:
        return render(request, "regie_benchmark.html", signed, status_code=422, title="Benchmark", **context)
    month = maand or steering.current_month()
    line = LINES.get(stuurlijn)
    found = steering.benchmark(session, actor, by=indeling, month=month, stuurlijn=line)
    definitions = [d for d in steering.DEFINITIONS if line is None or d.line == line]
    rows = {r.key: r for r in found.rows}
    csv = f"/ui/regie/benchmark.csv?maand={month}&indeling={indeling}" + (
        f"&stuurlijn={stuurlijn}" if stuurlijn else ""
    )
    return render(
        request,
        "regie_benchmark.html",
        signed,
        title="Benchmark",
        **context,
        month=month,
        found=found,
        sections=_sections(definitions),
        lookup=lambda d, c: rows[d.key].values.get(c) if d.key in rows else None,
        csv_url=csv,
        variants=found.variants,
    )


@router.get("/regie/benchmark.csv")
def benchmark_csv(
    session: SessionDep,
    signed: ReportReader,
    maand: Annotated[str | None, Query(pattern=MONTH.pattern)] = None,
    stuurlijn: Annotated[SteeringLine | None, Query()] = None,
    indeling: Annotated[str, Query(pattern="^(gemeente|variant)$")] = "gemeente",
) -> Response:
    """The benchmark of the page (this month unless another) as the API's CSV, for a spreadsheet."""
    maand = maand or steering.current_month()
    found = steering.benchmark(session, signed.actor, by=indeling, month=maand, stuurlijn=stuurlijn)
    return Response(
        steering.benchmark_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="benchmark-{indeling}-{maand}.csv"'},
    )
