"""The one module that configures SpiffWorkflow: parser, script engine and serializer.

Nothing else in procesregie builds a parser or serializer. A set of BPMN files is
parsed into :class:`ProcessDefinition` objects (one per executable process, with
the called processes it needs); a case's workflow is stored without its spec and
rebuilt against the definition of the version the case started on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from uuid import UUID

from lxml import etree
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator, full_tag
from SpiffWorkflow.bpmn.parser.event_parsers import (
    CONDITIONAL_EVENT_XPATH,
    ERROR_EVENT_XPATH,
    ESCALATION_EVENT_XPATH,
    MESSAGE_EVENT_XPATH,
    SIGNAL_EVENT_XPATH,
    TIMER_EVENT_XPATH,
)
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default import workflow as workflow_converters
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnSubWorkflowConverter,
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.data_spec import TaskDataReference
from SpiffWorkflow.bpmn.specs.defaults import StartEvent
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import CallActivity, SubWorkflowTask
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.camunda.parser.event_parsers import CamundaStartEventParser
from SpiffWorkflow.camunda.parser.task_spec import UserTaskParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.camunda.specs.event_definitions import (
    MessageEventDefinition as CamundaMessageEventDefinition,
)
from SpiffWorkflow.camunda.specs.user_task import UserTask
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from . import expressions, juel, outcomes, xmldoc
from .config import timer_limits
from .errors import Conflict, Problem, ProcessError, ProcessInvalid
from .forms import Form, parse_form
from .outcomes import End
from .vocabulary import BPMN_NS, CAMUNDA_NS, NS, XSI_NS, lane_role

# Elements SpiffWorkflow parses but cannot run (they stall a case) or rejects late.
UNSUPPORTED = {
    "bpmn:linkEventDefinition": "link events are not supported; connect the flows directly",
    "bpmn:complexGateway": "complex gateways are not supported; use exclusive or parallel gateways",
    "bpmn:compensateEventDefinition": "compensation is not supported",
    "bpmn:serviceTask": "service tasks are not supported; model the work as a user task",
    "bpmn:sendTask": "send tasks are not supported; use a message end or throw event",
    "bpmn:receiveTask": "receive tasks are not supported; use an intermediate message catch event",
    "bpmn:businessRuleTask": "business rule tasks are not supported yet",
    "bpmn:manualTask": "manual tasks are not supported; use a user task in the lane of the role that does it",
    "bpmn:task": "untyped tasks are not supported; use a user task in the lane of the role that does it",
    "bpmn:adHocSubProcess": "ad-hoc subprocesses are not supported",
    "bpmn:transaction": "transactions are not supported",
}
UNSUPPORTED_CAMUNDA = {
    "camunda:inputOutput": "camunda:inputOutput mappings are ignored by this engine",
    "camunda:in": (
        "camunda:in variable mappings are ignored by this engine (a called process gets all case data)"
    ),
    "camunda:out": (
        "camunda:out variable mappings are ignored by this engine (a called process returns all its data)"
    ),
    "camunda:executionListener": "execution listeners are not supported",
    "camunda:taskListener": "task listeners are not supported",
    "camunda:connector": "connectors are not supported",
}
RESERVED_IDS = {"Start", "End", "Root"}
ISO_8601 = re.compile(
    r"^(R\d*/)?("
    r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
    r"|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?"
    r")(/.*)?$"
)


def _groups(text: str | None) -> tuple[str, ...]:
    """Camunda's comma-separated group list, as lower-case role names."""
    return tuple(g.strip().lower() for g in (text or "").split(",") if g.strip())


def _keep_extras(element: Any, task: Any) -> None:
    """Keep what SpiffWorkflow's Camunda parser drops: formData without formKey, groups, assignee."""
    form, problems = parse_form(element)
    task.form_spec = form
    task.form_problems = problems
    task.candidate_groups = _groups(element.get(f"{{{CAMUNDA_NS}}}candidateGroups"))
    task.assignee = element.get(f"{{{CAMUNDA_NS}}}assignee")
    task.vier_ogen = _groups_of_ids(
        element.xpath(
            "string(bpmn:extensionElements/camunda:properties/camunda:property[@name='vier_ogen']/@value)",
            namespaces=NS,
        )
    )


def _groups_of_ids(text: str) -> tuple[str, ...]:
    """A comma-separated list of element ids, as written."""
    return tuple(i.strip() for i in text.split(",") if i.strip())


class _UserTaskParser(UserTaskParser):
    def parse_extensions(self, node: Any = None) -> dict[str, Any]:
        extensions: dict[str, Any] = super().parse_extensions(node)
        _keep_extras(self.node, self.task)
        return extensions


class _StartEventParser(CamundaStartEventParser):
    def create_task(self) -> Any:
        """SpiffWorkflow's start event, which also reads an error or escalation start event of an event
        subprocess: SpiffWorkflow 3.2's parser reads none (so the event subprocess would start with its
        process), while its runtime starts an event subprocess of the process whose start event catches
        an event that nothing inside the process caught, as it does for a message."""
        xpaths = [MESSAGE_EVENT_XPATH, SIGNAL_EVENT_XPATH, TIMER_EVENT_XPATH, CONDITIONAL_EVENT_XPATH]
        if self.node.getparent().get("triggeredByEvent") == "true":
            xpaths += [ERROR_EVENT_XPATH, ESCALATION_EVENT_XPATH]
        task = self._create_task(self.get_event_definition(xpaths))
        self.spec.start.connect(task)
        return task

    def parse_extensions(self, node: Any = None) -> dict[str, Any]:
        extensions: dict[str, Any] = super().parse_extensions(node)
        _keep_extras(self.node, self.task)
        # SpiffWorkflow reads no isInterrupting; an event subprocess's start event interrupts by default.
        self.task.interrupting = (
            self.node.getparent().get("triggeredByEvent") == "true"
            and self.node.get("isInterrupting", "true").strip().lower() == "true"
        )
        return extensions


class ProcesregieParser(CamundaParser):
    """CamundaParser that also understands Camunda Modeler forms, candidate groups and assignees."""

    OVERRIDE_PARSER_CLASSES = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("userTask"): (_UserTaskParser, UserTask),
        full_tag("startEvent"): (_StartEventParser, StartEvent),
    }


@lru_cache(maxsize=8192)
def _task_id(text: str) -> UUID:
    """A task id from its text in a stored state, parsed once per worker and shared.

    SpiffWorkflow's restore parses every task id up to four times (its key, its id, its parent's, its
    children's) and again at the next request of the case: ``UUID()`` in Python was a quarter of a
    restore. A UUID is immutable, so one object per id serves every task and thread; a task tree that
    holds one object per id also finds a parent by identity, without UUID's own ``__eq__``.
    """
    return UUID(text)


workflow_converters.UUID = _task_id  # the name SpiffWorkflow's restore calls


def tasks_to_dict(registry: Any, tasks: dict[UUID, Task]) -> dict[str, Any]:
    """A workflow's tasks as SpiffWorkflow's ``TaskConverter`` writes them, in one pass over the tasks.

    The same dictionaries (each task's data as its changes to its parent's, a task without a parent
    with its whole data) without the registry's dispatch per task and value, which with the parent
    looked up three times and every id turned into text up to four times was two thirds of writing a
    case's state at each step. tests/process_driver.py checks every step of the process walks against
    SpiffWorkflow's own conversion.
    """
    text = {task: str(task_id) for task_id, task in tasks.items()}  # keyed by the task: hashed by identity
    find = tasks.get  # a UUID hashes in Python: each id is looked up once
    converted = {}
    for task, own in text.items():
        parent = find(task._parent)  # Task.parent: the task's own workflow's tasks
        if parent is None:
            data, delta = task.data, {}
        else:
            before, after = parent.data, task.data
            data = {}
            delta = {
                "updates": {k: v for k, v in after.items() if k not in before or v != before[k]},
                "deletions": [k for k in before if k not in after],
            }
        converted[own] = {
            "id": own,
            "parent": text[parent] if parent is not None else None,
            "children": [text.get(find(child)) or str(child) for child in task._children],
            "last_state_change": task.last_state_change,
            "state": task.state,
            "task_spec": task.task_spec.name,
            "triggered": task.triggered,
            "internal_data": registry.convert(task.internal_data) if task.internal_data else {},
            "data": data,
            "delta": delta,
            "typename": registry.typenames[task.__class__],
        }
    return converted


class _TasksInOnePass:
    """A workflow converter whose workflow's tasks are converted by :func:`tasks_to_dict`."""

    registry: Any

    def mapping_to_dict(self, mapping: Any, **kwargs: Any) -> dict[str, Any]:
        if mapping and isinstance(next(iter(mapping.values())), Task):
            return tasks_to_dict(self.registry, mapping)
        return super().mapping_to_dict(mapping, **kwargs)  # type: ignore[misc,no-any-return]  # SpiffWorkflow's


class _SubWorkflowConverter(_TasksInOnePass, BpmnSubWorkflowConverter):
    """A subprocess of a case's workflow, as SpiffWorkflow serializes it."""


