"""Steering with data: the KPIs of the four steering lines per gemeente and month, and the benchmark
that sets them side by side per gemeente or per handover variant (docs/steering.md defines each).

Every KPI is counted in the database: one grouped query per source (cases of a few processes, the
handovers, the fired timers), each returning per gemeente and month a numerator and, for a share,
a mean or a rate, a denominator. Keeping both lets the benchmark add gemeenten up (per handover
variant) without averaging averages. A KPI the processes do not record is reported as missing with
the reason, never as 0; a KPI whose observation window has not yet passed is pending.

Months are the calendar months of a Dutch gemeente (Europe/Amsterdam): their bounds are computed here
as UTC times and the rows filtered and bucketed on them, alike on both databases.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lxml import etree
from sqlalchemy import ColumnElement, DateTime, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from . import access, bpmn, xmldoc
from .errors import FieldError, InvalidInput
from .expressions import TIME_ZONE
from .models import AuditEvent, Case, Handover, ProcessFile, ProcessVersion, utcnow
from .users import Actor
from .vocabulary import NS, CaseStatus, EventType, SteeringLine


class Unit(StrEnum):
    """What a KPI's value measures."""

    AANTAL = "aantal"
    """A count (numerator alone)."""
    AANDEEL = "aandeel"
    """A share between 0 and 1: numerator / denominator."""
    PER_100 = "per_100"
    """Numerator per 100 of the denominator."""
    UREN = "uren"
    """A mean in hours: summed hours / how many."""
    EURO = "euro"
    """A sum of amounts in euro."""


class KpiStatus(StrEnum):
    OK = "ok"
    """Counted; a share of nothing (denominator 0) has no value."""
    MISSING = "missing"
    """The processes do not record what the KPI needs (``reason`` says what)."""
    PENDING = "pending"
    """The KPI looks ahead (duurzaamheid) and its window has not yet passed."""


@dataclass(frozen=True)
class Definition:
    """One KPI: its key, line, Dutch label and unit; ``missing`` says what no process records when the
    report finds nothing to count it from."""

    key: str
    line: SteeringLine
    label: str
    unit: Unit
    missing: str | None = None


# Processes the KPIs read. A process id here that is not deployed only makes its KPIs count nothing.
MELDING = "melding_werkzoekende_registreren"
AANVRAGEN = (
    "aanvraag_levensonderhoud_behandelen",
    "aanvraag_dak_en_thuislozen",
    "aanvraag_statushouders_ontzorgen",
    "aanvraag_bbz_zelfstandigen",
    "aanvraag_ioaw_ioaz",
    "hernieuwde_aanvraag_binnen_12_maanden",
)
BEZWAAR = "bezwaar_behandelen"
SIGNALEN = (
    "signaal_start_inkomstenverhouding",
    "signaal_detentie_of_uitkering_andere_gemeente",
    "signaal_brp_en_kostendelers",
    "signaal_vermogen_box3_rdw_buitenland",
)
"""The signals of the Inlichtingenbureau (and the RDW, Kadaster): handled within the norm their version
sets (property ``doorlooptijd``)."""
TERUGVORDERING = "terugvordering"
INVORDERING = "invordering"
UITSTROOM_WERK = "uitstroom_naar_werk"
TERUGKEER = ("snelle_herstart_zekerheidsclausule", "hernieuwde_aanvraag_binnen_12_maanden", *AANVRAGEN)
"""A case of these for the same client after an uitstroom to work: the client came back."""
LOONWAARDE = "loonwaardebepaling_op_de_werkplek"
PLAN_VAN_AANPAK = "plan_van_aanpak_opstellen"
PARTICIPATIEPLAATS = "participatieplaats"
SOCIALE_ACTIVERING = "sociale_activering"
DIAGNOSE = "diagnose_arbeidsvermogen_en_route_bepalen"
VARIANTS = {
    "kandidaat_matchbaar_overdragen_taakgericht": "taakgericht",
    "kandidaat_matchbaar_overdragen_regiegericht": "regiegericht",
}
"""The two ways of handing a matchbaar candidate to werkgeversdienstverlening (docs/regisseur.md)."""

