"""Process pages: the catalogue (/ui/processen), one process with its diagram, forms, terms, versions
and statistics (/ui/processen/{id}), its BPMN (/ui/processen/{id}/bpmn), and checking and publishing a
model (/ui/processen/valideren, ontwerpers only)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from lxml import etree

from engine import access, catalogue, pilots, processes, reports, versions, xmldoc
from engine.errors import Conflict, FieldError, InvalidInput, NotFound, ProcessInvalid
from engine.models import ProcessVersion
from engine.period import ALWAYS, Period
from engine.users import SignedIn
from engine.vocabulary import BPMN_NS, BPMNDI_NS, DC_NS, FieldType, PilotStatus, SteeringLine, VersionAction

from ..deps import CacheDep, SessionDep, TransactionalRoute, Version, VersionNumber
from ..routers.processes import MAX_FILE_BYTES
from .pilots import PILOT_NOTICES
from .web import AMSTERDAM, Anyone, Designer, diagram_attributes, dutch, redirect, render, templates

router = APIRouter(route_class=TransactionalRoute)


# -- the catalogue -------------------------------------------------------------------------------


@router.get("/processen")
def catalogue_page(
    request: Request,
    session: SessionDep,
    signed: Anyone,
    q: Annotated[str, Query(max_length=200)] = "",
    stuurlijn: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    latest = processes.list_latest(session)
    words = q.lower().split()
    shown = [
        v
        for v in latest
        if all(word in _searchable(v) for word in words) and (not stuurlijn or _steering_line(v) == stuurlijn)
    ]
    phases = [
        (phase, name, [v for v in shown if v.phase == phase]) for phase, name in catalogue.PHASES.items()
    ]
    other = [v for v in shown if v.phase not in catalogue.PHASES]
    if other:
        phases.append(("", "Zonder fase", other))
    return render(
        request,
        "processen.html",
        signed,
        title="Processen",
        phases=[p for p in phases if p[2]],
        shown=len(shown),
        total=len(latest),
        filters={"q": q, "stuurlijn": stuurlijn},
        steering_lines=list(SteeringLine),
        may_design=not signed.actor.roles.isdisjoint(access.DEPLOY.roles),
    )


def _searchable(version: ProcessVersion) -> str:
    return " ".join((version.name, version.process_id, version.summary.get("documentation", ""))).lower()


def _steering_line(version: ProcessVersion) -> str:
    return str(version.summary.get("properties", {}).get("stuurlijn", ""))


# -- checking and publishing a model (before /processen/{id}, which would take the name) -----------


@router.get("/processen/valideren")
def validate_page(request: Request, session: SessionDep, signed: Designer) -> Response:
    return render(request, "processen_valideren.html", signed, title=VALIDATE_TITLE, errors={})


@router.post("/processen/valideren")
def validate(
    request: Request,
    session: SessionDep,
    signed: Designer,
    bestand: Annotated[UploadFile | None, File()] = None,
) -> Response:
    if bestand is None or not bestand.filename:
        return _upload_refused(request, signed, "Kies een BPMN-bestand om te valideren.")
    data = bestand.file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        return _upload_refused(
            request, signed, f"Het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB."
        )
    if not data.strip():
        return _upload_refused(request, signed, "Het bestand is leeg.")
    return _checked_page(request, session, signed, _file_name(bestand.filename), data)


@router.post("/processen/publiceren")
def publish(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    signed: Designer,
    bestandsnaam: Annotated[str, Form(max_length=300)] = "",
    inhoud: Annotated[str, Form()] = "",
    niet_in_gebruik: Annotated[bool, Form()] = False,
) -> Response:
    """Publish the checked model; with ``niet_in_gebruik`` its new versions are published retired, so new
    cases stay on the version in use until an ontwerper pilots the new one or takes it into use (as
    ``procesregie deploy --not-in-use`` and ``POST /processes?in_use=false``)."""
    name, data = _file_name(bestandsnaam), _unpacked(inhoud)
    if data is None:
        return _upload_refused(request, signed, "Het model kwam niet heel aan; upload het bestand opnieuw.")
    try:
        with session.begin_nested():  # a refused deploy leaves nothing behind
            deployments = processes.deploy(
                session, cache, {name: data}, signed.actor.name, in_use=not niet_in_gebruik
            )
    except ProcessInvalid:
        return _checked_page(request, session, signed, name, data)
    shown = next((d for d in deployments if d.created), deployments[0])
    outcome = "gepubliceerd" if shown.created else "ongewijzigd"
    number = shown.version.number
    return redirect(f"/ui/processen/{shown.version.process_id}?versie={number}&{outcome}={number}")


VALIDATE_TITLE = "Model valideren en publiceren"


@dataclass
class Planned:
    """What publishing a checked model would do to one of its processes."""

    process_id: str
    name: str
    existing: int | None  # the version with this very content, if deployed already
    next_number: int


def _checked_page(
    request: Request, session: SessionDep, signed: SignedIn, name: str, data: bytes
) -> Response:
    result = processes.check(session, {name: data})
    drawn = _drawn_elements(data)
    marks: dict[str, str] = {}
    for problem in result.problems:
        if drawn is not None and problem.element in drawn:
            shown = dutch(problem.message)
            marks[problem.element] = "; ".join(filter(None, (marks.get(problem.element), shown)))
    planned = [
        _planned(session, d.process_id, d.name, d.content_hash)
        for d in ([] if result.problems else result.definitions)
    ]
    return render(
        request,
        "processen_valideren.html",
        signed,
        status_code=422 if result.problems else 200,
        title=VALIDATE_TITLE,
        errors={},
        file_name=name,
        problems=result.problems,
        warnings=result.warnings,
        marked=set(marks),
        planned=planned,
        packed=_packed(data),
        diagram=diagram_attributes(_data_url(data), problems=marks) if drawn is not None else None,
    )


def _planned(session: SessionDep, process_id: str, name: str, content_hash: str) -> Planned:
    try:
        versions = processes.list_versions(session, process_id)
    except NotFound:
        return Planned(process_id, name, None, 1)
    same = next((v.number for v in versions if v.content_hash == content_hash), None)
    return Planned(process_id, name, same, versions[-1].number + 1)


def _upload_refused(request: Request, signed: SignedIn, message: str) -> Response:
    return render(
        request,
        "processen_valideren.html",
        signed,
        status_code=422,
        title=VALIDATE_TITLE,
        errors={"bestand": message},
    )


def _file_name(uploaded: str) -> str:
    """The uploaded file's own name (no folders), safe in a header: it names the version's BPMN file."""
    base = PureWindowsPath(PurePosixPath(uploaded).name).name
    safe = re.sub(r"[^\w.-]+", "_", base).strip("._")
    return safe or "model.bpmn"


def _drawn_elements(data: bytes) -> set[str] | None:
    """The ids of the elements the diagram draws, or None when the file is no XML bpmn-js could read."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    return {str(e.get("bpmnElement")) for e in root.iter() if e.get("bpmnElement")}


