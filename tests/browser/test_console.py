"""What people do in the console, in a real browser: staff, procesregisseur, auditor, designer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import GEMEENTE, PASSWORD, Site
from tests.conftest import PROCESSES
from tests.engine.test_client_journey import RECHT
from tests.servers import Http, cli

pytestmark = pytest.mark.slow  # a real server and a real browser


def _application_at_the_decision(site: Site, client_ref: str) -> str:
    """An application for bijstand, taken by the inkomensconsulent through the checks it calls (the
    backoffice asks the registers) up to the klantmanager's decision."""
    ic = site.user("ines", "inkomensconsulent")
    bo = site.user("bob", "backoffice")
    case = site.api(
        ic,
        "POST",
        "/cases",
        {
            "process_id": "aanvraag_levensonderhoud_behandelen",
            "gemeente": GEMEENTE,
            "client_ref": client_ref,
            "data": {
                "datum_aanvraag": "2026-11-23",
                "datum_melding": "2026-11-20",
                "opgegeven_leefvorm": "alleenstaand",
            },
        },
    )
    [task] = case["tasks"]
    while task["role"] != "klantmanager":
        token = bo if task["role"] == "backoffice" else ic
        data = RECHT[task["element_id"]]
        step = site.api(token, "POST", f"/tasks/{task['id']}/complete", {"data": data})
        [task] = step["tasks"]
    assert task["element_id"] == "Task_besluit_nemen"
    return str(case["id"])


def test_a_klantmanager_decides_after_fixing_a_wrong_value(site, console) -> None:
    case_id = _application_at_the_decision(site, "K-BROWSER-1")
    site.user("karel", "klantmanager")
    karel = console()
    page = karel.sign_in("karel")
    assert page.url.endswith("/ui/werkvoorraad")
    row = page.locator("tr", has_text="K-BROWSER-1")
    row.get_by_role("button", name="Oppakken").click()  # htmx swaps the row, the page stays
    row.get_by_text("opgepakt door karel").wait_for()
    assert page.url.endswith("/ui/werkvoorraad")
    karel.accessible()
    row.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    karel.accessible()
    karel.diagram_drawn()
    # The task itself is marked, inside its subprocess, and shown large enough to read its name.
    assert page.locator('.djs-element.pr-active[data-element-id="Task_besluit_nemen"]').count() == 1
    whole = page.get_by_role("button", name="Hele diagram tonen")
    karel.accessible()
    whole.click()
    assert whole.count() == 0

    # The earlier steps say a choice as the form offered it, not by its id.
    steps = page.locator("ol.timeline").inner_text()
    assert "Binnen de vrijlatingsgrens" in steps and "binnen_grens" not in steps

    page.select_option("#besluit", "toekennen")
    karel.submit("Afronden")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#motivering_besluit-fout").inner_text() == "is verplicht"
    assert page.input_value("#besluit") == "toekennen"  # what was entered is kept

    page.fill("#motivering_besluit", "Voldoet aan de voorwaarden")
    karel.submit("Afronden")
    assert page.url.endswith("/ui/werkvoorraad?afgerond=" + page.url.split("afgerond=")[1])
    notice = page.locator(".notice").inner_text()
    assert "Norm en hoogte bijstand berekenen" in notice and "inkomensconsulent" in notice

    ines = console()
    queue = ines.sign_in("ines")
    assert queue.locator("tr", has_text="K-BROWSER-1").get_by_text("Norm en hoogte bijstand").is_visible()
    assert case_id


# The one-line fields of the page's filters: each one's kind, the top of its label, its height, its bottom.
ONE_LINE_FIELDS = """() => [...document.querySelectorAll('form.filters .field')].flatMap(field => {
  const label = field.querySelector('label');
  const control = field.querySelector('select, input:not([type=checkbox], [type=radio], [type=hidden])');
  if (!label || !control) return [];
  const box = control.getBoundingClientRect();
  return [[control.type, label.getBoundingClientRect().top, box.height, Math.round(box.bottom)]];
})"""


