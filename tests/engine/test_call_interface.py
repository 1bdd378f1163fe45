"""A called process that declares what it takes and returns (bpmn:ioSpecification, ADR 41): lint
refuses the call where a case would stop at it, and the hersteltermijn's interface is the one every
aanvraag calls."""

from __future__ import annotations

from pathlib import Path

from engine import lint

FOLDER = Path(__file__).resolve().parents[2] / "processes" / "1-aanvraag-en-recht"
AANVRAAG = FOLDER / "aanvraag-levensonderhoud-behandelen.bpmn"
HERSTEL = FOLDER / "aanvraag-aanvullen-hersteltermijn.bpmn"


def problems(aanvraag: str, herstel: str) -> list[tuple[str, str]]:
    """Lint the aanvraag's folder (the processes it calls) with these two files."""
    files = {Path(name).name: data for name, data in lint.collect([FOLDER]).items()}
    files |= {AANVRAAG.name: aanvraag.encode(), HERSTEL.name: herstel.encode()}
    return [(p.element, p.message) for p in lint.lint(files).problems]


def test_the_hersteltermijn_takes_and_returns_what_its_interface_declares() -> None:
    [definition] = lint.lint({HERSTEL.name: HERSTEL.read_bytes()}).definitions
    assert lint.interface(definition.spec) == (
        ["datum_aanvraag", "ontbrekende_gegevens"],
        ["uitkomst_hersteltermijn", "opgeschorte_dagen", "datum_verzuimbrief", "datum_einde_hersteltermijn"],
    )
    assert problems(AANVRAAG.read_text(), HERSTEL.read_text()) == []


def test_a_call_whose_process_takes_a_variable_not_set_before_it_is_refused() -> None:
    field = '<camunda:formField id="ontbrekende_gegevens" label="Ontbrekende gegevens" type="string">'
    aanvraag = AANVRAAG.read_text()
    assert field in aanvraag
    without = aanvraag.replace(field, field.replace('id="ontbrekende_gegevens"', 'id="ontbrekend"'))
    assert (
        "Call_aanvraag_aanvullen_hersteltermijn",
        "call of 'Aanvraag aanvullen (hersteltermijn)' (Call_aanvraag_aanvullen_hersteltermijn): "
        "'aanvraag_aanvullen_hersteltermijn' takes 'ontbrekende_gegevens' (its ioSpecification), which "
        "is not set on every path before the call",
    ) in problems(without, HERSTEL.read_text())


def test_a_process_that_does_not_set_what_it_returns_on_every_path_to_an_end_is_refused() -> None:
    script = 'uitkomst_hersteltermijn = "aangevuld"'
    herstel = HERSTEL.read_text()
    assert script in herstel
    found = problems(AANVRAAG.read_text(), herstel.replace(script, 'uitkomst = "aangevuld"'))
    assert (
        "EndEvent_behandeling_hervat",
        "the process returns 'uitkomst_hersteltermijn' (its ioSpecification), which is not set on every "
        "path to 'Aanvraag compleet, behandeling hervat' (EndEvent_behandeling_hervat)",
    ) in found
    # the other ends set it, by the consulent's choice of vervolg
    assert not [p for p in found if p[0] == "EndEvent_buiten_behandeling"]
