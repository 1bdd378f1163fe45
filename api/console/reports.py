"""The procesregisseur's page (/ui/regie): handovers between roles and their waits, handovers waiting
beyond the norm, deadlines at risk and lead times against the norm, for a gemeente, period and process;
and how cases end (/ui/regie/uitkomsten), per process, gemeente and version.

The same reports as the API's /reports (engine.reports), behind the same rule (procesregisseur or
auditor) and gemeente scoping. The pages show case ids, processes, roles and tasks, no case data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from engine import processes, reports
from engine.errors import InvalidInput, NotFound
from engine.models import utcnow
from engine.period import Period
from engine.reports import HandoverPair, LeadTimes
from engine.users import Actor
from engine.vocabulary import ALL_ROLES, Uitkomst

from ..deps import SessionDep, TransactionalRoute
from . import charts
from .web import AMSTERDAM, ReportReader, _duration, render

router = APIRouter(route_class=TransactionalRoute)

DEFAULT_DAYS = 30
DEFAULT_NORM_HOURS = 24.0
DEFAULT_TERM_DAYS = 14
MOST_BARS = 25
MOST_ROWS = 100  # of the lists of single handovers and cases: a regisseur narrows the filters for more
NO_ROLE = "(geen rol)"


@dataclass
class Filters:
    """What the filter form holds, as entered, and what it means once checked."""

    gemeente: str = ""
    vanaf: str = ""
    tot: str = ""
    norm: str = ""
    proces: str = ""
    termijn: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    since: dt.date | None = None
    until: dt.date | None = None
    norm_hours: float = DEFAULT_NORM_HOURS
    days: int = DEFAULT_TERM_DAYS

    @property
    def period(self) -> Period:
        """From the start of ``since`` to the end of ``until``, Dutch time."""
        return Period(
            _midnight(self.since), _midnight(self.until + dt.timedelta(days=1) if self.until else None)
        )


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), AMSTERDAM) if day else None


def _check(actor: Actor, known: Mapping[str, object], entered: Filters) -> Filters:
    """The filters with their meaning, or with a Dutch message per field that is wrong."""
    today = utcnow().astimezone(AMSTERDAM).date()
    f = entered
    errors = f.errors
    if f.gemeente and f.gemeente not in actor.gemeenten:
        errors["gemeente"] = "kies een van uw gemeenten"
    if f.proces and f.proces not in known:
        errors["proces"] = "kies een proces uit de lijst"
    f.since = _date(f.vanaf, today - dt.timedelta(days=DEFAULT_DAYS - 1), "vanaf", errors)
    f.until = _date(f.tot, today, "tot", errors)
    if f.since and f.until and f.until < f.since:
        errors["tot"] = "mag niet vóór de begindatum liggen"
    try:
        f.norm_hours = float(f.norm.replace(",", ".")) if f.norm.strip() else DEFAULT_NORM_HOURS
        if not 0 < f.norm_hours <= 24 * 365:
            raise ValueError(f.norm)
    except ValueError:
        errors["norm"] = "vul een aantal uren in, meer dan 0 en hoogstens 8760"
    try:
        f.days = int(f.termijn) if f.termijn.strip() else DEFAULT_TERM_DAYS
        if not 1 <= f.days <= 366:
            raise ValueError(f.termijn)
    except ValueError:
        errors["termijn"] = "vul een aantal dagen in van 1 tot en met 366"
    return f


def _checked(
    session: Session, actor: Actor, entered: Filters
) -> tuple[Filters, dict[str, processes.Named], dict[str, Any]]:
    """The filters checked against the processes and the actor's gemeenten, the process versions in use
    (their names and norms), and what a regie page shows of them (the choices of its filter form)."""
    versions = {v.process_id: v for v in processes.list_latest_named(session)}
    f = _check(actor, versions, entered)
    return (
        f,
        versions,
        {
            "filters": f,
            "processes": sorted(versions.values(), key=lambda v: v.name.lower()),
            "names": {pid: v.name for pid, v in versions.items()},
            "gemeenten": sorted(actor.gemeenten),
        },
    )


def _date(text: str, default: dt.date, name: str, errors: dict[str, str]) -> dt.date | None:
    if not text.strip():
        return default
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        errors[name] = "vul een geldige datum in (dd-mm-jjjj)"
        return None


def _entered(
    gemeente: Annotated[str, Query(max_length=100)] = "",
    vanaf: Annotated[str, Query(max_length=20)] = "",
    tot: Annotated[str, Query(max_length=20)] = "",
    proces: Annotated[str, Query(max_length=200)] = "",
) -> Filters:
    """The filters every regie page has, as entered."""
    return Filters(gemeente, vanaf, tot, proces=proces)


Entered = Annotated[Filters, Depends(_entered)]


@router.get("/regie")
def regie(
    request: Request,
    session: SessionDep,
    signed: ReportReader,
    entered: Entered,
    norm: Annotated[str, Query(max_length=20)] = "",
    termijn: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    actor = signed.actor
    entered.norm, entered.termijn = norm, termijn
    f, versions, context = _checked(session, actor, entered)
    if f.errors:
        return render(request, "regie.html", signed, status_code=422, title="Regie", **context)
    try:
        period = f.period
    except InvalidInput:  # only a date range beyond what datetime holds gets here
        f.errors["tot"] = "vul een geldige datum in (dd-mm-jjjj)"
        return render(request, "regie.html", signed, status_code=422, title="Regie", **context)
    the_gemeente, the_process = f.gemeente or None, f.proces or None
    report = reports.handover_report(
        session,
        actor,
        process_id=the_process,
        gemeente=the_gemeente,
        period=period,
        norm_hours=f.norm_hours,
        overdue_limit=MOST_ROWS,
    )
    pairs = report.pairs
    near = reports.deadlines(session, actor, f.days, the_gemeente, limit=MOST_ROWS, process_id=the_process)
    leads = reports.lead_times_by_process(session, actor, versions, period, the_gemeente, the_process)
    names = context["names"]
    leads.sort(key=lambda lead: names.get(lead.process_id, lead.process_id).lower())
    now = utcnow()
    return render(
        request,
        "regie.html",
        signed,
        title="Regie",
        **context,
        pairs=pairs,
        report=report,
        groups_by_process=_by_process(report.groups),
        several_gemeenten=len(actor.gemeenten) > 1 and not f.gemeente,
        graph=_graph(pairs, f) if pairs else None,
        deadlines=near,
        leads=leads,
        bars=_bars(leads, versions) if any(lead.completed for lead in leads) else None,
        now=now,
        most_rows=MOST_ROWS,
        totals={
            "handovers": sum(p.handovers for p in pairs),
            "picked_up": sum(p.picked_up for p in pairs),
            "withdrawn": sum(p.withdrawn for p in pairs),
            "over_norm": sum(p.waiting_over_norm for p in pairs),
            "deadlines": len(near),
            "completed": sum(lead.completed for lead in leads),
            "running": sum(lead.running for lead in leads),
        },
    )


def _by_process(groups: list[reports.HandoverGroup]) -> list[tuple[str, list[reports.HandoverGroup]]]:
    grouped: dict[str, list[reports.HandoverGroup]] = {}
    for group in groups:
        grouped.setdefault(group.process_id, []).append(group)
    return list(grouped.items())


def _role(role: str | None) -> str:
    return role or NO_ROLE


def _wait_label(pair: HandoverPair) -> str:
    """The median wait of those picked up; else whether one still waits or all were withdrawn."""
    if pair.wait.median is not None:
        return _duration(pair.wait.median)
    return "wacht" if pair.handovers > pair.withdrawn else "ingetrokken"


def _graph(pairs: list[HandoverPair], f: Filters) -> object:
    """The handover picture: the roles in the order of the vocabulary (the usual flow of a case)."""
    order = {role.value: i for i, role in enumerate(ALL_ROLES)}
    roles = sorted(
        {_role(r) for p in pairs for r in (p.from_role, p.to_role)}, key=lambda r: (order.get(r, 99), r)
    )
    arrows = [
        charts.Arrow(
            _role(p.from_role),
            _role(p.to_role),
            p.handovers,
            f"{p.handovers}× · {_wait_label(p)}"
            + (f" · {p.waiting_over_norm} te laat" if p.waiting_over_norm else ""),
            late=p.waiting_over_norm > 0,
        )
        for p in pairs
    ]
    described = "; ".join(
        f"{_role(p.from_role)} naar {_role(p.to_role)}: {p.handovers} keer"
        + (f", mediane wachttijd {_duration(p.wait.median)}" if p.wait.median is not None else "")
        + (f", {p.waiting_over_norm} wachten langer dan de norm" if p.waiting_over_norm else "")
        for p in pairs
    )
    return charts.handover_graph(
        roles,
        arrows,
        "Overdrachten tussen rollen",
        f"Pijlen van rol naar rol; de dikte volgt het aantal overdrachten. {described}.",
    )


def _bars(leads: list[LeadTimes], versions: dict[str, processes.Named]) -> object:
    """The slowest processes' lead times against their norms."""
    done = sorted(
        (lead for lead in leads if lead.completed), key=lambda lead: -(lead.lead_time.median or 0.0)
    )[:MOST_BARS]
    bars = [
        charts.Bar(
            versions[lead.process_id].name if lead.process_id in versions else lead.process_id,
            lead.lead_time.median,
            lead.lead_time.p90,
            lead.norm_seconds,
            f"mediaan {_duration(lead.lead_time.median)}, 90% {_duration(lead.lead_time.p90)}"
            + (f", norm {_duration(lead.norm_seconds)}" if lead.norm_seconds is not None else ""),
        )
        for lead in done
    ]
    described = "; ".join(f"{b.label}: {b.caption}" for b in bars)
    return charts.lead_time_bars(
        bars,
        "Doorlooptijd per proces",
        f"Mediane doorlooptijd van afgeronde zaken, traagste eerst. {described}.",
    )


