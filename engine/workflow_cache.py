"""The workflows a worker keeps between two steps of a case, so that the next step need not restore one.

Every step restores the case's workflow from its stored state and stores it again (ADR 2); the
restore (``json.loads`` and SpiffWorkflow's converter walk) rebuilds what the worker that made the
step held a moment before. A :class:`WorkflowCache` keeps that workflow after the step's transaction
committed, with the stored state it was written as: a later step of the case takes it only while the
case's row holds that same state (and serializer version), and only for the process definition it
ran on. A restore is a function of exactly those, so a workflow taken is the one a restore would
have given, whoever changed the case in between and however (ADR 43). A claim, which leaves the
state as it was, keeps the kept workflow usable; any step elsewhere makes it useless.

- A workflow joins the cache only when the transaction that stored it **committed**
  (:func:`engine.db.after_commit`); a rollback of the transaction, or of any savepoint in it, drops
  what it would have kept. A commit that fails keeps nothing.
- A step **takes** the workflow out of the cache: two threads of one worker never share one, and a
  step that fails does not give back a workflow it may have changed halfway.
- A kept workflow another worker's step made useless is dropped when looked up, or pushed out by
  newer ones (least recently kept first, at most ``size`` cases).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy.orm import Session

from . import bpmn, db
from .models import Case

DEFAULT_SIZE = 1000
"""Cases per worker: about 24 KiB each for the benchmark's overdracht case (its 7 KB stored state and
the workflow restored from it)."""

Key = tuple[str, str]
"""What a restore reads of a case's row: its stored state and the serializer version that wrote it."""


def _key(case: Case) -> Key:
    return (case.state, case.serializer_version)


TakeObserver = Callable[[bool], None]
_observers: list[TakeObserver] = []


def observe_takes(observer: TakeObserver) -> None:
    """Call ``observer(kept)`` at every step's restore: True when it took a workflow its worker kept,
    False when it restored one from the stored state. The hit rate of a deployment is not a benchmark's
    (ADR 43); what is done with it (the service's Prometheus counter, api/metrics.py) is the caller's.
    Registering the same observer twice registers it once."""
    if observer not in _observers:
        _observers.append(observer)


class WorkflowCache:
    """Workflows of recently stepped cases, by case id, at most ``size`` (0: keep none)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[str, tuple[Key, bpmn.Workflow]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def take(self, case: Case, definition: bpmn.ProcessDefinition) -> bpmn.Workflow | None:
        """The workflow kept for ``case`` with the state its row holds now, run on ``definition``, taken
        out of the cache; None if there is none (the caller restores it from the stored state)."""
        with self._lock:
            kept = self._kept.pop(case.id, None)
            workflow = None
            if kept is not None and kept[0] == _key(case) and kept[1].spec is definition.spec:
                self.hits += 1
                workflow = kept[1]
            else:
                self.misses += 1
        for observer in _observers:
            observer(workflow is not None)
        return workflow

    def keep(self, session: Session, case: Case, workflow: bpmn.Workflow) -> None:
        """Keep ``workflow``, just stored as ``case``'s state, once ``session``'s transaction commits."""
        if self.size > 0:
            db.after_commit(
                session,
                (self, case.id),
                workflow,
                functools.partial(self._put, case.id, _key(case), workflow),
            )

    def _put(self, case_id: str, key: Key, workflow: bpmn.Workflow) -> None:
        with self._lock:
            self._kept[case_id] = (key, workflow)
            self._kept.move_to_end(case_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)
