"""KPIs per steering line and the benchmark, from cases driven through the real processes of
processes/ on the real engine and database (docs/steering.md defines each KPI)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from engine import cases, processes, reports, rollup, steering, tasks, timers
from engine.errors import InvalidInput
from engine.models import Case
from engine.period import Period
from engine.vocabulary import SteeringLine
from tests.conftest import PROCESSES
from tests.engine.test_client_journey import RECHT
from tests.process_driver import fill
from tests.report_oracle import assert_as_counted_from_the_cases

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
BBZ = "aanvraag_bbz_zelfstandigen"


def drive(
    db: Any,
    actor: Any,
    process_id: str,
    gemeente: str,
    answers: dict[str, Any],
    *,
    client: str = "K-1",
    at: dt.datetime = MARCH,
    stop_at: str | None = None,
    case_id: str | None = None,
) -> str:
    """Start a case at ``at`` (or go on with ``case_id``) and complete its tasks an hour apart until it
    ends or waits for ``stop_at`` or a timer. Every form is filled with valid generated data, the
    fields named in ``answers`` with their answer: the test states the facts that decide the path and
    the KPIs, whatever else a process asks."""
    rng = random.Random(7)

    def answer(form: Any) -> dict[str, Any]:
        fields = {f.id for f in form.fields}
        return {**fill(form, rng), **{k: v for k, v in answers.items() if k in fields}}

    with time_machine.travel(at, tick=False) as clock:
        if case_id is None:
            with db.tx() as session:
                version = processes.latest_version(session, process_id, content=False)
                start = answer(db.cache.get(session, version).start_form)
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
                form = db.cache.get(session, case.process_version).task_by_element(task.element_id).form
            clock.shift(dt.timedelta(hours=1))
            with db.tx() as session:
                tasks.complete_task(session, db.cache, actor, task.id, answer(form))
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
            {**MELDING, "route": route, "bemiddelingsresultaat": "geen_passend_werk"},
        )


REPORTED_AT = dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)
"""When the tests read the reports: a look-ahead KPI of March 2026 is known after 6 months, not 12."""
AMSTERDAM = dt.timezone(dt.timedelta(hours=1))
PERIODS = (
    Period(dt.datetime(2026, 1, 1, tzinfo=AMSTERDAM), dt.datetime(2027, 1, 1, tzinfo=AMSTERDAM)),  # heel 2026
    Period(dt.datetime(2026, 1, 10, tzinfo=dt.UTC), dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)),
    Period(dt.datetime(2026, 3, 2, tzinfo=dt.UTC), dt.datetime(2026, 3, 20, tzinfo=dt.UTC)),
    Period(since=dt.datetime(2026, 2, 15, tzinfo=dt.UTC)),
)
"""Periods the outcome report is checked over against the cases: whole months, months and parts of
months, within one month, open at one end."""


def report_of(db: Any, report: Any, *args: Any, **kwargs: Any) -> Any:
    with time_machine.travel(REPORTED_AT, tick=False), db.tx() as session:
        return report(session, *args, **kwargs)


def values(report: steering.KpiReport, gemeente: str, month: str) -> dict[str, steering.KpiValue]:
    return {v.key: v for v in report.values if v.gemeente == gemeente and v.month == month}


def test_kpis_of_every_line_from_cases_driven_through_the_processes(db, staff, gemeente):
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor

    # voorkomen: two meldingen, one sent to a voorliggende voorziening
    meldingen(db, worker, gemeente, ["voorliggende_voorziening", "bijstand_aanvragen"])

    # rechtmatig uitkeren: one aanvraag granted in time; one whose beslistermijn runs out, refused late
    rechthebbend = {"opgegeven_leefvorm": "alleenstaand"} | {
        k: v for step in RECHT.values() for k, v in step.items()
    }
    aanvraag = "aanvraag_levensonderhoud_behandelen"
    drive(db, worker, aanvraag, gemeente, {**rechthebbend, "datum_aanvraag": "2026-03-02"})
    january = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    refused = {
        **rechthebbend,
        "datum_aanvraag": "2026-01-05",
        "besluit": "afwijzen",
        "afwijzingsgrond": "woonplaats",
    }
    late = drive(db, worker, aanvraag, gemeente, refused, at=january, stop_at="Task_opgaven_vastleggen")
    # ... and one decided 60 days after receipt, but with a hersteltermijn of 12 days that suspended the
    # term (Awb 4:15): 48 days count, in time
    hersteld = {
        **rechthebbend,
        "datum_aanvraag": "2026-01-19",
        "aanvraag_volledig": False,
        "hersteltermijn_dagen": 14,
        "datum_verzuimbrief": "2026-01-20",
        "datum_ontvangst_stukken": "2026-02-01",
        "aanvraag_compleet": True,
        "nieuwe_termijn_bieden": False,
    }
    january_19 = dt.datetime(2026, 1, 19, 9, tzinfo=dt.UTC)
    suspended = drive(
        db, worker, aanvraag, gemeente, hersteld, at=january_19, stop_at="Task_opgaven_vastleggen"
    )
    # the aanvraag calls the hersteltermijn, whose message brings the klant's stukken (issue #16); then
    # the consulent goes on
    gegevens = {"aangeleverde_stukken": "Bankafschriften"}
    with time_machine.travel(january_19 + dt.timedelta(hours=4), tick=False), db.tx() as session:
        cases.deliver_message(
            session, db.cache, worker, suspended, "ontbrekende_stukken_aanleveren", gegevens
        )
    drive(
        db,
        worker,
        aanvraag,
        gemeente,
        hersteld,
        at=january_19 + dt.timedelta(hours=5),
        stop_at="Task_opgaven_vastleggen",
        case_id=suspended,
    )
    # a Bbz aanvraag decided 59 days after receipt: within its 13 weeks
    bbz = {"datum_aanvraag": "2026-01-05", "besluit_bbz": "toekennen"}
    zelfstandige = drive(
        db,
        worker,
        "aanvraag_bbz_zelfstandigen",
        gemeente,
        bbz,
        at=january,
        stop_at="Task_besluit_op_bbz_aanvraag",
    )
    with time_machine.travel(january + dt.timedelta(days=20), tick=False), db.tx() as session:
        cases.deliver_message(session, db.cache, worker, zelfstandige, "rapport_levensvatbaarheid", {})
    fire_timers(db, MARCH)  # the voorschot, the kennisgeving and the beslistermijn (2 March) are due
    drive(
        db,
        worker,
        "aanvraag_bbz_zelfstandigen",
        gemeente,
        bbz,
        at=MARCH + dt.timedelta(days=3),
        case_id=zelfstandige,
    )
    drive(db, worker, aanvraag, gemeente, refused, at=MARCH + dt.timedelta(days=3), case_id=late)
    march_20 = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)
    drive(db, worker, aanvraag, gemeente, hersteld, at=march_20, case_id=suspended)
    bezwaar = {"ontvankelijk": True, "beslissing_op_bezwaar": "gegrond", "datum_bezwaarschrift": "2026-03-01"}
    drive(db, worker, "bezwaar_behandelen", gemeente, bezwaar)
    terugvordering = {"dringende_redenen_aangevoerd": False, "vastgestelde_vordering": 1200}
    drive(db, worker, "terugvordering", gemeente, terugvordering)
    # two betalingsregelingen checked after six months: one afgelost (500), one with 700 of 1000 left,
    # handed to dwanginvordering: 800 repaid
    september = dt.datetime(2025, 9, 1, 9, tzinfo=dt.UTC)
    # the klant's regeling arrives as a message (issue #16), the same day
    regeling = {"lopende_bijstand": False}
    afgelost = {**regeling, "vorderingsbedrag": 500, "stand_regeling": "afgelost", "restant_vordering": 0}
    achterstand = {**regeling, "vorderingsbedrag": 1000, "stand_regeling": "achterstand"}
    achterstand["restant_vordering"] = 700
    regelingen = [
        (drive(db, worker, "invordering", gemeente, answers, at=september), answers)
        for answers in (afgelost, achterstand)
    ]
    for case_id, _ in regelingen:
        with time_machine.travel(september + dt.timedelta(hours=3), tick=False), db.tx() as session:
            afspraak = {"keuze_betaling": "regeling", "maandbedrag_regeling": 100}
            cases.deliver_message(
                session, db.cache, worker, case_id, "betalen_of_regeling_afspreken", afspraak
            )
    fire_timers(db, MARCH)  # six months on
    for case_id, answers in regelingen:
        drive(db, worker, "invordering", gemeente, answers, at=MARCH + dt.timedelta(days=1), case_id=case_id)

    # uitstromen: a client to work with LKS through bemiddeling, who comes back two months later
    werk = {"uitstroom_type": "lks", "via_bemiddeling": True, "inkomen_boven_norm": True}
    drive(db, worker, "uitstroom_naar_werk", gemeente, werk, client="K-UIT")
    may = dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC)
    drive(db, worker, "snelle_herstart_zekerheidsclausule", gemeente, {}, client="K-UIT", at=may)
    # ... and the klantmanager records six months on that another client still works
    meten = "duurzaamheid_uitstroom_meten"
    stand = {"datum_uitstroom": "2026-03-02", "nog_aan_het_werk_6m": True}
    measured = drive(db, worker, meten, gemeente, stand, client="K-WERK")
    fire_timers(db, dt.datetime(2026, 9, 2, 9, tzinfo=dt.UTC))
    drive(db, worker, meten, gemeente, stand, at=dt.datetime(2026, 9, 3, 9, tzinfo=dt.UTC), case_id=measured)
    # the werkgever's functie and taken and its akkoord arrive as messages (issue #16)
    loonwaarde = {"loonwaarde_percentage": 45}
    bepaling = drive(db, worker, "loonwaardebepaling_op_de_werkplek", gemeente, loonwaarde)
    werkgever = {
        "functie_en_taken_aanleveren": {
            "taken_en_tijdsbesteding": "orderpicken",
            "arbeidsduur_normfunctie": 38,
        },
        "rapportage_bespreken": {"akkoord_werkgever": True, "bezwaren_werkgever": ""},
    }
    for hours, (message, payload) in zip((6, 12), werkgever.items(), strict=True):
        with time_machine.travel(MARCH + dt.timedelta(hours=hours), tick=False), db.tx() as session:
            cases.deliver_message(session, db.cache, worker, bepaling, message, payload)
        later = MARCH + dt.timedelta(hours=hours + 1)
        drive(
            db, worker, "loonwaardebepaling_op_de_werkplek", gemeente, loonwaarde, at=later, case_id=bepaling
        )

    # werken en meedoen: a plan within norm, a participatieplaats still running at the end of March
    plan = {
        "datum_verwijzing": "2026-02-23",
        "route": "traject_naar_werk",
        "goedkeuring_plan": "goedgekeurd",
    }
    opgesteld = drive(db, worker, "plan_van_aanpak_opstellen", gemeente, plan)
    # the klant's akkoord arrives as a message (issue #16)
    with time_machine.travel(MARCH + dt.timedelta(hours=5), tick=False), db.tx() as session:
        cases.deliver_message(
            session, db.cache, worker, opgesteld, "plan_bespreken_en_ondertekenen", {"akkoord_klant": True}
        )
    drive(
        db,
        worker,
        "plan_van_aanpak_opstellen",
        gemeente,
        plan,
        at=MARCH + dt.timedelta(hours=6),
        case_id=opgesteld,
    )
    drive(db, worker, "participatieplaats", gemeente, {"leeftijd": 40})

    report = report_of(db, steering.kpis, regisseur, month="2026-03")
    got = values(report, gemeente, "2026-03")
    assert report.months == ("2026-03",) and report.gemeenten == [gemeente]
    assert (got["meldingen"].value, got["meldingen_zonder_aanvraag"].value) == (2, 0.5)
    assert got["instroom_per_100_aanvragen"].value == 75.0
    assert (got["aanvragen_binnen_termijn"].numerator, got["aanvragen_binnen_termijn"].denominator) == (3, 4)
    assert got["bezwaren_gegrond"].value == 1.0
    assert got["teruggevorderd_bedrag"].value == 1200
    assert got["ingevorderd_bedrag"].value == 800
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
    assert (got["niet_teruggekeerd_6_maanden"].status, got["niet_teruggekeerd_6_maanden"].value) == (
        "ok",
        0.0,
    )
    assert (got["duurzaam_6_maanden"].status, got["duurzaam_6_maanden"].value) == ("ok", 1.0)
    assert got["duurzaam_12_maanden"].status == "pending" and got["duurzaam_12_maanden"].value is None
    assert got["loonwaarde.30_49"].value == 1 and got["loonwaarde.50_79"].value == 0
    assert got["plannen_binnen_norm"].value == 1.0
    assert got["participatieplaatsen_lopend"].value == 1
    assert got["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 1
    assert got["overdrachten.rechtmatig_uitkeren"].value >= 2
    assert got["overdracht_wachttijd.rechtmatig_uitkeren"].value is not None
    # the lead time of the aanvragen against the process's norm, 8 weeks (Awb 4:13): the late one is over;
    # the one with the hersteltermijn is not: the lead time subtracts the suspended days, as the KPI does
    [lead] = report_of(db, reports.outcome_report, regisseur, process_id=aanvraag, gemeente=gemeente)
    assert (lead.norm_seconds, lead.ended, lead.over_norm) == (56 * 86400, 3, 1)
    # ... and so does the pilot report's SQL, case by case
    with db.tx() as session:
        ended = session.execute(
            select(Case, rollup.lead_seconds_column(session)).where(
                Case.process_id == aanvraag, Case.gemeente == gemeente, Case.ended_at.is_not(None)
            )
        ).all()
    assert len(ended) == 3
    for row, in_sql in ended:
        expected = rollup.lead_seconds(row.started_at, row.ended_at, row.data)
        assert in_sql == pytest.approx(expected, abs=0.01)
    assert sorted(round(s) for _, s in ended) != sorted(
        round((row.ended_at - row.started_at).total_seconds()) for row, _ in ended
    )  # one of them had days suspended
    # nothing happened in February: counts are 0, shares have no value, nothing is invented
    february = values(report_of(db, steering.kpis, regisseur, month="2026-02"), gemeente, "2026-02")
    assert february["meldingen"].value == 0 and february["bezwaren_gegrond"].value is None
    assert february["participatieplaatsen_lopend"].value == 0

    only = report_of(db, steering.kpis, regisseur, month="2026-03", stuurlijn=SteeringLine.UITSTROMEN)
    assert {v.stuurlijn for v in only.values} == {"uitstromen"}
    assert_as_counted_from_the_cases(db, regisseur, REPORTED_AT, PERIODS)


def test_signals_are_counted_against_the_norm_their_version_sets(db, staff, gemeente, monkeypatch):
    """A gemeente that gives a signal process a norm lead time (property doorlooptijd) gets the share
    handled within it; cases of a version without a norm are not counted."""
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    real = "signaal_start_inkomstenverhouding"
    own = f"signaal_{gemeente.replace('-', '_')}"
    model = (
        PROCESSES / "6-beheer-en-rechtmatigheid" / "signaal-inlichtingenbureau-start-inkomstenverhouding.bpmn"
    )
    text = model.read_text().replace(real, own)
    normed = text.replace(
        '<camunda:property name="fase" value="6" />',
        '<camunda:property name="fase" value="6" /><camunda:property name="doorlooptijd" value="P4W" />',
        1,
    )
    assert normed != text
    with db.tx() as session:
        processes.deploy(session, db.cache, {f"{own}.bpmn": normed.encode()})
    monkeypatch.setattr(steering, "SIGNALEN", (*steering.SIGNALEN, own))
    known = {"al_gemeld_door_klant": True}
    drive(db, worker, real, gemeente, known)  # no norm: not counted
    drive(db, worker, own, gemeente, known)  # handled within hours
    january = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    slow = drive(db, worker, own, gemeente, known, at=january, stop_at="Task_signaal_vergelijken_met_dossier")
    drive(db, worker, own, gemeente, known, case_id=slow)  # 56 days: over the four weeks
    got = values(report_of(db, steering.kpis, regisseur, month="2026-03"), gemeente, "2026-03")
    signalen = got["signalen_binnen_norm"]
    assert (signalen.status, signalen.numerator, signalen.denominator, signalen.value) == ("ok", 1, 2, 0.5)
    assert_as_counted_from_the_cases(db, regisseur, REPORTED_AT, PERIODS)


def test_the_kpis_of_a_gemeente_the_reader_does_not_serve_are_not_counted(db, staff, gemeente):
    worker = staff(*EVERYONE).actor
    outsider = staff("procesregisseur", gemeenten=["elders"]).actor
    meldingen(db, worker, gemeente, ["voorliggende_voorziening"])
    report = report_of(db, steering.kpis, outsider, month="2026-03", gemeente=gemeente)
    assert report.values == [] and report.gemeenten == []
    mine = report_of(db, steering.kpis, outsider, month="2026-03")
    assert {v.gemeente for v in mine.values} == {"elders"}
    assert values(mine, "elders", "2026-03")["meldingen"].value == 0


def test_benchmark_by_gemeente_and_by_the_handover_variant_that_ran(db, staff, gemeente):
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
            definition = db.cache.get(session, processes.latest_version(session, process, content=False))
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
    assert "beide" not in by_variant.columns
    february = report_of(db, steering.benchmark, regisseur, month="2026-02", by="variant")
    row = next(r for r in february.rows if r.key == "meldingen")
    assert row.values["taakgericht"].value is None and row.values["taakgericht"].reason
    row = next(r for r in by_variant.rows if r.key == "signalen_binnen_norm")
    assert row.values["taakgericht"].status == "missing"

    text = steering.benchmark_csv(found)
    lines = text.splitlines()
    assert lines[0] == f"maand,stuurlijn,kpi,omschrijving,eenheid,{','.join(sorted([gemeente, other]))}"
    meldingen_row = next(line for line in lines if ",meldingen," in line)
    assert meldingen_row.endswith("1,2" if sorted([gemeente, other])[0] == gemeente else "2,1")
    assert next(line for line in lines if ",signalen_binnen_norm," in line).endswith("missing,missing")
    assert_as_counted_from_the_cases(db, regisseur, REPORTED_AT, PERIODS)


def test_a_month_is_a_calendar_month():
    for wrong in ("2026-13", "2026-1", "november", "2026-11-01"):
        with pytest.raises(InvalidInput) as refused:
            steering.span(wrong)
        assert refused.value.errors[0].field == "month"
    # the gemeente's calendar month: midnight in Amsterdam (CET in February, CEST from 29 March)
    assert steering.span("2026-02").start == dt.datetime(2026, 1, 31, 23, tzinfo=dt.UTC)
    assert steering.span("2026-02").end == dt.datetime(2026, 2, 28, 23, tzinfo=dt.UTC)
    assert steering.span("2026-04").start == dt.datetime(2026, 3, 31, 22, tzinfo=dt.UTC)
    with time_machine.travel(dt.datetime(2026, 1, 15, tzinfo=dt.UTC)):
        last = steering.span()
    assert (last.months[0], last.months[-1], len(last.months)) == ("2025-02", "2026-01", 12)
    with time_machine.travel(dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)):  # 00:30 on New Year's Day
        assert steering.span().months[-1] == "2026-01" == steering.current_month()


def test_a_month_is_the_gemeente_s_month_in_amsterdam(db, staff, gemeente):
    """A melding at 23:30 UTC on 31 March is made at 01:30 on 1 April in the gemeente: it counts in
    April, whether one month or the twelve months up to it are asked."""
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    route = {**MELDING, "route": "voorliggende_voorziening", "bemiddelingsresultaat": "geen_passend_werk"}
    at = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)
    drive(db, worker, "melding_werkzoekende_registreren", gemeente, route, at=at)
    drive(db, worker, "melding_werkzoekende_registreren", gemeente, route, at=at - dt.timedelta(hours=2))
    for month, started in (("2026-03", 1), ("2026-04", 1)):
        got = values(report_of(db, steering.kpis, regisseur, month=month), gemeente, month)
        assert got["meldingen"].value == started, month
    # the first ended at 04:30 Amsterdam time on 1 April, the second at 03:30 (01:30 UTC): April both
    april = values(report_of(db, steering.kpis, regisseur, month="2026-04"), gemeente, "2026-04")
    assert april["meldingen_zonder_aanvraag"].denominator == 2
    with time_machine.travel(dt.datetime(2026, 4, 20, tzinfo=dt.UTC), tick=False), db.tx() as session:
        year = steering.kpis(session, regisseur, gemeente=gemeente)
    assert year.months[-2:] == ("2026-03", "2026-04")
    assert [values(year, gemeente, m)["meldingen"].value for m in year.months[-3:]] == [0, 1, 1]
    assert values(year, gemeente, "2026-04")["meldingen_zonder_aanvraag"].denominator == 2
    april_1 = dt.datetime(2026, 3, 31, 22, tzinfo=dt.UTC)  # midnight in Amsterdam (summer time)
    around = (Period(april_1, april_1 + dt.timedelta(days=30)), Period(at - dt.timedelta(hours=3), april_1))
    assert_as_counted_from_the_cases(db, regisseur, dt.datetime(2026, 4, 20, tzinfo=dt.UTC), around)


def test_a_bezwaar_past_its_beslistermijn_is_a_termijnoverschrijding(db, staff, gemeente):
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    # Made known on 5 January: the bezwaartermijn ends on 16 February, the beslistermijn six weeks
    # later, on 30 March (Awb 7:10 lid 1); the case still waits on the beslissing then.
    bezwaar = {"datum_bekendmaking_besluit": "2026-01-05", "datum_bezwaarschrift": "2026-01-20"}
    case_id = drive(
        db,
        worker,
        "bezwaar_behandelen",
        gemeente,
        {**bezwaar, "ontvankelijk": True},
        stop_at="Task_beslissing_op_bezwaar_nemen",
    )
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 3, 16, tzinfo=dt.UTC)
    fire_timers(db, dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC))  # the verdaging signal: no breach
    march = values(report_of(db, steering.kpis, regisseur, month="2026-03"), gemeente, "2026-03")
    assert march["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 0
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 3, 30, tzinfo=dt.UTC)
    fire_timers(db, dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC))
    march = values(report_of(db, steering.kpis, regisseur, month="2026-03"), gemeente, "2026-03")
    assert march["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 1
    with db.tx() as session:
        open_tasks = cases.case_tasks(session, session.get(Case, case_id), open_only=True)
        assert {t.element_id for t in open_tasks} >= {
            "Task_beslissing_op_bezwaar_nemen",
            "Task_termijnoverschrijding_afhandelen",
        }


def waiting_on_its_first_task(db, staff, gemeente, process_id, answers, first_task):
    """A case started in March that waits on its first task, and the procesregisseur who reads the
    reports; the deadline report as it stood then."""
    case_id = drive(db, staff(*EVERYONE).actor, process_id, gemeente, answers, stop_at=first_task)
    regisseur = staff("procesregisseur").actor
    with time_machine.travel(MARCH, tick=False), db.tx() as session:
        due = [(r.id, r.next_timer_at) for r in reports.deadlines(session, regisseur, 92, gemeente)]
    return case_id, regisseur, due


def test_a_bbz_aanvraag_shows_its_term_from_receipt_and_past_it_is_a_termijnoverschrijding(
    db, staff, gemeente
):
    # Received on 2 March: the 13 weeks end on 1 June, the verdaging signal comes on 18 May.
    case_id, regisseur, due = waiting_on_its_first_task(
        db,
        staff,
        gemeente,
        "aanvraag_bbz_zelfstandigen",
        {"datum_aanvraag": "2026-03-02"},
        "Task_intake_toelatingsvoorwaarden_bbz",
    )
    # The term is in the deadline report while the case waits on the intake, not only on the decision.
    assert due == [(case_id, dt.datetime(2026, 5, 18, tzinfo=dt.UTC))]
    fire_timers(db, dt.datetime(2026, 5, 18, 9, tzinfo=dt.UTC))
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    fire_timers(db, dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC))
    june = values(report_of(db, steering.kpis, regisseur, month="2026-06"), gemeente, "2026-06")
    assert june["termijnoverschrijdingen.uitstromen"].value == 1
    may = values(report_of(db, steering.kpis, regisseur, month="2026-05"), gemeente, "2026-05")
    assert may["termijnoverschrijdingen.uitstromen"].value == 0


def test_a_boete_shows_its_term_from_the_rapport_while_it_waits_on_the_verhoor(db, staff, gemeente):
    # The rapport is dated 2 March: the 13 weeks of Awb 5:51 end on 1 June, the verdaging signal comes
    # on 18 May; without a verdaging the term ends as it was.
    case_id, _, due = waiting_on_its_first_task(
        db, staff, gemeente, "bestuurlijke_boete", {"datum_rapport": "2026-03-02"}, "Task_verhoren_met_cautie"
    )
    assert due == [(case_id, dt.datetime(2026, 5, 18, tzinfo=dt.UTC))]
    fire_timers(db, dt.datetime(2026, 5, 18, 9, tzinfo=dt.UTC))
    with db.tx() as session:
        assert session.get(Case, case_id).next_timer_at == dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def test_a_timely_verdaging_of_a_bezwaar_moves_its_term_in_the_deadlines_and_the_kpi(db, staff, gemeente):
    """Awb 7:10 lid 3: a bezwaar verdaagd within its term and decided within the extended term is no
    termijnoverschrijding; one decided after the extended term is one, counted once, when it ran out."""
    jurist = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    received = dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC)
    facts = {"datum_bekendmaking_besluit": "2026-01-05", "datum_bezwaarschrift": "2026-02-02"}
    facts |= {"ontvankelijk": True, "beslissing_op_bezwaar": "ongegrond"}
    on_time, late = (
        drive(
            db,
            jurist,
            "bezwaar_behandelen",
            gemeente,
            facts,
            client=client,
            at=received,
            stop_at="Task_beslissing_op_bezwaar_nemen",
        )
        for client in ("K-1", "K-2")
    )
    with db.tx() as session:
        data = session.get(Case, on_time).data
    term = dt.datetime.fromisoformat(data["beslistermijn_bezwaar_tot"]).replace(tzinfo=dt.UTC)
    signal = dt.datetime.fromisoformat(data["signaal_verdaging"]).replace(tzinfo=dt.UTC)
    assert term - signal == dt.timedelta(weeks=2)
    fire_timers(db, signal + dt.timedelta(hours=1))
    for case_id in (on_time, late):  # the jurist verdaagt by six weeks, a week before the term ends
        with time_machine.travel(term - dt.timedelta(days=7), tick=False), db.tx() as session:
            [task] = [
                t
                for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
                if t.element_id == "Task_verdaging_beoordelen"
            ]
            tasks.complete_task(session, db.cache, jurist, task.id, {"verdagen_met": "P6W"})
    extended = term + dt.timedelta(weeks=6)
    # /reports/deadlines shows the extended term, and the old end passes without an overschrijding.
    rows = report_of(
        db, reports.deadlines, regisseur, 366, gemeente=gemeente, process_id="bezwaar_behandelen"
    )
    assert {(r.id, r.next_timer_at.replace(tzinfo=dt.UTC)) for r in rows} == {
        (on_time, extended),
        (late, extended),
    }
    fire_timers(db, term + dt.timedelta(days=1))
    drive(db, jurist, "bezwaar_behandelen", gemeente, facts, at=term + dt.timedelta(weeks=3), case_id=on_time)
    fire_timers(db, extended + dt.timedelta(hours=1))  # the late one's extended term runs out
    with db.tx() as session:
        open_late = [t.element_id for t in cases.case_tasks(session, session.get(Case, late), open_only=True)]
    assert "Task_termijnoverschrijding_afhandelen" in open_late
    # Counted in the month the extended term ran out; none in the month the original one ended.
    assert f"{term:%Y-%m}" != f"{extended:%Y-%m}"
    breaches = {
        month: values(report_of(db, steering.kpis, regisseur, month=month), gemeente, month)[
            "termijnoverschrijdingen.rechtmatig_uitkeren"
        ].value
        for month in (f"{term:%Y-%m}", f"{extended:%Y-%m}")
    }
    assert breaches == {f"{term:%Y-%m}": 0, f"{extended:%Y-%m}": 1}


def test_a_bbz_decided_within_its_timely_verdaging_is_decided_in_time(db, staff, gemeente):
    """Two Bbz aanvragen of 5 January (13 weeks: to 6 April), both decided on 20 April: the one
    verdaagd by four weeks before 6 April is in time and no overschrijding; the other is late."""
    klantmanager = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    january = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    bbz = {"datum_aanvraag": "2026-01-05", "besluit_bbz": "afwijzen_niet_levensvatbaar"}
    bbz["verdagen_met"] = "P4W"
    verdaagd, te_laat = (
        drive(
            db, klantmanager, BBZ, gemeente, bbz, client=c, at=january, stop_at="Task_besluit_op_bbz_aanvraag"
        )
        for c in ("K-1", "K-2")
    )
    with time_machine.travel(january + dt.timedelta(days=20), tick=False), db.tx() as session:
        for case_id in (verdaagd, te_laat):
            cases.deliver_message(session, db.cache, klantmanager, case_id, "rapport_levensvatbaarheid", {})
    fire_timers(db, dt.datetime(2026, 3, 23, 10, tzinfo=dt.UTC))  # two weeks before the end: verdagen?
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC), tick=False), db.tx() as session:
        [task] = [
            t
            for t in cases.case_tasks(session, session.get(Case, verdaagd), open_only=True)
            if t.element_id == "Task_beslistermijn_verdagen"
        ]
        tasks.complete_task(
            session, db.cache, klantmanager, task.id, {"verdagen_met": "P4W", "klant_geinformeerd": True}
        )
    rows = report_of(db, reports.deadlines, regisseur, 366, gemeente=gemeente, process_id=BBZ)
    due = {r.id: r.next_timer_at.replace(tzinfo=dt.UTC) for r in rows}
    assert due == {
        verdaagd: dt.datetime(2026, 5, 4, tzinfo=dt.UTC),
        te_laat: dt.datetime(2026, 4, 6, tzinfo=dt.UTC),
    }
    fire_timers(db, dt.datetime(2026, 4, 6, 10, tzinfo=dt.UTC))  # the unextended term runs out
    april_20 = dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)
    for case_id in (verdaagd, te_laat):
        drive(db, klantmanager, BBZ, gemeente, bbz, at=april_20, case_id=case_id)
    with db.tx() as session:
        assert session.get(Case, verdaagd).data["beslistermijn_bbz_tot"] == "2026-05-04"
        assert session.get(Case, te_laat).data["beslistermijn_bbz_tot"] == "2026-04-06"
    got = values(report_of(db, steering.kpis, regisseur, month="2026-04"), gemeente, "2026-04")
    assert (got["aanvragen_binnen_termijn"].numerator, got["aanvragen_binnen_termijn"].denominator) == (1, 2)
    assert got["termijnoverschrijdingen.uitstromen"].value == 1  # the Bbz steers on uitstromen


def deliver(db: Any, actor: Any, case_id: str, at: dt.datetime, name: str, payload: dict[str, Any]) -> None:
    with time_machine.travel(at, tick=False), db.tx() as session:
        cases.deliver_message(session, db.cache, actor, case_id, name, payload)


def test_amounts_recovered_per_gemeente_and_month(db, staff, gemeente):
    """Issue #17: the amounts the processes that recover money decide, in euros with cents, summed per
    gemeente and the month their case ended; what no process records stays missing, never 0."""
    worker = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    hour = dt.timedelta(hours=1)
    # a beëindiging's restvordering, decided by the terugvordering it calls
    beeindiging = {"reden_beeindiging": "werk", "restvordering": 312.45, "grond_restvordering": "voorschot"}
    beeindiging |= {"dringende_redenen_aangevoerd": False, "vastgestelde_vordering": 312.45}
    restvordering = drive(db, worker, "beeindiging_uitkering", gemeente, beeindiging)
    opgave = {"netto_inkomsten_laatste_maand": 420.0}
    deliver(db, worker, restvordering, MARCH + 3 * hour, "laatste_inkomstenopgave_indienen", opgave)
    at = MARCH + 4 * hour
    drive(db, worker, "beeindiging_uitkering", gemeente, beeindiging, at=at, case_id=restvordering)
    # inkomsten shown and verrekend in March and in April; inkomsten not shown count nothing
    inkomsten = {"inkomsten_aangetoond": True, "inkomsten_boven_norm": False}
    drive(db, worker, "inkomsten_verrekenen", gemeente, {**inkomsten, "te_verrekenen_bedrag": 250.1})
    april = dt.datetime(2026, 4, 6, 9, tzinfo=dt.UTC)
    drive(
        db, worker, "inkomsten_verrekenen", gemeente, {**inkomsten, "te_verrekenen_bedrag": 99.99}, at=april
    )
    # verhaal on an ex-partner who agrees to 150.75 a month
    verhaal = {"draagkracht_aanwezig": True, "dringende_redenen_afzien": False}
    verhaal |= {"onderhoudsplichtige_akkoord": True, "maandbedrag_verhaal": 150.75}
    onderhoud = drive(db, worker, "verhaal_op_onderhoudsplichtigen", gemeente, verhaal)
    gegevens = {"naam_onderhoudsplichtige": "J. Jansen", "adres_bekend": True}
    deliver(db, worker, onderhoud, MARCH + hour, "gegevens_onderhoudsplichtige_verstrekken", gegevens)
    at = MARCH + 2 * hour
    drive(db, worker, "verhaal_op_onderhoudsplichtigen", gemeente, verhaal, at=at, case_id=onderhoud)
    # a boete of 400.50 after the klant's zienswijze
    boete = {"benadelingsbedrag": 800, "eerdere_overtreding": False, "datum_rapport": "2026-03-02"}
    boete |= {"verwijtbaarheid": "normaal", "dringende_redenen": False, "boetebedrag": 400.5}
    beboet = drive(db, worker, "bestuurlijke_boete", gemeente, boete)
    deliver(db, worker, beboet, MARCH + 3 * hour, "zienswijze_boete", {})
    drive(db, worker, "bestuurlijke_boete", gemeente, boete, at=MARCH + 4 * hour, case_id=beboet)
    with db.tx() as session:
        ended = {session.get(Case, c).status for c in (restvordering, onderhoud, beboet)}
    assert ended == {"completed"}

    march = values(report_of(db, steering.kpis, regisseur, month="2026-03"), gemeente, "2026-03")
    got = {k: march[k].value for k in AMOUNTS}
    assert got == pytest.approx(
        {
            "teruggevorderd_bedrag": 312.45,
            "inkomsten_verrekend_bedrag": 250.1,
            "verhaal_bedrag_per_maand": 150.75,
            "boetes_opgelegd_bedrag": 400.5,
        }
    )
    assert all(march[k].unit == "euro" for k in AMOUNTS)
    missing = march["verrekend_of_beslagen_bedrag"]
    assert (missing.status, missing.value, missing.unit) == ("missing", None, "euro") and missing.reason
    april_values = values(report_of(db, steering.kpis, regisseur, month="2026-04"), gemeente, "2026-04")
    assert {k: april_values[k].value for k in AMOUNTS} == pytest.approx(
        {k: 99.99 if k == "inkomsten_verrekend_bedrag" else 0 for k in AMOUNTS}
    )
    assert_as_counted_from_the_cases(db, regisseur, REPORTED_AT)


AMOUNTS = (
    "teruggevorderd_bedrag",
    "inkomsten_verrekend_bedrag",
    "verhaal_bedrag_per_maand",
    "boetes_opgelegd_bedrag",
)


BOETE = {"benadelingsbedrag": 800, "eerdere_overtreding": False, "datum_rapport": "2026-03-02"}
BOETE |= {"verwijtbaarheid": "normaal", "dringende_redenen": False, "boetebedrag": 250.25}


def boete_waiting_on_its_besluit(db: Any, jurist: Any, gemeente: str, client: str = "K-1") -> str:
    """A boete of the rapport of 2 March whose zienswijze arrived: it waits on the boetebesluit."""
    case_id = drive(db, jurist, "bestuurlijke_boete", gemeente, BOETE, client=client)
    deliver(db, jurist, case_id, MARCH + dt.timedelta(hours=3), "zienswijze_boete", {})
    at = MARCH + dt.timedelta(hours=4)
    drive(
        db,
        jurist,
        "bestuurlijke_boete",
        gemeente,
        BOETE,
        at=at,
        case_id=case_id,
        stop_at="Task_boetebesluit_nemen",
    )
    return case_id


def test_a_boete_decided_within_its_timely_verdaging_is_no_termijnoverschrijding(db, staff, gemeente):
    """Awb 5:51: the boete's 13 weeks from the rapport of 2 March end on 1 June; two weeks before, the
    jurist may verdaag once by at most 13 weeks. Both boetes are decided on 15 June: the one verdaagd by
    six weeks (to 13 July) in time, the one verdaagd by one week (to 8 June) after it, counted once."""
    jurist = staff(*EVERYONE).actor
    regisseur = staff("procesregisseur").actor
    boete = BOETE
    ruim, krap = (boete_waiting_on_its_besluit(db, jurist, gemeente, client) for client in ("K-1", "K-2"))
    fire_timers(db, dt.datetime(2026, 5, 18, 10, tzinfo=dt.UTC))  # two weeks before the end: verdagen?
    for case_id, weeks in ((ruim, "P6W"), (krap, "P1W")):
        with time_machine.travel(dt.datetime(2026, 5, 25, 9, tzinfo=dt.UTC), tick=False), db.tx() as session:
            [task] = [
                t
                for t in cases.case_tasks(session, session.get(Case, case_id), open_only=True)
                if t.element_id == "Task_beslissing_verdagen"
            ]
            tasks.complete_task(session, db.cache, jurist, task.id, {"verdagen_met": weeks})
    rows = report_of(
        db, reports.deadlines, regisseur, 366, gemeente=gemeente, process_id="bestuurlijke_boete"
    )
    assert {r.id: r.next_timer_at.replace(tzinfo=dt.UTC) for r in rows} == {
        ruim: dt.datetime(2026, 7, 13, tzinfo=dt.UTC),
        krap: dt.datetime(2026, 6, 8, tzinfo=dt.UTC),
    }
    fire_timers(db, dt.datetime(2026, 6, 8, 10, tzinfo=dt.UTC))  # the original 1 June and krap's 8 June
    with db.tx() as session:  # only krap's term ran out: the jurist handles the overschrijding
        waiting = {
            c: {t.element_id for t in cases.case_tasks(session, session.get(Case, c), open_only=True)}
            for c in (ruim, krap)
        }
    assert waiting == {
        ruim: {"Task_boetebesluit_nemen"},
        krap: {"Task_boetebesluit_nemen", "Task_termijnoverschrijding_afhandelen"},
    }
    june_15 = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
    for case_id in (ruim, krap):
        drive(db, jurist, "bestuurlijke_boete", gemeente, boete, at=june_15, case_id=case_id)
    with db.tx() as session:
        ended = {c: session.get(Case, c) for c in (ruim, krap)}
        assert {c: case.status for c, case in ended.items()} == {ruim: "completed", krap: "completed"}
        assert ended[ruim].data["beslistermijn_boete_tot"] == "2026-07-13"
        assert ended[krap].data["beslistermijn_boete_tot"] == "2026-06-08"
    breaches = {
        month: values(report_of(db, steering.kpis, regisseur, month=month), gemeente, month)
        for month in ("2026-05", "2026-06")
    }
    assert breaches["2026-05"]["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 0
    assert breaches["2026-06"]["termijnoverschrijdingen.rechtmatig_uitkeren"].value == 1
    assert breaches["2026-06"]["boetes_opgelegd_bedrag"].value == pytest.approx(500.5)
