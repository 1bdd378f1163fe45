"""Give every lane under processes/ its organisation: `python tools/lane_organisations.py [PATH...]`.

A lane without the property ``organisatie`` gets the organisation that holds the work of its role
(:data:`BY_ROLE`, or :data:`BY_PROCESS` where one process's lane belongs elsewhere); a lane that names
one keeps it. The property is written as Camunda Modeler writes it, right after the lane's start tag,
in the file's own indentation and empty-element style; nothing else in the file changes.
``--check`` only lists the lanes that have none and exits non-zero if there are any. Other files
or folders than processes/ may be named (the test fixtures were written so).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PROCESSES = Path(__file__).resolve().parent.parent / "processes"

BY_ROLE = {
    "klant": "klant",
    "werkgever": "werkgever",
    "uwv": "uwv",
    "klantmanager": "sociale_dienst",
    "inkomensconsulent": "sociale_dienst",
    "werkcoach": "sociale_dienst",
    "handhaver": "sociale_dienst",
    "backoffice": "sociale_dienst",
    "jurist": "sociale_dienst",
    "accountmanager": "werkgeversservicepunt",
    # The begeleider on the workplace and the loonwaardemeting: the SW-bedrijf (werkbedrijf) of the
    # region in the model; a gemeente that buys them elsewhere records that on its users.
    "jobcoach": "sw_bedrijf",
    "loonwaardedeskundige": "sw_bedrijf",
}
BY_PROCESS = {
    # Jobcoaching under Pw 10da is bought from a (UWV-erkende) jobcoachorganisatie.
    ("jobcoaching-aanvragen-en-verlengen", "jobcoach"): "re_integratiebedrijf",
}

_LANE = re.compile(r"^(?P<indent>[ \t]*)<bpmn:lane\b(?P<attributes>[^>]*?)(?P<empty>\s*/)?>\n", re.M)
_NAME = re.compile(r'\bname="([^"]*)"')


def organisation(process: str, role: str) -> str:
    return BY_PROCESS.get((process, role)) or BY_ROLE[role]


def add(path: Path) -> tuple[str, list[str]]:
    """The file's text with the organisation on every lane, and the lanes (``file:lane``) it gave one."""
    text = path.read_text(encoding="utf-8")
    close = " />" if text.count(" />") >= text.count("/>") / 2 else "/>"  # as the file writes most
    added: list[str] = []
    out: list[str] = []
    position = 0
    for match in _LANE.finditer(text):
        end = text.find("</bpmn:lane>", match.end()) if not match.group("empty") else match.end()
        body = text[match.end() : end]
        if "organisatie" in body.split("<bpmn:flowNodeRef>")[0]:
            continue
        name = _NAME.search(match.group("attributes"))
        role = (name.group(1) if name else "").strip().lower()
        value = organisation(path.stem, role)
        indent = match.group("indent")
        step = "  "
        head = body.split("<bpmn:flowNodeRef>")[0]
        if "<bpmn:extensionElements>" in head and "<camunda:properties>" not in head:
            raise SystemExit(
                f"{path}: lane {role} has extension elements without properties; edit it by hand"
            )
        if "<camunda:properties>" in head:
            marker = text.index("<camunda:properties>", match.end()) + len("<camunda:properties>\n")
            inner = indent + step * 3
            out.append(text[position:marker])
            out.append(f'{inner}<camunda:property name="organisatie" value="{value}"{close}\n')
            position = marker
        else:
            lines = [
                f"{indent}{step}<bpmn:extensionElements>",
                f"{indent}{step * 2}<camunda:properties>",
                f'{indent}{step * 3}<camunda:property name="organisatie" value="{value}"{close}',
                f"{indent}{step * 2}</camunda:properties>",
                f"{indent}{step}</bpmn:extensionElements>",
            ]
            if match.group("empty"):
                start = f"{indent}<bpmn:lane{match.group('attributes')}>\n"
                out.append(
                    text[position : match.start()] + start + "\n".join(lines) + f"\n{indent}</bpmn:lane>\n"
                )
            else:
                out.append(text[position : match.end()] + "\n".join(lines) + "\n")
            position = match.end()
        added.append(f"{path}:{role}={value}")
    out.append(text[position:])
    return "".join(out), added


def main(argv: list[str]) -> int:
    check = "--check" in argv
    roots = [Path(a) for a in argv if not a.startswith("--")] or [PROCESSES]
    files = [f for root in roots for f in (sorted(root.rglob("*.bpmn")) if root.is_dir() else [root])]
    missing = []
    for path in files:
        text, added = add(path)
        missing += added
        if added and not check:
            path.write_text(text, encoding="utf-8")
    for line in missing:
        print(("no organisation: " if check else "") + line)
    return 1 if check and missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
