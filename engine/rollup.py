"""Counts the reports read instead of the cases (ADR 39): table ``report_counts``, per gemeente, calendar
month in Amsterdam, process version and name.

What a case counts is a function of its own row (:func:`contributions`): ``started`` in the month it
started; ``ended``, ``completed`` or ``cancelled``, its outcome type, its lead-time bucket and whether it
took longer than its version's norm, and the numerators and denominators of the KPIs read from its form
data, in the month it ended. :class:`Delta` takes that function of the case before a change and after it
and writes the difference in the transaction of the change (engine/store.py), so most steps write
nothing here: a running case counts only its start. Two KPIs count across cases (a client's distinct
route per month, a client's return after an uitstroom); they are looked up when the case that causes
them ends or starts (:func:`_linked`). A fired term is counted as it fires.

:func:`rebuild` counts every case again with the same functions: migration 0023 fills the table with it,
and the benchmarks after filling a database with rows of their own.

Lead times are kept as counts per bucket, the buckets of the handover waits (engine/handover_counts.py: a
minute wide below an hour, an hour below two days, a day beyond), and an exact maximum: a percentile read
from them (``handover_counts.percentile``) is off by less than its bucket's width.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Numeric, case, cast, delete, func, insert, literal_column, or_, select
from sqlalchemy.orm import Session

from . import bpmn, steering
from .db import MAXIMUM, Base, adding_upsert, send
from .expressions import datum_plus
from .handover_counts import bucket, bucket_sql, percentile
from .models import AuditEvent, Case, ProcessVersion, ReportCount
from .period import Period, month_bounds, month_of, seconds_between
from .vocabulary import CaseStatus, EventType

Counted = dict[tuple[str, str], float]
"""(month, name) -> value: what one case counts."""
Key = tuple[str, str, int, str, str]
"""gemeente, month, process version id, process id, name: a row of ``report_counts``."""

DAY = 86400
_TABLE = Base.metadata.tables["report_counts"]
_KEY = ("gemeente", "month", "process_version_id")
"""The key of a counter of ``report_counts``, beside its name."""


def suspended_days(data: Mapping[str, Any]) -> float:
    """The days a hersteltermijn suspended the term (``opgeschorte_dagen``, Awb 4:15), else 0."""
    return _number(data, "opgeschorte_dagen") or 0.0


def lead_seconds(started_at: dt.datetime, ended_at: dt.datetime, data: Mapping[str, Any]) -> float:
    """A case's lead time: start to end less the days a hersteltermijn suspended it, never below 0.

    Every report of lead times takes it from here: the outcome report, the KPIs and the lead times per
    process through these counts, each case of a client's journey, and the pilot report, which takes
    its percentiles in the database, through :func:`lead_seconds_column`, the same rule in SQL.
    """
    return max(0.0, (ended_at - started_at).total_seconds() - suspended_days(data) * DAY)


def lead_seconds_column(session: Session) -> Any:
    """:func:`lead_seconds` of a case in SQL, for a report that takes percentiles in the database."""
    suspended = func.coalesce(Case.data["opgeschorte_dagen"].as_float(), 0.0) * literal_column(f"{DAY}.0")
    lead = seconds_between(session, Case.started_at, Case.ended_at) - suspended
    return case((lead < 0, 0.0), else_=lead)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _boolean(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    return value if isinstance(value, bool) else None


def _date(value: Any) -> dt.datetime | None:
    """An ISO date (midnight UTC) or time from the case data; None if it is none."""
    if not isinstance(value, str):
        return None
    try:
        found = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)


def _days(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / DAY


def contributions(case: Any, norm_seconds: float | None) -> Counted:
    """What one case counts: a Case, or a row with its columns (``process_id``, ``status``,
    ``started_at``, ``ended_at``, ``outcome_type``, ``data``); ``norm_seconds`` its version's norm."""
    found: Counted = defaultdict(float)
    data: Mapping[str, Any] = case.data or {}
    found[(month_of(case.started_at), "started")] += 1
    if case.process_id == steering.DUURZAAMHEID:
        _measured(found, data)
    if case.ended_at is None:
        return found
    month = month_of(case.ended_at)

    def add(name: str, value: float = 1.0) -> None:
        found[(month, name)] += value

    add("ended")
    if case.status == CaseStatus.CANCELLED:
        add("cancelled")
    if case.status != CaseStatus.COMPLETED:
        return found
    add("completed")
    add(f"uitkomst.{case.outcome_type or ''}")
    seconds = lead_seconds(case.started_at, case.ended_at, data)
    add(f"doorloop.{bucket(seconds)}")
    found[(month, f"doorloop{MAXIMUM}")] = seconds
    if norm_seconds is not None and seconds > norm_seconds:
        add("boven_norm")
    _kpis(add, case, data)
    if case.process_id == steering.NAZORG:
        _lost_before_measured(found, data)
    return found


