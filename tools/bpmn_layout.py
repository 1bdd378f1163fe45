"""Generate procesregie BPMN 2.0 files (Camunda dialect) with a grid layout.

A process is described compactly as a Python dict (see ``build`` for the keys):
lanes (one per role), flow nodes placed on a (lane, row, column) grid and
sequence flows.  The generator emits the semantic XML (collaboration with one
participant, lane set, user tasks with ``camunda:formData``, gateways, timer and
message events, conditions) and the full diagram interchange: pool, lanes, node
shapes, labels, and orthogonal edges routed around the other shapes.

Usage::

    from bpmn_layout import build, F, write
    write(spec, "processes/1-aanvraag-en-recht/x.bpmn")

``check_layout(spec_or_xml)`` re-reads a generated file and reports overlapping
shapes and shapes outside their lane.
"""

from __future__ import annotations

import itertools
import math
from xml.sax.saxutils import escape, quoteattr

# ---------------------------------------------------------------------------
# constants

ROLES = (
    "klant",
    "klantmanager",
    "inkomensconsulent",
    "werkcoach",
    "accountmanager",
    "jobcoach",
    "loonwaardedeskundige",
    "handhaver",
    "backoffice",
    "jurist",
    "werkgever",
    "uwv",
)
STUURLIJNEN = ("voorkomen", "uitstromen", "werken en meedoen", "rechtmatig uitkeren")
FIELD_TYPES = ("string", "long", "boolean", "date", "enum")

POOL_X = 160
POOL_Y = 80
LANE_HEADER = 30  # width of the pool's name band
COL_W = 160  # column pitch (task 100 wide -> 60 px gap)
FIRST_COL = 90  # distance lane x -> centre of column 0
ROW_H = 120  # row pitch inside a lane
LANE_PAD = 30  # free band above the first and below the last row
RIGHT_PAD = 70  # room right of the last column

SIZES = {
    "start": (36, 36),
    "end": (36, 36),
    "timer": (36, 36),
    "message": (36, 36),
    "boundary": (36, 36),
    "user": (100, 80),
    "call": (100, 80),
    "xor": (50, 50),
    "and": (50, 50),
}

HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
    'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
    'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:modeler="http://camunda.org/schema/modeler/1.0" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'id="Definitions_{slug}" targetNamespace="http://procesregie.nl/bpmn" '
    'exporter="Camunda Modeler" exporterVersion="5.28.0" '
    'modeler:executionPlatform="Camunda Platform" '
    'modeler:executionPlatformVersion="7.22.0">\n'
)


# ---------------------------------------------------------------------------
# form fields


def F(
    id, label, type="string", required=True, values=None, min=None, max=None, minlength=None, maxlength=None
):
    """One camunda:formField. ``values`` is a list of (id, name) for enums."""
    if type not in FIELD_TYPES:
        raise ValueError(f"field {id}: unknown type {type}")
    if type == "enum" and not values:
        raise ValueError(f"field {id}: enum without values")
    return dict(
        id=id,
        label=label,
        type=type,
        required=required,
        values=values or [],
        min=min,
        max=max,
        minlength=minlength,
        maxlength=maxlength,
    )


def _form_xml(fields, ind):
    out = [f"{ind}<camunda:formData>"]
    for f in fields:
        attrs = f'id={quoteattr(f["id"])} label={quoteattr(f["label"])} type="{f["type"]}"'
        cons = []
        if f["required"]:
            cons.append(("required", None))
        for key in ("min", "max", "minlength", "maxlength"):
            if f[key] is not None:
                cons.append((key, f[key]))
        if not cons and not f["values"]:
            out.append(f"{ind}  <camunda:formField {attrs} />")
            continue
        out.append(f"{ind}  <camunda:formField {attrs}>")
        if cons:
            out.append(f"{ind}    <camunda:validation>")
            for name, val in cons:
                if val is None:
                    out.append(f'{ind}      <camunda:constraint name="{name}" />')
                else:
                    out.append(f'{ind}      <camunda:constraint name="{name}" config="{val}" />')
            out.append(f"{ind}    </camunda:validation>")
        for vid, vname in f["values"]:
            out.append(f"{ind}    <camunda:value id={quoteattr(vid)} name={quoteattr(vname)} />")
        out.append(f"{ind}  </camunda:formField>")
    out.append(f"{ind}</camunda:formData>")
    return out


