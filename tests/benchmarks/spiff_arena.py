"""procesregie side by side with spiff-arena (SpiffWorkflow's own application) on the same process,
the same database kind, the same client and the same machine, in one run (issue #18).

spiff-arena's backend is not on PyPI; its source is on GitHub. Check it out once:

    git clone https://github.com/sartography/spiff-arena /work/arena-src

The script then sets spiff-arena's backend (``spiffworkflow-backend``) up by itself: its own venv
(``--arena-venv``, made and filled with pip when missing: the backend and spiff-arena-common from
the checkout, SpiffWorkflow's pre-release of the checkout's time from PyPI and
spiffworkflow-connector-command from its Git main branch, as its uv.lock has them, or what
``--arena-requirement`` gives instead; every other package at the version of the backend's
uv.lock), its database migrated with its own
``flask db upgrade``, a process-model directory with one model, a permissions file with one user
per client, and its server as its bin/boot_server_in_docker runs it (gunicorn with uvicorn
workers, one per core, SPIFFWORKFLOW_BACKEND_ENV=local_development, the built-in OpenID provider,
no background scheduler, no Celery).

The process is tests/fixtures/overdracht.bpmn for both: start, the werkcoach's task, a handover
to the accountmanager's lane and the accountmanager's task. spiff-arena evaluates expressions as
Python and has no Camunda dialect, so its copy has the three expressions in Python (listed in
ARENA_DIALECT); lanes, tasks and flows are the same. Each lane is a group in spiff-arena with the
benchmark's users in it, as each user has both roles in procesregie.

Each client drives its own cases through the HTTP API as each application's own client does:
procesregie: start (returns the task), complete, complete (api_throughput.py's client);
spiff-arena: create the instance, run it, read its first task (tasks/progress, as
bin/run_process_model_with_api does), submit each task (the answer is the next task assigned to
the caller). Both are measured with api_throughput.py's client and measurement: completions per
second, p50/p99 of a completion, CPU of the server's process tree per completion and, on
PostgreSQL, of the database's backends.

    python tests/benchmarks/spiff_arena.py --arena-src /work/arena-src
    python tests/benchmarks/spiff_arena.py --arena-src /work/arena-src \\
        --postgres postgresql+psycopg://postgres@127.0.0.1/arena
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

from api_throughput import (  # noqa: I001  # the script's own folder is on sys.path
    ROOT,
    Client,
    DatabaseCpu,
    Run,
    free_port,
    measure,
    measure_procesregie,
    procesregie_served,
    wait_until_answering,
)
from benchdb import checkpoint, empty

from engine.db import make_engine

FIXTURE = ROOT / "tests" / "fixtures" / "overdracht.bpmn"
# procesregie's expression (Camunda style) -> spiff-arena's (Python), each must occur in the fixture.
ARENA_DIALECT = {
    "matchbaar == true": "matchbaar == True",
    '${uitkomst == "geplaatst"}': 'uitkomst == "geplaatst"',
    ">P2W<": '>"P2W"<',
}
STEPS = [
    {"matchbaar": True, "kandidaatprofiel": "Orderpicker"},
    {"uitkomst": "geplaatst", "uren_per_week": 32},
]
GROUP, MODEL = "procesregie-bench", "overdracht"
CLIENT_ID, CLIENT_SECRET = "spiffworkflow-backend", "JXeQExm0JhQPLumgHtIIqf52bDalHz0q"  # its defaults
# The backend follows SpiffWorkflow's main branch, published on PyPI as pre-releases: this one (of
# 2026-08-10) is the last before the checkout measured (spiff-arena d7678cf75 of 2026-08-21); the
# pre-release its spiff-arena-common pins lacks what its backend calls (task_removed_event).
ARENA_REQUIREMENTS = [
    "SpiffWorkflow==3.2.1a1788363675",  # the pre-release that runs the checkout of 2026-08-21
    "git+https://github.com/sartography/spiffworkflow-connector-command.git@main",
]


def arena_venv(src: Path, venv: Path, requirements: list[str]) -> Path:
    """The venv's python; the venv is made and filled when it has no spiffworkflow_backend yet."""
    python = venv / "bin" / "python"
    if python.exists() and subprocess.run([python, "-c", "import spiffworkflow_backend"]).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # Every other package at the version of the backend's uv.lock, as spiff-arena's own set-up has
    # them: its pyproject.toml leaves the versions open, and the newest releases need not work with
    # the checkout (sentry-sdk 3.0 dropped start_span's ``op``: every task submit failed with a 500).
    constraints = venv / "constraints.txt"
    constraints.write_text(locked_versions(src / "spiffworkflow-backend" / "uv.lock"))
    pip = [python, "-m", "pip", "install", "-q", "-c", constraints]
    # First: the backend needs spiffworkflow-connector-command, which is not on PyPI.
    subprocess.run([*pip, *requirements], check=True)
    subprocess.run([*pip, "--no-deps", src / "spiff-arena-common"], check=True)
    backend = ["jinja2", "jsonschema", "gunicorn", "-e", src / "spiffworkflow-backend"]
    subprocess.run([*pip, *backend], check=True)
    # And last: spiff-arena-common pins an older SpiffWorkflow pre-release, which pip's resolver
    # takes for the backend (which needs spiff-arena-common) even when it is installed without its
    # dependencies; the requirements' pre-release replaces it.
    subprocess.run([*pip, "--no-deps", *requirements], check=True)
    return python