def _kpis(add: Callable[..., None], case: Any, data: Mapping[str, Any]) -> None:
    """The KPI numerators (``key``) and denominators (``key:d``) a completed case counts from its form
    data (docs/steering.md names the process and field of each)."""
    process = case.process_id
    if process == steering.MELDING:
        add("meldingen_zonder_aanvraag:d")
        if (
            _text(data, "route") == "voorliggende_voorziening"
            or _text(data, "bemiddelingsresultaat") == "aan_het_werk"
        ):
            add("meldingen_zonder_aanvraag")
    elif process in steering.AANVRAGEN:
        decision = _text(data, "besluit")
        decision = decision if decision is not None else _text(data, "besluit_bbz")
        add("instroom_per_100_aanvragen:d")
        if decision == "toekennen":
            add("instroom_per_100_aanvragen")
        # The Bbz refuses with its ground in the value (afwijzen_niet_levensvatbaar, ..._geen_zelfstandige).
        if decision is not None and (decision == "toekennen" or decision.startswith("afwijzen")):
            add("aanvragen_binnen_termijn:d")
            received = _date(data.get("datum_aanvraag")) or case.started_at
            taken = _days(received, case.ended_at) - suspended_days(data)
            term: float = steering.AANVRAAG_TERMIJN_DAGEN
            if process == steering.BBZ:
                # the term the case holds at the decision: 13 weeks, or later after a timely verdaging
                until = _date(data.get("beslistermijn_bbz_tot"))
                term = steering.BBZ_TERMIJN_DAGEN if until is None else _days(received, until)
            if taken < term + 1:
                add("aanvragen_binnen_termijn")
    elif process == steering.BEZWAAR:
        beslissing = _text(data, "beslissing_op_bezwaar")
        if beslissing in ("gegrond", "gedeeltelijk_gegrond"):
            add("bezwaren_gegrond")
        if beslissing in ("gegrond", "gedeeltelijk_gegrond", "ongegrond", "niet_ontvankelijk") or (
            _boolean(data, "ontvankelijk") is False
        ):
            add("bezwaren_gegrond:d")
    elif process in (steering.TERUGVORDERING, steering.BEEINDIGING):
        amount = _number(data, "vastgestelde_vordering")
        if amount is not None:
            add("teruggevorderd_bedrag", amount)
    elif process in _AMOUNTS:
        key, field, shown = _AMOUNTS[process]
        amount = _number(data, field)
        if amount is not None and (shown is None or _boolean(data, shown) is True):
            add(key, amount)
    elif process == steering.INVORDERING:
        amount = _number(data, "vorderingsbedrag")
        left = _number(data, "restant_vordering")
        repaid = (
            amount
            if _text(data, "stand_regeling") == "afgelost"
            else None
            if amount is None or left is None
            else amount - left
        )
        if repaid is not None:
            add("ingevorderd_bedrag", repaid)
    elif process == steering.UITSTROOM_WERK:
        kind = _text(data, "uitstroom_type")
        if kind in steering.UITSTROOM_TYPES:
            add(f"uitstroom_werk.{kind}")
        bemiddeling = _boolean(data, "via_bemiddeling")
        if bemiddeling is not None:
            add("uitstroom_via_bemiddeling:d")
        if bemiddeling is True:
            add("uitstroom_via_bemiddeling")
    elif process == steering.LOONWAARDE:
        loonwaarde = _number(data, "loonwaarde_percentage")
        for low, high in steering.LOONWAARDE_BANDS:
            if loonwaarde is not None and low <= loonwaarde < high:
                add(steering.loonwaarde_key(low, high))
    elif process == steering.PLAN_VAN_AANPAK and _text(data, "goedkeuring_plan") == "goedgekeurd":
        add("plannen_binnen_norm:d")
        referred = _date(data.get("datum_verwijzing")) or case.started_at
        if _days(referred, case.ended_at) < steering.PLAN_NORM_DAGEN + 1:
            add("plannen_binnen_norm")