# ---------------------------------------------------------------------------
# geometry helpers


class Box:
    __slots__ = ("x", "y", "w", "h")

    def __init__(self, x, y, w, h):
        self.x, self.y, self.w, self.h = x, y, w, h

    @property
    def cx(self):
        return self.x + self.w / 2

    @property
    def cy(self):
        return self.y + self.h / 2

    @property
    def r(self):
        return self.x + self.w

    @property
    def b(self):
        return self.y + self.h

    def port(self, side):
        return {
            "R": (self.r, self.cy),
            "L": (self.x, self.cy),
            "T": (self.cx, self.y),
            "B": (self.cx, self.b),
        }[side]

    def intersects(self, other, margin=0):
        return not (
            self.r + margin <= other.x
            or other.r + margin <= self.x
            or self.b + margin <= other.y
            or other.b + margin <= self.y
        )

    def inside(self, other):
        return self.x >= other.x and self.y >= other.y and self.r <= other.r and self.b <= other.b


def _seg_hits_box(p, q, box, margin=4):
    (x1, y1), (x2, y2) = p, q
    bx1, by1, bx2, by2 = box.x - margin, box.y - margin, box.r + margin, box.b + margin
    if abs(y1 - y2) < 1e-6:  # horizontal
        lo, hi = sorted((x1, x2))
        return by1 < y1 < by2 and lo < bx2 and hi > bx1
    lo, hi = sorted((y1, y2))
    return bx1 < x1 < bx2 and lo < by2 and hi > by1


def _clean(points):
    pts = []
    for p in points:
        p = (round(p[0], 1), round(p[1], 1))
        if pts and abs(pts[-1][0] - p[0]) < 1e-6 and abs(pts[-1][1] - p[1]) < 1e-6:
            continue
        pts.append(p)
    changed = True
    while changed and len(pts) > 2:
        changed = False
        for i in range(1, len(pts) - 1):
            a, b, c = pts[i - 1], pts[i], pts[i + 1]
            if (a[0] == b[0] == c[0]) or (a[1] == b[1] == c[1]):
                # collinear; drop only if b lies between a and c (no U-turn)
                if min(a[0], c[0]) <= b[0] <= max(a[0], c[0]) and min(a[1], c[1]) <= b[1] <= max(a[1], c[1]):
                    del pts[i]
                    changed = True
                    break
    return pts


def _orthogonal(points):
    return all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points))


def _collinear_overlap(s1, s2):
    (a, b), (c, d) = s1, s2
    if a[1] == b[1] == c[1] == d[1]:
        lo1, hi1 = sorted((a[0], b[0]))
        lo2, hi2 = sorted((c[0], d[0]))
        return min(hi1, hi2) - max(lo1, lo2) > 2
    if a[0] == b[0] == c[0] == d[0]:
        lo1, hi1 = sorted((a[1], b[1]))
        lo2, hi2 = sorted((c[1], d[1]))
        return min(hi1, hi2) - max(lo1, lo2) > 2
    return False


def _crosses(s1, s2):
    (a, b), (c, d) = s1, s2
    h1 = a[1] == b[1]
    h2 = c[1] == d[1]
    if h1 == h2:
        return False
    if not h1:
        (a, b), (c, d) = (c, d), (a, b)
    # a-b horizontal, c-d vertical
    return min(a[0], b[0]) < c[0] < max(a[0], b[0]) and min(c[1], d[1]) < a[1] < max(c[1], d[1])


# ---------------------------------------------------------------------------
# layout


