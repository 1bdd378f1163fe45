"""Prometheus metrics of the service: requests, step latency, and what waits in the database.

- `procesregie_http_requests_total{method, route, status}` and the histogram
  `procesregie_http_request_duration_seconds{method, route}`, counted by `RequestMetrics`, a pure
  ASGI middleware just inside `Operations` (outside Starlette's error middleware, so a 500 is
  counted). `route` is the template of the matched route (`/tasks/{task_id}/complete`), never the
  raw path, and `(unmatched)` when no route matched; `method` is one of the HTTP methods or
  `other`; `status` is the class (`2xx` … `5xx`). The label values are bounded by the routes.
- `procesregie_step_duration_seconds{kind}`: the time of each step (`engine.step.advance`) that
  returned, per kind of action (begin, complete, message, timers, cancel). The engine measures
  and calls the observer registered with `engine.step.observe_steps`; it does not import this.
- `procesregie_step_workflows_total{source}`: the workflows steps ran on, `kept` by the worker after
  the case's step before it or `restored` from the stored state (`engine.workflow_cache`, ADR 43):
  the hit rate of the kept workflows in this deployment.
- Database gauges computed at each scrape (`engine.backlog`): timers due, late, the oldest due,
  handovers waiting per receiving role, and whether the database answered.

With several uvicorn workers, `PROMETHEUS_MULTIPROC_DIR` names a folder the workers write their
counters to (prometheus-client's multiprocess mode); a scrape then sums every worker's. It must
be set before this module is imported; `procesregie serve --workers N` sets it (docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine import backlog, step, workflow_cache
from engine.models import utcnow

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
UNMATCHED = "(unmatched)"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

logger = logging.getLogger("procesregie.metrics")

REQUESTS = Counter(
    "procesregie_http_requests",
    "HTTP requests by method, route template and status class",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "procesregie_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method and route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
STEP_SECONDS = Histogram(
    "procesregie_step_duration_seconds",
    "Time of one engine step (engine.step.advance) that returned, by kind of action",
    ["kind"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


STEP_WORKFLOWS = Counter(
    "procesregie_step_workflows",
    "Workflows the steps of cases ran on, by source: kept by the worker after the case's step before"
    " (kept) or restored from the stored state (restored)",
    ["source"],
)


def observe_step(kind: str, seconds: float) -> None:
    STEP_SECONDS.labels(kind).observe(seconds)


def observe_take(kept: bool) -> None:
    STEP_WORKFLOWS.labels("kept" if kept else "restored").inc()


def install_step_observer() -> None:
    """Let every step of this process be observed (the service's workers and its timer thread): its
    duration, and whether it ran on a workflow its worker kept (engine/workflow_cache.py)."""
    step.observe_steps(observe_step)
    workflow_cache.observe_takes(observe_take)


class RequestMetrics:
    """Count each HTTP request and observe its duration, by method, route template and status class."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0
        started = time.perf_counter()

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        except BaseException:
            status = status or 500
            raise
        finally:
            # The router records the route it matched in the scope (a Mount: its own path).
            route = getattr(scope.get("route"), "path", None) or UNMATCHED
            method = scope["method"] if scope["method"] in _METHODS else "other"
            REQUESTS.labels(method, route, f"{status // 100}xx" if status else "none").inc()
            REQUEST_SECONDS.labels(method, route).observe(time.perf_counter() - started)


class DatabaseGauges(Collector):
    """The database gauges, read at each scrape."""

    def __init__(self, engine: Engine, late_after: dt.timedelta) -> None:
        self.engine = engine
        self.late_after = late_after

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("procesregie_database_up", "1 when the database answered this scrape's counts")
        try:
            counts = backlog.backlog(self.engine, utcnow(), self.late_after)
        except SQLAlchemyError as err:
            logger.warning("metrics: the database cannot be reached: %s", err.__class__.__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield GaugeMetricFamily(
            "procesregie_timers_due", "Running cases whose next timer is due now", value=counts.timers_due
        )
        yield GaugeMetricFamily(
            "procesregie_timers_late",
            "Running cases whose next timer was due longer ago than one timer interval",
            value=counts.timers_late,
        )
        yield GaugeMetricFamily(
            "procesregie_timers_oldest_due_seconds",
            "How long ago the most overdue timer was due (0 when none is due)",
            value=counts.oldest_due_seconds,
        )
        waiting = GaugeMetricFamily(
            "procesregie_handovers_waiting",
            "Handovers not yet picked up nor withdrawn, by receiving role",
            labels=["role"],
        )
        for role, n in sorted(counts.handovers_waiting.items()):
            waiting.add_metric([role], n)
        yield waiting


class WorkerFiles(MultiProcessCollector):
    """Every worker's counters, summed. A worker that is creating a file has it empty for a moment
    before it sizes it (prometheus_client's MmapedDict opens, then truncates); that file holds no
    value yet and is left out, where prometheus_client's own collector fails the whole scrape."""

    def __init__(self, registry: CollectorRegistry, path: str | None = None) -> None:
        super().__init__(registry, path)  # type: ignore[no-untyped-call]  # prometheus_client leaves it untyped

    def collect(self) -> Iterator[Metric]:
        files = []
        for path in Path(self._path).glob("*.db"):
            try:
                if path.stat().st_size > 0:
                    files.append(str(path))
            except FileNotFoundError:  # a dead worker's file, removed between the glob and now
                continue
        return self.merge(files, accumulate=True)  # type: ignore[no-untyped-call,no-any-return]  # untyped, as above


def exposition(gauges: DatabaseGauges) -> bytes:
    """The text of one scrape: this process's metrics (every worker's in multiprocess mode) and the
    database gauges."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        WorkerFiles(registry)
        processes = generate_latest(registry)
    else:
        processes = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(gauges)
    return processes + generate_latest(database)