def test_the_labels_of_fields_side_by_side_line_up(site, console) -> None:
    """A row of fields stands on one line at the bottom: a date field, which Chromium drew 2 px taller than
    a text field, and a choice list, 2 px lower, put their labels 2 px higher and lower than the rest."""
    site.user("rita", "procesregisseur")
    rita = console()
    rita.sign_in("rita")
    fields = rita.open("/ui/regie").evaluate(ONE_LINE_FIELDS)
    row = [f for f in fields if f[3] == fields[0][3]]  # the first row: gemeente, vanaf, tot, norm, termijn
    assert {kind for kind, *_ in row} == {"select-one", "date", "number"}
    assert max(top for _, top, _, _ in row) - min(top for _, top, _, _ in row) < 0.5, row
    assert max(height for *_, height, _ in fields) - min(height for *_, height, _ in fields) < 0.5, fields


def test_a_user_of_another_gemeente_gets_no_access(site, console) -> None:
    case_id = _application_at_the_decision(site, "K-BROWSER-2")
    site.user("otto", "klantmanager", gemeente="oudewater")
    otto = console()
    otto.sign_in("otto")
    assert "K-BROWSER-2" not in otto.page.content()
    response = otto.page.goto(f"{site.base}/ui/zaken/{case_id}")
    assert response is not None and response.status == 404
    assert otto.page.get_by_role("heading", name="Niet gevonden").is_visible()
    otto.accessible()
    assert re.search("bestaat niet", otto.page.content())


def test_an_auditor_gives_a_reason_sees_the_timeline_and_the_access_log(site, console) -> None:
    case_id = _application_at_the_decision(site, "K-BROWSER-3")
    site.user("anna", "auditor")
    anna = console()
    anna.sign_in("anna")
    page = anna.open(f"/ui/zaken/{case_id}")
    assert page.locator("#reden").is_visible() and "K-BROWSER-3" not in page.content()
    page.fill("#reden", "Steekproef rechtmatigheid 2026-Q4")
    anna.submit("Zaak openen")
    anna.diagram_drawn()
    timeline = page.locator("ol.timeline").inner_text()
    assert "Overdracht van inkomensconsulent naar klantmanager" in timeline
    assert "Taak afgerond: 'Volledigheid aanvraag beoordelen' door ines (inkomensconsulent)" in timeline

    log = anna.open(f"/ui/audit?inzage_zaak={case_id}#inzage")
    row = log.locator("tr", has_text="Steekproef rechtmatigheid 2026-Q4").first
    assert row.is_visible() and "anna" in row.inner_text()