def _layout(spec):
    lanes = []
    y = POOL_Y
    lane_rows = {}
    for entry in spec["lanes"]:
        role, rows = (entry, 1) if isinstance(entry, str) else entry
        if role not in ROLES:
            raise ValueError(f"unknown role {role}")
        h = 2 * LANE_PAD + rows * ROW_H
        lanes.append(dict(role=role, y=y, h=h, rows=rows))
        lane_rows[role] = (y, rows)
        y += h
    pool_h = y - POOL_Y
    col_w = spec.get("col_w", COL_W)
    lane_x = POOL_X + LANE_HEADER

    boxes = {}
    nodes = {n["id"]: n for n in spec["nodes"]}
    max_col = 0
    for n in spec["nodes"]:
        if n["type"] == "boundary":
            continue
        w, h = SIZES[n["type"]]
        ly, rows = lane_rows[n["lane"]]
        row = n.get("row", 0)
        if row >= rows:
            raise ValueError(f"{n['id']}: row {row} outside lane {n['lane']}")
        cx = lane_x + FIRST_COL + n["col"] * col_w
        cy = ly + LANE_PAD + ROW_H / 2 + row * ROW_H
        boxes[n["id"]] = Box(cx - w / 2, cy - h / 2, w, h)
        max_col = max(max_col, n["col"])
    for n in spec["nodes"]:
        if n["type"] != "boundary":
            continue
        host = boxes[n["attached"]]
        offset = n.get("offset", 0.75)  # fraction of the host width
        side = n.get("side", "B")
        if side == "B":
            cx, cy = host.x + host.w * offset, host.b
        else:
            cx, cy = host.x + host.w * offset, host.y
        boxes[n["id"]] = Box(cx - 18, cy - 18, 36, 36)
        n["lane"] = nodes[n["attached"]]["lane"]

    lane_w = FIRST_COL + max_col * col_w + col_w / 2 + RIGHT_PAD
    pool = Box(POOL_X, POOL_Y, LANE_HEADER + lane_w, pool_h)
    lane_boxes = {lane["role"]: Box(lane_x, lane["y"], lane_w, lane["h"]) for lane in lanes}

    gaps = [lane_x + FIRST_COL + c * col_w + col_w / 2 for c in range(-1, max_col + 1)]
    corridors = []
    for lane in lanes:
        corridors.append(lane["y"] + 14)
        corridors.append(lane["y"] + lane["h"] - 14)
        for r in range(1, lane["rows"]):
            corridors.append(lane["y"] + LANE_PAD + r * ROW_H)
    return dict(
        pool=pool,
        lanes=lane_boxes,
        lane_order=[lane["role"] for lane in lanes],
        boxes=boxes,
        gaps=gaps,
        corridors=sorted(set(corridors)),
    )


def _candidates(s, t, gaps, corridors, boundary_side=None):
    """Yield (points, src_port, tgt_port) orthogonal candidate routes.

    A boundary event (``boundary_side`` "T" or "B") leaves its host's border
    away from the host only."""
    sides_s = [boundary_side] if boundary_side else ["R", "T", "B"]

    def sport(side):
        return s.port(side)

    # straight
    if "R" in sides_s and abs(s.cy - t.cy) < 0.5 and t.x > s.r:
        yield [s.port("R"), t.port("L")], "R", "L"
    # right, vertical in a gap, into the left side
    if "R" in sides_s:
        for gx in gaps:
            if s.r < gx < t.x:
                yield [s.port("R"), (gx, s.cy), (gx, t.cy), t.port("L")], "R", "L"
    # vertical out of the top/bottom, then horizontal into the left side
    for side in sides_s:
        if side == "R":
            continue
        if (side == "T" and t.cy < s.y) or (side == "B" and t.cy > s.b):
            if t.x > s.cx:
                yield [sport(side), (s.cx, t.cy), t.port("L")], side, "L"
    # right, then vertical into the top/bottom
    if "R" in sides_s and t.cx > s.r:
        if s.cy < t.y:
            yield [s.port("R"), (t.cx, s.cy), t.port("T")], "R", "T"
        if s.cy > t.b:
            yield [s.port("R"), (t.cx, s.cy), t.port("B")], "R", "B"
    # via a horizontal corridor
    for cy in corridors:
        starts = []
        for side in sides_s:
            if side == "T" and cy < s.y:
                starts.append(("T", [s.port("T"), (s.cx, cy)]))
            elif side == "B" and cy > s.b:
                starts.append(("B", [s.port("B"), (s.cx, cy)]))
            elif side == "R":
                for gx in gaps:
                    if gx > s.r:
                        starts.append(("R", [s.port("R"), (gx, s.cy), (gx, cy)]))
        ends = []
        if cy < t.y:
            ends.append(("T", [(t.cx, cy), t.port("T")]))
        if cy > t.b:
            ends.append(("B", [(t.cx, cy), t.port("B")]))
        for gx in gaps:
            if gx < t.x:
                ends.append(("L", [(gx, cy), (gx, t.cy), t.port("L")]))
        for (ss, sp), (ts, tp) in itertools.product(starts, ends):
            yield sp + tp, ss, ts


