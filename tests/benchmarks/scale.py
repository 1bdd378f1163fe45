"""Scale of data: query times with 100,000 cases, and the memory of a full XES export.

Fills a dedicated database with synthetic but well-formed history (half the cases of one process
across four gemeenten, each with its tasks, audit events in valid hash chains and
handovers; the other half spread over the processes the steering KPIs read, with the form data,
ends, handovers and fired terms those KPIs count), then times what users do on it, with URL for example
postgresql+psycopg://postgres@127.0.0.1/procesregie_bench or sqlite:////tmp/bench.sqlite3:

    python tests/benchmarks/scale.py --database URL --cases 100000

The database is emptied first. Prints p50/p95 per query (with the CPU time of this process and, on a
local PostgreSQL, of its backends) and the export's time and peak RSS. The reports of issue #17 alone
(KPIs, benchmark, outcomes: in the engine, the API and the console pages), on a database filled before:

    python tests/benchmarks/scale.py --database URL --steering-only [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchdb import empty  # the script's own folder is on sys.path
from sqlalchemy import func, insert, select, text, update

from engine import (
    audit,
    handover_counts,
    pilots,
    processes,
    reports,
    rollup,
    search,
    steering,
    task_counts,
    tasks,
    xes,
)
from engine.db import make_engine, make_sessionmaker, transaction
from engine.models import AuditEvent, Case, CaseTask, CaseTaskRole, Handover, Pilot, ProcessVersion
from engine.period import Period
from engine.processes import DefinitionCache
from engine.users import Actor

ROOT = Path(__file__).resolve().parents[2]
PROCESS = "kandidaat_matchbaar_overdragen_regiegericht"
GEMEENTEN = ("woerden", "oudewater", "montfoort", "bodegraven")
STEPS = [
    ("Task_plan_van_aanpak_uitvoeren", "Plan van aanpak met planning vastleggen", "werkcoach"),
    ("Task_overdracht_voorbereiden", "Overdracht voorbereiden", "werkcoach"),
    ("Task_intake_werkgeversdienstverlening", "Kandidaat intake werkgeversdienstverlening", "accountmanager"),
    ("Task_kandidaat_matchen", "Kandidaat matchen en voorstellen", "accountmanager"),
]


def fill(url: str, count: int) -> None:
    """Insert ``count`` cases with 1-4 completed steps each, in batches."""
    factory = make_sessionmaker(make_engine(url))
    with transaction(factory) as session:
        processes.deploy_directory(session, DefinitionCache(), ROOT / "processes")
        version = session.scalar(select(ProcessVersion).where(ProcessVersion.process_id == PROCESS))
        version_id, version_hash = version.id, version.content_hash
    rng = random.Random(42)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batch = 5000
    for offset in range(0, count, batch):
        case_rows, task_rows, role_rows, event_rows, handover_rows = [], [], [], [], []
        for n in range(offset, min(count, offset + batch)):
            case_id, gemeente = str(uuid.UUID(int=rng.getrandbits(128))), GEMEENTEN[n % len(GEMEENTEN)]
            at = start + dt.timedelta(minutes=5 * n)
            done = rng.randint(1, len(STEPS))
            events: list[dict] = []

            def event(
                kind: str,
                actor: str,
                role: str | None,
                task_id: str | None,
                task_name: str | None,
                data: dict,
                when: dt.datetime,
                case_id: str = case_id,
                events: list[dict] = events,
            ) -> None:
                row = dict(
                    case_id=case_id,
                    seq=len(events) + 1,
                    type=kind,
                    at=when,
                    actor=actor,
                    role=role,
                    process_id=PROCESS,
                    process_version_hash=version_hash,
                    task_id=task_id,
                    task_name=task_name,
                    data=data,
                    prev_hash=events[-1]["hash"] if events else None,
                )
                row["hash"] = audit.event_hash(row)
                events.append(row)

            event("case_started", "km-1", "klantmanager", None, None, {"gemeente": gemeente}, at)
            for i, (element, name, role) in enumerate(STEPS[: done + 1]):
                task_id, ready = str(uuid.UUID(int=rng.getrandbits(128))), at + dt.timedelta(hours=4 * i)
                finished = i < done
                task_rows.append(
                    dict(
                        id=task_id,
                        case_id=case_id,
                        process_id=PROCESS,
                        gemeente=gemeente,
                        element_id=element,
                        name=name,
                        role=role,
                        roles=[role],
                        status="completed" if finished else "ready",
                        ready_at=ready,
                        completed_at=ready + dt.timedelta(hours=2) if finished else None,
                        completed_by=f"{role}-{n % 7}" if finished else None,
                    )
                )
                role_rows.append(dict(role=role, task_id=task_id))
                event("task_ready", "km-1", None, task_id, name, {"element_id": element}, ready)
                if i and STEPS[i - 1][2] != role:
                    handover_rows.append(
                        dict(
                            case_id=case_id,
                            process_id=PROCESS,
                            process_version_hash=version_hash,
                            gemeente=gemeente,
                            from_role=STEPS[i - 1][2],
                            to_role=role,
                            from_user=f"{STEPS[i - 1][2]}-{n % 7}",
                            from_task_name=STEPS[i - 1][1],
                            to_task_id=task_id,
                            to_task_name=name,
                            handed_over_at=ready,
                            picked_up_at=ready + dt.timedelta(hours=rng.randint(1, 72)) if finished else None,
                            picked_up_by=f"{role}-{n % 7}" if finished else None,
                        )
                    )
                    event(
                        "handover",
                        f"{STEPS[i - 1][2]}-{n % 7}",
                        STEPS[i - 1][2],
                        task_id,
                        name,
                        {"from_role": STEPS[i - 1][2], "to_role": role},
                        ready,
                    )
                if finished:
                    event(
                        "task_completed",
                        f"{role}-{n % 7}",
                        role,
                        task_id,
                        name,
                        {"element_id": element, "submitted": {"ok": True}, "changes": {}},
                        ready + dt.timedelta(hours=2),
                    )
            case_rows.append(
                dict(
                    id=case_id,
                    process_version_id=version_id,
                    process_id=PROCESS,
                    gemeente=gemeente,
                    client_ref=f"K-{n}",
                    status="running",
                    state="{}",
                    serializer_version="1.5",
                    lock_version=1,
                    data={},
                    event_count=len(events),
                    audit_head=events[-1]["hash"],
                    started_at=at,
                    started_by="km-1",
                    next_timer_at=at + dt.timedelta(days=rng.randint(1, 120)),
                )
            )
            event_rows.extend(events)
        store(
            factory,
            (Case, case_rows),
            (CaseTask, task_rows),
            (CaseTaskRole, role_rows),
            (AuditEvent, event_rows),
            (Handover, handover_rows),
        )
    analyze(factory)


def store(factory: Any, *tables: tuple[Any, list[dict[str, Any]]]) -> None:
    """Insert a batch of rows per table in one transaction, in the order given (cases first)."""
    with transaction(factory) as session:
        for model, rows in tables:
            session.execute(insert(model), rows)


def count(url: str) -> None:
    """Count the filled cases into report_counts (engine/rollup.py, as migration 0023 does): the fill
    inserts rows, not steps, so nothing counted them as they were written."""
    factory = make_sessionmaker(make_engine(url))
    started = time.perf_counter()
    with transaction(factory) as session:
        rows = rollup.rebuild(session)
    print(f"counted into report_counts: {rows} rows in {time.perf_counter() - started:.1f} s")
    analyze(factory)


def analyze(factory: Any) -> None:
    """Count the handovers and tasks inserted as rows (engine/handover_counts.py, engine/task_counts.py,
    as migrations 0022 and 0028 do); and PostgreSQL's planner needs the statistics of the filled tables."""
    with transaction(factory) as session:
        handover_counts.rebuild(session)
        task_counts.rebuild(session)
    with factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ANALYZE"))
            session.commit()


