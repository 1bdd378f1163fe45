"""Names as bpmn-js draws them: Arial's widths and bpmn-js's way of wrapping a name to its box.

Camunda Modeler and the console draw with bpmn-js, which wraps a name word by word to the box
(12px Arial inside a task with 7px padding, 11px Arial in the label box beside an event, gateway
or flow) and cuts a word in the middle where its estimate of how many characters fit leaves no
whole word. The layout sizes tasks with these rules and lint refuses a name that would be cut, so
what a designer sees in the Modeler is what the layout planned (ADR 25).
"""

from __future__ import annotations

import math
import re

TASK_FONT = 12.0  # px, bpmn-js's default text style
LABEL_FONT = 11.0  # px, its external labels: one pixel smaller
LINE_HEIGHT = 1.2
TASK_PADDING = 7.0  # px on every side of a task's name
# Tasks that bpmn-js draws with a type icon in the top left corner, and all it draws a name inside.
ICON_TASKS = frozenset(
    {"userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask", "businessRuleTask"}
)
NAMED_INSIDE = ICON_TASKS | {"task", "callActivity"}
ICON = 28.0  # px: a task's type icon lies within this square in its top left corner
ICON_LINE_TOP = 22.0  # px: a line of the name starting above this runs beside the icon
BOUNDARY = 20.0  # px: the lower edge of a task that a boundary event sits on, kept free of its name
MAX_TASK_WIDTH = 400.0
# Advance widths of Arial (and of Liberation Sans, which has its metrics) in units of 1/2048 em.
# Kerning is left out: it only narrows a line, so a name measured here fits where it is drawn.
_UNITS_PER_EM = 2048
_ADVANCES = {
    384: "′",
    391: "'",
    455: "ijlįĵĺļłſ‘’",
    532: "|¦",
    569: " !,./:;I[\\]ft\xa0·ÌÍÎÏìíîïĨĩĪīĬĭĮİıţŧ",
    597: "ľ",
    682: "()-`r¡¨²³´¸¹ŕŗř“”",
    684: "{}ŀ",
    717: "•",
    725: "″",
    727: '"',
    748: "º",
    758: "ª",
    768: "ť",
    797: "*",
    819: "°",
    909: "ĳ",
    961: "^",
    1024: "JcksvxyzçýÿćĉċčĴķĸśŝşšŷźżž",
    1100: "¶",
    1124: "±÷",
    1131: "¯",
    1139: "0123456789#$?L_abdeghnopqu¢£¤¥§«»àáâãäåèéêëðñòóôõöùúûüþāăąđēĕėęěĝğġģĥħĹĻĽĿŁńņňŋōŏőũūŭůűų€–",
    1180: "µ",
    1196: "+<=>~¬×",
    1237: "ŉ",
    1251: "FTZ¿ßøŢŤŦŹŻŽ",
    1259: "ď",
    1366: "&ABEKPSVXYÀÁÂÃÄÅÈÉÊËÝÞĀĂĄĒĔĖĘĚĶŚŜŞŠŶŸ",
    1479: "CDHNRUwÇÐÑÙÚÛÜĆĈĊČĎĐĤĦŃŅŇŔŖŘŨŪŬŮŰŲŵ",
    1481: "Ŋ",
    1505: "Ĳ",
    1509: "©®",
    1593: "GOQÒÓÔÕÖØĜĞĠĢŌŎŐ",
    1706: "Mm",
    1708: "¼½¾",
    1821: "%æ",
    1933: "WœŴ",
    2048: "ÆŒ—…",
    2079: "@",
}
_WIDTH = {char: units for units, chars in _ADVANCES.items() for char in chars}
_UNKNOWN = 1139  # a digit's width, for a character outside the table
_SEPARATORS = re.compile("(\\s|-|\u00ad)")
SOFT_HYPHEN = "\u00ad"


def text_width(text: str, size: float = TASK_FONT) -> float:
    """The width in px of ``text`` in Arial of ``size`` px, as bpmn-js measures a line (without
    the spaces at its ends)."""
    return sum(_WIDTH.get(char, _UNKNOWN) for char in text.strip()) * size / _UNITS_PER_EM


def wrap(name: str, max_width: float, size: float = TASK_FONT) -> list[str]:
    """The lines bpmn-js draws for ``name`` in a box ``max_width`` px wide (diagram-js Text.layoutText)."""
    pending = re.split("\u00ad?\r?\n", name)
    lines = []
    while pending:
        original = pending.pop(0)
        line = original
        while True:
            width = text_width(line, size) if line else 0.0
            if line in (" ", "") or width <= max_width or len(line) < 2:
                break
            line = _shorten(line, width, max_width)
        if len(line) < len(original):
            pending.insert(0, original[len(line) :].strip())
        lines.append(line)
    return lines


def _shorten(line: str, width: float, max_width: float) -> str:
    """diagram-js's shortenLine: whole words by an estimate of the characters that fit, else a cut."""
    estimate = max(len(line) * (max_width / width), 1)
    parts, kept, length = _SEPARATORS.split(line), [], 0
    if len(parts) > 1:
        for part in parts:
            if not part:  # JavaScript's `while (part = parts.shift())` stops at an empty part
                break
            if len(part) + length < estimate:
                kept.append(part)
                length += len(part)
            else:
                if part in ("-", SOFT_HYPHEN) and kept:
                    kept.pop()
                break
    if kept and kept[-1] == SOFT_HYPHEN:
        kept[-1] = "-"
    return "".join(kept) or line[: max(math.floor(estimate - 0.5), 1)]


def broken_words(name: str, lines: list[str]) -> list[str]:
    """Where ``lines`` (the drawn lines of ``name``) break inside a word, as 'first half|second half'."""
    found, position = [], 0
    for line, following in zip(lines, lines[1:], strict=False):
        line = line.rstrip()
        while position < len(name) and name[position].isspace():
            position += 1
        start = name.find(line, position)
        if start < 0 or not line:
            continue
        position = start + len(line)
        if position < len(name) and not name[position].isspace() and not line.endswith("-"):
            found.append(f"{line.split()[-1]}|{(following.split() or [''])[0]}")
    return found


def task_lines(name: str, width: float) -> list[str]:
    """The lines of a task's name in a task ``width`` px wide."""
    return wrap(name, width - 2 * TASK_PADDING)


def task_fits(name: str, width: float, height: float, icon: bool = True, boundary: bool = False) -> bool:
    """Whether a task's name is drawn inside its box without a word cut in the middle, for a task
    with a type icon in its top left corner without a line beside the icon, and for a task with a
    boundary event on its lower edge above that event."""
    lines = task_lines(name, width)
    line_height = TASK_FONT * LINE_HEIGHT
    top = (height - len(lines) * line_height) / 2  # bpmn-js centres the lines in the box
    if broken_words(name, lines) or top < (BOUNDARY if boundary else 0):
        return False
    return not icon or all(
        text_width(line) <= width - 2 * ICON
        for number, line in enumerate(lines)
        if top + number * line_height < ICON_LINE_TOP
    )


def task_size(
    name: str, height: float = 80.0, icon: bool = True, boundary: bool = False, least: float = 100.0
) -> float:
    """The narrowest task width (``least`` and up, in steps of 10) in which ``name`` fits at ``height``."""
    width = least
    while not task_fits(name, width, height, icon, boundary) and width < MAX_TASK_WIDTH:
        width += 10
    return width
