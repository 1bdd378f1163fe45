"""The `procesregie` command line: its arguments, read before anything heavy is imported.

`procesregie --help`, a mistyped command and a wrong argument answer from here alone; the
commands themselves (api/commands.py, the composition root) import the engine, SQLAlchemy and
alembic only once the arguments are read. A spawned `serve` worker imports this module first, as
the parent's main module: it costs the worker nothing (ADR 28).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import sys
from pathlib import Path

from engine.vocabulary import ALL_ROLES, Organisatie


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
    from .commands import run  # the engine, SQLAlchemy and alembic: once the arguments are read

    return run(args)


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


def _date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def _seal_reference(text: str) -> tuple[int, str]:
    number, _, hash = text.partition(":")
    if not number.isdigit() or len(hash) != 64:
        raise argparse.ArgumentTypeError("give the seal as NUMBER:HASH, as audit seal printed it")
    return int(number), hash.lower()


if __name__ == "__main__":
    sys.exit(main())