def test_a_designer_sees_a_broken_model_marked_on_its_diagram(site, console, tmp_path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "overdracht.bpmn"
    broken = tmp_path / "overdracht.bpmn"
    # A user task whose candidate group is not a role: lint names the task.
    broken.write_text(
        fixture.read_text().replace(
            '<bpmn:userTask id="Task_intake"',
            '<bpmn:userTask id="Task_intake" camunda:candidateGroups="kok"',
            1,
        )
    )
    site.user("olga", "ontwerper", gemeente="")
    olga = console()
    olga.sign_in("olga")
    page = olga.open("/ui/processen/valideren")
    page.set_input_files("#bestand", str(broken))
    olga.submit("Valideren")
    assert "Task_intake" in page.locator("main").inner_text()
    assert (
        "'kok' bij Candidate groups is geen rol" in page.locator("main").inner_text()
    )  # the console's Dutch
    olga.diagram_drawn()
    assert page.locator('.djs-element.pr-problem[data-element-id="Task_intake"]').count() == 1
    mark = page.locator('.djs-overlays[data-container-id="Task_intake"] .pr-overlay.problem')
    assert mark.inner_text() == "'kok' bij Candidate groups is geen rol"
    assert page.get_by_role("button", name="Publiceren").count() == 0


def test_the_procesregisseur_sees_the_klantmanagers_handover(site, console) -> None:
    case_id = _application_at_the_decision(site, "K-BROWSER-4")
    karel = site.user("karel", "klantmanager")
    [task] = [t for t in site.api(karel, "GET", "/tasks") if t["case_id"] == case_id]
    site.api(
        karel,
        "POST",
        f"/tasks/{task['id']}/complete",
        {"data": {"besluit": "afwijzen", "motivering_besluit": "x"}},
    )
    site.user("rita", "procesregisseur")
    rita = console()
    page = rita.sign_in("rita")
    assert page.url.endswith("/ui/regie")
    pairs = page.locator("table", has=page.locator("caption", has_text="per rolpaar"))
    row = pairs.locator("tr", has=page.locator("th", has_text="klantmanager"))
    assert "inkomensconsulent" in row.inner_text()
    assert page.locator("svg[role=img]").inner_html().count("klantmanager") >= 1


def test_the_procesregisseur_filters_the_outcomes_by_process(site, console) -> None:
    ic = site.user("ines", "inkomensconsulent")
    data = {
        "datum_aanvraag": "2026-11-23",
        "datum_melding": "2026-11-20",
        "opgegeven_leefvorm": "alleenstaand",
    }
    site.api(
        ic,
        "POST",
        "/cases",
        {
            "process_id": "aanvraag_levensonderhoud_behandelen",
            "gemeente": GEMEENTE,
            "client_ref": "K-5",
            "data": data,
        },
    )
    site.user("rita", "procesregisseur")
    rita = console()
    page = rita.sign_in("rita")
    with page.expect_navigation():
        page.get_by_role("link", name="Uitkomsten").click()
    page.wait_for_load_state("networkidle")
    rita.accessible()
    page.select_option("#proces", "aanvraag_levensonderhoud_behandelen")
    page.focus("#versie")
    page.keyboard.type("1")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form is sent from the keyboard
    page.wait_for_load_state("networkidle")
    rita.accessible()
    assert "proces=aanvraag_levensonderhoud_behandelen" in page.url and "versie=1" in page.url
    table = page.locator("table", has=page.locator("caption", has_text="Uitkomsten per proces"))
    [row] = table.locator("tbody tr").all()
    cells = row.locator("td").all_inner_texts()
    assert row.locator("th").inner_text() == "Aanvraag levensonderhoud behandelen"
    assert cells[:2] == [GEMEENTE, "1"] and int(cells[2]) >= 1  # gemeente, version, started


def test_every_page_passes_axe(site, console) -> None:
    site.user("bea", "beheerder")
    site.user("rita", "procesregisseur")
    bea, rita = console(), console()
    bea.sign_in("bea")
    bea.open("/ui/beheer")
    rita.sign_in("rita")
    for path in ("/ui/processen", "/ui/werkvoorraad", "/ui/processen/aanvraag_levensonderhoud_behandelen"):
        rita.open(path)
    rita.diagram_drawn()
    rita.accessible()  # with the diagram drawn
    # Too wide to read whole (the aanvraag calls its checks): it opens on its start, readable.
    rita.page.get_by_role("region", name="Diagram").get_by_role(
        "button", name="Hele diagram tonen"
    ).wait_for()
    rita.open("/ui/processen/aanvraag_levensonderhoud_behandelen?van=2026-01-01&tot=2027-12-31")
    rita.diagram_drawn()
    rita.accessible()  # with the heat map drawn


# Pairs (count, name) where a count of the statistics lies over a name drawn in the diagram.
COVERED_NAMES = """() => {
  const diagram = document.querySelector('section[aria-labelledby=statistieken] .diagram');
  const names = [...diagram.querySelectorAll('.djs-visual text')].filter(t => t.textContent.trim());
  const covered = [];
  for (const count of diagram.querySelectorAll('.pr-overlay.count')) {
    const a = count.getBoundingClientRect();
    for (const name of names) {
      const b = name.getBoundingClientRect();
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (dx > 1 && dy > 1) covered.push([count.textContent, name.textContent]);
    }
  }
  return {counts: diagram.querySelectorAll('.pr-overlay.count').length, covered};
}"""


# The empty height (px) of the heat map above and below the shapes it shows, pools and lanes left out.
EMPTY_ABOVE_AND_BELOW = """() => {
  const diagram = document.querySelector('section[aria-labelledby=statistieken] .diagram');
  const frame = diagram.getBoundingClientRect();
  const shown = [...diagram.querySelectorAll('.djs-shape')]
    .filter(g => !/^(Lane|Participant)_/.test(g.dataset.elementId))
    .map(g => g.getBoundingClientRect())
    .filter(r => r.width > 0 && r.right > frame.left && r.left < frame.right);
  return {
    top: Math.min(...shown.map(r => r.top)) - frame.top,
    bottom: frame.bottom - Math.max(...shown.map(r => r.bottom)),
  };
}"""


def test_the_counts_of_the_heat_map_cover_no_name(site, console) -> None:
    """Each count (open / passed) lies outside a corner of its task where it covers no name: not the
    gateway's beside the task, not a flow's, not the task's own."""
    _application_at_the_decision(site, "K-BROWSER-HEAT")
    site.user("rita", "procesregisseur")
    rita = console()
    rita.sign_in("rita")
    page = rita.open("/ui/processen/aanvraag_levensonderhoud_behandelen?van=2026-01-01&tot=2099-12-31")
    page.locator("section[aria-labelledby=statistieken] .pr-overlay.count").first.wait_for()
    found = page.evaluate(COVERED_NAMES)
    assert found["counts"] >= 3  # the checks, the onderzoek and the besluit
    assert found["covered"] == []
    # Too wide to read whole: it opens on the busiest task, whose count is in sight; a button shows all.
    section = page.locator("section[aria-labelledby=statistieken]")
    shown = section.locator(".diagram").bounding_box()
    count = section.locator(
        '.djs-overlays[data-container-id="Task_besluit_nemen"] .pr-overlay'
    ).bounding_box()
    assert shown and count and shown["x"] < count["x"] < shown["x"] + shown["width"]
    assert shown["y"] < count["y"] < shown["y"] + shown["height"]
    # What is drawn in the view's columns fills it from top to bottom, or stands in its middle: the lanes
    # empty there (the klant's and the klantmanager's top, above the decision) do not fill its top.
    gaps = page.evaluate(EMPTY_ABOVE_AND_BELOW)
    assert gaps["top"] <= max(gaps["bottom"], 0) + 40, gaps
    section.get_by_role("button", name="Hele diagram tonen").click()
    assert section.get_by_role("button", name="Hele diagram tonen").count() == 0


# Whether the focused element shows that it has the focus (an outline or a ring).
FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {tag: e.tagName, text: (e.textContent || e.name || e.id || '').trim().slice(0, 40), ring};
}"""
ENGLISH = re.compile(
    r"Not Found|Internal Server Error|Method Not Allowed|Field required|Input should|Unauthorized"
)


def walk(person, path: str, tabs: int = 12) -> None:
    """Open a page at 1366 x 768: axe finds nothing serious, nothing sticks out sideways, no English of
    the framework shows, and the first stops of the Tab key each show the focus."""
    page = person.open(path)
    page.wait_for_load_state("networkidle")
    person.accessible()
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{path}: the page is {wide[0]} px wide in a window of {wide[1]} px"
    if path.startswith("/ui/regie/uitkomsten"):  # its table fits too, not only in a scrolling frame
        table = page.evaluate(
            "() => [...document.querySelectorAll('.table-wrap')].map(w => [w.scrollWidth, w.clientWidth])"
        )
        assert all(scroll <= client for scroll, client in table), f"{path}: a table scrolls sideways {table}"
    assert not ENGLISH.search(page.locator("body").inner_text()), path
    page.locator("body").focus()
    for _ in range(tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_SHOWN)
        assert focused is None or focused["ring"], f"{path}: no visible focus on {focused}"


def test_every_page_as_each_kind_of_user_at_1366_by_768_with_the_keyboard(site, console) -> None:
    case_id = _application_at_the_decision(site, "K-BROWSER-WALK")
    site.user("karel", "klantmanager")
    site.user("kim", "werkcoach")
    site.user("rita", "procesregisseur")
    site.user("anna", "auditor")
    site.user("olga", "ontwerper", gemeente="")
    site.user("bea", "beheerder")
    karel = site.tokens["karel"]
    [task] = [t for t in site.api(karel, "GET", "/tasks") if t["case_id"] == case_id]
    process = "/ui/processen/aanvraag_levensonderhoud_behandelen"
    pages = {
        "karel": [
            "/ui/werkvoorraad",
            f"/ui/taken/{task['id']}",
            f"/ui/zaken/{case_id}",
            "/ui/klanten/K-BROWSER-WALK/reis",
            "/ui/processen",
            process,
        ],
        "kim": ["/ui/werkvoorraad", "/ui/processen", f"/ui/zaken/{case_id}"],  # not his process: 403
        "rita": [
            "/ui/regie",
            "/ui/regie/uitkomsten",
            "/ui/regie/kpis",
            "/ui/regie/benchmark",
            f"{process}?van=2026-01-01&tot=2099-12-31",
            f"/ui/zaken/{case_id}",
        ],
        "anna": ["/ui/audit", "/ui/regie", f"/ui/zaken/{case_id}"],  # the case asks a reason first
        "olga": ["/ui/processen", "/ui/processen/valideren", process],
        "bea": ["/ui/beheer", "/ui/beheer/nieuw", "/ui/beheer/gebruikers/karel"],
    }
    for name, paths in pages.items():
        person = console(height=768)
        # Signing in with the keyboard alone: type, Tab, type, Enter.
        page = person.open("/ui/login")
        page.focus("#username")
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/ui/login" not in page.url, name
        for path in [*paths, "/ui/bestaat-niet"]:
            walk(person, path)
        # An error page keeps the menu: the first Tab stops are the skip link and the menu.
        assert page.get_by_role("navigation", name="Hoofdmenu").is_visible(), name


def test_a_beheerder_makes_a_new_token_copies_it_and_revokes_it(site, console) -> None:
    site.user("bea", "beheerder")
    old = site.user("tom", "werkcoach")
    bea = console()
    bea.sign_in("bea")
    page = bea.open("/ui/beheer/gebruikers/tom")
    page.get_by_role("button", name="Nieuw token").click()
    page.wait_for_load_state("networkidle")
    bea.accessible()
    assert page.locator("h1").inner_text() == "Nieuw token voor tom"
    field = page.locator("#token")
    token = field.input_value()
    assert token.startswith("pr_") and field.get_attribute("readonly") is not None
    assert site.api(token, "GET", "/me")["name"] == "tom"
    port = int(site.base.rsplit(":", 1)[1])
    assert Http(port, old)("GET", "/me")[0] == 401
    page.get_by_role("link", name="Terug naar tom").click()
    page.get_by_role("button", name="Token intrekken").click()
    page.wait_for_load_state("networkidle")
    bea.accessible()
    assert "tom heeft geen werkend token meer" in page.locator("[role=status]").inner_text()
    assert Http(port, token)("GET", "/me")[0] == 401


def test_the_procesregisseur_reads_the_kpis_and_downloads_the_benchmark(site, console) -> None:
    _application_at_the_decision(site, "K-BROWSER-KPI")
    site.user("rita", "procesregisseur")
    rita = console()
    rita.sign_in("rita")
    rita.open("/ui/regie")
    page = rita.follow("KPI's per stuurlijn")
    page.select_option("#stuurlijn", "rechtmatig uitkeren")
    page = rita.submit("Tonen")
    assert page.get_by_role("heading", name="Rechtmatig uitkeren").is_visible()
    assert not page.get_by_role("heading", name="Uitstromen").count()
    handovers = page.locator("tr", has=page.locator("th", has_text="Overdrachten tussen rollen"))
    assert int(handovers.locator("td").last.inner_text()) >= 1  # the handover to the klantmanager
    assert "ontbreekt" in page.locator("tr", has_text="Signalen Inlichtingenbureau").inner_text()
    page = rita.open("/ui/regie/benchmark?indeling=variant")
    assert page.get_by_role("columnheader", name="regiegericht").count() >= 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename.startswith("benchmark-variant-")


def test_the_remaining_pages_pass_axe(site, console, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The pages the journeys above do not open: a client's journey, the audit search, a new user with
    errors, a clean model and its publication, the comparison of two versions and a trial migration."""
    _application_at_the_decision(site, "K-BROWSER-AXE")
    site.user("karel", "klantmanager")
    site.user("anna", "auditor")
    site.user("bea", "beheerder")
    site.user("olga", "ontwerper", gemeente="")
    karel, anna, bea, olga = console(), console(), console(), console()

    karel.sign_in("karel")
    journey = karel.open("/ui/klanten/K-BROWSER-AXE/reis")
    assert journey.get_by_role("heading", name="Klantreis K-BROWSER-AXE").is_visible()

    anna.sign_in("anna")
    anna.open("/ui/klanten/K-BROWSER-AXE/reis")  # the reason first
    anna.page.fill("#reden", "Steekproef klantreizen")
    anna.submit("Klantreis openen")
    anna.open("/ui/audit")
    page = anna.submit("Zoeken")
    assert page.locator("#resultaten").count() == 1
    anna.open("/ui/audit?inzage_lezer=karel#inzage")
    assert "klantreis bekeken" in anna.page.locator("main").inner_text()

    bea.sign_in("bea")
    bea.open("/ui/beheer/nieuw")
    page = bea.submit("Toevoegen")
    assert page.locator(".error-summary").is_visible()

    model = PROCESSES / "0-melding-en-poort" / "melding-werkzoekende-registreren.bpmn"
    changed = tmp_path / model.name
    changed.write_text(
        model.read_text().replace(
            'name="Melding registreren en poortgesprek voeren"', 'name="Melding registreren en poort"', 1
        )
    )
    olga.sign_in("olga")
    page = olga.open("/ui/processen/valideren")
    page.set_input_files("#bestand", str(changed))
    olga.submit("Valideren")
    olga.diagram_drawn()
    olga.accessible()  # with the diagram drawn
    page = olga.submit("Publiceren")
    assert "/ui/processen/melding_werkzoekende_registreren" in page.url
    olga.follow("Wat is anders dan versie")
    assert "Melding registreren en poort" in page.locator("main").inner_text()
    olga.open("/ui/processen/melding_werkzoekende_registreren#versies")
    page = olga.submit("Overzetten")  # a trial: nothing changes
    assert page.get_by_role("heading", name=re.compile("Zaken overzetten van versie 1 naar 2")).is_visible()


