"""The console's screenshots in docs/console/, taken anew from a real `procesregie serve`:

    python -m tests.browser.screenshots                # all of them, into docs/console/
    python -m tests.browser.screenshots taak zaak      # only these
    python -m tests.browser.screenshots --out /tmp/x   # elsewhere, to compare

A fresh SQLite database in a temporary folder gets a year of synthetic history (2026, from
tests/benchmarks/scale.py: handovers, ends, fired terms) for the regie pages, then `procesregie
serve` (which publishes processes/) and real cases driven through the API: applications for
bijstand through the checks they call up to the klantmanager's decision, one decided, meldingen
with a pilot of a second version. One user per kind of user signs in to the console in Debian's
Chromium (/usr/bin/chromium) at 1366 px wide and each page is photographed as that user sees it.
Times on the pages are those of the run; the regie pages show 2026 as a whole.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.conftest import CHROMIUM, PASSWORD, dutch_browser_env
from tests.engine.test_client_journey import RECHT
from tests.servers import Http, cli, serving

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
import scale  # noqa: E402  # tests/benchmarks is a folder of scripts, not a package

AANVRAAG = "aanvraag_levensonderhoud_behandelen"
MELDING = "melding_werkzoekende_registreren"
YEAR = "van=2026-01-01&tot=2026-12-31"  # the statistics of a process
REGIE_YEAR = "vanaf=2026-01-01&tot=2026-12-31"  # the regie pages
GEMEENTEN = scale.GEMEENTEN  # woerden first
USERS: dict[str, tuple[list[str], list[str]]] = {
    "karel": (["klantmanager"], ["woerden"]),
    "ines": (["inkomensconsulent"], ["woerden"]),
    "bob": (["backoffice"], ["woerden"]),
    "rita": (["procesregisseur"], list(GEMEENTEN)),
    "anna": (["auditor"], ["woerden"]),
    "otto": (["ontwerper"], ["woerden"]),
    "bea": (["beheerder"], ["woerden"]),
    "kim": (["werkcoach"], ["woerden"]),
}
APPLICATION = {
    "datum_aanvraag": "2026-11-23",
    "datum_melding": "2026-11-20",
    "opgegeven_leefvorm": "alleenstaand",
}
MELDING_START = {"kanaal": "loket_gemeente", "datum_melding": "2026-11-20", "leeftijd": 35}
POORTGESPREK = {
    "datum_poortgesprek": "2026-11-20",
    "route": "bijstand_aanvragen",
    "toelichting_route": "Geen voorliggende voorziening",
}


class Service:
    """The served console's API, as the users made for the screenshots."""

    def __init__(self, db_url: str, port: int, env: dict[str, str]) -> None:
        self.db_url, self.port, self.env = db_url, port, env
        self.base = f"http://127.0.0.1:{port}"
        self.tokens: dict[str, str] = {}
        for name, (roles, gemeenten) in USERS.items():
            args = [a for r in roles for a in ("--role", r)] + [
                a for g in gemeenten for a in ("--gemeente", g)
            ]
            self.tokens[name] = cli(db_url, "user", "add", name, *args, env=env)
            cli(db_url, "user", "password", name, stdin=PASSWORD + "\n", env=env)

    def api(self, user: str, method: str, path: str, body: Any = None) -> Any:
        status, payload = Http(self.port, self.tokens[user])(method, path, body)
        if not 200 <= status < 300:
            raise RuntimeError(f"{method} {path} as {user}: {status} {payload}")
        return payload

    def application(self, client_ref: str, until: str = "Task_besluit_nemen") -> dict[str, Any]:
        """An application for bijstand, driven by the inkomensconsulent and the backoffice through the
        checks up to ``until`` (a task id), or to its end when ``until`` is empty."""
        case = self.api(
            "ines",
            "POST",
            "/cases",
            {"process_id": AANVRAAG, "gemeente": "woerden", "client_ref": client_ref, "data": APPLICATION},
        )
        tasks = case["tasks"]
        while tasks and tasks[0]["element_id"] != until:
            task = tasks[0]
            user = {"backoffice": "bob", "klantmanager": "karel"}.get(task["role"], "ines")
            data = RECHT[task["element_id"]]
            tasks = self.api(user, "POST", f"/tasks/{task['id']}/complete", {"data": data})["tasks"]
        return case

    def melding(self, client_ref: str) -> dict[str, Any]:
        """A melding at the loket, through the poortgesprek on its way to an application."""
        case = self.api(
            "karel",
            "POST",
            "/cases",
            {"process_id": MELDING, "gemeente": "woerden", "client_ref": client_ref, "data": MELDING_START},
        )
        for task in case["tasks"]:
            if task["element_id"] == "Task_poortgesprek_voeren":
                self.api("karel", "POST", f"/tasks/{task['id']}/complete", {"data": POORTGESPREK})
        return case


