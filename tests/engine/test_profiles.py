"""Policy profiles: validated on load, and the same client takes different routes per gemeente."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine

from engine import bpmn, cases
from engine import step as steps
from engine.errors import ProcessInvalid
from engine.models import Case
from engine.profiles import Profile, Profiles
from tests.process_driver import Route, drive, load

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "processes"
EXAMPLES = Profiles.load(PROCESSES / "profielen")


def first_task(db, actor, gemeente: str) -> str:
    with db.tx() as session:
        case = cases.start_case(session, db.cache, db.profiles, actor, "traject_test", gemeente, "K-9", {})
        session.flush()
        [task] = cases.case_tasks(session, case, open_only=True)
        return task.name


def test_the_example_gemeenten_send_the_same_client_different_ways(db, staff) -> None:
    km = staff(
        "klantmanager", "werkcoach", gemeenten=["woerden", "oudewater", "montfoort", "zonder-profiel"]
    ).actor
    assert first_task(db, km, "woerden") == "Individueel traject regelen"
    assert first_task(db, km, "oudewater") == "Groepstraject regelen"
    assert first_task(db, km, "montfoort") == "Groepstraject regelen"
    assert first_task(db, km, "zonder-profiel") == "Individueel traject regelen"


def test_a_yearly_ceiling_is_enforced_against_the_cases_in_the_database(db, staff, gemeente) -> None:
    km = staff("klantmanager", "werkcoach").actor
    profiles = Profiles(
        {gemeente: Profile(gemeente=gemeente, naam="Test", plafond_trajecten=2, aanpak="groep")}
    )

    def start() -> Case:
        with db.tx() as session:
            return cases.start_case(session, db.cache, profiles, km, "traject_test", gemeente, "K-9", {})

    first, second, third = start(), start(), start()
    assert [c.data["plafond_bereikt"] for c in (first, second, third)] == [False, False, True]
    with db.tx() as session:
        cases.cancel_case(session, db.cache, km, first.id, "Klant verhuisd")
    # a cancelled case frees its place; a case on the waiting list never held one
    assert start().data["plafond_bereikt"] is False
    assert start().data["plafond_bereikt"] is True


def test_case_data_keeps_the_profile_it_started_under(db, staff) -> None:
    km = staff("klantmanager", "werkcoach", gemeenten=["woerden"]).actor
    with db.tx() as session:
        case = cases.start_case(session, db.cache, db.profiles, km, "traject_test", "woerden", "K-10", {})
        assert case.data["profiel"]["naam"] == "Woerden" and case.data["profiel"]["lks_breed"] is True
        assert case.data["plafond_bereikt"] is False


@pytest.mark.parametrize(
    ("content", "element", "fragment"),
    [
        ('gemeente = "test"\nnaam = "Test"\nlks_breed = "ja"', "lks_breed", "boolean"),
        ('gemeente = "test"\nnaam = "Test"\noverdracht = "estafette"', "overdracht", "taakgericht"),
        # keys of an older profile file: refused, saying what to write instead (docs/profiles.md)
        (
            'gemeente = "test"\nnaam = "Test"\nbeschut_werk_vorm = "dienstverband"',
            "beschut_werk_vorm",
            "Pw 10b",
        ),
        ('gemeente = "test"\nnaam = "Test"\nplafond_beschut_werk = 10', "plafond_beschut_werk", "minimum"),
        (
            'gemeente = "test"\nnaam = "Test"\npoortaanpak = "zoektermijn_met_huiswerk"',
            "poortaanpak",
            'write poortaanpak = "direct_aanvragen"',
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


KLANTREIS = PROCESSES / "3-re-integratie-en-ontwikkeling" / "klantreis-naar-werk.bpmn"
VERWIJZING = "2026-11-23"
PLAN_EINDE = "2027-04-30"
# One client: appears at the intake, goes straight to mediation, is matchbaar and gets a job.
CLIENT: dict[str, dict[str, Any]] = {
    "Task_brede_intake_voeren": {"klant_verschenen": True},
    "Task_vervolg_bepalen_casuistiekoverleg": {"vervolg": "bemiddelen"},
    "Task_plan_van_aanpak_uitvoeren": {"plan_startdatum": VERWIJZING, "plan_einddatum": PLAN_EINDE},
    "Task_traject_uitvoeren": {"matchbaar": True},
    "Task_overdracht_voorbereiden": {"matchbaar": True, "gerealiseerde_loonwaarde": 70},
    "Task_kandidaat_matchen": {"matchingsresultaat": "geplaatst"},
    "Task_vacature_zoeken_en_voorstellen": {"matchingsresultaat": "geplaatst"},
    "Task_werkgever_spreken": {"werkgever_wil_behouden": True},
}


def journey(gemeente: str) -> Route:
    return drive(
        load(KLANTREIS), EXAMPLES.get(gemeente), {"datum_verwijzing": VERWIJZING}, CLIENT, seed="klant"
    )


def handover_part(route: Route, first: str, last: str) -> list[tuple[str, str | None]]:
    """The tasks (with their roles) from ``first`` up to and including ``last``."""
    pairs = list(zip(route.tasks, route.roles, strict=True))
    start = route.tasks.index(first)
    return pairs[start : route.tasks.index(last, start) + 1]


def test_one_client_passes_the_relay_in_woerden_and_goes_straight_to_the_accountmanager_in_oudewater() -> (
    None
):
    assert EXAMPLES.get("woerden").overdracht == "taakgericht"
    assert EXAMPLES.get("oudewater").overdracht == "regiegericht"
    a, b = journey("woerden"), journey("oudewater")
    assert a.outcome == b.outcome == "Aan het werk"
    # Gemeente A: werkcoach -> klantmanager -> begeleider -> accountmanager, one after the other
    assert handover_part(a, "Task_traject_uitvoeren", "Task_vacature_zoeken_en_voorstellen") == [
        ("Task_traject_uitvoeren", "werkcoach"),
        ("Task_kandidaat_terugmelden_bij_klantmanager", "werkcoach"),
        ("Task_begeleider_toewijzen", "klantmanager"),
        ("Task_kandidaat_aanmelden_bij_wsp", "jobcoach"),
        ("Task_kandidaat_inschrijven_bij_wsp", "accountmanager"),
        ("Task_vacature_zoeken_en_voorstellen", "accountmanager"),
    ]
    assert "Task_plan_van_aanpak_uitvoeren" not in a.tasks
    # Gemeente B: the werkcoach hands over to the accountmanager; the klantmanager is informed
    # alongside and the werkcoach keeps coaching while the accountmanager matches
    part = handover_part(b, "Task_plan_van_aanpak_uitvoeren", "Task_kandidaat_matchen")
    assert part[:2] == [
        ("Task_plan_van_aanpak_uitvoeren", "werkcoach"),
        ("Task_overdracht_voorbereiden", "werkcoach"),
    ]
    assert sorted(part[2:]) == [
        ("Task_blijven_coachen", "werkcoach"),
        ("Task_intake_werkgeversdienstverlening", "accountmanager"),
        ("Task_kandidaat_matchen", "accountmanager"),
        ("Task_kennisnemen_overdracht", "klantmanager"),
    ]
    assert not {"Task_begeleider_toewijzen", "Task_kandidaat_terugmelden_bij_klantmanager"} & set(b.tasks)


def test_regiegericht_signals_4_weeks_before_the_recorded_plan_end_and_8_weeks_after_the_verwijzing() -> None:
    definition = load(
        PROCESSES
        / "4-werkgeversdienstverlening-en-matching"
        / "kandidaat-matchbaar-overdragen-regiegericht.bpmn"
    )
    oudewater = EXAMPLES.get("oudewater")
    on_time = drive(definition, oudewater, {"datum_verwijzing": VERWIJZING}, CLIENT)
    # the handover waits for 4 weeks before the plan's own end date, not a fixed term from its start
    assert on_time.timers == [dt.datetime(2027, 4, 2, tzinfo=dt.UTC)]
    assert on_time.tasks.index("Task_overdracht_voorbereiden") == 1
    assert on_time.outcome == "Kandidaat geplaatst bij werkgever"
    later = drive(
        definition,
        oudewater,
        {"datum_verwijzing": VERWIJZING},
        {**CLIENT, "Task_plan_van_aanpak_uitvoeren": {"plan_einddatum": "2027-06-30"}},
    )
    assert later.timers == [dt.datetime(2027, 6, 2, tzinfo=dt.UTC)]
    # a plan not recorded within 8 weeks of the verwijzing goes to the klantmanager, as a deviation,
    # while the werkcoach's task stays open
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), tick=False) as clock:
        step = steps.begin(definition, {"datum_verwijzing": VERWIJZING, "profiel": oudewater.model_dump()})
        assert steps.next_timer(step.workflow) == dt.datetime(2027, 1, 18, tzinfo=dt.UTC)
        clock.move_to(dt.datetime(2027, 1, 18, 0, 1, tzinfo=dt.UTC))
        step = steps.advance(definition, step.workflow, steps.FireTimers())
        assert sorted(
            (bpmn.element_id(t), definition.task_info(t.task_spec).role)
            for t in bpmn.human_tasks(step.workflow)
        ) == [
            ("Task_plan_van_aanpak_uitvoeren", "werkcoach"),
            ("Task_werkcoach_aanspreken_op_plan", "klantmanager"),
        ]
    # the realised loonwaarde is recorded at the handover
    assert "gerealiseerde_loonwaarde" in {
        f.id for t in definition.tasks.values() if t.name == "Overdracht voorbereiden" for f in t.form.fields
    }


def test_both_variants_start_at_the_verwijzing_so_their_lead_times_compare() -> None:
    folder = PROCESSES / "4-werkgeversdienstverlening-en-matching"
    for name in ("taakgericht", "regiegericht"):
        definition = load(folder / f"kandidaat-matchbaar-overdragen-{name}.bpmn")
        assert [f.id for f in definition.start_form.fields if f.required] == ["datum_verwijzing"]