class _CaseWorkflowConverter(_TasksInOnePass, BpmnWorkflowConverter):
    """Serializes a workflow without its spec: the spec is stored once per process version."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], definition: ProcessDefinition | None = None) -> BpmnWorkflow:
        assert definition is not None, "a case's workflow is restored against its process definition"
        workflow = self.target_class(
            definition.spec, definition.subprocess_specs, script_engine=SCRIPT_ENGINE, deserializing=True
        )
        workflow.tasks = self.mapping_from_dict(dct["tasks"], _task_id, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(_task_id(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


class _ConditionEnvironment(BasePythonScriptEngineEnvironment):
    """SpiffWorkflow's script environment, evaluating the condition language instead of eval/exec."""

    def __init__(self) -> None:
        super().__init__({})

    def evaluate(
        self, expression: str, context: Mapping[str, Any], external_context: Mapping[str, Any] | None = None
    ) -> Any:
        return expressions.evaluate(expression, {**context, **(external_context or {})})

    def execute(
        self, script: str, context: dict[str, Any], external_context: Mapping[str, Any] | None = None
    ) -> bool:
        expressions.execute(script, context)
        return True

    def call_service(self, context: Mapping[str, Any], **kwargs: Any) -> Any:
        raise expressions.ExpressionError("", "service tasks are not supported")


SCRIPT_ENGINE = PythonScriptEngine(environment=_ConditionEnvironment())
_REGISTRY = BpmnWorkflowSerializer.configure(
    {**CAMUNDA_CONFIG, BpmnWorkflow: _CaseWorkflowConverter, BpmnSubWorkflow: _SubWorkflowConverter}
)
_SERIALIZER = BpmnWorkflowSerializer(_REGISTRY)
SERIALIZER_VERSION = _SERIALIZER.VERSION
# Completed ancestors kept above the oldest unfinished task; joins and boundary events look a few levels up.
KEEP_ANCESTORS = 8


@dataclass
class HumanTaskInfo:
    """What the application needs to know about one user task of a process."""

    id: str
    name: str
    role: str | None
    lane: str | None
    organisatie: str | None
    """The organisation that holds the work of its lane (the lane's ``organisatie`` property)."""
    form: Form
    candidate_groups: tuple[str, ...]
    assignee: str | None
    vier_ogen: tuple[str, ...] = ()
    """The user tasks whose doers may not do this one (the property ``vier_ogen``): a second pair of
    eyes on a decision taken under mandaat."""

    @property
    def roles(self) -> tuple[str, ...]:
        """Roles that may claim and complete the task: its candidate groups, else its lane's role."""
        if self.candidate_groups:
            return self.candidate_groups
        return (self.role,) if self.role else ()


@dataclass
class ProcessDefinition:
    """One executable process at one version: the parsed spec and what the API shows of it."""

    process_id: str
    name: str
    content_hash: str
    file: str
    files: dict[str, bytes]
    spec: Any
    subprocess_specs: dict[str, Any]
    documentation: str
    properties: dict[str, str]
    start_form: Form
    tasks: dict[str, HumanTaskInfo] = field(default_factory=dict)
    lanes: dict[str, str | None] = field(default_factory=dict)
    lane_organisations: dict[str, str | None] = field(default_factory=dict)
    start_event_ids: set[str] = field(default_factory=set)
    starter_groups: tuple[str, ...] = ()
    """The process's ``camunda:candidateStarterGroups``: the roles that may start a case (else the staff
    roles of its tasks)."""
    ends: dict[str, End] = field(default_factory=dict)
    """The end events that can end a case, by element id, with their outcome type (engine.outcomes)."""
    message_forms: dict[str, Form] = field(default_factory=dict)
    """The payload a message must carry, by message name, where its ``bpmn:message`` declares fields
    (``camunda:formData``, as a user task's form); a message without is delivered as it comes."""

    @property
    def phase(self) -> str | None:
        return self.properties.get("fase")

    @property
    def roles(self) -> list[str]:
        """The roles of its tasks and those that may start it: the staff who see its cases."""
        return sorted({r for t in self.tasks.values() for r in t.roles} | set(self.starter_groups))

    def task_info(self, task_spec: Any) -> HumanTaskInfo:
        """Info of a (possibly called-process) task spec; keyed by process and element id."""
        return self.tasks[_task_key(task_spec)]

    def forms(self) -> list[Form]:
        """Every form of the process: its start form and those of its user tasks."""
        return [self.start_form, *(t.form for t in self.tasks.values())]

    def task_by_element(self, element_id: str) -> HumanTaskInfo:
        """Info of a user task by its BPMN element id."""
        return next(t for t in self.tasks.values() if t.id == element_id)

    def summary(self) -> dict[str, Any]:
        """The JSON description stored with the version and shown by the API."""
        return {
            "file": self.file,
            "documentation": self.documentation,
            "properties": self.properties,
            "lanes": [
                {"name": n, "role": r, "organisatie": self.lane_organisations.get(n)}
                for n, r in self.lanes.items()
            ],
            "start_form": self.start_form.as_list(),
            "tasks": [
                {
                    "id": t.id,
                    "name": t.name,
                    "role": t.role,
                    "lane": t.lane,
                    "organisatie": t.organisatie,
                    "roles": list(t.roles),
                    "assignee": t.assignee,
                    "form": t.form.as_list(),
                }
                for t in self.tasks.values()
            ],
        }


def _task_key(task_spec: Any) -> str:
    process = task_spec._wf_spec.name
    return f"{process}:{task_spec.bpmn_id}"


