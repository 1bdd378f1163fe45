"""Every process in processes/ runs on the real engine, and every gateway branch is taken.

Walks run in memory (tests/process_driver.py); the database-backed run of every
process is tests/engine/test_process_walks.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.vocabulary import Uitkomst
from tests.process_driver import cover

PROCESSES = Path(__file__).resolve().parents[2] / "processes"
FILES = sorted(PROCESSES.rglob("*.bpmn"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_branch_is_taken(path: Path) -> None:
    result = cover(path)
    assert result.errors == []
    assert sorted(result.missing) == []
    assert None not in result.outcomes and result.outcomes
    # Every walk ended at an end with an outcome type, recorded by the engine's rule.
    assert None not in result.outcome_types and result.outcome_types <= set(Uitkomst)
