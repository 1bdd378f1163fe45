"""Decisions under mandaat with a four-eyes check where the gemeente's profile asks for it (issue #16,
"Forms record what steering and decisions need"): a user task with the property ``vier_ogen`` is
done by someone other than whoever did the tasks it names; bijzondere bijstand asks for that check
on a toekenning from the profile's ``vier_ogen_vanaf_bedrag``."""

from __future__ import annotations

import pytest

from engine import cases, lint, tasks
from engine.errors import FourEyes, PermissionDenied
from engine.models import Case, CaseTask
from tests.engine.test_legal_terms import PROCESSES

BIJZONDERE_BIJSTAND = PROCESSES / "7-aanvullende-voorzieningen" / "bijzondere-bijstand.bpmn"
START = {"datum_aanvraag": "2026-11-16", "soort_kosten": "medische_kosten", "bedrag_aangevraagd": 1500}
ONDERZOEK = {"voorliggende_voorziening_toereikend": False, "draagkracht_per_maand": 0}


def besluiten(db, who, gemeente: str, bedrag: float) -> tuple[str, list[str]]:
    """A bijzondere bijstand granted om niet for ``bedrag`` by ``who``: the case and its open tasks."""
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, who.actor, "bijzondere_bijstand", gemeente, "K-4", START
        )
        case_id = case.id
        [task] = cases.case_tasks(session, case, open_only=True)
    besluit = {**ONDERZOEK, "besluit_bijzondere_bijstand": "om_niet", "toegekend_bedrag": bedrag}
    with db.tx() as session:
        tasks.complete_task(session, db.cache, who.actor, task.id, besluit)
    with db.tx() as session:
        return case_id, [
            t.element_id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        ]


def open_task(db, case_id: str, element: str) -> str:
    with db.tx() as session:
        found = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        return next(t.id for t in found if t.element_id == element)


def test_a_grant_from_the_profiles_amount_is_checked_by_someone_else(db, staff) -> None:
    # Woerden checks every toekenning of 1000 euro or more; anne may both decide and check (two roles).
    anne = staff("inkomensconsulent", "klantmanager", gemeenten=["woerden"])
    bert = staff("klantmanager", gemeenten=["woerden"])
    case_id, open_tasks = besluiten(db, anne, "woerden", 1000)
    assert open_tasks == ["Task_besluit_toetsen"]
    toets = open_task(db, case_id, "Task_besluit_toetsen")
    with db.tx() as session, pytest.raises(PermissionDenied, match="vier ogen"):
        tasks.complete_task(session, db.cache, anne.actor, toets, {"besluit_akkoord": True})
    with db.tx() as session:  # refused: nothing changed
        assert [
            t.element_id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        ] == ["Task_besluit_toetsen"]
    with db.tx() as session:
        tasks.complete_task(session, db.cache, bert.actor, toets, {"besluit_akkoord": True})
    with db.tx() as session:
        assert [
            t.element_id for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        ] == ["Task_bijzondere_bijstand_uitbetalen"]


@pytest.mark.parametrize(("gemeente", "bedrag"), [("woerden", 999.99), ("oudewater", 50000)])
def test_below_the_amount_or_without_the_profile_key_no_check(
    db, staff, gemeente: str, bedrag: float
) -> None:
    anne = staff("inkomensconsulent", gemeenten=[gemeente])
    assert besluiten(db, anne, gemeente, bedrag)[1] == ["Task_bijzondere_bijstand_uitbetalen"]


def test_lint_refuses_a_four_eyes_check_of_a_task_the_process_does_not_have() -> None:
    xml = BIJZONDERE_BIJSTAND.read_text().replace(
        'value="Task_bijzondere_bijstand_onderzoeken_en_besluiten, ', 'value="Task_onbekend, '
    )
    assert [f"{p.element}: {p.message}" for p in lint.lint({"bb.bpmn": xml.encode()}).problems] == [
        "Task_besluit_toetsen: vier_ogen names 'Task_onbekend', which is no user task of this process"
    ]


def test_whoever_decided_cannot_claim_the_check(db, staff) -> None:
    # The check at claim is the completion's: a claim anne could never complete would hold the task
    # away from the one who can.
    anne = staff("inkomensconsulent", "klantmanager", gemeenten=["woerden"])
    bert = staff("klantmanager", gemeenten=["woerden"])
    case_id, _ = besluiten(db, anne, "woerden", 2500)
    toets = open_task(db, case_id, "Task_besluit_toetsen")
    with db.tx() as session:
        events = session.get(Case, case_id).event_count
    with db.tx() as session, pytest.raises(FourEyes, match="vier ogen") as refused:
        tasks.claim_task(session, db.cache, anne.actor, toets)
    assert refused.value.checked == "Aanvraag onderzoeken en besluiten"
    with db.tx() as session:  # refused: nothing changed
        task = session.get(CaseTask, toets)
        assert (task.status, task.claimed_by) == ("ready", None)
        assert session.get(Case, case_id).event_count == events
    with db.tx() as session:
        assert tasks.claim_task(session, db.cache, bert.actor, toets).claimed_by == bert.actor.name
