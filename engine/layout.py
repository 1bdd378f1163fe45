"""Diagram interchange with names that bpmn-js draws whole (ADR 25).

:func:`fit` keeps a file's own diagram and widens what is too narrow for its name: a task is
widened and everything right of its centre moves right by as much (edges, labels, lanes and the
pool follow); a label beside an event, gateway or flow is widened around its centre. The process
(everything outside ``bpmndi:BPMNDiagram``) stays byte for byte as it was.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

from . import labels, xmldoc
from .diagram import EVENTS, GATEWAYS
from .errors import Problem, ProcessInvalid
from .vocabulary import BPMN_NS, BPMNDI_NS, CAMUNDA_NS, DC_NS, DI_NS

TASKS = labels.NAMED_INSIDE
TOLERANCE = 1.0  # px: points this close to a widened task's centre move with its centre
_DIAGRAM = re.compile(r"[ \t]*<(\w+:)?BPMNDiagram\b.*?</(\w+:)?BPMNDiagram>\n?", re.S)
_NUMBERS = re.compile(r"<(?:\w+:)?(Bounds|waypoint)\b[^>]*>")
_ATTRIBUTE = r'(\b{}=")([^"]*)(")'


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _elements(root: etree._Element) -> dict[str, etree._Element]:
    return {e.get("id", ""): e for e in root.iter(f"{{{BPMN_NS}}}*") if e.get("id")}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class _Stretch:
    """A monotone map of x: at each widened task's centre the diagram opens by the extra width."""

    cuts: dict[float, float] = field(default_factory=dict)  # centre -> extra width

    def add(self, centre: float, extra: float) -> None:
        for known in self.cuts:
            if abs(known - centre) <= TOLERANCE:
                self.cuts[known] = max(self.cuts[known], extra)
                return
        self.cuts[centre] = extra

    def __call__(self, x: float) -> float:
        moved = x
        for centre, extra in self.cuts.items():
            if x > centre + TOLERANCE:
                moved += extra
            elif x >= centre - TOLERANCE:
                moved += extra / 2
        return moved


def fit(file: str, data: bytes) -> tuple[bytes, list[str]]:
    """The file with its own diagram widened where a name does not fit; the ids of what was widened.

    Tasks first; then the gap before a shape that a flow's label runs into. Labels beside events,
    gateways and flows are widened around their centre where a word would be cut, and a branch
    that shares its first line with another out of the same gateway gets a line of its own.

    Raises:
        ProcessInvalid: the file is not well-formed, or has no diagram to fit.
    """
    root = xmldoc.read(file, data)
    if _DIAGRAM.search(data.decode("utf-8")) is None or root.find(f"{{{BPMNDI_NS}}}BPMNDiagram") is None:
        raise ProcessInvalid([Problem(file, "BPMNDiagram", "the file has no diagram to fit; use layout")])
    widened: list[str] = []
    for _ in range(10):
        stretch, ids = _narrow_tasks(root)
        if not stretch.cuts:
            stretch, ids = _labels_in_the_way(root)
        data = _rewritten(data, list(_moved(root, _elements(root), stretch)))
        root = xmldoc.read(file, data)
        widened += ids
        if not stretch.cuts:
            break
    values, apart = _branches_apart(root)
    return _rewritten(data, values), widened + apart


def _narrow_tasks(root: etree._Element) -> tuple[_Stretch, list[str]]:
    elements = _elements(root)
    hosts = {e.get("attachedToRef") for e in root.iter(f"{{{BPMN_NS}}}boundaryEvent")}
    stretch, ids = _Stretch(), []
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        element = elements.get(shape.get("bpmnElement", ""))
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if element is None or bounds is None or _local(element) not in TASKS or not element.get("name"):
            continue
        x, width, height = (float(bounds.get(k, 0)) for k in ("x", "width", "height"))
        boundary = element.get("id") in hosts
        need = labels.task_size(element.get("name", ""), height, _has_icon(element), boundary, width)
        if need > width:
            stretch.add(x + width / 2, need - width)
            ids.append(element.get("id", ""))
    return stretch, ids


def _labels_in_the_way(root: etree._Element) -> tuple[_Stretch, list[str]]:
    """Cuts that move a shape right, clear of the label of a flow that runs into it from the left."""
    elements = _elements(root)
    shapes = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        element, bounds = elements.get(shape.get("bpmnElement", "")), shape.find(f"{{{DC_NS}}}Bounds")
        if element is not None and bounds is not None and _local(element) not in {"participant", "lane"}:
            shapes[element.get("id", "")] = _bounds(bounds)
    stretch, ids = _Stretch(), []
    for edge in root.iter(f"{{{BPMNDI_NS}}}BPMNEdge"):
        element = elements.get(edge.get("bpmnElement", ""))
        bounds = edge.find(f"{{{BPMNDI_NS}}}BPMNLabel/{{{DC_NS}}}Bounds")
        if element is None or bounds is None or not element.get("name"):
            continue
        x, y, width, _ = _bounds(bounds)
        lines = labels.wrap(element.get("name", ""), width, labels.LABEL_FONT)
        drawn = max(labels.text_width(line, labels.LABEL_FONT) for line in lines)
        left, right = x + (width - drawn) / 2, x + (width + drawn) / 2
        bottom = y + len(lines) * labels.LABEL_FONT * labels.LINE_HEIGHT
        for sx, sy, _, sh in shapes.values():
            if left < sx < right and y < sy + sh and sy < bottom:
                stretch.add(sx - 2 * TOLERANCE - 0.5, right - sx + 6)
                ids.append(element.get("id", ""))
    return stretch, ids