_AMOUNTS = {
    steering.VERREKENING: ("inkomsten_verrekend_bedrag", "te_verrekenen_bedrag", "inkomsten_aangetoond"),
    steering.VERHAAL: ("verhaal_bedrag_per_maand", "maandbedrag_verhaal", None),
    steering.BOETE: ("boetes_opgelegd_bedrag", "boetebedrag", None),
}
"""Process -> the KPI, the amount it sums at the case's end and the field that must be true for it to
count: the amount as decided (an inkomen shown, a boete imposed, a monthly verhaal set)."""


def _measured(found: Counted, data: Mapping[str, Any]) -> None:
    """Duurzaamheid as recorded 6 and 12 months after the uitstroom, in the month of the uitstroom
    (``datum_uitstroom``, an ISO date: its first seven characters), whether the case ended or not."""
    uitstroom = _text(data, steering.UITSTROOM_DATUM)
    if not uitstroom:
        return
    for key, (field_id, _) in steering.GEMETEN.items():
        recorded = _boolean(data, field_id)
        if recorded is not None:
            found[(uitstroom[:7], f"{key}:d")] += 1
        if recorded is True:
            found[(uitstroom[:7], key)] += 1


def _lost_before_measured(found: Counted, data: Mapping[str, Any]) -> None:
    """A nazorg after an uitstroom (``datum_uitstroom``) that ended with the work lost
    (``datum_einde_werk``) starts the snelle herstart, not the duurzaamheid measurement: it counts in
    the measurement's place, in the month of the uitstroom, as not at work at each moment (6, 12 months
    after the uitstroom) from the day the work ended on, and as at work at a moment before it. Without
    it the duurzaamheid would count only the clients who kept their work through the nazorg."""
    uitstroom, ended = _text(data, steering.UITSTROOM_DATUM), _date(data.get(steering.EINDE_WERK))
    if uitstroom is None or _date(uitstroom) is None or ended is None:
        return
    for key, (_, months) in steering.GEMETEN.items():
        moment = _date(datum_plus(uitstroom, f"P{months}M"))
        found[(uitstroom[:7], f"{key}:d")] += 1
        if moment is not None and ended > moment:
            found[(uitstroom[:7], key)] += 1


RUNNING_FIELDS: dict[str, frozenset[str]] = {
    steering.DUURZAAMHEID: frozenset(
        {steering.UITSTROOM_DATUM, *(field for field, _ in steering.GEMETEN.values())}
    )
}
"""Per process, the form fields the counts of a *running* case read (:func:`_measured`); those of every
other process read none until the case ends. A running case's change of any other field counts nothing."""

_NORMS: dict[int, float | None] = {}


def _seconds(duration: str | None) -> float | None:
    return bpmn.parse_duration(duration, dt.datetime.now(dt.UTC)).total_seconds() if duration else None


def norm_seconds(session: Session, version_id: int) -> float | None:
    """The norm lead time (property ``doorlooptijd``) of a version, in seconds; read once per worker
    (a version never changes)."""
    if version_id not in _NORMS:
        _NORMS[version_id] = _seconds(
            session.scalar(
                select(ProcessVersion.summary["properties"]["doorlooptijd"].as_string()).where(
                    ProcessVersion.id == version_id
                )
            )
        )
    return _NORMS[version_id]


def _rows(case: Any, counted: Counted) -> dict[Key, float]:
    return {
        (case.gemeente, month, case.process_version_id, case.process_id, name): value
        for (month, name), value in counted.items()
    }


