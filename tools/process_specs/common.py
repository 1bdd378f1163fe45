import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from bpmn_layout import F  # noqa


def N(id, type, name, lane=None, col=0, row=0, **kw):
    d = dict(id=id, type=type, name=name, lane=lane, col=col, row=row)
    d.update(kw)
    return d


def _short(i):
    return i.split("_", 1)[1]


def L(src, tgt, name=None, cond=None, id=None, **kw):
    d = dict(id=id or f"Flow_{_short(src)}_naar_{_short(tgt)}", source=src, target=tgt)
    if name:
        d["name"] = name
    if cond:
        d["cond"] = cond
    d.update(kw)
    return d
