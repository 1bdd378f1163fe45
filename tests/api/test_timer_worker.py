"""`procesregie worker` as a real process: the timer worker a deployment runs as a service."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.config import Settings

pytestmark = pytest.mark.slow  # starts a `procesregie worker` process


def test_a_timer_worker_logs_json_lines_and_stops_at_sigterm_after_its_round(db, tmp_path: Path) -> None:
    """As `serve` does: its log is JSON lines for the same log pipeline, and systemd's or Docker's stop
    signal ends it after the round under way, with status 0 (it was killed by the signal before,
    mid-round, and wrote plain-text lines)."""
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "--database-url", db.url, "worker"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        deadline = time.monotonic() + 120  # a bound for a hang only
        while "timer worker started" not in log_path.read_text():
            assert worker.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, log_path.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    every, batch = Settings().timer_interval_seconds, Settings().timer_batch_size
    logged = [
        json.loads(line) for line in log_path.read_text().splitlines() if not line.startswith("database: ")
    ]
    assert [
        (line["logger"], line["message"]) for line in logged if line["logger"] == "procesregie.worker"
    ] == [
        ("procesregie.worker", f"timer worker started: a round every {every} s, batches of {batch} cases"),
        ("procesregie.worker", "timer worker stopped"),
    ]
    assert {line["level"] for line in logged} <= {"info"}, logged
