"""The console's process pages: the catalogue, one process, its BPMN, validating and publishing a model."""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.console.problems_nl import dutch_problem
from engine import processes
from engine.models import ProcessVersion
from tests.api.test_console import csrf, sign_in, start, with_password
from tests.conftest import FIXTURES, PROCESSES
from tests.engine.test_client_journey import RECHT

LEVENSONDERHOUD = "aanvraag_levensonderhoud_behandelen"
OVERDRACHT = (FIXTURES / "overdracht.bpmn").read_bytes()
TWEE_WEKEN = "timer 'twee weken' is geen ISO 8601-duur of -datum (bijvoorbeeld P8W, PT4H, 2027-01-01)"


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def process_links(page: str) -> set[str]:
    return set(re.findall(r'href="/ui/processen/(\w+)"', page))


def attribute(page: str, name: str) -> str:
    found = re.search(rf'{name}="([^"]*)"', page)
    assert found, page
    return html.unescape(found[1])


def json_attribute(page: str, name: str) -> object:
    return json.loads(attribute(page, name))


def upload(web: TestClient, page: str, content: bytes, name: str = "overdracht.bpmn"):
    return web.post(
        "/ui/processen/valideren",
        data={"csrf_token": csrf(page)},
        files={"bestand": (name, content, "application/xml")},
    )


def new_process(db, web: TestClient, staff):
    """An ontwerper signed in on the validate page, and the model of a process of this test alone."""
    designer = with_password(db, staff("ontwerper"))
    sign_in(web, designer.actor.name)
    form = web.get("/ui/processen/valideren")
    process_id = f"overdracht_{uuid.uuid4().hex[:8]}"
    return designer, form, process_id, OVERDRACHT.replace(b"overdracht_test", process_id.encode())


def publish(web: TestClient, checked: str, **fields: str):
    """Publish the model the page of a clean check holds, as its form does."""
    inhoud = re.search(r'name="inhoud" value="([^"]+)"', checked)
    assert inhoud
    data = {"csrf_token": csrf(checked), "bestandsnaam": "overdracht.bpmn", "inhoud": inhoud[1], **fields}
    return web.post("/ui/processen/publiceren", data=data)