# The processes the KPIs read (engine/steering.py), with form data as their forms would give it:
# (process id, share of the steering cases, data of a case given a random generator).
STEERING: list[tuple[str, int, Callable[[random.Random], dict[str, Any]]]] = [
    (
        "melding_werkzoekende_registreren",
        4,
        lambda r: {
            "route": r.choice(["voorliggende_voorziening", "bijstand_aanvragen"]),
            "bemiddelingsresultaat": r.choice(["aan_het_werk", "geen_passend_werk"]),
        },
    ),
    (
        "aanvraag_levensonderhoud_behandelen",
        4,
        lambda r: {"besluit": r.choice(["toekennen", "afwijzen"]), "datum_aanvraag": "2026-01-15"},
    ),
    ("bezwaar_behandelen", 1, lambda r: {"beslissing_op_bezwaar": r.choice(["gegrond", "ongegrond"])}),
    ("terugvordering", 1, lambda r: {"vastgestelde_vordering": r.randint(100, 5000)}),
    (
        "invordering",
        1,
        lambda r: {
            "vorderingsbedrag": r.randint(100, 5000),
            "stand_regeling": r.choice(["afgelost", "loopt"]),
        },
    ),
    ("signaal_start_inkomstenverhouding", 2, lambda r: {"te_veel_ontvangen": r.randint(0, 900)}),
    (
        "uitstroom_naar_werk",
        3,
        lambda r: {
            "uitstroom_type": r.choice(["regulier", "lks", "beschut", "detachering"]),
            "via_bemiddeling": r.random() < 0.5,
        },
    ),
    ("snelle_herstart_zekerheidsclausule", 1, lambda r: {"maanden_sinds_uitstroom": r.randint(1, 12)}),
    ("loonwaardebepaling_op_de_werkplek", 1, lambda r: {"loonwaarde_percentage": r.randint(10, 100)}),
    (
        "plan_van_aanpak_opstellen",
        2,
        lambda r: {"goedkeuring_plan": "goedgekeurd", "datum_verwijzing": "2026-01-10"},
    ),
    ("participatieplaats", 1, lambda r: {}),
    ("sociale_activering", 1, lambda r: {}),
    (
        "diagnose_arbeidsvermogen_en_route_bepalen",
        2,
        lambda r: {"route": r.choice(["werk", "ontwikkeltraject", "arbeidsbeperking", "participatie"])},
    ),
    ("kandidaat_matchbaar_overdragen_taakgericht", 2, lambda r: {}),
    (
        "duurzaamheid_uitstroom_meten",
        1,
        lambda r: {
            "datum_uitstroom": f"2026-{r.randint(1, 6):02d}-{r.randint(1, 28):02d}",
            "nog_aan_het_werk_6m": r.random() < 0.7,
        },
    ),
]
# The end event an ended steering case reached, where its data decide it (as the model's gateways
# would); a process not here ends at one of its ends that can end a case, drawn at random.
END_OF: dict[str, Callable[[dict[str, Any]], str]] = {
    "melding_werkzoekende_registreren": lambda d: (
        "EndEvent_doorverwezen_voorliggend"
        if d["route"] == "voorliggende_voorziening"
        else "EndEvent_bijstand_aanvragen"
    ),
    "aanvraag_levensonderhoud_behandelen": lambda d: (
        "EndEvent_bijstand_toegekend" if d["besluit"] == "toekennen" else "EndEvent_aanvraag_afgewezen"
    ),
    "bezwaar_behandelen": lambda d: f"EndEvent_bezwaar_{d['beslissing_op_bezwaar']}",
    "terugvordering": lambda d: "EndEvent_terugvordering_vastgesteld",
    "invordering": lambda d: (
        "EndEvent_vordering_afgelost" if d["stand_regeling"] == "afgelost" else "EndEvent_vordering_verrekend"
    ),
    "uitstroom_naar_werk": lambda d: "EndEvent_uitkering_beeindigd",
    "plan_van_aanpak_opstellen": lambda d: "EndEvent_plan_vastgesteld",
    "diagnose_arbeidsvermogen_en_route_bepalen": lambda d: f"EndEvent_route_{d['route']}",
    "duurzaamheid_uitstroom_meten": lambda d: (
        "EndEvent_duurzaam" if d["nog_aan_het_werk_6m"] else "EndEvent_niet_duurzaam"
    ),
}
# A boundary timer of the aanvraag: the beslistermijn that ran out while the task was open.
TERM = ("aanvraag_levensonderhoud_behandelen", "Timer_beslistermijn", "Beslistermijn van 8 weken verstreken")


