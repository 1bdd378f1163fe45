"""Write processes/ files from their compact descriptions (an authoring aid, not the source of truth).

Each module here (except common and gen) describes one process: ``TARGET`` (its path
under processes/) and ``spec`` (lanes, nodes, flows; see tools/bpmn_layout.py). The
BPMN files are what designers then edit in Camunda Modeler; running this again
overwrites such edits, so only regenerate a process nobody has edited since.

    python tools/process_specs/gen.py               # all
    python tools/process_specs/gen.py aanvraag plan # some
"""

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import bpmn_layout  # noqa: E402

PROCESSES = HERE.parent.parent / "processes"
MODULES = sorted(p.stem for p in HERE.glob("*.py") if p.stem not in {"common", "gen"})

for name in sys.argv[1:] or MODULES:
    module = importlib.import_module(name)
    target = PROCESSES / module.TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    bpmn_layout.write(module.spec, str(target))
    print("wrote", target.relative_to(PROCESSES))
