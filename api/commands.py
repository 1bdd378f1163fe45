"""The `procesregie` commands: what api/cli.py runs once it has read the arguments.

This is the composition root: it reads the settings, opens the database, wires the
engine to the HTTP service and starts uvicorn and the timer worker. The engine knows
nothing of HTTP; the API's routes know nothing of how the service is started. Apart from the
argument parser (api/cli.py), so that `procesregie --help` and a mistyped command answer without
importing the engine, SQLAlchemy and alembic, and a spawned `serve` worker, which imports the
parent's main module first, does not import them for nothing (ADR 28).
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import sys
import threading
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import make_url, select
from sqlalchemy.orm import Session, sessionmaker

from engine import (
    audit,
    catalogue,
    layout,
    lint,
    migrate,
    pilots,
    processes,
    timers,
    users,
    versions,
    xes,
)
from engine.config import ROOT, get_settings
from engine.db import autovacuum_off, make_engine, make_sessionmaker, read_only, transaction
from engine.errors import EngineError, FieldError, InvalidInput, ProcessInvalid
from engine.models import Case, User, utcnow
from engine.period import Period
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor
from engine.vocabulary import Role, UserSource

Factory = sessionmaker[Session]


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names (parsed by api/cli.py); its exit status."""
    try:
        url = args.database_url or get_settings().database_url
    except ValidationError as err:
        for e in err.errors():
            print(f"configuration error: {e['msg']}", file=sys.stderr)
        return 2
    try:
        return _run(args, url)
    except ProcessInvalid as err:
        print("cannot load the process content:", file=sys.stderr)
        for problem in err.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except InvalidInput as err:
        for field_error in err.errors:
            print(f"error: {field_error.field}: {field_error.message}", file=sys.stderr)
        return 2
    except EngineError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, url: str) -> int:
    if args.command == "lint":
        return _lint(args.paths or [get_settings().processes_dir])
    if args.command == "catalogue":
        return _catalogue(args.check)
    if args.command == "layout":
        return _layout(args.file, args.output or args.file, args.replace, args.fit)
    print(f"database: {make_url(url).render_as_string(hide_password=True)}", file=sys.stderr)
    if args.command not in ("serve", "migrate", "deploy") and _missing_sqlite_file(url):
        print(
            "error: there is no database there yet: start the service once (procesregie serve), "
            "run procesregie migrate, or point PROCESREGIE_DATABASE_URL at the service's database",
            file=sys.stderr,
        )
        return 2
    migrate.upgrade(url)
    if args.command == "migrate":
        return 0
    factory = make_sessionmaker(
        make_engine(url, connect_timeout=get_settings().database_connect_timeout_seconds)
    )
    cache = DefinitionCache(get_settings().workflow_cache_size)
    if args.command == "serve":
        return _serve(args, url, factory, cache)
    if args.command == "worker":
        return _worker(args, factory, cache)
    if args.command == "deploy":
        paths = args.paths or [get_settings().processes_dir]
        _deploy(factory, cache, paths, in_use=not args.not_in_use)
        return 0
    if args.command == "audit":
        return _seal(factory) if args.audit_command == "seal" else _verify(factory, args.seal)
    if args.command == "export":
        return _export_xes(factory, args)
    if args.command in ("processes", "cases"):
        return _versions(factory, cache, args)
    if args.command == "pilots":
        return _pilots(factory, args)
    with transaction(factory) as session:
        if args.user_command == "add":
            user, token = users.add_user(
                session, args.name, args.role, args.gemeente, args.days, args.organisatie
            )
            print(
                f"user {user.name}: roles {', '.join(user.roles)}; "
                f"gemeenten {', '.join(user.gemeenten) or '-'}; "
                f"organisatie {user.organisatie or '-'}; token {_expiry(user)}",
                file=sys.stderr,
            )
            print(token)
        elif args.user_command == "token":
            user, token = users.rotate_token(session, args.name, args.days)
            print(f"new token for {user.name}, {_expiry(user)}; the old one stops working", file=sys.stderr)
            print(token)
        elif args.user_command == "revoke":
            users.revoke_token(session, args.name)
            print(f"token of {args.name} revoked; their console sign-in goes on working", file=sys.stderr)
        elif args.user_command == "password":
            users.set_password(session, args.name, _read_password())
            print(f"password of {args.name} set; their earlier console sign-ins have ended", file=sys.stderr)
        elif args.user_command in ("disable", "enable"):
            users.set_disabled(session, args.name, args.user_command == "disable")
            print(f"user {args.name} {args.user_command}d", file=sys.stderr)
        else:
            for u in users.list_users(session):
                columns = (u.name, ",".join(u.roles), ",".join(u.gemeenten), u.organisatie or "-", _expiry(u))
                print("\t".join(columns))
    return 0


