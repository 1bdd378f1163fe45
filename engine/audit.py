"""Audit events: append-only, chained per case by hash (docs/adr/0003-audit-events.md)."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from . import access
from .db import transaction
from .models import AccessLog, AuditEvent, AuditSeal, AuditSealHeads, Case, utcnow
from .period import ALWAYS, Period
from .users import Actor
from .vocabulary import EventType

logger = logging.getLogger("procesregie.audit")

# The hashed content of an event, by key and column. The keys are part of every hash ever
# written, so they stay as they are when a column is renamed (process_version_hash was
# process_version): chains written before still verify.
HASHED = {
    "case_id": "case_id",
    "seq": "seq",
    "type": "type",
    "at": "at",
    "actor": "actor",
    "role": "role",
    "process_id": "process_id",
    "process_version": "process_version_hash",
    "task_id": "task_id",
    "task_name": "task_name",
    "data": "data",
}


def event_hash(event: AuditEvent | Mapping[str, Any]) -> str:
    """Hash of an event's content and the previous event's hash.

    The event is a stored event or a row about to be written.
    """
    field = event.__getitem__ if isinstance(event, Mapping) else functools.partial(getattr, event)
    content = {key: field(column) for key, column in HASHED.items()} | {"at": field("at").isoformat()}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(((field("prev_hash") or "") + text).encode()).hexdigest()


def next_event(
    case: Case,
    type: EventType,
    actor: str,
    role: str | None = None,
    *,
    task_id: str | None = None,
    task_name: str | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The case's next history event as a row, linked to the head of its chain.

    The caller stores the row and moves the case's head to it (``event_count`` = its
    ``seq``, ``audit_head`` = its ``hash``) in the same transaction.
    """
    event = {
        "case_id": case.id,
        "seq": (case.event_count or 0) + 1,
        "type": type,
        "at": utcnow(),
        "actor": actor,
        "role": role,
        "process_id": case.process_id,
        "process_version_hash": case.process_version.content_hash,
        "task_id": task_id,
        "task_name": task_name,
        "data": data or {},
        "prev_hash": case.audit_head,
    }
    event["hash"] = event_hash(event)
    return event


def history(session: Session, case: Case) -> list[AuditEvent]:
    """Every event of a case, in the order they happened."""
    return list(
        session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq))
    )


def log_access(session: Session, actor: Actor, case: Case, action: str, reason: str | None) -> None:
    """Record that someone read a case's personal data, and why if they said so."""
    session.add(
        AccessLog(
            at=utcnow(),
            actor=actor.name,
            roles=sorted(actor.roles),
            case_id=case.id,
            gemeente=case.gemeente,
            action=action,
            reason=(reason or "").strip() or None,
        )
    )


def access_log(
    session: Session,
    actor: Actor,
    *,
    case_id: str | None = None,
    reader: str | None = None,
    period: Period = ALWAYS,
    limit: int = 100,
    offset: int = 0,
) -> list[AccessLog]:
    """Reads of case data in the reader's gemeenten, newest first."""
    query = select(AccessLog).where(
        AccessLog.gemeente.in_(access.gemeenten(actor)), *period.conditions(AccessLog.at)
    )
    if case_id:
        query = query.where(AccessLog.case_id == case_id)
    if reader:
        query = query.where(AccessLog.actor == reader)
    return list(
        session.scalars(query.order_by(AccessLog.at.desc(), AccessLog.id.desc()).limit(limit).offset(offset))
    )


@dataclass
class Break:
    """The first place where a case's history does not match its hash chain, or the seals.

    ``seal`` names the seal that shows the break (a case it sealed is gone or rolled back, or the
    seal itself was changed); ``case_id`` is None when the break is in the seals themselves.
    """

    case_id: str | None
    seq: int | None
    reason: str
    seal: int | None = None


@dataclass
class Verification:
    cases: int = 0
    events: int = 0
    first_broken: Break | None = None
    # Seals cover every gemeente: only the whole check (gemeenten None) checks them.
    seals_checked: bool = False
    seals: int = 0
    latest_seal: AuditSeal | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


# A case's head as the case row records it: (event_count, audit_head).
Head = tuple[int, str | None]


@dataclass
class _Sealed:
    """The heads of the latest seal, to check each case's chain against while it is walked."""

    seq: int = 0
    heads: dict[str, Head] = field(default_factory=dict)
    broken: Break | None = None  # in the seals themselves


