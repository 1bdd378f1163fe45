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