def test_a_werkcoach_follows_the_uitstroom_to_its_nazorg_and_back(site, console) -> None:
    """An uitstroom naar werk ends and starts its nazorg (a follow-up case, ADR 40): the zaak pages link
    the two both ways, and the process page lists the follow-up per end event, all passing axe."""
    from tests.api.test_follow_up_cases import ANSWERS, WERK

    token = site.user("wim", "werkcoach", "inkomensconsulent", "backoffice")
    case = site.api(
        token,
        "POST",
        "/cases",
        {"process_id": "uitstroom_naar_werk", "gemeente": GEMEENTE, "client_ref": "K-VERVOLG", "data": WERK},
    )
    while case["tasks"]:
        task = case["tasks"][0]
        case = site.api(token, "POST", f"/tasks/{task['id']}/complete", {"data": ANSWERS[task["name"]]})
    assert case["status"] == "completed" and case["follow_up_case_id"]
    wim = console()
    wim.sign_in("wim")
    page = wim.open(f"/ui/zaken/{case['id']}")
    page.get_by_role("link", name="Nazorg na werkaanvaarding").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/ui/zaken/{case['follow_up_case_id']}")
    wim.accessible()
    page.get_by_role("link", name="Uitstroom naar werk").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/ui/zaken/{case['id']}")
    page = wim.open("/ui/processen/uitstroom_naar_werk")
    table = page.get_by_role("table", name=re.compile("^Vervolgzaken"))
    assert table.get_by_role("row").count() == 3  # the header and both ends
    assert table.get_by_role("link", name="Nazorg na werkaanvaarding").count() == 2