def fill(service: Service, folder: Path) -> dict[str, str]:
    """The cases and the pilot the pages show; their ids by name."""
    ids: dict[str, str] = {}
    # A pilot of the melding: version 2 (the same model with a shorter name of its first task) for
    # half of the new meldingen in woerden.
    model = ROOT / "processes" / "0-melding-en-poort" / "melding-werkzoekende-registreren.bpmn"
    second = folder / model.name
    second.write_text(
        model.read_text().replace(
            'name="Melding registreren en poortgesprek voeren"', 'name="Poortgesprek voeren"', 1
        )
    )
    cli(service.db_url, "deploy", "--not-in-use", str(second), env=service.env)
    pilot = service.api(
        "otto",
        "POST",
        f"/processes/{MELDING}/pilots",
        {"version": 2, "share": 0.5, "gemeenten": ["woerden"], "reason": "poortgesprek korter"},
    )
    ids["pilot"] = str(pilot["id"])
    for n in range(1, 9):
        service.melding(f"K-2026-{n:04d}")
    # Applications: three at the decision (the work queue), others at earlier checks (the heat map),
    # one decided and on to the normberekening.
    for ref in ("K-2026-0001", "K-2026-0003", "K-2026-0005"):
        ids.setdefault("case", service.application(ref)["id"])
    service.application("K-2026-0006", until="Task_vermogen_vaststellen")
    service.application("K-2026-0007", until="Task_leefvorm_en_norm_vaststellen")
    service.application("K-2026-0008", until="Task_norm_en_hoogte_berekenen")
    ids["client"] = "K-2026-0001"
    return ids


@contextlib.contextmanager
def served() -> Iterator[tuple[Service, Path]]:
    with tempfile.TemporaryDirectory(prefix="procesregie-screenshots-") as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'console.sqlite3'}"
        env = {"PROCESREGIE_HOME": str(folder)}
        scale.empty(url)
        scale.fill(url, 400)
        scale.fill_steering(url, 4000)
        scale.count(url)  # the fills insert rows, not steps: count them as the steps would have
        with serving(url, 1, folder / "serve.log", "--no-timers", env=env) as (port, _pid):
            yield Service(url, port, env), folder


