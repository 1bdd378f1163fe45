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

from lxml import etree

from . import labels, xmldoc
from .errors import Problem, ProcessInvalid
from .vocabulary import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS

TASKS = {
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
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
            yield {"x": round(centre - width / 2), "width": width, "height": height}
        else:
            yield {"x": round(centre - width / 2)}


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
    return _local(element) in TASKS - {"task", "callActivity"}


def _label_width(name: str, width: float) -> float:
    """The narrowest width from ``width`` up in which bpmn-js cuts no word of an external label."""
    while labels.broken_words(name, labels.wrap(name, width, labels.LABEL_FONT)) and width < 300:
        width += 10
    return width


def _label_height(lines: int) -> float:
    return float(int(lines * labels.LABEL_FONT * labels.LINE_HEIGHT + 0.999))