def _bounds(bounds: etree._Element) -> tuple[float, float, float, float]:
    x, y, width, height = (float(bounds.get(k, 0)) for k in ("x", "y", "width", "height"))
    return x, y, width, height


def _rewritten(data: bytes, values: list[dict[str, float]]) -> bytes:
    """``data`` with the dc:Bounds and di:waypoint of its diagram given ``values`` (in document order);
    nothing else changed."""
    text = data.decode("utf-8")
    block = _DIAGRAM.search(text)
    assert block is not None
    numbers = iter(values)

    def rewrite(match: re.Match[str]) -> str:
        tag, new = match.group(0), next(numbers)
        for key, value in new.items():
            tag = re.sub(_ATTRIBUTE.format(key), rf"\g<1>{_number(value)}\g<3>", tag)
        return tag

    diagram = _NUMBERS.sub(rewrite, block.group(0))
    return (text[: block.start()] + diagram + text[block.end() :]).encode("utf-8")


def _branches_apart(root: etree._Element) -> tuple[list[dict[str, float]], list[str]]:
    """New coordinates that move a branch off the line it shares with another out of the same gateway.

    Of two branches leaving one corner along one line, the one that turns first leaves instead from
    the middle of the gateway's side it turns to; the labels go to either side of the two lines.
    """
    elements = _elements(root)
    diagram = root.find(f"{{{BPMNDI_NS}}}BPMNDiagram")
    assert diagram is not None
    edges = {e.get("bpmnElement", ""): e for e in diagram.iter(f"{{{BPMNDI_NS}}}BPMNEdge")}
    shapes = {s.get("bpmnElement", ""): s for s in diagram.iter(f"{{{BPMNDI_NS}}}BPMNShape")}
    changes: dict[etree._Element, dict[str, float]] = {}
    moved = []
    for gateway_id, gateway in elements.items():
        bounds = shapes[gateway_id].find(f"{{{DC_NS}}}Bounds") if gateway_id in shapes else None
        if _local(gateway) not in GATEWAYS or bounds is None:
            continue
        gx, gy, gw, gh = _bounds(bounds)
        out = [
            edges[f.get("id", "")]
            for f in root.iter(f"{{{BPMN_NS}}}sequenceFlow")
            if f.get("sourceRef") == gateway_id and f.get("id", "") in edges
        ]
        for a, b in itertools.combinations(out, 2):
            pa, pb = _points(a), _points(b)
            if len(pa) < 3 or len(pb) < 3 or pa[0] != pb[0] or pa[0][0] != pa[1][0] or pb[0][0] != pb[1][0]:
                continue  # only branches that leave one corner vertically (a column of branches)
            if (pa[1][1] - pa[0][1]) * (pb[1][1] - pb[0][1]) <= 0:
                continue
            near, far = (a, b) if abs(pa[1][1] - pa[0][1]) < abs(pb[1][1] - pb[0][1]) else (b, a)
            pn = _points(near)
            right = pn[2][0] > pn[1][0]
            down = pn[1][1] > pn[0][1]
            x = gx + gw * (0.75 if right else 0.25)
            y = gy + gh * (0.75 if down else 0.25)
            waypoints = list(near.iter(f"{{{DI_NS}}}waypoint"))
            changes[waypoints[0]] = {"x": round(x), "y": round(y)}
            changes[waypoints[1]] = {"x": round(x)}
            for edge, side in ((near, right), (far, not right)):
                label = edge.find(f"{{{BPMNDI_NS}}}BPMNLabel/{{{DC_NS}}}Bounds")
                line = round(x) if edge is near else pa[0][0]
                if label is not None:
                    width = float(label.get("width", 0))
                    changes[label] = {"x": line + 6 if side else line - 6 - width}
            moved.append(near.get("bpmnElement", ""))
    values = [changes.get(n, {}) for n in diagram.iter(f"{{{DC_NS}}}Bounds", f"{{{DI_NS}}}waypoint")]
    return values, moved


def _points(edge: etree._Element) -> list[tuple[float, float]]:
    return [(float(p.get("x", 0)), float(p.get("y", 0))) for p in edge.iter(f"{{{DI_NS}}}waypoint")]


