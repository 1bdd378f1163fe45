"""The timer worker: fires due timer events, found through the cases' next_timer_at."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.orm import Session, sessionmaker

from . import cases
from .db import transaction
from .errors import EngineError
from .processes import DefinitionCache

logger = logging.getLogger("procesregie.timers")


def fire_due(factory: sessionmaker[Session], cache: DefinitionCache, batch_size: int = 50) -> int:
    """Fire the timers that are due in one batch of cases; return how many cases advanced.

    The batch is locked (PostgreSQL: FOR UPDATE SKIP LOCKED, so several workers never
    take the same case); each case runs in a savepoint so one failing model does not
    hold back the others.
    """
    fired = 0
    with transaction(factory) as session:
        for case_id in cases.due_case_ids(session, batch_size):
            savepoint = session.begin_nested()
            try:
                if cases.fire_due_timers(session, cache, case_id):
                    fired += 1
                savepoint.commit()
            except EngineError as err:
                savepoint.rollback()
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
        except Exception:  # keep the worker alive through a database hiccup
            logger.exception("timer round failed")
        stop.wait(interval)
