"""/metrics: request counts by route template, step latency, and the database gauges (due timers,
waiting handovers), in the Prometheus text format, without a token."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.mmap_dict import MmapedDict, mmap_key
from prometheus_client.parser import text_string_to_metric_families

from api.metrics import WorkerFiles
from engine import tasks
from engine.processes import DefinitionCache
from tests.api.test_console import start
from tests.servers import serving

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def complete_intake(client: TestClient, coach: Any, task_id: str) -> Any:
    """The werkcoach's intake of the test process completed (handed over to the accountmanager)."""
    return client.post(
        f"/tasks/{task_id}/complete",
        headers=coach.headers,
        json={"data": {"matchbaar": True, "kandidaatprofiel": "heftruck"}},
    )


def test_a_request_is_counted_under_its_route_template_not_its_path(client, staff, gemeente) -> None:
    coach = staff("werkcoach")
    case = start(client, coach, gemeente)
    route = {"method": "GET", "route": "/cases/{case_id}"}
    before = scrape(client)
    assert client.get(f"/cases/{case['id']}", headers=coach.headers).status_code == 200
    assert client.get(f"/cases/{case['id']}-nope", headers=coach.headers).status_code == 404
    after = scrape(client)
    assert value(after, "procesregie_http_requests_total", **route, status="2xx") == (
        value(before, "procesregie_http_requests_total", **route, status="2xx") + 1
    )
    assert value(after, "procesregie_http_requests_total", **route, status="4xx") == (
        value(before, "procesregie_http_requests_total", **route, status="4xx") + 1
    )
    assert value(after, "procesregie_http_request_duration_seconds_count", **route) == (
        value(before, "procesregie_http_request_duration_seconds_count", **route) + 2
    )
    text = client.get("/metrics").text
    assert case["id"] not in text and gemeente not in text


def test_unknown_paths_and_methods_share_one_label_each(client) -> None:
    before = scrape(client)
    assert client.get("/no-such-path-4711").status_code == 404
    assert client.request("FROB", "/health").status_code == 405
    after = scrape(client)
    unmatched = {"method": "GET", "route": "(unmatched)", "status": "4xx"}
    assert value(after, "procesregie_http_requests_total", **unmatched) == (
        value(before, "procesregie_http_requests_total", **unmatched) + 1
    )
    other = {"method": "other", "route": "/health", "status": "4xx"}
    assert value(after, "procesregie_http_requests_total", **other) == (
        value(before, "procesregie_http_requests_total", **other) + 1
    )
    # Label values only: a float timestamp may contain any digits.
    text = client.get("/metrics").text
    assert "no-such-path" not in text and "FROB" not in text


def test_metrics_need_no_token_and_are_in_the_openapi_description(client) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "# TYPE procesregie_http_requests_total counter" in response.text
    assert "procesregie_database_up 1.0" in response.text
    operation = client.get("/openapi.json").json()["paths"]["/metrics"]["get"]
    assert operation["tags"] == ["operations"]
    assert "text/plain" in operation["responses"]["200"]["content"]


def test_each_step_is_observed_by_kind(client, staff, gemeente) -> None:
    coach = staff("werkcoach")
    before = scrape(client)
    case = start(client, coach, gemeente)
    response = complete_intake(client, coach, case["tasks"][0]["id"])
    assert response.status_code == 200, response.text
    # A second completion of the same task raises in the step (the task is done): it is not observed.
    again = complete_intake(client, coach, case["tasks"][0]["id"])
    assert again.status_code == 409, again.text
    after = scrape(client)
    for kind in ("begin", "complete"):
        assert value(after, "procesregie_step_duration_seconds_count", kind=kind) == (
            value(before, "procesregie_step_duration_seconds_count", kind=kind) + 1
        ), kind
        assert value(after, "procesregie_step_duration_seconds_sum", kind=kind) > value(
            before, "procesregie_step_duration_seconds_sum", kind=kind
        )
    assert value(after, "procesregie_step_duration_seconds_bucket", kind="complete", le="+Inf") == (
        value(before, "procesregie_step_duration_seconds_bucket", kind="complete", le="+Inf") + 1
    )


def test_each_step_counts_whether_it_ran_on_a_kept_workflow(client, staff, gemeente) -> None:
    coach, manager = staff("werkcoach"), staff("accountmanager")

    def complete(who, task_id: str, data: dict) -> list[dict]:
        response = client.post(f"/tasks/{task_id}/complete", headers=who.headers, json={"data": data})
        assert response.status_code == 200, response.text
        return response.json()["tasks"]

    before = scrape(client)
    case = start(client, coach, gemeente)
    [task] = complete(coach, case["tasks"][0]["id"], {"matchbaar": True, "kandidaatprofiel": "heftruck"})
    assert client.post(f"/tasks/{task['id']}/claim", headers=manager.headers).status_code == 200
    complete(manager, task["id"], {"uitkomst": "geplaatst"})  # a claim leaves the stored state as it was
    other = start(client, coach, gemeente)
    with client.app.state.sessionmaker() as session, session.begin():  # type: ignore[attr-defined]
        # a step on another worker: one with definitions and kept workflows of its own
        stepped = tasks.complete_task(
            session, DefinitionCache(), coach.actor, other["tasks"][0]["id"], {"matchbaar": True}
        )
        task_id = stepped.open_tasks[0].id
    complete(manager, task_id, {"uitkomst": "geplaatst"})  # what this worker kept is from before that step
    after = scrape(client)
    for source, steps in (("kept", 2), ("restored", 2)):
        assert value(after, "procesregie_step_workflows_total", source=source) == (
            value(before, "procesregie_step_workflows_total", source=source) + steps
        ), source