AANVRAAG_TERMIJN_DAGEN = 56  # Awb 4:13 lid 2: eight weeks
BBZ = "aanvraag_bbz_zelfstandigen"
BBZ_TERMIJN_DAGEN = 91  # Bbz 2004: thirteen weeks
PLAN_NORM_DAGEN = 56  # the regiegerichte werkwijze: a plan within eight weeks of the referral
HANDOVER_NORM_HOURS = 24
DUURZAAM = {"niet_teruggekeerd_6_maanden": 183, "niet_teruggekeerd_12_maanden": 365}
"""Days after the uitstroom within which a return counts."""
GEMETEN = {
    "duurzaam_6_maanden": ("nog_aan_het_werk_6m", 6),
    "duurzaam_12_maanden": ("nog_aan_het_werk_12m", 12),
}
"""The field of the measurement after so many months (process duurzaamheid_uitstroom_meten)."""
DUURZAAMHEID = "duurzaamheid_uitstroom_meten"
UITSTROOM_TYPES = ("regulier", "lks", "beschut", "detachering")
LOONWAARDE_BANDS = ((0, 30), (30, 50), (50, 80), (80, 100), (100, 101))
ROUTES = ("werk", "ontwikkeltraject", "arbeidsbeperking", "participatie")

_V, _R, _U, _W = (
    SteeringLine.VOORKOMEN,
    SteeringLine.RECHTMATIG_UITKEREN,
    SteeringLine.UITSTROMEN,
    SteeringLine.WERKEN_EN_MEEDOEN,
)


def _per_line(line: SteeringLine) -> list[Definition]:
    return [
        Definition(f"overdrachten.{line.name.lower()}", line, "Overdrachten tussen rollen", Unit.AANTAL),
        Definition(
            f"overdracht_wachttijd.{line.name.lower()}",
            line,
            "Gemiddelde wachttijd van een overdracht tot oppakken",
            Unit.UREN,
        ),
        Definition(
            f"overdrachten_boven_norm.{line.name.lower()}",
            line,
            f"Overdrachten langer dan {HANDOVER_NORM_HOURS} uur blijven liggen",
            Unit.AANDEEL,
        ),
        Definition(
            f"termijnoverschrijdingen.{line.name.lower()}",
            line,
            "Termijnen van het werkbedrijf overschreden",
            Unit.AANTAL,
        ),
    ]


