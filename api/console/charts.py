"""Small charts drawn on the server as SVG, for the regisseur's page: no script, no chart library.

Each chart is an image with a title and a description (``role="img"``); the page shows the
same numbers in a table for screen readers and keyboard users.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

CHAR_WIDTH = 7.9  # the advance of 12px semibold text (console.css) in a wide sans-serif, to size boxes
NODE_HEIGHT = 30
INK = "#1b1f24"
MUTED = "#4a5361"
BRAND = "#154273"
NODE_FILL = "#e8eef6"
ARROW = "#3d6491"
LATE = "#a4161a"
BAR = "#3d6491"
PAPER = "#ffffff"

_ids = itertools.count(1)

Point = tuple[float, float]
Curve = tuple[Point, Point, Point]  # a quadratic Bézier curve: start, control point, end


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _el(tag: str, content: str = "", **attributes: object) -> str:
    """An SVG element; attribute names with ``_`` get ``-`` (stroke_width: stroke-width)."""
    shown = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(_fmt(v) if isinstance(v, float) else v)}"'
        for name, v in attributes.items()
    )
    return f"<{tag}{shown}>{content}</{tag}>" if content else f"<{tag}{shown}/>"


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _frame(width: float, height: float, title: str, description: str, body: list[str]) -> Markup:
    """The svg element around ``body``, labelled by its title and description."""
    n = next(_ids)
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_fmt(width)} '
        f'{_fmt(height)}" width="100%" style="max-width: {_fmt(width)}px; height: auto" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc">'
        f'<title id="chart-{n}-title">{escape(title)}</title>'
        f'<desc id="chart-{n}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


# -- the handover picture ------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrow:
    """Handovers from one role to another: the arrow's width follows ``count``."""

    source: str
    target: str
    count: int
    label: str
    late: bool = False


@dataclass(frozen=True)
class _Node:
    name: str
    x: float
    y: float
    half_width: float
    half_height: float

    def contains(self, point: tuple[float, float], margin: float = 4.0) -> bool:
        return (
            abs(point[0] - self.x) <= self.half_width + margin
            and abs(point[1] - self.y) <= self.half_height + margin
        )


def handover_graph(nodes: Sequence[str], arrows: Sequence[Arrow], title: str, description: str) -> Markup:
    """Roles as boxes on an ellipse, handovers as curved arrows between them.

    Roles that hand over much to each other stand close together; an arrow and its opposite
    bend to opposite sides, so both stay visible; a label moves along its arrow until it
    covers no box and no other label.
    """
    count = len(nodes)
    widest = max((_text_width(n) for n in nodes), default=0) + 28
    rx = min(520.0, max(220.0, 60.0 * count)) if count > 1 else 0.0
    ry = min(260.0, max(150.0, 32.0 * count)) if count > 2 else 0.0
    pad_x, pad_y = widest / 2 + 24, NODE_HEIGHT / 2 + 44
    width, height = 2 * rx + 2 * pad_x, 2 * ry + 2 * pad_y
    placed: dict[str, _Node] = {}
    for i, name in enumerate(_order(nodes, arrows)):
        angle = -math.pi / 2 + 2 * math.pi * i / count if count > 2 else math.pi * (1 - i)
        placed[name] = _Node(
            name,
            width / 2 + rx * math.cos(angle),
            height / 2 + ry * math.sin(angle),
            (_text_width(name) + 28) / 2,
            NODE_HEIGHT / 2,
        )
    most = max((a.count for a in arrows), default=1) or 1
    lines: list[str] = []
    labels: list[str] = []
    taken: list[_Box] = [
        _Box(n.x - n.half_width - 2, n.y - n.half_height - 2, n.x + n.half_width + 2, n.y + n.half_height + 2)
        for n in placed.values()
    ]
    for arrow in sorted(arrows, key=lambda a: -a.count):  # thin arrows drawn last stay visible
        stroke = 2.0 + 9.0 * math.sqrt(arrow.count / most)
        colour = LATE if arrow.late else ARROW
        source, target = placed[arrow.source], placed[arrow.target]
        if source is target:
            drawn, spots = _loop(source, stroke, colour)
        else:
            drawn, spots = _curve(source, target, stroke, colour)
        lines.append(drawn)
        at = _free_spot(spots, _text_width(arrow.label) + 6, 17.0, taken)
        labels.append(_label(at, arrow.label, colour))
    boxes = [
        _el(
            "g",
            _el(
                "rect",
                x=n.x - n.half_width,
                y=n.y - n.half_height,
                width=2 * n.half_width,
                height=2 * n.half_height,
                rx="15",
                fill=NODE_FILL,
                stroke=BRAND,
                stroke_width="2",
            )
            + _el("text", str(escape(n.name)), x=n.x, y=n.y + 4.5, text_anchor="middle", font_weight="600"),
        )
        for n in placed.values()
    ]
    return _frame(width, height, title, description, [*lines, *boxes, *labels])


