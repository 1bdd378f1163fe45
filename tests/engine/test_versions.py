"""Versions of a process: a new one only when the content changes, rollback and retirement, moving running
cases to another version, reading state an older SpiffWorkflow wrote, and comparing versions."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time

import pytest
import time_machine
from lxml import etree
from sqlalchemy import event, select, update

from engine import audit, bpmn, cases, processes, tasks, timers, versions
from engine import step as steps
from engine.db import make_engine, make_sessionmaker, transaction
from engine.errors import Conflict, InvalidInput, NotFound, ProcessError
from engine.models import Case, ProcessVersion, ProcessVersionChange
from tests.conftest import FIXTURES, PROCESSES

OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_text()
# Version 2: a task renamed, a form field added, a condition rewritten; every element a case waits at stays.
RENAMED = (
    OVERDRACHT.replace('name="Overdracht voorbereiden"', 'name="Overdracht klaarzetten"')
    .replace('${uitkomst == "geplaatst"}', 'uitkomst == "geplaatst"')
    .replace(
        '<camunda:formField id="startdatum" label="Startdatum" type="date" />',
        '<camunda:formField id="startdatum" label="Startdatum" type="date" />'
        '<camunda:formField id="werkgever" label="Werkgever" type="string" />',
    )
)
# Version 3: the intake's deadline is another element (a new id).
NEW_TIMER = OVERDRACHT.replace('"Timer_intake"', '"Timer_intake_nieuw"').replace(
    ">Timer_intake<", ">Timer_intake_nieuw<"
)


def _deploy(db, process_id: str, *models: str) -> list[int]:
    numbers = []
    for model in models:
        with db.tx() as session:
            data = model.replace("overdracht_test", process_id).encode()
            [deployed] = processes.deploy(session, db.cache, {f"{process_id}.bpmn": data}, "ontwerper-test")
            numbers.append(deployed.version.number)
    return numbers


def _start(db, actor, gemeente, process_id):
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, actor, process_id, gemeente, "K-1", {"weken_plan": 26}
        )
        return case.id, case.process_version.number


def _open(db, case_id):
    with db.tx() as session:
        return [
            (t.id, t.element_id, t.name) for t in cases.case_tasks(session, session.get(Case, case_id), True)
        ]


def _complete(db, actor, case_id, data):
    with db.tx() as session:
        task_id = cases.case_tasks(session, session.get(Case, case_id), True)[0].id
        tasks.complete_task(session, db.cache, actor, task_id, data)


@pytest.fixture
def process_id(gemeente: str) -> str:
    return f"versies_{gemeente.replace('-', '_')}"


# -- a new version only when the process changes ----------------------------------------------------


def _reformatted(data: bytes) -> bytes:
    """The same model as another editor writes it: other prefixes, attribute order, indentation, comments."""
    root = etree.fromstring(data)
    for node in root.iter():
        if isinstance(node.tag, str) and len(node.attrib) > 1:
            items = list(node.attrib.items())
            node.attrib.clear()
            for key, value in reversed(items):
                node.set(key, value)
    text = etree.tostring(root, encoding="unicode")
    text = text.replace("bpmn:", "model:").replace("xmlns:bpmn=", "xmlns:model=")
    text = re.sub(r">\s*<", ">\n\t  <", text).replace(
        "><model:process", "><!-- opnieuw opgeslagen --><model:process", 1
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode()


def test_the_same_process_written_differently_is_no_new_version(db, process_id):
    original = OVERDRACHT.replace("overdracht_test", process_id).encode()
    assert bpmn.canonical("a", _reformatted(original)) == bpmn.canonical("b", original)
    with db.tx() as session:
        [first] = processes.deploy(session, db.cache, {"a.bpmn": original})
        [again] = processes.deploy(session, db.cache, {"a.bpmn": _reformatted(original)})
        [changed] = processes.deploy(session, db.cache, {"a.bpmn": original.replace(b"P2W", b"P3W")})
    assert (first.created, again.created, again.version.number) == (True, False, 1)
    assert (changed.created, changed.version.number) == (True, 2)


def test_a_restart_on_a_database_with_hashes_over_bytes_makes_no_new_versions(db):
    """Versions deployed before hashes were canonical hold a hash over their files' bytes: deploying
    processes/ again (as every start of the service does) finds them by their canonical content."""
    with db.factory() as session:
        deployed = list(
            session.scalars(select(ProcessVersion).where(ProcessVersion.deployed_by == "procesregie"))
        )
        for version in deployed:
            version.content_hash = bpmn.byte_hash(version.files)
        session.flush()
        started = time.perf_counter()
        again = processes.deploy_directory(session, db.cache, PROCESSES)
        seconds = time.perf_counter() - started
        assert len(again) >= 101
        assert [d.version.process_id for d in again if d.created] == []
        print(f"redeploy of {len(again)} processes over hashes of bytes: {seconds:.2f} s")
        session.rollback()


# -- roll back and retire ---------------------------------------------------------------------------


def test_rollback_and_retire_decide_where_new_cases_start(db, staff, gemeente, process_id):
    coach = staff("werkcoach").actor
    assert _deploy(db, process_id, OVERDRACHT, RENAMED) == [1, 2]
    on_two, number = _start(db, coach, gemeente, process_id)
    assert number == 2
    with db.tx() as session:
        with pytest.raises(InvalidInput, match="reason"):
            versions.rollback(session, "ontwerper-a", process_id, 1, "  ")
        versions.rollback(session, "ontwerper-a", process_id, 1, "versie 2 vraagt een veld te veel")
    assert _start(db, coach, gemeente, process_id)[1] == 1
    # the service deploys processes/ at every start: the retired version's file does not bring it back
    assert _deploy(db, process_id, RENAMED) == [2]
    assert _start(db, coach, gemeente, process_id)[1] == 1
    with db.tx() as session:
        with pytest.raises(Conflict, match="already"):
            versions.rollback(session, "ontwerper-a", process_id, 1, "nogmaals")
        versions.retire(session, "ontwerper-b", process_id, 1, "proces wordt opgeheven")
        with pytest.raises(Conflict, match="retired already"):
            versions.retire(session, "ontwerper-b", process_id, 1, "nogmaals")
    with pytest.raises(Conflict, match="every version .* is retired"):
        _start(db, coach, gemeente, process_id)
    # running cases on a retired version go on to their end
    _complete(db, coach, on_two, {"matchbaar": True})
    assert [e for _, e, _ in _open(db, on_two)] == ["Task_intake"]
    with db.tx() as session:
        rows = versions.changes(session, process_id)
        assert [(c.action, c.number, c.actor, c.reason) for c in rows] == [
            ("rolled_back", 1, "ontwerper-a", "versie 2 vraagt een veld te veel"),
            ("retired", 1, "ontwerper-b", "proces wordt opgeheven"),
        ]
        assert rows[0].data == {"previous": 2, "retired": [2]}
        assert [v.retired_at is not None for v in processes.list_versions(session, process_id)] == [
            True,
            True,
        ]
        versions.rollback(session, "ontwerper-a", process_id, 2, "toch versie 2")
    assert _start(db, coach, gemeente, process_id)[1] == 2


# -- moving running cases to another version --------------------------------------------------------


def test_a_running_case_moves_to_the_new_version_and_completes_on_it(db, staff, gemeente, process_id):
    coach, manager = staff("werkcoach").actor, staff("accountmanager").actor
    _deploy(db, process_id, OVERDRACHT)
    at_start, _ = _start(db, coach, gemeente, process_id)
    at_intake, _ = _start(db, coach, gemeente, process_id)
    _complete(db, coach, at_intake, {"matchbaar": True})
    [(intake_id, _, _)] = _open(db, at_intake)
    with db.tx() as session:
        due = session.get(Case, at_intake).next_timer_at
    _deploy(db, process_id, RENAMED)
    with db.tx() as session:
        dry = versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 2, dry_run=True)
    assert (dry.migrated, dry.refused) == (2, 0)
    with db.tx() as session:
        assert session.get(Case, at_start).process_version.number == 1  # a dry run changes nothing
        moved = versions.migrate_cases(
            session, db.cache, "ontwerper-a", process_id, 1, 2, reason="veld werkgever nodig"
        )
    assert (moved.migrated, moved.refused) == (2, 0)
    [(start_task, element, name)] = _open(db, at_start)
    assert (element, name) == ("Task_voorbereiden", "Overdracht klaarzetten")  # the task follows its element
    assert _open(db, at_intake)[0][0] == intake_id  # the same task, claimable as before
    with db.tx() as session:
        assert session.get(Case, at_intake).next_timer_at == due  # the deadline keeps its date
    _complete(db, coach, at_start, {"matchbaar": True})
    _complete(db, manager, at_start, {"uitkomst": "geplaatst", "werkgever": "Bakkerij Jansen"})
    with db.tx() as session:
        case = session.get(Case, at_start)
        assert (case.status, case.process_version.number, case.data["werkgever"]) == (
            "completed",
            2,
            "Bakkerij Jansen",
        )
        events = audit.history(session, case)
        migrated = next(e for e in events if e.type == "case_migrated")
        assert migrated.data == {
            "from_version": 1,
            "from_hash": processes.get_version(session, process_id, 1).content_hash,
            "to_version": 2,
            "reason": "veld werkgever nodig",
        }
        assert migrated.actor == "ontwerper-a"
        assert audit.describe(migrated) == (
            "Zaak naar andere procesversie overgezet, van versie 1 naar 2, door ontwerper-a: "
            "veld werkgever nodig"
        )
        assert migrated.process_version_hash == processes.get_version(session, process_id, 2).content_hash
        assert audit.verify(session).first_broken is None
        [change] = versions.changes(session, process_id)
        assert (change.action, change.data) == (
            "cases_migrated",
            {"from_version": 1, "migrated": 2, "refused": 0},
        )
    # the timer of the moved case fires on the new version
    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        while timers.fire_due(db.factory, db.cache):
            pass
    assert [e for _, e, _ in _open(db, at_intake)] == ["Task_escalatie"]


def test_a_case_waiting_at_an_element_the_target_lacks_stays_and_is_named(db, staff, gemeente, process_id):
    coach = staff("werkcoach").actor
    as_timer = OVERDRACHT.replace(
        '<bpmn:messageEventDefinition id="MessageEventDefinition_cv_ontvangen" '
        'messageRef="Message_cv_ontvangen" />',
        '<bpmn:timerEventDefinition id="Timer_cv"><bpmn:timeDuration>P1W</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition>",
    )
    _deploy(db, process_id, OVERDRACHT, NEW_TIMER, as_timer)
    with db.tx() as session:
        versions.rollback(session, "ontwerper-a", process_id, 1, "test")
    at_intake, _ = _start(db, coach, gemeente, process_id)
    waiting_for_cv, _ = _start(db, coach, gemeente, process_id)
    _complete(db, coach, at_intake, {"matchbaar": True})
    _complete(db, coach, waiting_for_cv, {"matchbaar": False})
    with db.tx() as session:
        before = session.get(Case, at_intake).lock_version
        to_four = versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 3, dry_run=True)
        to_three = versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 2)
    assert {c.case_id: c.migrated for c in to_three.cases} == {at_intake: False, waiting_for_cv: True}
    refused = {c.case_id: (c.element, c.refusal) for c in to_three.cases if not c.migrated}
    assert refused[at_intake] == (
        "Timer_intake",
        "the case waits at 'Intake niet binnen 2 weken' (Timer_intake, timer), which version 2 does not have",
    )
    cv = {c.case_id: (c.element, c.refusal) for c in to_four.cases if not c.migrated}[waiting_for_cv]
    assert cv[0] == "Event_cv_ontvangen" and "(Event_cv_ontvangen, message)" in (cv[1] or "")
    with db.tx() as session:
        case = session.get(Case, at_intake)
        assert (case.process_version.number, case.lock_version) == (1, before)
        with pytest.raises(InvalidInput, match="to_version"):
            versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 1)
        with pytest.raises(NotFound):
            versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 99)


# -- state written by an older SpiffWorkflow --------------------------------------------------------


def test_state_of_an_older_serializer_version_is_migrated_as_it_is_read(db, staff, gemeente, process_id):
    coach = staff("werkcoach").actor
    _deploy(db, process_id, OVERDRACHT)
    case_id, _ = _start(db, coach, gemeente, process_id)
    with db.tx() as session:
        session.execute(update(Case).where(Case.id == case_id).values(serializer_version="1.4"))
    _complete(db, coach, case_id, {"matchbaar": True})
    with db.tx() as session:
        case = session.get(Case, case_id)
        assert case.serializer_version == bpmn.SERIALIZER_VERSION  # stored anew in the current version
        session.execute(update(Case).where(Case.id == case_id).values(serializer_version="9.0"))
    with db.tx() as session:
        with pytest.raises(ProcessError, match="newer than this SpiffWorkflow"):
            cases.case_highlight(session, db.cache, session.get(Case, case_id))
    _deploy(db, process_id, RENAMED)
    with db.tx() as session:
        [stays] = versions.migrate_cases(session, db.cache, "ontwerper-a", process_id, 1, 2).cases
        assert (stays.migrated, stays.element) == (False, "state")
        assert "serializer version 9.0" in (stays.refusal or "")


def test_spiffworkflow_migrations_run_on_the_stored_state() -> None:
    """SpiffWorkflow's migration from 1.3 (multi-instance states) reads the spec from the serialization; a
    case's state leaves the spec out, so the definition lends it (without, the migration fails)."""
    model = (FIXTURES / "overdracht.bpmn").read_bytes()
    [definition] = bpmn.parse_definitions({"overdracht.bpmn": model})
    state = bpmn.dump_state(steps.begin(definition, {"weken_plan": 1}).workflow)
    restored = bpmn.load_state(state, definition, "1.3")
    assert [t.task_spec.bpmn_id for t in bpmn.human_tasks(restored)] == ["Task_voorbereiden"]