def _melding(site: Site, token: str, client_ref: str) -> str:
    """A melding at the loket: its poortgesprek waits in the klantmanagers' work queue; the task's id."""
    case = site.api(
        token,
        "POST",
        "/cases",
        {
            "process_id": "melding_werkzoekende_registreren",
            "gemeente": GEMEENTE,
            "client_ref": client_ref,
            "data": {"kanaal": "loket_gemeente", "datum_melding": "2026-11-20", "leeftijd": 35},
        },
    )
    [task] = [t for t in case["tasks"] if t["element_id"] == "Task_poortgesprek_voeren"]
    return str(task["id"])


POORTGESPREK = {
    "datum_poortgesprek": "2026-11-20",
    "route": "bijstand_aanvragen",
    "toelichting_route": "Geen voorliggende voorziening",
}


def test_the_work_queue_says_when_a_colleague_just_took_or_completed_a_task(site, console) -> None:
    """Oppakken swaps only its row (htmx); when the service refuses it, its Dutch page takes the place
    of the page's content, with the focus on it, and nothing changed."""
    token = site.user("karel", "klantmanager")
    klaas = site.user("klaas", "klantmanager")
    taken, done = _melding(site, token, "K-BROWSER-20"), _melding(site, token, "K-BROWSER-21")
    karel = console()
    page = karel.sign_in("karel")
    site.api(klaas, "POST", f"/tasks/{taken}/claim")  # meanwhile, in the queue karel still sees

    page.locator("tr", has_text="K-BROWSER-20").get_by_role("button", name="Oppakken").click()
    page.get_by_role("heading", name="Taak al opgepakt").wait_for()
    assert "Deze taak is opgepakt door klaas." in page.locator("#inhoud").inner_text()
    page.wait_for_function("() => document.activeElement.id === 'inhoud'")  # the focus is on the message
    assert page.locator("header nav").get_by_role("link", name="Werkvoorraad").is_visible()  # the menu stays
    karel.accessible()

    karel.open("/ui/werkvoorraad")
    site.api(klaas, "POST", f"/tasks/{done}/complete", {"data": POORTGESPREK})
    page.locator("tr", has_text="K-BROWSER-21").get_by_role("button", name="Oppakken").click()
    page.get_by_role("heading", name="Taak niet meer open").wait_for()
    assert "er is niets gewijzigd" in page.locator("#inhoud").inner_text()
    karel.accessible()
    task = site.api(token, "GET", f"/tasks/{taken}")
    assert task["claimed_by"] == "klaas"


