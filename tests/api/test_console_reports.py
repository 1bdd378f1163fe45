"""The procesregisseur's page /ui/regie through a real ASGI client: handovers between roles, waits
beyond the norm, deadlines at risk and lead times, scoped to the regisseur's gemeenten."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from fastapi.testclient import TestClient

from engine import processes
from engine.reports import lead_times, lead_times_by_process
from tests.api.test_console import sign_in, start, with_password


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    """A browser of its own (its own cookies) on the shared app."""
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def _complete(client, who, task_id: str, data: dict) -> dict:
    response = client.post(f"/tasks/{task_id}/complete", headers=who.headers, json={"data": data})
    assert response.status_code == 200, response.text
    return response.json()


def _row(html: str, caption: str) -> list[list[str]]:
    """The cells of the rows of the table with this caption, as text."""
    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert table, html
    rows = re.findall(r"<tr>(.*?)</tr>", table[1], re.S)[1:]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in cells]


def test_a_handover_shows_in_the_picture_and_the_tables(db, client, web, staff, gemeente) -> None:
    coach, am = staff("werkcoach"), staff("accountmanager")
    regisseur = with_password(db, staff("procesregisseur"))
    case = start(client, coach, gemeente)
    intake = _complete(client, coach, case["tasks"][0]["id"], {"matchbaar": True})["tasks"][0]
    client.post(f"/tasks/{intake['id']}/claim", headers=am.headers)

    sign_in(web, regisseur.actor.name)
    page = web.get("/ui/regie", params={"gemeente": gemeente})
    assert page.status_code == 200, page.text
    assert page.text.count("<h1>") == 1
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page.text, re.S)
    assert svg and 'role="img"' in svg[0] and "<title" in svg[0] and "<desc" in svg[0]
    assert ">werkcoach</text>" in svg[0] and ">accountmanager</text>" in svg[0]

    [pair] = _row(page.text, "Overdrachten per rolpaar, alle processen samen")
    assert pair[:4] == ["werkcoach", "accountmanager", "1", "1"]
    [per_process] = _row(page.text, "Overdrachten per proces")
    assert per_process[:5] == ["Overdracht (testproces)", "werkcoach", "accountmanager", "1", "1"]
    assert "Geen overdracht wacht langer dan de norm." in page.text

    # the process has a running case, so it has a row of lead times
    [lead] = _row(page.text, "Doorlooptijd tegen de norm: afgeronde zaken in de periode, lopende zaken nu")
    assert lead[:3] == ["Overdracht (testproces)", "0", "1"]


def test_an_overdue_handover_and_a_deadline_link_to_their_case(db, client, web, staff, gemeente) -> None:
    coach = staff("werkcoach")
    regisseur = with_password(db, staff("procesregisseur"))
    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now, tick=False) as clock:
        case = start(client, coach, gemeente)
        _complete(client, coach, case["tasks"][0]["id"], {"matchbaar": True})
        clock.shift(dt.timedelta(hours=30))
        sign_in(web, regisseur.actor.name)
        page = web.get("/ui/regie", params={"gemeente": gemeente, "norm": "24"})
        assert page.status_code == 200, page.text
        [late] = _row(page.text, "1 overdracht nog niet opgepakt, langst wachtend eerst")
        assert late[0] == f"Zaak {case['id'][:8]}" and late[2:4] == [
            "werkcoach → accountmanager",
            "Intake werkgeversdienstverlening",
        ]
        assert late[5] == "30 u"
        assert f'href="/ui/zaken/{case["id"]}"' in page.text

        # the intake's two-week term is 12.75 days away: within 14 days, not within 7
        [term] = _row(page.text, "1 lopende zaak, eerstvolgende termijn eerst")
        assert term[:2] == [f"Zaak {case['id'][:8]}", "Overdracht (testproces)"]
        assert "Termijnen die binnen 14 dagen verlopen" in page.text
        week = web.get("/ui/regie", params={"gemeente": gemeente, "termijn": "7"})
        assert "Geen termijn van een lopende zaak verloopt binnen 7 dagen." in week.text

        # with a norm of 48 hours the handover is not late yet
        relaxed = web.get("/ui/regie", params={"gemeente": gemeente, "norm": "48"})
        assert "Geen overdracht wacht langer dan de norm." in relaxed.text


def test_wrong_filters_are_named_next_to_their_field(db, web, staff, gemeente) -> None:
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    page = web.get(
        "/ui/regie",
        params={"vanaf": "2026-02-30", "norm": "0", "termijn": "400", "gemeente": "elders"},
    )
    assert page.status_code == 422
    assert 'id="vanaf-fout">vul een geldige datum in' in page.text
    assert 'id="norm-fout">vul een aantal uren in' in page.text
    assert 'id="termijn-fout">vul een aantal dagen in van 1 tot en met 366<' in page.text
    assert 'id="gemeente-fout">kies een van uw gemeenten<' in page.text
    assert 'href="#norm"' in page.text  # the error summary links to the field
    backwards = web.get("/ui/regie", params={"vanaf": "2026-02-01", "tot": "2026-01-01"})
    assert 'id="tot-fout">mag niet vóór de begindatum liggen<' in backwards.text


def test_a_werkcoach_may_not_open_the_regie_page(db, web, staff) -> None:
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    response = web.get("/ui/regie")
    assert response.status_code == 403 and "Geen toegang" in response.text
    # Why, in Dutch: the engine's refusal as the console says it.
    assert "Dit mag u niet: de rapportages zijn voor de procesregisseur en auditors." in response.text


def test_lead_times_of_all_processes_match_those_of_one(db, client, staff, gemeente) -> None:
    coach, am, regisseur = staff("werkcoach"), staff("accountmanager"), staff("procesregisseur")
    with db.tx() as session:
        assert lead_times_by_process(session, regisseur.actor, {}) == []
    start(client, coach, gemeente)
    done = start(client, coach, gemeente)
    intake = _complete(client, coach, done["tasks"][0]["id"], {"matchbaar": True})["tasks"][0]
    client.post(f"/tasks/{intake['id']}/claim", headers=am.headers)
    _complete(client, am, intake["id"], {"uitkomst": "geplaatst"})
    with db.tx() as session:
        version = processes.latest_version(session, "overdracht_test")
        assert version is not None
        [together] = lead_times_by_process(session, regisseur.actor, {"overdracht_test": version})
        alone = lead_times(session, regisseur.actor, version)
        assert together == alone
        # The model sets no norm: none is over it; against a norm given instead, the case is.
        assert (together.completed, together.running, together.norm_seconds, together.over_norm) == (
            1,
            1,
            None,
            0,
        )
        stricter = lead_times(session, regisseur.actor, version, norm=dt.timedelta(seconds=0.001))
        assert (stricter.completed, stricter.running, stricter.norm_seconds, stricter.over_norm) == (
            1,
            1,
            0.001,
            1,
        )
        assert lead_times_by_process(session, regisseur.actor, {}, gemeente="elders") == []


def test_the_outcome_page_counts_cases_by_the_end_they_reached(db, client, web, staff, gemeente) -> None:
    consulent = staff("inkomensconsulent")
    for besluit in ("toekennen", "afwijzen", "toekennen"):
        case = client.post(
            "/cases",
            headers=consulent.headers,
            json={"process_id": "escalatie_test", "gemeente": gemeente, "client_ref": "K-8", "data": {}},
        ).json()
        _complete(client, consulent, case["tasks"][0]["id"], {"besluit": besluit})
    client.post(
        "/cases",
        headers=consulent.headers,
        json={"process_id": "escalatie_test", "gemeente": gemeente, "client_ref": "K-9"},
    )
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    page = web.get("/ui/regie/uitkomsten", params={"gemeente": gemeente, "proces": "escalatie_test"})
    assert page.status_code == 200, page.text
    [row] = _row(page.text, "Uitkomsten per proces, gemeente en versie")
    name, where, version, started, ended, outcomes, cancelled, median, p90, norm, over = row
    assert (name, where, started, ended, cancelled, norm, over) == (
        "Aanvraag met escalatie (testproces)",
        gemeente,
        "4",
        "3",
        "0",
        "56 d",
        "0",
    )
    assert outcomes.replace(" ", "") == "Toegekend2Afgewezen1"  # the most frequent first
    assert re.findall(r'class="badge outcome-(\w+)">([^<]+)</span> (\d+)', page.text) == [
        ("toegekend", "Toegekend", "2"),
        ("afgewezen", "Afgewezen", "1"),
    ]
    assert 'href="/ui/regie/uitkomsten"' in web.get("/ui/regie").text  # linked from the regie page


def test_the_outcome_page_names_a_wrong_filter_next_to_its_field(db, web, staff) -> None:
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    alone = web.get("/ui/regie/uitkomsten", params={"versie": "2"})
    assert alone.status_code == 422 and 'id="versie-fout">kies eerst een proces' in alone.text
    unknown = web.get("/ui/regie/uitkomsten", params={"versie": "999", "proces": "escalatie_test"})
    assert unknown.status_code == 422 and 'id="versie-fout">dit proces heeft geen versie 999<' in unknown.text
    wrong = web.get(
        "/ui/regie/uitkomsten", params={"versie": "twee", "proces": "onbekend", "vanaf": "2026-13-01"}
    )
    assert wrong.status_code == 422
    for field in ("versie", "proces", "vanaf"):
        assert f'id="{field}-fout">' in wrong.text and f'href="#{field}"' in wrong.text
    coach = with_password(db, staff("werkcoach"))
    sign_in(web, coach.actor.name)
    assert web.get("/ui/regie/uitkomsten").status_code == 403