def content_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes: the key a BPMN file is stored under, byte for byte."""
    return hashlib.sha256(data).hexdigest()


# Attributes whose value is a qualified name: their prefix is resolved before the prefixes are rewritten.
_QNAME_ATTRIBUTES = (f"{{{XSI_NS}}}type",)


def canonical(file: str, data: bytes) -> bytes:
    """The file in canonical XML (C14N 2.0) without comments, formatting whitespace or the designer's
    prefixes: two files that differ only in those, or in the order of attributes and namespace
    declarations, have the same canonical form (docs/adr/0023-versions-by-canonical-content.md).

    Raises:
        ProcessInvalid: the file is not well-formed XML.
    """
    root = xmldoc.read(file, data)
    for node in root.iter():
        for name in _QNAME_ATTRIBUTES:
            value = node.get(name)
            if value:
                prefix, _, local = value.rpartition(":")
                node.set(name, f"{{{node.nsmap.get(prefix or None, '')}}}{local}")
    text: str = etree.canonicalize(
        etree.ElementTree(root), with_comments=False, strip_text=True, rewrite_prefixes=True
    )
    return text.encode()


def version_hash(files: Mapping[str, bytes]) -> str:
    """The content hash of a process version: over the canonical form of its files, in file name order."""
    return content_hash(b"".join(content_hash(canonical(n, files[n])).encode() for n in sorted(files)))


def byte_hash(file_hashes: Mapping[str, str]) -> str:
    """The content hash versions got before migration 0012's release (over the files' bytes): from the
    byte hashes of its files, in file name order."""
    return content_hash(b"".join(file_hashes[n].encode() for n in sorted(file_hashes)))


def parse_definitions(
    files: Mapping[str, bytes],
    resolve: Callable[[str], Mapping[str, bytes] | None] = lambda process_id: None,
) -> list[ProcessDefinition]:
    """Parse and validate BPMN files; return a definition for every executable process in them.

    ``resolve`` supplies the files of a called process that is not among ``files``
    (for example the deployed version of another process).

    Raises:
        ProcessInvalid: every problem found, each naming the file and the element.
    """
    problems: list[Problem] = []
    documents: dict[str, etree._Element] = {}
    for name, data in files.items():
        try:
            documents[name] = xmldoc.read(name, data)
        except ProcessInvalid as err:
            problems.extend(err.problems)
    for name, root in documents.items():
        problems.extend(_check_document(name, root))
    if problems:
        raise ProcessInvalid(problems)

    available = dict(files)
    parser = ProcesregieParser(validator=_validator())
    main_processes: list[str] = []
    try:
        for name, root in documents.items():
            parser.add_bpmn_xml(etree.ElementTree(root), filename=name)
            main_processes.extend(
                p.get("id") for p in root.iterfind(f"{{{BPMN_NS}}}process") if p.get("isExecutable") == "true"
            )
        if not main_processes:
            raise ProcessInvalid(
                [
                    Problem(
                        ", ".join(files) or "(no file)", "bpmn:process", 'no process with isExecutable="true"'
                    )
                ]
            )
        missing = set(parser.get_process_dependencies()) - set(parser.process_parsers)
        while missing:
            process_id = missing.pop()
            extra = resolve(process_id)
            if not extra:
                continue  # reported below by get_subprocess_specs, naming the call activity
            for name, data in extra.items():
                if name not in available:
                    available[name] = data
                    parser.add_bpmn_xml(etree.ElementTree(xmldoc.read(name, data)), filename=name)
            missing = set(parser.get_process_dependencies()) - set(parser.process_parsers)
        definitions = [_definition(parser, process_id, available, problems) for process_id in main_processes]
    except ValidationException as err:
        element = err.id or err.tag or (f"line {err.line_number}" if err.line_number else "definitions")
        raise ProcessInvalid(
            problems + [Problem(err.file_name or "?", element, str(err).split("\n")[0])]
        ) from None
    if problems:
        raise ProcessInvalid(problems)
    return definitions


# libxml2's XML Schema code is used by one thread at a time. Two threads that built the schema
# at once (the first starts on a fresh service worker) broke it for the rest of the process:
# every later parse failed with "Document is not valid XML Schema".
_SCHEMA_LOCK = threading.Lock()


class _SharedValidator(BpmnValidator):
    """The BPMN schema validator, built once and used by one thread at a time.

    It is built only once because loading the XSDs takes ~10 ms.
    """

    def validate(self, bpmn: Any, filename: str | None = None) -> Any:
        with _SCHEMA_LOCK:
            return super().validate(bpmn, filename)


def _validator() -> BpmnValidator:
    with _SCHEMA_LOCK:
        return _build_validator()


@lru_cache(maxsize=1)
def _build_validator() -> BpmnValidator:
    return _SharedValidator()


def _check_document(file: str, root: etree._Element) -> list[Problem]:
    """Checks that need the XML: what SpiffWorkflow accepts silently but cannot run."""
    problems = []
    for tag, refusal in {**UNSUPPORTED, **UNSUPPORTED_CAMUNDA}.items():
        for node in root.iter(f"{{{NS[tag.split(':')[0]]}}}{tag.split(':')[1]}"):
            if not _passes_all_variables(node):
                problems.append(Problem(file, _element_id(node), refusal))
    for node in root.xpath("//bpmn:*[@isForCompensation='true']", namespaces=NS):
        problems.append(Problem(file, node.get("id", "?"), "compensation is not supported"))
    for node in root.xpath("//bpmn:*[@id]", namespaces=NS):
        if node.get("id") in RESERVED_IDS:
            problems.append(
                Problem(
                    file,
                    node.get("id"),
                    f"the id '{node.get('id')}' is reserved by the engine; choose another id",
                )
            )
    now = dt.datetime.now(dt.UTC)
    for node in root.xpath("//bpmn:timeDuration | //bpmn:timeDate | //bpmn:timeCycle", namespaces=NS):
        text = (node.text or "").strip()
        literal = _timer_literal(text)
        if literal is None and not _is_expression(text):
            message: str | None = (
                f"timer '{text[:100]}' is not an ISO 8601 duration or date (e.g. P8W, PT4H, 2027-01-01)"
            )
        else:
            message = literal and check_timer(etree.QName(node).localname, literal, now)
        if message:
            problems.append(Problem(file, _element_id(node), message))
    for node in root.xpath("//bpmn:conditionExpression", namespaces=NS):
        try:
            expressions.parse(node.text or "")
        except expressions.ExpressionError as err:
            shown = f"condition {node.text.strip()}" if juel.is_juel(node.text or "") else "condition"
            problems.append(Problem(file, node.getparent().get("id", "?"), f"{shown}: {err.message}"))
    return problems


def _passes_all_variables(node: etree._Element) -> bool:
    """``<camunda:in variables="all" />`` (or ``out``): what a call activity does here anyway."""
    return (
        etree.QName(node).localname in ("in", "out")
        and node.get("variables") == "all"
        and node.get("local") != "true"
        and len(node.attrib) == 1
    )


def _element_id(node: etree._Element) -> str:
    """The id of the flow element a node belongs to (an event, not its event definition)."""
    current: etree._Element | None = node
    while current is not None:
        tag = etree.QName(current).localname
        if (
            current.get("id")
            and not tag.endswith("EventDefinition")
            and current.tag.startswith(f"{{{BPMN_NS}}}")
        ):
            return str(current.get("id"))
        current = current.getparent()
    return str(etree.QName(node).localname)


def _timer_literal(text: str) -> str | None:
    """The ISO value of a timer as designers write it: P8W, "P8W", ${'P8W'}."""
    inner = expressions.unwrap(text)
    if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
        inner = inner[1:-1]
    return inner if ISO_8601.match(inner) else None


_DURATION = re.compile(
    r"P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_CYCLE = re.compile(r"R(\d*)/(.+)")
_DAYS_PER = (365.25, 30.44, 7.0, 1.0, 1 / 24, 1 / 1440, 1 / 86400)  # Y M W D H M S


def check_timer(kind: str, value: str, now: dt.datetime) -> str | None:
    """What is wrong with a timer value of a ``timeDuration``, ``timeDate`` or ``timeCycle``, if anything.

    A duration may not exceed the configured maximum (``PROCESREGIE_TIMER_MAX_YEARS``); a date must
    lie after ``now`` and within that maximum from it; a cycle names its number of repetitions
    (``R5/P1W``), at most ``PROCESREGIE_TIMER_MAX_REPETITIONS``, and a duration, optionally after
    a start date (``R3/2027-01-01T09:00:00Z/P1D``).
    """
    limits = timer_limits()
    if kind == "timeCycle":
        cycle = _CYCLE.fullmatch(value)
        if cycle is None:
            return f"timer cycle '{value}' must repeat a duration: R<count>/<duration>, e.g. R3/P1W"
        if not cycle.group(1):
            return (
                f"timer cycle '{value}' repeats without end; give the number of repetitions, e.g. "
                f"R{min(3, limits.timer_max_repetitions)}/{cycle.group(2).split('/')[-1]}"
            )
        count = int(cycle.group(1))
        if not 1 <= count <= limits.timer_max_repetitions:
            return (
                f"timer cycle '{value}' repeats {count} times; between 1 and "
                f"{limits.timer_max_repetitions} repetitions are allowed"
            )
        parts = cycle.group(2).split("/")
        if len(parts) == 2:
            return check_timer("timeDate", parts[0], now) or check_timer("timeDuration", parts[1], now)
        if len(parts) == 1:
            return check_timer("timeDuration", parts[0], now)
        return f"timer cycle '{value}' must be R<count>/<duration> or R<count>/<start date>/<duration>"
    if kind == "timeDuration":
        duration = _DURATION.fullmatch(value)
        try:
            parse_duration(value, now)
        except ValueError as err:
            return f"timer duration '{value}' is not an ISO 8601 duration (e.g. P8W, PT4H): {err}"
        assert duration is not None  # parse_duration matched it
        days = sum(float(n) * per for n, per in zip(duration.groups(), _DAYS_PER, strict=True) if n)
        if days > limits.timer_max_years * 365.25:
            return (
                f"timer duration '{value}' is longer than the maximum of {limits.timer_max_years:g} years "
                "(PROCESREGIE_TIMER_MAX_YEARS)"
            )
        return None
    if _DATE.fullmatch(value) is None:
        return f"timer date '{value}' is not an ISO 8601 date (e.g. 2027-01-01T09:00:00Z)"
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError as err:
        return f"timer date '{value}' is not a valid date: {err}"
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    if when <= now:
        return f"timer date '{value}' lies in the past; it would fire at once"
    if when - now > dt.timedelta(days=limits.timer_max_years * 365.25):
        return (
            f"timer date '{value}' lies more than {limits.timer_max_years:g} years ahead "
            "(PROCESREGIE_TIMER_MAX_YEARS)"
        )
    return None


def _is_expression(text: str) -> bool:
    """A timer given as an expression over case data (e.g. einddatum_plan)."""
    try:
        expressions.parse(text)
    except expressions.ExpressionError:
        return False
    return not ISO_8601.match(text) and bool(expressions.variables(text))


def _definition(
    parser: ProcesregieParser, process_id: str, files: dict[str, bytes], problems: list[Problem]
) -> ProcessDefinition:
    spec = parser.get_spec(process_id)
    subprocess_specs = parser.get_subprocess_specs(process_id)
    process_parser = parser.get_process_parser(process_id)
    node = process_parser.node
    filename = process_parser.filename
    used = {filename} | {parser.get_process_parser(s).filename for s in subprocess_specs}
    version_files = {n: files[n] for n in sorted(used)}
    digest = version_hash(version_files)
    documentation = " ".join((node.findtext(f"{{{BPMN_NS}}}documentation") or "").split())
    properties = {
        p.get("name"): p.get("value", "")
        for p in node.iterfind(
            f"{{{BPMN_NS}}}extensionElements/{{{CAMUNDA_NS}}}properties/{{{CAMUNDA_NS}}}property"
        )
    }
    definition = ProcessDefinition(
        process_id=process_id,
        name=node.get("name") or process_id,
        content_hash=digest,
        file=filename,
        files=version_files,
        spec=spec,
        subprocess_specs=subprocess_specs,
        documentation=documentation,
        properties=properties,
        start_form=Form(),
        starter_groups=_groups(node.get(f"{{{CAMUNDA_NS}}}candidateStarterGroups")),
    )
    for group in definition.starter_groups:
        if lane_role(group) is None:
            problems.append(Problem(filename, process_id, f"candidate starter group '{group}' is not a role"))
    definition.ends = {end.element: end for end in outcomes.ends(node)}
    _mark_case_ends(definition, node)
    roots = {
        parser.get_process_parser(s).filename: parser.get_process_parser(s)
        for s in [process_id, *subprocess_specs]
    }
    for file_name, owner in sorted(roots.items()):
        _read_message_forms(definition, owner.node.getroottree().getroot(), file_name, problems)
    for process_spec in [spec, *subprocess_specs.values()]:
        file = parser.get_process_parser(process_spec.name).filename
        organisations: dict[str, str | None] = {}
        # An embedded subprocess has no lanes of its own: its tasks sit in the lanes of its process.
        node = parser.get_process_parser(process_spec.name).node
        process_node = next(
            (n for n in [node, *node.iterancestors()] if etree.QName(n).localname == "process"), node
        )
        for lane in process_node.xpath(".//bpmn:lane", namespaces=NS):
            lane_name = lane.get("name") or ""
            definition.lanes.setdefault(lane_name, lane_role(lane_name))
            organisations[lane_name] = lane_organisation(lane)
            definition.lane_organisations.setdefault(lane_name, organisations[lane_name])
        for task_spec in process_spec.task_specs.values():
            _prepare_task_spec(definition, process_spec, task_spec, file, problems, organisations)
            if isinstance(task_spec, SubWorkflowTask) and task_spec.spec in parser.process_parsers:
                called = parser.get_process_parser(task_spec.spec).node  # an expanded subprocess's too
                if etree.QName(called).localname == "process" and called.xpath(
                    "bpmn:subProcess[@triggeredByEvent='true']", namespaces=NS
                ):
                    message = (
                        f"calls '{task_spec.spec}', which has event subprocesses: SpiffWorkflow 3.2 starts "
                        "those of the case's own process only (in a called process a message would not "
                        "reach one, a timer start would hold the case open); model them in the calling "
                        "process, or use an expanded subprocess with boundary events"
                    )
                    problems.append(Problem(file, task_spec.bpmn_id, message))
    return definition


def _read_message_forms(
    definition: ProcessDefinition, root: etree._Element, file: str, problems: list[Problem]
) -> None:
    """The payload fields a file's messages declare (their ``camunda:formData``)."""
    for message in root.iterfind(f"{{{BPMN_NS}}}message"):
        form, form_problems = parse_form(message)
        problems.extend(Problem(file, message.get("id", "?"), problem) for problem in form_problems)
        if form.fields:
            definition.message_forms.setdefault(message.get("name") or "", form)


