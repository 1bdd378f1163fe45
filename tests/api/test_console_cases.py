"""The case page and the auditor's page of the console: timeline, chain status, reasons, search,
access log, verification and exports, through a real ASGI client."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterator

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.console.web import datum, templates
from engine import timers
from engine.models import CaseTask
from tests.api.test_console import csrf, sign_in, start, with_password


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    """A browser of its own (its own cookies) on the shared app."""
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def access_log(client: TestClient, auditor, case_id: str) -> list[tuple[str, str, str | None]]:
    entries = client.get("/audit/access", params={"case_id": case_id}, headers=auditor.headers).json()
    return [(e["actor"], e["action"], e["reason"]) for e in reversed(entries)]


def handed_over(client: TestClient, coach, gemeente: str) -> dict:
    """A case of the test process whose first task the werkcoach completed: the work is with the
    accountmanager."""
    case = start(client, coach, gemeente)
    response = client.post(
        f"/tasks/{case['tasks'][0]['id']}/complete",
        headers=coach.headers,
        json={"data": {"matchbaar": True, "kandidaatprofiel": "heftruck"}},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_staff_member_sees_where_the_case_stands_and_everything_that_happened(
    db, client, web, staff, gemeente
) -> None:
    coach = with_password(db, staff("werkcoach"))
    auditor = staff("auditor")
    case = handed_over(client, coach, gemeente)
    [task] = case["tasks"]
    with db.tx() as session:
        element = session.get(CaseTask, task["id"]).element_id
    sign_in(web, coach.actor.name)

    page = web.get(f"/ui/zaken/{case['id']}")
    assert page.status_code == 200 and "<h1>Zaak K-77</h1>" in page.text
    assert 'data-bpmn="/ui/processen/overdracht_test/bpmn?versie=' in page.text
    marks = dict(re.findall(r'data-(active|done)="([^"]*)"', page.text))
    assert element in json.loads(html.unescape(marks["active"]))
    assert "Task_voorbereiden" in json.loads(html.unescape(marks["done"]))
    assert f'href="/ui/taken/{task["id"]}">Intake werkgeversdienstverlening</a>' in page.text
    assert 'href="/ui/processen/overdracht_test"' in page.text
    for line in (
        f"Zaak gestart door {coach.actor.name} (werkcoach) in {case['gemeente']}",
        f"Taak afgerond: &#39;Overdracht voorbereiden&#39; door {coach.actor.name} (werkcoach)",
        "Overdracht van werkcoach naar accountmanager: &#39;Overdracht voorbereiden&#39; → "
        "&#39;Intake werkgeversdienstverlening&#39;",
    ):
        assert line in page.text
    assert '<li class="handover"' in page.text
    assert (
        '<th scope="row">Kandidaatprofiel <code>kandidaatprofiel</code></th><td>leeg</td><td>heftruck</td>'
        in (page.text)
    )
    assert "Alle 5 gebeurtenissen kloppen" in page.text and "intact" in page.text
    assert access_log(client, auditor, case["id"]) == [(coach.actor.name, "case", None)]


def test_a_passed_term_is_marked_in_the_timeline(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    case = handed_over(client, coach, gemeente)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        with db.tx() as session:
            assert timers.fire_due_timers(session, db.cache, case["id"])
    sign_in(web, coach.actor.name)
    page = web.get(f"/ui/zaken/{case['id']}")
    assert '<li class="timer_fired"' in page.text
    assert "<strong>Termijn verstreken: &#39;Intake niet binnen 2 weken&#39;</strong>" in page.text
    assert "Termijnoverschrijding afhandelen" in page.text and "intact" in page.text


def test_the_case_page_shows_the_first_broken_link_of_its_chain(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    case = handed_over(client, coach, gemeente)
    sign_in(web, coach.actor.name)
    tamper = "UPDATE cases SET event_count = event_count + :n WHERE id = :c"
    with db.tx() as session:  # the newest event was removed, as far as the case row knows
        session.execute(text(tamper), {"n": 1, "c": case["id"]})
    try:
        page = web.get(f"/ui/zaken/{case['id']}")
    finally:
        with db.tx() as session:
            session.execute(text(tamper), {"n": -1, "c": case["id"]})
    assert "verbroken" in page.text
    assert "Eerste breuk bij gebeurtenis 6: de zaak telt 6 gebeurtenissen, de geschiedenis 5" in page.text


def test_an_auditor_says_why_before_the_case_opens(db, client, web, staff, gemeente) -> None:
    coach = staff("werkcoach")
    auditor = with_password(db, staff("auditor"))
    case = start(client, coach, gemeente)
    sign_in(web, auditor.actor.name)

    asked = web.get(f"/ui/zaken/{case['id']}")
    assert asked.status_code == 200 and "<h1>Reden van inzage</h1>" in asked.text
    assert '<label for="reden">Reden van inzage' in asked.text and 'maxlength="500"' in asked.text
    assert (
        'method="get"' in asked.text
        and "K-77" not in asked.text
        and "Overdracht voorbereiden" not in asked.text
    )
    blank = web.get(f"/ui/zaken/{case['id']}", params={"reden": "  "})
    assert blank.status_code == 422 and "is verplicht" in blank.text and "K-77" not in blank.text
    assert access_log(client, auditor, case["id"]) == []

    opened = web.get(f"/ui/zaken/{case['id']}", params={"reden": "Dossieronderzoek 2026-14"})
    assert opened.status_code == 200 and "<h1>Zaak K-77</h1>" in opened.text
    assert access_log(client, auditor, case["id"]) == [
        (auditor.actor.name, "case", "Dossieronderzoek 2026-14")
    ]


def test_a_procesregisseur_opens_the_case_and_another_gemeente_does_not_find_it(
    db, client, web, staff, gemeente
) -> None:
    coach = staff("werkcoach")
    case = start(client, coach, gemeente)
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    assert web.get(f"/ui/zaken/{case['id']}").status_code == 200

    stranger = with_password(db, staff("werkcoach", gemeenten=["elders"]))
    sign_in(web, stranger.actor.name)
    response = web.get(f"/ui/zaken/{case['id']}")
    assert response.status_code == 404 and "Niet gevonden" in response.text and "K-77" not in response.text


def test_the_audit_page_is_for_auditors(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    response = web.get("/ui/audit")
    assert response.status_code == 403 and "Geen toegang" in response.text


def test_an_auditor_searches_events_by_client_reference_and_bsn(db, client, web, staff, gemeente) -> None:
    coach = staff("werkcoach")
    auditor = with_password(db, staff("auditor"))
    case = handed_over(client, coach, gemeente)
    other = client.post(
        "/cases",
        headers=coach.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-88",
            "bsn": "111222333",
            "data": {"weken_plan": 26},
        },
    ).json()
    sign_in(web, auditor.actor.name)
    audit_page = web.get("/ui/audit")
    assert audit_page.status_code == 200 and '<form method="post" action="/ui/audit/zoeken' in audit_page.text

    found = web.post(
        "/ui/audit/zoeken",
        data={"csrf_token": csrf(audit_page.text), "klantreferentie": "K-77", "gemeente": gemeente},
    )
    assert found.status_code == 200
    rows = found.text.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 5 and f'href="/ui/zaken/{case["id"]}"' in rows
    assert other["id"] not in rows
    assert "<td>Overdracht</td>" in rows and "<td>Zaak gestart</td>" in rows

    handovers = web.post(
        "/ui/audit/zoeken",
        data={"csrf_token": csrf(audit_page.text), "soort": "handover", "gemeente": gemeente},
    )
    assert handovers.text.split("<tbody>")[1].count("<tr>") == 1

    by_bsn = web.post("/ui/audit/zoeken", data={"csrf_token": csrf(audit_page.text), "bsn": "111222333"})
    rows = by_bsn.text.split("<tbody>")[1].split("</tbody>")[0]
    assert f'href="/ui/zaken/{other["id"]}"' in rows and case["id"] not in rows
    refused = web.post("/ui/audit/zoeken", data={"csrf_token": csrf(audit_page.text), "bsn": "123456789"})
    assert refused.status_code == 422 and 'id="bsn-fout">is geen geldig BSN' in refused.text
    assert 'href="#bsn">BSN: is geen geldig BSN' in refused.text


def test_the_search_pages_with_its_cursor(db, client, web, staff, gemeente) -> None:
    coach = staff("werkcoach")
    auditor = with_password(db, staff("auditor"))
    started = [start(client, coach, gemeente)["id"] for _ in range(26)]  # 52 events: a page of 50 and 2
    sign_in(web, auditor.actor.name)
    token = csrf(web.get("/ui/audit").text)
    first = web.post("/ui/audit/zoeken", data={"csrf_token": token, "gemeente": gemeente})
    assert first.text.split("<tbody>")[1].count("<tr>") == 50 and "er zijn er meer" in first.text
    cursor = re.search(r'name="after" value="(\d+)"', first.text)
    assert cursor and 'type="hidden" name="gemeente" value="' + gemeente + '"' in first.text
    rest = web.post("/ui/audit/zoeken", data={"csrf_token": token, "gemeente": gemeente, "after": cursor[1]})
    rows = rest.text.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2 and started[-1] in rows and 'name="after"' not in rest.text
    assert "Eerste pagina" in rest.text
    huge = web.post("/ui/audit/zoeken", data={"csrf_token": token, "gemeente": gemeente, "after": "9" * 40})
    assert huge.status_code == 200  # a cursor beyond any event id starts at the first page
    assert huge.text.split("<tbody>")[1].count("<tr>") == 50


def test_the_access_log_shows_who_read_which_case_and_why(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    auditor = with_password(db, staff("auditor"))
    case = start(client, coach, gemeente)
    sign_in(web, coach.actor.name)
    web.get(f"/ui/zaken/{case['id']}", params={"reden": "Klant belde"})
    web.get("/ui/klanten/K-77/reis")
    sign_in(web, auditor.actor.name)

    log = web.get("/ui/audit", params={"inzage_zaak": case["id"]})
    rows = log.text.split('aria-labelledby="inzage"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2  # newest first: the journey, then the case
    assert f"<td>{coach.actor.name}</td>" in rows and "<td>zaak geopend</td>" in rows
    assert "<td>klantreis bekeken</td>" in rows
    assert "<td>Klant belde</td>" in rows and f'href="/ui/zaken/{case["id"]}">K-77</a>' in rows
    nobody = web.get("/ui/audit", params={"inzage_zaak": case["id"], "inzage_lezer": "niemand"})
    assert "Geen inzagen met deze filters" in nobody.text
    wrong = web.get("/ui/audit", params={"inzage_sinds": "2026-12-31", "inzage_tot": "2026-01-01"})
    assert wrong.status_code == 422 and 'id="inzage_tot-fout"' in wrong.text


def test_verify_all_reports_intact_chains(db, client, web, staff, gemeente) -> None:
    auditor = with_password(db, staff("auditor"))
    handed_over(client, staff("werkcoach"), gemeente)
    sign_in(web, auditor.actor.name)
    token = csrf(web.get("/ui/audit").text)
    result = web.post("/ui/audit/controleren", data={"csrf_token": token})
    assert result.status_code == 200 and "Alle ketens zijn intact" in result.text
    assert "die controleert alleen <code>procesregie audit verify</code>" in result.text  # not the seals
    assert web.post("/ui/audit/controleren", data={"csrf_token": "elders"}).status_code == 403


def test_the_csv_export_downloads_the_search_and_logs_each_case(db, client, web, staff, gemeente) -> None:
    auditor = with_password(db, staff("auditor"))
    case = handed_over(client, staff("werkcoach"), gemeente)
    sign_in(web, auditor.actor.name)
    token = csrf(web.get("/ui/audit").text)

    refused = web.post(
        "/ui/audit/export", data={"csrf_token": token, "gemeente": gemeente, "formaat": "csv", "reden": ""}
    )
    assert refused.status_code == 422 and 'id="reden-fout">is verplicht' in refused.text
    assert access_log(client, auditor, case["id"]) == []

    response = web.post(
        "/ui/audit/export",
        data={"csrf_token": token, "gemeente": gemeente, "formaat": "csv", "reden": "Jaarcontrole"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="audit-events.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.text.startswith("event_id,case_id,seq,type,at,actor,role,")
    assert [r["type"] for r in rows][:2] == ["case_started", "task_ready"] and len(rows) == 5
    assert {r["case_id"] for r in rows} == {case["id"]} and "K-77" not in response.text
    assert access_log(client, auditor, case["id"]) == [(auditor.actor.name, "export", "Jaarcontrole")]

    lines = web.post(
        "/ui/audit/export",
        data={
            "csrf_token": token,
            "gemeente": gemeente,
            "soort": "handover",
            "formaat": "jsonl",
            "reden": "X",
        },
    ).text.splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["handover"]


def test_the_xes_export_downloads_an_event_log(db, client, web, staff, gemeente) -> None:
    auditor = with_password(db, staff("auditor"))
    case = handed_over(client, staff("werkcoach"), gemeente)
    sign_in(web, auditor.actor.name)
    response = web.get("/ui/audit/export.xes", params={"xes_proces": "overdracht_test"})
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="overdracht_test.xes"'
    assert response.text.startswith('<?xml version="1.0"') and "</log>" in response.text
    assert f'<string key="concept:name" value="{case["id"]}"/>' in response.text
    wrong = web.get("/ui/audit/export.xes", params={"xes_sinds": "gisteren"})
    assert wrong.status_code == 422 and 'id="xes_sinds-fout">vul een geldige datum in' in wrong.text


def test_an_ended_case_shows_its_end_and_outcome_type(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    klantmanager = staff("klantmanager")
    case = handed_over(client, coach, gemeente)
    sign_in(web, coach.actor.name)
    assert "<dt>Uitkomst</dt>" not in web.get(f"/ui/zaken/{case['id']}").text  # still running
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=15)):
        with db.tx() as session:
            assert timers.fire_due_timers(session, db.cache, case["id"])
    [escalation] = client.get(f"/cases/{case['id']}", headers=coach.headers).json()["tasks"]
    response = client.post(
        f"/tasks/{escalation['id']}/complete",
        headers=klantmanager.headers,
        json={"data": {"besluit": "stoppen"}},
    )
    assert response.json()["status"] == "completed", response.text
    page = web.get(f"/ui/zaken/{case['id']}")
    assert '<dt>Uitkomst</dt><dd>Traject gestopt <span class="muted">(Afgebroken)</span></dd>' in page.text


def test_the_case_shows_a_choice_by_its_name_and_an_amount_in_euros(db, client, web, staff, gemeente) -> None:
    """A klantmanager reads what was entered as the form offered it: 'Kinderopvang', not its id, and
    '€ 1.250,50', not 1250.5."""
    klantmanager = with_password(db, staff("klantmanager"))
    started = client.post(
        "/cases",
        headers=klantmanager.headers,
        json={
            "process_id": "vergoedingen_bij_reintegratie",
            "gemeente": gemeente,
            "client_ref": "K-78",
            "data": {
                "soort_kosten": "kinderopvang",
                "gedeclareerd_bedrag": 1250.5,
                "datum_declaratie": "2026-12-01",
            },
        },
    )
    assert started.status_code == 201, started.text
    [task] = [t for t in started.json()["tasks"] if t["element_id"] == "Task_kinderopvangtoeslag_toetsen"]
    done = client.post(
        f"/tasks/{task['id']}/complete",
        headers=klantmanager.headers,
        json={"data": {"toeslag_aangevraagd": True, "niet_gedekt_deel": "310"}},
    )
    assert done.status_code == 200, done.text
    sign_in(web, klantmanager.actor.name)

    page = web.get(f"/ui/zaken/{started.json()['id']}").text

    def changed(label: str, field: str, after: str) -> str:
        return f'<th scope="row">{label} <code>{field}</code></th><td>leeg</td><td>{after}</td>'

    assert changed("Soort kosten", "soort_kosten", "Kinderopvang") in page
    assert changed("Gedeclareerd bedrag (euro)", "gedeclareerd_bedrag", "€ 1.250,50") in page
    assert changed("Niet door toeslag gedekt deel (euro)", "niet_gedekt_deel", "€ 310,00") in page
    assert changed("Kinderopvangtoeslag aangevraagd", "toeslag_aangevraagd", "ja") in page


def test_the_case_and_the_task_show_dates_as_dutch_readers_write_them(
    db, client, web, staff, gemeente
) -> None:
    """Dates of case data (date fields store them as ISO) read '16-11-2026' wherever the console shows
    them, as the page's own times do: in the case's timeline and in the earlier steps of a task."""
    worker = with_password(db, staff("backoffice", "klantmanager", "werkcoach"))
    started = client.post(
        "/cases",
        headers=worker.headers,
        json={
            "process_id": "rechten_en_plichtenbijeenkomst",
            "gemeente": gemeente,
            "client_ref": "K-79",
            "data": {"datum_aanvraag": "2026-11-16", "tolk_nodig": False},
        },
    )
    assert started.status_code == 201, started.text
    [task] = started.json()["tasks"]
    done = client.post(
        f"/tasks/{task['id']}/complete",
        headers=worker.headers,
        json={"data": {"datum_bijeenkomst": "2027-01-18", "uitnodiging_via": "post"}},
    )
    assert done.status_code == 200, done.text
    sign_in(web, worker.actor.name)

    page = web.get(f"/ui/zaken/{started.json()['id']}").text
    assert (
        '<th scope="row">Datum aanvraag <code>datum_aanvraag</code></th><td>leeg</td><td>16-11-2026</td>'
        in page
    )
    bijeenkomst = '<th scope="row">Datum bijeenkomst of gesprek <code>datum_bijeenkomst</code></th>'
    assert f"{bijeenkomst}<td>leeg</td><td>18-01-2027</td>" in page
    assert "2027-01-18" not in page and "2026-11-16" not in page
    [next_task] = [t for t in done.json()["tasks"] if t["status"] != "completed"]
    task_page = web.get(f"/ui/taken/{next_task['id']}").text
    assert "<dt>Datum bijeenkomst of gesprek</dt><dd>18-01-2027</dd>" in task_page
    assert "<dt>Uitnodiging verstuurd via</dt><dd>Post</dd>" in task_page


def test_a_date_of_case_data_reads_as_a_dutch_date() -> None:
    assert (datum("2027-01-18"), datum("2028-02-29")) == ("18-01-2027", "29-02-2028")
    assert datum("onbekend") == "onbekend"  # not a date: shown as it is
    # a date a script computed (beslistermijn_tot: no form field says it is a date) reads the same
    show = templates.env.filters["toon"]
    assert (show("2027-01-18"), show("2027-13-40"), show("niet_nodig")) == (
        "18-01-2027",
        "2027-13-40",
        "niet_nodig",
    )