def fill_steering(url: str, count: int) -> None:
    """Insert ``count`` cases of the processes the KPIs read, started over 2026, most of them ended
    a few weeks later with the form data of their ends at an end event of the model (its outcome type:
    toegekend, afgewezen, vastgesteld, ...); each with one handover, some with a fired term; the same
    client refs come back (snelle herstart after uitstroom)."""
    factory = make_sessionmaker(make_engine(url))
    with factory() as session:
        found = session.scalars(
            select(ProcessVersion).where(ProcessVersion.process_id.in_([p for p, _, _ in STEERING]))
        ).all()
        versions = {v.process_id: (v.id, v.content_hash) for v in found}
        cache = DefinitionCache()
        ends = {
            v.process_id: {e.element: e for e in cache.get(session, v).ends.values() if not e.escalation}
            for v in found
        }
    weighted = [(p, data) for p, weight, data in STEERING for _ in range(weight)]
    rng = random.Random(43)
    drawn = random.Random(44)  # the ends not decided by data: their own draw leaves the rest as it was
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    batch = 5000
    for offset in range(0, count, batch):
        case_rows, event_rows, handover_rows = [], [], []
        for n in range(offset, min(count, offset + batch)):
            process_id, data_of = weighted[n % len(weighted)]
            version_id, version_hash = versions[process_id]
            case_id, gemeente = str(uuid.UUID(int=rng.getrandbits(128))), GEMEENTEN[n % len(GEMEENTEN)]
            at = start + dt.timedelta(minutes=rng.randint(0, 330 * 24 * 60))
            ended = at + dt.timedelta(days=rng.randint(1, 80)) if rng.random() < 0.8 else None
            fired = process_id == TERM[0] and rng.random() < 0.3
            handed = at + dt.timedelta(hours=2)
            handover_rows.append(
                dict(
                    case_id=case_id,
                    process_id=process_id,
                    process_version_hash=version_hash,
                    gemeente=gemeente,
                    from_role="inkomensconsulent",
                    to_role="klantmanager",
                    from_user="ic-1",
                    from_task_name="Onderzoek",
                    to_task_id=str(uuid.UUID(int=rng.getrandbits(128))),
                    to_task_name="Besluit",
                    handed_over_at=handed,
                    picked_up_at=handed + dt.timedelta(hours=rng.randint(1, 60)) if ended else None,
                    picked_up_by="km-1" if ended else None,
                )
            )
            data = data_of(rng) if ended else {}
            # The dates a case's forms give: an application or referral on the day its case started.
            data |= {k: at.date().isoformat() for k in ("datum_aanvraag", "datum_verwijzing") if k in data}
            end = None
            if ended:
                decided = END_OF.get(process_id)
                end = ends[process_id][decided(data) if decided else drawn.choice(sorted(ends[process_id]))]
            events: list[dict[str, Any]] = []
            for kind, when, event_data in (
                ("case_started", at, {"gemeente": gemeente}),
                *([("timer_fired", at + dt.timedelta(weeks=8), {"element_id": TERM[1]})] if fired else []),
                *(
                    [
                        (
                            "case_completed",
                            ended,
                            {"outcome": "afgerond", "outcome_element": end.element, "outcome_type": end.type},
                        )
                    ]
                    if end
                    else []
                ),
            ):
                row = dict(
                    case_id=case_id,
                    seq=len(events) + 1,
                    type=kind,
                    at=when,
                    actor="km-1",
                    role="klantmanager",
                    process_id=process_id,
                    process_version_hash=version_hash,
                    task_id=None,
                    task_name=TERM[2] if kind == "timer_fired" else None,
                    data=event_data,
                    prev_hash=events[-1]["hash"] if events else None,
                )
                row["hash"] = audit.event_hash(row)
                events.append(row)
            case_rows.append(
                dict(
                    id=case_id,
                    process_version_id=version_id,
                    process_id=process_id,
                    gemeente=gemeente,
                    client_ref=f"K-S{n % (count // 3 or 1)}",
                    status="completed" if ended else "running",
                    state="{}",
                    serializer_version="1.5",
                    lock_version=1,
                    data=data,
                    outcome_element=end.element if end else None,
                    outcome_type=end.type if end else None,
                    event_count=len(events),
                    audit_head=events[-1]["hash"],
                    started_at=at,
                    started_by="km-1",
                    ended_at=ended,
                    timers_fired=sum(1 for e in events if e["type"] == "timer_fired"),
                )
            )
            event_rows.extend(events)
        store(factory, (Case, case_rows), (AuditEvent, event_rows), (Handover, handover_rows))
    analyze(factory)


