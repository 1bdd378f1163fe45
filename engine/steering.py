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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import access, bpmn, handover_counts, xmldoc
from .errors import FieldError, InvalidInput
from .expressions import TIME_ZONE
from .models import ProcessFile, ProcessVersion, ReportCount, utcnow
from .users import Actor
from .vocabulary import NS, SteeringLine


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
BEEINDIGING = "beeindiging_uitkering"
"""Calls the terugvordering for a restvordering: the vordering it sets stands in the beëindiging's case."""
INVORDERING = "invordering"
VERREKENING = "inkomsten_verrekenen"
VERHAAL = "verhaal_op_onderhoudsplichtigen"
BOETE = "bestuurlijke_boete"
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
HANDOVER_NORM_HOURS = handover_counts.NORM_HOURS
DUURZAAM = {"niet_teruggekeerd_6_maanden": 183, "niet_teruggekeerd_12_maanden": 365}
"""Days after the uitstroom within which a return counts."""
UITSTROOM_DATUM = "datum_uitstroom"
"""The field of the duurzaamheid measurement with the date of the uitstroom it is about."""
GEMETEN = {
    "duurzaam_6_maanden": ("nog_aan_het_werk_6m", 6),
    "duurzaam_12_maanden": ("nog_aan_het_werk_12m", 12),
}
"""The field of the measurement after so many months (process duurzaamheid_uitstroom_meten)."""
DUURZAAMHEID = "duurzaamheid_uitstroom_meten"
NAZORG = "nazorg_na_werkaanvaarding"
EINDE_WERK = "datum_einde_werk"
"""The field of the nazorg with the day the work ended: a nazorg that records it ends without a
measurement (to the snelle herstart), and counts itself in the duurzaamheid (docs/steering.md)."""
UITSTROOM_TYPES = ("regulier", "lks", "beschut", "detachering")
LOONWAARDE_BANDS = ((0, 30), (30, 50), (50, 80), (80, 100), (100, 101))
ROUTES = ("werk", "ontwikkeltraject", "arbeidsbeperking", "participatie")


def loonwaarde_key(low: int, high: int) -> str:
    """The KPI of the loonwaarde band from ``low`` up to (not including) ``high`` percent."""
    return f"loonwaarde.{low}_{high - 1}" if high <= 100 else "loonwaarde.100"


COLLECTED = (
    "the invordering ends when verrekening with bijstand (Pw 60a) or beslag starts: what they collect month"
    " by month is not recorded"
)
"""Why the amounts collected by verrekening or beslag are missing."""

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
    Definition(
        "verrekend_of_beslagen_bedrag", _R, "Ingevorderd door verrekening of beslag", Unit.EURO, COLLECTED
    ),
    Definition("inkomsten_verrekend_bedrag", _R, "Inkomsten verrekend met de bijstand", Unit.EURO),
    Definition("verhaal_bedrag_per_maand", _R, "Verhaal op onderhoudsplichtigen (per maand)", Unit.EURO),
    Definition("boetes_opgelegd_bedrag", _R, "Bestuurlijke boetes opgelegd", Unit.EURO),
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
            loonwaarde_key(low, high),
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