class Delta:
    """What one change to a case changes in ``report_counts``: its counts before and after the change,
    and what it counts on the side (a fired term)."""

    COLUMNS = frozenset(
        {
            "process_version_id",
            "process_id",
            "gemeente",
            "status",
            "started_at",
            "ended_at",
            "outcome_type",
            "data",
        }
    )
    """The columns the counts of a case follow from: a change that sets none of them counts nothing."""

    def __init__(self, session: Session, case: Case, *, new: bool) -> None:
        self.session, self.case, self.new = session, case, new
        self.before: dict[Key, float] | None = {} if new else None
        self.events: dict[Key, float] = defaultdict(float)
        self.definition: bpmn.ProcessDefinition | None = None
        """The model of the case's version, when a step ran it (engine/store.py sets it)."""

    def changing(self, values: Mapping[str, Any]) -> None:
        """Called before the case's columns are set: the counts before the first change that matters.

        A running case's new form data matters only when it changes a field its counts read
        (:data:`RUNNING_FIELDS`); otherwise its counts stay what they were, also if a later change of the
        same step (its end) takes them, with the new data, as the counts before."""
        if self.before is not None:
            return
        columns = self.COLUMNS.intersection(values)
        if columns == {"data"} and self._uncounted(values["data"]):
            return
        if columns:
            self.before = self._now()

    def _uncounted(self, data: Mapping[str, Any] | None) -> bool:
        """Whether ``data`` as the running case's new form data leaves every field its counts read as it
        was: the same value of the same type (``True == 1`` in Python, not in :func:`_boolean`)."""
        case = self.case
        if case.ended_at is not None:
            return False
        old, new = case.data or {}, data or {}
        for name in RUNNING_FIELDS.get(case.process_id, ()):
            was, now = old.get(name), new.get(name)
            if type(was) is not type(now) or was != now:
                return False
        return True

    def _now(self) -> dict[Key, float]:
        case = self.case
        norm = None
        if case.status == CaseStatus.COMPLETED:
            if case.process_version_id not in _NORMS and self.definition is not None:
                # the model the step ran: its norm without a query
                _NORMS[case.process_version_id] = _seconds(self.definition.properties.get("doorlooptijd"))
            norm = norm_seconds(self.session, case.process_version_id)
        return _rows(case, contributions(case, norm))

    def timer_fired(self, element_id: str, at: dt.datetime) -> None:
        case = self.case
        self.events[
            (case.gemeente, month_of(at), case.process_version_id, case.process_id, f"timer.{element_id}")
        ] += 1

    def changes(self) -> dict[Key, float]:
        """What the change adds to ``report_counts``, computed before the case's row is written, so that
        PostgreSQL's one statement of the step adds it (engine/store.py, ADR 39). The counts that look
        across cases (:func:`_linked`: a client's return after an uitstroom, a diagnose's route) read the
        client's other cases first."""
        if self.before is None:  # none of the columns changed: only what was counted on the side
            return dict(self.events)
        after = self._now()
        changes = self._difference(after)
        _linked(self.session, self.case, self.new, self._completes(after), changes)
        return changes

    def write(self) -> None:
        """Add :meth:`changes` to ``report_counts`` (SQLite: a statement of its own)."""
        add(self.session, self.changes())

    def _difference(self, after: dict[Key, float]) -> dict[Key, float]:
        assert self.before is not None
        changes: dict[Key, float] = defaultdict(float, self.events)
        for key in self.before.keys() | after.keys():
            if key[4].endswith(MAXIMUM):
                if key in after and key not in self.before:
                    changes[key] = after[key]
                continue
            difference = after.get(key, 0.0) - self.before.get(key, 0.0)
            if difference:
                changes[key] += difference
        return changes

    def _completes(self, after: dict[Key, float]) -> bool:
        """Whether this change completes the case (it was not completed before)."""
        assert self.before is not None
        was_completed = not self.new and any(k[4] == "completed" for k in self.before)
        return not was_completed and any(k[4] == "completed" for k in after)