def add_pilot(url: str) -> None:
    """A pilot of a second version of PROCESS in two gemeenten: about a fifth of their cases (those
    whose id starts with 0, 1 or 2) move to it, as the pilot's draw would have placed them."""
    factory = make_sessionmaker(make_engine(url))
    with transaction(factory) as session:
        first = session.scalar(select(ProcessVersion).where(ProcessVersion.process_id == PROCESS))
        second = ProcessVersion(
            process_id=PROCESS,
            content_hash="0" * 63 + "2",
            number=2,
            name=first.name,
            phase=first.phase,
            roles=first.roles,
            files=first.files,
            summary=first.summary,
            deployed_by="ontwerper",
        )
        pilot = Pilot(
            process_id=PROCESS,
            number=2,
            share=0.2,
            gemeenten=list(GEMEENTEN[:2]),
            reason="benchmark",
            started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            started_by="ontwerper",
            status="running",
        )
        session.add_all([second, pilot])
        session.flush()
        session.execute(
            update(Case)
            .where(
                Case.process_id == PROCESS,
                Case.gemeente.in_(GEMEENTEN[:2]),
                func.substr(Case.id, 1, 1).in_(["0", "1", "2"]),
            )
            .values(process_version_id=second.id, pilot_id=pilot.id)
        )
    analyze(factory)