def _moved(
    root: etree._Element, elements: dict[str, etree._Element], stretch: _Stretch
) -> Iterator[dict[str, float]]:
    """New coordinates for every dc:Bounds and di:waypoint of the diagram, in document order.

    A task, subprocess, lane or pool stretches; an event or gateway moves with its centre, a
    boundary event with its place on its task, a label with its element, and an edge's ends stay
    where they touch their shapes (the next bend follows, so the edge stays orthogonal).
    """
    diagram = root.find(f"{{{BPMNDI_NS}}}BPMNDiagram")
    assert diagram is not None
    old: dict[str, tuple[float, float]] = {}
    for shape in diagram.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if bounds is not None:
            old[shape.get("bpmnElement", "")] = (float(bounds.get("x", 0)), float(bounds.get("width", 0)))
    new: dict[str, tuple[float, float]] = {}
    for element_id, (x, width) in old.items():
        element = elements.get(element_id)
        kind = _local(element) if element is not None else ""
        if kind in TASKS or kind in {"participant", "lane", "subProcess"}:
            new[element_id] = (stretch(x), stretch(x + width) - stretch(x))
    for element_id, (x, width) in old.items():
        element = elements.get(element_id)
        host = element.get("attachedToRef", "") if element is not None else ""
        if element_id not in new:
            centre = x + width / 2
            if host in old and host in new:  # as far from the nearer end of its task as it was
                (before, before_width), (after, after_width) = old[host], new[host]
                offset = centre - before - before_width / 2
                if abs(offset) <= TOLERANCE:
                    centre = after + after_width / 2
                elif offset > 0:
                    centre = after + after_width - (before + before_width - centre)
                else:
                    centre = after + centre - before
            else:
                centre = stretch(centre)
            new[element_id] = (centre - width / 2, width)

    def on(element_id: str, x: float) -> float:
        return _attached(x, old.get(element_id), new.get(element_id), stretch)

    for node in diagram.iter(f"{{{BPMNDI_NS}}}BPMNShape", f"{{{BPMNDI_NS}}}BPMNEdge"):
        element_id = node.get("bpmnElement", "")
        element = elements.get(element_id)
        if _local(node) == "BPMNShape" and element_id in new:
            yield {"x": new[element_id][0], "width": new[element_id][1]}
        elif _local(node) == "BPMNEdge":
            yield from _edge(node, element, on, stretch)
        label = node.find(f"{{{BPMNDI_NS}}}BPMNLabel/{{{DC_NS}}}Bounds")
        if label is None:
            continue
        x, width = float(label.get("x", 0)), float(label.get("width", 0))
        if element_id in old and element_id in new:
            (before, before_width), (after, after_width) = old[element_id], new[element_id]
            centre = x + width / 2 + (after + after_width / 2) - (before + before_width / 2)
        else:
            centre = stretch(x + width / 2)
        name = element.get("name", "") if element is not None else ""
        if name and _label_width(name, width) > width:
            width = _label_width(name, width)
            lines = labels.wrap(name, width, labels.LABEL_FONT)
            height = max(float(label.get("height", 0)), _label_height(len(lines)))
            yield {"x": centre - width / 2, "width": width, "height": height}
        else:
            yield {"x": centre - width / 2}


def _attached(
    x: float, before: tuple[float, float] | None, after: tuple[float, float] | None, stretch: _Stretch
) -> float:
    """Where ``x``, a point on a shape that was at ``before`` (x, width) and is at ``after``, goes."""
    if before is None or after is None or before[1] == 0:
        return stretch(x)
    return after[0] + (x - before[0]) * after[1] / before[1]


def _edge(
    edge: etree._Element,
    element: etree._Element | None,
    on: Callable[[str, float], float],
    stretch: _Stretch,
) -> Iterator[dict[str, float]]:
    points = [float(p.get("x", 0)) for p in edge.iter(f"{{{DI_NS}}}waypoint")]
    if not points:
        return
    moved = [stretch(x) for x in points]
    if element is not None and len(points) > 1:
        moved[0] = on(element.get("sourceRef", ""), points[0])
        moved[-1] = on(element.get("targetRef", ""), points[-1])
        if len(points) > 2 and abs(points[0] - points[1]) <= TOLERANCE:
            moved[1] = moved[0]
        if len(points) > 2 and abs(points[-1] - points[-2]) <= TOLERANCE:
            moved[-2] = moved[-1]
        if len(points) == 2 and abs(points[0] - points[1]) <= TOLERANCE:
            moved[1] = moved[0]  # a straight vertical edge stays straight
    for x in moved:
        yield {"x": x}


def _has_icon(element: etree._Element) -> bool:
    return _local(element) in labels.ICON_TASKS


def _label_width(name: str, width: float) -> float:
    """The narrowest width from ``width`` up in which bpmn-js cuts no word of an external label."""
    while labels.broken_words(name, labels.wrap(name, width, labels.LABEL_FONT)) and width < 300:
        width += 2
    return width


def _label_height(lines: int) -> float:
    return float(int(lines * labels.LABEL_FONT * labels.LINE_HEIGHT + 0.999))


# The automatic layout --------------------------------------------------------------------------

POOL_X, POOL_Y = 160.0, 80.0  # where Camunda Modeler puts a new pool
HEADER = 30.0  # the band with the name of a pool, and of a lane
MARGIN = 50.0  # between a lane's header and its first shape, and after the last
COLUMN_GAP = 60.0  # between two columns
BRANCH_GAP = 120.0  # after a column with a gateway whose branches carry labels
ROW_GAP = 70.0  # between two rows: room for the label under an event
POOL_GAP = 60.0
LABEL_WIDTH = 90.0  # bpmn-js's width of a new external label
SIZES = {"event": (36.0, 36.0), "gateway": (50.0, 50.0)}
SUBPROCESS_PADDING = 30.0


@dataclass
class _Node:
    element: etree._Element
    width: float
    height: float
    lane: str = ""
    column: int = 0
    row: int = 0
    x: float = 0.0
    y: float = 0.0
    inner: _Diagram | None = None  # the layout of an expanded subprocess's children

    @property
    def id(self) -> str:
        return str(self.element.get("id", ""))

    @property
    def kind(self) -> str:
        return _local(self.element)

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2