def _order(nodes: Sequence[str], arrows: Sequence[Arrow]) -> list[str]:
    """The nodes around the ellipse, starting from the given order, swapped two at a time while
    that shortens the chords weighted by their handovers."""
    order = list(nodes)
    n = len(order)
    if n < 4:
        return order

    def cost(candidate: list[str]) -> float:
        at = {name: i for i, name in enumerate(candidate)}
        total = 0.0
        for arrow in arrows:
            steps = abs(at[arrow.source] - at[arrow.target])
            total += arrow.count * math.sin(math.pi * min(steps, n - steps) / n)  # the chord on a circle
        return total

    best = cost(order)
    improved = True
    while improved:
        improved = False
        for i in range(n):
            for j in range(i + 1, n):
                order[i], order[j] = order[j], order[i]
                tried = cost(order)
                if tried < best - 1e-9:
                    best, improved = tried, True
                else:
                    order[i], order[j] = order[j], order[i]
    return order


@dataclass(frozen=True)
class _Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlap(self, other: _Box) -> float:
        dx = min(self.right, other.right) - max(self.left, other.left)
        dy = min(self.bottom, other.bottom) - max(self.top, other.top)
        return dx * dy if dx > 0 and dy > 0 else 0.0


def _free_spot(spots: list[Point], width: float, height: float, taken: list[_Box]) -> Point:
    """The first of ``spots`` where a label covers nothing taken, else the one that covers least;
    the label's box is then taken."""
    best: tuple[float, Point, _Box] | None = None
    for spot in spots:
        box = _Box(spot[0] - width / 2, spot[1] - height / 2, spot[0] + width / 2, spot[1] + height / 2)
        covered = sum(box.overlap(other) for other in taken)
        if best is None or covered < best[0]:
            best = (covered, spot, box)
        if covered == 0:
            break
    assert best is not None
    taken.append(best[2])
    return best[1]


LABEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)


def _point(
    p0: tuple[float, float], c: tuple[float, float], p2: tuple[float, float], t: float
) -> tuple[float, float]:
    u = 1 - t
    return (
        u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0],
        u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1],
    )


def _tangent(
    p0: tuple[float, float], c: tuple[float, float], p2: tuple[float, float], t: float
) -> tuple[float, float]:
    return (
        2 * (1 - t) * (c[0] - p0[0]) + 2 * t * (p2[0] - c[0]),
        2 * (1 - t) * (c[1] - p0[1]) + 2 * t * (p2[1] - c[1]),
    )


def _leave(node: _Node, inside: float, outside: float, curve: Curve) -> float:
    """The parameter where the curve crosses the border of ``node`` (inside at ``inside``)."""
    for _ in range(30):
        middle = (inside + outside) / 2
        if node.contains(_point(*curve, middle)):
            inside = middle
        else:
            outside = middle
    return outside


def _curve(source: _Node, target: _Node, stroke: float, colour: str) -> tuple[str, list[Point]]:
    p0, p2 = (source.x, source.y), (target.x, target.y)
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    distance = math.hypot(dx, dy) or 1.0
    bend = 0.22 * distance  # to the left of the direction of travel: the opposite arrow bends the other way
    c = ((p0[0] + p2[0]) / 2 + dy / distance * bend, (p0[1] + p2[1]) / 2 - dx / distance * bend)
    curve: Curve = (p0, c, p2)
    start = _leave(source, 0.0, 0.5, curve)
    tip_t = _leave(target, 1.0, 0.5, curve)
    tip = _point(*curve, tip_t)
    head_length, head_half_width = 7.0 + 1.3 * stroke, 4.5 + 0.9 * stroke
    end = tip_t  # the line stops where the head begins, so a wide line does not poke through the point
    while end > start and math.dist(_point(*curve, end), tip) < head_length:
        end -= 0.005
    a, b = _point(*curve, start), _point(*curve, end)
    da = _tangent(*curve, start)
    control = (a[0] + (end - start) / 2 * da[0], a[1] + (end - start) / 2 * da[1])
    tx, ty = _tangent(*curve, tip_t)
    norm = math.hypot(tx, ty) or 1.0
    ux, uy = tx / norm, ty / norm
    base = (tip[0] - ux * head_length, tip[1] - uy * head_length)
    head = [
        tip,
        (base[0] - uy * head_half_width, base[1] + ux * head_half_width),
        (base[0] + uy * head_half_width, base[1] - ux * head_half_width),
    ]
    drawn = _el(
        "path",
        d=f"M{_xy(a)} Q{_xy(control)} {_xy(b)}",
        fill="none",
        stroke=colour,
        stroke_width=stroke,
        stroke_opacity="0.8",
    ) + _el("polygon", points=" ".join(_xy(p) for p in head), fill=colour)
    return drawn, [_point(*curve, t) for t in LABEL_SPOTS]


