"""Server time of every console page with many cases: p50 and p95 per page.

Fills a database as scale.py does (100,000 cases of one process across four gemeenten,
with tasks, hash-chained audit events and handovers), signs in one user per kind of
page and requests each page from the real application served by uvicorn in a thread of this
process (over 127.0.0.1, so the figures are the server's own time, template rendering
included, plus a local round trip; not Starlette's TestClient, whose template debug extension
keeps every page's context alive in reference cycles that a real server does not make):

    python tests/benchmarks/console_pages.py --database URL [--cases 100000] [--skip-fill] [--only REGEX]

URL e.g. postgresql+psycopg://postgres@127.0.0.1/procesregie_bench. The database is emptied first
unless --skip-fill. --only measures the pages whose label matches. Each line gives the CPU time this
process spent per request (the application and the test client; median) and, on PostgreSQL on this
machine, that of the database's backends (mean, from /proc: 10 ms ticks), and ends with
the machine's load average (1 minute) after the page's runs: on a shared machine a wall-clock figure
means little without it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import uvicorn
from benchdb import empty  # the script's own folder is on sys.path
from scale import GEMEENTEN, PROCESS, count, fill
from sqlalchemy import select, text

from engine import cases, processes, users
from engine.db import make_engine, make_sessionmaker, transaction
from engine.models import Pilot, User
from engine.processes import DefinitionCache
from engine.profiles import Profiles

PASSWORD = "benchmark-wachtwoord"
REAL = "overdracht_test"  # tests/fixtures/overdracht.bpmn, deployed below
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PEOPLE = {
    "werkcoach-1": (["werkcoach"], ["woerden"]),
    "rita": (["procesregisseur", "auditor"], list(GEMEENTEN)),
    "olga": (["ontwerper"], []),
    "bea": (["beheerder"], ["woerden"]),
}


@contextlib.contextmanager
def served(app: object) -> Iterator[str]:
    """``app`` served by uvicorn (its start-up included, as in `procesregie serve`) on a free port of
    127.0.0.1 in a thread of this process until the block ends; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join()


def signed_in(base: str, name: str) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=60, follow_redirects=True)
    page = client.get("/ui/login").text
    token = re.search(r'name="login_token" value="([^"]+)"', page)
    assert token
    response = client.post(
        "/ui/login", data={"username": name, "password": PASSWORD, "login_token": token[1]}
    )
    assert response.status_code == 200, response.text
    return client


def backend_cpu(database: str) -> float:
    """CPU seconds so far of PostgreSQL's backends serving ``database`` (the server on this machine):
    the benchmark's own connections, as no one else uses its database."""
    engine = make_engine(database)
    with engine.connect() as connection:
        pids = connection.scalars(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_type = 'client backend'"
            )
        ).all()
    engine.dispose()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def timed(
    client: httpx2.Client, label: str, path: str, runs: int, database: str, form: dict[str, str] | None = None
) -> None:
    """``runs`` requests of ``path``: a GET, or with ``form`` a POST of it and the page's CSRF token (a
    search's result page)."""
    if form is not None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/ui/audit").text)
        assert token
        form = {**form, "csrf_token": token[1]}

    def get() -> httpx2.Response:
        return client.get(path) if form is None else client.post(path, data=form)

    get()  # warm: the template compiled, the version's definition parsed
    postgresql = database.startswith("postgresql")
    before = backend_cpu(database) if postgresql else 0.0
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        response = get()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    database_cpu = (backend_cpu(database) - before) * 1000 / runs if postgresql else 0.0
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"{label:<34} {path[:48]:<50} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"
        f"   cpu p50 {statistics.median(cpu):6.1f} ms   db cpu {database_cpu:6.1f} ms"
        f"   load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--skip-fill", action="store_true")
    parser.add_argument("--only", default="", help="measure only the pages whose label matches")
    args = parser.parse_args()
    os.environ.setdefault("PROCESREGIE_HOME", tempfile.mkdtemp(prefix="procesregie-bench-"))
    if not args.skip_fill:
        empty(args.database)
        fill(args.database, args.cases)
        count(args.database)
    factory = make_sessionmaker(make_engine(args.database))
    with transaction(factory) as session:  # a database scale.py filled has none of them yet
        for name, (roles, gemeenten) in PEOPLE.items():
            if session.scalar(select(User).where(User.name == name)) is None:
                users.add_user(session, name, roles, gemeenten)
                users.set_password(session, name, PASSWORD)
    # The filled cases carry no workflow state; the task and case pages open a real one among them.
    factory = make_sessionmaker(make_engine(args.database))
    with transaction(factory) as session:
        # unchanged files keep their version; the house rules of processes/ are warnings here, as in the tests
        processes.deploy_directory(session, DefinitionCache(), FIXTURES, house_rules=False)
        coach = users.actor_of(users.get_user(session, "werkcoach-1"))
        cache = DefinitionCache()
        case = cases.start_case(
            session, cache, Profiles({}), coach, REAL, "woerden", "K-echt", {"weken_plan": 26}
        )
        case_id, task_id = case.id, case.open_tasks[0].id
        pilot_id = session.scalar(select(Pilot.id).where(Pilot.process_id == PROCESS))
    from api.main import create_app

    app = create_app(args.database)
    with served(app) as base:
        measure(base, case_id, task_id, pilot_id, args.runs, re.compile(args.only), args.database)