def _looks_across(case: Case, new: bool, completed: bool) -> bool:
    """Whether :func:`_linked` reads other cases for this change."""
    return (new and case.process_id in steering.TERUGKEER) or (
        completed and case.process_id == steering.DIAGNOSE
    )


def _linked(session: Session, case: Case, new: bool, completed: bool, changes: dict[Key, float]) -> None:
    """The counts a case changes in other cases' rows, or that depend on other cases: a new case of a
    process a client returns with counts as the return of each uitstroom it is the first return after;
    a diagnose that ends counts its route unless the client's route was counted that month already."""
    if not _looks_across(case, new, completed):
        return
    if new and case.process_id in steering.TERUGKEER:
        window = dt.timedelta(days=max(steering.DUURZAAM.values()))
        left = session.execute(
            select(Case.id, Case.gemeente, Case.process_version_id, Case.process_id, Case.ended_at).where(
                Case.client_ref == case.client_ref,
                Case.gemeente == case.gemeente,
                Case.process_id == steering.UITSTROOM_WERK,
                Case.status == CaseStatus.COMPLETED,
                Case.ended_at < case.started_at,
                Case.ended_at >= case.started_at - window,
            )
        ).all()
        for uitstroom in left:
            earlier = session.scalar(
                select(func.count()).where(
                    Case.client_ref == case.client_ref,
                    Case.gemeente == case.gemeente,
                    Case.process_id.in_(steering.TERUGKEER),
                    Case.started_at > uitstroom.ended_at,
                    Case.started_at <= case.started_at,
                    Case.id != case.id,
                )
            )
            if not earlier:
                for name, value in _returned(uitstroom.ended_at, case.started_at).items():
                    changes[_rows(uitstroom, {(month_of(uitstroom.ended_at), name): value}).popitem()[0]] += (
                        value
                    )
    if completed and case.process_id == steering.DIAGNOSE:
        route = _text(case.data or {}, "route")
        if route in steering.ROUTES and case.ended_at is not None:
            month = month_of(case.ended_at)
            start, end = month_bounds(month)
            counted = session.scalar(
                select(func.count()).where(
                    Case.client_ref == case.client_ref,
                    Case.gemeente == case.gemeente,
                    Case.process_id == steering.DIAGNOSE,
                    Case.status == CaseStatus.COMPLETED,
                    Case.ended_at >= start,
                    Case.ended_at < end,
                    Case.data["route"].as_string() == route,
                    Case.id != case.id,
                )
            )
            if not counted:
                changes[
                    (case.gemeente, month, case.process_version_id, case.process_id, f"doelgroep.{route}")
                ] += 1


def _returned(ended_at: dt.datetime, returned_at: dt.datetime) -> dict[str, float]:
    """The names a client's first return after an uitstroom counts (``niet_teruggekeerd_*`` subtracts
    them from the uitstroom), by how many days after it the client came back."""
    days = _days(ended_at, returned_at)
    return {f"teruggekeerd.{key}": 1.0 for key, limit in steering.DUURZAAM.items() if days <= limit}


def add(session: Session, changes: Mapping[Key, float]) -> None:
    """Add ``changes`` to ``report_counts`` (a maximum: keep the larger), in key order, so two
    transactions that change the same rows lock them in the same order; one statement for all rows,
    as a step's other writes are (ADR 9)."""
    if not changes:
        return
    connection = session.connection()
    send(connection, adding_upsert(_TABLE, _KEY, connection.dialect.name), rows(changes))


def rows(changes: Mapping[Key, float]) -> list[dict[str, Any]]:
    """The rows of ``changes`` for an upsert, in key order (:func:`add`)."""
    return [
        dict(gemeente=g, month=m, process_version_id=v, process_id=p, name=n, value=value)
        for (g, m, v, p, n), value in sorted(changes.items())
    ]


