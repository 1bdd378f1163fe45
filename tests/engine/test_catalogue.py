"""The process catalogue: generated from processes/, and never stale."""

from __future__ import annotations

from pathlib import Path

from engine import catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_docs_processes_is_up_to_date() -> None:
    assert catalogue.stale(ROOT / "processes", ROOT / "docs" / "processes") == [], (
        "run `procesregie catalogue`"
    )


def test_a_page_names_handovers_deadlines_and_policy(tmp_path: Path) -> None:
    source = tmp_path / "processes"
    source.mkdir()
    for name in ("overdracht.bpmn", "traject.bpmn"):
        (source / name).write_bytes((ROOT / "tests" / "fixtures" / name).read_bytes())
    catalogue.write(source, tmp_path / "out")
    page = (tmp_path / "out" / "overdracht_test.md").read_text()
    assert "- werkcoach → accountmanager: Overdracht voorbereiden → Intake werkgeversdienstverlening" in page
    assert "- accountmanager → werkcoach: Intake werkgeversdienstverlening → Overdracht voorbereiden" in page
    assert "- Intake niet binnen 2 weken: `P2W` (op taak 'Intake werkgeversdienstverlening')" in page
    traject = (tmp_path / "out" / "traject_test.md").read_text()
    assert "- `profiel.aanpak`" in traject and "jaarplafond: `profiel.plafond_trajecten`" in traject
    assert "| Kandidaat geplaatst | `geplaatst` (Geplaatst) |" in page
    assert "| Traject gestopt | `afgebroken` (Afgebroken) |" in page
    index = (tmp_path / "out" / "README.md").read_text()
    assert "[Overdracht (testproces)](overdracht_test.md)" in index and "## 3. " in index


def test_an_escalation_branch_end_is_listed_as_one() -> None:
    [entry] = [e for e in catalogue.entries(ROOT / "processes") if e.process_id == "voorschot_verlenen"]
    assert [(o.element, o.uitkomst, o.escalation) for o in entry.outcomes] == [
        ("EndEvent_termijnoverschrijding_afgehandeld", "afgerond", True),
        ("EndEvent_geen_voorschot", "afgewezen", False),
        ("EndEvent_voorschot_verrekend", "toegekend", False),
        ("EndEvent_voorschot_teruggevorderd", "vastgesteld", False),
    ]
    page = (ROOT / "docs" / "processes" / "voorschot_verlenen.md").read_text()
    assert (
        "| Termijnoverschrijding voorschot afgehandeld | `afgerond` (Afgerond) · escalatietak, "
        "telt niet als uitkomst van de zaak |" in page
    )
