"""Policy profiles: validated on load, and the same client takes different routes per gemeente."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import cases
from engine.errors import ProcessInvalid
from engine.models import Case
from engine.profiles import Profile, Profiles

ROOT = Path(__file__).resolve().parents[2]


def first_task(db, actor, gemeente: str) -> str:  # type: ignore[no-untyped-def]
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, actor, "beschut_werk_test", gemeente, "K-9", {}
        )
        session.flush()
        [task] = cases.case_tasks(session, case, open_only=True)
        return task.name


def test_the_example_gemeenten_send_the_same_client_different_ways(db, staff) -> None:  # type: ignore[no-untyped-def]
    km = staff(
        "klantmanager", "werkcoach", gemeenten=["woerden", "oudewater", "montfoort", "zonder-profiel"]
    ).actor
    assert first_task(db, km, "woerden") == "Dienstverband beschut werk regelen"
    assert first_task(db, km, "oudewater") == "Dagbesteding regelen"
    assert first_task(db, km, "montfoort") == "Dienstverband beschut werk regelen"
    assert first_task(db, km, "zonder-profiel") == "Dienstverband beschut werk regelen"


def test_a_yearly_ceiling_is_enforced_against_the_cases_in_the_database(db, staff, gemeente) -> None:  # type: ignore[no-untyped-def]
    km = staff("klantmanager", "werkcoach").actor
    profiles = Profiles(
        {
            gemeente: Profile(
                gemeente=gemeente, naam="Test", plafond_beschut_werk=2, beschut_werk_vorm="dagbesteding"
            )
        }
    )

    def start() -> Case:
        with db.tx() as session:
            return cases.start_case(session, db.cache, profiles, km, "beschut_werk_test", gemeente, "K-9", {})

    first, second, third = start(), start(), start()
    assert [c.data["plafond_bereikt"] for c in (first, second, third)] == [False, False, True]
    with db.tx() as session:
        cases.cancel_case(session, db.cache, km, first.id, "Klant verhuisd")
    # a cancelled case frees its place; a case on the waiting list never held one
    assert start().data["plafond_bereikt"] is False
    assert start().data["plafond_bereikt"] is True


def test_case_data_keeps_the_profile_it_started_under(db, staff) -> None:  # type: ignore[no-untyped-def]
    km = staff("klantmanager", "werkcoach", gemeenten=["woerden"]).actor
    with db.tx() as session:
        case = cases.start_case(
            session, db.cache, db.profiles, km, "beschut_werk_test", "woerden", "K-10", {}
        )
        assert case.data["profiel"]["naam"] == "Woerden" and case.data["profiel"]["lks_breed"] is True
        assert case.data["plafond_bereikt"] is False


@pytest.mark.parametrize(
    ("content", "element", "fragment"),
    [
        ('gemeente = "test"\nnaam = "Test"\nlks_breed = "ja"', "lks_breed", "boolean"),
        (
            'gemeente = "test"\nnaam = "Test"\nbeschut_werk_vorm = "kantoor"',
            "beschut_werk_vorm",
            "dienstverband",
        ),
        ('gemeente = "test"\nnaam = "Test"\nonbekend = 1', "onbekend", "Extra inputs"),
        (
            'gemeente = "test"\nnaam = "Test"\nplafond_trajecten = -1',
            "plafond_trajecten",
            "greater than or equal",
        ),
        ('gemeente = "test"\nnaam = ', "toml", ""),
        ('gemeente = "anders"\nnaam = "Test"', "gemeente", "anders.toml"),
    ],
)
def test_invalid_profiles_are_refused_naming_file_and_key(
    tmp_path: Path, content: str, element: str, fragment: str
) -> None:
    (tmp_path / "test.toml").write_text(content)
    with pytest.raises(ProcessInvalid) as err:
        Profiles.load(tmp_path)
    assert any(
        p.file == "test.toml" and p.element == element and fragment in p.message for p in err.value.problems
    ), err.value