def _pilots(factory: Factory, args: argparse.Namespace) -> int:
    with transaction(factory) as session:
        if args.pilots_command == "list":
            for p in pilots.list_pilots(session, args.process):
                ended = f"\t{p.ended_at:%Y-%m-%d %H:%M} by {p.ended_by}" if p.ended_at else ""
                print(
                    f"{p.id}\tv{p.number}\t{p.share:g}\t{','.join(p.gemeenten)}\t{p.status}\t"
                    f"{p.started_at:%Y-%m-%d %H:%M} by {p.started_by}{ended}"
                )
            return 0
        if args.pilots_command == "start":
            known = pilots.known_gemeenten(session, Profiles.load(get_settings().profiles_dir))
            pilot = pilots.start(
                session, args.by, args.process, args.number, args.share, args.gemeente, known, args.reason
            )
            print(pilot.id)
            print(
                f"{args.process}: pilot {pilot.id} started: {pilot.share:.0%} of the new cases in "
                f"{', '.join(pilot.gemeenten)} start on v{pilot.number}",
                file=sys.stderr,
            )
            return 0
        act = pilots.promote if args.pilots_command == "promote" else pilots.end
        pilot = act(session, args.by, args.process, args.pilot, args.reason)
        in_use = processes.latest_version(session, args.process, content=False)
        assert in_use is not None
        print(
            f"{args.process}: pilot {pilot.id} {pilot.status}; new cases start on v{in_use.number}; "
            "running cases finish on their version",
            file=sys.stderr,
        )
    return 0


def _versions(factory: Factory, cache: DefinitionCache, args: argparse.Namespace) -> int:
    with transaction(factory) as session:
        if args.command == "cases":
            migration = versions.migrate_cases(
                session,
                cache,
                args.by,
                args.process,
                args.from_number,
                args.to_number,
                dry_run=args.dry_run,
                reason=args.reason,
            )
            verb = "would move" if args.dry_run else "moved"
            for case in migration.cases:
                outcome = "ok" if case.migrated else f"refused: {case.refusal}"
                print(f"{case.case_id}\t{case.gemeente}\t{outcome}")
            print(
                f"{args.process}: {verb} {migration.migrated} of {len(migration.cases)} running cases from "
                f"version {args.from_number} to {args.to_number}; {migration.refused} refused",
                file=sys.stderr,
            )
            return 1 if migration.refused else 0
        if args.processes_command == "versions":
            for v in processes.list_versions(session, args.process):
                state = f"retired {v.retired_at:%Y-%m-%d %H:%M}" if v.retired_at else "in use"
                deployed = f"{v.deployed_at:%Y-%m-%d %H:%M}\t{v.deployed_by}"
                print(f"v{v.number}\t{v.content_hash[:12]}\t{deployed}\t{state}")
            for c in versions.changes(session, args.process):
                print(f"{c.at:%Y-%m-%d %H:%M}\t{c.action} v{c.number}\tby {c.actor}: {c.reason}")
        elif args.processes_command == "diff":
            for item in versions.diff(session, args.process, args.number, args.other).changes:
                shown = " → ".join(x for x in (item.before, item.after) if x is not None)
                print(f"{item.change}\t{item.kind}\t{item.id}\t{shown}")
        else:
            act = versions.rollback if args.processes_command == "rollback" else versions.retire
            change = act(session, args.by, args.process, args.number, args.reason)
            in_use = processes.latest_version(session, args.process, content=False)
            assert in_use is not None
            state = "in use" if in_use.retired_at is None else "retired too: no version takes new cases"
            done = f"{args.process}: {change.action} v{change.number}"
            print(f"{done}; new cases start on v{in_use.number} ({state})")
    return 0


def _expiry(user: User) -> str:
    """When a user's token stops working, for people."""
    if user.source == UserSource.OIDC:
        return "OpenID Connect (no token of procesregie)"
    if user.token_expires_at is None:
        return "revoked"
    verb = "expired on" if user.token_expires_at <= utcnow() else "expires"
    return f"{verb} {user.token_expires_at:%Y-%m-%d %H:%M} UTC"