UPSERT_SQL = (
    "INSERT INTO report_counts (gemeente, month, process_version_id, process_id, name, value)"
    " SELECT r.gemeente, r.month, r.process_version_id, r.process_id, r.name, r.value"
    " FROM jsonb_populate_recordset(NULL::report_counts, CAST(:report_counts AS jsonb)) WITH ORDINALITY AS r"
    " WHERE {condition} ORDER BY r.ordinality"
    " ON CONFLICT (gemeente, month, process_version_id, name) DO UPDATE SET value ="
    f" CASE WHEN report_counts.name LIKE '%{MAXIMUM}' THEN greatest(report_counts.value, excluded.value)"
    " ELSE report_counts.value + excluded.value END"
)
"""PostgreSQL's upsert of :func:`add` as text, of the rows of :func:`rows` in the JSON parameter
``report_counts``, in their order, where ``{condition}`` holds: a part of the one statement of a step
(engine/store.py)."""


def rebuild(session: Session) -> int:
    """Count every case and fired term again, from nothing; how many rows ``report_counts`` holds."""
    session.execute(delete(ReportCount))
    norms: dict[int, float | None] = {}
    for version_id, value in session.execute(
        select(ProcessVersion.id, ProcessVersion.summary["properties"]["doorlooptijd"].as_string())
    ):
        norms[version_id] = _seconds(value)
    counts: dict[Key, float] = defaultdict(float)
    maxima: dict[Key, float] = {}
    routes: set[tuple[str, str, str, str]] = set()
    returns: dict[tuple[str, str], list[dt.datetime]] = defaultdict(list)
    uitstroom: list[Any] = []
    columns = (
        Case.id,
        Case.process_id,
        Case.process_version_id,
        Case.gemeente,
        Case.client_ref,
        Case.status,
        Case.started_at,
        Case.ended_at,
        Case.outcome_type,
        Case.data,
    )
    for row in session.execute(
        select(*columns).order_by(Case.ended_at, Case.id).execution_options(yield_per=2000)
    ):
        for key, value in _rows(row, contributions(row, norms.get(row.process_version_id))).items():
            if key[4].endswith(MAXIMUM):
                maxima[key] = max(value, maxima.get(key, value))
            else:
                counts[key] += value
        if row.process_id in steering.TERUGKEER:
            returns[(row.client_ref, row.gemeente)].append(row.started_at)
        if row.status != CaseStatus.COMPLETED or row.ended_at is None:
            continue
        if row.process_id == steering.UITSTROOM_WERK:
            uitstroom.append(row)
        route = _text(row.data or {}, "route")
        if row.process_id == steering.DIAGNOSE and route in steering.ROUTES:
            month = month_of(row.ended_at)
            if (row.gemeente, month, route, row.client_ref) not in routes:  # the first to end counts
                routes.add((row.gemeente, month, route, row.client_ref))
                counts[
                    (row.gemeente, month, row.process_version_id, row.process_id, f"doelgroep.{route}")
                ] += 1
    for started in returns.values():
        started.sort()
    for row in uitstroom:
        started = returns.get((row.client_ref, row.gemeente), [])
        first = bisect.bisect_right(started, row.ended_at)
        if first < len(started):
            for name, value in _returned(row.ended_at, started[first]).items():
                counts[
                    (row.gemeente, month_of(row.ended_at), row.process_version_id, row.process_id, name)
                ] += value
    element = AuditEvent.data["element_id"].as_string()
    for gemeente, version_id, process_id, at, element_id in session.execute(
        select(Case.gemeente, Case.process_version_id, Case.process_id, AuditEvent.at, element)
        .join(Case, Case.id == AuditEvent.case_id)
        .where(AuditEvent.type == EventType.TIMER_FIRED)
        .execution_options(yield_per=5000)
    ):
        counts[(gemeente, month_of(at), version_id, process_id, f"timer.{element_id}")] += 1
    rows = [
        dict(gemeente=g, month=m, process_version_id=v, process_id=p, name=n, value=value)
        for (g, m, v, p, n), value in sorted({**counts, **maxima}.items())
        if value or n.endswith(MAXIMUM)
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(ReportCount), rows[start : start + 5000])
    return len(rows)


LEAD, LONGEST = "doorloop.", f"doorloop{MAXIMUM}"
Group = tuple[Any, ...]
"""The values of the columns a report groups by (:data:`BY_VERSION` unless it asks for fewer)."""