# -- comparing versions -----------------------------------------------------------------------------


def test_diff_names_elements_flows_fields_and_conditions(db, process_id):
    _deploy(db, process_id, OVERDRACHT, RENAMED, NEW_TIMER)
    with db.tx() as session:
        one_two = versions.diff(session, process_id, 1, 2)
        two_three = versions.diff(session, process_id, 2, 3)
        with pytest.raises(NotFound):
            versions.diff(session, process_id, 1, 7)
    assert [(c.kind, c.id, c.change) for c in one_two.changes] == [
        ("element", "Task_voorbereiden", "changed"),
        ("field", "Task_intake.werkgever", "added"),
        ("condition", "Flow_geplaatst", "changed"),
    ]
    assert one_two.of("condition")[0].before == '${uitkomst == "geplaatst"}'
    kinds = {(c.kind, c.id, c.change) for c in two_three.changes}
    assert {
        ("element", "Timer_intake", "removed"),
        ("element", "Timer_intake_nieuw", "added"),
        ("flow", "Flow_te_laat", "changed"),
        ("element", "Task_voorbereiden", "changed"),
        ("field", "Task_intake.werkgever", "removed"),
    } <= kinds


def test_changes_of_an_unknown_process_are_not_found(db) -> None:
    with db.tx() as session:
        with pytest.raises(NotFound):
            versions.changes(session, "bestaat_niet")
        assert session.scalars(select(ProcessVersionChange).limit(1)).all() is not None


