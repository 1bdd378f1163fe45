"""Instructions the whole server spends per completed task: HTTP, FastAPI, authentication, engine and driver.

Runs `procesregie serve` with one worker under valgrind's callgrind and drives the API
benchmark's flow (api_throughput.py) with one client. After a warm-up it zeroes the counters
(callgrind_control -z), drives N cases, and dumps them (callgrind_control -d). Instructions
do not depend on how fast the shared machine happens to be, so two versions of the code can
be compared from runs made at different times; CPU seconds cannot. The database's own work
is not counted, nor time the kernel spends for the server. Run, with URL for example
postgresql+psycopg://postgres@127.0.0.1/procesregie_bench:

    python tests/benchmarks/server_instructions.py --database URL [--cases 10]

Under valgrind the server runs about 50 times slower: start-up takes a minute or two.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import uuid
from pathlib import Path

from api_throughput import ROOT, Client, cli, one_case, serve  # the script's own folder is on sys.path
from step_latency import machine

from engine import users
from engine.db import make_engine, make_sessionmaker, transaction

WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database", required=True, help="migrated and given the test fixtures; other data stays"
    )
    parser.add_argument("--cases", type=int, default=10)
    args = parser.parse_args()
    url = args.database
    cli(url, "migrate")
    cli(url, "deploy", str(ROOT / "tests" / "fixtures"))
    with transaction(make_sessionmaker(make_engine(url))) as session:
        token = users.add_user(
            session, f"instructions-{uuid.uuid4().hex[:8]}", ["werkcoach", "accountmanager"], ["instructions"]
        )[1]
    out = Path(tempfile.mkdtemp(prefix="procesregie-callgrind-"))
    log = (out / "serve.log").open("w")
    server, port = serve(
        url,
        ["--workers", "1"],
        log,
        wait=600,
        wrapper=["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/callgrind.out.%p"],
    )
    client, latencies, errors = Client(port, token), [], []
    try:
        for _ in range(WARM_UP):
            one_case(client, "instructions", latencies, errors, claim=False)
        subprocess.run(["callgrind_control", "-z", str(server.pid)], check=True, capture_output=True)
        for _ in range(args.cases):
            one_case(client, "instructions", latencies, errors, claim=False)
        subprocess.run(["callgrind_control", "-d", str(server.pid)], check=True, capture_output=True)
    finally:
        server.terminate()
        server.wait(timeout=120)
    if errors:
        raise SystemExit(f"errors: {errors}; see {out}/serve.log")
    dump = next(out.glob("callgrind.out.*.1"))
    total = next(
        int(line.split()[1]) for line in dump.read_text().splitlines() if line.startswith("summary:")
    )
    completions = 2 * args.cases
    print(
        f"machine: {machine()}; database: {url.split('://')[0]}; server: 1 worker under callgrind; "
        f"{args.cases} cases after {WARM_UP} to warm up"
    )
    print(f"{'instructions':>14} {'completions':>12} {'million instructions per completion':>36}")
    print(f"{total:>14,} {completions:>12} {total / completions / 1e6:>36.2f}")


if __name__ == "__main__":
    main()