DEFINITIONS: tuple[Definition, ...] = (
    Definition("meldingen", _V, "Meldingen als werkzoekende", Unit.AANTAL),
    Definition("meldingen_zonder_aanvraag", _V, "Meldingen afgerond zonder aanvraag", Unit.AANDEEL),
    Definition("instroom_per_100_aanvragen", _V, "Toekenningen per 100 afgehandelde aanvragen", Unit.PER_100),
    *_per_line(_V),
    Definition(
        "aanvragen_binnen_termijn",
        _R,
        "Aanvragen binnen de beslistermijn beslist (Awb 4:13; Bbz 13 weken)",
        Unit.AANDEEL,
    ),
    Definition("bezwaren_gegrond", _R, "Bezwaren (gedeeltelijk) gegrond", Unit.AANDEEL),
    Definition(
        "signalen_binnen_norm",
        _R,
        "Signalen Inlichtingenbureau binnen de norm afgehandeld",
        Unit.AANDEEL,
        missing="no signal process sets a norm lead time (process property 'doorlooptijd'): neither the"
        " law nor the models give one; a gemeente that sets one gets this KPI",
    ),
    Definition("teruggevorderd_bedrag", _R, "Teruggevorderd (vastgestelde vorderingen)", Unit.EURO),
    Definition("ingevorderd_bedrag", _R, "Ingevorderd (afgelost op vorderingen)", Unit.EURO),
    *_per_line(_R),
    Definition("uitstroom_werk", _U, "Uitstroom naar werk", Unit.AANTAL),
    *(
        Definition(f"uitstroom_werk.{kind}", _U, f"Uitstroom naar werk: {label}", Unit.AANTAL)
        for kind, label in zip(
            UITSTROOM_TYPES,
            ("regulier", "met loonkostensubsidie", "beschut werk", "detachering"),
            strict=True,
        )
    ),
    Definition("uitstroom_via_bemiddeling", _U, "Uitstroom naar werk via bemiddeling", Unit.AANDEEL),
    Definition(
        "duurzaam_6_maanden", _U, "Na 6 maanden nog aan het werk (uitstroom in deze maand)", Unit.AANDEEL
    ),
    Definition(
        "duurzaam_12_maanden", _U, "Na 12 maanden nog aan het werk (uitstroom in deze maand)", Unit.AANDEEL
    ),
    Definition(
        "niet_teruggekeerd_6_maanden",
        _U,
        "Binnen 6 maanden niet teruggekeerd (uitstroom in deze maand)",
        Unit.AANDEEL,
    ),
    Definition(
        "niet_teruggekeerd_12_maanden",
        _U,
        "Binnen 12 maanden niet teruggekeerd (uitstroom in deze maand)",
        Unit.AANDEEL,
    ),
    *(
        Definition(
            f"loonwaarde.{low}_{high - 1}" if high <= 100 else "loonwaarde.100",
            _U,
            f"Loonwaarde {low}–{high - 1} %" if high <= 100 else "Loonwaarde 100 %",
            Unit.AANTAL,
        )
        for low, high in LOONWAARDE_BANDS
    ),
    *_per_line(_U),
    Definition("plannen_binnen_norm", _W, "Plannen van aanpak binnen 8 weken vastgesteld", Unit.AANDEEL),
    Definition("participatieplaatsen_lopend", _W, "Lopende participatieplaatsen (einde maand)", Unit.AANTAL),
    Definition(
        "sociale_activering_lopend", _W, "Lopende trajecten sociale activering (einde maand)", Unit.AANTAL
    ),
    *(
        Definition(f"doelgroep.{route}", _W, f"Klanten ingedeeld in route {route}", Unit.AANTAL)
        for route in ROUTES
    ),
    *_per_line(_W),
)
BY_KEY = {d.key: d for d in DEFINITIONS}


@dataclass
class KpiValue:
    """One KPI of one gemeente (or handover variant) in one month."""

    gemeente: str
    month: str
    stuurlijn: str
    key: str
    label: str
    unit: str
    status: str
    value: float | None
    numerator: float | None
    denominator: float | None
    reason: str | None = None


# (gemeente, month) -> [numerator, denominator]
Counts = dict[tuple[str, str], list[float]]


@dataclass(frozen=True)
class Span:
    """Consecutive calendar months of the gemeente (Europe/Amsterdam), oldest first."""

    months: tuple[str, ...]

    @property
    def start(self) -> dt.datetime:
        return _month_start(self.months[0])

    @property
    def end(self) -> dt.datetime:
        return _month_end(self.months[-1])


def _month_start(month: str) -> dt.datetime:
    """The first moment of the month in Amsterdam, as a UTC time (e.g. 2026-04 starts 2026-03-31T22:00Z)."""
    year, number = month.split("-")
    return dt.datetime(int(year), int(number), 1, tzinfo=TIME_ZONE).astimezone(dt.UTC)


def _month_end(month: str) -> dt.datetime:
    """The first moment of the next month in Amsterdam, as a UTC time."""
    return _month_start(_following(month))


def _following(month: str) -> str:
    year, number = (int(n) for n in month.split("-"))
    return f"{year + 1:04d}-01" if number == 12 else f"{year:04d}-{number + 1:02d}"


def current_month() -> str:
    """This month in Amsterdam, ``YYYY-MM``."""
    return f"{utcnow().astimezone(TIME_ZONE):%Y-%m}"


