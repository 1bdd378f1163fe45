"""What PostgreSQL's backends of one database wait for, sampled while something else loads it (issue #18).

Samples ``pg_stat_activity`` every 5 ms for ``--seconds`` and prints, per state and wait, how many of the
database's backends were in it on average (the statement's start where they waited for a lock). Run it
beside a load, for example the API benchmark on the same database:

    URL=postgresql+psycopg://postgres@127.0.0.1/bench
    python tests/benchmarks/api_throughput.py --database $URL --clients 16 --seconds 20 &
    sleep 12; python tests/benchmarks/database_waits.py --database $URL --seconds 10
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from sqlalchemy import make_url, text

from engine.db import make_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a PostgreSQL URL: the database to watch")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    database = make_url(args.database).database
    engine = make_engine(args.database, isolation_level="AUTOCOMMIT")
    seen: Counter[tuple[str, str, str]] = Counter()
    samples = 0
    query = text(
        "SELECT state, coalesce(wait_event_type || ': ' || wait_event, ''),"
        " CASE WHEN wait_event_type = 'Lock' THEN left(query, 60) ELSE '' END"
        " FROM pg_stat_activity WHERE datname = :database AND pid <> pg_backend_pid()"
    )
    with engine.connect() as connection:
        stop = time.monotonic() + args.seconds
        while time.monotonic() < stop:
            seen.update(tuple(row) for row in connection.execute(query, {"database": database}))
            samples += 1
            time.sleep(0.005)
    engine.dispose()
    print(f"{samples} samples of database {database}; backends on average:")
    for (state, wait, statement), count in seen.most_common():
        print(f"{count / samples:7.2f}  {state or '-'}  {wait or '(no wait)'}  {statement}")


if __name__ == "__main__":
    main()
