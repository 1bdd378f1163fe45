"""The elfproef and the keyed hash."""

from __future__ import annotations

import pytest

from engine import bsn


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
