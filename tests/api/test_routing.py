"""A router with a prefix refuses paths outside it without trying its routes (api/routing.py)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.routing import Match

from api.console import router as console_router
from api.routers import audit, cases, clients, engine_rest, handovers, processes, reports, tasks
from api.routing import PrefixRouter

PREFIXED = [r.router for r in (audit, cases, clients, engine_rest, handovers, processes, reports, tasks)] + [
    console_router
]


def _paths(router: APIRouter, prefix: str = "") -> set[str]:
    """The paths of a router's routes as the app serves them, its included routers' too."""
    found: set[str] = set()
    for route in router.routes:
        if isinstance(route, APIRoute):
            found.add(prefix + route.path)
        elif hasattr(route, "original_router"):  # a router included in it
            found |= _paths(route.original_router, prefix + route.include_context.prefix)
    return found


def test_each_router_with_a_prefix_holds_only_routes_under_it_and_is_served_at_it(client):
    served = set(client.app.openapi()["paths"])
    for router in PREFIXED:
        assert isinstance(router, PrefixRouter) and router.prefix
        paths = {r.path_format for r in router.routes if isinstance(r, APIRoute) and r.include_in_schema}
        every = _paths(router)
        assert every, router.prefix
        for path in every:
            assert path == router.prefix or path.startswith(router.prefix + "/"), (router.prefix, path)
        # included without another prefix: the app serves its routes at their own paths
        if paths:
            assert paths <= served, (router.prefix, paths - served)


def test_a_path_outside_the_prefix_is_refused_without_trying_a_route(monkeypatch):
    tried: list[str] = []
    original = APIRoute.matches

    def spy(self, scope):
        tried.append(self.path)
        return original(self, scope)

    monkeypatch.setattr(APIRoute, "matches", spy)
    scope = {"type": "http", "path": "/taskslist", "root_path": "", "method": "GET", "headers": []}
    assert tasks.router.matches(scope) == (Match.NONE, {})
    assert tried == []


def test_requests_reach_the_routes_of_every_router(client, staff):
    coach = staff("werkcoach")
    assert client.get("/tasks", headers=coach.headers).status_code == 200
    assert client.get("/processes", headers=coach.headers).status_code == 200
    # under the processes router's prefix, served by the pilots router included after it
    pilots = client.get("/processes/overdracht_test/pilots", headers=coach.headers)
    assert pilots.status_code != 404 or pilots.json()["detail"] != "Not Found", pilots.text
    assert client.get("/me", headers=coach.headers).status_code == 200
    assert client.get("/health").status_code == 200
    assert client.get("/ui/", follow_redirects=False).status_code in (200, 303, 307)
    # a path that only starts like a prefix is no route of that router
    assert client.get("/taskslist", headers=coach.headers).status_code == 404
    assert client.get("/tasks/", headers=coach.headers, follow_redirects=False).status_code in (200, 307)
