"""The command line finds the service's database from any folder and says which one it used.

Issue 14: `procesregie audit verify` run in another folder made an empty database there and printed
"ok: 0 cases"; `user add` there minted tokens the service did not know. Without
PROCESREGIE_DATABASE_URL both use the SQLite file in procesregie's home folder
($XDG_DATA_HOME/procesregie), whatever the current folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the command line


def _procesregie(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def test_every_folder_uses_the_database_in_the_home_folder_and_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROCESREGIE_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    expected = f"database: sqlite:///{tmp_path / 'data' / 'procesregie' / 'procesregie.sqlite3'}"
    folders = [tmp_path / name for name in ("beheer", "elders", "nog-ergens")]
    for folder in folders:
        folder.mkdir()

    migrated = _procesregie(folders[0], env, "migrate")
    added = _procesregie(
        folders[1], env, "user", "add", "ines", "--role", "werkcoach", "--gemeente", "woerden"
    )
    listed = _procesregie(folders[2], env, "user", "list")
    verified = _procesregie(folders[2], env, "audit", "verify")

    for done in (migrated, added, listed, verified):
        assert expected in done.stderr.splitlines(), done.stderr
    assert listed.stdout.startswith("ines\twerkcoach\twoerden")
    assert verified.stdout.startswith("ok: 0 cases")
    # one database, in the home folder beside its keys; nothing in the folders the commands ran in
    assert {p.name for p in (tmp_path / "data" / "procesregie").iterdir()} >= {
        "procesregie.sqlite3",
        "bsn.key",
    }
    assert [p for folder in folders for p in folder.iterdir()] == []