def test_the_database_gauges_count_a_due_timer_and_a_waiting_handover(client, staff, gemeente) -> None:
    coach = staff("werkcoach")
    # The test process's intake has a timer of 2 weeks; 15 days on it is a day overdue.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        before = scrape(client)
    # One instant from the start to the scrape after the completion: a timer of another test's case in
    # this database that falls due meanwhile would change the count of due timers between the two.
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False):
        case = start(client, coach, gemeente)
        at_start = scrape(client)
        response = complete_intake(client, coach, case["tasks"][0]["id"])
        assert response.status_code == 200, response.text
        now = scrape(client)
    with time_machine.travel(later, tick=False):
        overdue = scrape(client)
    waiting = {"role": "accountmanager"}
    # Handed over from werkcoach to accountmanager, not picked up yet.
    assert value(now, "procesregie_handovers_waiting", **waiting) == (
        value(at_start, "procesregie_handovers_waiting", **waiting) + 1
    )
    # Not due now; a day after its due time it is due and late (due longer ago than a timer interval).
    assert value(now, "procesregie_timers_due") == value(at_start, "procesregie_timers_due")
    assert value(overdue, "procesregie_timers_due") == value(before, "procesregie_timers_due") + 1
    assert value(overdue, "procesregie_timers_late") == value(before, "procesregie_timers_late") + 1
    assert value(overdue, "procesregie_timers_oldest_due_seconds") >= 24 * 3600 - 60
    # Picked up when the accountmanager claims it.
    manager = staff("accountmanager")
    claim = client.post(f"/tasks/{response.json()['tasks'][0]['id']}/claim", headers=manager.headers)
    assert claim.status_code == 200, claim.text
    assert value(scrape(client), "procesregie_handovers_waiting", **waiting) == value(
        at_start, "procesregie_handovers_waiting", **waiting
    )


def parse(text: str) -> Samples:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def get(port: int, path: str) -> tuple[int, str]:
    """One request on a connection of its own, so the kernel may hand it to either worker."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.mark.slow
def test_with_two_workers_every_scrape_sums_both_workers(db, tmp_path) -> None:
    log = tmp_path / "serve.log"
    with serving(db.url, 2, log, "--no-timers") as (port, _pid):
        found = re.search(r"metrics of all workers in (\S+)", log.read_text())
        assert found, log.read_text()
        folder = Path(found.group(1))
        sent = 0
        # Until both workers have answered a request (each writes files named by its pid).
        while len({f.stem.rsplit("_", 1)[1] for f in folder.glob("counter_*.db")}) < 2:
            assert get(port, "/health")[0] == 200
            sent += 1
            assert sent < 1000, "one worker answered every request"
        health = {"method": "GET", "route": "/health", "status": "2xx"}

        def scrape_served() -> dict:
            status, text = get(port, "/metrics")
            assert status == 200
            return parse(text)

        def counted() -> float:
            return value(scrape_served(), "procesregie_http_requests_total", **health)

        # A request is counted once its response has gone out, so the client can read the last
        # /health's answer a moment before its worker counts it: wait for it, never for more.
        settled = time.monotonic() + 10
        while time.monotonic() < settled and counted() < sent:
            time.sleep(0.05)
        for _ in range(6):  # whichever worker answers the scrape
            scraped = scrape_served()
            assert value(scraped, "procesregie_http_requests_total", **health) == sent
            assert value(scraped, "procesregie_database_up") == 1
    assert not folder.exists()  # removed when the service stopped


def test_a_scrape_leaves_out_a_file_a_worker_is_still_creating(tmp_path) -> None:
    # A worker writes its counters to a file of its own (named by its pid); a second worker that
    # has just opened its file, and not yet sized it, leaves it empty for a moment.
    written = MmapedDict(str(tmp_path / "counter_101.db"))
    key = mmap_key("procesregie_http_requests", "procesregie_http_requests_total", ["route"], ["/health"], "")
    written.write_value(key, 3.0, 0.0)
    written.close()
    (tmp_path / "counter_102.db").touch()
    registry = CollectorRegistry()
    WorkerFiles(registry, path=str(tmp_path))
    samples = parse(generate_latest(registry).decode())
    assert value(samples, "procesregie_http_requests_total", route="/health") == 3