def _loop(node: _Node, stroke: float, colour: str) -> tuple[str, list[Point]]:
    """Handovers within one role (another person's task): a loop above the box."""
    x, top = node.x, node.y - node.half_height
    drawn = _el(
        "path",
        d=f"M{_xy((x - 12, top))} C{_xy((x - 40, top - 44))} {_xy((x + 40, top - 44))} "
        f"{_xy((x + 12, top - 6))}",
        fill="none",
        stroke=colour,
        stroke_width=stroke,
        stroke_opacity="0.8",
    ) + _el(
        "polygon",
        points=f"{_xy((x + 12, top))} {_xy((x + 4, top - 10))} {_xy((x + 20, top - 10))}",
        fill=colour,
    )
    return drawn, [(x, top - 40), (x, top - 58), (x + 60, top - 30), (x - 60, top - 30)]


def _label(at: Point, text: str, colour: str) -> str:
    """An arrow's label on a white patch, so lines behind it do not cross its letters."""
    width = _text_width(text) + 6
    return _el(
        "rect",
        x=at[0] - width / 2,
        y=at[1] - 8.5,
        width=width,
        height=17.0,
        rx="3",
        fill=PAPER,
        opacity="0.9",
    ) + _el(
        "text",
        str(escape(text)),
        x=at[0],
        y=at[1] + 4.5,
        text_anchor="middle",
        font_weight="600",
        style=f"fill: {colour}",
    )


def _xy(point: tuple[float, float]) -> str:
    return f"{_fmt(point[0])},{_fmt(point[1])}"


# -- lead times against the norm -----------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One process's lead time: the median as a bar, the 90th percentile as a line, the norm as a mark."""

    label: str
    median: float | None
    p90: float | None
    norm: float | None
    caption: str


LABEL_WIDTH = 290.0
PLOT_WIDTH = 420.0
ROW = 28.0


def lead_time_bars(bars: Sequence[Bar], title: str, description: str) -> Markup:
    """Horizontal bars on one scale; a bar past its norm is red."""
    top = 8.0
    legend_height = 30.0
    width = LABEL_WIDTH + PLOT_WIDTH + 230
    height = top + ROW * len(bars) + legend_height
    scale_max = max([v for b in bars for v in (b.median, b.p90, b.norm) if v is not None] or [1.0])
    x0 = LABEL_WIDTH + 10

    def x(value: float) -> float:
        return x0 + PLOT_WIDTH * value / scale_max

    body: list[str] = []
    for i, bar in enumerate(bars):
        y = top + ROW * i
        middle = y + ROW / 2
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        parts = [
            _el("title", str(escape(f"{bar.label}: {bar.caption}"))),
            _el("text", str(escape(label)), x=LABEL_WIDTH, y=middle + 4.5, text_anchor="end"),
        ]
        late = bar.norm is not None and bar.median is not None and bar.median > bar.norm
        if bar.median is not None:
            width_ = max(1.0, x(bar.median) - x0)
            parts.append(
                _el("rect", x=x0, y=y + 6, width=width_, height=ROW - 12, fill=LATE if late else BAR)
            )
        if bar.p90 is not None and bar.median is not None and bar.p90 > bar.median:
            parts.append(_line(x(bar.median), middle, x(bar.p90), middle, MUTED, 2))
            parts.append(_line(x(bar.p90), middle - 5, x(bar.p90), middle + 5, MUTED, 2))
        if bar.norm is not None:
            parts.append(_line(x(bar.norm), y + 2, x(bar.norm), y + ROW - 2, INK, 3))
        end = max(x(v) for v in (bar.median, bar.p90, bar.norm, 0.0) if v is not None)
        parts.append(_el("text", str(escape(bar.caption)), x=end + 8, y=middle + 4.5, style=f"fill: {MUTED}"))
        body.append(_el("g", "".join(parts)))
    ly = top + ROW * len(bars) + 18
    legend = [
        _el("rect", x=x0, y=ly - 9, width="14", height="10", fill=BAR),
        _el("text", "mediaan", x=x0 + 20, y=ly),
        _line(x0 + 90, ly - 4, x0 + 110, ly - 4, MUTED, 2),
        _el("text", "tot 90e percentiel", x=x0 + 116, y=ly),
    ]
    if any(bar.norm is not None for bar in bars):
        legend += [
            _line(x0 + 260, ly - 11, x0 + 260, ly + 2, INK, 3),
            _el("text", "norm", x=x0 + 268, y=ly),
            _el("rect", x=x0 + 320, y=ly - 9, width="14", height="10", fill=LATE),
            _el("text", "mediaan boven de norm", x=x0 + 340, y=ly),
        ]
    body.append(_el("g", "".join(legend)))
    return _frame(width, height, title, description, body)


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: int) -> str:
    return _el("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, stroke_width=str(width))