@dataclass
class _Edge:
    element: etree._Element
    points: list[tuple[float, float]]
    label: tuple[float, float, float, float] | None = None


@dataclass
class _Diagram:
    """Shapes and edges of one flow (a process or a subprocess), placed relative to (0, 0)."""

    nodes: dict[str, _Node] = field(default_factory=dict)
    boundaries: dict[str, _Node] = field(default_factory=dict)
    edges: list[_Edge] = field(default_factory=list)
    lanes: list[tuple[etree._Element, float, float]] = field(default_factory=list)  # lane, y, height
    width: float = 0.0
    height: float = 0.0

    def shift(self, dx: float, dy: float) -> None:
        for node in [*self.nodes.values(), *self.boundaries.values()]:
            node.x, node.y = node.x + dx, node.y + dy
            if node.inner is not None:
                node.inner.shift(dx, dy)
        for edge in self.edges:
            edge.points = [(x + dx, y + dy) for x, y in edge.points]
            if edge.label:
                x, y, w, h = edge.label
                edge.label = (x + dx, y + dy, w, h)
        self.lanes = [(lane, y + dy, h) for lane, y, h in self.lanes]


def layout(file: str, data: bytes, replace: bool = False) -> bytes:
    """The file with a new diagram: a pool per process, its lanes, every shape and every edge.

    A file without a collaboration gets one (a participant per process, as Camunda Modeler
    writes it), a process without lanes gets a lane per candidate group of its user tasks; the
    rest of the process is left byte for byte as it was.

    Raises:
        ProcessInvalid: the file is not well-formed, has no process, or already has a diagram and
            ``replace`` is not set.
    """
    root = xmldoc.read(file, data)
    text = data.decode("utf-8")
    existing = _DIAGRAM.search(text)
    if existing is not None and not replace:
        raise ProcessInvalid(
            [Problem(file, "BPMNDiagram", "the file has a diagram; --replace draws it anew, --fit widens it")]
        )
    processes = root.findall(f"{{{BPMN_NS}}}process")
    if not processes:
        raise ProcessInvalid([Problem(file, "definitions", "the file has no process to lay out")])
    if existing is not None:
        text = text[: existing.start()] + text[existing.end() :]
    prefix = f"{root.prefix}:" if root.prefix else ""
    collaboration = root.find(f"{{{BPMN_NS}}}collaboration")
    participants = {
        p.get("processRef", ""): p for p in root.iter(f"{{{BPMN_NS}}}participant") if p.get("processRef")
    }
    pools = []
    for process in processes:
        lanes, added = _lanes(process)
        if added:
            text = _insert_lanes(text, process, lanes, prefix)
        diagram = _layout_flow(process, lanes, MARGIN)
        pools.append((process, participants.get(process.get("id", "")), diagram, bool(lanes)))
    if collaboration is None:
        collaboration_id = f"Collaboration_{processes[0].get('id', '')}"
        text = _insert_collaboration(text, processes, collaboration_id, prefix)
    else:
        collaboration_id = collaboration.get("id", "")
    missing = [p for p in processes if p.get("id", "") not in participants]
    if collaboration is not None and missing:
        raise ProcessInvalid(
            [
                Problem(file, p.get("id", "?"), "the process has no participant in the collaboration")
                for p in missing
            ]
        )
    text = _with_namespaces(text)
    return _with_diagram(text, collaboration_id, pools).encode("utf-8")


FLOW_NODES = TASKS | EVENTS | GATEWAYS | {"subProcess", "transaction", "adHocSubProcess"}
SUBPROCESSES = {"subProcess", "transaction", "adHocSubProcess"}


def _lanes(process: etree._Element) -> tuple[list[tuple[etree._Element, list[str]]], bool]:
    """The lanes of a process and their members; when it has none, a lane per candidate group of
    its user tasks (returned a second time: they are to be added to the process)."""
    lanes = process.findall(f"{{{BPMN_NS}}}laneSet/{{{BPMN_NS}}}lane")
    if lanes:
        return [
            (lane, [(ref.text or "").strip() for ref in lane.iter(f"{{{BPMN_NS}}}flowNodeRef")])
            for lane in lanes
        ], False
    nodes = [c for c in process if _local(c) in FLOW_NODES]
    role: dict[str, str] = {}
    for node in nodes:
        group = node.get(f"{{{CAMUNDA_NS}}}candidateGroups", "").split(",")[0].strip()
        if _local(node) == "userTask" and group:
            role[node.get("id", "")] = group
    if not role:
        return [], False
    flows = [
        (f.get("sourceRef", ""), f.get("targetRef", ""))
        for f in process.iterfind(f"{{{BPMN_NS}}}sequenceFlow")
    ]
    hosts = {n.get("id", ""): n.get("attachedToRef", "") for n in nodes if _local(n) == "boundaryEvent"}
    for _ in range(len(nodes)):  # along the flow, then against it, until every node has a lane
        for source, target in flows:
            source = hosts.get(source, source)
            if target not in role and source in role:
                role[target] = role[source]
        for source, target in flows:
            if source not in role and target in role and source not in hosts:
                role[source] = role[target]
    for node in nodes:
        node_id = node.get("id", "")
        role.setdefault(node_id, role.get(hosts.get(node_id, ""), next(iter(role.values()))))
    names = list(dict.fromkeys(role[n.get("id", "")] for n in nodes))
    made = []
    for name in names:
        lane = etree.Element(
            f"{{{BPMN_NS}}}lane", id=f"Lane_{re.sub(r'[^A-Za-z0-9_]', '_', name)}", name=name
        )
        made.append((lane, [n.get("id", "") for n in nodes if role[n.get("id", "")] == name]))
    return made, True


