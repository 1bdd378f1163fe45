"""Amounts in euros with cents: the form field type ``bedrag`` (issue #16, "Forms record what
steering and decisions need"). Camunda 7 forms have no such type; a whole number of euros
(``long``) cannot hold a bijstandsnorm or a vordering to the cent."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.console.tasks import _amount
from engine import cases, tasks
from engine.errors import InvalidInput
from engine.forms import Form, FormField
from engine.models import Case

ROOT = Path(__file__).resolve().parents[2]
FORM = Form((FormField("boetebedrag", "Boetebedrag (euro)", "bedrag", required=True, min=0, max=10000),))


@pytest.mark.parametrize(
    ("given", "stored"), [(1234.56, 1234.56), ("1234.56", 1234.56), (12, 12.0), (0, 0.0)]
)
def test_an_amount_is_kept_to_the_cent_as_a_number(given: object, stored: float) -> None:
    assert FORM.validate({"boetebedrag": given}) == {"boetebedrag": stored}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (12.345, "Decimal input should have no more than 2 decimal places"),
        ("1234,56", "Input should be a valid decimal"),  # the API takes a decimal point
        (True, "an amount in euros is a number"),
        (-0.01, "Input should be greater than or equal to 0"),
        (10000.01, "Input should be less than or equal to 10000"),
        ("NaN", "Input should be a finite number"),
    ],
)
def test_a_wrong_amount_is_refused_naming_the_field(given: object, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        FORM.validate({"boetebedrag": given})
    [error] = refused.value.errors
    assert error.field == "boetebedrag" and message in error.message


@pytest.mark.parametrize(
    ("typed", "sent"),
    [("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("€ 1234.56", "1234.56"), ("12", "12")],
)
def test_the_console_reads_an_amount_as_people_type_it(typed: str, sent: str) -> None:
    assert _amount(typed) == sent


def test_every_amount_in_euros_in_processes_is_a_bedrag_field() -> None:
    euro_fields = [
        line.strip()
        for file in (ROOT / "processes").rglob("*.bpmn")
        for line in file.read_text().splitlines()
        if "<camunda:formField" in line and "(euro" in line
    ]
    assert euro_fields and all('type="bedrag"' in line for line in euro_fields)


def test_a_task_with_a_wrong_amount_changes_nothing(db, staff, gemeente) -> None:
    consulent = staff("inkomensconsulent")
    start = {"datum_aanvraag": "2026-11-16", "leefvorm": "alleenstaand"}
    with db.tx() as session:
        actor, process = consulent.actor, "voorschot_verlenen"
        case = cases.start_case(session, db.cache, db.profiles, actor, process, gemeente, "K-1", start)
        case_id = case.id
        [task] = cases.case_tasks(session, case, open_only=True)
    values = {"gegevens_verwijtbaar_niet_verstrekt": False, "kennelijk_geen_recht": False}
    with db.tx() as session, pytest.raises(InvalidInput) as refused:
        tasks.complete_task(
            session, db.cache, consulent.actor, task.id, {**values, "voorschotbedrag": 812.123}
        )
    assert [e.field for e in refused.value.errors] == ["voorschotbedrag"]
    with db.tx() as session:
        tasks.complete_task(
            session, db.cache, consulent.actor, task.id, {**values, "voorschotbedrag": 812.12}
        )
    with db.tx() as session:
        assert session.get(Case, case_id).data["voorschotbedrag"] == 812.12