@router.get("/regie/uitkomsten")
def uitkomsten(
    request: Request,
    session: SessionDep,
    signed: ReportReader,
    entered: Entered,
    versie: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """How cases end per process, gemeente and version (GET /reports/outcomes), with the same filters."""
    actor = signed.actor
    f, _, context = _checked(session, actor, entered)
    number = _version(versie, f)
    context |= {"versie": versie.strip(), "labels": {u.value: u.label for u in Uitkomst}}
    title = "Uitkomsten"
    if not f.errors:
        try:
            context["groups"] = reports.outcome_report(
                session,
                actor,
                process_id=f.proces or None,
                gemeente=f.gemeente or None,
                period=f.period,
                version=number,
            )
        except NotFound:
            f.errors["versie"] = f"dit proces heeft geen versie {number}"
        except InvalidInput:  # only a date range beyond what datetime holds gets here
            f.errors["tot"] = "vul een geldige datum in (dd-mm-jjjj)"
    if f.errors:
        return render(request, "regie_uitkomsten.html", signed, status_code=422, title=title, **context)
    return render(request, "regie_uitkomsten.html", signed, title=title, **context)


def _version(text: str, f: Filters) -> int | None:
    """The version number entered, which needs a process; None for all versions."""
    if not text.strip():
        return None
    if not text.strip().isdigit() or int(text) < 1:
        f.errors["versie"] = "vul een versienummer in: 1, 2, ..."
        return None
    if not f.proces:
        f.errors["versie"] = "kies eerst een proces: een versienummer hoort bij één proces"
        return None
    return int(text)
