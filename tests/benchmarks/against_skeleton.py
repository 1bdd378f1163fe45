"""procesregie's CPU per completed task as a multiple of the skeleton's, in alternating runs (issue #18).

A multiple of the floor moves with the machine (session 19's Intel Xeon VM and session 20's AMD EPYC
VM gave 9–10× and 13–15× on PostgreSQL for about the same CPU per completion: the floor was 0.8 ms per
completion on the one and 0.5 ms on the other), and one run says little on a shared machine whose speed
drifts by a quarter within minutes. This measures against skeleton.py instead, the least a service
that stores its steps costs when it runs a request as procesregie does (``--variant threads``: a thread
per request, a transaction of procesregie's engine), in rounds that alternate the two (skeleton first
in odd rounds, procesregie first in even ones), each on an emptied database, and prints each round's
ratio of CPU per completion (server and PostgreSQL's backends) and their median:

    python tests/benchmarks/against_skeleton.py \\
        --database postgresql+psycopg://postgres@127.0.0.1/procesregie_bench \\
        --skeleton-database postgresql+psycopg://postgres@127.0.0.1/skeleton --rounds 3

``--database`` is emptied (its public schema dropped) and migrated before each of procesregie's runs;
the skeleton makes its two tables anew in ``--skeleton-database``.
"""

from __future__ import annotations

import argparse
import os
import statistics

from api_throughput import (  # noqa: I001  # the script's own folder is on sys.path
    HEADER,
    Run,
    against_the_floor,
    engine_floor,
    measure_procesregie,
    procesregie_served,
)
from benchdb import empty
from skeleton import VARIANTS, measure_skeleton


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="procesregie's PostgreSQL database: emptied")
    parser.add_argument("--skeleton-database", required=True, help="the skeleton's PostgreSQL database")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--variant", choices=tuple(VARIANTS), default="threads", help="the skeleton's")
    args = parser.parse_args()
    for url in (args.database, args.skeleton_database):
        if not url.startswith("postgresql"):
            parser.error(f"{url}: the skeleton stores its steps in PostgreSQL only; give PostgreSQL URLs")
    floor = engine_floor()
    print(
        f"machine: {os.cpu_count()} cores; {args.workers} server workers; {args.clients} clients, "
        f"{args.seconds:.0f} s per run; skeleton ({args.variant}); "
        f"engine floor (same flow, SpiffWorkflow in memory, 1 core): {floor:.0f} steps/s"
    )
    print(f"{'round':<5} {'server':<11} " + HEADER)
    ratios = []
    for number in range(1, args.rounds + 1):
        order = ("skeleton", "procesregie") if number % 2 else ("procesregie", "skeleton")
        runs: dict[str, Run] = {}
        for server in order:
            if server == "skeleton":
                run = measure_skeleton(
                    args.skeleton_database, args.variant, args.clients, args.seconds, args.workers
                )
            else:
                empty(args.database)
                with procesregie_served(args.database, args.workers) as (served, port, _):
                    run = measure_procesregie(served, port, args.database, args.clients, args.seconds, False)
            runs[server] = run
            row = against_the_floor(run, floor, args.workers, args.clients, args.seconds)
            print(f"{number:<5} {server:<11} {row}")
        ratios.append(runs["procesregie"].cpu_per_completion / runs["skeleton"].cpu_per_completion)
        print(f"round {number}: procesregie {ratios[-1]:.2f}x the skeleton's CPU per completion")
    print(
        f"median of {len(ratios)} rounds: procesregie {statistics.median(ratios):.2f}x the skeleton's CPU "
        f"per completion (server and PostgreSQL's backends; rounds {', '.join(f'{r:.2f}' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