# Installed from the checkout or from the requirements, not from PyPI at the lock's versions.
NOT_FROM_THE_LOCK = {
    "spiffworkflow",
    "spiffworkflow-connector-command",
    "spiff-arena-common",
    "spiffworkflow-backend",
}


def locked_versions(lock: Path) -> str:
    """pip constraints: each package uv.lock takes from a registry, at its locked version."""
    packages = tomllib.loads(lock.read_text())["package"]
    return "".join(
        f"{p['name']}=={p['version']}\n"
        for p in packages
        if "registry" in p.get("source", {}) and p["name"] not in NOT_FROM_THE_LOCK
    )


def model_directory(folder: Path) -> Path:
    """A process-model directory with one group and one model: overdracht.bpmn in Python's dialect."""
    bpmn = FIXTURE.read_text()
    for camunda, python in ARENA_DIALECT.items():
        if camunda not in bpmn:
            raise SystemExit(f"{FIXTURE.name} no longer has {camunda!r}; update ARENA_DIALECT")
        bpmn = bpmn.replace(camunda, python)
    models = folder / "models"
    (models / GROUP / MODEL).mkdir(parents=True)
    (models / GROUP / "process_group.json").write_text(
        json.dumps({"display_name": "procesregie benchmark", "description": ""})
    )
    (models / GROUP / MODEL / "process_model.json").write_text(
        json.dumps(
            {
                "display_name": "Overdracht (testproces)",
                "description": "",
                "primary_file_name": "overdracht.bpmn",
                "primary_process_id": "overdracht_test",
                "exception_notification_addresses": [],
                "fault_or_suspend_on_exception": "fault",
                "metadata_extraction_paths": None,
            }
        )
    )
    (models / GROUP / MODEL / "overdracht.bpmn").write_text(bpmn)
    git = ["git", "-C", str(models), "-c", "user.name=benchmark", "-c", "user.email=benchmark@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)  # its server records the models' Git revision
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "benchmark model"], check=True)
    return models


def permissions(folder: Path, usernames: list[str]) -> Path:
    """Users of its built-in OpenID provider, one group per lane, and all rights for them."""
    emails = [f"{u}@example.com" for u in usernames]
    lines = ["users:"]
    for user in usernames:
        lines += [
            f"  {user}:",
            "    service: local_open_id",
            f"    email: {user}@example.com",
            f"    password: {user}",
            f"    preferred_username: {user}",
        ]
    lines += ["groups:"]
    for lane in ("werkcoach", "Accountmanager"):
        lines += [f"  {lane}:", f"    users: [{', '.join(emails)}]"]
    lines += [
        "permissions:",
        "  bench:",
        "    groups: [werkcoach, Accountmanager]",
        "    actions: [create, read, update, delete]",
        "    uri: /*",
    ]
    path = folder / "permissions.yml"
    path.write_text("\n".join(lines) + "\n")
    return path


