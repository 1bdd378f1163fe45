"""Pilots: a version of a process tried on a share of the new cases of some gemeenten (ADR 31).

An ontwerper starts a pilot of a version that is not the one new cases start on, for a share of
the new cases (0 < share < 1) in named gemeenten; at most one pilot runs per process and gemeente.
When a case starts there, a draw decides its version: the SHA-256 of the pilot's id and the case's
id, read as a number in [0, 1), below the share puts it on the pilot's version, else on the
current one. Anyone can repeat the draw from the case's ``case_started`` event, which names the
pilot, its version and share and the draw (hash-chained like every event). Promoting a pilot makes
its version the one all new cases start on (as a rollback to it would); ending it sends new cases
back to the current version. Either way running cases finish on the version they started on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, Select, and_, bindparam, case, cast, func, select, update
from sqlalchemy.orm import Session

from . import access, reports, rollup, store
from .errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from .models import (
    Case,
    Handover,
    Pilot,
    PilotGemeente,
    ProcessVersion,
    User,
    Version,
    utcnow,
)
from .period import seconds_between
from .processes import IN_USE_FIRST, get_version, kept_version, latest_version, list_versions
from .profiles import Profiles
from .reports import Waits
from .users import Actor
from .versions import put_in_use, record
from .vocabulary import CaseStatus, PilotStatus, VersionAction

MAX_REASON = 500
MAX_GEMEENTEN = 100
WITHOUT_TYPE = "zonder_type"
"""The outcome of cases completed at an end without an outcome type (a model from elsewhere)."""


def draw(pilot_id: int, case_id: str) -> float:
    """The case's draw in a pilot: the first 8 bytes of SHA-256("procesregie-pilot:{pilot}:{case}")
    as a big-endian number, divided by 2^64. Below the pilot's share, the case runs the pilot's version.

    >>> round(draw(1, "00000000-0000-0000-0000-000000000000"), 6)
    0.411981
    """
    digest = hashlib.sha256(f"procesregie-pilot:{pilot_id}:{case_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True)
class Choice:
    """The version a new case starts on, and the draw of the pilot that chose it (if one runs)."""

    version: Version
    """What the worker keeps of it (:func:`engine.processes.kept_version`)."""
    pilot_id: int | None = None
    pilot_number: int | None = None
    share: float | None = None
    draw: float | None = None
    retired: bool = False
    """Every version of the process is retired: ``version`` is the newest, and no case starts on it."""

    def event_data(self) -> dict[str, Any]:
        """What the ``case_started`` event records of the draw, so an auditor can repeat it."""
        if self.pilot_id is None:
            return {}
        return {
            "pilot": {
                "id": self.pilot_id,
                "version": self.pilot_number,
                "share": self.share,
                "draw": self.draw,
                "in_pilot": self.draw is not None and self.share is not None and self.draw < self.share,
            }
        }


# The version new cases start on (as processes.latest_version) and the pilot running in the gemeente, if
# any, in one statement: every case start asks, and most find none. Of the version only what changes is
# read; the rest is the worker's (processes.kept_version).
_CURRENT_AND_PILOT = (
    select(ProcessVersion.id, ProcessVersion.retired_at, Pilot.id, Pilot.number, Pilot.share)
    .outerjoin(
        PilotGemeente,
        and_(
            PilotGemeente.process_id == ProcessVersion.process_id,
            PilotGemeente.gemeente == bindparam("gemeente"),
            PilotGemeente.ended_at.is_(None),
        ),
    )
    .outerjoin(Pilot, Pilot.id == PilotGemeente.pilot_id)
    .where(ProcessVersion.process_id == bindparam("process_id"))
    .order_by(*IN_USE_FIRST)
    .limit(1)
)
_VERSION = select(ProcessVersion.id).where(
    ProcessVersion.process_id == bindparam("process_id"), ProcessVersion.number == bindparam("number")
)


def choose(session: Session, process_id: str, gemeente: str, case_id: str) -> Choice:
    """The version a new case ``case_id`` of ``gemeente`` starts on: the one new cases start on
    (:func:`engine.processes.latest_version`, with its ``retired_at`` when every version is retired),
    unless a pilot runs there and the case's draw falls below its share.

    Raises:
        NotFound: no such process.
    """
    row = session.execute(_CURRENT_AND_PILOT, {"process_id": process_id, "gemeente": gemeente}).first()
    if row is None:
        raise NotFound("process", process_id)
    current, retired_at, pilot_id, number, share = row
    if pilot_id is None or retired_at is not None:
        return Choice(kept_version(session, current), retired=retired_at is not None)
    value = draw(pilot_id, case_id)
    if value < share:
        current = session.execute(_VERSION, {"process_id": process_id, "number": number}).scalar_one()
    return Choice(kept_version(session, current), pilot_id, number, share, value)


# -- starting, promoting and ending a pilot -------------------------------------------------------


def known_gemeenten(session: Session, profiles: Profiles) -> set[str]:
    """The gemeenten procesregie knows: those with a policy profile and those a user serves."""
    known = {p.gemeente for p in profiles.all()}
    for gemeenten in session.scalars(select(User.gemeenten)):
        known.update(gemeenten or [])
    return known


def start(
    session: Session,
    actor: str,
    process_id: str,
    number: int,
    share: float,
    gemeenten: Collection[str],
    known: Collection[str],
    reason: str = "",
    serves: Collection[str] | None = None,
) -> Pilot:
    """Start a pilot of version ``number`` for ``share`` of the new cases in ``gemeenten``, which must
    be among the gemeenten the actor ``serves`` (None: any, for the command line and for a user of the
    whole deployment, ``Actor.acts_for``).

    Raises:
        NotFound: no such process.
        InvalidInput: no such version, or it is the one new cases start on; a share not between 0
            and 1; no gemeente, one not in ``known`` or one the actor does not serve; a reason that is
            too long. Each names its field.
        Conflict: a pilot of the process runs in one of the gemeenten already.
    """
    versions = list_versions(session, process_id)
    # Parallel starts of pilots of one process take turns, so two never both find a gemeente free.
    store.serialize(session, "pilot", process_id)
    errors: list[FieldError] = []
    current = latest_version(session, process_id, content=False)
    assert current is not None
    if number not in {v.number for v in versions}:
        errors.append(FieldError("version", f"'{process_id}' has no version {number}"))
    elif number == current.number and current.retired_at is None:
        errors.append(
            FieldError("version", f"version {number} is the one new cases start on; pilot another one")
        )
    if not 0 < share < 1:
        errors.append(FieldError("share", "must be more than 0 and less than 1 (0.2 is 20 % of new cases)"))
    wanted = sorted({g.strip().lower() for g in gemeenten if g.strip()})
    if not wanted:
        errors.append(FieldError("gemeenten", "name at least one gemeente"))
    elif len(wanted) > MAX_GEMEENTEN:
        errors.append(FieldError("gemeenten", f"at most {MAX_GEMEENTEN}"))
    unknown = [g for g in wanted if g not in known]
    foreign = [g for g in wanted if serves is not None and g not in serves and g not in unknown]
    if unknown:
        errors.append(FieldError("gemeenten", f"unknown gemeente {', '.join(repr(g) for g in unknown)}"))
    elif foreign:
        errors.append(FieldError("gemeenten", f"not a gemeente of yours: {', '.join(foreign)}"))
    text = " ".join(reason.split())
    if len(text) > MAX_REASON:
        errors.append(FieldError("reason", f"at most {MAX_REASON} characters"))
    if errors:
        raise InvalidInput(errors)
    busy = session.execute(
        select(PilotGemeente.gemeente, PilotGemeente.pilot_id).where(
            PilotGemeente.process_id == process_id,
            PilotGemeente.gemeente.in_(wanted),
            PilotGemeente.ended_at.is_(None),
        )
    ).all()
    if busy:
        named = ", ".join(f"'{g}' (pilot {p})" for g, p in sorted(busy))
        raise Conflict(f"a pilot of '{process_id}' runs in {named} already; end or promote it first")
    now = utcnow()
    text = text or f"pilot van versie {number} voor {share:.0%} van de nieuwe zaken"
    pilot = Pilot(
        process_id=process_id,
        number=number,
        share=share,
        gemeenten=wanted,
        reason=text,
        started_at=now,
        started_by=actor,
        status=PilotStatus.RUNNING,
    )
    session.add(pilot)
    session.flush()
    session.add_all(PilotGemeente(pilot_id=pilot.id, gemeente=g, process_id=process_id) for g in wanted)
    _record(session, actor, pilot, VersionAction.PILOT_STARTED, text, share=share, gemeenten=wanted)
    session.flush()
    return pilot


def promote(
    session: Session,
    actor: str,
    process_id: str,
    pilot_id: int,
    reason: str = "",
    serves: Collection[str] | None = None,
) -> Pilot:
    """Make the pilot's version the one all new cases start on (newer versions are retired, as by a
    rollback to it) and end the pilot. Running cases keep their versions.

    Raises:
        NotFound: no such pilot of the process.
        PermissionDenied: the pilot runs in a gemeente the actor does not serve (``serves``).
        Conflict: the pilot has ended already.
    """
    pilot = _running(session, process_id, pilot_id, serves)
    previous, retired = put_in_use(session, process_id, pilot.number)
    _finish(session, actor, pilot, PilotStatus.PROMOTED)
    text = " ".join(reason.split())[:MAX_REASON] or f"versie {pilot.number} voor alle nieuwe zaken"
    _record(session, actor, pilot, VersionAction.PILOT_PROMOTED, text, previous=previous, retired=retired)
    return pilot


def end(
    session: Session,
    actor: str,
    process_id: str,
    pilot_id: int,
    reason: str = "",
    serves: Collection[str] | None = None,
) -> Pilot:
    """End the pilot: new cases in its gemeenten start on the current version again; its running cases
    finish on the pilot's version.

    Raises:
        NotFound: no such pilot of the process.
        PermissionDenied: the pilot runs in a gemeente the actor does not serve (``serves``).
        Conflict: the pilot has ended already.
    """
    pilot = _running(session, process_id, pilot_id, serves)
    _finish(session, actor, pilot, PilotStatus.ENDED)
    text = " ".join(reason.split())[:MAX_REASON] or "nieuwe zaken weer op de huidige versie"
    _record(session, actor, pilot, VersionAction.PILOT_ENDED, text)
    return pilot


def _running(session: Session, process_id: str, pilot_id: int, serves: Collection[str] | None) -> Pilot:
    pilot = get(session, process_id, pilot_id)
    foreign = [g for g in pilot.gemeenten if serves is not None and g not in serves]
    if foreign:
        raise PermissionDenied(f"pilot {pilot_id} runs in {', '.join(foreign)}, not a gemeente of yours")
    if pilot.status != PilotStatus.RUNNING:
        raise Conflict(f"pilot {pilot_id} of '{process_id}' has {pilot.status} already")
    return pilot


def _finish(session: Session, actor: str, pilot: Pilot, status: PilotStatus) -> None:
    now = utcnow()
    pilot.status, pilot.ended_at, pilot.ended_by = status, now, actor
    session.execute(
        update(PilotGemeente)
        .where(PilotGemeente.pilot_id == pilot.id, PilotGemeente.ended_at.is_(None))
        .values(ended_at=now)
    )
    session.flush()


def _record(
    session: Session, actor: str, pilot: Pilot, action: VersionAction, reason: str, **data: Any
) -> None:
    version = get_version(session, pilot.process_id, pilot.number)
    record(session, actor, version, action, reason, pilot=pilot.id, **data)


def get(session: Session, process_id: str, pilot_id: int) -> Pilot:
    """A pilot of a process.

    Raises:
        NotFound: no such pilot of the process.
    """
    pilot = session.get(Pilot, pilot_id)
    if pilot is None or pilot.process_id != process_id:
        raise NotFound("pilot", f"{process_id} {pilot_id}")
    return pilot


def find(session: Session, pilot_id: int) -> Pilot:
    """A pilot by its id alone.

    Raises:
        NotFound: no such pilot.
    """
    pilot = session.get(Pilot, pilot_id)
    if pilot is None:
        raise NotFound("pilot", str(pilot_id))
    return pilot


def list_pilots(session: Session, process_id: str) -> list[Pilot]:
    """Every pilot of a process, newest first.

    Raises:
        NotFound: no such process.
    """
    list_versions(session, process_id)
    return list(
        session.scalars(
            select(Pilot)
            .where(Pilot.process_id == process_id)
            .order_by(Pilot.started_at.desc(), Pilot.id.desc())
        )
    )


# -- the versions of a pilot side by side ---------------------------------------------------------


@dataclass
class VersionHandovers:
    handovers: int
    per_case: float | None
    picked_up: int
    waiting: int
    withdrawn: int
    wait: Waits


@dataclass
class VersionResults:
    """One version's cases in a pilot's draw."""

    version: int
    pilot: bool
    cases: int
    share: float | None
    running: int
    completed: int
    cancelled: int
    outcomes: dict[str, int]
    lead_time: Waits
    norm_seconds: float | None
    within_norm: int | None
    handovers: VersionHandovers
    terms_passed: int


@dataclass
class PilotReport:
    pilot: Pilot
    versions: list[VersionResults]


def compare(session: Session, actor: Actor, pilot: Pilot) -> PilotReport:
    """The cases the pilot's draw placed, in the actor's gemeenten, per version side by side: how many,
    where they stand, lead time against the version's norm, handovers and their waits, terms passed.
    Every figure is computed by the database, percentiles included (:func:`_percentiles`)."""
    cases = [Case.pilot_id == pilot.id, Case.gemeente.in_(access.gemeenten(actor))]
    # Per version: cases by status and, for the completed ones, by outcome type, and those whose term
    # passed (a timer fired: the case counts them as they fire), in one pass.
    counts: dict[int, tuple[int, int, int, int]] = {}
    outcomes: dict[int, dict[str, int]] = {}
    terms: dict[int, int] = {}
    for version_id, status, outcome_type, count, passed in session.execute(
        select(
            Case.process_version_id,
            Case.status,
            Case.outcome_type,
            func.count(),
            func.sum(case((Case.timers_fired > 0, 1), else_=0)),
        )
        .where(*cases)
        .group_by(Case.process_version_id, Case.status, Case.outcome_type)
    ):
        terms[version_id] = terms.get(version_id, 0) + int(passed or 0)
        total, running, completed, cancelled = counts.get(version_id, (0, 0, 0, 0))
        counts[version_id] = (
            total + count,
            running + (count if status == CaseStatus.RUNNING else 0),
            completed + (count if status == CaseStatus.COMPLETED else 0),
            cancelled + (count if status == CaseStatus.CANCELLED else 0),
        )
        if status == CaseStatus.COMPLETED:
            by_type = outcomes.setdefault(version_id, {})
            by_type[outcome_type or WITHOUT_TYPE] = by_type.get(outcome_type or WITHOUT_TYPE, 0) + count
    by_id = {
        v.id: v
        for v in session.scalars(
            select(ProcessVersion).where(
                ProcessVersion.process_id == pilot.process_id,
                ProcessVersion.id.in_(counts) | (ProcessVersion.number == pilot.number),
            )
        )
    }
    norms = {
        version_id: norm.total_seconds()
        for version_id, version in by_id.items()
        if (norm := reports.process_norm(version)) is not None
    }
    lead = rollup.lead_seconds_column(session)
    lead_times, within = _percentiles(
        session,
        select(Case.process_version_id.label("key"), lead.label("value")).where(
            *cases, Case.status == CaseStatus.COMPLETED, Case.ended_at.is_not(None)
        ),
        norms,
    )
    handover_counts = {
        row[0]: row[1:]
        for row in session.execute(
            select(
                Case.process_version_id,
                func.count(),
                func.count(Handover.picked_up_at),
                func.sum(case((Handover.waiting(), 1), else_=0)),
                func.count(Handover.withdrawn_at),
            )
            .join(Case, Case.id == Handover.case_id)
            .where(*cases)
            .group_by(Case.process_version_id)
        )
    }
    wait = seconds_between(session, Handover.handed_over_at, Handover.picked_up_at)
    waits, _ = _percentiles(
        session,
        select(Case.process_version_id.label("key"), wait.label("value"))
        .join(Case, Case.id == Handover.case_id)
        .where(*cases, Handover.picked_up_at.is_not(None)),
    )
    total = sum(c[0] for c in counts.values())
    results = []
    pilot_version = next(v for v in by_id.values() if v.number == pilot.number)
    for version_id in sorted({*counts, pilot_version.id}, key=lambda i: by_id[i].number):
        number, started, running, completed, cancelled = (
            by_id[version_id].number,
            *counts.get(version_id, (0, 0, 0, 0)),
        )
        handed, picked_up, waiting, withdrawn = handover_counts.get(version_id, (0, 0, 0, 0))
        results.append(
            VersionResults(
                version=number,
                pilot=number == pilot.number,
                cases=started,
                share=round(started / total, 4) if total else None,
                running=int(running or 0),
                completed=int(completed or 0),
                cancelled=int(cancelled or 0),
                outcomes=dict(sorted(outcomes.get(version_id, {}).items())),
                lead_time=lead_times.get(version_id, Waits(None, None, None)),
                norm_seconds=norms.get(version_id),
                within_norm=within.get(version_id, 0) if version_id in norms else None,
                handovers=VersionHandovers(
                    handed,
                    round(handed / started, 3) if started else None,
                    picked_up,
                    int(waiting or 0),
                    withdrawn,
                    waits.get(version_id, Waits(None, None, None)),
                ),
                terms_passed=terms.get(version_id, 0),
            )
        )
    return PilotReport(pilot, results)


def _percentiles(
    session: Session, rows: Select[Any], norms: Mapping[int, float] | None = None
) -> tuple[dict[Any, Waits], dict[Any, int]]:
    """Per ``key`` of ``rows`` (columns ``key`` and ``value``): the median, 90th percentile and maximum of
    ``value``, and with ``norms`` (key to limit) how many values are within their key's limit.

    In SQL on both databases, neither of which needs a percentile function: each row gets its rank
    ``i`` (from 0) and its group's size ``n``; the percentile q lies at position (n - 1) * q, between
    the rows ranked floor and floor + 1, weighted by the fraction (PostgreSQL's percentile_cont).
    q is a fraction of integers, so the floor is an integer division on both databases.
    """
    values = rows.subquery()
    window: dict[str, Any] = dict(partition_by=values.c.key, order_by=values.c.value, rows=(None, None))
    ranked = select(
        values.c.key,
        cast(values.c.value, Float).label("value"),
        # One window for both (the same frame; the rank ignores it), so the database sorts once.
        (func.row_number().over(**window) - 1).label("i"),
        func.count().over(**window).label("n"),
    ).subquery()

    def at(numerator: int, denominator: int) -> Any:
        scaled = (ranked.c.n - 1) * numerator
        low = scaled // denominator
        fraction = (scaled % denominator) / float(denominator)
        weight = case((ranked.c.i == low, 1 - fraction), (ranked.c.i == low + 1, fraction), else_=0)
        return func.sum(ranked.c.value * weight)

    columns: list[Any] = [ranked.c.key, at(1, 2), at(9, 10), func.max(ranked.c.value)]
    if norms:
        limit = case(norms, value=ranked.c.key, else_=None)
        columns.append(func.sum(case((ranked.c.value <= limit, 1), else_=0)))
    found: dict[Any, Waits] = {}
    within: dict[Any, int] = {}
    for key, median, p90, most, *rest in session.execute(select(*columns).group_by(ranked.c.key)):
        found[key] = Waits(*(None if v is None else round(float(v), 3) for v in (median, p90, most)))
        if rest:
            within[key] = int(rest[0] or 0)
    return found, within
