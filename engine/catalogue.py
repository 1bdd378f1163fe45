"""The process catalogue in docs/processes/: generated from the BPMN files, never edited by hand.

`procesregie catalogue` writes it; `procesregie catalogue --check` (and the test suite)
fails when it is stale.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import expressions, outcomes, xmldoc
from .outcomes import End
from .vocabulary import BPMN_NS, NS

PHASES = {
    "0": "Melding en poort",
    "1": "Aanvraag en recht",
    "2": "Intake, diagnose en plan",
    "3": "Re-integratie en ontwikkeling",
    "4": "Werkgeversdienstverlening en matching",
    "5": "Loonkostensubsidie, loonwaarde, jobcoaching, beschut werk",
    "6": "Beheer en rechtmatigheid",
    "7": "Aanvullende voorzieningen",
    "8": "Uitstroom en nazorg",
    "9": "Rechtsbescherming",
}
SECTIONS = ("Doel", "Aanleiding", "Uitkomsten", "Wettelijke basis")


@dataclass
class Entry:
    """What the catalogue says about one process."""

    process_id: str
    name: str
    file: str
    phase: str
    stuurlijn: str
    sections: dict[str, str]
    roles: list[str]
    start: str
    outcomes: list[End]
    tasks: list[tuple[str, str, list[str]]]  # name, role, form field labels
    handovers: list[tuple[str, str, str, str]]  # from role, to role, from task, to task
    deadlines: list[tuple[str, str, str]]  # name, ISO value, where
    profile_keys: list[str] = field(default_factory=list)
    ceiling: str | None = None

    @property
    def page(self) -> str:
        return f"{self.process_id}.md"


def entries(processes_dir: Path) -> list[Entry]:
    """Describe every process under a directory, ordered by phase and name."""
    found = []
    for path in sorted(processes_dir.rglob("*.bpmn")):
        found.extend(describe(path.relative_to(processes_dir).as_posix(), path.read_bytes()))
    return sorted(found, key=lambda e: (e.phase, e.name))


def describe(file: str, data: bytes) -> list[Entry]:
    """Describe every executable process in one BPMN file (a deployed version's, for the console)."""
    root = xmldoc.read(file, data)
    return [
        _describe(file, root, process)
        for process in root.xpath("//bpmn:process[@isExecutable='true']", namespaces=NS)
    ]


def _describe(file: str, root: etree._Element, process: etree._Element) -> Entry:
    names = {n.get("id"): n.get("name") or n.get("id") for n in process.iter() if n.get("id")}
    lane_of = {
        ref.text.strip(): lane.get("name", "")
        for lane in process.iter(f"{{{BPMN_NS}}}lane")
        for ref in lane.iterfind(f"{{{BPMN_NS}}}flowNodeRef")
        if ref.text
    }
    # A task inside a subprocess is drawn in the lane of its subprocess (Camunda Modeler lists only
    # the subprocess in the lane); its role is that lane's.
    for sub in process.iter(f"{{{BPMN_NS}}}subProcess"):
        for inner in sub.iter():
            if inner.get("id") and sub.get("id") in lane_of:
                lane_of.setdefault(inner.get("id"), lane_of[sub.get("id")])
    properties = {
        p.get("name"): p.get("value", "")
        for p in process.xpath("bpmn:extensionElements/camunda:properties/camunda:property", namespaces=NS)
    }
    text = process.findtext(f"{{{BPMN_NS}}}documentation") or ""
    parts = re.split(r"(?m)^\s*(" + "|".join(SECTIONS) + r"):", text)
    sections = {parts[i]: " ".join(parts[i + 1].split()) for i in range(1, len(parts) - 1, 2)}
    if not sections and text.strip():
        sections = {"Doel": " ".join(text.split())}
    user_tasks = process.xpath(".//bpmn:userTask", namespaces=NS)
    tasks = [
        (
            t.get("name") or t.get("id"),
            lane_of.get(t.get("id"), "").lower(),
            [f.get("label") or f.get("id") for f in t.xpath(".//camunda:formField", namespaces=NS)],
        )
        for t in user_tasks
    ]
    deadlines = []
    for timer in process.xpath(".//bpmn:timerEventDefinition", namespaces=NS):
        event = timer.getparent()
        value = " ".join(timer.xpath("string(.)").split())
        attached = event.get("attachedToRef")
        where = (
            f"op taak '{names.get(attached)}'"
            + ("" if event.get("cancelActivity") != "false" else ", niet-onderbrekend")
            if attached
            else "wachttijd in het proces"
        )
        deadlines.append((event.get("name") or event.get("id"), value, where))
    keys: set[str] = set()
    for condition in process.xpath(".//bpmn:conditionExpression", namespaces=NS):
        try:
            keys |= {p[1] for p in expressions.attribute_paths(condition.text or "") if p[0] == "profiel"}
        except expressions.ExpressionError:
            continue
    starts = process.xpath("bpmn:startEvent", namespaces=NS)
    return Entry(
        process_id=process.get("id", ""),
        name=process.get("name") or process.get("id", ""),
        file=file,
        phase=properties.get("fase", "?"),
        stuurlijn=properties.get("stuurlijn", ""),
        sections=sections,
        roles=[lane.get("name", "").lower() for lane in process.iter(f"{{{BPMN_NS}}}lane")],
        start=starts[0].get("name", "") if starts else "",
        outcomes=outcomes.ends(process),
        tasks=tasks,
        handovers=_handovers(process, user_tasks, lane_of, names),
        deadlines=deadlines,
        profile_keys=sorted(keys),
        ceiling=properties.get("plafond"),
    )


def _handovers(
    process: etree._Element, user_tasks: list[etree._Element], lane_of: dict[str, str], names: dict[str, str]
) -> list[tuple[str, str, str, str]]:
    """Pairs of user tasks in different lanes where the second can follow the first directly."""
    successors: dict[str, list[str]] = {}
    for flow in process.xpath(".//bpmn:sequenceFlow", namespaces=NS):
        successors.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    for boundary in process.xpath(".//bpmn:boundaryEvent", namespaces=NS):
        successors.setdefault(boundary.get("attachedToRef", ""), []).append(boundary.get("id", ""))
    task_ids = {t.get("id") for t in user_tasks}
    found = []
    for task in user_tasks:
        start = task.get("id", "")
        seen, queue = {start}, deque(successors.get(start, []))
        while queue:
            node = queue.popleft()
            if node in seen:
                continue
            seen.add(node)
            if node in task_ids:
                if lane_of.get(node, "").lower() != lane_of.get(start, "").lower():
                    found.append(
                        (
                            lane_of.get(start, "").lower(),
                            lane_of.get(node, "").lower(),
                            names[start],
                            names[node],
                        )
                    )
                continue
            queue.extend(successors.get(node, []))
    return sorted(set(found))


def _follow_up(end: End, by_id: dict[str, Entry]) -> str:
    """The follow-up process an end starts (ADR 40), linked, with the variables it passes on."""
    target = by_id.get(end.vervolgproces or "")
    named = f"[{target.name}]({target.page})" if target else f"`{end.vervolgproces}`"
    passed = ", ".join(f"`{v}`" for v in end.vervolggegevens)
    return named + (f" met {passed}" if passed else "")


def render(all_entries: list[Entry]) -> dict[str, str]:
    """The catalogue's pages by file name: README.md (the index) and one page per process."""
    lines = [
        "# Procescatalogus",
        "",
        f"{len(all_entries)} werkprocessen, per fase. "
        "Gegenereerd uit `processes/` met `procesregie catalogue`; niet met de hand bewerken.",
        "",
    ]
    for phase, title in PHASES.items():
        in_phase = [e for e in all_entries if e.phase == phase]
        if not in_phase:
            continue
        lines += [
            f"## {phase}. {title}",
            "",
            "| proces | stuurlijn | rollen | overdrachten | termijnen |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| [{e.name}]({e.page}) | {e.stuurlijn} | {', '.join(e.roles)} | {len(e.handovers)} | "
            f"{', '.join(v for _, v, _ in e.deadlines) or '-'} |"
            for e in in_phase
        ]
        lines.append("")
    pages = {"README.md": "\n".join(lines)}
    by_id = {e.process_id: e for e in all_entries}
    for e in all_entries:
        page = [
            f"# {e.name}",
            "",
            f"`{e.process_id}` · fase {e.phase} ({PHASES.get(e.phase, '?')}) · stuurlijn {e.stuurlijn} · "
            f"[BPMN](../../processes/{e.file})",
            "",
        ]
        for section in SECTIONS:
            if section in e.sections:
                page += [f"**{section}.** {e.sections[section]}", ""]
        page += [
            "## Verloop",
            "",
            f"- Start: {e.start}",
            f"- Rollen: {', '.join(e.roles)}",
            *(
                f"- Vervolgzaak van: [{origin.name}]({origin.page}), einde '{o.name}'"
                for origin in all_entries
                for o in origin.outcomes
                if o.vervolgproces == e.process_id
            ),
            "",
        ]
        page += ["## Uitkomsten", "", "| einde | uitkomst |", "|---|---|"]
        page += [
            f"| {o.name} | `{o.uitkomst}` ({o.label})"
            + (" · escalatietak, telt niet als uitkomst van de zaak" if o.escalation else "")
            + (f" · vervolgzaak: {_follow_up(o, by_id)}" if o.vervolgproces else "")
            + " |"
            for o in e.outcomes
        ]
        page.append("")
        page += ["## Taken", "", "| taak | rol | formulier |", "|---|---|---|"]
        page += [f"| {name} | {role} | {', '.join(fields)} |" for name, role, fields in e.tasks]
        page += ["", "## Overdrachten", ""]
        page += [f"- {a} → {b}: {t1} → {t2}" for a, b, t1, t2 in e.handovers] or [
            "Geen: het werk blijft bij één rol."
        ]
        page += ["", "## Termijnen", ""]
        page += [f"- {name}: `{value}` ({where})" for name, value, where in e.deadlines] or ["Geen."]
        if e.profile_keys or e.ceiling:
            page += ["", "## Beleidskeuzes (profiel)", ""]
            page += [f"- `profiel.{key}`" for key in e.profile_keys]
            if e.ceiling:
                page.append(f"- jaarplafond: `profiel.{e.ceiling}` (geteld uit de zaken in de database)")
        pages[e.page] = "\n".join(page) + "\n"
    return pages


def write(processes_dir: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pages = render(entries(processes_dir))
    for stale in set(p.name for p in out.glob("*.md")) - set(pages):
        (out / stale).unlink()
    for name, text in pages.items():
        (out / name).write_text(text)


def stale(processes_dir: Path, out: Path) -> list[str]:
    """Pages that differ from what the BPMN files say (missing, changed or left over)."""
    pages = render(entries(processes_dir))
    existing = {p.name: p.read_text() for p in out.glob("*.md")} if out.is_dir() else {}
    return sorted(name for name in set(pages) | set(existing) if pages.get(name) != existing.get(name))