def verify(
    session: Session, gemeenten: Iterable[str] | None = None, expect_seal: tuple[int, str] | None = None
) -> Verification:
    """Recompute every case's hash chain (or those of the cases of ``gemeenten``); report the first
    broken link.

    Catches changed events (hash), deleted or inserted ones (sequence and links),
    and removed newest events (the case row holds the head and the count). Events whose case
    does not exist belong to no gemeente: only the whole check (the command line) finds them.
    The whole check also checks the chain of seals and that every case the latest seal covers
    still exists and still reaches the head it had then (a whole case deleted with its events, or
    one rolled back to fewer events); ``expect_seal`` is a seal's number and hash kept elsewhere.
    """
    result = Verification()
    cases = select(Case.id, Case.event_count, Case.audit_head)
    events_query = select(AuditEvent)
    if gemeenten is not None:
        scope = Case.gemeente.in_(set(gemeenten))
        cases = cases.where(scope)
        events_query = events_query.where(AuditEvent.case_id.in_(select(Case.id).where(scope)))
    heads = {case_id: (count or 0, head) for case_id, count, head in session.execute(cases)}
    sealed = _Sealed()
    if gemeenten is None:
        result.seals_checked = True
        sealed = _check_seals(session, result, expect_seal)
    gone = sorted(case_id for case_id in sealed.heads if case_id not in heads)
    events = session.scalars(
        events_query.order_by(AuditEvent.case_id, AuditEvent.seq).execution_options(yield_per=1000)
    )
    try:
        _verify_chains(result, heads, events, sealed)
    finally:
        events.close()
    if result.first_broken is None:
        result.first_broken = sealed.broken
    if result.first_broken is None and gone:
        count, head = sealed.heads[gone[0]]
        result.first_broken = Break(
            gone[0],
            None,
            f"sealed with {count} events in seal {sealed.seq}, the case no longer exists",
            sealed.seq,
        )
    return result


def verify_case(session: Session, case: Case) -> Verification:
    """Recompute one case's hash chain; report its first broken link."""
    result = Verification()
    result.first_broken = _chain_break(
        result, case.id, history(session, case), case.event_count or 0, case.audit_head
    )
    return result


def _verify_chains(
    result: Verification,
    heads: dict[str, Head],
    events: Iterable[AuditEvent],
    sealed: _Sealed | None = None,
) -> Verification:
    sealed = sealed or _Sealed()
    for case_id, chain in groupby(events, key=lambda e: e.case_id):
        if case_id not in heads:
            return _broken(result, case_id, None, "events of a case that does not exist")
        count, head = heads.pop(case_id)
        result.first_broken = _chain_break(result, case_id, chain, count, head, sealed)
        if result.first_broken:
            return result
    for case_id, (count, head) in heads.items():
        result.first_broken = _chain_break(result, case_id, (), count, head, sealed)
        if result.first_broken:
            return result
    return result


def _chain_break(
    result: Verification,
    case_id: str,
    chain: Iterable[AuditEvent],
    count: int,
    head: str | None,
    sealed: _Sealed | None = None,
) -> Break | None:
    """The first link of one case's events (in ``seq`` order) that does not hold, counted into ``result``.

    ``count`` and ``head`` are what the case row records: its number of events and newest hash.
    When the latest seal covers the case, the chain must hold the head it sealed at the count it sealed.
    """
    result.cases += 1
    sealed_count, sealed_head = sealed.heads.get(case_id, (0, None)) if sealed else (0, None)
    previous: str | None = None
    seq = 0
    for event in chain:
        seq += 1
        result.events += 1
        if event.seq != seq:
            return Break(case_id, seq, f"event {seq} is missing (found {event.seq})")
        if event.prev_hash != previous:
            return Break(case_id, seq, "does not link to the previous event")
        if event_hash(event) != event.hash:
            return Break(case_id, seq, "content does not match its hash (changed after it was written)")
        if seq == sealed_count and event.hash != sealed_head:
            assert sealed is not None  # sealed_count is 0 without a seal
            return Break(
                case_id,
                seq,
                f"is not the event seal {sealed.seq} sealed as event {seq} (the history was rewritten)",
                sealed.seq,
            )
        previous = event.hash
    if seq != count or previous != head:
        return Break(
            case_id,
            seq + 1 if seq < count else None,
            f"the case records {count} events, its history has {seq or 'none'}",
        )
    if seq < sealed_count:
        assert sealed is not None
        return Break(
            case_id,
            seq + 1,
            f"sealed with {sealed_count} events in seal {sealed.seq}, the case has {seq or 'none'} now",
            sealed.seq,
        )
    return None


def _broken(result: Verification, case_id: str, seq: int | None, reason: str) -> Verification:
    result.first_broken = Break(case_id, seq, reason)
    return result


