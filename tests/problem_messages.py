"""A pytest plugin that records the message of every engine.errors.Problem the tests it runs with
build, into the file named by PROCESREGIE_PROBLEM_MESSAGES (one JSON list per process): the test
of the console's Dutch (tests/api/test_console_problems_nl.py) runs the lint tests with it."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from engine import errors

_seen: set[str] = set()
_build = errors.Problem.__init__


def _recording(self: errors.Problem, *args: Any, **kwargs: Any) -> None:
    _build(self, *args, **kwargs)
    _seen.add(self.message)


errors.Problem.__init__ = _recording  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session) -> None:
    with open(f"{os.environ['PROCESREGIE_PROBLEM_MESSAGES']}.{os.getpid()}", "w") as out:
        json.dump(sorted(_seen), out)