def _size(node: etree._Element, boundary: bool) -> tuple[float, float, _Diagram | None]:
    kind = _local(node)
    if kind in EVENTS:
        return (*SIZES["event"], None)
    if kind in GATEWAYS:
        return (*SIZES["gateway"], None)
    if kind in SUBPROCESSES and any(_local(c) in FLOW_NODES for c in node):
        inner = _layout_flow(node, [], SUBPROCESS_PADDING)
        return inner.width, inner.height + SUBPROCESS_PADDING, inner
    name = node.get("name", "")
    return labels.task_size(name, 80.0, _has_icon(node), boundary), 80.0, None


def _layout_flow(
    container: etree._Element, lanes: list[tuple[etree._Element, list[str]]], left: float
) -> _Diagram:
    """Place the flow nodes of a process or subprocess on a grid of columns (along the flow) and
    rows (within each lane), then route the edges around them."""
    diagram = _Diagram()
    children = [c for c in container if _local(c) in FLOW_NODES]
    hosts = {c.get("attachedToRef", "") for c in children if _local(c) == "boundaryEvent"}
    lane_of = {member: lane.get("id", "") for lane, members in lanes for member in members}
    for child in children:
        if _local(child) == "boundaryEvent":
            continue
        width, height, inner = _size(child, child.get("id") in hosts)
        node = _Node(child, width, height, lane=lane_of.get(child.get("id", ""), ""), inner=inner)
        diagram.nodes[node.id] = node
    for child in children:
        if _local(child) == "boundaryEvent" and child.get("attachedToRef") in diagram.nodes:
            diagram.boundaries[child.get("id", "")] = _Node(child, *SIZES["event"])
    flows = [
        f
        for f in container.iterfind(f"{{{BPMN_NS}}}sequenceFlow")
        if f.get("sourceRef") in diagram.nodes.keys() | diagram.boundaries.keys()
        and f.get("targetRef") in diagram.nodes
    ]
    _columns(diagram, flows)
    _rows(diagram, flows, [lane.get("id", "") for lane, _ in lanes] or [""])
    _place(diagram, flows, [lane for lane, _ in lanes], left)
    for flow in flows:
        diagram.edges.append(_route(diagram, flow, flows))
    return diagram


def _host(diagram: _Diagram, node_id: str) -> str:
    boundary = diagram.boundaries.get(node_id)
    return boundary.element.get("attachedToRef", "") if boundary is not None else node_id


def _columns(diagram: _Diagram, flows: list[etree._Element]) -> None:
    """Columns by the longest path from the start, not counting the flows that loop back."""
    successors: dict[str, list[str]] = {n: [] for n in diagram.nodes}
    for flow in flows:
        successors[_host(diagram, flow.get("sourceRef", ""))].append(flow.get("targetRef", ""))
    incoming = {t for targets in successors.values() for t in targets}
    order = sorted(diagram.nodes, key=lambda n: (n in incoming, diagram.nodes[n].kind != "startEvent"))
    back: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for start in order:
        if start in seen:
            continue
        stack, path = [(start, iter(successors[start]))], {start}
        seen.add(start)
        while stack:
            node, following = stack[-1]
            target = next(following, None)
            if target is None:
                stack.pop()
                path.discard(node)
            elif target in path:
                back.add((node, target))
            elif target not in seen:
                seen.add(target)
                path.add(target)
                stack.append((target, iter(successors[target])))
    column = {n: 0 for n in diagram.nodes}
    for _ in range(len(diagram.nodes)):
        changed = False
        for source, targets in successors.items():
            for target in targets:
                if (source, target) not in back and column[target] < column[source] + 1:
                    column[target], changed = column[source] + 1, True
        if not changed:
            break
    last = max(column.values(), default=0)
    for node_id, placed in diagram.nodes.items():
        placed.column = last + 1 if placed.element.get("triggeredByEvent") == "true" else column[node_id]


def _rows(diagram: _Diagram, flows: list[etree._Element], lanes: list[str]) -> None:
    """Rows within each lane: a flow goes on along its row, the further branches of a gateway (and
    the flows out of boundary events) get rows of their own below and above."""
    taken: set[tuple[str, int, int]] = set()
    placed: set[str] = set()
    outgoing: dict[str, list[str]] = {}
    for flow in flows:
        outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    for node in sorted(diagram.nodes.values(), key=lambda n: n.column):
        wanted, step = 0, 1
        for flow in flows:
            source = flow.get("sourceRef", "")
            host = diagram.nodes[_host(diagram, source)]
            if flow.get("targetRef") != node.id or host.id not in placed:
                continue
            offset = 1 if source in diagram.boundaries else _offset(outgoing[source].index(node.id))
            wanted = host.row + offset if host.lane == node.lane else 0
            step = -1 if offset < 0 else 1
            if host.lane == node.lane:
                break
        row = wanted
        while (node.lane, node.column, row) in taken:
            row += step
        node.row = row
        taken.add((node.lane, node.column, row))
        placed.add(node.id)
    for lane in lanes:
        members = [n for n in diagram.nodes.values() if n.lane == lane]
        low = min((n.row for n in members), default=0)
        for member in members:
            member.row -= low


