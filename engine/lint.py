"""`procesregie lint`: every check a BPMN file must pass before it is deployed.

The same checks run on deploy (``POST /processes``, ``procesregie deploy`` and at
start-up), so a file that lints clean deploys, and one that does not is refused
with the same ``file:element: message`` lines.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import bpmn, expressions, juel, labels, outcomes, xmldoc
from .errors import Problem, ProcessInvalid, Severity
from .forms import Form, FormField, parse_form
from .profiles import CEILING_KEYS, PROFILE_KEYS
from .vocabulary import (
    BPMN_NS,
    BPMNDI_NS,
    CAMUNDA_NS,
    DC_NS,
    DI_NS,
    MODELER_NS,
    NS,
    Organisatie,
    SteeringLine,
    Uitkomst,
    lane_role,
)

FLOW_NODES = (
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "intermediateThrowEvent",
    "boundaryEvent",
    "userTask",
    "task",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "exclusiveGateway",
    "parallelGateway",
    "inclusiveGateway",
    "eventBasedGateway",
    "complexGateway",
)
IGNORED_CAMUNDA_ATTRIBUTES = {
    "formKey": "camunda:formKey is ignored; the form is the task's form fields",
    "formRef": "camunda:formRef is ignored; the form is the task's form fields",
    "candidateUsers": "camunda:candidateUsers is ignored; use candidate groups (roles) or an assignee",
    "candidateStarterUsers": "camunda:candidateStarterUsers is ignored; candidate starter groups start",
    "dueDate": "camunda:dueDate is ignored; model a deadline as a boundary timer",
    "followUpDate": "camunda:followUpDate is ignored; model it as a timer",
    "priority": "camunda:priority is ignored",
    "asyncBefore": "camunda:asyncBefore is ignored (every step is one transaction)",
    "asyncAfter": "camunda:asyncAfter is ignored (every step is one transaction)",
    "exclusive": "camunda:exclusive is ignored (every step is one transaction)",
    "jobPriority": "camunda:jobPriority is ignored",
    "taskPriority": "camunda:taskPriority is ignored",
    "historyTimeToLive": "camunda:historyTimeToLive is ignored; the audit history is kept",
    "versionTag": "camunda:versionTag is ignored; versions are numbered at deploy",
    "isStartableInTasklist": "camunda:isStartableInTasklist is ignored",
    "initiator": "camunda:initiator is ignored; the case records who started it",
    "errorCodeVariable": "camunda:errorCodeVariable is ignored",
    "errorMessageVariable": "camunda:errorMessageVariable is ignored",
    "escalationCodeVariable": "camunda:escalationCodeVariable is ignored",
}
"""Camunda 7 attributes that change nothing here: accepted with a warning (ADR 24)."""
CAMUNDA_COUNTERS = {"nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances", "loopCounter"}
"""Variables Camunda 7 keeps for a multi-instance activity; SpiffWorkflow has none of them."""
RESERVED_VARIABLES = {"profiel", "plafond_bereikt", "data_objects"}  # put in every case's data by the engine
Bounds = tuple[float, float, float, float]  # x, y, width, height


@dataclass
class LintResult:
    """The problems found, and the definitions of the files that parsed."""

    problems: list[Problem] = field(default_factory=list)
    """The errors: any refuses the files."""
    definitions: list[bpmn.ProcessDefinition] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    """Warnings and info lines (a JUEL condition's translation): shown, the files deploy."""

    def raise_if_problems(self) -> None:
        if self.problems:
            raise ProcessInvalid(self.problems)


def collect(paths: Iterable[Path]) -> dict[str, bytes]:
    """BPMN files by display name from files and folders."""
    files: dict[str, bytes] = {}
    for path in paths:
        for file in sorted(path.rglob("*.bpmn")) if path.is_dir() else [path]:
            files[str(file)] = file.read_bytes()
    return files


def lint(
    files: Mapping[str, bytes],
    resolve: Callable[[str], Mapping[str, bytes] | None] = lambda process_id: None,
    house_rules: bool | Callable[[str], bool] = True,
) -> LintResult:
    """Check BPMN files; called processes are found among ``files`` first, then through ``resolve``.

    ``house_rules`` (for all files, or per file name) says whether the house rules (documentation,
    phase, steering line, lanes named after roles, forms) are errors, as for ``processes/``, or
    warnings, as for a file a designer brings from elsewhere (ADR 24).
    """
    files = {name: xmldoc.as_utf8(name, data) for name, data in files.items()}
    owners: dict[str, str] = {}
    for name, data in files.items():
        try:
            root = xmldoc.read(name, data)
        except ProcessInvalid:
            continue
        for process in root.iterfind(f"{{{BPMN_NS}}}process"):
            owners.setdefault(process.get("id", ""), name)

    def find(process_id: str) -> Mapping[str, bytes] | None:
        if process_id in owners:
            return {owners[process_id]: files[owners[process_id]]}
        return resolve(process_id)

    result = LintResult()
    for name, data in files.items():
        try:
            definitions = bpmn.parse_definitions({name: data}, find)
        except ProcessInvalid as err:
            result.problems.extend(err.problems)
            definitions = []
        result.definitions.extend(definitions)
        try:
            root = xmldoc.read(name, data)
        except ProcessInvalid:
            continue  # reported by parse_definitions
        house = house_rules(name) if callable(house_rules) else house_rules
        own = [d for d in definitions if d.file == name]
        result.problems.extend(_check_file(name, root, own, house))
        for definition in own:
            result.problems.extend(_check_follow_ups(name, root, definition, find))
    # The same problem found twice (a called process linted with each caller) is reported once.
    result.problems = list({(p.file, p.element, p.message): p for p in result.problems}.values())
    locate(files, result.problems)
    result.warnings = [p for p in result.problems if p.severity != "error"]
    result.problems = [p for p in result.problems if p.severity == "error"]
    return result


_LINE = re.compile(r"^line (\d+)$")


def locate(files: Mapping[str, bytes], problems: Iterable[Problem]) -> None:
    """Set each problem's line and column: where its element's start tag begins in its file.

    lxml knows the line where a start tag ends (``sourceline``); the tag's ``<`` is found before
    its ``id`` attribute from there. A file that does not parse has its line in the element already.
    """
    for name, found in itertools.groupby(sorted(problems, key=lambda p: p.file), key=lambda p: p.file):
        wanted = list(found)
        if name not in files:
            continue
        for problem in wanted:
            if match := _LINE.match(problem.element):
                problem.line, problem.column = int(match.group(1)), 1
        text = files[name].decode("utf-8", errors="replace")
        try:
            root = xmldoc.read(name, files[name])
        except ProcessInvalid:
            continue
        ids = {p.element for p in wanted}
        nodes: dict[str, etree._Element] = {}
        for node in root.iter():
            key = node.get("id") if isinstance(node.tag, str) else None
            if key in ids and (key not in nodes or node.tag.startswith(f"{{{BPMN_NS}}}")):
                nodes[key] = node
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for problem in wanted:
            node = nodes.get(problem.element)
            if node is None or node.sourceline is None:
                continue
            end = starts[node.sourceline] if node.sourceline < len(starts) else len(text)
            pattern = rf"\bid\s*=\s*[\"']{re.escape(problem.element)}[\"']"
            attributes = list(re.finditer(pattern, text[:end]))
            if not attributes:
                continue
            start = text.rfind("<", 0, attributes[-1].start())
            problem.line = text.count("\n", 0, start) + 1
            problem.column = start - text.rfind("\n", 0, start)


def _check_file(
    file: str, root: etree._Element, definitions: list[bpmn.ProcessDefinition], house: bool = True
) -> list[Problem]:
    problems = _check_house_rules(file, root, "error" if house else "warning")
    problems += _check_camunda7(file, root)
    problems += _check_gateways(file, root)
    problems += _check_lane_organisations(file, root)
    problems += _check_lane_references(file, root)
    problems += _check_loops(file, root)
    problems += _check_diagram(file, root)
    problems += _check_names(file, root)
    for definition in definitions:
        problems += _check_forms_and_variables(file, root, definition)
        problems += _check_mistakes(file, root, definition)
        problems += _check_interfaces(file, root, definition)
    return problems


def interface(spec: object) -> tuple[list[str], list[str]]:
    """The variables a process takes and returns when it is called: the ``dataInput`` and
    ``dataOutput`` ids of its ``bpmn:ioSpecification`` (ADR 41); none when it declares none."""
    io = getattr(spec, "io_specification", None)
    if io is None:
        return [], []
    return [v.bpmn_id for v in io.data_inputs], [v.bpmn_id for v in io.data_outputs]


def _check_interfaces(file: str, root: etree._Element, definition: bpmn.ProcessDefinition) -> list[Problem]:
    """What would stop a case at a call with declared inputs and outputs (ADR 41): a call activity
    whose process takes a variable not set on every path to the call, and a process that returns a
    variable not set on every path to one of its ends."""
    setters = _setters(definition)
    for name, scripts in _script_assignments(root).items():
        setters.setdefault(name, set()).update(scripts)
    calls = root.xpath("//bpmn:callActivity", namespaces=NS)
    for call in calls:  # what a called process returns counts as set by the call
        for name in interface(definition.subprocess_specs.get(call.get("calledElement", "")))[1]:
            setters.setdefault(name, set()).add(call.get("id", "?"))
    problems = []
    for call in calls:
        called = call.get("calledElement", "")
        for name in interface(definition.subprocess_specs.get(called))[0]:
            if name in setters and _always_before(root, setters[name], call.get("id", "?")):
                continue
            problems.append(
                Problem(
                    file,
                    call.get("id", "?"),
                    f"call of {_named(call)}: '{called}' takes '{name}' (its ioSpecification), which is "
                    "not set on every path before the call",
                )
            )
    outputs = interface(definition.spec)[1]
    process = root.xpath(f"//bpmn:process[@id='{definition.process_id}']", namespaces=NS)
    ends = process[0].iterfind(f"{{{BPMN_NS}}}endEvent") if process else []
    for end in ends:
        problems.extend(
            Problem(
                file,
                end.get("id", "?"),
                f"the process returns '{name}' (its ioSpecification), which is not set on every path to "
                f"{_named(end)}",
            )
            for name in outputs
            if name not in setters or not _always_before(root, setters[name], end.get("id", "?"))
        )
    return problems


def _check_house_rules(file: str, root: etree._Element, severity: Severity) -> list[Problem]:
    """The house rules of processes/: errors there, warnings for files from elsewhere (ADR 24)."""
    problems = []
    if root.get(f"{{{MODELER_NS}}}executionPlatform") != "Camunda Platform":
        problems.append(
            Problem(
                file,
                root.get("id", "definitions"),
                'set modeler:executionPlatform="Camunda Platform" (Camunda 7)',
                severity=severity,
            )
        )
    problems += _check_process_documentation(file, root, severity)
    problems += _check_outcomes(file, root, severity)
    for lane in root.xpath("//bpmn:lane", namespaces=NS):
        if lane_role(lane.get("name")) is None:
            name = lane.get("name") or ""
            message = f"lane '{name}' is not a role; name it after one of the roles in docs/glossary.md"
            problems.append(Problem(file, lane.get("id", "?"), message, severity=severity))
        if bpmn.lane_organisation(lane) is None:
            message = (
                f"lane '{lane.get('name') or ''}' names no organisation; set its property 'organisatie' "
                f"to one of: {', '.join(sorted(Organisatie))}"
            )
            problems.append(Problem(file, lane.get("id", "?"), message, severity=severity))
    in_lanes = {(ref.text or "").strip() for ref in root.iter(f"{{{BPMN_NS}}}flowNodeRef")}
    for task in root.iter(f"{{{BPMN_NS}}}userTask"):
        task_id = task.get("id", "?")
        if task_id not in in_lanes and not _in_subprocess(task):
            message = "user task is not in a lane; put it in the lane of the role that does it"
            problems.append(Problem(file, task_id, message, severity=severity))
        if not task.xpath("bpmn:extensionElements/camunda:formData/camunda:formField", namespaces=NS):
            message = "user task has no form; add the fields the role fills in"
            problems.append(Problem(file, task_id, message, severity=severity))
    return problems


def _check_outcomes(file: str, root: etree._Element, severity: Severity) -> list[Problem]:
    """Every end event says what reaching it means for the client, in the types the reports count
    (engine.vocabulary.Uitkomst): a case records the type of the end event that ended it."""
    problems = []
    for end in root.iter(f"{{{BPMN_NS}}}endEvent"):
        value = outcomes.end_event_outcome(end)
        if value in set(Uitkomst):
            continue
        said = (
            "has no property 'uitkomst'" if value is None else f"has uitkomst '{value}', which is not a type"
        )
        message = f"end event {said}; set one of: {', '.join(Uitkomst)}"
        problems.append(Problem(file, end.get("id", "?"), message, severity=severity))
    return problems


def _check_follow_ups(
    file: str,
    root: etree._Element,
    definition: bpmn.ProcessDefinition,
    find: Callable[[str], Mapping[str, bytes] | None],
) -> list[Problem]:
    """An end event that starts a follow-up case (``vervolgproces``, ADR 40) names a process that is
    among the files or deployed, ends the case, and passes (``vervolggegevens``) only variables this
    process sets on every path to it, each a field of the follow-up's start form of the same type, and
    every field that start form requires: else the case could end but its follow-up never start."""
    process = root.xpath("//bpmn:process[@id=$id]", namespaces=NS, id=definition.process_id)
    if not process:
        return []
    problems: list[Problem] = []
    fields = _fields_by_id(definition)
    setters = _setters(definition)
    for name, scripts in _script_assignments(root).items():
        setters.setdefault(name, set()).update(scripts)
    for message in definition.message_forms:
        setters.setdefault(message, set())
    own_elements = {node.get("id") for node in root.iter() if isinstance(node.tag, str)}
    for end in process[0].iter(f"{{{BPMN_NS}}}endEvent"):
        target = outcomes.end_event_property(end, "vervolgproces")
        passed = outcomes.follow_up_variables(end)
        named, end_id = _named(end), end.get("id", "?")
        if target is None or not target.strip():
            if passed:
                message = f"end event {named} names vervolggegevens but no vervolgproces to pass them to"
                problems.append(Problem(file, end_id, message))
            continue
        target = target.strip()
        ending = definition.ends.get(end_id)
        if ending is None or ending.escalation:
            message = (
                f"end event {named} starts follow-up process '{target}', but never ends the case (it ends "
                "an escalation branch or an embedded subprocess); put vervolgproces on an end of the case"
            )
            problems.append(Problem(file, end_id, message))
            continue
        start_form = _start_form_of(target, find)
        if start_form is None:
            message = (
                f"end event {named} starts follow-up process '{target}', which is no executable process "
                "among these files nor deployed"
            )
            problems.append(Problem(file, end_id, message))
            continue
        wanted = {f.id: f for f in start_form.fields}
        for variable in passed:
            if variable not in setters:
                message = (
                    f"end event {named} passes '{variable}' to '{target}', which this process never sets"
                )
                problems.append(Problem(file, end_id, message))
            elif setters[variable] <= own_elements and not _always_before(root, setters[variable], end_id):
                message = (
                    f"end event {named} passes '{variable}' to '{target}', which is not set on every path "
                    f"to it (set by {', '.join(sorted(setters[variable]))})"
                )
                problems.append(Problem(file, end_id, message))
            if variable not in wanted:
                message = (
                    f"end event {named} passes '{variable}' to '{target}', whose start form has no such "
                    f"field; its fields: {', '.join(wanted) or '-'}"
                )
                problems.append(Problem(file, end_id, message))
                continue
            types = {f.type for _, f in fields.get(variable, [])}
            if types and types != {wanted[variable].type}:
                message = (
                    f"end event {named} passes '{variable}' ({', '.join(sorted(types))}) to '{target}', "
                    f"whose start form asks it as {wanted[variable].type}"
                )
                problems.append(Problem(file, end_id, message))
        for required in (f.id for f in start_form.fields if f.required and f.id not in passed):
            message = (
                f"end event {named} starts '{target}' without '{required}', which its start form requires; "
                "add it to vervolggegevens"
            )
            problems.append(Problem(file, end_id, message))
    return problems


def _start_form_of(process_id: str, find: Callable[[str], Mapping[str, bytes] | None]) -> Form | None:
    """The start form of an executable process found among the files or deployed, else None."""
    for name, data in (find(process_id) or {}).items():
        try:
            root = xmldoc.read(name, data)
        except ProcessInvalid:
            continue  # reported with that file
        for process in root.xpath(
            "//bpmn:process[@id=$id][@isExecutable='true']", namespaces=NS, id=process_id
        ):
            start = process.find(f"{{{BPMN_NS}}}startEvent")
            return parse_form(start)[0] if start is not None else Form()
    return None


def _check_lane_organisations(file: str, root: etree._Element) -> list[Problem]:
    """A lane's ``organisatie`` names one of the organisations that hold work (reports group by it)."""
    problems = []
    for lane in root.xpath("//bpmn:lane", namespaces=NS):
        value = bpmn.lane_organisation(lane)
        if value is not None and value not in set(Organisatie):
            message = f"property 'organisatie' must be one of: {', '.join(sorted(Organisatie))}"
            problems.append(Problem(file, lane.get("id", "?"), message))
    return problems


def _check_lane_references(file: str, root: etree._Element) -> list[Problem]:
    """A lane's ``flowNodeRef`` names a flow node of its own process (at any depth, as the tasks of an
    embedded subprocess sit in its process's lanes). A reference to nothing is what a hand edit or a
    deleted element leaves behind; bpmnlint refuses it, so lint does too."""
    problems = []
    for process in root.iterfind(f"{{{BPMN_NS}}}process"):
        nodes = {node.get("id") for name in FLOW_NODES for node in process.iter(f"{{{BPMN_NS}}}{name}")}
        for lane in process.iter(f"{{{BPMN_NS}}}lane"):
            for ref in lane.iterfind(f"{{{BPMN_NS}}}flowNodeRef"):
                target = (ref.text or "").strip()
                if target not in nodes:
                    message = (
                        f"lane '{lane.get('name') or ''}' refers to '{target}', which is no flow node "
                        "of its process; remove the flowNodeRef or add the element"
                    )
                    problems.append(Problem(file, lane.get("id", "?"), message))
    return problems


def _in_subprocess(node: etree._Element) -> bool:
    return any(etree.QName(a).localname == "subProcess" for a in node.iterancestors())


def _check_camunda7(file: str, root: etree._Element) -> list[Problem]:
    """What Camunda 7 designers write: attributes that change nothing (warnings), JUEL conditions (their
    translation, as info), and the constructs that run only as SpiffWorkflow supports them."""
    problems = []
    for node in root.xpath("//bpmn:*", namespaces=NS):
        for attribute, message in IGNORED_CAMUNDA_ATTRIBUTES.items():
            if node.get(f"{{{CAMUNDA_NS}}}{attribute}") is not None:
                problems.append(Problem(file, node.get("id", "?"), message, severity="warning"))
    for condition in root.xpath("//bpmn:conditionExpression", namespaces=NS):
        text = (condition.text or "").strip()
        if not juel.is_juel(text):
            continue
        try:
            translated = expressions.source(text)
        except expressions.ExpressionError:
            continue  # refused by parse_definitions, with the expression and a hint
        if translated != expressions.unwrap(text):
            message = f"JUEL {text} runs as: {translated}"
            problems.append(Problem(file, condition.getparent().get("id", "?"), message, severity="info"))
    for start in root.xpath("//bpmn:subProcess[@triggeredByEvent='true']/bpmn:startEvent", namespaces=NS):
        if _in_subprocess(start.getparent()):
            message = (
                "an event subprocess runs only in the process itself: SpiffWorkflow 3.2 starts the event "
                "subprocesses of the process, not those inside an expanded subprocess (a message or error "
                "would not reach it, a timer would hold the subprocess open); move it out to the process, or "
                "use a boundary event on the expanded subprocess"
            )
            problems.append(Problem(file, start.get("id", "?"), message))
        elif start.find(f"{{{BPMN_NS}}}errorEventDefinition") is not None and (
            start.get("isInterrupting", "true").strip().lower() != "true"
        ):
            message = 'an error start event always interrupts (BPMN); remove isInterrupting="false"'
            problems.append(Problem(file, start.get("id", "?"), message))
    for condition in root.iter(f"{{{BPMN_NS}}}completionCondition"):
        activity = condition.getparent().getparent().get("id", "?")
        try:
            counters = expressions.variables(condition.text or "") & CAMUNDA_COUNTERS
        except expressions.ExpressionError as err:
            problems.append(Problem(file, activity, f"completion condition: {err.message}"))
            continue
        if counters:
            message = (
                f"the completion condition reads {', '.join(sorted(counters))}, which Camunda 7 counts "
                "and this engine does not; decide with a form field the instances fill in"
            )
            problems.append(Problem(file, activity, message))
    for loop in root.iter(f"{{{BPMN_NS}}}multiInstanceLoopCharacteristics"):
        collection = loop.get(f"{{{CAMUNDA_NS}}}collection")
        name = expressions.unwrap(collection) if collection and juel.is_juel(collection) else collection
        if collection is not None and not (name or "").isidentifier():
            message = (
                f"camunda:collection '{collection}' must name a list in the case data, e.g. ${{gezinsleden}}"
            )
            problems.append(Problem(file, loop.getparent().get("id", "?"), message))
    return problems


def _check_process_documentation(
    file: str, root: etree._Element, severity: Severity = "error"
) -> list[Problem]:
    problems = []
    for process in root.xpath("//bpmn:process[@isExecutable='true']", namespaces=NS):
        pid = process.get("id", "?")
        if not (process.findtext(f"{{{BPMN_NS}}}documentation") or "").strip():
            problems.append(
                Problem(
                    file,
                    pid,
                    "the process needs documentation: purpose, trigger, outcomes, legal basis",
                    severity=severity,
                )
            )
        properties = {
            p.get("name"): p.get("value")
            for p in process.xpath(
                "bpmn:extensionElements/camunda:properties/camunda:property", namespaces=NS
            )
        }
        if properties.get("fase") not in {str(n) for n in range(10)}:
            problems.append(
                Problem(file, pid, "property 'fase' must be the phase number 0-9", severity=severity)
            )
        if properties.get("stuurlijn") not in set(SteeringLine):
            problems.append(
                Problem(
                    file,
                    pid,
                    f"property 'stuurlijn' must be one of: {', '.join(sorted(SteeringLine))}",
                    severity=severity,
                )
            )
        if "doorlooptijd" in properties:
            try:
                bpmn.parse_duration(properties["doorlooptijd"], _now())
            except ValueError as err:
                # The reports measure lead times against it: a norm they cannot read is an error anywhere.
                message = f"property 'doorlooptijd' must be an ISO 8601 duration such as P8W: {err}"
                problems.append(Problem(file, pid, message))
        if "plafond" in properties and properties["plafond"] not in CEILING_KEYS:
            problems.append(
                Problem(
                    file,
                    pid,
                    "property 'plafond' must name a ceiling of the profile: "
                    f"{', '.join(sorted(CEILING_KEYS))}",
                )
            )
    return problems


def _check_gateways(file: str, root: etree._Element) -> list[Problem]:
    problems = []
    for gateway in root.xpath("//bpmn:exclusiveGateway | //bpmn:inclusiveGateway", namespaces=NS):
        gid = gateway.get("id", "?")
        outgoing = root.xpath("//bpmn:sequenceFlow[@sourceRef=$gid]", namespaces=NS, gid=gid)
        if len(outgoing) < 2:
            continue
        for flow in outgoing:
            if (
                flow.get("id") != gateway.get("default")
                and flow.find(f"{{{BPMN_NS}}}conditionExpression") is None
            ):
                problems.append(
                    Problem(
                        file,
                        flow.get("id", "?"),
                        f"flow out of gateway {gid} needs a condition or must be its default flow",
                    )
                )
    return problems


# Elements where a case waits for a person, a message or the clock. A call activity waits as long
# as its called process, which is checked on its own; a subprocess waits if something in it does.
WAIT_STATES = {"userTask", "receiveTask", "intermediateCatchEvent", "boundaryEvent", "callActivity"}


def _check_loops(file: str, root: etree._Element) -> list[Problem]:
    """Refuse a cycle of sequence flows with nothing in it that waits: it would run forever."""
    problems = []
    waits: dict[str, bool] = {}
    for node in root.iter(f"{{{BPMN_NS}}}*"):
        tag, node_id = etree.QName(node).localname, node.get("id")
        if node_id and tag in FLOW_NODES:
            inner = (etree.QName(n).localname for n in node.iter(f"{{{BPMN_NS}}}*"))
            waits[node_id] = tag in WAIT_STATES or (
                tag == "subProcess" and any(t in WAIT_STATES for t in inner)
            )
    graph: dict[str, list[str]] = {node_id: [] for node_id, wait in waits.items() if not wait}
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        source, target = flow.get("sourceRef", ""), flow.get("targetRef", "")
        if source in graph and target in graph:
            graph[source].append(target)
    for loop in _cycles(graph):
        problems.append(
            Problem(
                file,
                loop[0],
                f"the loop through {', '.join(loop)} has no user task, message or timer to wait for; "
                "a case would run round it without end",
            )
        )
    return problems


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of a graph that contain a cycle (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(graph[node]):
                work.append((node, child + 1))
                target = graph[node][child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def _check_forms_and_variables(
    file: str, root: etree._Element, definition: bpmn.ProcessDefinition
) -> list[Problem]:
    problems: list[Problem] = []
    known = {"profiel"} | {f.id for f in definition.start_form.fields}
    known |= {f.id for task in definition.tasks.values() for f in task.form.fields}
    known |= {m.get("name") for m in root.iterfind(f"{{{BPMN_NS}}}message")}
    known |= set(_script_assignments(root))
    known |= {name for spec in definition.subprocess_specs.values() for name in interface(spec)[1]}
    if definition.properties.get("plafond"):
        known.add("plafond_bereikt")
    user_tasks = {e.get("id") for e in root.xpath("//bpmn:userTask", namespaces=NS)}
    forms = [(task.id, task.form) for task in definition.tasks.values() if task.id in user_tasks]
    forms += [
        (s.get("id", "?"), definition.start_form)
        for s in root.xpath("//bpmn:process/bpmn:startEvent", namespaces=NS)
    ]
    for element, form in forms:
        problems.extend(
            Problem(
                file, element, f"form field '{f.id}' would overwrite the engine's '{f.id}'; choose another id"
            )
            for f in form.fields
            if f.id in RESERVED_VARIABLES
        )
    for condition in root.xpath("//bpmn:conditionExpression", namespaces=NS):
        flow = condition.getparent().get("id", "?")
        try:
            unknown = expressions.variables(condition.text or "") - known
            paths = expressions.attribute_paths(condition.text or "")
        except expressions.ExpressionError:
            continue  # reported by parse_definitions
        problems.extend(
            Problem(file, flow, f"condition reads '{name}', which no form, message or profile provides")
            for name in sorted(unknown)
        )
        problems.extend(
            Problem(file, flow, f"'profiel.{path[1]}' is not a profile setting; see docs/profiles.md")
            for path in sorted(paths)
            if path[0] == "profiel" and path[1] not in PROFILE_KEYS
        )
    return problems


def _check_diagram(file: str, root: etree._Element) -> list[Problem]:
    """Full diagram interchange, shapes inside their lanes, no overlaps, no edges through shapes."""
    problems = []
    shapes: dict[str, Bounds] = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        b = shape.find(f"{{{DC_NS}}}Bounds")
        if b is not None:
            x, y, width, height = (float(b.get(k, 0)) for k in ("x", "y", "width", "height"))
            shapes[shape.get("bpmnElement", "")] = (x, y, width, height)
    edges = {
        e.get("bpmnElement", ""): [
            (float(p.get("x", 0)), float(p.get("y", 0))) for p in e.iter(f"{{{DI_NS}}}waypoint")
        ]
        for e in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge")
    }
    nodes = [n for tag in FLOW_NODES for n in root.iter(f"{{{BPMN_NS}}}{tag}")]
    for element in [*root.xpath("//bpmn:participant | //bpmn:lane", namespaces=NS), *nodes]:
        if element.get("id") not in shapes:
            problems.append(Problem(file, element.get("id", "?"), "has no shape in the diagram"))
    for flow in root.xpath("//bpmn:sequenceFlow", namespaces=NS):
        if len(edges.get(flow.get("id", ""), [])) < 2:
            problems.append(Problem(file, flow.get("id", "?"), "has no edge in the diagram"))
    placed = [
        (n.get("id", ""), shapes[n.get("id", "")])
        for n in nodes
        if n.get("id") in shapes and etree.QName(n).localname != "boundaryEvent"
    ]
    inside = _subprocesses_around(root)
    for i, (a, box_a) in enumerate(placed):
        for b, box_b in placed[i + 1 :]:
            if _overlap(box_a, box_b) and a not in inside.get(b, ()) and b not in inside.get(a, ()):
                problems.append(Problem(file, a, f"shape overlaps {b}"))
    for lane in root.xpath("//bpmn:lane", namespaces=NS):
        lane_box = shapes.get(lane.get("id", ""))
        for ref in lane.iterfind(f"{{{BPMN_NS}}}flowNodeRef"):
            box = shapes.get((ref.text or "").strip())
            if lane_box and box and not _inside(box, lane_box) and not _is_boundary(root, ref.text or ""):
                problems.append(
                    Problem(file, (ref.text or "").strip(), f"shape lies outside its lane {lane.get('id')}")
                )
    for flow in root.xpath("//bpmn:sequenceFlow", namespaces=NS):
        points = edges.get(flow.get("id", ""), [])
        ends = {flow.get("sourceRef"), flow.get("targetRef")} | inside.get(flow.get("id", ""), set())
        for node_id, box in placed:
            if node_id not in ends and any(
                _crosses(p, q, box) for p, q in zip(points, points[1:], strict=False)
            ):
                problems.append(Problem(file, flow.get("id", "?"), f"edge runs through {node_id}"))
    return problems


def _check_names(file: str, root: etree._Element) -> list[Problem]:
    """Every name drawn whole where bpmn-js draws it: no word cut in the middle (ADR 25)."""
    problems = []
    elements = {e.get("id"): e for e in root.iter(f"{{{BPMN_NS}}}*") if e.get("id")}
    hosts = {e.get("attachedToRef") for e in root.iter(f"{{{BPMN_NS}}}boundaryEvent")}
    for shape in [*root.iter(f"{{{BPMNDI_NS}}}BPMNShape"), *root.iter(f"{{{BPMNDI_NS}}}BPMNEdge")]:
        element = elements.get(shape.get("bpmnElement"))
        name = (element.get("name") or "") if element is not None else ""
        if element is None or not name.strip():
            continue
        tag, element_id = etree.QName(element).localname, element.get("id", "?")
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        label = shape.find(f"{{{BPMNDI_NS}}}BPMNLabel/{{{DC_NS}}}Bounds")
        if tag in labels.NAMED_INSIDE and bounds is not None:
            width, height = float(bounds.get("width", 0)), float(bounds.get("height", 0))
            icon, boundary = tag in labels.ICON_TASKS, element_id in hosts
            if not labels.task_fits(name, width, height, icon, boundary):
                cut = labels.broken_words(name, labels.task_lines(name, width))
                how = (
                    f"bpmn-js cuts '{cut[0]}'" if cut else "its lines run outside the box or beside the icon"
                )
                need = labels.task_size(name, height, icon, boundary)
                problems.append(
                    Problem(
                        file,
                        element_id,
                        f"the name does not fit the task ({width:g} x {height:g}): {how}; make it at least "
                        f"{need:g} wide (procesregie layout --fit)",
                    )
                )
        elif label is not None:
            width = float(label.get("width", 0))
            cut = labels.broken_words(name, labels.wrap(name, width, labels.LABEL_FONT))
            if cut:
                problems.append(
                    Problem(
                        file,
                        element_id,
                        f"bpmn-js cuts '{cut[0]}' in the name's label ({width:g} wide); widen the label",
                    )
                )
    return problems


def _subprocesses_around(root: etree._Element) -> dict[str, set[str]]:
    """The (event) subprocesses each element lies in: a subprocess's shape contains its children's
    shapes and edges, which is no overlap."""
    around: dict[str, set[str]] = {}
    for sub in root.iter(f"{{{BPMN_NS}}}subProcess"):
        for child in sub.iter(f"{{{BPMN_NS}}}*"):
            if child is not sub and child.get("id"):
                around.setdefault(child.get("id", ""), set()).add(sub.get("id", ""))
    return around


def _is_boundary(root: etree._Element, element_id: str) -> bool:
    return bool(root.xpath("//bpmn:boundaryEvent[@id=$id]", namespaces=NS, id=element_id.strip()))


def _overlap(a: Bounds, b: Bounds) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _inside(inner: Bounds, outer: Bounds, tolerance: float = 1.0) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[0] + inner[2] <= outer[0] + outer[2] + tolerance
        and inner[1] + inner[3] <= outer[1] + outer[3] + tolerance
    )


def _crosses(p: tuple[float, float], q: tuple[float, float], box: Bounds, margin: float = 2.0) -> bool:
    """Whether segment p-q passes through the inside of a box (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = box[0] + margin, box[1] + margin, box[0] + box[2] - margin, box[1] + box[3] - margin
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


# -- mistakes caught at deploy, not in a case (docs/modelling.md#fouten-die-lint-vangt) -------------

_ORDER_SAMPLES = {"long": 1, "bedrag": 1.5, "string": "tekst", "date": "2026-01-01", "boolean": True}
_DURATION_LIKE = re.compile(r"[Pp]T?\d\w*")


def _check_mistakes(file: str, root: etree._Element, definition: bpmn.ProcessDefinition) -> list[Problem]:
    """What lints clean elsewhere but misroutes or stops a case: a condition comparing an enum field
    with a value it does not have, a timer reading a variable that is no date or duration set
    before it, a script or condition that fails at run time on the fields' types, and (a warning)
    a condition on an optional field that may be left empty."""
    fields = _fields_by_id(definition)
    problems: list[Problem] = []
    for condition in root.xpath("//bpmn:conditionExpression", namespaces=NS):
        flow = condition.getparent()
        problems += _check_condition(file, _named(flow), flow.get("id", "?"), condition.text or "", fields)
    for script in root.xpath("//bpmn:scriptTask", namespaces=NS):
        text = script.findtext(f"{{{BPMN_NS}}}script") or ""
        try:
            expressions.parse_script(text)
        except expressions.ExpressionError as err:
            problems.append(
                Problem(file, script.get("id", "?"), f"script of {_named(script)}: {err.message}")
            )
    setters = _setters(definition)
    for name, scripts in _script_assignments(root).items():
        setters.setdefault(name, set()).update(scripts)
    for node in root.xpath("//bpmn:timeDuration | //bpmn:timeDate | //bpmn:timeCycle", namespaces=NS):
        event = node.getparent().getparent()
        problems += _check_timer_variables(file, root, event, node, fields, setters)
    return problems


def _named(element: etree._Element) -> str:
    """How a message names an element: its name and id, or its id."""
    name = " ".join((element.get("name") or "").split())
    return f"'{name}' ({element.get('id', '?')})" if name else str(element.get("id", "?"))


def _fields_by_id(definition: bpmn.ProcessDefinition) -> dict[str, list[tuple[str, FormField]]]:
    """Every form field of the process by id, with the name of the task or start event it is on."""
    found: dict[str, list[tuple[str, FormField]]] = {}
    for f in definition.start_form.fields:
        found.setdefault(f.id, []).append(("the start form", f))
    for task in definition.tasks.values():
        for f in task.form.fields:
            found.setdefault(f.id, []).append((f"'{task.name}' ({task.id})", f))
    return found


def _check_condition(
    file: str, flow: str, flow_id: str, text: str, fields: dict[str, list[tuple[str, FormField]]]
) -> list[Problem]:
    try:
        tree = expressions.parse(text)
        read = expressions.variables(text)
    except expressions.ExpressionError:
        return []  # reported by parse_definitions
    problems = []
    for name, values in _compared_values(tree):
        enums = [f for _, f in fields.get(name, []) if f.type == "enum"]
        if not enums or len(enums) != len(fields.get(name, [])):
            continue  # not only enum fields by that id: any text may be right
        allowed = list(dict.fromkeys(option for f in enums for option, _ in f.options))
        wrong = [v for v in values if v not in allowed]
        if wrong:
            problems.append(
                Problem(
                    file,
                    flow_id,
                    f"condition of flow {flow} compares {name} with '{wrong[0]}', which is not one of "
                    f"its values: {', '.join(allowed)}",
                )
            )
    if read and all(name in fields for name in read):
        sample = {name: _sample(fields[name][0][1]) for name in read}
        try:
            expressions.evaluate(text, sample)
        except expressions.ExpressionError as err:
            if err.message.startswith("TypeError") or "formats no text" in err.message:
                problems.append(
                    Problem(
                        file,
                        flow_id,
                        f"condition of flow {flow} fails at run time on the form's types "
                        f"({', '.join(f'{n}: {fields[n][0][1].type}' for n in sorted(read))}): {err.message}",
                    )
                )
    for name in sorted(read - _null_tested(tree)):
        optional = [(where, f) for where, f in fields.get(name, []) if not f.required]
        if optional:
            where, f = optional[0]
            problems.append(
                Problem(
                    file,
                    flow_id,
                    f"condition of flow {flow} reads '{name}', an optional field of {where}: left empty, "
                    "every comparison with it is false (!= is true; == null tests for it, "
                    "docs/modelling.md); make the field required, or let the gateway's default flow take "
                    "the empty case",
                    severity="warning",
                )
            )
    return problems


def _null_tested(tree: ast.expr) -> set[str]:
    """The names a condition compares with null (``x == null``, ``x != null``): it asks itself whether
    the field was left empty, so it needs no warning that an empty field compares false."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                continue
            for name, other in ((left, right), (right, left)):
                if isinstance(name, ast.Name) and _is_null(other):
                    found.add(name.id)
    return found


def _is_null(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Name) and node.id in ("null", "None")
    )


def _compared_values(tree: ast.expr) -> list[tuple[str, list[str]]]:
    """(name, texts) for each ``name == 'text'``, ``name != 'text'`` and ``name in ['a', 'b']``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
            if isinstance(right, ast.Name) and isinstance(op, (ast.Eq, ast.NotEq)):
                left, right = right, left
            if not isinstance(left, ast.Name):
                continue
            if isinstance(op, (ast.Eq, ast.NotEq)):
                items = [right]
            elif isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.List, ast.Tuple, ast.Set)):
                items = list(right.elts)
            else:
                continue
            texts = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
            if texts:
                found.append((left.id, texts))
    return found


def _sample(f: FormField) -> object:
    """A value of the field's type, as the case data holds it."""
    if f.type == "enum":
        return f.options[0][0]
    return _ORDER_SAMPLES.get(f.type, "tekst")


def _setters(definition: bpmn.ProcessDefinition) -> dict[str, set[str]]:
    """The ids of the tasks (and start events) that set each form field."""
    setters: dict[str, set[str]] = {}
    for f in definition.start_form.fields:
        setters.setdefault(f.id, set()).update(definition.start_event_ids)
    for task in definition.tasks.values():
        for f in task.form.fields:
            setters.setdefault(f.id, set()).add(task.id)
    return setters


def _script_assignments(root: etree._Element) -> dict[str, set[str]]:
    """The variables script tasks assign (``naam = expressie``), with the ids of the scripts: a
    variable a script computes (a term's end date, say) is provided like a form field."""
    assigned: dict[str, set[str]] = {}
    for script in root.xpath("//bpmn:scriptTask", namespaces=NS):
        try:
            lines = expressions.parse_script(script.findtext(f"{{{BPMN_NS}}}script") or "")
        except expressions.ExpressionError:
            continue  # reported by _check_mistakes
        for name, _ in lines:
            assigned.setdefault(name, set()).add(script.get("id", "?"))
    return assigned


def _check_timer_variables(
    file: str,
    root: etree._Element,
    event: etree._Element,
    node: etree._Element,
    fields: dict[str, list[tuple[str, FormField]]],
    setters: dict[str, set[str]],
) -> list[Problem]:
    text = (node.text or "").strip()
    kind = etree.QName(node).localname
    inner = expressions.unwrap(text)
    if bpmn.ISO_8601.match(inner.strip("'\"")):
        return []  # a duration, date or cycle: bpmn's timer checks check it
    try:
        read = expressions.variables(text) - {"profiel"}
    except expressions.ExpressionError:
        return []  # not an expression: bpmn's timer checks report it
    if not read:
        return []
    named, event_id = _named(event), event.get("id", "?")
    computed = inner in setters and inner not in fields  # by a script: no form field type to check
    if inner.isidentifier() and not computed:
        wanted = ("date", "string") if kind == "timeDate" else ("string", "enum")
        usable = [f for _, f in fields.get(inner, []) if f.type in wanted]
        if not usable:
            if _DURATION_LIKE.fullmatch(inner):
                message = f"timer of {named}: {bpmn.check_timer('timeDuration', inner, _now())}"
            else:
                what = "date field" if kind == "timeDate" else "duration field (text or enum)"
                message = f"timer of {named} reads '{inner}', which is no {what} of this process's forms"
            return [Problem(file, event_id, message)]
        invalid = [
            o for f in usable if f.type == "enum" for o, _ in f.options if bpmn.check_timer(kind, o, _now())
        ]
        if invalid:
            return [
                Problem(
                    file,
                    event_id,
                    f"timer of {named} reads '{inner}', whose value '{invalid[0]}' is no timer",
                )
            ]
    problems = []
    start = _timer_start(root, event)
    for name in sorted(read):
        if name not in setters:
            problems.append(Problem(file, event_id, f"timer of {named} reads '{name}', which no form sets"))
        elif not _always_before(root, setters[name], start):
            problems.append(
                Problem(
                    file,
                    event_id,
                    f"timer of {named} reads '{name}', which is not set on every path before the timer "
                    f"starts (set by {', '.join(sorted(setters[name]))})",
                )
            )
    if all(name in fields for name in read):
        try:
            expressions.evaluate(text, {name: _sample(fields[name][0][1]) for name in read})
        except expressions.ExpressionError as err:
            if err.message.startswith("TypeError"):
                problems.append(
                    Problem(
                        file,
                        event_id,
                        f"timer of {named} fails at run time on the form's types: {err.message}",
                    )
                )
    return problems


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _timer_start(root: etree._Element, event: etree._Element) -> str:
    """The element whose start starts a timer: the activity a boundary timer is attached to."""
    if etree.QName(event).localname == "boundaryEvent":
        return str(event.get("attachedToRef", ""))
    return str(event.get("id", ""))


def _always_before(root: etree._Element, setters: set[str], target: str) -> bool:
    """Whether every path from a start event to ``target`` passes one of ``setters``: the flow graph
    without the setters no longer reaches it. A subprocess is entered at its start events and
    left after its end events. An event subprocess is armed once its enclosing process or
    subprocess has started, so its start events follow the start events of that scope: a timer
    of an event subprocess may read the case's start form (Awb 9:11, a term from the receipt)."""
    if target in setters:
        return False
    graph: dict[str, list[str]] = {}
    starts = []
    for process in root.iter(f"{{{BPMN_NS}}}process"):
        starts += [s.get("id", "") for s in process.iterfind(f"{{{BPMN_NS}}}startEvent")]
    subprocesses = {s.get("id", "") for s in root.iter(f"{{{BPMN_NS}}}subProcess")}
    for sub in root.iter(f"{{{BPMN_NS}}}subProcess"):
        sid = sub.get("id", "")
        scope = sub.getparent()
        scope_starts = (
            [] if scope is None else [s.get("id", "") for s in scope.iterfind(f"{{{BPMN_NS}}}startEvent")]
        )
        for start in sub.iterfind(f"{{{BPMN_NS}}}startEvent"):
            if sub.get("triggeredByEvent") == "true" and scope_starts:
                for scope_start in scope_starts:
                    graph.setdefault(scope_start, []).append(start.get("id", ""))
            elif sub.get("triggeredByEvent") == "true":
                starts.append(start.get("id", ""))
            else:
                graph.setdefault(sid, []).append(start.get("id", ""))
        for end in sub.iterfind(f"{{{BPMN_NS}}}endEvent"):
            graph.setdefault(end.get("id", ""), []).append(f"{sid}:left")
    for flow in root.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        source = flow.get("sourceRef", "")
        source = f"{source}:left" if source in subprocesses else source
        graph.setdefault(source, []).append(flow.get("targetRef", ""))
    for boundary in root.iter(f"{{{BPMN_NS}}}boundaryEvent"):
        graph.setdefault(boundary.get("attachedToRef", ""), []).append(boundary.get("id", ""))
    # A parallel join goes on only once every flow into it has arrived: reached without a setter only
    # when each of its sources is.
    joins: dict[str, list[str]] = {}
    for gateway in root.iter(f"{{{BPMN_NS}}}parallelGateway"):
        incoming = root.xpath(
            "//bpmn:sequenceFlow[@targetRef=$id]/@sourceRef", namespaces=NS, id=gateway.get("id")
        )
        if len(incoming) > 1:
            joins[gateway.get("id", "")] = [f"{s}:left" if s in subprocesses else s for s in incoming]
    seen = set(setters)
    reached: set[str] = set()
    todo = [s for s in starts if s not in seen]
    while todo:
        current = todo.pop()
        if current == target:
            return False
        if current in seen:
            continue
        reached.add(current)
        if current in joins and not all(source in reached for source in joins[current]):
            continue  # waits for its other flows; a later source arriving pushes it again
        seen.add(current)
        todo.extend(n for n in graph.get(current, []) if n not in seen)
    return True