BY_VERSION = ("process_id", "gemeente", "process_version_id")
"""What :func:`read` groups by unless asked otherwise: process id, gemeente, process version id."""


@dataclass
class Tally:
    """What the cases of one group count in a period: a sum per name, the lead times of the completed
    ones per bucket (lower bound -> how many) and the longest."""

    named: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    buckets: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    longest: float | None = None

    def add(self, name: str, value: float) -> None:
        if name == LONGEST:
            self.longest = value if self.longest is None else max(self.longest, value)
        elif name.startswith(LEAD):
            self.buckets[int(name.removeprefix(LEAD))] += value
        else:
            self.named[name] += value

    def merge(self, other: Tally) -> None:
        for name, value in other.named.items():
            self.named[name] += value
        for lower, n in other.buckets.items():
            self.buckets[lower] += n
        if other.longest is not None:
            self.add(LONGEST, other.longest)

    def lead_time(self, q: float) -> float | None:
        """The ``q`` percentile of the completed cases' lead times: within its bucket's width of the
        exact figure (``handover_counts.percentile``), never above the longest."""
        return percentile(self.buckets.items(), round(self.named.get("completed", 0)), q, self.longest)


def read(
    session: Session,
    kept: Sequence[ColumnElement[bool]],
    conditions: Sequence[ColumnElement[bool]],
    period: Period,
    names: Sequence[str],
    by: Sequence[str] = BY_VERSION,
) -> dict[Group, Tally]:
    """What the cases of ``period`` count per group of the columns ``by`` names (some of
    :data:`BY_VERSION`, keyed in ``by``'s order; process, gemeente and version by default): the
    ``names`` (a name ending in ``.`` stands for every name it begins, ``doorloop.`` for the lead
    times) of the whole
    calendar months from ``report_counts`` (``kept`` selects its rows: gemeenten, process, versions),
    the parts of months at the period's edges counted from the cases (``conditions`` select them) in
    the database, by the rule :func:`contributions` applies at each step. ``started`` counts by the
    start, every other name (of :data:`AT_EVERY_END`; a KPI's are read by :mod:`engine.steering`) by
    the end. The database groups by ``by``: a report that sums over gemeenten or versions gets its
    groups, not thousands of rows to merge."""
    if not set(by) <= set(BY_VERSION):
        raise ValueError(f"read groups by {BY_VERSION}, not {by}")
    exact = [name for name in names if not name.endswith(".")]
    prefixes = tuple(name for name in names if name.endswith("."))
    unknown = {*exact, *prefixes} - {"started", *AT_EVERY_END, *AT_EVERY_END_PREFIXES}
    if unknown:
        raise ValueError(f"read counts only what every case counts at its end, not {sorted(unknown)}")
    if LEAD in prefixes:
        exact.append(LONGEST)
    tallies: dict[Group, Tally] = defaultdict(Tally)
    split = period.months()
    if split.whole:
        months = [ReportCount.month >= split.first] if split.first is not None else []
        if split.last is not None:
            months.append(ReportCount.month <= split.last)
        grouped = [getattr(ReportCount, column) for column in by]
        for *key, name, total, largest in session.execute(
            select(*grouped, ReportCount.name, func.sum(ReportCount.value), func.max(ReportCount.value))
            .where(
                *kept,
                *months,
                or_(ReportCount.name.in_(exact), *(ReportCount.name.startswith(p) for p in prefixes)),
            )
            .group_by(*grouped, ReportCount.name)
        ):
            tallies[tuple(key)].add(name, float(largest if name.endswith(MAXIMUM) else total))
    keys = [getattr(Case, column) for column in by]
    for edge in split.edges:
        if "started" in exact:
            for *key, started in session.execute(
                select(*keys, func.count())
                .where(*conditions, *edge.conditions(Case.started_at))
                .group_by(*keys)
            ):
                tallies[tuple(key)].add("started", float(started))
        ended = [name for name in exact if name != "started"]
        if ended or prefixes:
            _count_ends(session, tallies, [*conditions, *edge.conditions(Case.ended_at)], ended, prefixes, by)
    return dict(tallies)


