"""The `procesregie` command: serve, worker, migrate, deploy and user management.

This is the composition root: it reads the settings, opens the database, wires the
engine to the HTTP service and starts uvicorn and the timer worker. The engine knows
nothing of HTTP; the API's routes know nothing of how the service is started.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
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
from engine.db import make_engine, make_sessionmaker, read_only, transaction
from engine.errors import EngineError, FieldError, InvalidInput, ProcessInvalid
from engine.models import Case, User, utcnow
from engine.period import Period
from engine.processes import DefinitionCache
from engine.profiles import Profiles
from engine.users import Actor
from engine.vocabulary import ALL_ROLES, Organisatie, Role, UserSource

Factory = sessionmaker[Session]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="procesregie", description="BPMN werkprocessen voor de sociale dienst"
    )
    parser.add_argument("--database-url", help="overrides PROCESREGIE_DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="migrate, deploy processes/ and run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument(
        "--no-timers",
        action="store_true",
        help="do not fire timers in this process (run `procesregie worker`)",
    )
    serve.add_argument("--processes", type=Path, help="folder of BPMN files to deploy (default: processes/)")
    serve.add_argument(
        "--forwarded-allow-ips",
        help="addresses of the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are trusted "
        "(comma-separated, '*' for any; default: $FORWARDED_ALLOW_IPS, else 127.0.0.1), "
        "docs/deployment.md",
    )

    worker = commands.add_parser("worker", help="fire due timers until stopped")
    worker.add_argument("--once", action="store_true", help="fire what is due now and exit")

    commands.add_parser("migrate", help="apply the database migrations")

    catalogue_command = commands.add_parser(
        "catalogue", help="write the process catalogue in docs/processes/ from processes/"
    )
    catalogue_command.add_argument(
        "--check", action="store_true", help="only check that docs/processes/ is up to date"
    )

    lint_command = commands.add_parser(
        "lint", help="check BPMN files or folders; prints file:element: message, exits 1 on any"
    )
    lint_command.add_argument("paths", nargs="*", type=Path)

    layout_command = commands.add_parser(
        "layout", help="write the diagram of a BPMN file without one: pools, lanes, shapes and edges"
    )
    layout_command.add_argument("file", type=Path)
    layout_command.add_argument("-o", "--output", type=Path, help="file to write (default: FILE itself)")
    redraw = layout_command.add_mutually_exclusive_group()
    redraw.add_argument("--replace", action="store_true", help="draw the diagram anew when FILE has one")
    redraw.add_argument("--fit", action="store_true", help="keep FILE's diagram; widen what its names need")

    deploy = commands.add_parser("deploy", help="validate and deploy BPMN files or folders")
    deploy.add_argument("paths", nargs="*", type=Path)
    deploy.add_argument(
        "--not-in-use",
        action="store_true",
        help="new versions are deployed retired: new cases stay on the version in use (pilot one)",
    )

    audit_command = commands.add_parser("audit", help="audit trail")
    audit_commands = audit_command.add_subparsers(dest="audit_command", required=True)
    verify_command = audit_commands.add_parser(
        "verify", help="recompute every case's hash chain and the seals; exit 1 at the first broken link"
    )
    verify_command.add_argument(
        "--seal",
        type=_seal_reference,
        metavar="NUMBER:HASH",
        help="a seal's number and hash kept outside the database: it must still be there, unchanged",
    )
    audit_commands.add_parser(
        "seal", help="seal the heads of every case (the service does this every hour); exit 1 if one is lost"
    )

    export_command = commands.add_parser("export", help="process mining exports")
    export_commands = export_command.add_subparsers(dest="export_command", required=True)
    xes_command = export_commands.add_parser("xes", help="write an IEEE 1849 XES event log (all gemeenten)")
    xes_command.add_argument("--process", help="process id; all when left out")
    xes_command.add_argument("--since", type=_date, help="cases started on or after (YYYY-MM-DD)")
    xes_command.add_argument("--until", type=_date, help="cases started before (YYYY-MM-DD)")
    xes_command.add_argument("-o", "--output", type=Path, help="file to write; standard output when left out")

    _version_commands(commands)
    _pilot_commands(commands)

    user = commands.add_parser("user", help="manage users")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help="add a user and print their bearer token (once)")
    add.add_argument("name")
    add.add_argument(
        "--role", action="append", default=[], choices=ALL_ROLES, help="repeat for several roles"
    )
    add.add_argument("--gemeente", action="append", default=[], help="repeat for several gemeenten")
    add.add_argument(
        "--organisatie", choices=list(Organisatie), help="the organisation that employs the user"
    )
    add.add_argument("--days", type=int, help="days the token works (default PROCESREGIE_TOKEN_DAYS, 90)")
    user_commands.add_parser("list", help="list users")
    token = user_commands.add_parser("token", help="issue a new token for a user (the old one stops working)")
    token.add_argument("name")
    token.add_argument("--days", type=int, help="days the token works (default PROCESREGIE_TOKEN_DAYS, 90)")
    revoke = user_commands.add_parser(
        "revoke", help="revoke a user's token at once (their console sign-in goes on working)"
    )
    revoke.add_argument("name")
    password = user_commands.add_parser(
        "password", help="set the password a user signs in to the console with (read from standard input)"
    )
    password.add_argument("name")
    disable = user_commands.add_parser(
        "disable", help="disable a user: their token and console sign-ins stop working"
    )
    disable.add_argument("name")
    enable = user_commands.add_parser("enable", help="enable a disabled user again")
    enable.add_argument("name")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # SpiffWorkflow logs every task state change at INFO, without the case: noise in the server's
    # log at a cost of about 8% of its CPU (the audit trail is the case's history).
    logging.getLogger("spiff").setLevel(logging.WARNING)
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
    cache = DefinitionCache()
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


def _version_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    by = f"{getpass.getuser()} (command line)"
    processes_command = commands.add_parser(
        "processes", help="versions of a process: list, roll back, retire, diff"
    )
    process_commands = processes_command.add_subparsers(dest="processes_command", required=True)
    listed = process_commands.add_parser("versions", help="list the versions and the changes made to them")
    listed.add_argument("process")
    for name, text in (
        ("rollback", "make version NUMBER the one new cases start on; newer versions are retired"),
        ("retire", "start no new cases on version NUMBER; its running cases go on"),
    ):
        command = process_commands.add_parser(name, help=text)
        command.add_argument("process")
        command.add_argument("number", type=int)
        command.add_argument("--reason", required=True, help="why; kept for the auditor")
        command.add_argument("--by", default=by, help=f"who asks (default: {by})")
    diff = process_commands.add_parser("diff", help="what changed between two versions")
    diff.add_argument("process")
    diff.add_argument("number", type=int)
    diff.add_argument("other", type=int)
    cases_command = commands.add_parser("cases", help="running cases")
    case_commands = cases_command.add_subparsers(dest="cases_command", required=True)
    moved = case_commands.add_parser("migrate", help="move the running cases of one version to another")
    moved.add_argument("process")
    moved.add_argument("--from", dest="from_number", type=int, required=True, metavar="N")
    moved.add_argument("--to", dest="to_number", type=int, required=True, metavar="M")
    moved.add_argument("--dry-run", action="store_true", help="only say what would happen")
    moved.add_argument("--reason", default="", help="why; in each moved case's history")
    moved.add_argument("--by", default=by, help=f"who asks (default: {by})")


def _pilot_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    by = f"{getpass.getuser()} (command line)"
    pilot_command = commands.add_parser(
        "pilots", help="pilots: a share of the new cases in some gemeenten start on another version"
    )
    pilot_commands = pilot_command.add_subparsers(dest="pilots_command", required=True)
    listed = pilot_commands.add_parser("list", help="the pilots of a process, newest first")
    listed.add_argument("process")
    started = pilot_commands.add_parser("start", help="start a pilot of version NUMBER")
    started.add_argument("process")
    started.add_argument("number", type=int)
    started.add_argument("--share", type=float, required=True, help="of the new cases: 0.2 is 20 %%")
    started.add_argument("--gemeente", action="append", required=True, help="where (repeat for more)")
    started.add_argument("--reason", default="", help="why; kept for the auditor")
    started.add_argument("--by", default=by, help=f"who asks (default: {by})")
    for name, text in (
        ("promote", "the pilot's version becomes the one all new cases start on; the pilot ends"),
        ("end", "end the pilot: new cases start on the current version again"),
    ):
        command = pilot_commands.add_parser(name, help=text)
        command.add_argument("process")
        command.add_argument("pilot", type=int)
        command.add_argument("--reason", default="", help="why; kept for the auditor")
        command.add_argument("--by", default=by, help=f"who asks (default: {by})")


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


def _date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


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


def _seal_reference(text: str) -> tuple[int, str]:
    number, _, hash = text.partition(":")
    if not number.isdigit() or len(hash) != 64:
        raise argparse.ArgumentTypeError("give the seal as NUMBER:HASH, as audit seal printed it")
    return int(number), hash.lower()


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
    os.environ["PROCESREGIE_DATABASE_URL"] = url  # the app factory in each uvicorn worker reads it
    try:
        uvicorn.run(
            "api.main:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="info",
            # JSON lines with request ids (api/operations.py), which logs each request once itself
            log_config=operations.log_config(),
            access_log=False,
            # behind a TLS proxy: the client's address and https (the console's cookies are then
            # Secure) from the proxy's X-Forwarded-* headers, trusted from these addresses only
            proxy_headers=True,
            forwarded_allow_ips=args.forwarded_allow_ips,
            # a worker only imports the code and builds the app (the processes were deployed above
            # and are read back from the database when first used): give it time on a busy machine
            timeout_worker_healthcheck=get_settings().worker_start_timeout_seconds,
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
    stop = threading.Event()
    _start_sealing(factory, stop)
    try:
        timers.run_forever(factory, cache, settings.timer_interval_seconds, settings.timer_batch_size, stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
