"""JUEL conditions as Camunda 7 designers write them, translated into the condition language."""

from __future__ import annotations

from typing import Any

import pytest

from engine import expressions, juel


@pytest.mark.parametrize(
    ("written", "translated"),
    [
        ("${a && b}", "a and b"),
        ("${a || b}", "a or b"),
        ("${!x}", "not x"),
        ("#{not x}", "not x"),
        ("${a and b or c}", "a and b or c"),
        ("${a eq 1 and b ne 2}", "a == 1 and b != 2"),
        ("${a lt 1 || a gt 9 || a le 3 || a ge 4}", "a < 1 or a > 9 or a <= 3 or a >= 4"),
        ("${empty opmerking}", 'opmerking in (None, "", [])'),
        ("${not empty opmerking}", 'opmerking not in (None, "", [])'),
        ("${!empty x.y}", 'x.y not in (None, "", [])'),
        ("${execution.getVariable('besluit') eq 'toekennen'}", 'besluit == "toekennen"'),
        ('${execution.getVariable("bedrag") > 1000}', "bedrag > 1000"),
        ("${besluit == 'it\\'s'}", 'besluit == "it\'s"'),
        ("${bedrag ge 1.5e3}", "bedrag >= 1.5e3"),
        ("${x == null && y == true && z != false}", "x == None and y == True and z != False"),
        # Python binds `not` looser than `==` and chains comparisons; JUEL does neither.
        ("${!a == b}", "(not a) == b"),
        ("${a < b == c}", "(a < b) == c"),
        ("${!(a == b)}", "not (a == b)"),
        ("${a - b - c}", "a - b - c"),
        ("${a div b mod 2}", "a / b % 2"),
        ("${-bedrag < 0}", "-bedrag < 0"),
        ("${spoed ? 'hoog' : 'laag'}", '"hoog" if spoed else "laag"'),
        ("${gegevens['postcode'] != ''}", 'gegevens["postcode"] != ""'),
    ],
)
def test_juel_is_translated(written: str, translated: str) -> None:
    assert juel.translate(written) == translated
    expressions.parse(written)  # and the translation is valid in the condition language


@pytest.mark.parametrize(
    ("written", "values", "expected"),
    [
        ("${a && !b}", {"a": True, "b": False}, True),
        ("${empty opmerking}", {"opmerking": None}, True),
        ("${empty opmerking}", {"opmerking": ""}, True),
        ("${empty lijst}", {"lijst": []}, True),
        ("${empty getal}", {"getal": 0}, False),  # JUEL: 0 is not empty (Python's `not 0` would say it is)
        ("${not empty opmerking}", {"opmerking": "graag bellen"}, True),
        ("${!a == b}", {"a": True, "b": False}, True),
        (
            "${execution.getVariable('besluit') eq 'toekennen' && (bedrag gt 1000 || spoed)}",
            {"besluit": "toekennen", "bedrag": 500, "spoed": True},
            True,
        ),
    ],
)
def test_translated_juel_evaluates_as_camunda_does(
    written: str, values: dict[str, Any], expected: bool
) -> None:
    assert expressions.evaluate(written, values) is expected


@pytest.mark.parametrize(
    ("written", "fragment"),
    [
        ("${foo.bar()}", "method calls"),
        ("${fn:contains(a, 'b')}", "functions such as 'fn:…'"),
        ("${execution.processBusinessKey == 'x'}", "'execution.processBusinessKey' is not available"),
        ("${execution.getVariable(naam)}", "the variable's name in quotes"),
        ("${a} and ${b}", "more than one ${…}"),
        ("${a &&}", "expected a value"),
        ("${x instanceof y}", "instanceof"),
        ("${'open}", "no closing '"),
        ("${class == 1}", "'class' cannot be used"),
        ("${a # b}", "unexpected character '#'"),
    ],
)
def test_what_cannot_be_translated_is_refused_with_the_expression_and_a_hint(
    written: str, fragment: str
) -> None:
    with pytest.raises(expressions.ExpressionError) as err:
        expressions.parse(written)
    assert fragment in err.value.message
    assert "execution.getVariable('x')" in err.value.message  # the hint
    assert written in str(err.value)


def test_the_condition_language_inside_a_dollar_brace_still_works() -> None:
    """Before JUEL was translated, `${...}` was unwrapped: such conditions keep their meaning."""
    assert expressions.evaluate(
        "${len(kinderen) > 0 and besluit in ['ja']}", {"kinderen": [1], "besluit": "ja"}
    )


def test_nesting_is_followed_to_the_limit_and_refused_beyond_it() -> None:
    """Deeper JUEL ran the recursive descent out of stack (RecursionError: a 500 at deploy)."""
    at_limit = "${" + "(" * (juel.MAX_DEPTH - 1) + "a" + ")" * (juel.MAX_DEPTH - 1) + "}"
    assert juel.translate(at_limit) == "(" * (juel.MAX_DEPTH - 1) + "a" + ")" * (juel.MAX_DEPTH - 1)
    for deeper in (
        "${" + "(" * 5000 + "a" + ")" * 5000 + "}",
        "${" + "!" * 5000 + "a}",
        "${" + "a[" * 60 + "0" + "]" * 60 + "}",
    ):
        with pytest.raises(juel.JuelLimit, match="nested too deeply"):
            juel.translate(deeper)
