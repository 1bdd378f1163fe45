"""The console through a real ASGI client: sign-in, CSRF, the work queue and a task's form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.console.web import dutch
from engine import access, steering, users
from engine.models import Case, CaseTask

PASSWORD = "correct horse battery"


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    """A browser of its own (its own cookies) on the shared app."""
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def with_password(db, who):
    with db.tx() as session:
        users.set_password(session, who.actor.name, PASSWORD)
    return who


def sign_in(web: TestClient, name: str, password: str = PASSWORD, volgende: str = "") -> object:
    page = web.get("/ui/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)
    assert token, page.text
    return web.post(
        "/ui/login",
        data={"username": name, "password": password, "login_token": token[1], "volgende": volgende},
    )


def csrf(page_html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page_html)
    assert found, page_html
    return found[1]


def start(client: TestClient, who, gemeente: str) -> dict:
    response = client.post(
        "/cases",
        headers=who.headers,
        json={
            "process_id": "overdracht_test",
            "gemeente": gemeente,
            "client_ref": "K-77",
            "data": {"weken_plan": 26},
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_sign_in_lands_on_the_work_queue_and_refuses_a_wrong_password(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    assert web.get("/ui/werkvoorraad", follow_redirects=False).headers["location"].startswith("/ui/login")

    refused = sign_in(web, coach.actor.name, "wrong password!")
    assert refused.status_code == 401 and "Onbekende gebruikersnaam of onjuist wachtwoord" in refused.text

    landed = sign_in(web, coach.actor.name)
    assert landed.status_code == 200 and landed.url.path == "/ui/werkvoorraad"
    assert "<h1>Werkvoorraad</h1>" in landed.text
    cookie = next(c for c in web.cookies.jar if c.name == "procesregie_sessie")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.path == "/ui"


def test_the_sign_in_form_needs_its_token(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    response = web.post(
        "/ui/login", data={"username": coach.actor.name, "password": PASSWORD, "login_token": "x"}
    )
    assert response.status_code == 401 and "verlopen" in response.text
    assert "procesregie_sessie" not in web.cookies


def test_a_klantmanager_claims_fixes_a_wrong_value_and_the_case_moves_on(
    db, client, web, staff, gemeente
) -> None:
    coach = with_password(db, staff("werkcoach"))
    case = start(client, coach, gemeente)
    [task] = case["tasks"]
    queue = sign_in(web, coach.actor.name)
    assert f'href="/ui/taken/{task["id"]}"' in queue.text and "K-77" in queue.text

    claimed = web.post(f"/ui/taken/{task['id']}/oppakken", data={"csrf_token": csrf(queue.text)})
    assert claimed.url.path == f"/ui/taken/{task['id']}" and "opgepakt door" in claimed.text

    too_long = "x" * 201
    refused = web.post(
        f"/ui/taken/{task['id']}", data={"csrf_token": csrf(claimed.text), "kandidaatprofiel": too_long}
    )
    assert refused.status_code == 422
    assert 'id="matchbaar-fout">is verplicht<' in refused.text
    assert 'id="kandidaatprofiel-fout">mag hoogstens 200 tekens hebben<' in refused.text
    assert too_long in refused.text  # the entered value is kept
    with db.tx() as session:
        assert session.get(CaseTask, task["id"]).status == "claimed"

    done = web.post(
        f"/ui/taken/{task['id']}",
        data={"csrf_token": csrf(refused.text), "matchbaar": "true", "kandidaatprofiel": "heftruck"},
    )
    assert done.url.path == "/ui/werkvoorraad"
    assert "Intake werkgeversdienstverlening</strong> (accountmanager)" in done.text
    with db.tx() as session:
        open_roles = session.scalars(
            select(CaseTask.role).where(CaseTask.case_id == case["id"], CaseTask.status == "ready")
        ).all()
        assert open_roles == ["accountmanager"]


def test_a_form_without_the_sign_ins_token_changes_nothing(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    [task] = start(client, coach, gemeente)["tasks"]
    sign_in(web, coach.actor.name)
    response = web.post(f"/ui/taken/{task['id']}/oppakken", data={"csrf_token": "from another site"})
    assert response.status_code == 403 and "Formulier verlopen" in response.text
    with db.tx() as session:
        assert session.get(CaseTask, task["id"]).status == "ready"


def test_a_user_of_another_gemeente_gets_no_access(db, client, web, staff, gemeente) -> None:
    coach = staff("werkcoach")
    [task] = start(client, coach, gemeente)["tasks"]
    stranger = with_password(db, staff("werkcoach", gemeenten=["elders"]))
    sign_in(web, stranger.actor.name)
    response = web.get(f"/ui/taken/{task['id']}")
    assert response.status_code == 404 and "Niet gevonden" in response.text
    assert task["id"] not in web.get("/ui/werkvoorraad").text


def menu(page_html: str) -> list[str]:
    """The labels of the main menu on a page, and who is signed in; empty without the menu."""
    nav = re.search(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', page_html, re.S)
    who = re.search(r'<div class="who">\s*<span>([^<]*)</span>', page_html)
    labels = re.findall(r"<a [^>]*>([^<]+)</a>", nav[1]) if nav else []
    return labels + ([who[1]] if who else [])


def test_error_pages_keep_the_signed_in_menu(db, client, web, staff, gemeente) -> None:
    """403, 404, 422 and 500 of the console are pages inside the layout of whoever is signed in: their
    menu and Afmelden stay, so they need not go back by hand. Without a sign-in: no menu."""
    coach = with_password(db, staff("werkcoach"))
    [task] = start(client, coach, gemeente)["tasks"]

    def broken() -> None:
        raise RuntimeError("a bug")

    client.app.add_api_route("/ui/kapot", broken, methods=["GET"])
    try:
        _error_pages_keep_the_menu(web, coach, task, gemeente)
    finally:  # the app is shared: the route walks of tests/api/test_security.py must not find it
        routes = client.app.router.routes
        routes[:] = [r for r in routes if getattr(r, "path", "") != "/ui/kapot"]


def _error_pages_keep_the_menu(web, coach, task, gemeente) -> None:
    pages = {
        404: "/ui/bestaat-niet",
        403: "/ui/audit",  # for auditors
        422: "/ui/processen/overdracht_test?versie=een",
        500: "/ui/kapot",
        405: f"/ui/taken/{task['id']}/oppakken",  # a button's address, opened as a page
    }
    anonymous = {status: web.get(path, follow_redirects=False) for status, path in pages.items()}
    assert anonymous[403].status_code == 303  # sign in first
    assert all(anonymous[s].status_code == s and menu(anonymous[s].text) == [] for s in (404, 422, 500, 405))
    assert "Method Not Allowed" not in anonymous[405].text and "hoort bij een knop" in anonymous[405].text

    sign_in(web, coach.actor.name)
    shown = f"{coach.actor.name} · werkcoach · {gemeente}"
    titles = {
        404: "Niet gevonden",
        403: "Geen toegang",
        422: "Ongeldige invoer",
        500: "Er ging iets mis",
        405: "Niet mogelijk",
    }
    for status, path in pages.items():
        page = web.get(path)
        assert page.status_code == status, (path, page.text)
        assert f"<h1>{titles[status]}</h1>" in page.text, page.text
        assert menu(page.text) == ["Werkvoorraad", "Processen", shown], (status, page.text)
        assert 'action="/ui/uitloggen"' in page.text and "Traceback" not in page.text
    # A refused form (an engine error inside the page's transaction) and an expired form keep it too.
    refused = web.post(f"/ui/taken/{task['id']}/oppakken", data={"csrf_token": "from another site"})
    assert refused.status_code == 403 and menu(refused.text)[-1] == shown
    out = web.post("/ui/uitloggen", data={"csrf_token": csrf(web.get("/ui/werkvoorraad").text)})
    assert out.url.path == "/ui/login"
    gone = web.get("/ui/bestaat-niet")
    assert gone.status_code == 404 and menu(gone.text) == []  # signed out: the menu has gone


def test_signing_out_and_expiry_end_the_sign_in(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    queue = sign_in(web, coach.actor.name)
    cookie = web.cookies["procesregie_sessie"]
    out = web.post("/ui/uitloggen", data={"csrf_token": csrf(queue.text)})
    assert out.url.path == "/ui/login" and "U bent afgemeld" in out.text
    web.cookies.set("procesregie_sessie", cookie, path="/ui")  # an old cookie no longer works
    assert web.get("/ui/werkvoorraad", follow_redirects=False).status_code == 303

    sign_in(web, coach.actor.name)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=9)):
        to = web.get("/ui/werkvoorraad", follow_redirects=False).headers["location"]
        assert to == "/ui/login?volgende=/ui/werkvoorraad&verlopen=1"
        assert "Uw aanmelding is verlopen of beëindigd" in web.get(to).text
        # a form sent after it: back to the page that held the form, and nothing was sent
        sent = web.post(
            f"/ui/taken/{'0' * 8}/oppakken",
            data={"csrf_token": csrf(queue.text)},
            headers={"referer": "http://testserver/ui/werkvoorraad?proces=x"},
            follow_redirects=False,
        )
        assert sent.headers["location"] == (
            "/ui/login?volgende=/ui/werkvoorraad%3Fproces%3Dx&verlopen=1&niet_verstuurd=1"
        )
        assert "Wat u net verstuurde is niet verwerkt" in web.get(sent.headers["location"]).text
    web.cookies.clear()
    assert "U bent niet (meer) aangemeld" in web.get("/ui/werkvoorraad").text
    assert "aangemeld" not in web.get("/ui/").text  # the start page: nothing to say yet


def test_opening_a_task_is_access_logged(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    auditor = staff("auditor")
    case = start(client, coach, gemeente)
    sign_in(web, coach.actor.name)
    assert web.get(f"/ui/taken/{case['tasks'][0]['id']}").status_code == 200
    log = client.get("/audit/access", params={"case_id": case["id"]}, headers=auditor.headers).json()
    assert [(e["actor"], e["action"]) for e in log] == [(coach.actor.name, "task")]
    with db.tx() as session:
        assert session.get(Case, case["id"]).status == "running"


def test_claiming_from_the_queue_with_htmx_swaps_only_the_row(db, client, web, staff, gemeente) -> None:
    coach = with_password(db, staff("werkcoach"))
    [task] = start(client, coach, gemeente)["tasks"]
    queue = sign_in(web, coach.actor.name)
    token = csrf(queue.text)
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    row = web.post(f"/ui/taken/{task['id']}/oppakken", headers=headers)
    assert row.status_code == 200 and row.text.lstrip().startswith("<tr")
    assert f"opgepakt door {coach.actor.name}" in row.text and "Teruggeven" in row.text
    back = web.post(f"/ui/taken/{task['id']}/teruggeven", headers=headers)
    assert ">open<" in back.text and "Oppakken" in back.text
    with db.tx() as session:
        assert session.get(CaseTask, task["id"]).status == "ready"
    refused = web.post(f"/ui/taken/{task['id']}/oppakken", headers={"HX-Request": "true"})
    assert refused.status_code == 403  # htmx requests carry the sign-in's token too


def test_every_role_rule_refuses_in_dutch() -> None:
    """A refusal of engine.access reaches the console's 403 page through ``dutch``: no English there."""
    rules = [v for v in vars(access).values() if isinstance(v, access.Rule)]
    assert len(rules) >= 7
    untranslated = [r.refusal for r in rules if dutch(r.refusal) == r.refusal]
    assert untranslated == []
    # Nor why a KPI is missing (its cell's title, the list under the KPI tables).
    assert [d.missing for d in steering.DEFINITIONS if d.missing and dutch(d.missing) == d.missing] == []
    refused = dutch("task 'Besluit nemen' is assigned to karel")
    assert refused == "taak 'Besluit nemen' is toegewezen aan karel"