def _mark_case_ends(definition: ProcessDefinition, node: etree._Element) -> None:
    """Give the end event specs of the process and of its event subprocesses their :class:`End`, so
    that a step notes which one ended the case (:func:`outcome`)."""
    event_subprocesses = set(node.xpath("bpmn:subProcess[@triggeredByEvent='true']/@id", namespaces=NS))
    definition.spec.case_ends = definition.ends
    for process_spec in [definition.spec, *definition.subprocess_specs.values()]:
        if process_spec is not definition.spec and process_spec.name not in event_subprocesses:
            continue  # an embedded subprocess or a called process: its ends do not end the case
        for task_spec in process_spec.task_specs.values():
            if isinstance(task_spec, EndEvent) and task_spec.bpmn_id in definition.ends:
                task_spec.case_end = definition.ends[task_spec.bpmn_id]


def lane_organisation(lane: etree._Element) -> str | None:
    """The lane's ``organisatie`` property: the organisation that holds its work, if the designer named it."""
    values = lane.xpath(
        "bpmn:extensionElements/camunda:properties/camunda:property[@name='organisatie']/@value",
        namespaces=NS,
    )
    return str(values[0]) if values else None


def _prepare_task_spec(
    definition: ProcessDefinition,
    process_spec: Any,
    task_spec: Any,
    file: str,
    problems: list[Problem],
    organisations: dict[str, str | None],
) -> None:
    event_definition = getattr(task_spec, "event_definition", None)
    # An event-based gateway catches its events itself: their definitions are inside its own.
    for event in [event_definition, *getattr(event_definition, "event_definitions", [])]:
        if isinstance(event, TimerEventDefinition):
            literal = _timer_literal(event.expression or "")
            if literal is not None:
                # Designers write P8W as Camunda Modeler does; the engine evaluates expressions, so quote it.
                event.expression = repr(literal)
    _prepare_multi_instance(task_spec)
    for problem in getattr(task_spec, "form_problems", []):
        problems.append(Problem(file, task_spec.bpmn_id, problem))
    if isinstance(task_spec, StartEvent) and process_spec is definition.spec:
        definition.start_event_ids.add(task_spec.bpmn_id)
        if getattr(task_spec, "form_spec", None):
            definition.start_form = task_spec.form_spec
    if not isinstance(task_spec, UserTask):
        return
    # The lane's role, else (a Camunda 7 model without lanes) its first candidate group: who hands over.
    role = lane_role(task_spec.lane) or next(iter(task_spec.candidate_groups), None)
    if role is None:
        where = f"its lane '{task_spec.lane}' is not a role" if task_spec.lane else "it is in no lane"
        problems.append(
            Problem(
                file,
                task_spec.bpmn_id,
                f"user task has no role: {where} and it has no candidate groups; put it in the lane of "
                "the role that does it or name roles in its candidate groups (camunda:candidateGroups"
                '="klantmanager"; an assignee alone does not say whose work it is)',
            )
        )
    for group in task_spec.candidate_groups:
        if lane_role(group) is None:
            problems.append(Problem(file, task_spec.bpmn_id, f"candidate group '{group}' is not a role"))
    definition.tasks[_task_key(task_spec)] = HumanTaskInfo(
        id=task_spec.bpmn_id,
        name=task_spec.bpmn_name or task_spec.bpmn_id,
        role=role,
        lane=task_spec.lane,
        organisatie=organisations.get(task_spec.lane or ""),
        form=task_spec.form_spec,
        candidate_groups=task_spec.candidate_groups,
        assignee=task_spec.assignee,
        vier_ogen=task_spec.vier_ogen,
    )
    user_tasks = {s.bpmn_id for s in process_spec.task_specs.values() if isinstance(s, UserTask)}
    problems.extend(
        Problem(file, task_spec.bpmn_id, f"vier_ogen names '{other}', which is no user task of this process")
        for other in task_spec.vier_ogen
        if other not in user_tasks or other == task_spec.bpmn_id
    )


def _prepare_multi_instance(task_spec: Any) -> None:
    """A multi-instance activity's ``camunda:collection`` as Camunda 7 designers write it: ``${lijst}``.

    SpiffWorkflow reads the collection as the name of a case variable; Camunda 7 also takes an
    expression naming one, which is unwrapped here (a collection computed by an expression is
    refused by lint).
    """
    if not isinstance(task_spec, MultiInstanceTask):
        return
    for attribute in ("data_output", "data_input"):
        reference = getattr(task_spec, attribute, None)
        if reference is not None and juel.is_juel(reference.bpmn_id):
            setattr(task_spec, attribute, TaskDataReference(expressions.unwrap(reference.bpmn_id)))


