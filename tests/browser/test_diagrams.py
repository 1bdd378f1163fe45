"""Every process as Camunda Modeler shows it: drawn by the console's bpmn-js in Chromium.

bpmn-js wraps a name to its box and, when one word is wider than the box, cuts the word in the
middle. Measured here on the drawn SVG, not on our own metrics: no label may be broken inside a
word, and no two branches out of a gateway may leave it on one shared line (their labels would be
ambiguous). Chromium draws "Arial" with Liberation Sans (fonts-liberation, installed by .ci/run),
which has Arial's metrics, so the lines are the Modeler's.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from engine.labels import broken_words

pytestmark = pytest.mark.slow  # a real browser

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "api" / "console" / "static" / "vendor" / "bpmn-js"
PROCESSES = sorted((ROOT / "processes").rglob("*.bpmn"))

# What bpmn-js drew: the lines of every label and the first segment of every flow out of a gateway.
COLLECT = """async (xml) => {
  const container = document.getElementById('canvas');
  if (!window.viewer) window.viewer = new BpmnJS({container});
  await window.viewer.importXML(xml);
  const registry = window.viewer.get('elementRegistry');
  const labels = [], branches = [];
  for (const element of registry.getAll()) {
    const bo = element.businessObject;
    const gfx = registry.getGraphics(element);
    const text = gfx && gfx.querySelector('.djs-visual > text');
    if (text && bo && bo.name && (element.type === 'label' || !element.labels.length)) {
      const lines = [...text.querySelectorAll('tspan')].map(t => t.textContent);
      labels.push({id: bo.id, name: bo.name, width: element.width, kind: element.type, lines});
    }
    if (element.type && element.type.endsWith('Gateway') && element.outgoing.length > 1) {
      const flows = element.outgoing.map(f => ({id: f.id, points: f.waypoints.map(p => [p.x, p.y])}));
      branches.push({id: bo.id, flows});
    }
  }
  return {labels, branches};
}"""


def shared_lines(flows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of flows out of one gateway that run along one line somewhere."""
    return [
        (a["id"], b["id"])
        for a, b in itertools.combinations(flows, 2)
        if any(
            _overlapping(list(p), list(q))
            for p in itertools.pairwise(a["points"])
            for q in itertools.pairwise(b["points"])
        )
    ]


def _overlapping(a: list[list[float]], b: list[list[float]], tolerance: float = 1.0) -> bool:
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if abs(ay0 - ay1) <= tolerance and abs(by0 - by1) <= tolerance and abs(ay0 - by0) <= tolerance:
        low, high = max(min(ax0, ax1), min(bx0, bx1)), min(max(ax0, ax1), max(bx0, bx1))
        return high - low > tolerance
    if abs(ax0 - ax1) <= tolerance and abs(bx0 - bx1) <= tolerance and abs(ax0 - bx0) <= tolerance:
        low, high = max(min(ay0, ay1), min(by0, by1)), min(max(ay0, ay1), max(by0, by1))
        return high - low > tolerance
    return False


@pytest.fixture(scope="module")
def modeler(browser: Browser) -> Iterator[Page]:
    """A page with the console's bpmn-js and nothing else, drawing in Arial's metrics."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_content('<div id="canvas" style="width:1600px;height:1000px"></div>')
    for css in ("diagram-js.css", "bpmn-js.css"):
        page.add_style_tag(path=str(VENDOR / css))
    page.add_script_tag(path=str(VENDOR / "bpmn-navigated-viewer.production.min.js"))
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '12px Arial, sans-serif'; return c.measureText('Werkgeversdienstverlening').width; }"""
    )
    assert abs(width - 144.5) < 1, (
        f"'Arial' is drawn with another font's metrics ({width}): install fonts-liberation"
    )
    yield page
    page.close()


def draw(page: Page, file: Path) -> dict[str, Any]:
    """Import one BPMN file into bpmn-js; what it drew."""
    result: dict[str, Any] = page.evaluate(COLLECT, file.read_text(encoding="utf-8"))
    return result


def test_no_name_is_broken_inside_a_word_and_no_branches_share_a_line(modeler: Page) -> None:
    broken, shared = [], []
    for file in PROCESSES:
        drawn = draw(modeler, file)
        name = file.relative_to(ROOT)
        broken += [
            f"{name}:{label['id']}: {cut}"
            for label in drawn["labels"]
            for cut in broken_words(label["name"], label["lines"])
        ]
        shared += [
            f"{name}:{gateway['id']}: {a} and {b}"
            for gateway in drawn["branches"]
            for a, b in shared_lines(gateway["flows"])
        ]
    assert len(PROCESSES) > 100
    assert broken == [], f"{len(broken)} names broken inside a word:\n" + "\n".join(broken)
    assert shared == [], f"{len(shared)} gateways with branches on one line:\n" + "\n".join(shared)