class _Report:
    """One KPI report: the same gemeenten and months throughout, and the counts of ``report_counts``
    (engine/rollup.py, ADR 39) of those gemeenten and months, read once."""

    def __init__(self, session: Session, gemeenten: frozenset[str], months: Span) -> None:
        self.session = session
        self.gemeenten = gemeenten
        self.span = months
        self._rows: dict[tuple[str, str], dict[tuple[str, str, int], float]] | None = None

    def rows(self) -> dict[tuple[str, str], dict[tuple[str, str, int], float]]:
        """(process id, name) -> (gemeente, month, version id) -> value, of every count but the lead-time
        buckets and outcome types (which the outcome report reads)."""
        if self._rows is None:
            self._rows = defaultdict(dict)
            for gemeente, month, version_id, process_id, name, value in self.session.execute(
                select(
                    ReportCount.gemeente,
                    ReportCount.month,
                    ReportCount.process_version_id,
                    ReportCount.process_id,
                    ReportCount.name,
                    ReportCount.value,
                ).where(
                    ReportCount.month.in_(self.span.months),
                    ReportCount.gemeente.in_(self.gemeenten),
                    ReportCount.name.not_like("doorloop.%"),
                    ReportCount.name.not_like("uitkomst.%"),
                )
            ):
                self._rows[(process_id, name)][(gemeente, month, version_id)] = value
        return self._rows

    def value(
        self, process_ids: Sequence[str], name: str, versions: Iterable[int] | None = None
    ) -> dict[tuple[str, str], float]:
        """The count ``name`` of ``process_ids`` per gemeente and month (of ``versions`` alone, if given)."""
        wanted = None if versions is None else set(versions)
        found: dict[tuple[str, str], float] = defaultdict(float)
        rows = self.rows()
        for process_id in process_ids:
            for (gemeente, month, version_id), value in rows.get((process_id, name), {}).items():
                if wanted is None or version_id in wanted:
                    found[(gemeente, month)] += value
        return found

    def counts(self, process_ids: Sequence[str], numerator: str, denominator: str | None = None) -> Counts:
        """Numerator and denominator per gemeente and month: the KPI's own (``key`` and ``key:d``) or
        the counts named."""
        top = self.value(process_ids, numerator)
        bottom = self.value(process_ids, denominator) if denominator is not None else {}
        return {at: [top.get(at, 0.0), bottom.get(at, 0.0)] for at in top.keys() | bottom.keys()}

    def kpi(self, process_ids: Sequence[str], key: str) -> Counts:
        return self.counts(process_ids, key, f"{key}:d")

    def started(self, process_id: str) -> Counts:
        return self.counts([process_id], "started")

    def running_at_month_end(self, process_id: str) -> Counts:
        """Cases of the process that had started and not ended at the end of each month: those started
        up to it less those ended up to it, the months before the span added up in the database."""
        running: dict[str, float] = defaultdict(float)
        for gemeente, name, value in self.session.execute(
            select(ReportCount.gemeente, ReportCount.name, func.sum(ReportCount.value))
            .where(
                ReportCount.process_id == process_id,
                ReportCount.gemeente.in_(self.gemeenten),
                ReportCount.month < self.span.months[0],
                ReportCount.name.in_(["started", "ended"]),
            )
            .group_by(ReportCount.gemeente, ReportCount.name)
        ):
            running[gemeente] += float(value) if name == "started" else -float(value)
        started, ended = self.value([process_id], "started"), self.value([process_id], "ended")
        found: Counts = {}
        for gemeente in self.gemeenten:
            for month in self.span.months:
                running[gemeente] += started.get((gemeente, month), 0.0) - ended.get((gemeente, month), 0.0)
                found[(gemeente, month)] = [running[gemeente], 0.0]
        return found


def _voorkomen(report: _Report) -> dict[str, Counts]:
    return {
        "meldingen": report.started(MELDING),
        "meldingen_zonder_aanvraag": report.kpi([MELDING], "meldingen_zonder_aanvraag"),
        "instroom_per_100_aanvragen": report.kpi(AANVRAGEN, "instroom_per_100_aanvragen"),
    }


