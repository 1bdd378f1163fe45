"""KPIs per steering line and the benchmark, from cases driven through the real processes of
processes/ on the real engine and database (docs/steering.md defines each KPI)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine

from engine import cases, steering, tasks, timers
from engine.errors import InvalidInput
from engine.models import Case
from engine.vocabulary import SteeringLine
from tests.process_driver import fill

EVERYONE = (
    "klantmanager",
    "inkomensconsulent",
    "werkcoach",
    "accountmanager",
    "jobcoach",
    "loonwaardedeskundige",
    "handhaver",
    "backoffice",
    "jurist",
)
MARCH = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def drive(
    db: Any,
    actor: Any,
    process_id: str,
    gemeente: str,
    start: dict[str, Any],
    answers: dict[str, dict[str, Any]],
    *,
    client: str = "K-1",
    at: dt.datetime = MARCH,
    stop_at: str | None = None,
) -> str:
    """Start a case at ``at`` and complete its tasks an hour apart, with ``answers`` per task element
    (other tasks get valid generated data), until it ends or waits for ``stop_at`` or a timer."""
    rng = random.Random(7)
    with time_machine.travel(at, tick=False) as clock:
        with db.tx() as session:
            case_id = cases.start_case(
                session, db.cache, db.profiles, actor, process_id, gemeente, client, start
            ).id
        for _ in range(40):
            with db.tx() as session:
                case = session.get(Case, case_id)
                open_tasks = cases.case_tasks(session, case, open_only=True)
                if not open_tasks or open_tasks[0].element_id == stop_at:
                    return case_id
                task = open_tasks[0]
                definition = db.cache.get(session, case.process_version)
                form = definition.task_by_element(task.element_id).form
            clock.shift(dt.timedelta(hours=1))
            data = answers.get(task.element_id) or fill(form, rng)
            with db.tx() as session:
                tasks.complete_task(session, db.cache, actor, task.id, data)
    raise AssertionError(f"{process_id} did not end")


def fire_timers(db: Any, at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        while timers.fire_due(db.factory, db.cache):
            pass


MELDING = {"kanaal": "loket_gemeente", "datum_melding": "2026-03-02", "leeftijd": 35}


def meldingen(db: Any, worker: Any, gemeente: str, routes: list[str]) -> None:
    """A melding per route the poortgesprek sets; none finds work straight away."""
    for route in routes:
        drive(
            db,
            worker,
            "melding_werkzoekende_registreren",
            gemeente,
            MELDING,
            {
                "Task_poortgesprek_voeren": {"datum_poortgesprek": "2026-03-02", "route": route},
                "Task_direct_bemiddelen": {"bemiddelingsresultaat": "geen_passend_werk"},
            },
        )


def report_of(db: Any, report: Any, *args: Any, **kwargs: Any) -> Any:
    with db.tx() as session:
        return report(session, *args, **kwargs)


def values(report: steering.KpiReport, gemeente: str, month: str) -> dict[str, steering.KpiValue]:
    return {v.key: v for v in report.values if v.gemeente == gemeente and v.month == month}


def test_kpis_of_every_line_from_cases_driven_through_the_processes(db, staff, gemeente):  # type: ignore[no-untyped-def]
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor

    # voorkomen: two meldingen, one sent to a voorliggende voorziening
    meldingen(db, worker, gemeente, ["voorliggende_voorziening", "bijstand_aanvragen"])

    # rechtmatig uitkeren: one aanvraag granted in time; one whose beslistermijn runs out, refused late
    aanvraag = {
        "Task_volledigheid_beoordelen": {"aanvraag_volledig": True},
        "Task_rechtmatigheidsonderzoek": {
            "uitsluitingsgrond_aanwezig": False,
            "middelen_boven_norm": False,
            "advies": "toekennen",
        },
        "Task_besluit_nemen": {"besluit": "toekennen", "motivering_besluit": "Voldoet"},
    }
    drive(
        db,
        worker,
        "aanvraag_levensonderhoud_behandelen",
        gemeente,
        {"datum_aanvraag": "2026-03-02", "leefvorm": "alleenstaand"},
        aanvraag,
    )
    january = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    late = drive(
        db,
        worker,
        "aanvraag_levensonderhoud_behandelen",
        gemeente,
        {"datum_aanvraag": "2026-01-05", "leefvorm": "alleenstaand"},
        aanvraag,
        at=january,
        stop_at="Task_rechtmatigheidsonderzoek",
    )
    fire_timers(db, january + dt.timedelta(weeks=8, hours=2))  # 2 March: the beslistermijn has run out
    with time_machine.travel(MARCH + dt.timedelta(days=3), tick=False):
        with db.tx() as session:
            for task in cases.case_tasks(session, session.get(Case, late), open_only=True):
                if task.element_id == "Task_termijnoverschrijding_afhandelen":
                    tasks.complete_task(
                        session,
                        db.cache,
                        worker,
                        task.id,
                        {
                            "klant_geinformeerd": True,
                            "voorschot_verstrekt": False,
                            "nieuwe_beslisdatum": "2026-03-20",
                        },
                    )
    drive_on(
        db,
        worker,
        late,
        MARCH + dt.timedelta(days=4),
        {
            "Task_rechtmatigheidsonderzoek": {
                "uitsluitingsgrond_aanwezig": False,
                "middelen_boven_norm": True,
                "advies": "afwijzen",
            },
            "Task_besluit_nemen": {"besluit": "afwijzen", "motivering_besluit": "Middelen boven de norm"},
            "Task_afwijzingsbeschikking": {
                "afwijzingsgrond": "middelen_boven_norm",
                "datum_verzending_beschikking": "2026-03-06",
            },
        },
    )
    drive(
        db,
        worker,
        "bezwaar_behandelen",
        gemeente,
        {
            "datum_bezwaarschrift": "2026-03-01",
            "datum_bekendmaking_besluit": "2026-02-20",
            "bestreden_besluit": "Afwijzing",
        },
        {
            "Task_ontvankelijkheid_beoordelen": {"ontvankelijk": True},
            "Task_beslissing_op_bezwaar_nemen": {
                "beslissing_op_bezwaar": "gegrond",
                "motivering_beslissing": "Ja",
            },
        },
    )
    drive(
        db,
        worker,
        "terugvordering",
        gemeente,
        {"grond_terugvordering": "voorschot", "periode_vanaf": "2026-01-01", "periode_tot": "2026-02-01"},
        {
            "Task_vordering_berekenen": {
                "netto_vordering": 1200,
                "bruto_terugvordering": False,
                "dringende_redenen_aangevoerd": False,
            },
            "Task_terugvorderingsbesluit_nemen": {
                "vastgestelde_vordering": 1200,
                "partner_hoofdelijk_aansprakelijk": False,
                "datum_terugvorderingsbesluit": "2026-03-02",
            },
        },
    )

    # uitstromen: a client to work with LKS through bemiddeling, who comes back two months later
    drive(
        db,
        worker,
        "uitstroom_naar_werk",
        gemeente,
        {"startdatum_werk": "2026-03-01", "uren_per_week": 32, "contractsoort": "tijdelijk"},
        {
            "Task_werkaanvaarding_vastleggen": {
                "werkgever": "Bakkerij",
                "nazorg_nodig": False,
                "re_integratie_afgesloten": True,
                "uitstroom_type": "lks",
                "via_bemiddeling": True,
            },
            "Task_inkomsten_beoordelen": {
                "inkomen_boven_norm": True,
                "inkomstenvrijlating": False,
                "overbrugging_nodig": False,
            },
        },
        client="K-UIT",
    )
    drive(
        db,
        worker,
        "snelle_herstart_zekerheidsclausule",
        gemeente,
        {
            "datum_einde_werk": "2026-05-01",
            "maanden_sinds_uitstroom": 2,
            "reden_einde_werk": "einde_contract",
        },
        {},
        client="K-UIT",
        at=dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC),
    )
    drive(
        db,
        worker,
        "loonwaardebepaling_op_de_werkplek",
        gemeente,
        {"datum_start_werk": "2026-03-01", "functie": "Inpakker"},
        {
            "Task_loonwaarde_meten": {
                "loonwaarde_percentage": 45,
                "herbeoordeling_na_maanden": 12,
                "rapportage_loonwaarde": "Rapport",
            },
            "Task_rapportage_bespreken": {"akkoord_werkgever": True},
        },
    )

    # werken en meedoen: a plan within norm, a participatieplaats still running at the end of March
    drive(
        db,
        worker,
        "plan_van_aanpak_opstellen",
        gemeente,
        {"datum_verwijzing": "2026-02-23"},
        {
            "Task_diagnose_en_route_bepalen": {"route": "traject_naar_werk", "onderbouwing_diagnose": "Kan"},
            "Task_plan_bespreken_en_ondertekenen": {"akkoord_klant": True},
            "Task_plan_van_aanpak_goedkeuren": {"goedkeuring_plan": "goedgekeurd"},
        },
    )
    drive(
        db, worker, "participatieplaats", gemeente, {"leeftijd": 40, "gewenste_startdatum": "2026-03-02"}, {}
    )

    report = report_of(db, steering.kpis, regisseur, month="2026-03")
    got = values(report, gemeente, "2026-03")
    assert report.months == ("2026-03",) and report.gemeenten == [gemeente]
    assert (got["meldingen"].value, got["meldingen_zonder_aanvraag"].value) == (2, 0.5)
    assert got["instroom_per_100_aanvragen"].value == 50.0
    assert (got["aanvragen_binnen_termijn"].numerator, got["aanvragen_binnen_termijn"].denominator) == (1, 2)
    assert got["bezwaren_gegrond"].value == 1.0
    assert got["teruggevorderd_bedrag"].value == 1200
    assert got["signalen_binnen_norm"].status == "missing" and got["signalen_binnen_norm"].value is None
    assert got["signalen_binnen_norm"].reason
    assert (
        got["uitstroom_werk"].value,
        got["uitstroom_werk.lks"].value,
        got["uitstroom_werk.regulier"].value,
    ) == (
        1,
        1,
        0,
    )
    assert got["uitstroom_via_bemiddeling"].value == 1.0
    assert (got["duurzaam_6_maanden"].status, got["duurzaam_6_maanden"].value) == ("ok", 0.0)
    assert got["loonwaarde.30_49"].value == 1 and got["loonwaarde.50_79"].value == 0
    assert got["plannen_binnen_norm"].value == 1.0
    assert got["participatieplaatsen_lopend"].value == 1
    assert got["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 1
    assert got["overdrachten.rechtmatig_uitkeren"].value >= 2
    assert got["overdracht_wachttijd.rechtmatig_uitkeren"].value is not None
    # nothing happened in February: counts are 0, shares have no value, nothing is invented
    february = values(report_of(db, steering.kpis, regisseur, month="2026-02"), gemeente, "2026-02")
    assert february["meldingen"].value == 0 and february["bezwaren_gegrond"].value is None
    assert february["participatieplaatsen_lopend"].value == 0

    only = report_of(db, steering.kpis, regisseur, month="2026-03", stuurlijn=SteeringLine.UITSTROMEN)
    assert {v.stuurlijn for v in only.values} == {"uitstromen"}


def drive_on(db: Any, actor: Any, case_id: str, at: dt.datetime, answers: dict[str, dict[str, Any]]) -> None:
    """Complete the open tasks of a running case with ``answers`` until it ends."""
    with time_machine.travel(at, tick=False) as clock:
        for _ in range(20):
            with db.tx() as session:
                open_tasks = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
                if not open_tasks:
                    return
                task = open_tasks[0]
            clock.shift(dt.timedelta(hours=1))
            with db.tx() as session:
                tasks.complete_task(session, db.cache, actor, task.id, answers[task.element_id])
    raise AssertionError("the case did not end")


def test_the_kpis_of_a_gemeente_the_reader_does_not_serve_are_not_counted(db, staff, gemeente):  # type: ignore[no-untyped-def]
    worker = staff(*EVERYONE).actor
    outsider = staff("procesregisseur", gemeenten=["elders"]).actor
    meldingen(db, worker, gemeente, ["voorliggende_voorziening"])
    report = report_of(db, steering.kpis, outsider, month="2026-03", gemeente=gemeente)
    assert report.values == [] and report.gemeenten == []
    mine = report_of(db, steering.kpis, outsider, month="2026-03")
    assert {v.gemeente for v in mine.values} == {"elders"}
    assert values(mine, "elders", "2026-03")["meldingen"].value == 0


def test_benchmark_by_gemeente_and_by_the_handover_variant_that_ran(db, staff, gemeente):  # type: ignore[no-untyped-def]
    other = f"{gemeente}-b"
    worker = staff(*EVERYONE, gemeenten=[gemeente, other]).actor
    regisseur = staff("procesregisseur", gemeenten=[gemeente, other]).actor
    meldingen(db, worker, gemeente, ["voorliggende_voorziening"])
    meldingen(db, worker, other, ["bijstand_aanvragen", "voorliggende_voorziening"])
    for g, process in (
        (gemeente, "kandidaat_matchbaar_overdragen_taakgericht"),
        (other, "kandidaat_matchbaar_overdragen_regiegericht"),
    ):
        with time_machine.travel(MARCH, tick=False), db.tx() as session:
            definition = db.cache.get(session, cases.latest_version(session, process, content=False))
            data = fill(definition.start_form, random.Random(3))
            cases.start_case(session, db.cache, db.profiles, worker, process, g, "K-9", data)

    found = report_of(db, steering.benchmark, regisseur, month="2026-03")
    assert found.columns == sorted([gemeente, other])
    row = next(r for r in found.rows if r.key == "meldingen_zonder_aanvraag")
    assert (row.values[gemeente].value, row.values[other].value) == (1.0, 0.5)
    assert {(u.gemeente, u.variant) for u in found.variants} == {
        (gemeente, steering.Variant.TAAKGERICHT),
        (other, steering.Variant.REGIEGERICHT),
    }
    by_variant = report_of(db, steering.benchmark, regisseur, month="2026-03", by="variant")
    assert by_variant.columns == ["taakgericht", "regiegericht"]
    row = next(r for r in by_variant.rows if r.key == "meldingen")
    assert (row.values["taakgericht"].value, row.values["regiegericht"].value) == (1, 2)
    row = next(r for r in by_variant.rows if r.key == "signalen_binnen_norm")
    assert row.values["taakgericht"].status == "missing"

    text = steering.benchmark_csv(found)
    lines = text.splitlines()
    assert lines[0] == f"maand,stuurlijn,kpi,omschrijving,eenheid,{','.join(sorted([gemeente, other]))}"
    meldingen_row = next(line for line in lines if ",meldingen," in line)
    assert meldingen_row.endswith("1,2" if sorted([gemeente, other])[0] == gemeente else "2,1")
    assert next(line for line in lines if ",signalen_binnen_norm," in line).endswith("missing,missing")


def test_a_month_is_a_calendar_month():  # type: ignore[no-untyped-def]
    for wrong in ("2026-13", "2026-1", "november", "2026-11-01"):
        with pytest.raises(InvalidInput) as refused:
            steering.span(wrong)
        assert refused.value.errors[0].field == "month"
    assert steering.span("2026-02").end == dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 1, 15, tzinfo=dt.UTC)):
        last = steering.span()
    assert (last.months[0], last.months[-1], len(last.months)) == ("2025-02", "2026-01", 12)