def test_the_task_form_has_a_control_per_field_type_named_after_its_id(
    db, client, web, staff, gemeente
) -> None:  # type: ignore[no-untyped-def]
    coach = with_password(db, staff("werkcoach"))
    case = start(client, coach, gemeente)
    [task] = case["tasks"]
    sign_in(web, coach.actor.name)
    page = web.get(f"/ui/taken/{task['id']}").text
    assert re.search(r'<input type="radio" id="matchbaar" name="matchbaar" value="true"', page)  # yes/no
    assert re.search(r'<input type="radio" id="matchbaar-nee" name="matchbaar" value="false"', page)
    assert re.search(
        r'<input type="text" id="kandidaatprofiel" name="kandidaatprofiel" value="" maxlength="200"', page
    )
    assert re.search(r'Kandidaat is matchbaar\s*<span class="required"', page)  # the required mark

    am = with_password(db, staff("accountmanager"))
    done = client.post(
        f"/tasks/{task['id']}/complete", headers=coach.headers, json={"data": {"matchbaar": True}}
    )
    [intake] = done.json()["tasks"]
    sign_in(web, am.actor.name)
    page = web.get(f"/ui/taken/{intake['id']}").text
    assert re.search(r'<select id="uitkomst" name="uitkomst" required', page)  # a choice list
    assert re.search(
        r'<input type="number"[^>]* id="uren_per_week" name="uren_per_week"[^>]* min="0" max="40"', page
    )
    assert re.search(r'<input type="date" id="startdatum" name="startdatum"', page)  # the date picker
    assert re.search(r'<button type="submit"[^>]*>Afronden</button>', page)


