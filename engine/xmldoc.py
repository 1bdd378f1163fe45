"""Reading BPMN files as XML: any encoding lxml reads, no DOCTYPE, nothing fetched.

Every place that opens a BPMN file (lint, deploy, the diagram, the catalogue) reads it here.
A DOCTYPE is refused whatever it holds: BPMN needs none, and one can declare entities that
expand to gigabytes or point at files and addresses the server should never read. What
lxml reads in another encoding than UTF-8 (UTF-16 from some editors) is stored as UTF-8.
"""

from __future__ import annotations

from lxml import etree

from .errors import Problem, ProcessInvalid


def _parser() -> etree.XMLParser:
    # A parser per call: lxml parsers keep state and are not to be shared between threads.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def read(file: str, data: bytes) -> etree._Element:
    """The root element of a BPMN file.

    Raises:
        ProcessInvalid: the file is not well-formed XML or has a DOCTYPE, naming the file.
    """
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as err:
        raise ProcessInvalid(
            [Problem(file, f"line {err.lineno}", f"not well-formed XML: {err.msg}")]
        ) from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise ProcessInvalid(
            [
                Problem(
                    file, "DOCTYPE", "a DOCTYPE is not allowed in a BPMN file; remove the <!DOCTYPE ...> line"
                )
            ]
        )
    return root


def as_utf8(file: str, data: bytes) -> bytes:
    """The file in UTF-8, unchanged byte for byte when it already is; as given when it cannot be read."""
    try:
        root = read(file, data)
    except ProcessInvalid:
        return data  # lint names the problem
    encoding = (root.getroottree().docinfo.encoding or "UTF-8").upper()
    if encoding in ("UTF-8", "UTF8", "US-ASCII", "ASCII"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return data
    return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))