def arena_environment(database: str, models: Path, permissions_file: Path, port: int, workers: int) -> dict:
    kind = "sqlite" if database.startswith("sqlite") else "postgres"
    base = f"http://127.0.0.1:{port}"  # the issuer its OpenID provider names: the host the client calls
    return {
        **os.environ,
        "SPIFFWORKFLOW_BACKEND_ENV": "local_development",
        "SPIFFWORKFLOW_BACKEND_DATABASE_TYPE": kind,
        "SPIFFWORKFLOW_BACKEND_DATABASE_URI": database,
        "SPIFFWORKFLOW_BACKEND_BPMN_SPEC_ABSOLUTE_DIR": str(models),
        "SPIFFWORKFLOW_BACKEND_PERMISSIONS_FILE_ABSOLUTE_PATH": str(permissions_file),
        "SPIFFWORKFLOW_BACKEND_AUTH_CONFIGS__0__identifier": "default",
        "SPIFFWORKFLOW_BACKEND_AUTH_CONFIGS__0__label": "internal openid",
        "SPIFFWORKFLOW_BACKEND_AUTH_CONFIGS__0__uri": f"{base}/openid",
        "SPIFFWORKFLOW_BACKEND_AUTH_CONFIGS__0__client_id": CLIENT_ID,
        "SPIFFWORKFLOW_BACKEND_AUTH_CONFIGS__0__client_secret": CLIENT_SECRET,
        "SPIFFWORKFLOW_BACKEND_URL": base,
        "SPIFFWORKFLOW_BACKEND_RUN_BACKGROUND_SCHEDULER_IN_CREATE_APP": "false",
        "SPIFFWORKFLOW_BACKEND_CELERY_ENABLED": "false",
        "SPIFFWORKFLOW_BACKEND_LOG_LEVEL": "warning",
        "SPIFFWORKFLOW_BACKEND_SERVER_WORKER_COUNT": str(workers),
        "FLASK_SESSION_SECRET_KEY": "procesregie-benchmark",
    }


