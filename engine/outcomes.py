"""The ends of a process as its model draws them: each end event's outcome type (``uitkomst``) and
whether it can be the outcome of a case.

A case's outcome is the end event that ended it. The end of an escalation branch (a path that only
a non-interrupting boundary event starts, e.g. "Klant geïnformeerd over vertraging") is never that,
even when it finishes after the main flow: it does the escalation's own work, while the main flow
decides the case. Lint, the catalogue and the engine (engine.bpmn) read the ends from here, so they
agree on which end counts.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from lxml import etree

from .vocabulary import BPMN_NS, NS, OUTCOME_TYPES


@dataclass(frozen=True)
class End:
    """An end event of a process with its outcome type as written (``None`` when it has none)."""

    element: str
    name: str
    uitkomst: str | None
    escalation: bool = False
    """Only a non-interrupting boundary event leads to it (or it ends a non-interrupting event
    subprocess) and it does not terminate: it never is the outcome of a case."""
    vervolgproces: str | None = None
    """The process whose case starts, for the same client, when a case ends here (its property
    ``vervolgproces``; a follow-up case, ADR 40)."""
    vervolggegevens: tuple[str, ...] = ()
    """The case variables the follow-up case starts with (its property ``vervolggegevens``, names
    separated by commas): values for the start form of the follow-up process."""

    @property
    def type(self) -> str | None:
        """The outcome type a case that ends here records: its ``uitkomst`` when that is a type."""
        return self.uitkomst if self.uitkomst in OUTCOME_TYPES else None

    @property
    def label(self) -> str:
        """The Dutch label of the type, or the value as written when it is not a type."""
        known = OUTCOME_TYPES.get(self.uitkomst or "")
        return known.label if known else self.uitkomst or "?"


def end_event_outcome(end_event: etree._Element) -> str | None:
    """The ``uitkomst`` property of an end event as written, or None."""
    return end_event_property(end_event, "uitkomst")


def end_event_property(end_event: etree._Element, name: str) -> str | None:
    """A ``camunda:property`` of an end event as written, or None."""
    values = end_event.xpath(
        "bpmn:extensionElements/camunda:properties/camunda:property[@name=$name]/@value",
        namespaces=NS,
        name=name,
    )
    return str(values[0]) if values else None


def follow_up_variables(end_event: etree._Element) -> tuple[str, ...]:
    """The names in an end event's ``vervolggegevens``, in the order written."""
    text = end_event_property(end_event, "vervolggegevens") or ""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def ends(process: etree._Element) -> list[End]:
    """The end events that can end a case of ``process`` (its own and those of its event subprocesses),
    in document order; the ends of escalation branches are marked, those of embedded subprocesses left
    out (they end the subprocess, not the case)."""
    found = _ends_of(process, escalation=False)
    for sub in process.xpath("bpmn:subProcess[@triggeredByEvent='true']", namespaces=NS):
        interrupting = all(
            s.get("isInterrupting", "true").strip().lower() == "true"
            for s in sub.iterfind(f"{{{BPMN_NS}}}startEvent")
        )
        found += _ends_of(sub, escalation=not interrupting)
    return found


def _ends_of(container: etree._Element, escalation: bool) -> list[End]:
    successors: dict[str, list[str]] = {}
    for flow in container.iterfind(f"{{{BPMN_NS}}}sequenceFlow"):
        successors.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    for boundary in container.iterfind(f"{{{BPMN_NS}}}boundaryEvent"):
        if boundary.get("cancelActivity", "true").strip().lower() != "false":
            successors.setdefault(boundary.get("attachedToRef", ""), []).append(boundary.get("id", ""))
    main: set[str] = set()
    queue = deque(s.get("id", "") for s in container.iterfind(f"{{{BPMN_NS}}}startEvent"))
    while queue:
        node = queue.popleft()
        if node not in main:
            main.add(node)
            queue.extend(successors.get(node, []))
    return [
        End(
            end.get("id", ""),
            end.get("name") or end.get("id", ""),
            end_event_outcome(end),
            # A terminate end ends the case wherever it lies.
            escalation=(escalation or end.get("id") not in main)
            and end.find(f"{{{BPMN_NS}}}terminateEventDefinition") is None,
            vervolgproces=(end_event_property(end, "vervolgproces") or "").strip() or None,
            vervolggegevens=follow_up_variables(end),
        )
        for end in container.iterfind(f"{{{BPMN_NS}}}endEvent")
    ]