def _route_all(spec, geo):
    boxes = geo["boxes"]
    nodes = {n["id"]: n for n in spec["nodes"]}
    routed = {}
    used_ports = {}  # node id -> set of sides
    placed_segments = []
    # route simple (same-row, forward) flows first so they keep the straight lines
    order = sorted(
        spec["flows"],
        key=lambda f: (
            0
            if abs(boxes[f["source"]].cy - boxes[f["target"]].cy) < 0.5
            and boxes[f["target"]].x > boxes[f["source"]].r
            else 1
        ),
    )
    for f in order:
        s, t = boxes[f["source"]], boxes[f["target"]]
        sn, tn = nodes[f["source"]], nodes[f["target"]]
        if f.get("waypoints"):
            pts = [tuple(p) for p in f["waypoints"]]
            routed[f["id"]] = pts
            placed_segments.extend(itertools.pairwise(pts))
            continue
        best = None
        bside = sn.get("side", "B") if sn["type"] == "boundary" else None
        for pts, sp, tp in _candidates(s, t, geo["gaps"], geo["corridors"], bside):
            pts = _clean(pts)
            if len(pts) < 2 or not _orthogonal(pts):
                continue
            if f.get("src_port") and sp != f["src_port"]:
                continue
            if f.get("tgt_port") and tp != f["tgt_port"]:
                continue
            segs = list(itertools.pairwise(pts))
            bad = False
            for i, (p, q) in enumerate(segs):
                for nid, box in boxes.items():
                    if nid == f["source"] and i == 0:
                        continue
                    if nid == f["target"] and i == len(segs) - 1:
                        continue
                    if sn["type"] == "boundary" and nid == sn["attached"] and i == 0:
                        continue
                    if _seg_hits_box(p, q, box):
                        bad = True
                        break
                if bad:
                    break
            if bad:
                continue
            length = sum(abs(p[0] - q[0]) + abs(p[1] - q[1]) for p, q in segs)
            cost = length + 80 * (len(segs) - 1)
            if sp in used_ports.get(f["source"], set()):
                cost += 600
            if tp in used_ports.get(f["target"], set()):
                cost += 600
            if sn["type"] in ("user", "call") and sp != "R":
                cost += 150
            if tp != "L":
                cost += 40 if tn["type"] in ("xor", "and") else 150
            for seg in segs:
                for other in placed_segments:
                    if _collinear_overlap(seg, other):
                        cost += 800
                    elif _crosses(seg, other):
                        cost += 150
            if best is None or cost < best[0]:
                best = (cost, pts, sp, tp)
        if best is None:
            raise ValueError(f"no route for {f['id']} ({f['source']} -> {f['target']})")
        _, pts, sp, tp = best
        used_ports.setdefault(f["source"], set()).add(sp)
        used_ports.setdefault(f["target"], set()).add(tp)
        routed[f["id"]] = pts
        placed_segments.extend(itertools.pairwise(pts))
    return routed


def _text_box(name, max_w=110):
    chars = max(1, len(name))
    one_line = chars * 6.2
    lines = max(1, math.ceil(one_line / max_w))
    w = min(max_w, one_line) if lines == 1 else max_w
    return round(w), 14 * lines