class Tab:
    """One user's browser tab, signed in."""

    def __init__(self, browser: Browser, base: str, user: str, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": height}, locale="nl-NL")
        self.page, self.base = self.context.new_page(), base
        self.open("/ui/login")
        self.page.fill("#username", user)
        self.page.fill("#password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def diagrams(self) -> None:
        for diagram in self.page.locator(".diagram[data-bpmn]").all():
            diagram.locator(".djs-container svg").wait_for(timeout=20_000)

    def validate(self, model: Path) -> None:
        """Check a model on the page of the ontwerper, and wait for its diagram."""
        page = self.open("/ui/processen/valideren")
        page.set_input_files("#bestand", str(model))
        with page.expect_navigation():
            page.get_by_role("button", name="Valideren").click()
        self.diagrams()

    def shot(self, out: Path, name: str, full_page: bool = True, section: str = "") -> None:
        """The page (the whole, or the window), or only its section headed by the h2 of id ``section``."""
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        path = str(out / f"{name}.png")
        if section:
            self.page.locator(f"section[aria-labelledby={section}]").screenshot(path=path)
        else:
            self.page.screenshot(path=path, full_page=full_page)
        print(f"{path}: {self.page.url}")


Shot = Callable[[Browser, Service, dict[str, str], Path], None]
SHOTS: dict[str, Shot] = {}


def shot(function: Shot) -> Shot:
    SHOTS[function.__name__.replace("_", "-")] = function
    return function


@shot
def werkvoorraad(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "karel", height=800)
    page = tab.open("/ui/werkvoorraad")
    page.locator("tr", has_text="K-2026-0003").get_by_role("button", name="Oppakken").click()
    page.locator("tr", has_text="K-2026-0003").get_by_text("opgepakt door karel").wait_for()
    tab.shot(out, "werkvoorraad", full_page=False)


@shot
def taak(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "karel")
    page = tab.open("/ui/werkvoorraad")
    page.locator("tr", has_text="K-2026-0001").get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    tab.diagrams()
    page.select_option("#besluit", "toekennen")
    with page.expect_navigation():
        page.get_by_role("button", name="Afronden").click()
    tab.diagrams()
    tab.shot(out, "taak")


@shot
def proces_statistieken(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "rita")
    page = tab.open(f"/ui/processen/{AANVRAAG}?{YEAR}#statistieken")
    tab.diagrams()
    page.locator(".pr-overlay.count").first.wait_for()
    tab.shot(out, "proces-statistieken", section="statistieken")


@shot
def valideren(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    fixture = ROOT / "tests" / "fixtures" / "overdracht.bpmn"
    broken = Path(tempfile.mkdtemp()) / "overdracht.bpmn"
    broken.write_text(
        fixture.read_text().replace(
            '<bpmn:userTask id="Task_intake"',
            '<bpmn:userTask id="Task_intake" camunda:candidateGroups="kok"',
            1,
        )
    )
    tab = Tab(browser, service.base, "otto")
    tab.validate(broken)
    tab.shot(out, "valideren")


@shot
def valideren_camunda7(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "otto")
    tab.validate(ROOT / "tests" / "fixtures" / "camunda7" / "juel_besluit.bpmn")
    tab.shot(out, "valideren-camunda7")


@shot
def pilots(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "otto")
    tab.open(f"/ui/processen/{MELDING}#pilots")
    tab.shot(out, "pilots", section="pilots")


@shot
def audit(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
    tab = Tab(browser, service.base, "anna")
    page = tab.open(f"/ui/zaken/{ids['case']}")
    page.fill("#reden", "Steekproef rechtmatigheid 2026-Q4")
    with page.expect_navigation():
        page.get_by_role("button", name="Zaak openen").click()
    page = tab.open("/ui/audit")
    page.select_option("#proces", AANVRAAG)
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").first.click()
    tab.shot(out, "audit")


PAGES: dict[str, tuple[str, str, int, bool]] = {
    # name: (user, address with the ids of fill(), window height, the whole page or the window)
    "zaak": ("karel", "/ui/zaken/{case}", 900, True),
    "klantreis": ("karel", "/ui/klanten/{client}/reis", 900, True),
    "processen": ("otto", "/ui/processen", 900, False),
    "proces": ("rita", f"/ui/processen/{AANVRAAG}", 1480, False),
    "pilot-vergelijken": ("rita", "/ui/pilots/{pilot}", 900, True),
    # the terms list of regie goes on for a year of synthetic cases: the window only
    "regie": ("rita", f"/ui/regie?{REGIE_YEAR}&gemeente=woerden", 2600, False),
    "regie-uitkomsten": ("rita", f"/ui/regie/uitkomsten?{REGIE_YEAR}&gemeente=woerden", 900, True),
    "regie-kpis": ("rita", "/ui/regie/kpis?gemeente=woerden", 1000, False),  # the twelve months up to now
    "regie-benchmark": ("rita", "/ui/regie/benchmark?maand=2026-10", 1000, False),
    "beheer": ("bea", "/ui/beheer", 900, True),
    "fout": ("kim", "/ui/zaken/{case}", 500, False),  # a werkcoach and an application for bijstand
}


def page(name: str) -> Shot:
    """A screenshot of a page as it opens, of PAGES."""
    user, address, height, whole = PAGES[name]

    def take(browser: Browser, service: Service, ids: dict[str, str], out: Path) -> None:
        tab = Tab(browser, service.base, user, height)
        tab.open(address.format(**ids))
        tab.diagrams()
        tab.shot(out, name, full_page=whole)

    return take


SHOTS.update({name: page(name) for name in PAGES})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="of: " + ", ".join(SHOTS))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "console")
    args = parser.parse_args()
    unknown = set(args.names) - set(SHOTS)
    if unknown:
        parser.error(f"no screenshot named {', '.join(sorted(unknown))}")
    args.out.mkdir(parents=True, exist_ok=True)
    with served() as (service, folder), sync_playwright() as playwright:
        ids = fill(service, folder)
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--lang=nl-NL"],
            env=dutch_browser_env(),
        )
        for name in args.names or SHOTS:
            SHOTS[name](browser, service, ids, args.out)
        browser.close()


if __name__ == "__main__":
    main()
