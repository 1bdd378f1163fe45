"""The elfproef and the keyed hash."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from engine import bsn
from engine.config import secret_key


@pytest.mark.parametrize("value", ["111222333", "123456782", "999999990"])
def test_valid_bsns_pass_the_elfproef(value: str) -> None:
    assert bsn.valid(value)


@pytest.mark.parametrize(
    "value", ["123456789", "12345678", "1234567890", "12345678a", "000000000", " 11122233", ""]
)
def test_invalid_bsns_fail(value: str) -> None:
    assert not bsn.valid(value)


def test_the_keyed_hash_depends_on_the_key() -> None:
    assert bsn.keyed_hash("111222333", "sleutel-a") != bsn.keyed_hash("111222333", "sleutel-b")
    assert len(bsn.keyed_hash("111222333", "sleutel-a")) == 64 and "111222333" not in bsn.keyed_hash(
        "111222333", "sleutel-a"
    )


def _key_of(path: Path, barrier: Any) -> str:
    barrier.wait()
    return secret_key(path)[0]


def test_workers_starting_at_once_share_the_one_key_made(tmp_path: Path) -> None:
    """Two workers of `serve` (or of the tests) start together on a new machine: one makes the key
    file, the others read the whole key, never an empty file being written."""
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, context.Pool(6) as pool:
        for attempt in range(10):
            path = tmp_path / f"bsn-{attempt}.key"
            keys = pool.starmap(_key_of, [(path, manager.Barrier(6))] * 6)
            assert len(set(keys)) == 1 and len(keys[0]) >= 32
            assert path.read_text() == keys[0] + "\n" and path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"bsn-{n}.key" for n in range(10)]


@pytest.mark.slow  # a `procesregie migrate` process
def test_production_refuses_the_development_key() -> None:
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "PROCESREGIE_ENVIRONMENT": "production"}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", "migrate"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2 and "PROCESREGIE_BSN_KEY" in result.stderr


@pytest.mark.parametrize("client_ref", ["111222333", " 123456782 "])
def test_a_bsn_is_refused_as_client_reference_and_nothing_is_stored(db, staff, gemeente, client_ref) -> None:
    from sqlalchemy import func, select

    from engine import cases
    from engine.errors import InvalidInput
    from engine.models import Case

    coach = staff("werkcoach").actor
    with pytest.raises(InvalidInput) as refused, db.tx() as session:
        cases.start_case(
            session, db.cache, db.profiles, coach, "overdracht_test", gemeente, client_ref, {"weken_plan": 26}
        )
    [error] = refused.value.errors
    assert error.field == "client_ref" and "send it as `bsn`" in error.message
    with db.tx() as session:
        assert session.scalar(select(func.count()).select_from(Case).where(Case.gemeente == gemeente)) == 0
        # nine digits failing the elfproef, and a BSN inside a longer reference, are ordinary references
        for ok in ("123456789", "K-111222333"):
            case = cases.start_case(
                session, db.cache, db.profiles, coach, "overdracht_test", gemeente, ok, {"weken_plan": 26}
            )
            assert case.client_ref == ok