def test_the_catalogue_lists_every_process_by_phase_and_search_narrows_it(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    page = web.get("/ui/processen")
    assert page.status_code == 200 and "<h1>Processen</h1>" in page.text
    every = process_links(page.text)
    assert len(every) >= 101
    assert f'href="/ui/processen/{LEVENSONDERHOUD}"' in page.text
    assert "Fase 1: Aanvraag en recht" in page.text and "rechtmatig uitkeren" in page.text
    assert "Model valideren en publiceren" not in page.text  # for ontwerpers only

    found = web.get("/ui/processen", params={"q": "levensonderhoud"})
    assert LEVENSONDERHOUD in process_links(found.text)
    # narrowed to the processes that name it (other tests' copies of the aanvraag may be among them)
    assert 0 < len(process_links(found.text)) < len(every) // 4 and "processen gevonden" in found.text
    by_documentation = web.get("/ui/processen", params={"q": "beslistermijn opschorting"})
    assert LEVENSONDERHOUD in process_links(by_documentation.text)

    uitstromen = process_links(web.get("/ui/processen", params={"stuurlijn": "uitstromen"}).text)
    assert "overdracht_test" in uitstromen and LEVENSONDERHOUD not in uitstromen
    nothing = web.get("/ui/processen", params={"q": "geen-proces-heet-zo"})
    assert not process_links(nothing.text) and "Geen processen gevonden" in nothing.text


def test_a_process_shows_its_forms_terms_and_versions_and_its_bpmn_downloads(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    page = web.get(f"/ui/processen/{LEVENSONDERHOUD}")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Aanvraag levensonderhoud behandelen</h1>" in text
    assert "<strong>Doel.</strong> Binnen de wettelijke beslistermijn" in text
    assert "<strong>Wettelijke basis.</strong> Pw art. 11" in text
    assert ">Besluit op aanvraag nemen</h3>" in text and "<strong>klantmanager</strong>" in text
    assert "Aanvraag volledig" in text and "ja/nee" in text  # a form field and its type
    # The decision term ends on the date computed from the receipt (and a hersteltermijn).
    assert "Beslistermijn verstreken" in text and "beslistermijn_tot" in text
    assert "op taak &#39;Aanvraag onderzoeken en beschikken&#39;, niet-onderbrekend" in text
    assert attribute(text, "data-bpmn") == f"/ui/processen/{LEVENSONDERHOUD}/bpmn?versie=1"
    download = f"/ui/processen/{LEVENSONDERHOUD}/bpmn?versie=1&amp;download=1"
    assert download in text
    assert "Statistieken" not in text  # for the procesregisseur and auditors only
    assert "<dt>doorlooptijd</dt><dd>8 weken <code>P8W</code></dd>" in text  # the norm as people say it

    bpmn = web.get(html.unescape(download))
    assert bpmn.status_code == 200 and bpmn.headers["content-type"].startswith("application/xml")
    assert bpmn.headers["content-disposition"] == (
        'attachment; filename="aanvraag-levensonderhoud-behandelen.bpmn"'
    )
    original = PROCESSES / "1-aanvraag-en-recht" / "aanvraag-levensonderhoud-behandelen.bpmn"
    assert bpmn.content == original.read_bytes()
    inline = web.get(f"/ui/processen/{LEVENSONDERHOUD}/bpmn")
    assert inline.headers["content-disposition"].startswith("inline;")

    assert web.get("/ui/processen/bestaat_niet").status_code == 404
    assert web.get(f"/ui/processen/{LEVENSONDERHOUD}?versie=99").status_code == 404


def test_a_broken_model_shows_its_problems_in_the_list_and_on_the_diagram(db, web, staff) -> None:
    designer = with_password(db, staff("ontwerper"))
    sign_in(web, designer.actor.name)
    catalogue = web.get("/ui/processen")
    assert 'href="/ui/processen/valideren"' in catalogue.text
    form = web.get("/ui/processen/valideren")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text

    moved = OVERDRACHT.replace(
        b'bpmnElement="Task_intake">\n        <dc:Bounds x="870" y="430"',
        b'bpmnElement="Task_intake">\n        <dc:Bounds x="870" y="900"',
    )
    assert moved != OVERDRACHT
    checked = upload(web, form.text, moved)
    assert checked.status_code == 422
    assert "<code>Task_intake</code>: de vorm ligt buiten zijn baan Lane_accountmanager" in checked.text
    problems = json_attribute(checked.text, "data-problems")  # the marks on the diagram say it in Dutch too
    assert (
        isinstance(problems, dict)
        and problems["Task_intake"] == "de vorm ligt buiten zijn baan Lane_accountmanager"
    )
    assert attribute(checked.text, "data-bpmn").startswith("data:application/xml;base64,")
    assert "Publiceren" not in checked.text

    not_xml = upload(web, form.text, b"dit is geen bpmn")
    assert not_xml.status_code == 422 and "geen welgevormde XML: " in not_xml.text
    assert "data-bpmn" not in not_xml.text  # listed only: there is no diagram to mark
    empty = web.post("/ui/processen/valideren", data={"csrf_token": csrf(form.text)})
    assert empty.status_code == 422 and 'href="#bestand"' in empty.text


def test_a_broken_model_is_explained_in_dutch_with_its_ids_names_and_expressions_kept(db, web, staff) -> None:
    """The engine's lint messages stay English for the API and the CLI; the console says them in Dutch."""
    designer = with_password(db, staff("ontwerper"))
    sign_in(web, designer.actor.name)
    form = web.get("/ui/processen/valideren")
    timer = OVERDRACHT.replace(b"P2W</bpmn:timeDuration>", b"twee weken</bpmn:timeDuration>").replace(
        b'<bpmn:userTask id="Task_intake"', b'<bpmn:userTask id="Task_intake" camunda:priority="5"'
    )
    checked = upload(web, form.text, timer)
    assert checked.status_code == 422
    shown = html.unescape(checked.text)
    assert f"<code>Timer_intake</code>: {TWEE_WEKEN}" in shown
    assert "camunda:priority wordt genegeerd" in shown  # a warning, listed under the problems
    assert "is not an ISO 8601" not in shown and "is ignored" not in shown
    marks = json_attribute(checked.text, "data-problems")
    assert marks == {"Timer_intake": TWEE_WEKEN}

    setting = OVERDRACHT.replace(b"matchbaar == true<", b"matchbaar == true and profiel.alles_mag<")
    checked = upload(web, form.text, setting)
    assert checked.status_code == 422
    shown = html.unescape(checked.text)
    assert "'profiel.alles_mag' is geen instelling van het profiel; zie docs/profiles.md" in shown
    assert "is not a profile setting" not in shown
    marks = json_attribute(checked.text, "data-problems")
    assert isinstance(marks, dict)
    assert "'profiel.alles_mag' is geen instelling van het profiel; zie docs/profiles.md" in marks.values()
    parts = "; ".join(marks.values()).split("; ")
    assert [p for p in parts if dutch_problem(p) != p] == []  # no English message left on the diagram


def test_a_clean_model_is_published_as_a_new_version(db, web, staff) -> None:
    designer, form, process_id, first = new_process(db, web, staff)

    checked = upload(web, form.text, first)
    assert checked.status_code == 200 and "Geen problemen in overdracht.bpmn" in checked.text
    assert "nieuw proces; publiceren maakt versie 1" in checked.text
    published = publish(web, checked.text)
    assert published.url.path == f"/ui/processen/{process_id}"
    assert "Versie 1 is gepubliceerd" in published.text and designer.actor.name in published.text

    second = first.replace(b'name="Overdracht (testproces)"', b'name="Overdracht (tweede versie)"')
    checked = upload(web, published.text, second)
    assert "publiceren maakt versie 2" in checked.text
    published = publish(web, checked.text)
    assert (
        "Versie 2 is gepubliceerd" in published.text
        and "<h1>Overdracht (tweede versie)</h1>" in published.text
    )
    with db.tx() as session:
        version = processes.get_version(session, process_id)
        assert version.number == 2 and version.deployed_by == designer.actor.name
        assert processes.main_file(session, version) == ("overdracht.bpmn", second)  # byte for byte

    again = upload(web, published.text, second)
    assert "al gepubliceerd als" in again.text and 'action="/ui/processen/publiceren"' not in again.text


def test_a_model_is_published_without_taking_it_into_use(db, client, web, staff, gemeente) -> None:
    """As `procesregie deploy --not-in-use` and `POST /processes?in_use=false`: the new version waits
    for a pilot, new cases stay on the version in use."""
    designer, form, process_id, first = new_process(db, web, staff)
    checked = upload(web, form.text, first)
    assert 'name="niet_in_gebruik"' not in checked.text  # a new process: its first version is the one
    published = publish(web, checked.text)
    second = first.replace(b'name="Overdracht (testproces)"', b'name="Overdracht (pilot)"')
    checked = upload(web, published.text, second)
    assert 'name="niet_in_gebruik"' in checked.text and "Niet in gebruik nemen" in checked.text
    published = publish(web, checked.text, niet_in_gebruik="true")
    assert published.status_code == 200
    assert "Versie 2 is gepubliceerd" in published.text
    assert "niet in gebruik genomen: nieuwe zaken blijven starten op versie 1" in published.text
    with db.tx() as session:
        assert processes.get_version(session, process_id).number == 1  # the one new cases start on
        two = processes.get_version(session, process_id, 2)
        assert two.retired_at is not None and two.deployed_by == designer.actor.name
    started = client.post(
        "/cases",
        headers=staff("werkcoach").headers,
        json={
            "process_id": process_id,
            "gemeente": gemeente,
            "client_ref": "K-1",
            "data": {"weken_plan": 26},
        },
    )
    assert started.status_code == 201, started.text
    assert started.json()["process_version"] == 1


def test_a_tampered_publish_form_changes_nothing(db, web, staff) -> None:
    designer = with_password(db, staff("ontwerper"))
    page = sign_in(web, designer.actor.name)
    response = web.post(
        "/ui/processen/publiceren",
        data={"csrf_token": csrf(page.text), "bestandsnaam": "x.bpmn", "inhoud": "not base64!"},
    )
    assert response.status_code == 422 and "upload het bestand opnieuw" in response.text
    with db.tx() as session:
        assert (
            session.scalar(select(ProcessVersion).where(ProcessVersion.deployed_by == designer.actor.name))
            is None
        )


def test_only_an_ontwerper_validates_and_publishes(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    queue = sign_in(web, coach.actor.name)
    assert web.get("/ui/processen/valideren").status_code == 403
    refused = upload(web, queue.text, OVERDRACHT)
    assert refused.status_code == 403 and "Geen toegang" in refused.text
    published = web.post(
        "/ui/processen/publiceren",
        data={"csrf_token": csrf(queue.text), "bestandsnaam": "x.bpmn", "inhoud": ""},
    )
    assert published.status_code == 403


def test_statistics_are_for_report_readers_only(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    regisseur = with_password(db, staff("procesregisseur"))
    start(client, coach, gemeente)
    first = start(client, coach, gemeente)

    sign_in(web, coach.actor.name)
    page = web.get("/ui/processen/overdracht_test")
    assert page.status_code == 200 and "Statistieken" not in page.text
    assert web.get("/ui/processen/overdracht_test", params={"van": "2026-01-01"}).status_code == 403

    web.cookies.clear()
    sign_in(web, regisseur.actor.name)
    page = web.get("/ui/processen/overdracht_test")
    assert '<h2 id="statistieken">Statistieken</h2>' in page.text
    heat_diagram = page.text[page.text.index('id="statistieken"') :]
    assert json_attribute(heat_diagram, "data-heat") == {"Task_voorbereiden": 1.0}
    assert json_attribute(heat_diagram, "data-overlays") == {"Task_voorbereiden": "2 / 0"}
    done = client.post(
        f"/tasks/{first['tasks'][0]['id']}/complete",
        headers=coach.headers,
        json={"data": {"matchbaar": True, "kandidaatprofiel": "Orderpicker"}},
    )
    assert done.status_code == 200, done.text
    table = web.get("/ui/processen/overdracht_test").text.split("<caption>Per taak</caption>")[1]
    # in the diagram's order, left to right: the werkcoach's task before the accountmanager's intake
    assert re.findall(r'<code class="muted">(\w+)</code>', table) == ["Task_voorbereiden", "Task_intake"]
    future = web.get("/ui/processen/overdracht_test", params={"van": "2099-01-01", "tot": ""})
    assert future.status_code == 200 and "Geen taken in deze periode" in future.text
    wrong = web.get("/ui/processen/overdracht_test", params={"van": "2026-02-01", "tot": "2026-01-01"})
    assert wrong.status_code == 422 and 'href="#tot"' in wrong.text


def test_statistics_name_the_called_process_of_each_task(db, client, web, staff, gemeente) -> None:
    """The tasks of the checks an application calls count under the application, which draws only the
    calls: the table lists the application's own tasks in its diagram's order, then each called process's
    under its name, in the order of the calls, each in that process's diagram's order."""
    ic = staff("inkomensconsulent", "backoffice")  # the checks ask the backoffice too
    data = {
        "datum_aanvraag": "2026-11-23",
        "datum_melding": "2026-11-20",
        "opgegeven_leefvorm": "alleenstaand",
    }
    application = {"process_id": LEVENSONDERHOUD, "gemeente": gemeente, "client_ref": "K-9", "data": data}
    tasks = client.post("/cases", headers=ic.headers, json=application).json()["tasks"]
    while tasks[0]["element_id"] != "Task_vermogen_vaststellen":  # into the vermogenstoets
        answers = RECHT[tasks[0]["element_id"]]
        tasks = client.post(f"/tasks/{tasks[0]['id']}/complete", headers=ic.headers, json={"data": answers})
        tasks = tasks.json()["tasks"]
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    table = web.get(f"/ui/processen/{LEVENSONDERHOUD}").text.split("<caption>Per taak</caption>")[1]
    groups = [
        (re.sub(r"<[^>]+>", "", heading), re.findall(r'<code class="muted">(\w+)</code>', rows))
        for heading, rows in re.findall(
            r'<th scope="rowgroup" colspan="4">(.*?)</th>(.*?)</tbody>', table, re.S
        )
    ]
    assert groups == [
        ("In dit proces", ["Task_volledigheid_beoordelen", "Task_opgaven_vastleggen"]),
        ("In het aangeroepen proces Identiteit vaststellen", ["Task_identiteitsdocument_controleren"]),
        (
            "In het aangeroepen proces Rechthebbende en uitsluitingsgronden toetsen",
            ["Task_registergegevens_opvragen", "Task_rechthebbende_en_uitsluitingsgronden_beoordelen"],
        ),
        (
            "In het aangeroepen proces Leefvorm en kostendelersnorm vaststellen",
            ["Task_woonsituatie_toetsen", "Task_leefvorm_en_norm_vaststellen"],
        ),
        (
            "In het aangeroepen proces Vermogenstoets",
            ["Task_vermogensopgave_controleren", "Task_vermogen_vaststellen"],
        ),
    ]
    assert '<a href="/ui/processen/vermogenstoets">Vermogenstoets</a>' in table


def test_a_camunda7_model_lists_what_is_ignored_and_how_its_juel_runs(db, web, staff) -> None:
    designer = with_password(db, staff("ontwerper"))
    sign_in(web, designer.actor.name)
    form = web.get("/ui/processen/valideren")
    model = (FIXTURES / "camunda7" / "juel_besluit.bpmn").read_bytes()
    checked = upload(web, form.text, model, "juel_besluit.bpmn")
    assert checked.status_code == 200 and "Geen problemen in juel_besluit.bpmn" in checked.text
    assert re.search(r"<h2 id=\"opmerkingen\">\d+ opmerkingen</h2>", checked.text)
    assert (
        '<code>Activity_beoordelen</code>: <span class="badge claimed">waarschuwing</span> '
        "camunda:asyncBefore wordt genegeerd (elke stap is één transactie)"
    ) in checked.text
    assert 'wordt uitgevoerd als: besluit == "toekennen" and (bedrag > 1000 or spoed)' in html.unescape(
        checked.text
    )