def new_workflow(definition: ProcessDefinition, data: Mapping[str, Any]) -> BpmnWorkflow:
    """Create a workflow for a new case with its start data."""
    workflow = BpmnWorkflow(definition.spec, definition.subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data.update(data)
    keep_case_data(workflow, data)
    return _forget_removed_events(workflow)


def _forget_removed_events(workflow: BpmnWorkflow) -> BpmnWorkflow:
    """Drop catching events from the event manager when SpiffWorkflow removes their task from the tree.

    SpiffWorkflow 3.2.0 removes tasks when a loop re-predicts a branch but does not
    tell its event manager, which then keeps refreshing a timer that no longer has a
    parent (AttributeError on the next refresh_timers).
    """
    workflow.task_removed_event.connect(lambda _wf, task: workflow.event_manager.remove_task(task))
    return workflow


def dump_state(workflow: BpmnWorkflow) -> str:
    """Serialize a case's workflow, without spec and without finished history."""
    prune(workflow)
    # Full conversion, then plain JSON: as fast as SpiffWorkflow's encoder mode, which toggles a flag
    # on the registry that all threads share. One encoder for all (json.dumps with separators makes one
    # per call).
    return _STATE_ENCODER.encode(_REGISTRY.convert(workflow))


_STATE_ENCODER = json.JSONEncoder(separators=(",", ":"))


def load_state(
    state: str, definition: ProcessDefinition, serializer_version: str = SERIALIZER_VERSION
) -> BpmnWorkflow:
    """Rebuild a case's workflow from its stored state and its version's definition.

    State written by an older SpiffWorkflow (``serializer_version`` as stored with it) is first
    brought up to date by SpiffWorkflow's own serializer migrations.

    Raises:
        ProcessError: the state has a serializer version this SpiffWorkflow cannot read.
    """
    dct = json.loads(state)
    if serializer_version != SERIALIZER_VERSION:
        _migrate_serialization(dct, definition, serializer_version)
    workflow: BpmnWorkflow = _REGISTRY.restore(dct, definition=definition)
    return _forget_removed_events(workflow)


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (10**6,)  # no version this SpiffWorkflow wrote


def _migrate_serialization(dct: dict[str, Any], definition: ProcessDefinition, version: str) -> None:
    """Run SpiffWorkflow's migrations (``BpmnWorkflowSerializer.migrate``) on a case's state.

    Its migrations expect a full serialization; a case's state leaves out the specs (they are stored
    once per process version), so the definition's specs are lent to it for the migration.
    """
    if _version_key(version) > _version_key(SERIALIZER_VERSION):
        raise ProcessError(
            "state",
            f"the case's state was written by serializer version {version}, newer than this "
            f"SpiffWorkflow's {SERIALIZER_VERSION}; run the procesregie release that wrote it",
        )
    specs = {name: _REGISTRY.convert(spec) for name, spec in definition.subprocess_specs.items()}
    dct["spec"] = _REGISTRY.convert(definition.spec)
    dct["subprocess_specs"] = specs
    names = {key: sp["spec"] for key, sp in dct.get("subprocesses", {}).items()}
    for sp in dct.get("subprocesses", {}).values():
        sp["spec"] = specs.get(sp["spec"], {"task_specs": {}})
    dct[_SERIALIZER.VERSION_KEY] = version
    try:
        _SERIALIZER.migrate(dct)
    except Exception as err:  # SpiffWorkflow's migrations raise whatever they meet
        raise ProcessError(
            "state", f"SpiffWorkflow cannot migrate state of serializer version {version}: {err!r}"
        ) from None
    dct.pop("spec")
    dct.pop("subprocess_specs")
    dct.pop("VERSION", None)
    for key, sp in dct.get("subprocesses", {}).items():
        sp["spec"] = names[key]


@dataclass(frozen=True)
class Counterpart:
    """Where a case waits (a task, timer or message) and whether the target version has that element."""

    element_id: str
    name: str
    kind: str
    present: bool


def counterparts(workflow: BpmnWorkflow, target: ProcessDefinition) -> list[Counterpart]:
    """Every element a running case waits at, each with whether ``target`` has an element of the same id
    and type in the same (called) process."""
    found = []
    for wf in [workflow, *workflow.subprocesses.values()]:
        spec = target.spec if wf is workflow else target.subprocess_specs.get(wf.spec.name)
        for task in wf.tasks.values():
            if not task.state & (TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                continue
            if not task.task_spec.bpmn_id:
                continue  # the engine's own tasks (a boundary event's parent), which follow their element
            other = spec.task_specs.get(task.task_spec.name) if spec is not None else None
            present = other is not None and _kind(other) == _kind(task.task_spec)
            found.append(
                Counterpart(task.task_spec.bpmn_id, element_name(task), _kind(task.task_spec), present)
            )
    return found


def _kind(spec: Any) -> str:
    """An element's type as a designer names it: a user task, a timer or message event, else its class."""
    if isinstance(spec, UserTask):
        return "user task"
    definition = getattr(spec, "event_definition", None)
    if isinstance(definition, TimerEventDefinition):
        return "timer"
    if isinstance(definition, MessageEventDefinition):
        return "message"
    return type(spec).__name__ + (f" ({type(definition).__name__})" if definition is not None else "")


def migrate(workflow: BpmnWorkflow, target: ProcessDefinition) -> BpmnWorkflow:
    """Move a running case's workflow onto another version's definition, in place.

    Every live task keeps its id and state; only what lies ahead is predicted anew from the target.
    Finished tasks above the live ones whose element the target lacks are forgotten (the audit trail
    keeps the history). The caller checks :func:`counterparts` first.

    Raises:
        Conflict: the case passed an element the target lacks on a branch that is still open.
    """
    for key, sub in list(workflow.subprocesses.items()):
        if sub.spec.name not in target.subprocess_specs:
            del workflow.subprocesses[key]  # a finished called process the target no longer calls
    for wf in [workflow, *workflow.subprocesses.values()]:
        spec = target.spec if wf is workflow else target.subprocess_specs[wf.spec.name]
        _drop_missing(wf, spec)
        wf.spec = spec
        for task in wf.tasks.values():
            task.task_spec = spec.task_specs[task.task_spec.name]
        for task in list(wf.tasks.values()):
            if task.id in wf.tasks and task.state & (TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE)
    workflow.subprocess_specs = target.subprocess_specs
    return workflow


def _drop_missing(wf: Any, spec: Any) -> None:
    """Forget the tasks whose element ``spec`` lacks: predicted ones, and finished ones above live ones."""
    live = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    for task in list(wf.tasks.values()):
        if task.id in wf.tasks and task.state & TaskState.PREDICTED_MASK:
            if task.task_spec.name not in spec.task_specs:
                wf._remove_task(task.id)
    missing = [t for t in wf.tasks.values() if t.task_spec.name not in spec.task_specs]
    if not missing:
        return
    common = _common_ancestry([t for t in wf.tasks.values() if t.state & live])
    cut = max((i for i, t in enumerate(common) if t in missing), default=-1)
    if cut >= 0:
        if cut + 1 >= len(common):
            raise Conflict(
                f"the case passed element '{common[cut].task_spec.bpmn_id}', which the target version "
                "lacks, just before the branches it waits on"
            )
        _reroot(wf, common[cut + 1])
    for task in [t for t in wf.tasks.values() if t.task_spec.name not in spec.task_specs]:
        if task.id not in wf.tasks:
            continue
        if any(d.state & live for d in task):
            raise Conflict(
                f"the case passed element '{task.task_spec.bpmn_id}', which the target version lacks, "
                "on a branch that is still open"
            )
        wf._remove_task(task.id)


def prune(workflow: BpmnWorkflow) -> None:
    """Drop finished tasks that lie above every unfinished one, keeping a few ancestors.

    SpiffWorkflow keeps every task it ever ran in one tree; the stored state and the
    tree depth would grow with each step (its iterator stops silently at depth
    1000). The history lives in the audit events, so the engine only needs the live
    part of the tree. See docs/adr/0002-bounded-case-state.md.
    """
    for wf in [workflow, *workflow.subprocesses.values()]:
        _prune_tree(wf)
    # Called processes whose call activity was pruned are finished: forget them too. Looked up by id
    # in every tree: SpiffWorkflow's get_task_from_id raises, not None, for a task missing from the
    # first called process it searches (a case past two call activities stopped with a 500).
    known = set(workflow.tasks).union(*(sub.tasks for sub in workflow.subprocesses.values()))
    for task_id in [t for t in workflow.subprocesses if t not in known]:
        del workflow.subprocesses[task_id]


def _prune_tree(wf: Any) -> None:
    unfinished = [t for t in wf.tasks.values() if t.state & TaskState.NOT_FINISHED_MASK]
    if not unfinished:
        return
    common = _common_ancestry(unfinished)
    cut = len(common) - 1 - KEEP_ANCESTORS
    if cut <= 0:
        return
    _reroot(wf, common[cut])


def _reroot(wf: Any, new_root: Task) -> None:
    """Make new_root the top of wf's task tree, forgetting every task above and beside it."""
    keep: dict[UUID, Task] = {}
    stack = [new_root]
    while stack:
        task = stack.pop()
        keep[task.id] = task
        stack.extend(task.children)
    new_root._parent = None
    wf.tasks = keep
    wf.task_tree = new_root
    if wf.last_task is not None and wf.last_task.id not in keep:
        wf.last_task = None


def _common_ancestry(tasks: list[Task]) -> list[Task]:
    """The chain from the root down to the deepest task that is an ancestor of every one of tasks."""
    common = _ancestry(tasks[0]) if tasks else []
    for task in tasks[1:]:
        chain = _ancestry(task)
        n = 0
        while n < min(len(common), len(chain)) and common[n] is chain[n]:
            n += 1
        common = common[:n]
    return common


def _ancestry(task: Task) -> list[Task]:
    chain = []
    node: Task | None = task
    while node is not None:
        chain.append(node)
        node = node.parent
    chain.reverse()
    return chain


def human_tasks(workflow: BpmnWorkflow, state: TaskState = TaskState.READY) -> list[Task]:
    """User tasks of the case (including those in called processes) in ``state``."""
    return [t for t in _all_tasks(workflow) if t.state == state and isinstance(t.task_spec, UserTask)]


def waiting_events(workflow: BpmnWorkflow) -> list[Task]:
    """Catching events (timers, messages) the case waits for."""
    return [
        t
        for t in _all_tasks(workflow)
        if t.state == TaskState.WAITING and isinstance(t.task_spec, CatchingEvent)
    ]


def _all_tasks(workflow: BpmnWorkflow) -> Iterable[Task]:
    for wf in [workflow, *workflow.subprocesses.values()]:
        yield from wf.tasks.values()


def is_subprocess_task(task: Task) -> bool:
    return isinstance(task.task_spec, SubWorkflowTask)


# -- running a workflow: what the engine's step needs of SpiffWorkflow --------------------------

Workflow = BpmnWorkflow
"""A case's workflow: SpiffWorkflow's, handed around but only opened in this module."""
WorkflowTask = Task


def run(workflow: BpmnWorkflow, act: Callable[[], object], acted: Task | None = None) -> None:
    """Act on the workflow and run its automatic steps to the next wait; ``acted`` is the user task the
    action completes, if any. A waiting date timer then follows a variable it reads that these steps
    set (:func:`_move_date_timers`).

    Raises:
        Conflict: the workflow refused the action (an event it does not wait for).
        ProcessError: the model failed (a condition that cannot be evaluated, a stuck gateway).
    """
    ran: list[Task] = []

    def count(task: Task) -> None:
        ran.append(task)
        if len(ran) > MAX_AUTOMATIC_STEPS:
            raise _Runaway(ran[-MAX_AUTOMATIC_STEPS // 10 :])
        _start_called(task)

    try:
        act()
        workflow.do_engine_steps(will_complete_task=count, did_complete_task=_completed)
        _record_set_values(workflow, ran)
        _move_date_timers(workflow, [acted, *ran] if acted is not None else ran)
        _end_beside_idle_event_subprocesses(workflow)
        _refuse_unfinished_end(workflow)
    except _Runaway as err:
        raise ProcessError(
            err.elements[0],
            f"the process ran more than {MAX_AUTOMATIC_STEPS} steps without waiting for a user task, "
            f"message or timer, through {', '.join(err.elements)}; a loop needs a wait state",
        ) from None
    except SpiffWorkflowException as err:
        element = getattr(getattr(err, "task_spec", None), "bpmn_id", None) or getattr(err, "id", None)
        message = str(err).split("\n")[0]
        cause = err.__cause__ or err.__context__  # the exception SpiffWorkflow wrapped
        if isinstance(cause, expressions.ExpressionError):
            message = f"{message.rstrip('. ')}: {cause.message}"
        if isinstance(err, WorkflowException) and "not waiting" in message:
            raise Conflict(message) from None
        raise ProcessError(element or "process", message) from None
    except expressions.ExpressionError as err:
        raise ProcessError("condition", str(err)) from None
    except (ValueError, ArithmeticError, TypeError) as err:
        # A timer whose value (an expression over case data) SpiffWorkflow cannot schedule.
        raise ProcessError(_failed_timer(workflow), f"the timer cannot be set: {err}") from None
    except Exception as err:
        if type(err) is not Exception:  # SpiffWorkflow's timers raise plain Exception("Invalid duration")
            raise
        raise ProcessError(_failed_timer(workflow), f"the timer cannot be set: {err}") from None


_UNSET = object()


def _move_date_timers(workflow: BpmnWorkflow, done: list[Task]) -> None:
    """Let a waiting date timer follow the variables it reads when a task of this step, in another
    branch of the same (sub)process, set them: a lawful verdaging moves the beslistermijn.

    SpiffWorkflow fixes a ``timeDate`` timer's date when the timer starts waiting, over the data its
    branch had then; a non-interrupting boundary branch (the verdaging decided two weeks before the
    term ends) never reaches that data. A task *sets* a variable when its value differs from the one
    its parent task handed it, so a task that merely carries the old value moves nothing. Only a timer
    event with a date of its own moves (a boundary or intermediate catch event, not one behind an
    event-based gateway), and only while it waits: a term that already ran out stays run out.

    The work is proportional to the step: the tasks it completed, compared with their parents only in
    the variables a waiting timer reads, not in all the data the case has gathered.
    """
    if not done:
        return
    waiting = [
        (t, _timer_variables(t.task_spec.event_definition.expression))
        for t in waiting_events(workflow)
        if isinstance(getattr(t.task_spec, "event_definition", None), TimeDateEventDefinition)
        and not t._get_internal_data("event_fired", False)
    ]
    if not waiting:
        return
    for task in done:
        parent = task.parent.data if task.parent is not None else {}
        for timer, variables in waiting:
            if timer.workflow is not task.workflow:
                continue
            read = {
                k: task.data[k] for k in variables if k in task.data and parent.get(k, _UNSET) != task.data[k]
            }
            if not read:
                continue
            definition = timer.task_spec.event_definition
            timer.data.update(read)
            value = workflow.script_engine.evaluate(timer, definition.expression)
            if value != timer._get_internal_data("event_value"):
                timer._set_internal_data(event_value=value)
                _record(timer, read, main_path=True)  # the case's term is the one its timer waits for
                # The term belongs to the activity the timer watches: its open work carries the new
                # value on, so the case's data at the decision holds the extended term (the KPIs).
                for live in _watched_live_tasks(workflow, timer):
                    live.data.update(read)


@lru_cache(maxsize=1024)
def _timer_variables(expression: str) -> frozenset[str]:
    """The variables a date timer's expression reads, parsed once per expression."""
    return frozenset(expressions.variables(expression))


def _watched_live_tasks(workflow: BpmnWorkflow, timer: Task) -> list[Task]:
    """The live tasks inside the activity a boundary timer is attached to (at any depth of its
    subprocesses); none for a timer that is not a boundary event of a subprocess."""
    live = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    if timer.parent is None or not isinstance(timer.parent.task_spec, BoundaryEventSplit):
        return []
    scopes = [c.id for c in timer.parent.children if c is not timer]
    found: list[Task] = []
    while scopes:
        sub = workflow.subprocesses.get(scopes.pop())
        if sub is None:
            continue
        for task in sub.tasks.values():
            if task.state & live:
                found.append(task)
            if task.id in workflow.subprocesses:
                scopes.append(task.id)
    return found


def _failed_timer(workflow: BpmnWorkflow) -> str:
    """The timer event whose value could not be set: one that is live but has no date yet."""
    live = TaskState.READY | TaskState.WAITING | TaskState.STARTED
    failed = [
        t
        for t in _all_tasks(workflow)
        if t.state & live and is_timer(t) and t._get_internal_data("event_value") is None
    ]
    return element_id(failed[0]) if failed else "timer"


# Automatic steps (gateways, events, scripts) one action may run before the engine gives up: a
# loop without a wait state would otherwise run until SpiffWorkflow's task tree is 1,000 deep and
# then look finished, because its iterator stops there (docs/modelling.md).
MAX_AUTOMATIC_STEPS = 500


class _Runaway(Exception):
    def __init__(self, tasks: list[Task]) -> None:
        super().__init__("runaway")
        self.elements = sorted({str(t.task_spec.bpmn_id) for t in tasks if t.task_spec.bpmn_id}) or [
            "process"
        ]


def _start_called(task: Task) -> None:
    """A called process that declares no inputs starts as a case of it does: a field of its start form
    that the caller's data lacks and the form does not require is empty (null), not unknown, so its
    conditions can ask ``== null`` (the nazorg after an uitstroom that passed no uitstroom date, called
    by the klantreis). A required field the caller lacks stays unknown: a condition reading it fails."""
    form: Form | None = getattr(task.task_spec, "form_spec", None)
    workflow = task.workflow
    if form is None or not isinstance(task.task_spec, StartEvent) or workflow.parent_task_id is None:
        return
    caller = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
    interface = getattr(workflow.spec, "io_specification", None)
    if caller is None or not isinstance(caller.task_spec, CallActivity):
        return
    if interface is not None and interface.data_inputs:
        return  # it starts with its declared inputs only (ADR 41)
    for start_field in form.fields:
        if not start_field.required:
            task.data.setdefault(start_field.id, None)


def _completed(task: Task) -> None:
    _interrupt(task)
    _note_end(task)


# Where the workflow keeps the end event that decides the case's outcome; in the workflow's own data,
# which is stored with its state and never becomes case data.
_CASE_END = "procesregie_case_end"


def _note_end(task: Task) -> None:
    """Note an end event that ends the case's flow as the outcome, when it is not the end of an escalation
    branch: the escalation does its own work and may finish after the main flow (engine.outcomes)."""
    end: End | None = getattr(task.task_spec, "case_end", None)
    if end is not None and not end.escalation:
        task.workflow.top_workflow.data[_CASE_END] = end.element


def _interrupting_start(task: Task) -> bool:
    """Whether the task is the interrupting start event of an event subprocess."""
    return bool(getattr(task.task_spec, "interrupting", False) and task.workflow.parent_task_id is not None)


def _interrupt(task: Task) -> None:
    """When an interrupting event subprocess starts, cancel everything else its enclosing (sub)process
    does, as BPMN says: open user tasks are withdrawn, waiting events and other event subprocesses stop,
    and the (sub)process ends when the event subprocess ends. SpiffWorkflow 3.2 starts the event
    subprocess but lets the rest run on."""
    if not _interrupting_start(task):
        return
    chain = _ancestry(task.workflow.top_workflow.get_task_from_id(task.workflow.parent_task_id))
    for parent, child in zip(chain, chain[1:], strict=False):
        for sibling in parent.children:
            if sibling is not child:
                sibling.cancel()


def _interrupted(wf: Any) -> bool:
    """Whether an interrupting event subprocess of the (sub)process ``wf`` has started."""
    return any(
        sub.parent_task_id in wf.tasks
        and any(_interrupting_start(t) and t.state == TaskState.COMPLETED for t in sub.tasks.values())
        for sub in wf.top_workflow.subprocesses.values()
    )


def _end_beside_idle_event_subprocesses(workflow: BpmnWorkflow) -> None:
    """End a process whose flow is done while its event subprocesses only wait for their timer to start.

    In BPMN an event subprocess listens only while its process runs; SpiffWorkflow runs one with a
    timer start event as a path of its own and would keep the case waiting for that timer.
    """
    if not any(isinstance(spec, SubWorkflowTask) for spec in workflow.spec.start.outputs):
        return  # no event subprocess with a timer start: nothing to look at (the usual case)
    idle, busy = [], False
    for task in workflow.tasks.values():
        if not task.state & TaskState.NOT_FINISHED_MASK or not task.task_spec.bpmn_id:
            continue
        sub = workflow.subprocesses.get(task.id)
        started = sub is not None and any(
            t.state & (TaskState.READY | TaskState.STARTED | TaskState.COMPLETED) and t.task_spec.bpmn_id
            for t in sub.tasks.values()
        )
        if task.task_spec in workflow.spec.start.outputs and is_subprocess_task(task) and not started:
            idle.append(task)
        else:
            busy = True
    if idle and not busy:
        workflow.cancel()


def _refuse_unfinished_end(workflow: BpmnWorkflow) -> None:
    """Refuse a workflow SpiffWorkflow calls completed while tasks in its tree are unfinished.

    ``is_completed`` walks the tree with an iterator that stops at depth 1,000, so a tree that
    grew deeper than that (a loop without a wait state) looks finished although no end event
    was reached.
    """
    if not workflow.is_completed():
        return
    unfinished = sorted(
        {
            str(t.task_spec.bpmn_id)
            for t in _all_tasks(workflow)
            if t.state & TaskState.NOT_FINISHED_MASK and t.task_spec.bpmn_id
        }
    )
    if unfinished:
        raise ProcessError(
            unfinished[0],
            f"the process stopped without reaching an end event; unfinished: {', '.join(unfinished)}",
        )


# Where the workflow keeps the case's data, and the names of the variables in it that a branch beside
# the main path brought in (docs/adr/0042-case-data-from-every-branch.md). In the workflow's own data,
# stored with its state, so that the pure step can tell the case's data after any action.
_CASE_DATA = "procesregie_case_data"
_BRANCH_VARIABLES = "procesregie_branch_variables"
_CALL_VARIABLES = "procesregie_call_variables"


def keep_case_data(workflow: BpmnWorkflow, data: Mapping[str, Any]) -> None:
    """Give a workflow the case's data: a new case's start data, or the case's row's data for state
    stored before the workflow kept it."""
    if _CASE_DATA not in workflow.data:
        workflow.data[_CASE_DATA] = dict(data)


def case_data(workflow: BpmnWorkflow) -> dict[str, Any]:
    """The case's data: its start data, and each variable as the tasks of the steps since set it.

    SpiffWorkflow gives each branch its own copy of the data and joins the copies only when the whole
    (sub)process ends, the branch that ends last over the others (its ``_EndJoin``). So the data of a
    branch that ends on its own, as a non-interrupting escalation or timer branch does, never reached
    the case while the case ran, and when the case ended the branch's copy of what the main path held
    before it split could have overwritten newer values. The case's data therefore takes from every
    task, in any branch, what it *set* (:func:`_record_set_values`) when it set it, with one rule
    for a branch beside the main path (:func:`_beside_main_path`): it adds the variables it sets, but
    a variable the main path holds keeps the main path's value, as the main path itself does in
    SpiffWorkflow; a term a waiting date timer reads follows the branch (:func:`_move_date_timers`).
    """
    return dict(workflow.data.get(_CASE_DATA, {}))


def _record(task: Task, values: Mapping[str, Any], main_path: bool = False) -> None:
    """Take the values a task set into the case's data, by the rule of :func:`case_data`; as the main
    path's when ``main_path``."""
    if not values:
        return
    top = task.workflow.top_workflow.data
    data: dict[str, Any] = top.setdefault(_CASE_DATA, {})
    call = _declaring_call(task)
    if call is not None:
        # A called process's working variables are the case's while it runs, until it returns.
        data.update(values)
        names = top.setdefault(_CALL_VARIABLES, {}).setdefault(str(call.id), [])
        names.extend(n for n in values if n not in names)
        return
    beside: list[str] = top.setdefault(_BRANCH_VARIABLES, [])
    if not main_path and _beside_main_path(task):
        for name, value in values.items():
            if name not in data or name in beside:
                data[name] = value
                if name not in beside:
                    beside.append(name)
    else:
        data.update(values)
        top[_BRANCH_VARIABLES] = [n for n in beside if n not in values]


def _record_set_values(workflow: BpmnWorkflow, tasks: list[Task]) -> None:
    """Record in the case's data the values the tasks set, in the order they ran: a task *sets* a
    variable when its value differs from the one its parent task handed it, so a task that merely
    carries a value (a branch's copy of the main path's data) changes nothing.

    A called process that declares the variables it returns (``bpmn:ioSpecification``, ADR 41) keeps
    its working variables: they are the case's while it runs; once its call activity is done (or
    withdrawn), the case holds what the caller holds of them, which is the returned ones only.
    """
    for task in tasks:
        # Only the model's elements set values: not SpiffWorkflow's own tasks (start, joins, the end
        # that merges the branches' copies), nor a task whose parent was pruned away.
        if task.parent is None or not task.task_spec.bpmn_id:
            continue
        handed = task.parent.data
        _record(
            task,
            {
                name: value
                for name, value in task.data.items()
                if value is not handed.get(name, _UNSET) and value != handed.get(name, _UNSET)
            },
        )
    calls: dict[str, list[str]] = workflow.data.get(_CALL_VARIABLES, {})
    for call_id, names in list(calls.items()):
        key = UUID(call_id)
        trees = [workflow, *workflow.subprocesses.values()]
        call = next((wf.tasks[key] for wf in trees if key in wf.tasks), None)
        if call is not None and call.state & TaskState.NOT_FINISHED_MASK:
            continue
        data = workflow.data[_CASE_DATA]
        for name in names:
            if call is not None and name in call.data:
                data[name] = call.data[name]
            else:
                data.pop(name, None)
        del calls[call_id]


def _declaring_call(task: Task) -> Task | None:
    """The call activity of the outermost called process the task runs in that declares what it
    returns (ADR 41), if any."""
    found = None
    workflow = task.workflow
    while workflow.parent_task_id is not None:
        caller = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        if caller is None:
            break
        interface = getattr(workflow.spec, "io_specification", None)
        if interface is not None and interface.data_outputs:
            found = caller
        workflow = caller.workflow
    return found


def _beside_main_path(task: Task) -> bool:
    """Whether the task lies on a branch that a non-interrupting boundary event started, in its own
    (sub)process or in one that called it: a branch beside the main path, which goes on meanwhile."""
    while True:
        if task.task_spec.name in _branch_specs(task.workflow.spec):
            return True
        workflow = task.workflow
        if workflow.parent_task_id is None:
            return False
        caller = workflow.top_workflow.get_task_from_id(workflow.parent_task_id)
        if caller is None:
            return False
        task = caller


def _branch_specs(spec: Any) -> frozenset[str]:
    """The task specs of a (sub)process that only a non-interrupting boundary event leads to: those
    reachable from one, less those the process's start reaches without passing one. Computed once per
    spec."""
    known: frozenset[str] | None = spec.__dict__.get("_procesregie_branch_specs")
    if known is not None:
        return known

    def beside(spec: Any) -> bool:
        return isinstance(spec, BoundaryEvent) and not spec.cancel_activity

    def reach(starts: list[Any], through_branches: bool) -> set[str]:
        seen: set[str] = set()
        stack = list(starts)
        while stack:
            node = stack.pop()
            if node.name not in seen:
                seen.add(node.name)
                stack.extend(o for o in node.outputs if through_branches or not beside(o))
        return seen

    main = reach([spec.start], through_branches=False)
    branches = reach([s for s in spec.task_specs.values() if beside(s)], through_branches=True)
    known = frozenset(branches - main)
    spec.__dict__["_procesregie_branch_specs"] = known
    return known


def get_task(workflow: BpmnWorkflow, task_id: str) -> Task | None:
    """A task of the workflow (or of a called process) by id."""
    return workflow.get_task_from_id(_task_id(task_id))


def is_ready(task: Task) -> bool:
    return bool(task.state == TaskState.READY)


def is_completed(task: Task) -> bool:
    return bool(task.state == TaskState.COMPLETED)


def state_name(task: Task | None) -> str:
    """The task's state as a lower-case word (``gone`` for a task that no longer exists)."""
    return str(TaskState.get_name(task.state)).lower() if task is not None else "gone"


def complete(task: Task, values: Mapping[str, Any]) -> None:
    """Complete a user task with its form values.

    An instance of a multi-instance task also sets its values on the activity, as Camunda 7 sets them on
    the process instance: after the activity the last instance's values stand (each instance's are in its
    own audit event); SpiffWorkflow would keep only the element variable.
    """
    task.data.update(values)
    if task.parent is not None and isinstance(task.parent.task_spec, MultiInstanceTask):
        task.parent.data.update(values)
    _record(task, values)  # what the user answered is set, also when it equals the value it had
    task.run()


def instance_item(task: Task) -> str | None:
    """The item an instance of a multi-instance task is for (its element of the collection), if shown."""
    if task.parent is None or not isinstance(task.parent.task_spec, MultiInstanceTask):
        return None
    reference = task.parent.task_spec.input_item or task.parent.task_spec.output_item
    item = task.data.get(reference.bpmn_id) if reference is not None else None
    return str(item) if isinstance(item, (str, int, float)) and not isinstance(item, bool) else None


def _event_definitions(task: Task) -> list[Any]:
    """The events a task catches: its own, or those of the events behind an event-based gateway."""
    event = getattr(task.task_spec, "event_definition", None)
    return [event, *getattr(event, "event_definitions", [])] if event is not None else []


def _timer(task: Task) -> TimerEventDefinition | None:
    return next((e for e in _event_definitions(task) if isinstance(e, TimerEventDefinition)), None)


def is_timer(task: Task) -> bool:
    return _timer(task) is not None


def is_message(task: Task) -> bool:
    return any(isinstance(e, MessageEventDefinition) for e in _event_definitions(task))


def timer_element(task: Task) -> tuple[str, str]:
    """The id and name (else id) of a timer task's timer event: behind an event-based gateway, the
    timer catch event it leads to, not the gateway."""
    events = getattr(getattr(task.task_spec, "event_definition", None), "event_definitions", [])
    timer = _timer(task)
    if timer in events:
        spec = task.task_spec.outputs[events.index(timer)]
        return str(spec.bpmn_id), str(spec.bpmn_name or spec.bpmn_id)
    return element_id(task), element_name(task)


def timer_fired(task: Task) -> bool:
    """Whether a completed timer task completed because its timer fired (an event-based gateway
    also completes when one of its messages arrives first)."""
    if task.state != TaskState.COMPLETED:
        return False
    seen = task.internal_data.get("seen_events")
    return seen is None or any(isinstance(e.event_definition, TimerEventDefinition) for e in seen)


def cycle_left(task: Task) -> int | None:
    """Firings a timer cycle has left (``R3/PT1H`` starts at 3), 0 when done; None for other timers.

    A cycle fires without completing its task: each firing adds a path behind the event and
    counts down, and the task completes only after the last one.
    """
    if not isinstance(_timer(task), CycleTimerEventDefinition):
        return None
    value = task._get_internal_data("event_value")
    return int(value["cycles"]) if isinstance(value, dict) else 0


def message_names(task: Task) -> set[str]:
    """The messages a task waits for (several behind an event-based gateway)."""
    return {str(e.name) for e in _event_definitions(task) if isinstance(e, MessageEventDefinition)}


def message_catcher(workflow: BpmnWorkflow, name: str) -> str | None:
    """The name (else id) of the element that catches message ``name`` now, or None if none does.

    That is an event the case waits at (also behind an event-based gateway), or the message start
    event of an event subprocess, which SpiffWorkflow starts when the message arrives.
    """
    for task in waiting_events(workflow):
        if name in message_names(task):
            return str(task.task_spec.bpmn_name or task.task_spec.bpmn_id)
    if workflow.is_completed() or _interrupted(workflow):
        return None  # an interrupting event subprocess started: the others listen no more
    for spec_name in workflow.spec.start.trigger_specs:  # SpiffWorkflow starts those of the process only
        for start in workflow.subprocess_specs[spec_name].bpmn_start_events:
            event = start.event_definition
            if isinstance(event, MessageEventDefinition) and event.name == name:
                return str(start.bpmn_name or start.bpmn_id)
    return None


def send_message(workflow: BpmnWorkflow, name: str, payload: dict[str, Any]) -> None:
    """Deliver a message; its payload lands in the case data under the message name."""
    event = BpmnEvent(CamundaMessageEventDefinition(name), payload={"payload": payload, "result_var": name})
    workflow.send_event(event)


def timer_due(task: Task) -> dt.datetime | None:
    """When a waiting timer event fires (UTC), or None for a cycle without a next date."""
    timer = _timer(task)
    value = timer.details(task).value if timer is not None else None
    if not isinstance(value, str):
        return None
    due = dt.datetime.fromisoformat(value)
    return due if due.tzinfo else due.replace(tzinfo=dt.UTC)


def element_id(task: Task) -> str:
    return str(task.task_spec.bpmn_id)


def element_name(task: Task) -> str:
    """The BPMN name of the task's element, else its id."""
    return str(task.task_spec.bpmn_name or task.task_spec.bpmn_id)


def outcome(workflow: BpmnWorkflow) -> End | None:
    """The end event that ended a finished workflow: the one its main flow (or an interrupting event
    subprocess) reached last, never the end of an escalation branch (docs/modelling.md).

    A step notes it as it is reached (:func:`_note_end`); a case whose flow ended before this engine
    noted ends has it found among the finished tasks still in its tree.
    """
    ends: dict[str, End] = getattr(workflow.spec, "case_ends", {})
    noted = workflow.data.get(_CASE_END)
    if noted in ends:
        return ends[noted]
    interrupting = [
        sub
        for sub in workflow.subprocesses.values()
        if sub.parent_task_id in workflow.tasks and any(_interrupting_start(t) for t in sub.tasks.values())
    ]
    reached = [
        (t.last_state_change, end)
        for wf in [workflow, *interrupting]
        for t in wf.tasks.values()
        if t.state == TaskState.COMPLETED
        and (end := getattr(t.task_spec, "case_end", None)) is not None
        and not end.escalation
    ]
    return max(reached, key=lambda r: r[0])[1] if reached else None


def active_element_ids(workflow: BpmnWorkflow) -> set[str]:
    """Elements where the case is now: ready tasks, waiting events, running calls and subprocesses,
    and the tasks inside a running subprocess (drawn in the same diagram when it is embedded)."""
    live = (TaskState.READY, TaskState.WAITING, TaskState.STARTED)
    return {t.task_spec.bpmn_id for t in _all_tasks(workflow) if t.state in live and t.task_spec.bpmn_id}


def taken_branches(workflow: BpmnWorkflow) -> set[tuple[str, str]]:
    """(gateway, next element) of every gateway the workflow has passed, in its live tree."""
    taken = set()
    reached = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.COMPLETED
    for task in _all_tasks(workflow):
        spec = task.task_spec
        if task.state == TaskState.COMPLETED and spec.bpmn_id and "Gateway" in type(spec).__name__:
            taken |= {
                (spec.bpmn_id, c.task_spec.name.split(".")[0]) for c in task.children if c.state & reached
            }
    return taken


def _calendar_timedelta(parsed_duration: dict[str, Any], start: dt.datetime | None = None) -> dt.timedelta:
    """An ISO 8601 duration from ``start`` by the calendar, as the Awb counts a term in months and years.

    A month (or year) ends on the same day of the month that many months on, or on the last day of
    that month when it has no such day: 31 January + P1M is 28 (29) February, 29 February + P1Y is
    28 February. SpiffWorkflow adds each month's length in days instead (31 January + P1M = 3 March),
    which would let a legal term run past its end. Weeks, days and times are added as they are.
    """
    start = start or dt.datetime.now(dt.UTC)
    rest = dict(parsed_duration)
    months = int(rest.pop("years", 0)) * 12 + int(rest.pop("months", 0))
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    if year > dt.MAXYEAR:  # beyond the calendar: by the mean month (lint refuses such a timer anyway)
        return dt.timedelta(days=months * 30.44) + dt.timedelta(**rest)
    moved = start.replace(year=year, month=month + 1, day=min(start.day, monthrange(year, month + 1)[1]))
    return (moved - start) + dt.timedelta(**rest)


# The timers (duration, cycle) and datum_plus count months by the calendar (see _calendar_timedelta).
TimerEventDefinition.get_timedelta_from_start = staticmethod(_calendar_timedelta)


def parse_duration(value: str, start: dt.datetime) -> dt.timedelta:
    """An ISO 8601 duration (``P8W``) as a timedelta from ``start`` (months and years vary in length),
    read by the parser the engine's timers use (SpiffWorkflow's), after the strict form of ISO 8601
    (capitals, P first) that parser does not check. Lint checks timers with it too.

    Raises:
        ValueError: not an ISO 8601 duration, or one the timers cannot run (weeks with days: P1W2D).
    """
    if _DURATION.fullmatch(value) is None:
        if _DURATION.fullmatch(value.upper()) is not None:
            raise ValueError(f"write the designators in capitals: {value.upper()}")
        raise ValueError("write P, numbers with Y, M, W or D, then T and numbers with H, M or S")
    try:
        parsed = TimerEventDefinition.parse_iso_duration(value)
    except Exception:  # SpiffWorkflow raises a bare Exception("Invalid duration")
        raise ValueError("weeks cannot be combined with years, months or days") from None
    delta: dt.timedelta = TimerEventDefinition.get_timedelta_from_start(parsed, start)
    return delta
