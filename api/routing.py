"""A router that refuses every path outside its prefix before it looks at its routes (issue #18, ADR 38).

FastAPI (0.165) finds a request's route by asking each included router in turn, and a router asks
each of its routes, one regular expression per route, whatever the path: a completion of a task
was tried against every route of the routers included before `tasks` (`processes` alone has about
thirty), and the router that matched was searched again to handle it. That was a fifth of the event
loop's CPU per request in a profile of the API benchmark's flow. All routes of a router share its
prefix, so a path outside it cannot match any of them: :class:`PrefixRouter` answers "no match" at
once, and FastAPI goes on to the next router, as it would have after trying every route.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class PrefixRouter(APIRouter):
    """An `APIRouter` with a prefix, included in the app without another: a path that is not its prefix
    or under it matches none of its routes, which are not tried."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] in ("http", "websocket"):
            path = get_route_path(scope)
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return Match.NONE, {}
        return super().matches(scope)