def _data_url(data: bytes) -> str:
    """The uploaded model for the diagram, which has no address on the server: bpmn-js fetches it inline."""
    return "data:application/xml;base64," + base64.b64encode(data).decode()


def _packed(data: bytes) -> str:
    """The checked model for the publish form: compressed (a form field holds at most 1 MB), unchanged
    byte for byte (no browser newline conversion), so the published version is the one checked."""
    return base64.b64encode(zlib.compress(data, 9)).decode()


def _unpacked(packed: str) -> bytes | None:
    try:
        unpacker = zlib.decompressobj()
        data = unpacker.decompress(base64.b64decode(packed, validate=True), MAX_FILE_BYTES + 1)
    except (binascii.Error, zlib.error):
        return None
    if len(data) > MAX_FILE_BYTES or not unpacker.eof:
        return None
    return data


# -- one process ---------------------------------------------------------------------------------


@router.get("/processen/{process_id}")
def process_page(
    request: Request,
    session: SessionDep,
    signed: Anyone,
    process_id: str,
    versie: Version = None,
    van: Annotated[str | None, Query(max_length=10)] = None,
    tot: Annotated[str | None, Query(max_length=10)] = None,
    gepubliceerd: Version = None,
    ongewijzigd: Version = None,
    versiemelding: Annotated[str | None, Query(max_length=20)] = None,
    pilotmelding: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    actor = signed.actor
    may_report = not actor.roles.isdisjoint(access.READ_REPORTS.roles)
    if van is not None or tot is not None:
        access.READ_REPORTS.check(actor)  # the period belongs to the statistics
    version = processes.get_version(session, process_id, versie)
    all_versions = processes.list_versions(session, process_id)
    files = processes.version_files(session, version)  # the main file, and the statistics' called processes
    file = version.summary["file"]
    xml = files[file]
    entry = next(e for e in catalogue.describe(file, xml) if e.process_id == process_id)
    bpmn_url = f"/ui/processen/{process_id}/bpmn?versie={version.number}"
    context: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if may_report:
        try:
            period = _period(van, tot)
        except InvalidInput as err:
            errors = {e.field: e.message for e in err.errors}
            period = ALWAYS
        stats = [] if errors else reports.element_statistics(session, actor, process_id, period=period)
        most = max((s.open for s in stats), default=0) or 1
        context = {
            "stats": stats,
            "stat_groups": _statistics_groups(files, process_id, stats),
            "heat_diagram": diagram_attributes(
                bpmn_url,
                heat={s.element_id: s.open / most for s in stats if s.open},
                overlays={s.element_id: f"{s.open} / {s.completed}" for s in stats},
            ),
        }
    return render(
        request,
        "processen_proces.html",
        signed,
        status_code=422 if errors else 200,
        title=version.name,
        version=version,
        latest=all_versions[-1],
        versions=list(reversed(all_versions)),
        summary=version.summary,
        entry=entry,
        follow_up_names=_process_names(session, {o.vervolgproces for o in entry.outcomes if o.vervolgproces}),
        phase_name=catalogue.PHASES.get(version.phase or "", ""),
        terms=[(name, value, _term(value), where) for name, value, where in entry.deadlines],
        field_types=FIELD_TYPES,
        diagram=diagram_attributes(bpmn_url),
        may_report=may_report,
        period={"van": van or "", "tot": tot or ""},
        errors=errors,
        in_use=processes.latest_version(session, process_id, content=False),
        changes=versions.changes(session, process_id),
        version_actions=VERSION_ACTIONS,
        version_notice=VERSION_NOTICES.get(versiemelding or ""),
        may_design=not actor.roles.isdisjoint(access.DEPLOY.roles),
        pilots=pilots.list_pilots(session, process_id),
        pilot_notice=PILOT_NOTICES.get(pilotmelding or ""),
        pilot_statuses={s.value: s.label for s in PilotStatus},
        gepubliceerd=gepubliceerd if gepubliceerd == version.number else None,
        ongewijzigd=ongewijzigd if ongewijzigd == version.number else None,
        **context,
    )


@dataclass
class StatisticsGroup:
    """Rows of the statistics table that belong to one process: the page's own (``called`` None), one it
    calls, or none of this version's (``called`` "", tasks that only other versions have)."""

    called: str | None
    name: str
    rows: list[reports.ElementStatistics]


def _statistics_groups(
    files: dict[str, bytes], process_id: str, stats: list[reports.ElementStatistics]
) -> list[StatisticsGroup]:
    """The statistics of a process's tasks by the process that holds them, each in its diagram's order.

    A case's tasks in the processes it calls (the aanvraag's checks) count under the case's process, but
    this diagram draws only the call: their rows follow the process's own, under the name of the process
    that holds them, in the order of the calls in the diagram (a process called twice once, where first
    called; one that a called process calls after it)."""
    found: dict[str, tuple[etree._Element, dict[str, tuple[float, float]]]] = {}
    for name, data in files.items():
        root = xmldoc.read(name, data)
        places = _places(root)
        for process in root.iter(f"{{{BPMN_NS}}}process"):
            found.setdefault(process.get("id", ""), (process, places))
    order: list[str] = []

    def visit(called: str) -> None:
        if called in order or called not in found:
            return
        order.append(called)
        process, places = found[called]
        calls = sorted(process.iter(f"{{{BPMN_NS}}}callActivity"), key=lambda c: _place(places, c.get("id")))
        for call in calls:
            visit(call.get("calledElement", ""))

    visit(process_id)
    groups = {
        p: StatisticsGroup(None if p == process_id else p, found[p][0].get("name") or p, []) for p in order
    }
    holder = {e.get("id"): p for p in reversed(order) for e in found[p][0].iter()}  # the first in order wins
    other = StatisticsGroup("", "", [])
    for row in stats:
        (groups[holder[row.element_id]] if row.element_id in holder else other).rows.append(row)
    for p, group in groups.items():
        group.rows.sort(key=lambda s: _place(found[p][1], s.element_id))
    shown = [g for g in groups.values() if g.rows or g.called is None]
    return shown + ([other] if other.rows else [])


def _place(places: dict[str, tuple[float, float]], element_id: str | None) -> tuple[float, float]:
    return places.get(element_id or "", (float("inf"), float("inf")))


def _places(root: etree._Element) -> dict[str, tuple[float, float]]:
    """Where each shape of a model stands on its diagram (left, then top): the order in which a reader
    follows the process, and the statistics table lists its tasks."""
    places = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if bounds is not None:
            places[shape.get("bpmnElement", "")] = (float(bounds.get("x", 0)), float(bounds.get("y", 0)))
    return places


def _process_names(session: SessionDep, process_ids: set[str]) -> dict[str, str]:
    """The names of deployed processes (the version new cases start on) by id."""
    found = (processes.latest_version(session, p, required=False, content=False) for p in sorted(process_ids))
    return {v.process_id: v.name for v in found if v is not None}


FIELD_TYPES = {
    FieldType.STRING: "tekst",
    FieldType.LONG: "geheel getal",
    FieldType.BEDRAG: "bedrag in euro",
    FieldType.BOOLEAN: "ja/nee",
    FieldType.DATE: "datum",
    FieldType.ENUM: "keuze",
}


def _period(van: str | None, tot: str | None) -> Period:
    """The statistics' period from two dates of the Dutch calendar, both days included.

    Raises:
        InvalidInput: a date that is no date, or an end before the start.
    """
    errors = []
    since = until = None
    for field, value in (("van", van), ("tot", tot)):
        if not value:
            continue
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            errors.append(FieldError(field, "vul een geldige datum in (dd-mm-jjjj)"))
            continue
        if field == "tot":
            day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time(), tzinfo=AMSTERDAM).astimezone(dt.UTC)
        since, until = (moment, until) if field == "van" else (since, moment)
    if errors:
        raise InvalidInput(errors)
    if since and until and until <= since:
        raise InvalidInput([FieldError("tot", "mag niet voor de begindatum liggen")])
    return Period(since, until)