def _read_password() -> str:
    """The password from standard input: typed twice at a terminal, else its first line (for scripts)."""
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise InvalidInput([FieldError("password", "the two passwords differ")])
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _missing_sqlite_file(url: str) -> bool:
    """A SQLite URL whose file does not exist: reading it would make a new, empty database."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists()


def _export_xes(factory: Factory, args: argparse.Namespace) -> int:
    with transaction(factory) as session:
        gemeenten = sorted({g for (g,) in session.execute(select(Case.gemeente).distinct())})
    # The command line runs with the database's rights: every gemeente.
    exporter = Actor("export", frozenset({Role.AUDITOR}), frozenset(gemeenten))
    period = Period(args.since, args.until)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for chunk in xes.export(factory, exporter, args.process, period):
            out.write(chunk)
    finally:
        if args.output:
            out.close()
    return 0


def _seal(factory: Factory) -> int:
    with transaction(factory) as session:
        made = audit.seal(session)
        if isinstance(made, audit.Break):
            print(f"REFUSED: {_break_text(made)}; run procesregie audit verify")
            return 1
        print(f"seal {made.seq}: {made.cases} cases, {made.events} events, hash {made.hash}")
    return 0


def _verify(factory: Factory, expect_seal: tuple[int, str] | None = None) -> int:
    with factory() as session:
        read_only(session)  # a long read; on SQLite the service's writers go on meanwhile
        result = audit.verify(session, expect_seal=expect_seal)
    latest = result.latest_seal
    sealed = (
        f"; seal {latest.seq} of {latest.at:%Y-%m-%d %H:%M} UTC over {latest.cases} cases holds"
        f" (hash {latest.hash})"
        if latest
        else "; no seal yet (procesregie audit seal)"
    )
    if result.first_broken is None:
        print(f"ok: {result.cases} cases, {result.events} events, every chain intact{sealed}")
        return 0
    print(
        f"BROKEN: {_break_text(result.first_broken)} (checked {result.cases} cases, {result.events} events)"
    )
    return 1


def _break_text(broken: audit.Break) -> str:
    if broken.case_id is None:  # a break in the seals themselves; the reason names the seal
        return broken.reason
    seal = f"seal {broken.seal}: " if broken.seal is not None else ""
    event = broken.seq if broken.seq is not None else "-"
    return f"{seal}case {broken.case_id} event {event}: {broken.reason}"


def _catalogue(check: bool) -> int:
    source, out = get_settings().processes_dir, ROOT / "docs" / "processes"
    if check:
        differing = catalogue.stale(source, out)
        for name in differing:
            print(f"docs/processes/{name} is stale; run `procesregie catalogue`")
        return 1 if differing else 0
    catalogue.write(source, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _lint(paths: list[Path]) -> int:
    files = lint.collect(paths)
    result = lint.lint(files, house_rules=lambda name: _in_processes(Path(name)))
    for problem in result.problems + result.warnings:
        print(problem)
    warnings = sum(w.severity == "warning" for w in result.warnings)
    print(f"{len(files)} files, {len(result.problems)} problems, {warnings} warnings", file=sys.stderr)
    return 1 if result.problems or not files else 0


def _layout(file: Path, output: Path, replace: bool, fit: bool) -> int:
    data = file.read_bytes()
    try:
        laid, widened = layout.fit(str(file), data) if fit else (layout.layout(str(file), data, replace), [])
    except ProcessInvalid as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    if fit:
        done = (
            f"widened {', '.join(dict.fromkeys(widened))}" if widened else "every name fits; nothing widened"
        )
    else:
        done = f"{laid.count(b'<bpmndi:BPMNShape ')} shapes, {laid.count(b'<bpmndi:BPMNEdge ')} edges"
    output.write_bytes(laid)
    print(f"{output}: {done}", file=sys.stderr)
    return 0


def _in_processes(path: Path) -> bool:
    """Whether a file lies in the processes folder, where the house rules are errors (ADR 24)."""
    return path.resolve().is_relative_to(get_settings().processes_dir.resolve())


def _deploy(factory: Factory, cache: DefinitionCache, paths: list[Path], in_use: bool = True) -> None:
    with transaction(factory) as session:
        for path in paths:
            house = _in_processes(path)
            if path.is_dir():
                deployments = processes.deploy_directory(session, cache, path, house, in_use)
            else:
                deployments = processes.deploy(
                    session, cache, {path.name: path.read_bytes()}, house_rules=house, in_use=in_use
                )
            for warning in {str(w): w for d in deployments for w in d.warnings}:
                print(f"  {warning}", file=sys.stderr)
            new = [d for d in deployments if d.created]
            print(f"{path}: {len(deployments)} processes, {len(new)} new versions", file=sys.stderr)
            for d in new:
                state = "" if in_use else ", not in use"
                print(
                    f"  deployed {d.version.process_id} v{d.version.number} "
                    f"({d.version.content_hash[:12]}{state})",
                    file=sys.stderr,
                )


def _warn_without_autovacuum(factory: Factory) -> None:
    with transaction(factory) as session:
        off = autovacuum_off(session)
    if off:
        print(
            "warning: PostgreSQL's autovacuum is off: the counter rows every step updates bloat until a"
            " VACUUM (in the API benchmark, half the steps per second after 30,000 cases); turn it on, or"
            " run VACUUM daily (docs/deployment.md)",
            file=sys.stderr,
        )


def _serve(args: argparse.Namespace, url: str, factory: Factory, cache: DefinitionCache) -> int:
    import tempfile

    import uvicorn

    made_metrics_dir = None
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics to this folder and a scrape of any worker sums them all
        # (prometheus-client's multiprocess mode). It must be set before prometheus_client is
        # imported, here (the timer thread's steps) and in the workers, which inherit it.
        made_metrics_dir = tempfile.mkdtemp(prefix="procesregie-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = made_metrics_dir
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        print(f"metrics of all workers in {os.environ['PROMETHEUS_MULTIPROC_DIR']}", file=sys.stderr)

    from . import metrics, operations

    metrics.install_step_observer()  # the steps of the timer thread below

    _deploy(factory, cache, [args.processes or get_settings().processes_dir])
    _warn_without_autovacuum(factory)
    _, key_file, made = get_settings().cookie_key()
    if made:
        print(
            f"made a new key for the console's cookies: {key_file.resolve()} (keep it secret)",
            file=sys.stderr,
        )
    profiles = Profiles.load(get_settings().profiles_dir)  # refuse to start on an invalid profile
    print(
        "policy profiles: "
        f"{', '.join(p.gemeente for p in profiles.all()) or 'none (defaults for every gemeente)'}",
        file=sys.stderr,
    )
    stop = threading.Event()
    if not args.no_timers:
        settings = get_settings()
        _start_sealing(factory, stop)
        threading.Thread(
            target=timers.run_forever,
            name="timers",
            daemon=True,
            args=(factory, cache, settings.timer_interval_seconds, settings.timer_batch_size, stop),
        ).start()
    os.environ["PROCESREGIE_DATABASE_URL"] = url
    try:
        if args.workers > 1:
            from .main import create_app
            from .supervisor import Supervisor

            # the app is built once, here, and the workers are forked from this process (ADR 35)
            Supervisor(
                create_app(url),
                args.host,
                args.port,
                args.workers,
                timeout=get_settings().worker_timeout_seconds,
                forwarded_allow_ips=args.forwarded_allow_ips,
            ).run()
        else:
            uvicorn.run(
                "api.main:create_app",
                factory=True,
                host=args.host,
                port=args.port,
                log_level="info",
                # JSON lines with request ids (api/operations.py), which logs each request once itself
                log_config=operations.log_config(),
                access_log=False,
                # behind a TLS proxy: the client's address and https (the console's cookies are then
                # Secure) from the proxy's X-Forwarded-* headers, trusted from these addresses only
                proxy_headers=True,
                forwarded_allow_ips=args.forwarded_allow_ips,
            )
    finally:
        stop.set()
        if made_metrics_dir is not None:
            shutil.rmtree(made_metrics_dir, ignore_errors=True)
    return 0


def _start_sealing(factory: Factory, stop: threading.Event) -> None:
    """Seal the heads of every case every audit_seal_interval_seconds, beside the timers."""
    interval = get_settings().audit_seal_interval_seconds
    if interval > 0:
        threading.Thread(
            target=audit.seal_forever, name="audit-seals", daemon=True, args=(factory, interval, stop)
        ).start()


def _worker(args: argparse.Namespace, factory: Factory, cache: DefinitionCache) -> int:
    settings = get_settings()
    if args.once:
        print(
            f"fired timers of {timers.fire_due(factory, cache, settings.timer_batch_size)} cases",
            file=sys.stderr,
        )
        return 0
    import logging
    import logging.config
    import signal

    from . import operations

    # The log of a worker that runs as a service: JSON lines, as `serve` writes them (docs/operations.md).
    logging.config.dictConfig(operations.log_config())
    stop = threading.Event()
    # systemd's and Docker's stop signal: the round under way ends with its commit, then the worker.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: stop.set())
    _start_sealing(factory, stop)
    log = logging.getLogger("procesregie.worker")
    log.info(
        "timer worker started: a round every %s s, batches of %s cases",
        settings.timer_interval_seconds,
        settings.timer_batch_size,
    )
    try:
        timers.run_forever(factory, cache, settings.timer_interval_seconds, settings.timer_batch_size, stop)
    except KeyboardInterrupt:
        stop.set()
    log.info("timer worker stopped")
    return 0