def test_an_ended_sign_in_says_so_and_comes_back_where_the_user_was(site, console) -> None:
    """A sign-in that ended (here: the beheerder set a new password) while a form was open: the
    sign-in page says so and that nothing was sent, and signing in again leads back to the page."""
    token = site.user("karin", "klantmanager")
    task = _melding(site, token, "K-BROWSER-22")
    karin = console()
    karin.sign_in("karin")
    page = karin.open(f"/ui/taken/{task}")
    page.fill("#toelichting_route", "Bijna klaar")
    cli(site.db_url, "user", "password", "karin", stdin=PASSWORD + "\n", env=site.env)
    karin.submit("Afronden")
    assert "/ui/login?" in page.url
    notice = page.locator(".notice").inner_text()
    assert "Uw aanmelding is verlopen of beëindigd" in notice
    assert "Wat u net verstuurde is niet verwerkt: er is niets gewijzigd." in notice
    page.fill("#password", PASSWORD)
    page.fill("#username", "karin")
    karin.submit("Aanmelden")
    assert page.url == f"{site.base}/ui/taken/{task}"
    assert site.api(token, "GET", f"/tasks/{task}")["status"] == "ready"

    # The same from the work queue's Oppakken (htmx): the whole page goes to the sign-in, not the row.
    karin.open("/ui/werkvoorraad")
    cli(site.db_url, "user", "password", "karin", stdin=PASSWORD + "\n", env=site.env)
    page.locator("tr", has_text="K-BROWSER-22").get_by_role("button", name="Oppakken").click()
    page.get_by_role("heading", name="Aanmelden").wait_for()
    karin.accessible()
    assert "Uw aanmelding is verlopen of beëindigd" in page.locator(".notice").inner_text()
    assert page.locator("input[name=volgende]").input_value() == "/ui/werkvoorraad"