_UNITS = {
    "Y": ("jaar", "jaar"),
    "M": ("maand", "maanden"),
    "W": ("week", "weken"),
    "D": ("dag", "dagen"),
    "TH": ("uur", "uur"),
    "TM": ("minuut", "minuten"),
    "TS": ("seconde", "seconden"),
}
_DURATION = re.compile(r"P(?:(\d+)([YMWD]))?(?:T(\d+)([HMS]))?")


def _term(value: str) -> str | None:
    """A timer's ISO 8601 value as people say it (P8W: 8 weken); None for a term computed from the case."""
    literal = value.strip().strip("'\"")
    match = _DURATION.fullmatch(literal)
    if match and literal != "P":
        parts = []
        for number, unit in ((match[1], match[2]), (match[3], f"T{match[4]}")):
            if number:
                one, many = _UNITS[unit]
                parts.append(f"{int(number)} {one if int(number) == 1 else many}")
        return " en ".join(parts) or None
    try:
        return "op " + dt.date.fromisoformat(literal[:10]).strftime("%d-%m-%Y")
    except ValueError:
        return None


@router.get("/processen/{process_id}/bpmn")
def bpmn_file(
    session: SessionDep,
    signed: Anyone,
    process_id: str,
    versie: Version = None,
    download: bool = False,
) -> Response:
    version = processes.get_version(session, process_id, versie)
    name, content = processes.main_file(session, version)
    disposition = "attachment" if download else "inline"
    return Response(
        content,
        media_type="application/xml",
        headers={"Content-Disposition": f'{disposition}; filename="{_file_name(name)}"'},
    )