AT_EVERY_END = frozenset({"ended", "completed", "cancelled", "boven_norm", LONGEST})
AT_EVERY_END_PREFIXES = ("uitkomst.", LEAD)
"""What every case counts at its end, whatever its process (:func:`contributions`): the names
:func:`read` reads, counted in the database for the edges of a period."""


def _count_ends(
    session: Session,
    tallies: dict[Group, Tally],
    where: Sequence[ColumnElement[bool]],
    names: Sequence[str],
    prefixes: tuple[str, ...],
    by: Sequence[str],
) -> None:
    """Add to ``tallies`` (grouped by ``by``) what the cases ``where`` selects (of those that ended)
    count of ``names`` and ``prefixes`` of :data:`AT_EVERY_END`: the rule of :func:`contributions` as
    one grouped statement.
    Lead times are :func:`lead_seconds_column`, rounded to milliseconds on SQLite, so a case of exactly
    its norm is not over it."""
    ended = [*where, Case.status.in_([CaseStatus.COMPLETED, CaseStatus.CANCELLED])]
    lead = lead_seconds_column(session)
    # Whole seconds as the buckets take them: PostgreSQL divides numerics, SQLite's Julian days are
    # exact to some microseconds.
    lead = cast(lead, Numeric) if session.get_bind().dialect.name == "postgresql" else func.round(lead, 3)
    versions = session.scalars(
        select(Case.process_version_id).where(*ended, Case.status == CaseStatus.COMPLETED).distinct()
    )
    norms = {v: seconds for v in versions if (seconds := norm_seconds(session, v)) is not None}
    # The version for its norm, whatever the grouping.
    keys = [getattr(Case, c) for c in dict.fromkeys([*by, "process_version_id", "status", "outcome_type"])]
    # The lead time once per case (a materialized CTE): in the grouping below it is read by the
    # bucket's comparisons, the maximum and the norm, and each would otherwise evaluate it again.
    rows = select(*keys, lead.label("lead")).where(*ended).cte("ended_cases").prefix_with("MATERIALIZED")
    lead = rows.c.lead
    over = (
        case((lead > case(norms, value=rows.c.process_version_id, else_=None), 1), else_=0)
        if norms
        else literal_column("0")
    )
    lower = bucket_sql(session, lead).label("lower")
    grouped = (*(rows.c[column] for column in by), rows.c.status, rows.c.outcome_type)
    # Added to the tallies as Tally.add would add them, without a name per row: thousands of rows for
    # a month's edge, nearly one per case (a bucket is a day wide beyond two days).
    wanted = {name: name in names or name.startswith(prefixes) for name in AT_EVERY_END}
    outcomes, leads = "uitkomst." in prefixes, LEAD in prefixes
    for *key, status, outcome, bound, n, longest, late in session.execute(
        select(*grouped, lower, func.count(), func.max(lead), func.sum(over)).group_by(*grouped, lower)
    ):
        tally = tallies[tuple(key)]
        if wanted["ended"]:
            tally.named["ended"] += n
        if status == CaseStatus.CANCELLED:
            if wanted["cancelled"]:
                tally.named["cancelled"] += n
            continue
        if wanted["completed"]:
            tally.named["completed"] += n
        if outcomes:
            tally.named[f"uitkomst.{outcome or ''}"] += n
        if leads:
            tally.buckets[int(bound)] += n
        if wanted[LONGEST]:
            tally.add(LONGEST, float(longest))
        if late and wanted["boven_norm"]:
            tally.named["boven_norm"] += float(late)


def running(session: Session, kept: Sequence[ColumnElement[bool]]) -> dict[str, int]:
    """Per process, its cases running now (started less ended, over all months) of the rows of
    ``report_counts`` that ``kept`` selects."""
    found: dict[str, int] = defaultdict(int)
    for process, name, total in session.execute(
        select(ReportCount.process_id, ReportCount.name, func.sum(ReportCount.value))
        .where(*kept, ReportCount.name.in_(["started", "ended"]))
        .group_by(ReportCount.process_id, ReportCount.name)
    ):
        found[process] += round(total) * (1 if name == "started" else -1)
    return {process: n for process, n in found.items() if n}