BACKENDS: list[Path] = []
"""/proc/<pid>/stat of the PostgreSQL backends serving this database, when it runs on this machine
(their CPU is the query's; this process's is the client's): set by :func:`watch_backends`."""


def watch_backends(url: str) -> None:
    """Find the backends of the benchmark's database (after a first query opened the pool's
    connection), to count their CPU time with each run; nothing on SQLite or a remote server."""
    if not url.startswith("postgresql"):
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        pids = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        BACKENDS[:] = [Path(f"/proc/{pid}/stat") for pid in pids if Path(f"/proc/{pid}/stat").exists()]
    engine.dispose()


def backend_cpu_ms() -> float:
    """utime + stime of the watched backends, in ms (those ended since count no more)."""
    ticks = 0
    for stat in BACKENDS:
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def timed(label: str, runs: int, work) -> None:
    """Wall time p50 and p95, the median CPU time of this process (SQLite's work included) and, on a
    local PostgreSQL, the CPU time of its backends over all runs per run (a clock tick is 10 ms, so
    per run only as a mean): on a machine shared with other work the wall time waits for a core."""
    times, cpu = [], []
    backend = backend_cpu_ms()
    for i in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work(i)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    database = f"   db cpu mean {(backend_cpu_ms() - backend) / runs:8.2f} ms" if BACKENDS else ""
    print(
        f"{label:<44} p50 {statistics.median(times):8.2f} ms"
        f"   p95 {statistics.quantiles(times, n=20)[18]:8.2f} ms"
        f"   cpu p50 {statistics.median(cpu):8.2f} ms{database}",
        flush=True,
    )


