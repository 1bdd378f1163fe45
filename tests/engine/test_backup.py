"""Backup and restore as docs/deployment.md describes them: pg_dump of a database with cases,
pg_restore into a fresh database, and `procesregie audit verify` on the copy; the seal then finds a
case deleted with all its events in the copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from engine import audit
from engine.models import AuditSeal
from tests.conftest import fresh_postgresql_database

from .test_seals import delete_case, start


def _libpq(url: str) -> str:
    """The URL as pg_dump and psql take it (without SQLAlchemy's driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _procesregie(url: str, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", url, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, done.stdout.strip()


@pytest.mark.slow
def test_a_dump_restored_into_a_fresh_database_verifies(db, staff, gemeente, tmp_path: Path) -> None:
    if not db.url.startswith("postgresql"):
        pytest.skip("backup and restore with pg_dump are for PostgreSQL (set PROCESREGIE_TEST_DATABASE_URL)")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not on this machine (apt-get install postgresql-client)")
    case_ids = [start(db, staff, gemeente) for _ in range(3)]
    with db.tx() as session:
        sealed = audit.seal(session)
        assert isinstance(sealed, AuditSeal)
    dump = tmp_path / "procesregie.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", _libpq(db.url)], check=True, timeout=300)

    with fresh_postgresql_database(db.url) as copy_url:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(copy_url)}", str(dump)],
            check=True,
            timeout=300,
        )
        code, out = _procesregie(copy_url, "audit", "verify", "--seal", f"{sealed.seq}:{sealed.hash}")
        assert code == 0, out
        assert out.startswith("ok: ") and f"; seal {sealed.seq} of " in out

        engine = create_engine(copy_url)
        try:
            with engine.begin() as connection:  # someone with the database's rights, in the copy
                for table in ("audit_events", "audit_seals"):
                    connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
                delete_case(connection, case_ids[1])
        finally:
            engine.dispose()
        code, out = _procesregie(copy_url, "audit", "verify")
        assert code == 1
        assert out.startswith(
            f"BROKEN: seal {sealed.seq}: case {case_ids[1]} event -: sealed with "
        ) and out.split(" (checked")[0].endswith(f"in seal {sealed.seq}, the case no longer exists")