def seal_hash(seal: AuditSeal) -> str:
    """Hash of a seal's content and the previous seal's hash."""
    content = {
        "seq": seal.seq,
        "at": seal.at.isoformat(),
        "cases": seal.cases,
        "events": seal.events,
        "heads_hash": seal.heads_hash,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(((seal.prev_hash or "") + text).encode()).hexdigest()


def case_heads(session: Session) -> dict[str, Head]:
    """Every case's head as its row records it: one pass over three columns of the cases."""
    rows = session.execute(select(Case.id, Case.event_count, Case.audit_head))
    return {case_id: (count or 0, head) for case_id, count, head in rows}


def _heads_text(heads: dict[str, Head]) -> bytes:
    """One line per case, in case id order (Python's, the same on every database): id, count, head."""
    return "".join(
        f"{case_id} {count} {head or '-'}\n" for case_id, (count, head) in sorted(heads.items())
    ).encode()


def _parse_heads(text: bytes) -> dict[str, Head]:
    heads: dict[str, Head] = {}
    for line in text.decode().splitlines():
        case_id, count, head = line.rsplit(" ", 2)
        heads[case_id] = (int(count), None if head == "-" else head)
    return heads


def latest_seal(session: Session) -> AuditSeal | None:
    return session.scalars(select(AuditSeal).order_by(AuditSeal.seq.desc()).limit(1)).first()


def seal(session: Session) -> AuditSeal | Break:
    """Seal the heads of every case: a new seal chained to the latest, which keeps the heads it covers.

    Refuses (returns the break) when a case the latest seal covers is gone or has fewer events than
    it had then: a new seal would no longer show it. The latest seal's heads are kept; older seals
    keep their hash only.
    """
    return _seal_after(session, latest_seal(session))


def _seal_after(session: Session, latest: AuditSeal | None) -> AuditSeal | Break:
    """A seal that follows ``latest``: when another transaction sealed after it meanwhile, the new
    seal's number is taken and the insert fails (IntegrityError)."""
    heads = case_heads(session)
    if latest is not None:
        previous = _latest_heads(session, latest)
        if isinstance(previous, Break):
            return previous
        for case_id, (count, head) in sorted(previous.items()):
            now_count, now_head = heads.get(case_id, (-1, None))
            if now_count < count or (now_count == count and now_head != head):
                reason = f"sealed with {count} events in seal {latest.seq}, " + (
                    "the case no longer exists" if now_count < 0 else f"the case has {now_count} now"
                )
                return Break(case_id, None, reason, latest.seq)
    text = _heads_text(heads)
    new = AuditSeal(
        seq=latest.seq + 1 if latest else 1,
        at=utcnow(),
        cases=len(heads),
        events=sum(count for count, _ in heads.values()),
        heads_hash=hashlib.sha256(text).hexdigest(),
        prev_hash=latest.hash if latest else None,
    )
    new.hash = seal_hash(new)
    session.add(new)
    session.flush()
    session.execute(delete(AuditSealHeads))
    session.add(AuditSealHeads(seal_seq=new.seq, heads=zlib.compress(text)))
    session.flush()
    return new


def _latest_heads(session: Session, latest: AuditSeal) -> dict[str, Head] | Break:
    """The heads the latest seal covers, checked against its hash."""
    stored = session.get(AuditSealHeads, latest.seq)
    if stored is None:
        return Break(None, None, f"the case heads of seal {latest.seq} are missing", latest.seq)
    try:
        text = zlib.decompress(stored.heads)
    except zlib.error:
        text = b""
    if hashlib.sha256(text).hexdigest() != latest.heads_hash:
        return Break(None, None, f"the case heads of seal {latest.seq} do not match its hash", latest.seq)
    return _parse_heads(text)


def _check_seals(session: Session, result: Verification, expect: tuple[int, str] | None) -> _Sealed:
    """Check the chain of seals; the heads of the latest, to check the cases against."""
    sealed = _Sealed()
    previous: AuditSeal | None = None
    for number, current in enumerate(session.scalars(select(AuditSeal).order_by(AuditSeal.seq)), 1):
        result.seals += 1
        reason = None
        if current.seq != number:
            reason = f"seal {number} is missing (found {current.seq})"
        elif current.prev_hash != (previous.hash if previous else None):
            reason = f"seal {current.seq} does not link to the previous seal"
        elif seal_hash(current) != current.hash:
            reason = f"seal {current.seq} does not match its hash (changed after it was written)"
        if reason:
            sealed.broken = Break(None, None, reason, current.seq)
            return sealed
        if expect and current.seq == expect[0] and current.hash != expect[1]:
            sealed.broken = Break(
                None, None, f"seal {current.seq} has another hash than expected", current.seq
            )
            return sealed
        previous = current
    result.latest_seal = previous
    if expect and (previous is None or previous.seq < expect[0]):
        sealed.broken = Break(
            None, None, f"seal {expect[0]} is missing (the latest is {previous.seq if previous else 'none'})"
        )
        return sealed
    if previous is not None:
        heads = _latest_heads(session, previous)
        if isinstance(heads, Break):
            sealed.broken = heads
        elif len(heads) != previous.cases:
            sealed.broken = Break(
                None, None, f"seal {previous.seq} covers {previous.cases} cases, its heads {len(heads)}"
            )
        else:
            sealed.seq, sealed.heads = previous.seq, heads
    return sealed


def seal_forever(factory: sessionmaker[Session], interval: float, stop: threading.Event) -> None:
    """Seal every ``interval`` seconds until ``stop`` is set; with several workers, one seals per interval."""
    while not stop.is_set():
        try:
            with transaction(factory) as session:
                latest = latest_seal(session)
                due = latest is None or (utcnow() - latest.at).total_seconds() >= interval
                # the seal follows the latest this worker found due: a worker that sealed meanwhile
                # took its number, so one seal is made per interval however many workers look
                made = _seal_after(session, latest) if due else None
            if isinstance(made, AuditSeal):
                logger.info(
                    "audit seal %d: %d cases, %d events, hash %s",
                    made.seq,
                    made.cases,
                    made.events,
                    made.hash,
                )
            elif isinstance(made, Break):
                logger.error(
                    "audit seal refused: case %s: %s; run procesregie audit verify", made.case_id, made.reason
                )
        except IntegrityError:
            logger.info("another worker made the audit seal at the same time")
        except Exception:  # keep sealing through a database hiccup
            logger.exception("audit seal failed")
        stop.wait(min(interval, 60.0))


def describe(event: AuditEvent) -> str:
    """One line of Dutch explaining an event, for the timeline auditors and staff read.

    The fields a completion changed are in its data (``changes``), shown apart from this line.
    """
    data = event.data or {}
    who = f"{event.actor} ({event.role})" if event.role else event.actor
    type = EventType[event.type.upper()]
    label = type.label
    if type == EventType.TASK_COMPLETED:
        return f"{label}: '{event.task_name}' door {who}"
    if type == EventType.HANDOVER:
        roles = f"van {data.get('from_role')} naar {data.get('to_role')}"
        return f"{label} {roles}: '{data.get('from_task')}' → '{event.task_name}'"
    if type in (EventType.TASK_CLAIMED, EventType.TASK_UNCLAIMED):
        return f"{label}: '{event.task_name}' door {who}"
    if type in (EventType.TASK_READY, EventType.TASK_CANCELLED, EventType.TIMER_FIRED):
        return f"{label}: '{event.task_name}'"
    if type == EventType.MESSAGE_RECEIVED:
        return f"{label}: '{data.get('message')}' via {who}"
    if type == EventType.CASE_STARTED:
        started = f"{label} door {who} in {data.get('gemeente')} (procesversie {data.get('process_number')})"
        return started + _pilot_draw(data.get("pilot")) + _origin(data.get("vervolg_van"))
    if type == EventType.CASE_COMPLETED:
        return f"{label} met uitkomst '{data.get('outcome')}'"
    if type == EventType.FOLLOW_UP_STARTED:
        return (
            f"{label}: {data.get('process_id')} (procesversie {data.get('process_number')}), zaak "
            f"{data.get('case_id')}, na eindpunt '{data.get('end_name')}'"
        )
    if type == EventType.CASE_CANCELLED:
        return f"{label} door {who}: {data.get('reason')}"
    if type == EventType.CASE_MIGRATED:
        versions = f"van versie {data.get('from_version')} naar {data.get('to_version')}"
        return f"{label}, {versions}, door {who}" + (f": {data['reason']}" if data.get("reason") else "")
    return f"{label} door {who}"


def _origin(origin: Any) -> str:
    """Which case's end started a follow-up case (engine/cases.py, ADR 40)."""
    if not isinstance(origin, dict):
        return ""
    return (
        f"; vervolg van zaak {origin.get('case_id')} ({origin.get('process_id')}), "
        f"eindpunt '{origin.get('end_name')}'"
    )


def _pilot_draw(pilot: Any) -> str:
    """How a pilot's draw chose the version, so a reader can repeat it (engine/pilots.py, ADR 31)."""
    if not isinstance(pilot, dict):
        return ""
    draw, share = float(pilot.get("draw", 0)), float(pilot.get("share", 0))
    compared = "onder" if pilot.get("in_pilot") else "niet onder"
    return (
        f"; pilot {pilot.get('id')} van versie {pilot.get('version')}: loting {draw:.6f}, "
        f"{compared} het aandeel {share:g}"
    )


def show(value: Any) -> str:
    """A value of case data as Dutch readers see it: leeg, ja, nee, or the value."""
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