def _offset(index: int) -> int:
    """The row of a gateway's index-th branch relative to the gateway: 0, +1, -1, +2, -2, ..."""
    return (index + 1) // 2 * (1 if index % 2 else -1)


def _place(diagram: _Diagram, flows: list[etree._Element], lanes: list[etree._Element], left: float) -> None:
    nodes = list(diagram.nodes.values())
    columns = max((n.column for n in nodes), default=0) + 1
    widths = [max((n.width for n in nodes if n.column == c), default=0.0) for c in range(columns)]
    labelled = {diagram.nodes[_host(diagram, f.get("sourceRef", ""))].column for f in flows if f.get("name")}
    x, column_x = left, []
    for c in range(columns):
        column_x.append(x)
        x += widths[c] + (BRANCH_GAP if c in labelled else COLUMN_GAP)
    diagram.width = x - (BRANCH_GAP if columns - 1 in labelled else COLUMN_GAP) + MARGIN
    y = 0.0
    for lane_id in [lane.get("id", "") for lane in lanes] or [""]:
        members = [n for n in nodes if n.lane == lane_id]
        rows = max((n.row for n in members), default=0) + 1
        heights = [max((n.height for n in members if n.row == r), default=80.0) for r in range(rows)]
        row_y, top = [], y + ROW_GAP / 2 + 10
        for height in heights:
            row_y.append(top)
            top += height + ROW_GAP
        for member in members:
            member.x = column_x[member.column] + (widths[member.column] - member.width) / 2
            member.y = row_y[member.row] + (heights[member.row] - member.height) / 2
            if member.inner is not None:
                member.inner.shift(member.x, member.y + SUBPROCESS_PADDING)
        height = top - ROW_GAP / 2 + 10 - y
        if lane_id:
            diagram.lanes.append((next(lane for lane in lanes if lane.get("id") == lane_id), y, height))
        y += height
    diagram.height = y
    for host in nodes:
        attached = [b for b in diagram.boundaries.values() if b.element.get("attachedToRef") == host.id]
        for number, boundary in enumerate(attached):
            centre = max(host.x + host.width - 25 - 45 * number, host.x + 20)
            boundary.x, boundary.y = centre - 18, host.y + host.height - 18


def _route(diagram: _Diagram, flow: etree._Element, flows: list[etree._Element]) -> _Edge:
    """Orthogonal waypoints for a flow that pass through no other shape."""
    source_id, target_id = flow.get("sourceRef", ""), flow.get("targetRef", "")
    source = diagram.boundaries.get(source_id) or diagram.nodes[source_id]
    target = diagram.nodes[target_id]
    (sx, sy), (tx, ty) = source.centre, target.centre
    others = [
        n
        for n in [*diagram.nodes.values(), *diagram.boundaries.values()]
        if n.id not in (source_id, target_id)
    ]
    siblings = [f.get("targetRef", "") for f in flows if f.get("sourceRef") == source_id]
    candidates: list[list[tuple[float, float]]] = []
    forward = target.x > source.x + source.width
    right = source.x + source.width
    gap_after = right + COLUMN_GAP / 2
    gap_before = target.x - COLUMN_GAP / 2
    if source_id in diagram.boundaries and forward:
        candidates.append([(sx, sy + 18), (sx, ty), (target.x, ty)])
    if source.kind in GATEWAYS and len(siblings) > 1 and forward and abs(ty - sy) > 1:
        same_side = sorted(
            (diagram.nodes[s] for s in siblings if (diagram.nodes[s].centre[1] - sy) * (ty - sy) > 1),
            key=lambda n: -abs(n.centre[1] - sy),
        )
        share = same_side.index(target) / len(same_side) * 0.8 if target in same_side else 0.0
        exit_x = sx + share * source.width / 2
        exit_y = sy + (1 if ty > sy else -1) * (1 - share) * source.height / 2
        candidates.append([(exit_x, exit_y), (exit_x, ty), (target.x, ty)])
        for corridor in _corridors(diagram, sy):
            if (corridor - sy) * (ty - sy) > 0:  # on the way: below for a branch down, above for one up
                candidates.append(
                    [
                        (exit_x, exit_y),
                        (exit_x, corridor),
                        (gap_before, corridor),
                        (gap_before, ty),
                        (target.x, ty),
                    ]
                )
    if forward:
        if abs(ty - sy) <= 1:
            candidates.append([(right, sy), (target.x, ty)])
        candidates.append([(right, sy), (gap_before, sy), (gap_before, ty), (target.x, ty)])
        candidates.append([(right, sy), (gap_after, sy), (gap_after, ty), (target.x, ty)])
    for corridor in _corridors(diagram, sy):
        up = corridor < sy
        side = target.y if corridor < ty else target.y + target.height
        into = (
            [(gap_before, corridor), (gap_before, ty), (target.x, ty)]
            if forward
            else [(tx, corridor), (tx, side)]
        )
        if not (up and source_id in diagram.boundaries):  # out of the top or bottom, along the corridor
            candidates.append([(sx, source.y if up else source.y + source.height), (sx, corridor), *into])
        if source_id not in diagram.boundaries:  # out of the right side
            candidates.append([(right, sy), (gap_after, sy), (gap_after, corridor), *into])
    routed = [e.points for e in diagram.edges if e.element.get("sourceRef") == source_id]

    def faults(points: list[tuple[float, float]]) -> int:
        return sum(_through(points, n) for n in others) + sum(shared_line(points, r) for r in routed)

    points = next((c for c in candidates if not faults(c)), None) or min(candidates, key=faults)
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    return _Edge(flow, points, _flow_label(flow, points))