def span(month: str | None = None, months: int = 12) -> Span:
    """The month asked (``YYYY-MM``), else the ``months`` months up to and including this one.

    Raises:
        InvalidInput: ``month`` is not a month.
    """
    if month is not None:
        try:
            start = _month_start(month)
        except ValueError:
            raise InvalidInput([FieldError("month", "must be a month as YYYY-MM, e.g. 2026-11")]) from None
        if f"{start.astimezone(TIME_ZONE):%Y-%m}" != month:
            raise InvalidInput([FieldError("month", "must be a month as YYYY-MM, e.g. 2026-11")])
        return Span((month,))
    year, number = (int(n) for n in current_month().split("-"))
    found = []
    for _ in range(months):
        found.append(f"{year:04d}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return Span(tuple(reversed(found)))


class _Sql:
    """The few expressions that differ between SQLite and PostgreSQL."""

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
        """Days (fractional) from ``start`` to ``end``; either a timestamp or an ISO date text."""
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
    [teruggevorderd] = report.ended([TERUGVORDERING], _pair(func.sum(sql.number("vastgestelde_vordering"))))
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
    }
    norms = _norms(report.session, SIGNALEN)
    if norms:  # else missing: nothing to measure against
        limit = case(norms, value=Case.process_version_id, else_=None)
        [found["signalen_binnen_norm"]] = report.ended(
            SIGNALEN,
            _pair(
                _count(sql.days(Case.started_at, Case.ended_at) * 86400.0 <= limit),
                _count(Case.process_version_id.in_(list(norms))),
            ),
        )
    return found


def _norms(session: Session, process_ids: Sequence[str]) -> dict[int, float]:
    """The norm lead time in seconds (property ``doorlooptijd``) of each version of the processes that
    sets one, by version id."""
    value = ProcessVersion.summary["properties"]["doorlooptijd"].as_string()
    now = utcnow()
    return {
        version_id: bpmn.parse_duration(norm, now).total_seconds()
        for version_id, norm in session.execute(
            select(ProcessVersion.id, value).where(
                ProcessVersion.process_id.in_(process_ids), value.is_not(None)
            )
        )
    }


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


def process_lines(session: Session) -> dict[str, SteeringLine]:
    """The steering line of every deployed process (the ``stuurlijn`` property of its newest version)."""
    line = ProcessVersion.summary["properties"]["stuurlijn"].as_string()
    found: dict[str, SteeringLine] = {}
    for process_id, value in session.execute(
        select(ProcessVersion.process_id, line).order_by(ProcessVersion.number)
    ):
        if value in set(SteeringLine):
            found[process_id] = SteeringLine(value)
    return found


_TERM_TIMERS: dict[str, frozenset[str]] = {}
_TERM_TIMER = (
    ".//bpmn:boundaryEvent[bpmn:timerEventDefinition]"
    "[bpmn:extensionElements/camunda:properties/camunda:property[@name='termijn']]"
)


def term_timers(session: Session) -> frozenset[str]:
    """``process_id:element_id`` of every boundary timer a designer marked as a term of the werkbedrijf
    (property ``termijn``, docs/modelling.md): its firing means the term ran out with the work not
    done. Read from every deployed version's files, each parsed once per worker (files never change)."""
    rows = session.execute(select(ProcessVersion.files)).scalars().all()
    unread = {h for files in rows for h in files.values()} - _TERM_TIMERS.keys()
    if unread:
        for content_hash, content in session.execute(
            select(ProcessFile.hash, ProcessFile.content).where(ProcessFile.hash.in_(unread))
        ):
            root = xmldoc.read(content_hash, content.encode())
            _TERM_TIMERS[content_hash] = frozenset(
                f"{process.get('id')}:{event.get('id')}"
                for process in root.iter(etree.QName(NS["bpmn"], "process").text)
                for event in process.xpath(_TERM_TIMER, namespaces=NS)
            )
    return frozenset(key for files in rows for h in files.values() for key in _TERM_TIMERS[h])


def _every_line(report: _Report) -> dict[str, Counts]:
    """Per line: handovers, their mean wait, the share that waited beyond the norm; fired terms.

    Counted per process in the database and added up per line here: a CASE over every process
    id on every row would cost more than the few hundred rows it saves."""
    session, sql = report.session, report.sql
    lines = {process_id: line.name.lower() for process_id, line in process_lines(session).items()}
    found: dict[str, Counts] = {
        f"{prefix}.{line.name.lower()}": {}
        for line in SteeringLine
        for prefix in (
            "overdrachten",
            "overdracht_wachttijd",
            "overdrachten_boven_norm",
            "termijnoverschrijdingen",
        )
    }

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
    timers = term_timers(session)
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
    for gemeente, m, process_id, element_id, count in session.execute(fired):
        line = lines.get(process_id)
        if line is not None and f"{process_id}:{element_id}" in timers:
            add(f"termijnoverschrijdingen.{line}", (gemeente, m), float(count))
    return found


