"""Every process as Camunda Modeler shows it: drawn by the console's bpmn-js in Chromium.

bpmn-js wraps a name to its box and, when one word is wider than the box, cuts the word in the
middle. Measured here on the drawn SVG, not on our own metrics: no label may be broken inside a
word, and no two branches out of a gateway may leave it on one shared line (their labels would be
ambiguous). Chromium draws "Arial" with Liberation Sans (fonts-liberation, installed by .ci/run),
which has Arial's metrics, so the lines are the Modeler's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from engine import layout
from engine.labels import broken_words
from engine.layout import shared_line

pytestmark = pytest.mark.slow  # a real browser

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "api" / "console" / "static" / "vendor" / "bpmn-js"
PROCESSES = sorted((ROOT / "processes").rglob("*.bpmn"))
DIAGRAM = re.compile(r"[ \t]*<bpmndi:BPMNDiagram\b.*?</bpmndi:BPMNDiagram>\n?", re.S)

# What bpmn-js drew: the lines of every label and the first segment of every flow out of a gateway.
COLLECT = """async (xml) => {
  const container = document.getElementById('canvas');
  if (!window.viewer) window.viewer = new BpmnJS({container});
  const {warnings} = await window.viewer.importXML(xml);
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
  const drawn = registry.filter(e => e.type !== 'label' && e.businessObject && e.businessObject.id).length;
  return {labels, branches, drawn, warnings: warnings.map(w => w.message)};
}"""


def shared_lines(flows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of flows out of one gateway that run along one line somewhere."""
    return [
        (a["id"], b["id"])
        for a, b in itertools.combinations(flows, 2)
        if shared_line([tuple(p) for p in a["points"]], [tuple(p) for p in b["points"]])
    ]


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


def draw(page: Page, file: Path, xml: str | None = None) -> dict[str, Any]:
    """Import one BPMN file into bpmn-js; what it drew."""
    result: dict[str, Any] = page.evaluate(COLLECT, xml or file.read_text(encoding="utf-8"))
    assert result["warnings"] == [], (file, result["warnings"][:3])
    return result


def faults(name: str, drawn: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The names cut inside a word and the gateways whose branches share a line, as bpmn-js drew them."""
    broken = [
        f"{name}:{label['id']}: {cut}"
        for label in drawn["labels"]
        for cut in broken_words(label["name"], label["lines"])
    ]
    shared = [
        f"{name}:{gateway['id']}: {a} and {b}"
        for gateway in drawn["branches"]
        for a, b in shared_lines(gateway["flows"])
    ]
    return broken, shared


def test_no_name_is_broken_inside_a_word_and_no_branches_share_a_line(modeler: Page) -> None:
    broken, shared = [], []
    for file in PROCESSES:
        cut, along = faults(str(file.relative_to(ROOT)), draw(modeler, file))
        broken += cut
        shared += along
    assert len(PROCESSES) > 100
    assert broken == [], f"{len(broken)} names broken inside a word:\n" + "\n".join(broken)
    assert shared == [], f"{len(shared)} gateways with branches on one line:\n" + "\n".join(shared)


def test_every_process_laid_out_anew_is_drawn_whole(modeler: Page) -> None:
    """`procesregie layout` of each process without its diagram: bpmn-js draws every element, no
    name cut in a word, no branches on one line."""
    broken, shared = [], []
    for file in PROCESSES:
        bare = DIAGRAM.sub("", file.read_text(encoding="utf-8"))
        laid = layout.layout(file.name, bare.encode()).decode()
        drawn = draw(modeler, file, laid)
        assert drawn["drawn"] == laid.count("<bpmndi:BPMNShape ") + laid.count("<bpmndi:BPMNEdge ") + 1, file
        cut, along = faults(file.name, drawn)
        broken += cut
        shared += along
    assert broken == [] and shared == [], broken + shared