def test_the_work_queue_filters_by_process_role_term_and_claimed_by_me(  # type: ignore[no-untyped-def]
    db, client, web, staff, gemeente
) -> None:
    coach = with_password(db, staff("werkcoach"))
    [task] = start(client, coach, gemeente)["tasks"]
    sign_in(web, coach.actor.name)
    link = f'href="/ui/taken/{task["id"]}"'
    assert link in web.get("/ui/werkvoorraad", params={"proces": "overdracht_test"}).text
    assert (
        link not in web.get("/ui/werkvoorraad", params={"proces": "aanvraag_levensonderhoud_behandelen"}).text
    )
    assert link in web.get("/ui/werkvoorraad", params={"rol": "werkcoach"}).text
    assert link not in web.get("/ui/werkvoorraad", params={"mijn": "true"}).text
    web.post(f"/ui/taken/{task['id']}/oppakken", data={"csrf_token": csrf(web.get("/ui/werkvoorraad").text)})
    assert link in web.get("/ui/werkvoorraad", params={"mijn": "true"}).text

    # The intake's term ends in two weeks: inside 30 days, not inside 7.
    am = with_password(db, staff("accountmanager"))
    done = client.post(
        f"/tasks/{task['id']}/complete", headers=coach.headers, json={"data": {"matchbaar": True}}
    )
    [intake] = done.json()["tasks"]
    sign_in(web, am.actor.name)
    link = f'href="/ui/taken/{intake["id"]}"'
    assert link in web.get("/ui/werkvoorraad", params={"termijn": 30}).text
    assert link not in web.get("/ui/werkvoorraad", params={"termijn": 7}).text


def test_a_task_a_colleague_just_completed_is_refused_in_dutch_and_nothing_changes(  # type: ignore[no-untyped-def]
    db, client, web, staff, gemeente
) -> None:
    coach, colleague = staff("werkcoach"), with_password(db, staff("werkcoach"))
    case = start(client, coach, gemeente)
    [task] = case["tasks"]
    sign_in(web, colleague.actor.name)
    form = web.get(f"/ui/taken/{task['id']}").text  # the colleague has the form open
    client.post(f"/tasks/{task['id']}/complete", headers=coach.headers, json={"data": {"matchbaar": True}})
    late = web.post(f"/ui/taken/{task['id']}", data={"csrf_token": csrf(form), "matchbaar": "false"})
    assert late.status_code == 409 and "Taak niet meer open" in late.text and "Traceback" not in late.text
    with db.tx() as session:
        assert session.get(CaseTask, task["id"]).completed_by == coach.actor.name
        assert session.get(Case, case["id"]).data["matchbaar"] is True
