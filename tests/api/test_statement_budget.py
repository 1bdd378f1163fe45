"""How many SQL statements the staff's main requests send, counted on the app's real engine.

Each statement is a round trip to the database, and on PostgreSQL a round trip costs about as much
client CPU as the rest of a claim (docs/performance.md). The budgets below are the counts the code
reaches now (issue #18); a change that adds a statement to one of these requests fails here and has
to say why in the budget it raises.

Counted at the cursor (SQLAlchemy's ``before_cursor_execute`` on the engine the app serves from):
every query, insert and update, and on SQLite its ``BEGIN IMMEDIATE`` (ADR 12). Not counted: the
``COMMIT``, and the read of the users generation a transaction begins with (ADR 27: on PostgreSQL
in the same message as its ``BEGIN``, on SQLite in process), one each per request. The callers are
known to the worker: authenticating them sends no statement (ADR 27).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from engine import steering

# request -> statements on (SQLite, PostgreSQL). The claim of a handed-over task and a completion that
# hands over add to the handover counts (engine/handover_counts.py): one more statement on SQLite, a part
# of the one statement on PostgreSQL. A case's start and its end each add their counts to report_counts
# (engine/rollup.py, ADR 39): one upsert more on SQLite, a part of the step's one statement on PostgreSQL.
# A step that makes, completes or cancels a task adds to the task counts (engine/task_counts.py): the
# same, one statement more on SQLite, a part of the one statement on PostgreSQL.
# The start of an aanvraag reads the client's earlier uitstroom (a return counts, ADR 39): one read more;
# what it counts is a part of the one statement on PostgreSQL as well (until session 16 an upsert of its own).
AANVRAAG = steering.AANVRAGEN[0]
AANVRAAG_DATA = {
    "datum_aanvraag": "2026-11-23",
    "datum_melding": "2026-11-20",
    "opgegeven_leefvorm": "alleenstaand",
}

BUDGET = {
    "start case": (8, 2),
    "start case (an aanvraag: a client's return is looked up)": (9, 3),
    "claim": (7, 2),
    "complete task (a handover follows)": (10, 2),
    "complete task (the case ends)": (9, 2),
    "work queue": (2, 1),
    "get case": (4, 3),
}


@contextmanager
def counted(client: Any) -> Iterator[list[str]]:
    """The statements the app sends while the block runs."""
    sent: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    engine = client.app.state.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_main_requests_stay_within_their_statement_budgets(client, db, staff, gemeente):
    coach, am = staff("werkcoach"), staff("accountmanager")
    column = 1 if db.url.startswith("postgresql") else 0
    counts: dict[str, int] = {}

    def request(name: str, method: str, path: str, who: Any, body: Any = None, **params: str) -> Any:
        with counted(client) as sent:
            response = client.request(method, path, headers=who.headers, json=body, params=params)
        assert response.status_code in (200, 201), response.text
        counts[name] = len(sent)
        assert len(sent) <= BUDGET[name][column], (name, len(sent), sent)
        return response.json()

    start = {
        "process_id": "overdracht_test",
        "gemeente": gemeente,
        "client_ref": "K",
        "data": {"weken_plan": 12},
    }
    # once before counting: the first request of a worker reads the version and parses the process;
    # and each caller is known to the worker, as after their first request (ADR 27)
    assert client.post("/cases", headers=coach.headers, json=start).status_code == 201
    for who, role in [(coach, "werkcoach"), (am, "accountmanager")] * 2:
        assert client.get("/tasks", headers=who.headers, params={"role": role}).status_code == 200
    consulent = staff("inkomensconsulent")
    aanvraag = {"process_id": AANVRAAG, "gemeente": gemeente, "client_ref": "K", "data": AANVRAAG_DATA}
    assert client.post("/cases", headers=consulent.headers, json=aanvraag).status_code == 201
    request("start case (an aanvraag: a client's return is looked up)", "POST", "/cases", consulent, aanvraag)
    case = request("start case", "POST", "/cases", coach, start)
    [task] = case["tasks"]
    request("work queue", "GET", "/tasks", coach, role="werkcoach")
    request("get case", "GET", f"/cases/{case['id']}", coach)
    steps = [
        (coach, "complete task (a handover follows)", {"matchbaar": True, "kandidaatprofiel": "heftruck"}),
        (am, "complete task (the case ends)", {"uitkomst": "geplaatst"}),
    ]
    for who, name, data in steps:
        assert task["role"] in who.actor.roles
        request("claim", "POST", f"/tasks/{task['id']}/claim", who)
        after = request(name, "POST", f"/tasks/{task['id']}/complete", who, {"data": data})
        task = after["tasks"][0] if after["tasks"] else None
    assert after["status"] == "completed"
    assert counts == {name: budget[column] for name, budget in BUDGET.items()}, str(counts)