_SOURCES: tuple[tuple[SteeringLine | None, Callable[[_Report], dict[str, Counts]]], ...] = (
    (SteeringLine.VOORKOMEN, _voorkomen),
    (SteeringLine.RECHTMATIG_UITKEREN, _rechtmatig),
    (SteeringLine.UITSTROMEN, _uitstromen),
    (SteeringLine.WERKEN_EN_MEEDOEN, _werken_en_meedoen),
    (None, _every_line),
)


@dataclass
class KpiReport:
    months: tuple[str, ...]
    gemeenten: list[str]
    values: list[KpiValue] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)
    """Numerator and denominator per KPI key, gemeente and month (what the benchmark adds up)."""


def _value(definition: Definition, numerator: float, denominator: float) -> float | None:
    if definition.unit in (Unit.AANTAL, Unit.EURO):
        return numerator
    if not denominator:
        return None
    share = numerator / denominator
    return round(share * 100 if definition.unit is Unit.PER_100 else share, 4)


def _window_days(key: str) -> int | None:
    """How many days after its month a look-ahead KPI needs before it is known."""
    if key in GEMETEN:
        return 31 * GEMETEN[key][1]
    return DUURZAAM.get(key)


def _pending(key: str, month: str, now: dt.datetime) -> bool:
    days = _window_days(key)
    return days is not None and _month_end(month) + dt.timedelta(days=days) > now


def kpi_value(
    definition: Definition, gemeente: str, month: str, counts: Counts | None, now: dt.datetime
) -> KpiValue:
    """The KPI's value from its counts, or why it has none."""
    base = dict(
        gemeente=gemeente,
        month=month,
        stuurlijn=definition.line.value,
        key=definition.key,
        label=definition.label,
        unit=definition.unit.value,
    )
    if counts is None:
        return KpiValue(
            **base,
            status=KpiStatus.MISSING,
            value=None,
            numerator=None,
            denominator=None,
            reason=definition.missing,
        )
    if _pending(definition.key, month, now):
        days = _window_days(definition.key)
        return KpiValue(
            **base,
            status=KpiStatus.PENDING,
            value=None,
            numerator=None,
            denominator=None,
            reason=f"the {days} days after the uitstroom of this month have not all passed",
        )
    numerator, denominator = counts.get((gemeente, month), [0.0, 0.0])
    ratio = definition.unit not in (Unit.AANTAL, Unit.EURO)
    return KpiValue(
        **base,
        status=KpiStatus.OK,
        value=_value(definition, numerator, denominator),
        numerator=round(numerator, 4),
        denominator=round(denominator, 4) if ratio else None,
    )


def kpis(
    session: Session,
    actor: Actor,
    *,
    gemeente: str | None = None,
    month: str | None = None,
    stuurlijn: SteeringLine | None = None,
) -> KpiReport:
    """Every KPI of every steering line (or of ``stuurlijn``) per gemeente the actor serves (or the
    one asked) and month (``month``, else the last twelve)."""
    months = span(month)
    gemeenten = access.gemeenten(actor, gemeente)
    report = KpiReport(months.months, sorted(gemeenten))
    if not gemeenten:
        return report
    queries = _Report(session, gemeenten, months)
    for line, source in _SOURCES:
        if stuurlijn is None or line is None or line == stuurlijn:
            report.counts.update(source(queries))
    now = utcnow()
    for definition in DEFINITIONS:
        if stuurlijn is not None and definition.line != stuurlijn:
            continue
        counts = report.counts.get(definition.key)
        for m in months.months:
            for g in report.gemeenten:
                report.values.append(kpi_value(definition, g, m, counts, now))
    return report


class Variant(StrEnum):
    """The handover variant a gemeente ran in a month: the kandidaat-matchbaar-overdragen process its
    cases of that month started in."""

    TAAKGERICHT = "taakgericht"
    REGIEGERICHT = "regiegericht"
    BEIDE = "beide"
    """Cases of both variants started that month."""
    GEEN = "geen"
    """No candidate was handed over that month."""