def _place_labels(spec, geo, routed):
    boxes = geo["boxes"]
    segments = [seg for pts in routed.values() for seg in itertools.pairwise(pts)]
    taken = []
    labels = {}

    def penalty(box):
        p = 0
        p += 1000 * sum(box.intersects(b, 2) for b in boxes.values())
        p += 300 * sum(box.intersects(b, 2) for b in taken)
        p += 200 * sum(_seg_hits_box(a, c, box, 1) for a, c in segments)
        if not any(box.inside(lb) for lb in geo["lanes"].values()):
            p += 500
        return p

    def pick(cands):
        best = min(enumerate(cands), key=lambda ic: (penalty(ic[1]), ic[0]))[1]
        taken.append(best)
        return best

    for n in spec["nodes"]:
        if n["type"] in ("user", "call") or not n.get("name"):
            continue
        if n["type"] in ("xor", "and") and not n.get("show_label", True):
            continue
        b = boxes[n["id"]]
        w, h = _text_box(n["name"], 120 if n["type"] in ("xor", "and") else 100)
        cands = []
        for gap in (6, 20):
            below = Box(b.cx - w / 2, b.b + gap, w, h)
            above = Box(b.cx - w / 2, b.y - h - gap, w, h)
            above_left = Box(b.x - w - gap + 10, b.y - h - 2, w, h)
            above_right = Box(b.r + gap - 10, b.y - h - 2, w, h)
            below_left = Box(b.x - w - gap + 10, b.b + 2, w, h)
            below_right = Box(b.r + gap - 10, b.b + 2, w, h)
            right = Box(b.r + gap, b.cy - h / 2, w, h)
            left = Box(b.x - w - gap, b.cy - h / 2, w, h)
            if n["type"] in ("xor", "and"):
                cands += [above, above_left, above_right, below, below_left, below_right, left, right]
            else:
                cands += [below, above, below_right, above_right, below_left, above_left, right, left]
        labels[n["id"]] = pick(cands)

    for f in spec["flows"]:
        if not f.get("name"):
            continue
        pts = routed[f["id"]]
        w, h = _text_box(f["name"], 90)
        cands = []
        for (x1, y1), (x2, y2) in list(itertools.pairwise(pts))[:2]:
            if y1 == y2:  # horizontal segment
                sx = 1 if x2 > x1 else -1
                for off in (8, abs(x2 - x1) / 2 - w / 2):
                    if off < 8:
                        continue
                    bx = x1 + sx * off - (w if sx < 0 else 0)
                    cands += [Box(bx, y1 - h - 3, w, h), Box(bx, y1 + 3, w, h)]
            else:
                sy = 1 if y2 > y1 else -1
                for off in (6, abs(y2 - y1) / 2 - h / 2):
                    if off < 6:
                        continue
                    by = y1 + sy * off - (h if sy < 0 else 0)
                    cands += [Box(x1 + 5, by, w, h), Box(x1 - w - 5, by, w, h)]
        labels[f["id"]] = pick(cands)
    return labels


# ---------------------------------------------------------------------------
# validation of the semantic description

ALLOWED = ("start", "end", "user", "call", "xor", "and", "timer", "message", "boundary")


def _validate(spec):
    ids = set()
    nodes = {}
    for n in spec["nodes"]:
        if n["type"] not in ALLOWED:
            raise ValueError(f"{n['id']}: type {n['type']} not allowed")
        if n["id"] in ids or n["id"] in ("Start", "End"):
            raise ValueError(f"bad or duplicate id {n['id']}")
        if not n.get("name"):
            raise ValueError(f"{n['id']}: missing name")
        ids.add(n["id"])
        nodes[n["id"]] = n
    starts = [n for n in spec["nodes"] if n["type"] == "start"]
    if len(starts) != 1:
        raise ValueError("exactly one start event required")
    out, inc = {}, {}
    for f in spec["flows"]:
        if f["id"] in ids:
            raise ValueError(f"duplicate id {f['id']}")
        ids.add(f["id"])
        for end in ("source", "target"):
            if f[end] not in nodes:
                raise ValueError(f"{f['id']}: unknown {end} {f[end]}")
        out.setdefault(f["source"], []).append(f)
        inc.setdefault(f["target"], []).append(f)
    for nid, n in nodes.items():
        o, i = out.get(nid, []), inc.get(nid, [])
        t = n["type"]
        if t in ("start", "boundary"):
            if i or len(o) != 1:
                raise ValueError(f"{nid}: needs 0 in / 1 out")
        elif t == "end":
            if o or len(i) != 1:
                raise ValueError(f"{nid}: needs 1 in / 0 out")
        elif t in ("user", "call", "timer", "message"):
            if len(i) != 1 or len(o) != 1:
                raise ValueError(f"{nid}: needs 1 in / 1 out (use gateways)")
            if t == "user" and not n.get("form"):
                raise ValueError(f"{nid}: user task without form")
        elif t in ("xor", "and"):
            if not i or not o or (len(i) > 1 and len(o) > 1) or (len(i) == 1 and len(o) == 1):
                raise ValueError(f"{nid}: gateway must either split or join")
            if t == "xor" and len(o) > 1:
                for f in o:
                    if f["id"] != n.get("default") and not f.get("cond"):
                        raise ValueError(f"{f['id']}: missing condition")
                    if f["id"] == n.get("default") and f.get("cond"):
                        raise ValueError(f"{f['id']}: default flow with condition")
                    if not f.get("name"):
                        raise ValueError(f"{f['id']}: gateway branch without name")
        for f in o:
            if f.get("cond") and not (t == "xor" and len(o) > 1):
                raise ValueError(f"{f['id']}: condition outside diverging exclusive gateway")
    if spec["stuurlijn"] not in STUURLIJNEN:
        raise ValueError("unknown stuurlijn")


