"""Console pages (being built)."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)