def shared_line(a: list[tuple[float, float]], b: list[tuple[float, float]], tolerance: float = 1.0) -> bool:
    """Whether two orthogonal lines run along each other somewhere (more than a point in common)."""
    for (ax0, ay0), (ax1, ay1) in itertools.pairwise(a):
        for (bx0, by0), (bx1, by1) in itertools.pairwise(b):
            across = (
                abs(ay0 - ay1) <= tolerance and abs(by0 - by1) <= tolerance and abs(ay0 - by0) <= tolerance
            )
            down = abs(ax0 - ax1) <= tolerance and abs(bx0 - bx1) <= tolerance and abs(ax0 - bx0) <= tolerance
            if across and min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1)) > tolerance:
                return True
            if down and min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1)) > tolerance:
                return True
    return False


def _corridors(diagram: _Diagram, y: float) -> list[float]:
    """Horizontal lines between the rows, nearest to ``y`` first, that no shape lies on."""
    shapes = [*diagram.nodes.values(), *diagram.boundaries.values()]
    lines = {n.y - ROW_GAP / 2 + 8 for n in shapes} | {n.y + n.height + ROW_GAP / 2 - 8 for n in shapes}
    lines |= {-ROW_GAP / 4, diagram.height + ROW_GAP / 4}
    free = [c for c in lines if not any(n.y - 2 < c < n.y + n.height + 2 for n in shapes)]
    return sorted(free, key=lambda c: abs(c - y))


def _through(points: list[tuple[float, float]], node: _Node, margin: float = 8.0) -> bool:
    """Whether an orthogonal line through ``points`` runs through the inside of ``node``."""
    left, top = node.x - margin, node.y - margin
    right, bottom = node.x + node.width + margin, node.y + node.height + margin
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if min(x0, x1) < right and max(x0, x1) > left and min(y0, y1) < bottom and max(y0, y1) > top:
            return True
    return False


def _flow_label(
    flow: etree._Element, points: list[tuple[float, float]]
) -> tuple[float, float, float, float] | None:
    """A flow's name above its first line that runs across, just after the bend: each branch of a
    gateway has its own line there."""
    name = flow.get("name", "")
    if not name:
        return None
    width, height = _label_box(name)
    across = next(
        ((p, q) for p, q in itertools.pairwise(points) if abs(p[1] - q[1]) <= 1 and q[0] > p[0]),
        (points[0], points[1]),
    )
    (x0, y0), _ = across
    return x0 + 6, y0 - height - 3, width, height


def _label_box(name: str) -> tuple[float, float]:
    """The size of an external label that bpmn-js draws whole: bpmn-js's 90 px, wider where a word
    would be cut, narrower for a name on one line."""
    width = _label_width(name, LABEL_WIDTH)
    lines = labels.wrap(name, width, labels.LABEL_FONT)
    narrow = float(int(labels.text_width(lines[0], labels.LABEL_FONT)) + 4)
    if len(lines) == 1 and labels.wrap(name, narrow, labels.LABEL_FONT) == lines:
        width = min(width, narrow)
    return width, _label_height(len(lines))


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _insert_lanes(
    text: str, process: etree._Element, lanes: list[tuple[etree._Element, list[str]]], prefix: str
) -> str:
    """``text`` with a lane set of ``lanes`` before the first flow element of ``process``."""
    opening = re.search(rf'<{prefix}process\b[^>]*\bid="{re.escape(process.get("id", ""))}"[^>]*>', text)
    first = next(c for c in process if _local(c) in FLOW_NODES | {"sequenceFlow"})
    assert opening is not None
    tag = re.search(
        rf'\n([ \t]*)<{prefix}{_local(first)}\b[^>]*\bid="{re.escape(first.get("id", ""))}"',
        text[opening.end() :],
    )
    assert tag is not None
    at, indent = opening.end() + tag.start() + 1, tag.group(1)
    lines = [f'{indent}<{prefix}laneSet id="LaneSet_{_attribute(process.get("id", ""))}">']
    for lane, members in lanes:
        lines.append(
            f'{indent}  <{prefix}lane id="{lane.get("id")}" name="{_attribute(lane.get("name", ""))}">'
        )
        lines += [f"{indent}    <{prefix}flowNodeRef>{member}</{prefix}flowNodeRef>" for member in members]
        lines.append(f"{indent}  </{prefix}lane>")
    lines.append(f"{indent}</{prefix}laneSet>")
    return text[:at] + "\n".join(lines) + "\n" + text[at:]


