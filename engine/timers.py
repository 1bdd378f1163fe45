"""Timers: find the cases whose next timer is due and let their timers fire; the timer worker.

A case's next due time is kept in ``cases.next_timer_at`` at every save (from the step's
``next_timer_at``), so finding due cases is one indexed query.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from . import cases, idempotency, store
from . import step as steps
from .db import read_only, transaction
from .errors import EngineError
from .models import Case, utcnow
from .processes import DefinitionCache
from .profiles import Profiles
from .users import Actor
from .vocabulary import CaseStatus

logger = logging.getLogger("procesregie.timers")
TIMER_ACTOR = Actor("timer", frozenset(), frozenset())


def fire_due_timers(
    session: Session, cache: DefinitionCache, case_id: str, profiles: Profiles | None = None
) -> bool:
    """Let a case's due timers fire; return whether any did. A case a timer ends at an end event with a
    follow-up starts it (:func:`engine.cases.record_step`, with ``profiles``). The case's row is locked
    first; on PostgreSQL a case another worker holds is skipped (``SKIP LOCKED``), so that two workers
    never fire one case's timers twice."""
    case = session.get(Case, case_id, with_for_update={"skip_locked": True})
    if (
        case is None
        or case.status != CaseStatus.RUNNING
        or case.next_timer_at is None
        or case.next_timer_at >= utcnow()  # SpiffWorkflow fires a timer once its time has passed
    ):
        return False
    definition, workflow = store.restore(session, cache, case, step=True)
    step = steps.advance(definition, workflow, steps.FireTimers())
    writes = store.CaseWrites(session, case)
    cases.record_step(writes, cache, profiles, definition, step, TIMER_ACTOR, from_task=None)
    now = utcnow()
    for timer in step.timers_fired:
        late = timer.late_seconds(now)
        logger.info(
            "case %s: timer %s fired %s",
            case_id,
            timer.element_id,
            "(due time unknown)" if late is None else f"{late:.3f} s after its due time",
            extra={"case_id": case_id, "element_id": timer.element_id, "late_seconds": late},
        )
    return True


def due_case_ids(session: Session, limit: int) -> list[str]:
    """Running cases whose next timer is due, the earliest first."""
    query = (
        select(Case.id)
        .where(Case.status == CaseStatus.RUNNING, Case.next_timer_at < utcnow())
        .order_by(Case.next_timer_at)
        .limit(limit)
    )
    return list(session.scalars(query))


def fire_due(
    factory: sessionmaker[Session],
    cache: DefinitionCache,
    batch_size: int = 50,
    profiles: Profiles | None = None,
) -> int:
    """Fire the timers that are due, of at most ``batch_size`` cases; return how many cases advanced.

    Each case fires in a transaction of its own (:func:`fire_due_timers` locks its row, so several
    workers never fire one case twice). A step adds to counter rows of its gemeente (task, handover and
    report counts), locked until its transaction ends, in one order within its one statement; a
    transaction that fired several cases held the rows of one while it locked those of the next, and
    two workers that took cases of two gemeenten in opposite orders deadlocked
    (tests/engine/test_parallel_work.py). A case whose timer fails rolls back alone and is logged.
    """
    with transaction(factory) as session:
        read_only(session)  # SQLite: the list takes no write lock
        due = due_case_ids(session, batch_size)
    fired = 0
    for case_id in due:
        try:
            with transaction(factory) as session:
                if fire_due_timers(session, cache, case_id, profiles):
                    fired += 1
        except EngineError as err:
            logger.error("timer of case %s could not fire: %s", case_id, err)
    return fired


def run_forever(
    factory: sessionmaker[Session],
    cache: DefinitionCache,
    interval: float,
    batch_size: int,
    stop: threading.Event,
) -> None:
    """Poll for due timers until ``stop`` is set."""
    while not stop.is_set():
        try:
            while fire_due(factory, cache, batch_size) == batch_size and not stop.is_set():
                pass
            with transaction(factory) as session:
                idempotency.purge(session)  # responses kept for retries longer than 24 hours
        except Exception:  # keep the worker alive through a database hiccup
            logger.exception("timer round failed")
        stop.wait(interval)