# -- versions: roll back, retire, compare, move running cases (ontwerpers) ------------------------

VERSION_ACTIONS = {a.value: a.label for a in VersionAction}
VERSION_NOTICES = {
    "teruggezet": (
        "notice",
        "Teruggezet: nieuwe zaken starten weer op deze versie; nieuwere versies zijn buiten gebruik.",
    ),
    "buiten": ("notice", "De versie is buiten gebruik gesteld; lopende zaken gaan door."),
    "reden": ("error", "Geef een reden op; die wordt met de wijziging bewaard voor de auditor."),
    "al": ("error", "Dat is al zo: er is niets gewijzigd."),
}


@router.post("/processen/{process_id}/versies/{number}/{action}")
def change_version(
    session: SessionDep,
    signed: Designer,
    process_id: str,
    number: VersionNumber,
    action: str,
    reden: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    act = {"terugzetten": (versions.rollback, "teruggezet"), "buiten-gebruik": (versions.retire, "buiten")}
    if action not in act:
        raise NotFound("action", action)
    change, notice = act[action]
    try:
        with session.begin_nested():
            change(session, signed.actor.name, process_id, number, reden)
    except InvalidInput:
        notice = "reden"
    except Conflict:
        notice = "al"
    return redirect(f"/ui/processen/{process_id}?versie={number}&versiemelding={notice}#versies")


@router.get("/processen/{process_id}/verschil")
def diff_page(
    request: Request,
    session: SessionDep,
    signed: Anyone,
    process_id: str,
    van: Annotated[int, Query(ge=1, le=2**31 - 1)],
    met: Annotated[int, Query(ge=1, le=2**31 - 1)],
) -> Response:
    found = versions.diff(session, process_id, van, met)
    version = processes.get_version(session, process_id, met)
    return render(
        request,
        "processen_verschil.html",
        signed,
        title=f"{version.name}: versie {van} en {met} vergeleken",
        version=version,
        diff=found,
        kinds=DIFF_KINDS,
        changes_nl=DIFF_CHANGES,
    )


DIFF_KINDS = {
    "element": "Elementen",
    "flow": "Pijlen (sequence flows)",
    "field": "Formuliervelden",
    "condition": "Voorwaarden",
}
DIFF_CHANGES = {"added": "toegevoegd", "removed": "verwijderd", "changed": "gewijzigd"}


@router.post("/processen/{process_id}/migreren")
def migrate_page(
    request: Request,
    session: SessionDep,
    cache: CacheDep,
    signed: Designer,
    process_id: str,
    van: Annotated[int, Form(ge=1, le=2**31 - 1)],
    naar: Annotated[int, Form(ge=1, le=2**31 - 1)],
    proef: Annotated[bool, Form()] = False,
    reden: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    version = processes.get_version(session, process_id, naar)
    try:
        migration = versions.migrate_cases(
            session, cache, signed.actor, process_id, van, naar, dry_run=proef, reason=reden
        )
    except InvalidInput:
        migration = None
    refusals: dict[tuple[str | None, str], int] = {}
    for case in migration.cases if migration else []:
        if not case.migrated:
            key = (case.element, case.refusal or "")
            refusals[key] = refusals.get(key, 0) + 1
    return render(
        request,
        "processen_migratie.html",
        signed,
        status_code=200 if migration else 422,
        title=f"{version.name}: zaken overzetten",
        version=version,
        migration=migration,
        van=van,
        naar=naar,
        reden=reden,
        refusals=refusals,
    )


templates.env.filters["termijn"] = _term