def _insert_collaboration(text: str, processes: list[etree._Element], collaboration: str, prefix: str) -> str:
    """``text`` with a collaboration of one participant per process, as Camunda Modeler writes it."""
    opening = re.search(rf"<{prefix}definitions\b[^>]*>", text)
    assert opening is not None
    lines = [f'  <{prefix}collaboration id="{collaboration}">']
    for process in processes:
        pid = _attribute(process.get("id", ""))
        name = _attribute(process.get("name") or process.get("id", ""))
        lines.append(f'    <{prefix}participant id="Participant_{pid}" name="{name}" processRef="{pid}" />')
    lines.append(f"  </{prefix}collaboration>")
    return text[: opening.end()] + "\n" + "\n".join(lines) + text[opening.end() :]


DI_NAMESPACES = {"bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS}


def _with_namespaces(text: str) -> str:
    """``text`` with the diagram's namespace prefixes declared on its root element."""
    opening = re.search(r"<(\w+:)?definitions\b[^>]*>", text)
    assert opening is not None
    missing = "".join(
        f' xmlns:{prefix}="{uri}"'
        for prefix, uri in DI_NAMESPACES.items()
        if f"xmlns:{prefix}=" not in opening.group(0)
    )
    end = opening.end() - 1
    return text[:end] + missing + text[end:]


Pool = tuple[etree._Element, etree._Element | None, _Diagram, bool]  # process, participant, diagram, lanes


def _with_diagram(text: str, collaboration: str, pools: list[Pool]) -> str:
    """``text`` with a diagram of ``pools``, one under the other, before the end of its definitions."""
    out = [
        '  <bpmndi:BPMNDiagram id="BPMNDiagram_1">',
        f'    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="{collaboration}">',
    ]
    y = POOL_Y
    for process, participant, diagram, has_lanes in pools:
        participant_id = (
            participant.get("id", "") if participant is not None else f"Participant_{process.get('id', '')}"
        )
        header = HEADER * (2 if has_lanes else 1)
        diagram.shift(POOL_X + header, y)
        width = diagram.width + header
        out += _shape(participant_id, (POOL_X, y, width, diagram.height), ' isHorizontal="true"')
        for lane, lane_y, lane_height in diagram.lanes:
            bounds = (POOL_X + HEADER, lane_y, width - HEADER, lane_height)
            out += _shape(lane.get("id", ""), bounds, ' isHorizontal="true"')
        out += _shapes(diagram)
        y += diagram.height + POOL_GAP
    out += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
    end = text.rstrip().rfind("</")
    return text[:end] + "\n".join(out) + "\n" + text[end:]


def _shapes(diagram: _Diagram) -> list[str]:
    out = []
    for node in diagram.nodes.values():
        extra = ' isMarkerVisible="true"' if node.kind == "exclusiveGateway" else ""
        extra += ' isExpanded="true"' if node.inner is not None else ""
        out += _shape(node.id, (node.x, node.y, node.width, node.height), extra, _node_label(node))
    for node in diagram.boundaries.values():
        out += _shape(node.id, (node.x, node.y, node.width, node.height), "", _node_label(node))
    for edge in diagram.edges:
        flow_id = edge.element.get("id", "")
        out.append(f'      <bpmndi:BPMNEdge id="{flow_id}_di" bpmnElement="{flow_id}">')
        out += [
            f'        <di:waypoint x="{_number(round(x, 2))}" y="{_number(round(y, 2))}" />'
            for x, y in edge.points
        ]
        if edge.label:
            out += [
                "        <bpmndi:BPMNLabel>",
                f"          {_bounds_xml(edge.label)}",
                "        </bpmndi:BPMNLabel>",
            ]
        out.append("      </bpmndi:BPMNEdge>")
    for node in diagram.nodes.values():
        if node.inner is not None:
            out += _shapes(node.inner)
    return out


def _node_label(node: _Node) -> tuple[float, float, float, float] | None:
    """An event's name under it; a gateway's above it, left of the lines that leave its top."""
    name = node.element.get("name", "")
    if not name or (node.kind not in EVENTS and node.kind not in GATEWAYS):
        return None
    width, height = _label_box(name)
    centre = node.x + node.width / 2
    if node.kind in GATEWAYS:
        return centre - width - 4, node.y - height - 2, width, height
    if node.kind == "boundaryEvent":  # right of the flow that leaves it downwards
        return centre + 6, node.y + node.height + 2, width, height
    return centre - width / 2, node.y + node.height + 6, width, height


def _shape(
    element_id: str,
    bounds: tuple[float, float, float, float],
    extra: str = "",
    label: tuple[float, float, float, float] | None = None,
) -> list[str]:
    out = [
        f'      <bpmndi:BPMNShape id="{element_id}_di" bpmnElement="{element_id}"{extra}>',
        f"        {_bounds_xml(bounds)}",
    ]
    if label:
        out += [
            "        <bpmndi:BPMNLabel>",
            f"          {_bounds_xml(label)}",
            "        </bpmndi:BPMNLabel>",
        ]
    out.append("      </bpmndi:BPMNShape>")
    return out


def _bounds_xml(bounds: tuple[float, float, float, float]) -> str:
    x, y, width, height = (_number(round(v, 2)) for v in bounds)
    return f'<dc:Bounds x="{x}" y="{y}" width="{width}" height="{height}" />'
