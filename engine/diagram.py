"""SVG diagrams drawn from a process's diagram interchange (what Camunda Modeler saved).

One renderer serves three views: the process as modelled, a case with the path it took
and where it is now, and a heatmap of where cases are.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from . import xmldoc
from .vocabulary import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS

BPMN, DI, DC, DD_DI = BPMN_NS, BPMNDI_NS, DC_NS, DI_NS
TASKS = {
    "userTask",
    "callActivity",
    "task",
    "manualTask",
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "subProcess",
}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
DONE, ACTIVE = ("#e3f2e1", "#2e7d32"), ("#fff3cd", "#e65100")


@dataclass
class Highlight:
    """What to colour: elements passed, elements where the case is now, and heat values with captions.

    A heat value runs from 0 to 1.
    """

    done: set[str] = field(default_factory=set)
    active: set[str] = field(default_factory=set)
    heat: Mapping[str, float] = field(default_factory=dict)
    captions: Mapping[str, str] = field(default_factory=dict)
    title: str = ""


def render(xml: bytes, highlight: Highlight | None = None) -> str:
    """The process diagram as a standalone SVG document."""
    mark = highlight or Highlight()
    root = xmldoc.read("diagram", xml)
    elements = {e.get("id"): e for e in root.iter() if e.get("id")}
    shapes, edges = [], []
    xs: list[float] = []
    ys: list[float] = []
    for shape in root.iter(f"{{{DI}}}BPMNShape"):
        bounds = shape.find(f"{{{DC}}}Bounds")
        element = elements.get(shape.get("bpmnElement", ""))
        if bounds is None or element is None:
            continue
        box = tuple(float(bounds.get(k, 0)) for k in ("x", "y", "width", "height"))
        label = shape.find(f"{{{DI}}}BPMNLabel/{{{DC}}}Bounds")
        label_box = (
            tuple(float(label.get(k, 0)) for k in ("x", "y", "width", "height"))
            if label is not None
            else None
        )
        shapes.append((element, box, label_box))
        xs += [box[0], box[0] + box[2]] + ([label_box[0], label_box[0] + label_box[2]] if label_box else [])
        ys += [box[1], box[1] + box[3]] + ([label_box[1], label_box[1] + label_box[3]] if label_box else [])
    for edge in root.iter(f"{{{DI}}}BPMNEdge"):
        points = [(float(p.get("x", 0)), float(p.get("y", 0))) for p in edge.iter(f"{{{DD_DI}}}waypoint")]
        label = edge.find(f"{{{DI}}}BPMNLabel/{{{DC}}}Bounds")
        edges.append(
            (
                elements.get(edge.get("bpmnElement", "")),
                points,
                tuple(float(label.get(k, 0)) for k in ("x", "y", "width", "height"))
                if label is not None
                else None,
            )
        )
        xs += [p[0] for p in points]
        ys += [p[1] for p in points]
    left, top = (min(xs) - 20, min(ys) - (50 if mark.title else 20)) if xs else (0, 0)
    width, height = ((max(xs) - left + 20), (max(ys) - top + 20)) if xs else (100, 100)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.0f} {top:.0f} {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="Arial, sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
        f'<rect x="{left:.0f}" y="{top:.0f}" width="{width:.0f}" height="{height:.0f}" fill="white"/>',
    ]
    if mark.title:
        out.append(
            f'<text x="{left + 20:.0f}" y="{top + 28:.0f}" font-size="16" font-weight="bold">'
            f"{escape(mark.title)}</text>"
        )
    order = {"participant": 0, "lane": 1}
    for element, box, label_box in sorted(shapes, key=lambda s: order.get(etree.QName(s[0]).localname, 2)):
        out.append(_shape(element, box, label_box, mark))
    for element, points, label_box in edges:
        if element is not None and len(points) >= 2:
            out.append(_edge(element, points, label_box, mark))
    out.append("</svg>")
    return "\n".join(out)


def _colours(element_id: str, mark: Highlight) -> tuple[str, str, float]:
    if element_id in mark.active:
        return ACTIVE[0], ACTIVE[1], 3.0
    if element_id in mark.heat:
        value = max(0.0, min(1.0, mark.heat[element_id]))
        green_blue = int(255 - 185 * value)
        return f"rgb(255,{green_blue},{green_blue})", "#b71c1c" if value > 0 else "#333", 2.0
    if element_id in mark.done:
        return DONE[0], DONE[1], 2.0
    return "white", "#333", 1.5


def _shape(
    element: etree._Element, box: tuple[float, ...], label_box: tuple[float, ...] | None, mark: Highlight
) -> str:
    kind = etree.QName(element).localname
    x, y, w, h = box
    name = element.get("name") or ""
    eid = element.get("id", "")
    fill, stroke, stroke_width = _colours(eid, mark)
    parts = [f"<g id={quoteattr('shape-' + eid)}><title>{escape(name or eid)}</title>"]
    if kind in ("participant", "lane"):
        parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="#555" stroke-width="1.2"/>'
        )
        cx, cy = x + 15, y + h / 2
        parts.append(
            f'<text x="{cx}" y="{cy}" text-anchor="middle" dominant-baseline="middle" '
            f'transform="rotate(-90 {cx} {cy})">'
            f"{escape(name)}</text>"
        )
        if kind == "participant":
            parts.append(
                f'<line x1="{x + 30}" y1="{y}" x2="{x + 30}" y2="{y + h}" stroke="#555" stroke-width="1.2"/>'
            )
    elif kind in TASKS:
        thick = 3.5 if kind == "callActivity" else stroke_width
        parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{thick}"/>'
        )
        lines = textwrap.wrap(name, 16)[:5]
        offset = 5 if kind == "userTask" else 0  # room for the user icon in the corner
        for i, line in enumerate(lines):
            ty = y + h / 2 + offset + (i - (len(lines) - 1) / 2) * 14
            parts.append(
                f'<text x="{x + w / 2}" y="{ty:.1f}" text-anchor="middle" dominant-baseline="middle">'
                f"{escape(line)}</text>"
            )
        if kind == "userTask":
            parts.append(
                f'<circle cx="{x + 12}" cy="{y + 11}" r="4" fill="none" stroke="#333"/>'
                f'<path d="M{x + 5},{y + 22} a7,6 0 0,1 14,0" fill="none" stroke="#333"/>'
            )
    elif kind in EVENTS:
        cx, cy, r = x + w / 2, y + h / 2, w / 2
        width_ = 4 if kind == "endEvent" else stroke_width
        parts.append(
            f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="{width_}"/>'
        )
        if kind in ("intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"):
            dash = ' stroke-dasharray="4 2"' if element.get("cancelActivity") == "false" else ""
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r - 3}" fill="none" stroke="{stroke}"{dash}/>')
        if element.find(f"{{{BPMN}}}timerEventDefinition") is not None:
            parts.append(
                f'<circle cx="{cx}" cy="{cy}" r="{r - 7}" fill="white" stroke="#333"/>'
                f'<path d="M{cx},{cy} L{cx},{cy - r + 10} M{cx},{cy} L{cx + 6},{cy}" '
                'stroke="#333" stroke-width="1.5"/>'
            )
        if element.find(f"{{{BPMN}}}messageEventDefinition") is not None:
            parts.append(
                f'<rect x="{cx - 9}" y="{cy - 6}" width="18" height="12" fill="white" stroke="#333"/>'
                f'<path d="M{cx - 9},{cy - 6} L{cx},{cy + 1} L{cx + 9},{cy - 6}" fill="none" stroke="#333"/>'
            )
    elif kind in GATEWAYS:
        cx, cy = x + w / 2, y + h / 2
        parts.append(
            f'<path d="M{cx},{y} L{x + w},{cy} L{cx},{y + h} L{x},{cy} z" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}"/>'
        )
        if kind == "exclusiveGateway":
            parts.append(
                f'<path d="M{cx - 8},{cy - 8} L{cx + 8},{cy + 8} M{cx + 8},{cy - 8} L{cx - 8},{cy + 8}" '
                'stroke="#333" stroke-width="3"/>'
            )
        elif kind == "parallelGateway":
            parts.append(
                f'<path d="M{cx},{cy - 11} L{cx},{cy + 11} M{cx - 11},{cy} L{cx + 11},{cy}" '
                'stroke="#333" stroke-width="3"/>'
            )
    if label_box and name and kind not in TASKS and kind not in ("participant", "lane"):
        lx, ly, lw, lh = label_box
        lines = textwrap.wrap(name, max(8, int(lw / 6)))[:4]
        for i, line in enumerate(lines):
            parts.append(
                f'<text x="{lx + lw / 2}" y="{ly + 11 + i * 13}" text-anchor="middle" font-size="11">'
                f"{escape(line)}</text>"
            )
    caption = mark.captions.get(eid)
    if caption:
        parts.append(
            f'<rect x="{x + w - 12}" y="{y - 10}" width="{8 + 7 * len(caption)}" height="18" rx="9" '
            'fill="#b71c1c"/>'
            f'<text x="{x + w - 8}" y="{y + 3}" fill="white" font-size="11" font-weight="bold">'
            f"{escape(caption)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def _edge(
    element: etree._Element,
    points: list[tuple[float, float]],
    label_box: tuple[float, ...] | None,
    mark: Highlight,
) -> str:
    eid = element.get("id", "")
    taken = eid in mark.done
    colour, width = (DONE[1], 2.5) if taken else ("#333", 1.3)
    path = " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(points))
    parts = [
        f'<g id={quoteattr("edge-" + eid)}><path d="{path}" fill="none" '
        f'stroke="{colour}" stroke-width="{width}" marker-end="url(#arrow)"/>'
    ]
    name = element.get("name")
    if name and label_box:
        lx, ly, lw, _ = label_box
        parts.append(
            f'<text x="{lx + lw / 2}" y="{ly + 11}" text-anchor="middle" font-size="11" fill="#444">'
            f"{escape(name)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)
