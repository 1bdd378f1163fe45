from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok"] = Field(description="the process answers; the database is not asked")


class CheckResult(BaseModel):
    ok: bool
    detail: str = Field(examples=["at 0008, the head of this version"])


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    failing: list[str] = Field(description="names of the checks that failed; empty when ready")
    checks: dict[str, CheckResult] = Field(description="database, migrations and processes")