def measure(url: str, export: bool = True) -> None:
    factory = make_sessionmaker(make_engine(url))
    coach = Actor("werkcoach-1", frozenset({"werkcoach"}), frozenset({"woerden"}))
    regisseur = Actor("rita", frozenset({"procesregisseur", "auditor"}), frozenset(GEMEENTEN))
    with factory() as session:
        case_ids = list(session.scalars(select(Case.id).limit(5000)))
        total_cases = session.scalar(select(text("count(*)")).select_from(Case))
        total_events = session.scalar(select(text("count(*)")).select_from(AuditEvent))
    print(f"data: {total_cases} cases, {total_events} audit events")

    def run(fn):
        def work(i: int) -> None:
            with factory() as session:
                fn(session, i)

        return work

    timed(
        "work queue (werkcoach, 100 oldest open)", 50, run(lambda s, i: tasks.work_queue(s, coach, limit=100))
    )
    timed(
        "case history (one case)",
        50,
        run(lambda s, i: audit.history(s, s.get(Case, case_ids[i * 97 % len(case_ids)]))),
    )
    timed(
        "audit search (process+type+period, page 100)",
        30,
        run(
            lambda s, i: search.search(
                s,
                regisseur,
                search.EventFilter(
                    process_id=PROCESS,
                    type="task_completed",
                    gemeente="woerden",
                    period=Period(since=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)),
                ),
                None,
                100,
            )
        ),
    )
    timed(
        "handover report (process, one gemeente)",
        10,
        run(
            lambda s, i: reports.handover_report(s, regisseur, process_id=PROCESS, gemeente=GEMEENTEN[i % 4])
        ),
    )
    timed("deadlines within 14 days", 30, run(lambda s, i: reports.deadlines(s, regisseur, 14)))
    with factory() as session:
        pilot = session.scalar(select(Pilot).where(Pilot.process_id == PROCESS))
    if pilot is not None:
        timed("pilot: versions side by side", 20, run(lambda s, i: pilots.compare(s, regisseur, pilot)))
    measure_steering(url)
    if not export:
        return
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--database", url, "--export-only"],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"XES export of all cases: {time.perf_counter() - started:.1f} s, {child.stdout.strip()}")


def measure_steering(url: str, runs: int = 20) -> None:
    """Every report of issue #17 in the engine (KPIs, benchmark by gemeente and by variant as JSON and
    as CSV, outcomes), then through the application in this process: the API's /reports/kpis,
    /reports/benchmark and /reports/outcomes and the console pages that show them."""
    factory = make_sessionmaker(make_engine(url))
    regisseur = Actor("rita", frozenset({"procesregisseur", "auditor"}), frozenset(GEMEENTEN))

    def run(fn):
        def work(i: int) -> None:
            with factory() as session:
                fn(session, i)

        return work

    run(lambda s, i: steering.kpis(s, regisseur))(0)  # the pool's connection, the term timers read
    watch_backends(url)
    timed(
        "KPIs, every line, one gemeente, one month",
        runs,
        run(
            lambda s, i: steering.kpis(
                s, regisseur, gemeente=GEMEENTEN[i % 4], month=f"2026-{i % 11 + 1:02d}"
            )
        ),
    )
    timed("KPIs, every line and gemeente, 12 months", runs, run(lambda s, i: steering.kpis(s, regisseur)))
    timed(
        "benchmark by gemeente, one month",
        runs,
        run(lambda s, i: steering.benchmark(s, regisseur, month=f"2026-{i % 11 + 1:02d}")),
    )
    for by in ("gemeente", "variant"):
        timed(
            f"benchmark by {by}, 12 months",
            runs,
            run(lambda s, i, by=by: steering.benchmark(s, regisseur, by=by)),
        )
        timed(
            f"benchmark by {by}, 12 months, as CSV",
            runs,
            run(lambda s, i, by=by: steering.benchmark_csv(steering.benchmark(s, regisseur, by=by))),
        )
    timed(
        "outcome report, all gemeenten, all time",
        runs,
        run(lambda s, i: reports.outcome_report(s, regisseur)),
    )
    quarter = Period(dt.datetime(2026, 4, 1, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, tzinfo=dt.UTC))
    timed(
        "outcome report, one process and gemeente, a quarter",
        runs,
        run(
            lambda s, i: reports.outcome_report(
                s, regisseur, process_id="uitstroom_naar_werk", gemeente=GEMEENTEN[i % 4], period=quarter
            )
        ),
    )
    measure_http(url, runs)


