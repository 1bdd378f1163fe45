"""The console says every lint and deploy problem in Dutch (api/console/problems_nl.py), keeping ids,
names, expressions and values; the engine keeps saying them in English for the API and the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.console.problems_nl import PROBLEMS, dutch_problem, untranslated
from api.console.web import dutch
from engine import juel, lint
from engine.bpmn import UNSUPPORTED, UNSUPPORTED_CAMUNDA
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
LINT_TESTS = [
    "tests/engine/test_lint.py",
    "tests/engine/test_lint_mistakes.py",
    "tests/engine/test_camunda7.py",
    "tests/engine/test_bpmn.py",
    "tests/engine/test_hostile_models.py",
    "tests/engine/test_layout.py",
    "tests/engine/test_legal_terms.py",
    "tests/engine/test_four_eyes.py",
]
"""The tests that build broken models: every problem they provoke must have a Dutch rendering."""


@pytest.mark.slow  # runs the lint tests in a subprocess
def test_every_problem_the_lint_tests_provoke_has_a_dutch_rendering(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PROCESREGIE_TEST_DATABASE_URL"}
    env["PROCESREGIE_PROBLEM_MESSAGES"] = str(tmp_path / "messages")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.problem_messages", "-p", "no:xdist"]
        + ["-p", "no:cacheprovider", *LINT_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    messages = {m for f in tmp_path.glob("messages.*") for m in json.loads(f.read_text())}
    assert len(messages) > 100  # the broken models provoke most of the messages lint has
    left = {m: untranslated(m) for m in sorted(messages) if untranslated(m)}
    assert left == {}, "no Dutch in api/console/problems_nl.py for these (parts of) messages"


def test_the_fixed_refusals_of_the_engine_have_a_dutch_rendering() -> None:
    fixed = [
        *lint.IGNORED_CAMUNDA_ATTRIBUTES.values(),
        *UNSUPPORTED.values(),
        *UNSUPPORTED_CAMUNDA.values(),
        *(f"condition ${{x}}: {m}" for m in juel._REFUSED_WORDS.values()),
    ]
    assert {m: untranslated(m) for m in fixed if untranslated(m)} == {}


def test_the_warnings_of_the_fixtures_have_a_dutch_rendering() -> None:
    shown = []
    for path in sorted(FIXTURES.rglob("*.bpmn")):
        result = lint.lint({path.name: path.read_bytes()}, house_rules=False)
        shown += [p.message for p in result.problems + result.warnings]
    assert shown  # the Camunda 7 fixtures have warnings and JUEL translations
    assert {m: untranslated(m) for m in shown if untranslated(m)} == {}


@pytest.mark.parametrize(
    ("english", "shown"),
    [
        (
            "flow out of gateway Gateway_besluit needs a condition or must be its default flow",
            "de pijl uit gateway Gateway_besluit heeft een voorwaarde nodig of moet de standaardpijl zijn",
        ),
        (  # a nested message: the expression's error is translated too, the expression kept
            "condition ${a &&}: expected a value at position 5, found the end",
            "voorwaarde ${a &&}: verwacht een waarde op positie 5, gevonden the end",
        ),
        (  # Python's words for a type error stay Python's; the engine's own words inside one do not
            "timer of 'Termijn' (Timer_t) fails at run time on the form's types: TypeError: datum_plus "
            "takes a date (YYYY-MM-DD), not 'tekst'",
            "de timer van 'Termijn' (Timer_t) faalt tijdens de zaak met de typen van het formulier: "
            "TypeError: datum_plus neemt een datum (JJJJ-MM-DD), niet 'tekst'",
        ),
        (  # libxml2's text is passed on as it is
            "not well-formed XML: Start tag expected, '<' not found, line 1, column 1",
            "geen welgevormde XML: Start tag expected, '<' not found, line 1, column 1",
        ),
        (
            "condition of flow 'klein' (Flow_klein) reads 'spoed', an optional field of the start form: left "
            "empty, every comparison with it is false (!= is true; == null tests for it, docs/modelling.md); "
            "make the field required, or let the gateway's default flow take the empty case",
            "de voorwaarde van pijl 'klein' (Flow_klein) leest 'spoed', een niet-verplicht veld van het "
            "startformulier: leeg gelaten is elke vergelijking ermee onwaar (!= is waar; == null test erop, "
            "docs/modelling.md); maak het veld verplicht, of laat de standaardpijl van de gateway het lege "
            "geval nemen",
        ),
        (  # a lane is a baan, as docs/glossary.md and the process page (Rollen en banen) call it
            "user task has no role: its lane 'Coach' is not a role and it has no candidate groups; put it in "
            "the lane of the role that does it or name roles in its candidate groups",
            "de gebruikerstaak heeft geen rol: haar baan 'Coach' is geen rol en bij Candidate groups staat "
            "niets; zet haar in de baan van een rol of vul Candidate groups in",
        ),
        (  # a call activity is an aanroep, a boundary event an event on the edge
            "calls 'plan', which has event subprocesses: SpiffWorkflow 3.2 starts those of the case's "
            "own process only (in a called process a message would not reach one, a timer start would hold "
            "the case open); model them in the calling process, or use an expanded subprocess with boundary "
            "events",
            "roept 'plan' aan, dat event-subprocessen heeft: SpiffWorkflow 3.2 start alleen die van het "
            "eigen proces van de zaak (in een aangeroepen proces bereikt een bericht ze niet en houdt een "
            "timer-start de zaak open); zet ze in het aanroepende proces, of gebruik een uitgeklapt "
            "subproces met events op de rand",
        ),
        (
            'No "calledElement" attribute for Call Activity. ',
            'de aanroep van een proces (call activity) heeft geen attribuut "calledElement"',
        ),
        (
            "Message identifier is missing from bpmn xml. ",
            "het id van een bericht ontbreekt in de BPMN-XML",
        ),
    ],
)
def test_a_problem_is_said_in_dutch_with_its_ids_and_expressions_kept(english: str, shown: str) -> None:
    assert dutch_problem(english) == shown
    assert dutch(english) == shown  # the console's one translation, as its templates' filter 'nl'
    assert untranslated(english) == []


def test_a_message_without_dutch_is_shown_as_the_engine_wrote_it_and_named_by_the_check() -> None:
    assert dutch_problem("a rule nobody translated") == "a rule nobody translated"
    assert untranslated("a rule nobody translated") == ["a rule nobody translated"]
    assert untranslated("script of Script_x: a new expression error") == ["a new expression error"]
    assert untranslated(
        "condition of flow x reads 'y', an optional field of somewhere: left empty, every "
        "comparison with it is false (...)"
    ) == ["somewhere"]


# The English names of BPMN elements that the console says in Dutch: baan (docs/glossary.md, the
# process page's Rollen en banen), aanroep (the process documentation's "roept ... aan"), eindpunt (the
# process page's Eindpunten and Vervolgzaken), a boundary event as an event on the edge of a task.
ENGLISH_ELEMENTS = re.compile(r"\blanes?\b|call activit|\bboundary|eindevent", re.IGNORECASE)


def test_the_dutch_of_every_problem_names_bpmn_elements_as_the_console_does() -> None:
    """Camunda Modeler's own name of an element may follow in brackets (call activity), as the process
    documentation gives it, for the designer who looks for it there."""
    for _, text in PROBLEMS:
        said = re.sub(r"\{\w+\}|\([^)]*\)", "", text)  # the placeholders and what stands in brackets
        assert not ENGLISH_ELEMENTS.search(said), text