def _rechtmatig(report: _Report) -> dict[str, Counts]:
    found = {
        key: report.kpi(process_ids, key)
        for key, process_ids in (
            ("aanvragen_binnen_termijn", AANVRAGEN),
            ("bezwaren_gegrond", [BEZWAAR]),
            ("teruggevorderd_bedrag", [TERUGVORDERING, BEEINDIGING]),
            ("ingevorderd_bedrag", [INVORDERING]),
            ("inkomsten_verrekend_bedrag", [VERREKENING]),
            ("verhaal_bedrag_per_maand", [VERHAAL]),
            ("boetes_opgelegd_bedrag", [BOETE]),
        )
    }
    norms = _norms(report.session, SIGNALEN)
    if norms:  # else missing: nothing to measure against
        completed = report.value(SIGNALEN, "completed", norms)
        late = report.value(SIGNALEN, "boven_norm", norms)
        found["signalen_binnen_norm"] = {
            at: [total - late.get(at, 0.0), total] for at, total in completed.items()
        }
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
    werk = [UITSTROOM_WERK]
    found = {
        "uitstroom_werk": report.counts(werk, "completed"),
        "uitstroom_via_bemiddeling": report.kpi(werk, "uitstroom_via_bemiddeling"),
    }
    for k in UITSTROOM_TYPES:
        found[f"uitstroom_werk.{k}"] = report.counts(werk, f"uitstroom_werk.{k}")
    completed = report.value(werk, "completed")
    for key in DUURZAAM:
        returned = report.value(werk, f"teruggekeerd.{key}")
        found[key] = {at: [total - returned.get(at, 0.0), total] for at, total in completed.items()}
    for key in GEMETEN:  # by the month of the uitstroom the measurement is about
        found[key] = report.kpi([DUURZAAMHEID, NAZORG], key)  # a lost job counts in the nazorg
    for low, high in LOONWAARDE_BANDS:
        found[loonwaarde_key(low, high)] = report.counts([LOONWAARDE], loonwaarde_key(low, high))
    return found


def _werken_en_meedoen(report: _Report) -> dict[str, Counts]:
    found = {
        "plannen_binnen_norm": report.kpi([PLAN_VAN_AANPAK], "plannen_binnen_norm"),
        "participatieplaatsen_lopend": report.running_at_month_end(PARTICIPATIEPLAATS),
        "sociale_activering_lopend": report.running_at_month_end(SOCIALE_ACTIVERING),
    }
    for r in ROUTES:
        found[f"doelgroep.{r}"] = report.counts([DIAGNOSE], f"doelgroep.{r}")
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


Fired = Iterable[tuple[str, str, str, str, float]]
"""Fired timers: gemeente, month, process id, element id, how many."""


def _every_line(report: _Report, fired: Fired | None = None) -> dict[str, Counts]:
    """Per line: handovers, their mean wait, the share that waited beyond the norm, from the handover
    counts per process (engine/handover_counts.py, ADR 37) added up per line; fired terms (``fired``,
    else those of ``report_counts``)."""
    session = report.session
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

    cutoff = utcnow() - dt.timedelta(hours=HANDOVER_NORM_HOURS)
    for (gemeente, m, process_id), tally in handover_counts.monthly(
        session, report.gemeenten, report.span.months, cutoff
    ).items():
        line = lines.get(process_id)
        if line is None:
            continue
        add(f"overdrachten.{line}", (gemeente, m), float(tally.handovers))
        add(f"overdracht_wachttijd.{line}", (gemeente, m), tally.wait_sum / 3600, float(tally.picked_up))
        # a handover is withdrawn only while it waits: those not withdrawn were picked up or wait
        add(
            f"overdrachten_boven_norm.{line}",
            (gemeente, m),
            float(tally.picked_up_late + tally.waiting_over_norm),
            float(tally.handovers - tally.withdrawn),
        )
    timers = term_timers(session)
    if fired is None:
        fired = (
            (gemeente, m, process_id, name.removeprefix("timer."), count)
            for (process_id, name), by_month in report.rows().items()
            if name.startswith("timer.")
            for (gemeente, m, _), count in by_month.items()
        )
    for gemeente, m, process_id, element_id, count in fired:
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
    ran: dict[tuple[str, str], set[str]] = defaultdict(set)
    for gemeente, m, process_id in session.execute(
        select(ReportCount.gemeente, ReportCount.month, ReportCount.process_id)
        .where(
            ReportCount.month.in_(months.months),
            ReportCount.gemeente.in_(list(gemeenten)),
            ReportCount.process_id.in_(list(VARIANTS)),
            ReportCount.name == "started",
            ReportCount.value > 0,
        )
        .distinct()
    ):
        ran[(gemeente, m)].add(VARIANTS[process_id])
    return variant_uses(gemeenten, months, ran)


def variant_uses(
    gemeenten: Iterable[str], months: Span, ran: Mapping[tuple[str, str], set[str]]
) -> list[VariantUse]:
    """Per gemeente and month, the variant of the variants ``ran`` then (both, or none)."""
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