def measure_http(url: str, runs: int) -> None:
    """The reports of issue #17 as the API serves them and the console pages that show them, through
    the real application served by uvicorn in a thread of this process (console_pages.served; JSON
    encoding and templates included)."""
    os.environ.setdefault("PROCESREGIE_HOME", tempfile.mkdtemp(prefix="procesregie-bench-"))
    import httpx2
    from console_pages import PASSWORD, served, signed_in  # imports this module: not at its top

    from api.main import create_app
    from engine import users

    factory = make_sessionmaker(make_engine(url))
    name = f"rita-{uuid.uuid4().hex[:8]}"  # a user of this run: its token is shown only once
    with transaction(factory) as session:
        _, token = users.add_user(session, name, ["procesregisseur", "auditor"], list(GEMEENTEN))
        users.set_password(session, name, PASSWORD)
    app = create_app(url)
    with served(app) as base:
        api = httpx2.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"})
        console = signed_in(base, name)
        month = f"{dt.date.today():%Y-%m}"
        for client, label, path in (
            (api, "API kpis, 12 months", "/reports/kpis"),
            (api, "API benchmark by gemeente, 12 months", "/reports/benchmark"),
            (api, "API benchmark by gemeente, 12 months, CSV", "/reports/benchmark?format=csv"),
            (api, "API benchmark by variant, 12 months", "/reports/benchmark?by=variant"),
            (api, "API benchmark by variant, 12 months, CSV", "/reports/benchmark?by=variant&format=csv"),
            (api, "API outcomes, all time", "/reports/outcomes"),
            (console, "console KPI's (one gemeente, 12 months)", "/ui/regie/kpis?gemeente=woerden"),
            (console, "console benchmark per gemeente", "/ui/regie/benchmark"),
            (console, "console benchmark per variant", "/ui/regie/benchmark?indeling=variant"),
            (
                console,
                "console benchmark CSV per variant",
                f"/ui/regie/benchmark.csv?maand={month}&indeling=variant",
            ),
            (console, "console uitkomsten (30 dagen)", "/ui/regie/uitkomsten"),
            (
                console,
                "console uitkomsten (heel 2026)",
                "/ui/regie/uitkomsten?vanaf=2026-01-01&tot=2026-12-31",
            ),
        ):
            assert client.get(path).status_code == 200, path  # warm: templates compiled
            watch_backends(url)  # the application's own pool

            def get(i: int, client: httpx2.Client = client, path: str = path) -> None:
                assert client.get(path).status_code == 200, path

            timed(f"{label}", runs, get)


def export_only(url: str) -> None:
    factory = make_sessionmaker(make_engine(url))
    regisseur = Actor("rita", frozenset({"procesregisseur"}), frozenset(GEMEENTEN))
    size = 0
    with open(os.devnull, "w") as sink:
        for chunk in xes.export(factory, regisseur):
            size += len(chunk)
            sink.write(chunk)
    # This process's own peak (VmHWM, kB): getrusage's ru_maxrss keeps, across the exec of a child
    # that measure() starts, the peak of the parent it was forked from (200 MB once, here).
    status = Path("/proc/self/status").read_text()
    peak_mb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    print(f"{size / 1e6:.0f} MB of XES, peak RSS {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--export-only", action="store_true")
    parser.add_argument("--skip-fill", action="store_true")
    parser.add_argument("--add-pilot", action="store_true", help="add the pilot to a database filled before")
    parser.add_argument("--no-export", action="store_true", help="leave out the XES export")
    parser.add_argument(
        "--steering-only",
        action="store_true",
        help="only the reports of issue #17 (engine, API, console pages) on a database filled before",
    )
    parser.add_argument("--runs", type=int, default=20, help="runs per report of --steering-only")
    args = parser.parse_args()
    if args.export_only:
        export_only(args.database)
        return
    print(f"machine: {os.cpu_count()} cores; database {args.database.split('://')[0]}")
    if args.steering_only:
        measure_steering(args.database, args.runs)
        return
    if not args.skip_fill:
        empty(args.database)
        started = time.perf_counter()
        fill(args.database, args.cases - args.cases // 2)
        fill_steering(args.database, args.cases // 2)
        add_pilot(args.database)
        print(f"filled in {time.perf_counter() - started:.0f} s")
        count(args.database)
    if args.add_pilot:
        add_pilot(args.database)
        count(args.database)
    measure(args.database, export=not args.no_export)


if __name__ == "__main__":
    main()