@dataclass
class BenchmarkRow:
    """One KPI in one month, with a value per column (gemeente or variant)."""

    month: str
    stuurlijn: str
    key: str
    label: str
    unit: str
    values: dict[str, KpiValue]


@dataclass
class VariantUse:
    gemeente: str
    month: str
    variant: Variant


@dataclass
class Benchmark:
    by: str
    months: tuple[str, ...]
    columns: list[str]
    variants: list[VariantUse]
    rows: list[BenchmarkRow]


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
    found = []
    for gemeente in sorted(gemeenten):
        for m in months.months:
            used = ran.get((gemeente, m), set())
            variant = Variant(used.pop()) if len(used) == 1 else Variant.BEIDE if used else Variant.GEEN
            found.append(VariantUse(gemeente, m, variant))
    return found


def benchmark(
    session: Session,
    actor: Actor,
    *,
    by: str = "gemeente",
    month: str | None = None,
    stuurlijn: SteeringLine | None = None,
) -> Benchmark:
    """The KPIs side by side per month: a column per gemeente the actor serves, or (``by="variant"``)
    per handover variant, each the gemeenten that ran it that month added up (numerators and
    denominators, so a share is that of all their cases)."""
    if by not in ("gemeente", "variant"):
        raise InvalidInput([FieldError("by", "must be 'gemeente' or 'variant'")])
    report = kpis(session, actor, month=month, stuurlijn=stuurlijn)
    uses = variants(session, report.gemeenten, Span(report.months)) if report.gemeenten else []
    rows: dict[tuple[str, str], BenchmarkRow] = {}
    definitions = [d for d in DEFINITIONS if stuurlijn is None or d.line == stuurlijn]
    for d in definitions:
        for m in report.months:
            rows[(d.key, m)] = BenchmarkRow(m, d.line.value, d.key, d.label, d.unit.value, {})
    if by == "gemeente":
        columns = list(report.gemeenten)
        for value in report.values:
            rows[(value.key, value.month)].values[value.gemeente] = value
    else:
        columns = [v.value for v in (Variant.TAAKGERICHT, Variant.REGIEGERICHT)]
        if any(u.variant is Variant.BEIDE for u in uses):
            columns.append(Variant.BEIDE.value)
        members: dict[tuple[str, str], list[str]] = defaultdict(list)
        for use in uses:
            members[(use.variant.value, use.month)].append(use.gemeente)
        now = utcnow()
        for d in definitions:
            counts = report.counts.get(d.key)
            for m in report.months:
                for column in columns:
                    added: Counts | None = None
                    if counts is not None:
                        total = [0.0, 0.0]
                        for gemeente in members.get((column, m), []):
                            numerator, denominator = counts.get((gemeente, m), [0.0, 0.0])
                            total = [total[0] + numerator, total[1] + denominator]
                        added = {(column, m): total}
                    value = kpi_value(d, column, m, added, now)
                    if value.status == KpiStatus.OK and not members.get((column, m)):
                        # no gemeente worked this way that month: nothing was counted, not 0
                        value.value = value.numerator = value.denominator = None
                        value.reason = "no gemeente ran this variant this month"
                    rows[(d.key, m)].values[column] = value
    ordered = [rows[(d.key, m)] for m in report.months for d in definitions]
    return Benchmark(by, report.months, columns, uses, ordered)


def benchmark_csv(found: Benchmark) -> str:
    """The benchmark as CSV, a row per month and KPI and a column per gemeente or variant; a KPI
    without a value says why in its cell (missing, pending), a share of nothing is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["maand", "stuurlijn", "kpi", "omschrijving", "eenheid", *found.columns])
    for row in found.rows:
        cells = []
        for column in found.columns:
            value = row.values.get(column)
            if value is None or value.status != KpiStatus.OK:
                cells.append(value.status if value is not None else "")
            else:
                cells.append("" if value.value is None else _number(value.value))
        writer.writerow([row.month, row.stuurlijn, row.key, row.label, row.unit, *cells])
    return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0")