# -- the command line -------------------------------------------------------------------------------


def _procesregie(db, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "--database-url", db.url, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_the_command_line_compares_moves_and_rolls_back(db, staff, gemeente, process_id):  # type: ignore[no-untyped-def]
    coach = staff("werkcoach").actor
    _deploy(db, process_id, OVERDRACHT)
    at_start, _ = _start(db, coach, gemeente, process_id)
    at_intake, _ = _start(db, coach, gemeente, process_id)
    _complete(db, coach, at_intake, {"matchbaar": True})
    _deploy(db, process_id, NEW_TIMER)
    diff = _procesregie(db, "processes", "diff", process_id, "1", "2")
    assert diff.returncode == 0, diff.stderr
    assert (
        "removed\telement\tTimer_intake\t" in diff.stdout
        and "added\telement\tTimer_intake_nieuw\t" in diff.stdout
    )
    dry = _procesregie(
        db, "cases", "migrate", process_id, "--from", "1", "--to", "2", "--dry-run", "--by", "anna"
    )
    assert dry.returncode == 1  # a case was refused
    lines = dict(line.split("\t", 1) for line in dry.stdout.splitlines())
    assert lines[at_start] == f"{gemeente}\tok"
    assert lines[at_intake] == (
        f"{gemeente}\trefused: the case waits at 'Intake niet binnen 2 weken' (Timer_intake, timer), "
        "which version 2 does not have"
    )
    assert f"{process_id}: would move 1 of 2 running cases from version 1 to 2; 1 refused" in dry.stderr
    with db.tx() as session:
        assert session.get(Case, at_start).process_version.number == 1  # a dry run moves nothing
    moved = _procesregie(db, "cases", "migrate", process_id, "--from", "1", "--to", "2", "--reason", "r")
    assert moved.returncode == 1
    with db.tx() as session:
        assert session.get(Case, at_start).process_version.number == 2
        assert session.get(Case, at_intake).process_version.number == 1
        history = audit.history(session, session.get(Case, at_start))
        assert [e.data["reason"] for e in history if e.type == "case_migrated"] == ["r"]
    back = _procesregie(db, "processes", "rollback", process_id, "1", "--reason", "terug", "--by", "anna")
    assert back.returncode == 0, back.stderr
    assert back.stdout.strip() == f"{process_id}: rolled_back v1; new cases start on v1 (in use)"
    listed = _procesregie(db, "processes", "versions", process_id).stdout.splitlines()
    assert [line.split("\t")[-1][:7] for line in listed[:2]] == ["in use", "retired"]
    assert listed[-1].endswith("rolled_back v1\tby anna: terug")


def test_a_worker_reads_a_version_once_and_its_retirement_at_every_start(db, staff, gemeente, process_id):
    """A case's version is what the worker keeps of it (engine.processes.kept_version): read once per
    session factory, not with every case or task; whether it is retired is read at every start."""
    _deploy(db, process_id, OVERDRACHT)
    coach = staff("werkcoach").actor
    engine = make_engine(db.url)
    worker = make_sessionmaker(engine)  # a new worker's: it keeps nothing yet
    read: list[str] = []

    def versions_read(_connection, _cursor, statement: str, *_) -> None:
        if "process_versions" in statement:
            read.append(statement)

    event.listen(engine, "before_cursor_execute", versions_read)

    def start() -> str:
        with transaction(worker) as session:
            case = cases.start_case(
                session, db.cache, db.profiles, coach, process_id, gemeente, "K-1", {"weken_plan": 26}
            )
            return case.open_tasks[0].id

    task_id = start()
    assert len(read) == 2  # the version in use (its id and retirement), and once what never changes of it
    with transaction(worker) as session:
        data = {"matchbaar": True, "kandidaatprofiel": "heftruck"}
        case = tasks.complete_task(session, db.cache, coach, task_id, data)
        assert (case.process_version.process_id, case.process_version.number) == (process_id, 1)
    start()
    assert len(read) == 3  # at a start only the version in use
    with db.tx() as session:
        versions.retire(session, "ontwerper-test", process_id, 1, "test")
    with pytest.raises(Conflict, match="retired"):
        start()
    engine.dispose()


def test_a_rolled_back_deployment_leaves_nothing_a_later_one_runs_on(db, staff, gemeente, process_id):
    """What a worker keeps of a version (its parsed definition, its content) joins its caches only once the
    deploying transaction commits: SQLite hands a rolled-back version's id to the next version deployed,
    whose cases must run the model deployed with it."""
    coach = staff("werkcoach").actor
    with pytest.raises(RuntimeError), db.tx() as session:
        data = OVERDRACHT.replace("overdracht_test", process_id).encode()
        [undone] = processes.deploy(session, db.cache, {f"{process_id}.bpmn": data}, "ontwerper-test")
        case = cases.start_case(
            session, db.cache, db.profiles, coach, process_id, gemeente, "K-1", {"weken_plan": 26}
        )
        assert case.open_tasks[0].name == "Overdracht voorbereiden"
        raise RuntimeError("the request fails after its deployment")
    _deploy(db, process_id, RENAMED)
    with db.tx() as session:
        version = processes.get_version(session, process_id)
        if db.url.startswith("sqlite"):
            assert version.id == undone.version.id  # the premise: the id is used again
        case = cases.start_case(
            session, db.cache, db.profiles, coach, process_id, gemeente, "K-1", {"weken_plan": 26}
        )
        assert case.process_version.content_hash == version.content_hash
        assert case.open_tasks[0].name == "Overdracht klaarzetten"