# ---------------------------------------------------------------------------
# XML


def build(spec):
    """Return the BPMN XML for ``spec``.

    spec keys: slug, process_id, name, participant, documentation (dict:
    Doel/Aanleiding/Uitkomsten/Wettelijke basis), fase (0-9), stuurlijn, lanes
    (list of role or (role, rows)), messages (list of snake_case names), nodes,
    flows.  A node is a dict with id, type (start, end, user, call, xor, and, timer,
    message, boundary), name, lane, col, row (default 0) and, per type: called
    (the called process id) for call,  form
    (list of F(...)) for user/start, default (flow id) for xor, duration for
    timer/boundary, attached / cancel / offset for boundary, message for
    message.  A flow is a dict with id, source, target and optional name, cond,
    src_port/tgt_port (R, L, T, B) or explicit waypoints.
    """
    _validate(spec)
    geo = _layout(spec)
    routed = _route_all(spec, geo)
    labels = _place_labels(spec, geo, routed)
    pid = spec["process_id"]
    collab_id = f"Collaboration_{pid}"
    part_id = f"Participant_{pid}"
    nodes = spec["nodes"]
    flows = spec["flows"]
    out_of = {n["id"]: [f["id"] for f in flows if f["source"] == n["id"]] for n in nodes}
    in_of = {n["id"]: [f["id"] for f in flows if f["target"] == n["id"]] for n in nodes}
    messages = spec.get("messages", [])

    x = [HEADER.format(slug=spec["slug"])]
    x.append(f'  <bpmn:collaboration id="{collab_id}">\n')
    x.append(
        f'    <bpmn:participant id="{part_id}" name={quoteattr(spec["participant"])} processRef="{pid}" />\n'
    )
    x.append("  </bpmn:collaboration>\n")
    x.append(f'  <bpmn:process id="{pid}" name={quoteattr(spec["name"])} isExecutable="true">\n')
    doc = spec["documentation"]
    doc_text = "\n".join(f"{k}: {doc[k]}" for k in ("Doel", "Aanleiding", "Uitkomsten", "Wettelijke basis"))
    x.append(f"    <bpmn:documentation>{escape(doc_text)}</bpmn:documentation>\n")
    x.append("    <bpmn:extensionElements>\n      <camunda:properties>\n")
    x.append(f'        <camunda:property name="fase" value="{spec["fase"]}" />\n')
    x.append(f'        <camunda:property name="stuurlijn" value={quoteattr(spec["stuurlijn"])} />\n')
    for key, val in spec.get("properties", {}).items():  # e.g. plafond = "plafond_beschut_werk"
        x.append(f"        <camunda:property name={quoteattr(key)} value={quoteattr(str(val))} />\n")
    x.append("      </camunda:properties>\n    </bpmn:extensionElements>\n")
    x.append(f'    <bpmn:laneSet id="LaneSet_{pid}">\n')
    for role in geo["lane_order"]:
        x.append(f'      <bpmn:lane id="Lane_{role}" name="{role}">\n')
        for n in nodes:
            if n["lane"] == role:
                x.append(f"        <bpmn:flowNodeRef>{n['id']}</bpmn:flowNodeRef>\n")
        x.append("      </bpmn:lane>\n")
    x.append("    </bpmn:laneSet>\n")

    tag = {
        "start": "startEvent",
        "end": "endEvent",
        "user": "userTask",
        "call": "callActivity",
        "xor": "exclusiveGateway",
        "and": "parallelGateway",
        "timer": "intermediateCatchEvent",
        "message": "intermediateCatchEvent",
        "boundary": "boundaryEvent",
    }
    for n in nodes:
        t = n["type"]
        attrs = f'id="{n["id"]}" name={quoteattr(n["name"])}'
        if t == "xor" and n.get("default"):
            attrs += f' default="{n["default"]}"'
        if t == "call":  # a call activity starts another process of the client's journey
            attrs += f' calledElement="{n["called"]}"'
        if t == "boundary":
            if not n.get("cancel", True):
                attrs += ' cancelActivity="false"'
            attrs += f' attachedToRef="{n["attached"]}"'
        x.append(f"    <bpmn:{tag[t]} {attrs}>\n")
        if n.get("documentation"):
            x.append(f"      <bpmn:documentation>{escape(n['documentation'])}</bpmn:documentation>\n")
        if n.get("form"):
            x.append("      <bpmn:extensionElements>\n")
            x.extend(line + "\n" for line in _form_xml(n["form"], "        "))
            x.append("      </bpmn:extensionElements>\n")
        for fid in in_of[n["id"]]:
            x.append(f"      <bpmn:incoming>{fid}</bpmn:incoming>\n")
        for fid in out_of[n["id"]]:
            x.append(f"      <bpmn:outgoing>{fid}</bpmn:outgoing>\n")
        if t in ("timer", "boundary"):
            tid = n.get("timer_id", "TimerEventDefinition_" + n["id"].split("_", 1)[-1])
            x.append(f'      <bpmn:timerEventDefinition id="{tid}">\n')
            x.append(
                '        <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">'
                f"{escape(n['duration'])}</bpmn:timeDuration>\n"
            )
            x.append("      </bpmn:timerEventDefinition>\n")
        if t == "message":
            if n["message"] not in messages:
                raise ValueError(f"{n['id']}: message {n['message']} not declared")
            x.append(
                f'      <bpmn:messageEventDefinition id="MessageEventDefinition_'
                f'{n["id"].split("_", 1)[-1]}" messageRef="Message_{n["message"]}" />\n'
            )
        x.append(f"    </bpmn:{tag[t]}>\n")
    for f in flows:
        attrs = f'id="{f["id"]}"'
        if f.get("name"):
            attrs += f" name={quoteattr(f['name'])}"
        attrs += f' sourceRef="{f["source"]}" targetRef="{f["target"]}"'
        if f.get("cond"):
            x.append(f"    <bpmn:sequenceFlow {attrs}>\n")
            x.append(
                '      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                f"{escape(f['cond'])}</bpmn:conditionExpression>\n"
            )
            x.append("    </bpmn:sequenceFlow>\n")
        else:
            x.append(f"    <bpmn:sequenceFlow {attrs} />\n")
    x.append("  </bpmn:process>\n")
    for m in messages:
        x.append(f'  <bpmn:message id="Message_{m}" name="{m}" />\n')

    # diagram interchange
    def bounds(b):
        return f'<dc:Bounds x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" />'

    x.append(f'  <bpmndi:BPMNDiagram id="BPMNDiagram_{pid}">\n')
    x.append(f'    <bpmndi:BPMNPlane id="BPMNPlane_{pid}" bpmnElement="{collab_id}">\n')
    x.append(f'      <bpmndi:BPMNShape id="{part_id}_di" bpmnElement="{part_id}" isHorizontal="true">\n')
    x.append(f"        {bounds(geo['pool'])}\n      </bpmndi:BPMNShape>\n")
    for role in geo["lane_order"]:
        x.append(
            f'      <bpmndi:BPMNShape id="Lane_{role}_di" bpmnElement="Lane_{role}" isHorizontal="true">\n'
        )
        x.append(f"        {bounds(geo['lanes'][role])}\n      </bpmndi:BPMNShape>\n")
    for n in nodes:
        extra = ' isMarkerVisible="true"' if n["type"] == "xor" else ""
        x.append(f'      <bpmndi:BPMNShape id="{n["id"]}_di" bpmnElement="{n["id"]}"{extra}>\n')
        x.append(f"        {bounds(geo['boxes'][n['id']])}\n")
        if n["id"] in labels:
            x.append(
                f"        <bpmndi:BPMNLabel>\n          {bounds(labels[n['id']])}\n"
                "        </bpmndi:BPMNLabel>\n"
            )
        x.append("      </bpmndi:BPMNShape>\n")
    for f in flows:
        x.append(f'      <bpmndi:BPMNEdge id="{f["id"]}_di" bpmnElement="{f["id"]}">\n')
        for px, py in routed[f["id"]]:
            x.append(f'        <di:waypoint x="{_n(px)}" y="{_n(py)}" />\n')
        if f["id"] in labels:
            x.append(
                f"        <bpmndi:BPMNLabel>\n          {bounds(labels[f['id']])}\n"
                "        </bpmndi:BPMNLabel>\n"
            )
        x.append("      </bpmndi:BPMNEdge>\n")
    x.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>\n")
    return "".join(x)


