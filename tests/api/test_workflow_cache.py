"""Two service workers on one database, each keeping the workflows of the cases it stepped
(engine/workflow_cache.py, ADR 43): a case whose steps go to one worker and then the other is stepped
on what the database holds, never on what a worker kept of it before the other's step."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from engine.processes import DefinitionCache


@pytest.fixture
def workers(db) -> Iterator[list[TestClient]]:
    """Two apps on the test database, each with its own definitions and kept workflows, as two workers;
    a third that keeps none, as a worker restoring every case from its stored state."""
    apps = [create_app(db.url) for _ in range(3)]
    apps[2].state.definitions = DefinitionCache(0)
    with TestClient(apps[0]) as a, TestClient(apps[1]) as b, TestClient(apps[2]) as restoring:
        yield [a, b, restoring]
    for app in apps:
        app.state.engine.dispose()


def kept(client: TestClient) -> tuple[int, int]:
    workflows = client.app.state.definitions.workflows  # type: ignore[attr-defined]
    return workflows.hits, workflows.misses


def run_loop(clients: list[TestClient], order: str, who, gemeente) -> list[tuple[str, str | None]]:
    """A loop case (tests/fixtures/lus.bpmn) with one round per letter of ``order``, each sent to the
    worker it names (``a``, ``b``, ``r``); its audit trail as (type, task name)."""
    by_name = dict(zip("abr", clients, strict=True))
    started = by_name[order[0]].post(
        "/cases",
        headers=who.headers,
        json={"process_id": "voortgang_lus", "gemeente": gemeente, "client_ref": "K-7", "data": {}},
    )
    assert started.status_code == 201, started.text
    case = started.json()
    for n, name in enumerate(order[1:], 1):
        [task] = case["tasks"]
        response = by_name[name].post(
            f"/tasks/{task['id']}/complete",
            headers=who.headers,
            json={"data": {"doorgaan": n < len(order) - 1, "notitie": f"gesprek {n}"}},
        )
        assert response.status_code == 200, response.text
        case = response.json()
    assert case["status"] == "completed"
    history = by_name["a"].get(f"/cases/{case['id']}/history", headers=who.headers)
    assert history.status_code == 200, history.text
    return [(event["type"], event.get("task_name")) for event in history.json()]


def test_steps_taking_turns_on_two_workers_are_taken_on_the_stored_state(workers, staff, gemeente):
    a, b, restoring = workers
    coach = staff("werkcoach", "procesregisseur")
    order = "aabababbbaaab"
    trail = run_loop(workers, order, coach, gemeente)
    # a step takes a kept workflow only after a step of the case on the same worker
    follows_own = sum(1 for before, now in itertools.pairwise(order) if before == now)
    assert kept(a)[0] + kept(b)[0] == follows_own
    assert sum(kept(a)) + sum(kept(b)) == len(order) - 1
    assert trail == run_loop(workers, "r" * len(order), coach, gemeente)
    assert kept(restoring) == (0, len(order) - 1)
