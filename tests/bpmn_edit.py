"""Edit test BPMN the way a designer would in the modeler: change one element, keep the rest."""

from __future__ import annotations

from lxml import etree

from engine.vocabulary import BPMN_NS as BPMN


def retag(xml: str, element_id: str, tag: str) -> str:
    """Turn one element into another BPMN type (e.g. an exclusive into a complex gateway)."""
    root = etree.fromstring(xml.encode())
    [element] = root.xpath("//*[@id=$id]", id=element_id)
    element.tag = f"{{{BPMN}}}{tag}"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode()
