"""Regenerate the first processes from their compact descriptions (authoring aid, not the source of truth).

The BPMN files in processes/ are what designers edit in Camunda Modeler. These
descriptions produced their first version; running this overwrites such edits, so
only use it for a process nobody has edited since.

    python tools/process_specs/gen.py [aanvraag matchbaar ...]
"""

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import bpmn_layout  # noqa: E402

PROCESSES = HERE.parent.parent / "processes"
TARGETS = {
    "aanvraag": "1-aanvraag-en-recht/aanvraag-levensonderhoud-behandelen.bpmn",
    "matchbaar": "4-werkgeversdienstverlening-en-matching/kandidaat-matchbaar-overdragen-regiegericht.bpmn",
    "zoektermijn": "0-melding-en-poort/zoektermijn-jongeren-bewaken.bpmn",
    "plan": "2-intake-diagnose-en-plan/plan-van-aanpak-opstellen.bpmn",
    "bezwaar": "9-rechtsbescherming/bezwaar-behandelen.bpmn",
}

for name in sys.argv[1:] or TARGETS:
    target = PROCESSES / TARGETS[name]
    target.parent.mkdir(parents=True, exist_ok=True)
    bpmn_layout.write(importlib.import_module(name).spec, str(target))
    print("wrote", target)