def _n(v):
    v = round(v, 1)
    return str(int(v)) if v == int(v) else str(v)


def write(spec, path):
    xml = build(spec)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(xml)
    problems = check_layout(path)
    if problems:
        raise ValueError(f"{path}: layout problems: {problems}")
    return path


# ---------------------------------------------------------------------------
# independent check of a written file


def check_layout(path):
    """Return a list of layout problems in a BPMN file (empty list = fine)."""
    from lxml import etree

    ns = {
        "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
        "di": "http://www.omg.org/spec/DD/20100524/DI",
    }
    root = etree.parse(path).getroot()
    shapes = {}
    for sh in root.iterfind(".//bpmndi:BPMNShape", namespaces=ns):
        b = sh.find("dc:Bounds", ns)
        shapes[sh.get("bpmnElement")] = Box(*(float(b.get(k)) for k in ("x", "y", "width", "height")))
    problems = []
    process = root.find("bpmn:process", ns)
    flow_nodes = {}
    attached = {}
    for el in process:
        local = etree.QName(el).localname
        if local in ("laneSet", "sequenceFlow", "documentation", "extensionElements"):
            continue
        flow_nodes[el.get("id")] = local
        if local == "boundaryEvent":
            attached[el.get("id")] = el.get("attachedToRef")
    lane_of = {}
    for lane in process.iterfind(".//bpmn:lane", ns):
        for ref in lane.iterfind("bpmn:flowNodeRef", ns):
            if ref.text in lane_of:
                problems.append(f"{ref.text} in two lanes")
            lane_of[ref.text] = lane.get("id")
    for nid in flow_nodes:
        if nid not in shapes:
            problems.append(f"{nid} has no shape")
            continue
        if nid not in lane_of:
            problems.append(f"{nid} in no lane")
            continue
        if not shapes[nid].inside(shapes[lane_of[nid]]):
            problems.append(f"{nid} outside its lane {lane_of[nid]}")
    ids = [i for i in flow_nodes if i in shapes]
    for a, b in itertools.combinations(ids, 2):
        if attached.get(a) == b or attached.get(b) == a:
            continue
        if shapes[a].intersects(shapes[b], 0) or _touch(shapes[a], shapes[b]):
            problems.append(f"{a} overlaps {b}")
    flows = {el.get("id"): el for el in process.iterfind("bpmn:sequenceFlow", ns)}
    for edge in root.iterfind(".//bpmndi:BPMNEdge", ns):
        fid = edge.get("bpmnElement")
        pts = [(float(w.get("x")), float(w.get("y"))) for w in edge.iterfind("di:waypoint", ns)]
        if not _orthogonal(pts):
            problems.append(f"{fid} not orthogonal")
        src, tgt = flows[fid].get("sourceRef"), flows[fid].get("targetRef")
        segs = list(itertools.pairwise(pts))
        for i, (p, q) in enumerate(segs):
            for nid in ids:
                if (nid == src and i == 0) or (nid == tgt and i == len(segs) - 1):
                    continue
                if attached.get(src) == nid and i == 0:
                    continue
                if _seg_hits_box(p, q, shapes[nid], 0):
                    problems.append(f"{fid} passes through {nid}")
    missing = set(flows) - {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", ns)}
    problems.extend(f"{m} has no edge" for m in sorted(missing))
    return problems


def _touch(a, b):
    # bpmnlint counts touching bounds as overlap too
    return not (a.r < b.x or b.r < a.x or a.b < b.y or b.b < a.y)


if __name__ == "__main__":
    import sys

    for p in sys.argv[1:]:
        probs = check_layout(p)
        print(p, "OK" if not probs else probs)