def arena_database(url: str) -> str:
    """spiff-arena's SQLAlchemy URL (psycopg2) for the benchmark's URL, emptied."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return url
    server, name = url.rsplit("/", 1)
    maintenance = make_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        if not connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).first():
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    maintenance.dispose()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url.replace("postgresql+psycopg://", "postgresql+psycopg2://")  # its driver


def start_arena(
    python: Path, backend: Path, env: dict, port: int, workers: int, log: Any
) -> subprocess.Popen[bytes]:
    """Migrate, load the process models, start gunicorn with uvicorn workers; wait until it answers."""
    run = functools.partial(
        subprocess.run, cwd=backend, env=env, check=True, stdout=log, stderr=subprocess.STDOUT
    )
    run([python, "-m", "flask", "--app", "app", "db", "upgrade"])
    run([python, "bin/refresh_all_caches.py"])
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--worker-class", "uvicorn_worker.UvicornWorker", "--timeout", "120", "--log-level", "warning"]
        + ["spiff_web_server:asgi_app"],
        cwd=backend,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_answering(server, port, "/v1.0/status", 300, log.name)
    return server


def arena_token(port: int, user: str) -> str:
    """A token from its built-in OpenID provider (as its bin/get_token does); then signed in."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    form = {
        "grant_type": "password",
        "code": f"{user}:this_is_not_secure_do_not_use_in_production",
        "username": user,
        "password": user,
        "client_id": CLIENT_ID,
    }
    connection.request(
        "POST",
        "/openid/token",
        body=urllib.parse.urlencode(form),
        headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    token = json.loads(response.read())["access_token"]
    connection.request(
        "POST",
        "/v1.0/login_with_access_token?authentication_identifier=default",
        headers={"Authorization": f"Bearer {token}"},
    )
    signed_in = connection.getresponse()
    signed_in.read()
    if signed_in.status not in (200, 204, 302):
        raise SystemExit(f"spiff-arena refused {user}'s token: {signed_in.status}")
    return str(token)


def failure(step: str, status: int, body: dict) -> str:
    """A failed call as its status, spiff-arena's error code and the start of its message (the
    exception's class, for an internal server error)."""
    return f"{step} {status} {body.get('error_code', '')}: {str(body.get('message', '')).split(':')[0][:80]}"


def arena_case(client: Client, latencies: list[float], errors: list[str]) -> None:
    """Create and run an instance, read its first task, submit each task the previous answer named."""
    model = f"{GROUP}:{MODEL}"
    status, instance = client.request("POST", f"/v1.0/process-instances/{model}")
    if status != 201:
        errors.append(failure("create", status, instance))
        return
    status, ran = client.request("POST", f"/v1.0/process-instances/{model}/{instance['id']}/run")
    if status != 200:
        errors.append(failure("run", status, ran))
        return
    status, progress = client.request("GET", f"/v1.0/tasks/progress/{instance['id']}")
    task = progress.get("task")
    if status != 200 or not task:
        errors.append(f"progress {status}")
        return
    for number, data in enumerate(STEPS):
        started = time.perf_counter()
        status, answer = client.request("PUT", f"/v1.0/tasks/{instance['id']}/{task['id']}", data)
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(failure("submit", status, answer))
            return
        if number < len(STEPS) - 1:
            if answer.get("state") != "READY" or answer.get("id") == task["id"]:
                errors.append("no next task")
                return
            task = answer


def arena_drive(
    port: int, token: str, stop: float, latencies: list[float], errors: list[str], requests: list[int]
) -> None:
    client = Client(port, token)
    while time.monotonic() < stop:
        arena_case(client, latencies, errors)
    requests.append(client.requests)


def report(name: str, run: Run) -> None:
    print(
        f"{name:<12} {run.per_second:>14.1f} {run.quantile(50):>8.1f} {run.quantile(99):>8.1f} "
        f"{len(run.errors):>7} {sum(run.requests) / max(len(run.latencies), 1):>10.2f} "
        f"{run.ms_per_completion(run.cpu):>15.2f} {run.ms_per_completion(run.db_cpu):>13.2f} "
        f"{run.per_worker:>12}"
    )
    if run.errors:
        print(f"{'':<12} errors: {dict(Counter(run.errors))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arena-src", type=Path, required=True, help="a checkout of spiff-arena")
    parser.add_argument("--arena-venv", type=Path, default=Path("/tmp/arena-venv"))
    parser.add_argument(
        "--arena-requirement",
        action="append",
        help="what to pip-install before the backend instead of ARENA_REQUIREMENTS "
        "(a path or a pip requirement; repeat)",
    )
    parser.add_argument(
        "--postgres",
        help="PostgreSQL URL for procesregie; spiff-arena gets the database <name>_spiff next to it",
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    src = args.arena_src.resolve()
    python = arena_venv(src, args.arena_venv, args.arena_requirement or ARENA_REQUIREMENTS)
    folder = Path(tempfile.mkdtemp(prefix="spiff-arena-bench-"))
    if args.postgres:
        ours = args.postgres
        theirs = ours.rsplit("/", 1)[0] + "/" + ours.rsplit("/", 1)[1] + "_spiff"
    else:
        ours, theirs = f"sqlite:///{folder}/procesregie.sqlite3", f"sqlite:///{folder}/arena.sqlite3"
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {args.clients} clients, "
        f"{args.seconds:.0f} s each; {args.workers} server workers each; database: {ours.split(':')[0]}; "
        f"logs and models in {folder}"
    )
    header = (
        f"{'server':<12} {'completions/s':>14} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests/c':>10} "
        f"{'server CPU ms/c':>15} {'database ms/c':>13} {'conns/worker':>12}"
    )

    # spiff-arena first: its users are in its permissions file before its server starts.
    usernames = [f"bench{n}" for n in range(args.clients)]
    port = free_port()
    env = arena_environment(
        arena_database(theirs), model_directory(folder), permissions(folder, usernames), port, args.workers
    )
    with open(folder / "arena.log", "w") as log:
        server = start_arena(python, src / "spiffworkflow-backend", env, port, args.workers, log)
        try:
            tokens = [arena_token(port, u) for u in usernames]
            warm_up: list[str] = []
            arena_case(Client(port, tokens[0]), [], warm_up)  # its first instance parses and caches the model
            if warm_up:
                raise SystemExit(f"spiff-arena could not run the process: {warm_up[0]}")
            checkpoint(theirs)
            theirs_run = measure(
                server.pid,
                DatabaseCpu(theirs),
                [functools.partial(arena_drive, port, t) for t in tokens],
                args.seconds,
                port,
            )
        finally:
            server.terminate()
            server.wait(timeout=60)

    empty(ours)
    with procesregie_served(ours, args.workers, folder / "procesregie.log") as (server, port, _):
        # checkpointed first: spiff-arena's writes are on disk before procesregie's run, not in it
        ours_run = measure_procesregie(server, port, ours, args.clients, args.seconds, claim=False)

    print(header)
    report("spiff-arena", theirs_run)
    report("procesregie", ours_run)
    cpu_theirs, cpu_ours = theirs_run.cpu_per_completion, ours_run.cpu_per_completion
    print(
        f"procesregie / spiff-arena: {ours_run.per_second / max(theirs_run.per_second, 1e-9):.1f}x the "
        f"completions per second, {cpu_theirs / max(cpu_ours, 1e-9):.1f}x less CPU per completion "
        f"(server + database); load average now {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