def measure(
    base: str,
    case_id: str,
    task_id: str,
    pilot_id: int | None,
    runs: int,
    only: re.Pattern[str],
    database: str,
) -> None:
    coach, rita, olga, bea = (signed_in(base, name) for name in PEOPLE)
    pages = [
        (coach, "werkvoorraad", "/ui/werkvoorraad"),
        (coach, "werkvoorraad, termijn binnen 14 d", "/ui/werkvoorraad?termijn=14"),
        (coach, "taak", f"/ui/taken/{task_id}"),
        (coach, "processen", "/ui/processen"),
        (coach, "proces", f"/ui/processen/{PROCESS}"),
        (rita, "proces, statistiek van een maand", f"/ui/processen/{PROCESS}?van=2026-11-01&tot=2026-11-30"),
        (rita, "proces, statistiek van 2026", f"/ui/processen/{PROCESS}?van=2026-01-01&tot=2026-12-31"),
        (coach, "zaak", f"/ui/zaken/{case_id}"),
        (coach, "klantreis", "/ui/klanten/K-echt/reis"),
        (rita, "regie (30 dagen)", "/ui/regie"),
        (rita, "regie (heel 2026)", "/ui/regie?vanaf=2026-01-01&tot=2026-12-31"),
        (rita, "uitkomsten (30 dagen)", "/ui/regie/uitkomsten"),
        (rita, "uitkomsten (heel 2026)", "/ui/regie/uitkomsten?vanaf=2026-01-01&tot=2026-12-31"),
        (rita, "KPI's (twaalf maanden)", "/ui/regie/kpis?gemeente=woerden"),
        (rita, "benchmark per gemeente", "/ui/regie/benchmark"),
        (rita, "audit", "/ui/audit"),
        (olga, "model valideren", "/ui/processen/valideren"),
        (bea, "beheer", "/ui/beheer"),
        (bea, "beheer, een gebruiker", "/ui/beheer/gebruikers/werkcoach-1"),
    ]
    if pilot_id is not None:  # scale.py's add_pilot: a second version of PROCESS in a pilot
        pages += [
            (rita, "pilot vergelijken", f"/ui/pilots/{pilot_id}"),
            (coach, "versies vergelijken", f"/ui/processen/{PROCESS}/verschil?van=1&met=2"),
        ]
    else:
        print("no pilot in this database (scale.py --add-pilot adds one): pilot and diff not measured")
    for client, label, path in pages:
        if only.search(label):
            timed(client, label, path, runs, database)
    searches = [
        ("audit zoeken: proces en gemeente", {"proces": PROCESS, "gemeente": GEMEENTEN[0]}),
        ("audit zoeken: een klant", {"klantreferentie": "K-echt"}),
        ("audit zoeken: een medewerker in 2026", {"medewerker": "werkcoach-1", "sinds": "2026-01-01"}),
    ]
    for label, form in searches:
        if only.search(label):
            timed(rita, label, "/ui/audit/zoeken", runs, database, form)


if __name__ == "__main__":
    main()
