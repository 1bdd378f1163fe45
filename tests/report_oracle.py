"""The reports as they were counted before ADR 39, straight from the cases, audit events and handovers:
the oracle the counts of engine/rollup.py are checked against (tests/engine/test_report_counts.py).

Kept as they were (engine/steering.py's queries and engine/reports.py's outcome report at 90351b9, its
lead times per process at c30587a), but for one change the rollup brought to them: the lead time subtracts
the days a hersteltermijn suspended the case (``opgeschorte_dagen``), as the KPI always did; and the lead
times per process count a case over the norm of its own version, as the outcome report does. The
per-task statistics as they were counted from the tasks before ADR 37's amendment (``task_counts``) are
the oracle of engine/task_counts.py (tests/engine/test_task_counts.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import ColumnElement, DateTime, and_, case, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from engine import access, handover_counts, steering
from engine.expressions import TIME_ZONE
from engine.models import AuditEvent, Case, CaseTask, Handover, ProcessVersion, TaskCount, utcnow
from engine.period import ALWAYS, Period
from engine.period import seconds_between as _seconds_between
from engine.reports import ElementStatistics, OutcomeGroup, Waits, _rounded, outcome_conditions, process_norm
from engine.steering import (
    AANVRAAG_TERMIJN_DAGEN,
    AANVRAGEN,
    BBZ,
    BBZ_TERMIJN_DAGEN,
    BEZWAAR,
    DIAGNOSE,
    DUURZAAM,
    DUURZAAMHEID,
    GEMETEN,
    HANDOVER_NORM_HOURS,
    INVORDERING,
    LOONWAARDE,
    LOONWAARDE_BANDS,
    MELDING,
    PARTICIPATIEPLAATS,
    PLAN_NORM_DAGEN,
    PLAN_VAN_AANPAK,
    ROUTES,
    SOCIALE_ACTIVERING,
    TERUGKEER,
    TERUGVORDERING,
    UITSTROOM_TYPES,
    UITSTROOM_WERK,
    VARIANTS,
    Counts,
    Span,
    VariantUse,
    _following,
    _month_end,
    _norms,
)
from engine.users import Actor
from engine.vocabulary import OPEN_TASK_STATUSES, CaseStatus, EventType, TaskStatus


class _Sql:
    """The few expressions that differ between SQLite and PostgreSQL (engine/steering.py's before the
    handover counts), and those that read the case data."""

    def __init__(self, session: Session, months: Span) -> None:
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.span = months

    def month(self, column: Any) -> Any:
        """``YYYY-MM`` of a time in Amsterdam, for a time within the span. PostgreSQL converts with its
        own time zone data; SQLite has none, so there it is the month whose UTC bounds (from Python's)
        hold the time."""
        if self.postgresql:
            return func.to_char(func.timezone(TIME_ZONE.key, column), "YYYY-MM")
        earlier = self.span.months[:-1]
        if not earlier:
            return literal(self.span.months[0])
        return case(*((column < _month_end(m), m) for m in earlier), else_=self.span.months[-1])

    def days(self, start: Any, end: Any) -> Any:
        """Days (fractional) from ``start`` to ``end``."""
        if self.postgresql:
            return func.extract("epoch", end - start) / 86400.0
        return func.julianday(end) - func.julianday(start)

    def date(self, text: Any) -> Any:
        """An ISO date from the case data as a time (midnight UTC)."""
        if self.postgresql:
            return func.timezone("UTC", func.cast(text, DateTime()))
        return text

    def text(self, key: str) -> Any:
        return Case.data[key].as_string()

    def number(self, key: str) -> Any:
        return Case.data[key].as_float()

    def boolean(self, key: str) -> Any:
        return Case.data[key].as_boolean()


def _collect(rows: Iterable[Any], width: int) -> list[Counts]:
    """Rows of (gemeente, month, v1, ..., vN) into N Counts keyed by (gemeente, month); each value is
    either a number (the numerator) or a (numerator, denominator) pair flattened as two columns."""
    found: list[Counts] = [{} for _ in range(width)]
    for gemeente, month, *values in rows:
        for i in range(width):
            numerator, denominator = values[2 * i], values[2 * i + 1]
            found[i][(gemeente, month)] = [float(numerator or 0), float(denominator or 0)]
    return found


class _Report:
    """The queries of one KPI report: the same gemeenten and months throughout."""

    def __init__(self, session: Session, gemeenten: frozenset[str], months: Span) -> None:
        self.session = session
        self.gemeenten = gemeenten
        self.span = months
        self.sql = _Sql(session, months)

    def ended(self, process_ids: Sequence[str], *pairs: tuple[Any, Any]) -> list[Counts]:
        """Per gemeente and month the cases of ``process_ids`` completed that month: a
        (numerator, denominator) SQL pair per KPI."""
        month = self.sql.month(Case.ended_at)
        query = (
            select(Case.gemeente, month, *(c for pair in pairs for c in pair))
            .where(
                Case.process_id.in_(process_ids),
                Case.gemeente.in_(self.gemeenten),
                Case.status == CaseStatus.COMPLETED,
                Case.ended_at >= self.span.start,
                Case.ended_at < self.span.end,
            )
            .group_by(Case.gemeente, month)
        )
        return _collect(self.session.execute(query), len(pairs))

    def started(self, process_id: str) -> Counts:
        month = self.sql.month(Case.started_at)
        query = (
            select(Case.gemeente, month, func.count(), literal(0))
            .where(
                Case.process_id == process_id,
                Case.gemeente.in_(self.gemeenten),
                Case.started_at >= self.span.start,
                Case.started_at < self.span.end,
            )
            .group_by(Case.gemeente, month)
        )
        return _collect(self.session.execute(query), 1)[0]

    def running_at_month_end(self, process_id: str) -> Counts:
        """Cases of the process that had started and not ended at the end of each month."""
        columns = []
        ends = [_month_end(m) for m in self.span.months]
        for end in ends:
            running = and_(Case.started_at < end, or_(Case.ended_at.is_(None), Case.ended_at >= end))
            columns.append(func.sum(case((running, 1), else_=0)))
        query = (
            select(Case.gemeente, *columns)
            .where(
                Case.process_id == process_id,
                Case.gemeente.in_(self.gemeenten),
                Case.started_at < self.span.end,
                or_(Case.ended_at.is_(None), Case.ended_at >= ends[0]),
            )
            .group_by(Case.gemeente)
        )
        found: Counts = {}
        for gemeente, *counts in self.session.execute(query):
            for month, count in zip(self.span.months, counts, strict=True):
                found[(gemeente, month)] = [float(count or 0), 0.0]
        return found


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _pair(numerator: Any, denominator: Any = None) -> tuple[Any, Any]:
    return numerator, denominator if denominator is not None else literal(0)


def _decision(sql: _Sql) -> Any:
    """The decision on an aanvraag: ``besluit`` in every aanvraag process, ``besluit_bbz`` in the Bbz."""
    return func.coalesce(sql.text("besluit"), sql.text("besluit_bbz"))


def _voorkomen(report: _Report) -> dict[str, Counts]:
    sql = report.sql
    not_an_aanvraag = or_(
        sql.text("route") == "voorliggende_voorziening", sql.text("bemiddelingsresultaat") == "aan_het_werk"
    )
    [zonder] = report.ended([MELDING], _pair(_count(not_an_aanvraag), func.count()))
    [instroom] = report.ended(AANVRAGEN, _pair(_count(_decision(sql) == "toekennen"), func.count()))
    return {
        "meldingen": report.started(MELDING),
        "meldingen_zonder_aanvraag": zonder,
        "instroom_per_100_aanvragen": instroom,
    }


def _rechtmatig(report: _Report) -> dict[str, Counts]:
    sql = report.sql
    received = func.coalesce(sql.date(sql.text("datum_aanvraag")), Case.started_at)
    # The Bbz refuses with its ground in the value (afwijzen_niet_levensvatbaar, ..._geen_zelfstandige).
    decided = or_(_decision(sql).in_(["toekennen", "afwijzen"]), _decision(sql).like("afwijzen_%"))
    # A hersteltermijn suspends the term (Awb 4:15): the days the aanvraag records as opgeschort.
    taken = sql.days(received, Case.ended_at) - func.coalesce(sql.number("opgeschorte_dagen"), 0)
    # The Bbz's term is the one its case holds at the decision: 13 weeks, or later after a timely
    # verdaging (ADR 36); a case from before the process recorded it has the 13 weeks.
    bbz_term = func.coalesce(
        sql.days(received, sql.date(sql.text("beslistermijn_bbz_tot"))), BBZ_TERMIJN_DAGEN
    )
    term = case((Case.process_id == BBZ, bbz_term), else_=AANVRAAG_TERMIJN_DAGEN)
    in_time = and_(decided, taken < term + 1)
    [binnen_termijn] = report.ended(AANVRAGEN, _pair(_count(in_time), _count(decided)))
    beslissing = sql.text("beslissing_op_bezwaar")
    decided = or_(
        beslissing.in_(["gegrond", "gedeeltelijk_gegrond", "ongegrond", "niet_ontvankelijk"]),
        sql.boolean("ontvankelijk").is_(False),
    )
    gegrond = beslissing.in_(["gegrond", "gedeeltelijk_gegrond"])
    [bezwaren] = report.ended([BEZWAAR], _pair(_count(gegrond), _count(decided)))
    [teruggevorderd] = report.ended(
        [TERUGVORDERING, steering.BEEINDIGING], _pair(func.sum(sql.number("vastgestelde_vordering")))
    )
    shown = sql.boolean("inkomsten_aangetoond").is_(True)
    [verrekend] = report.ended(
        [steering.VERREKENING], _pair(func.sum(case((shown, sql.number("te_verrekenen_bedrag")))))
    )
    [verhaal] = report.ended([steering.VERHAAL], _pair(func.sum(sql.number("maandbedrag_verhaal"))))
    [boetes] = report.ended([steering.BOETE], _pair(func.sum(sql.number("boetebedrag"))))
    # Repaid: the whole vordering when afgelost, else what the last check of the regeling found paid.
    bedrag = sql.number("vorderingsbedrag")
    repaid = case(
        (sql.text("stand_regeling") == "afgelost", bedrag), else_=bedrag - sql.number("restant_vordering")
    )
    [ingevorderd] = report.ended([INVORDERING], _pair(func.sum(repaid)))
    found = {
        "aanvragen_binnen_termijn": binnen_termijn,
        "bezwaren_gegrond": bezwaren,
        "teruggevorderd_bedrag": teruggevorderd,
        "ingevorderd_bedrag": ingevorderd,
        "inkomsten_verrekend_bedrag": verrekend,
        "verhaal_bedrag_per_maand": verhaal,
        "boetes_opgelegd_bedrag": boetes,
    }
    norms = _norms(report.session, steering.SIGNALEN)
    if norms:  # else missing: nothing to measure against
        limit = case(norms, value=Case.process_version_id, else_=None)
        [found["signalen_binnen_norm"]] = report.ended(
            steering.SIGNALEN,
            _pair(
                _count(sql.days(Case.started_at, Case.ended_at) * 86400.0 <= limit),
                _count(Case.process_version_id.in_(list(norms))),
            ),
        )
    return found


def _uitstromen(report: _Report) -> dict[str, Counts]:
    sql = report.sql
    werk = Case.process_id == UITSTROOM_WERK  # both of its ends are work, with or without aanvulling
    kind = sql.text("uitstroom_type")
    bemiddeling = sql.boolean("via_bemiddeling")
    counts = report.ended(
        [UITSTROOM_WERK],
        _pair(_count(werk)),
        *(_pair(_count(and_(werk, kind == k))) for k in UITSTROOM_TYPES),
        _pair(
            _count(and_(werk, bemiddeling.is_(True))),
            _count(and_(werk, bemiddeling.is_not(None))),
        ),
    )
    found = {"uitstroom_werk": counts[0], "uitstroom_via_bemiddeling": counts[-1]}
    for k, c in zip(UITSTROOM_TYPES, counts[1:-1], strict=True):
        found[f"uitstroom_werk.{k}"] = c
    returned = aliased(Case)

    def stayed(days: int) -> ColumnElement[bool]:
        came_back = (
            select(returned.id)
            .where(
                returned.client_ref == Case.client_ref,
                returned.gemeente == Case.gemeente,
                returned.process_id.in_(TERUGKEER),
                returned.started_at > Case.ended_at,
                sql.days(Case.ended_at, returned.started_at) <= days,
            )
            .exists()
        )
        return and_(werk, ~came_back)

    durable = report.ended(
        [UITSTROOM_WERK], *(_pair(_count(stayed(days)), _count(werk)) for days in DUURZAAM.values())
    )
    found.update(zip(DUURZAAM, durable, strict=True))
    found.update(_measured(report))
    loonwaarde = sql.number("loonwaarde_percentage")
    bands = report.ended(
        [LOONWAARDE],
        *(_pair(_count(and_(loonwaarde >= low, loonwaarde < high))) for low, high in LOONWAARDE_BANDS),
    )
    for (low, high), c in zip(LOONWAARDE_BANDS, bands, strict=True):
        found[f"loonwaarde.{low}_{high - 1}" if high <= 100 else "loonwaarde.100"] = c
    return found


def _measured(report: _Report) -> dict[str, Counts]:
    """Duurzaamheid as the klantmanager records it 6 and 12 months after the uitstroom, per month of
    the uitstroom (``datum_uitstroom``, an ISO date whose first seven characters are its month)."""
    sql = report.sql
    uitstroom = sql.text("datum_uitstroom")
    month = func.substr(uitstroom, 1, 7)
    columns = []
    for field_id, _ in GEMETEN.values():
        recorded = sql.boolean(field_id)
        columns += [_count(recorded.is_(True)), _count(recorded.is_not(None))]
    query = (
        select(Case.gemeente, month, *columns)
        .where(
            Case.process_id == DUURZAAMHEID,
            Case.gemeente.in_(report.gemeenten),
            uitstroom >= report.span.months[0],
            uitstroom < _following(report.span.months[-1]),
        )
        .group_by(Case.gemeente, month)
    )
    return dict(zip(GEMETEN, _collect(report.session.execute(query), len(GEMETEN)), strict=True))


def _werken_en_meedoen(report: _Report) -> dict[str, Counts]:
    sql = report.sql
    vastgesteld = sql.text("goedkeuring_plan") == "goedgekeurd"
    referred = func.coalesce(sql.date(sql.text("datum_verwijzing")), Case.started_at)
    [plannen] = report.ended(
        [PLAN_VAN_AANPAK],
        _pair(
            _count(and_(vastgesteld, sql.days(referred, Case.ended_at) < PLAN_NORM_DAGEN + 1)),
            _count(vastgesteld),
        ),
    )
    route = sql.text("route")
    routes = report.ended(
        [DIAGNOSE],
        *(_pair(func.count(func.distinct(case((route == r, Case.client_ref))))) for r in ROUTES),
    )
    found = {
        "plannen_binnen_norm": plannen,
        "participatieplaatsen_lopend": report.running_at_month_end(PARTICIPATIEPLAATS),
        "sociale_activering_lopend": report.running_at_month_end(SOCIALE_ACTIVERING),
    }
    for r, c in zip(ROUTES, routes, strict=True):
        found[f"doelgroep.{r}"] = c
    return found


def _every_line(report: _Report) -> dict[str, Counts]:
    """The handovers as engine/steering.py counted them before it read the handover counts (every
    handover of the span grouped per request), the fired terms from the events."""
    session, sql = report.session, report.sql
    element = AuditEvent.data["element_id"].as_string()
    event_month = sql.month(AuditEvent.at)
    fired = (
        select(Case.gemeente, event_month, AuditEvent.process_id, element, func.count())
        .join(Case, Case.id == AuditEvent.case_id)
        .where(
            AuditEvent.type == EventType.TIMER_FIRED,
            AuditEvent.at >= report.span.start,
            AuditEvent.at < report.span.end,
            Case.gemeente.in_(report.gemeenten),
        )
        .group_by(Case.gemeente, event_month, AuditEvent.process_id, element)
    )
    found = steering._every_line(report, session.execute(fired))  # type: ignore[arg-type]
    handover_keys = ("overdrachten", "overdracht_wachttijd", "overdrachten_boven_norm")
    for key in found:
        if key.startswith(handover_keys):
            found[key] = {}
    lines = {process_id: line.name.lower() for process_id, line in steering.process_lines(session).items()}

    def add(key: str, at: tuple[str, str], numerator: float, denominator: float = 0.0) -> None:
        total = found[key].setdefault(at, [0.0, 0.0])
        total[0] += numerator
        total[1] += denominator

    month = sql.month(Handover.handed_over_at)
    hours = sql.days(Handover.handed_over_at, Handover.picked_up_at) * 24.0
    cutoff = utcnow() - dt.timedelta(hours=HANDOVER_NORM_HOURS)
    late = or_(
        and_(Handover.picked_up_at.is_not(None), hours > HANDOVER_NORM_HOURS),
        and_(Handover.waiting(), Handover.handed_over_at < cutoff),
    )
    counted = or_(Handover.picked_up_at.is_not(None), Handover.withdrawn_at.is_(None))
    handovers = (
        select(
            Handover.gemeente,
            month,
            Handover.process_id,
            func.count(),
            func.sum(case((Handover.picked_up_at.is_not(None), hours))),
            func.count(Handover.picked_up_at),
            _count(late),
            _count(counted),
        )
        .where(
            Handover.gemeente.in_(report.gemeenten),
            Handover.handed_over_at >= report.span.start,
            Handover.handed_over_at < report.span.end,
        )
        .group_by(Handover.gemeente, month, Handover.process_id)
    )
    for gemeente, m, process_id, total, wait_hours, picked_up, over, counted_n in session.execute(handovers):
        line = lines.get(process_id)
        if line is None:
            continue
        add(f"overdrachten.{line}", (gemeente, m), float(total))
        add(f"overdracht_wachttijd.{line}", (gemeente, m), float(wait_hours or 0), float(picked_up))
        add(f"overdrachten_boven_norm.{line}", (gemeente, m), float(over or 0), float(counted_n or 0))
    return found


def kpi_counts(session: Session, gemeenten: Iterable[str], months: Span) -> dict[str, Counts]:
    """Numerator and denominator per KPI, gemeente and month, counted from the cases."""
    queries = _Report(session, frozenset(gemeenten), months)
    found: dict[str, Counts] = {}
    for source in (_voorkomen, _rechtmatig, _uitstromen, _werken_en_meedoen, _every_line):
        found.update(source(queries))
    return found


def variants(session: Session, gemeenten: Iterable[str], months: Span) -> list[VariantUse]:
    """Per gemeente and month, the handover variant whose cases started that month."""
    sql = _Sql(session, months)
    month = sql.month(Case.started_at)
    ran: dict[tuple[str, str], set[str]] = defaultdict(set)
    for gemeente, m, process_id in session.execute(
        select(Case.gemeente, month, Case.process_id)
        .where(
            Case.process_id.in_(list(VARIANTS)),
            Case.gemeente.in_(list(gemeenten)),
            Case.started_at >= months.start,
            Case.started_at < months.end,
        )
        .group_by(Case.gemeente, month, Case.process_id)
    ):
        ran[(gemeente, m)].add(VARIANTS[process_id])
    return steering.variant_uses(gemeenten, months, ran)


def outcome_report(
    session: Session, actor: Actor, *, period: Period = ALWAYS, **filters: Any
) -> list[OutcomeGroup]:
    """Per process, gemeente and version: cases started and ended in the period, the completed ones by
    outcome type, and their lead time (median, 90th percentile, maximum) against the norm.

    Three grouped queries, whatever the number of cases: the counts and the percentiles are computed
    by the database (the percentiles with window functions, which SQLite and PostgreSQL share,
    interpolated as PostgreSQL's percentile_cont).

    Raises:
        InvalidInput: a version without a process.
        NotFound: the process, or its version, does not exist.
    """
    conditions, _ = outcome_conditions(
        session, actor, filters.get("process_id"), filters.get("gemeente"), filters.get("version")
    )
    keys = (Case.process_id, Case.gemeente, Case.process_version_id)
    groups: dict[tuple[str, str, int], OutcomeGroup] = {}

    def group(key: Sequence[Any]) -> OutcomeGroup:
        process, gem, version_id = key
        found = groups.get((process, gem, version_id))
        if found is None:
            found = groups[(process, gem, version_id)] = OutcomeGroup(process, "", gem, version_id)
        return found

    for *key, count in session.execute(
        select(*keys, func.count()).where(*conditions, *period.conditions(Case.started_at)).group_by(*keys)
    ):
        group(key).started = count
    ended = [
        *conditions,
        Case.status.in_([CaseStatus.COMPLETED, CaseStatus.CANCELLED]),
        *period.conditions(Case.ended_at),
    ]
    for *key, status, outcome_type, count in session.execute(
        select(*keys, Case.status, Case.outcome_type, func.count())
        .where(*ended)
        .group_by(*keys, Case.status, Case.outcome_type)
    ):
        found = group(key)
        found.ended += count
        if status == CaseStatus.CANCELLED:
            found.cancelled += count
        elif outcome_type is None:
            found.without_type += count
        else:
            found.by_outcome[outcome_type] = found.by_outcome.get(outcome_type, 0) + count
    versions = {
        v.id: v
        for v in session.scalars(
            select(ProcessVersion).where(ProcessVersion.id.in_({version_id for _, _, version_id in groups}))
        )
    }
    norms = {
        version_id: norm.total_seconds()
        for version_id, v in versions.items()
        if (norm := process_norm(v)) is not None
    }
    for group_key, lead_time, over_norm in _lead_times(
        session, keys, [*ended, Case.status == CaseStatus.COMPLETED], norms
    ):
        found = group(group_key)
        found.lead_time, found.over_norm = lead_time, over_norm
    for (_, _, version_id), found in groups.items():
        found.name, found.version = versions[version_id].name, versions[version_id].number
        found.norm_seconds = norms.get(version_id)
    return sorted(groups.values(), key=lambda g: (g.process_id, g.gemeente, g.version))


def lead_times_by_process(
    session: Session, actor: Actor, period: Period
) -> dict[str, tuple[int, int, Waits, int]]:
    """Per process: completed in the period, running now, the lead time of the completed ones and how
    many took longer than their own version's norm, counted from the cases (engine/reports.py's lead
    times at c30587a, with the fix of ADR 39 and each case against its own version's norm)."""
    gemeenten = Case.gemeente.in_(access.gemeenten(actor, None))
    completed = [gemeenten, Case.status == CaseStatus.COMPLETED, *period.conditions(Case.ended_at)]
    norms = {
        v.id: norm.total_seconds()
        for v in session.scalars(select(ProcessVersion))
        if (norm := process_norm(v)) is not None
    }
    times = {
        key[0]: (lead_time, late)
        for key, lead_time, late in _lead_times(session, (Case.process_id,), completed, norms)
    }
    counted = dict(
        session.execute(
            select(Case.process_id, func.count()).where(*completed).group_by(Case.process_id)
        ).all()
    )
    running = dict(
        session.execute(
            select(Case.process_id, func.count())
            .where(gemeenten, Case.status == CaseStatus.RUNNING)
            .group_by(Case.process_id)
        ).all()
    )
    none = (Waits(None, None, None), 0)
    return {
        process: (counted.get(process, 0), running.get(process, 0), *times.get(process, none))
        for process in counted.keys() | running.keys()
    }


def _lead_times(
    session: Session, keys: tuple[Any, ...], conditions: list[ColumnElement[bool]], norms: Mapping[int, float]
) -> list[tuple[tuple[Any, ...], Waits, int]]:
    """Per group of ``keys``: median, 90th percentile and maximum of the cases' start-to-end seconds, and
    how many took longer than their version's norm.

    Each case gets its rank within its group (a window function); the grouped query then picks the
    values at the ranks either side of each percentile's position (n - 1) * q, which Python
    interpolates between.
    """
    # The fix of ADR 39: less the days a hersteltermijn suspended the case, as the KPI counts them.
    elapsed = _seconds_between(session, Case.started_at, Case.ended_at) - func.coalesce(
        Case.data["opgeschorte_dagen"].as_float(), 0
    ) * literal_column("86400.0")
    seconds = case((elapsed < 0, literal_column("0.0")), else_=elapsed)
    norm = case(norms, value=Case.process_version_id, else_=None) if norms else None
    ranked = (
        select(
            *keys,
            seconds.label("seconds"),
            # One window for both (the same frame; the rank ignores it), so the database sorts once.
            (func.row_number().over(partition_by=keys, order_by=seconds, rows=(None, None)) - 1).label(
                "rank"
            ),
            func.count().over(partition_by=keys, order_by=seconds, rows=(None, None)).label("n"),
            (case((seconds > norm, 1), else_=0) if norm is not None else literal(0)).label("late"),
        )
        .where(*conditions)
        .subquery()
    )
    last = ranked.c.n - 1
    at_rank = [  # the ranks either side of each percentile: (n - 1) * q, rounded down and up
        last // 2,
        last // 2 + last % 2,
        last * 9 // 10,
        last * 9 // 10 + case((last * 9 % 10 > 0, 1), else_=0),
    ]
    group_keys = [ranked.c[k.key] for k in keys]
    rows = session.execute(
        select(
            *group_keys,
            func.max(ranked.c.n),
            *(func.max(case((ranked.c.rank == r, ranked.c.seconds))) for r in at_rank),
            func.max(ranked.c.seconds),
            func.sum(ranked.c.late),
        ).group_by(*group_keys)
    )
    found = []
    for row in rows:
        n = len(keys)
        count, median_low, median_high, p90_low, p90_high, longest, late = row[n:]
        last_rank = int(count) - 1
        median = _between(median_low, median_high, (last_rank % 2) / 2)
        p90 = _between(p90_low, p90_high, (last_rank * 9 % 10) / 10)
        found.append((tuple(row[:n]), Waits(median, p90, _rounded(longest)), int(late or 0)))
    return found


def _between(low: Any, high: Any, fraction: float) -> float | None:
    """Linear interpolation between the values at two adjacent ranks, to the millisecond."""
    if low is None or high is None:
        return None
    return _rounded(float(low) + (float(high) - float(low)) * fraction)


def assert_as_counted_from_the_cases(
    db: Any, actor: Actor, at: dt.datetime, periods: Sequence[Period] = ()
) -> None:
    """The KPIs, the variants and the outcome report (all time and each of ``periods``) from
    ``report_counts`` are those counted from the cases, read at ``at``: counts exactly, the lead-time
    percentiles within their bucket's width; and again after the counts are made anew from the cases
    (``rollup.rebuild``, what migration 0023 runs)."""
    import time_machine

    from engine import reports as fast
    from engine import rollup

    def compare() -> None:
        with time_machine.travel(at, tick=False), db.tx() as session:
            months = steering.span()
            gemeenten = sorted(access.gemeenten(actor, None))
            report = steering.kpis(session, actor)
            expected = kpi_counts(session, gemeenten, months)
            assert report.counts.keys() == expected.keys()
            for key, counts in expected.items():
                for g in gemeenten:
                    for m in months.months:
                        got = report.counts[key].get((g, m), [0.0, 0.0])
                        want = counts.get((g, m), [0.0, 0.0])
                        # SQLite's julianday keeps milliseconds: the oracle's waits each differ from
                        # the counts' (Python's microseconds) by up to a millisecond
                        slack = want[1] * 0.001 / 3600 if key.startswith("overdracht_wachttijd.") else 0.0
                        assert got == pytest.approx(want, abs=1e-6 + slack), (key, g, m, got, want)
            assert steering.variants(session, gemeenten, months) == variants(session, gemeenten, months)
            for period in (ALWAYS, *periods):
                got_groups = fast.outcome_report(session, actor, period=period)
                want_groups = outcome_report(session, actor, period=period)
                assert [(g.process_id, g.gemeente, g.version) for g in got_groups] == [
                    (g.process_id, g.gemeente, g.version) for g in want_groups
                ], period
                for got_group, want_group in zip(got_groups, want_groups, strict=True):
                    exact = (
                        "started",
                        "ended",
                        "cancelled",
                        "by_outcome",
                        "without_type",
                        "norm_seconds",
                        "over_norm",
                    )
                    assert {k: getattr(got_group, k) for k in exact} == {
                        k: getattr(want_group, k) for k in exact
                    }, (
                        period,
                        want_group,
                    )
                    _assert_within_buckets(got_group.lead_time, want_group.lead_time)
                leads = {
                    lead.process_id: lead for lead in fast.lead_times_by_process(session, actor, {}, period)
                }
                want_leads = lead_times_by_process(session, actor, period)
                assert leads.keys() == want_leads.keys(), period
                for process, (completed, running, want_time, over_norm) in want_leads.items():
                    lead = leads[process]
                    assert (lead.completed, lead.running, lead.over_norm) == (completed, running, over_norm)
                    _assert_within_buckets(lead.lead_time, want_time)

    compare()
    with db.tx() as session:
        rollup.rebuild(session)
    compare()


def _assert_within_buckets(got: Waits, want: Waits) -> None:
    """Lead times read from the buckets of ``report_counts``: the maximum exact, the median and 90th
    percentile within their bucket's width of those counted from the cases."""
    if want.max is None:
        assert got == Waits(None, None, None)
        return
    assert got.max == pytest.approx(want.max, abs=0.01)
    for q in ("median", "p90"):
        value, want_value = getattr(got, q), getattr(want, q)
        width = handover_counts.bucket_width(handover_counts.bucket(want_value))
        assert abs(value - want_value) <= width + 0.01, (q, value, want_value)


def element_statistics(
    session: Session, actor: Actor, process_id: str, gemeente: str | None = None, period: Period = ALWAYS
) -> list[ElementStatistics]:
    """The per-task statistics as engine/reports.py counted them from the tasks before ADR 37's
    amendment (at a9764d7): every task of the period, aggregated by the database."""
    completed = and_(CaseTask.status == TaskStatus.COMPLETED, CaseTask.completed_at.is_not(None))
    rows = session.execute(
        select(
            CaseTask.element_id,
            func.min(CaseTask.name),
            func.sum(case((CaseTask.status.in_(OPEN_TASK_STATUSES), 1), else_=0)),
            func.sum(case((completed, 1), else_=0)),
            func.avg(case((completed, _seconds_between(session, CaseTask.ready_at, CaseTask.completed_at)))),
        )
        .where(
            CaseTask.process_id == process_id,
            CaseTask.gemeente.in_(access.gemeenten(actor, gemeente)),
            *period.conditions(CaseTask.ready_at),
        )
        .group_by(CaseTask.element_id)
    )
    by_element = {
        element_id: ElementStatistics(
            element_id, name, int(open or 0), int(done or 0), None if mean is None else round(float(mean), 3)
        )
        for element_id, name, open, done, mean in rows
    }
    return sorted(by_element.values(), key=lambda s: s.element_id)


def _near(got: float | None, want: float | None) -> float | None:
    """``want`` when ``got`` lies within a millisecond of it (the oracle's on SQLite), else ``got``."""
    if got is not None and want is not None and abs(got - want) <= 0.001 + 1e-9:
        return want
    return got


def assert_tasks_as_counted(
    db: Any, actor: Actor, process_id: str, periods: Sequence[Period], gemeente: str | None = None
) -> None:
    """The per-task statistics of ``process_id`` (all time and each of ``periods``) from ``task_counts``
        are those counted from the tasks (on SQLite, whose times the oracle takes to the millisecond, the
    mean within a millisecond); and the counts made anew from
        the tasks (``task_counts.rebuild``, what migration 0028 runs) are those the steps kept."""
    from engine import reports as fast
    from engine import task_counts

    def compare() -> dict[tuple[Any, ...], float]:
        with db.tx() as session:
            for period in (ALWAYS, *periods):
                got = fast.element_statistics(session, actor, process_id, gemeente, period)
                want = element_statistics(session, actor, process_id, gemeente, period)
                if session.get_bind().dialect.name != "postgresql" and len(got) == len(want):
                    # SQLite's julianday takes each time to the millisecond: the oracle's mean differs
                    # from the counts' (Python's microseconds, as PostgreSQL's) by up to a millisecond
                    got = [
                        replace(g, mean_seconds=_near(g.mean_seconds, w.mean_seconds))
                        for g, w in zip(got, want, strict=True)
                    ]
                assert got == want, (period, got, want)
            return {
                (row.process_id, row.gemeente, row.month, row.element_id, row.task_name, row.name): row.value
                for row in session.scalars(select(TaskCount))
                if row.value
            }

    kept = compare()
    with db.tx() as session:
        task_counts.rebuild(session)
    assert compare() == kept
