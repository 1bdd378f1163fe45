"""Browser tests: a real `procesregie serve` driven in Debian's Chromium through Playwright for Python.

The browser is the machine's (`apt-get install chromium`, done by .ci/run), not Playwright's
download. axe-core comes from the npm registry once per run and checks every page opened.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import databases, fresh_postgresql_database
from tests.servers import Http, cli, serving

CHROMIUM = Path(os.environ.get("PROCESREGIE_CHROMIUM", "/usr/bin/chromium"))
AXE_CORE = "axe-core@4.10.3"
PASSWORD = "een-lang-wachtwoord"
GEMEENTE = "woerden"


def dutch_browser_env() -> dict[str, str]:
    """The environment in which Chromium draws its own parts of a page (a date field's dd-mm-jjjj, a
    month field's oktober 2026, the file field's Bestand kiezen) in Dutch, as a Dutch user's browser
    does. On Linux Chromium takes its language from LANGUAGE, not from --lang, and needs Debian's
    chromium-l10n for any but en-US (.ci/run installs it)."""
    return {**os.environ, "LANGUAGE": "nl_NL:nl"}


@dataclass
class Site:
    """The served console and its API, with the users the tests made."""

    db_url: str
    base: str
    env: dict[str, str]
    tokens: dict[str, str] = field(default_factory=dict)

    def user(self, name: str, *roles: str, gemeente: str = GEMEENTE) -> str:
        """Make a user (once) with a console password; return their API token."""
        if name not in self.tokens:
            role_args = [a for r in roles for a in ("--role", r)]
            gemeente_args = ["--gemeente", gemeente] if gemeente else []
            self.tokens[name] = cli(
                self.db_url, "user", "add", name, *role_args, *gemeente_args, env=self.env
            )
            cli(self.db_url, "user", "password", name, stdin=PASSWORD + "\n", env=self.env)
        return self.tokens[name]

    def api(self, token: str, method: str, path: str, body: Any = None) -> Any:
        """Call the JSON API as the owner of ``token``; fail on anything but a 2xx."""
        status, payload = Http(int(self.base.rsplit(":", 1)[1]), token)(method, path, body)
        assert 200 <= status < 300, (method, path, status, payload)
        return payload


@pytest.fixture(scope="session", params=databases())
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The console served on SQLite, and on a fresh PostgreSQL database when
    PROCESREGIE_TEST_DATABASE_URL is set."""
    folder = tmp_path_factory.mktemp("console")
    env = {"PROCESREGIE_HOME": str(folder)}
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{folder / 'console.sqlite3'}"
        else:
            given = os.environ["PROCESREGIE_TEST_DATABASE_URL"]
            url = stack.enter_context(fresh_postgresql_database(given))
        port, _pid = stack.enter_context(serving(url, 1, folder / "serve.log", "--no-timers", env=env))
        yield Site(url, f"http://127.0.0.1:{port}", env)


@pytest.fixture(scope="session")
def axe_script(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("axe")
    subprocess.run(
        ["npm", "pack", "--silent", AXE_CORE], cwd=folder, check=True, capture_output=True, timeout=300
    )
    with tarfile.open(next(folder.glob("axe-core-*.tgz"))) as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--lang=nl-NL",
            ],
            env=dutch_browser_env(),
        )
        yield chromium
        chromium.close()


class Console:
    """One person's browser tab on the console: their own cookies."""

    def __init__(self, page: Page, site: Site, axe_script: str) -> None:
        self.page, self.site, self.axe_script = page, site, axe_script
        self.checked: set[str] = set()
        # What the Content-Security-Policy refused (a script, a style, a fetch): Chromium reports it here.
        self.refused: list[str] = []
        page.on(
            "console", lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else None
        )

    def open(self, path: str) -> Page:
        self.page.goto(self.site.base + path)
        self.page.wait_for_load_state("networkidle")
        self.accessible()
        return self.page

    def sign_in(self, name: str) -> Page:
        self.open("/ui/login")
        self.page.fill("#username", name)
        self.page.fill("#password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("networkidle")
        self.accessible()
        return self.page

    def follow(self, link: str) -> Page:
        """Follow a link (its text) and wait for the page it leads to."""
        self.page.get_by_role("link", name=link).first.click()
        self.page.wait_for_load_state("networkidle")
        self.accessible()
        return self.page

    def submit(self, button: str) -> Page:
        """Press a submit button (its text) and wait for the page it leads to."""
        self.page.get_by_role("button", name=button).first.click()
        self.page.wait_for_load_state("networkidle")
        self.accessible()
        return self.page

    def accessible(self) -> None:
        """axe-core on the page as it is now: no serious or critical violations; nothing the
        Content-Security-Policy refused."""
        assert self.refused == [], f"{self.page.url}: {self.refused}"
        result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{self.page.url}: {serious}"

    def diagram_drawn(self) -> None:
        """The page's diagram was drawn by bpmn-js (its SVG is there)."""
        self.page.wait_for_selector(".diagram .djs-container svg", timeout=20_000)


@pytest.fixture
def console(browser: Browser, site: Site, axe_script: str) -> Iterator[Any]:
    """Open consoles for several people: console() gives a fresh tab with its own cookies."""
    contexts = []

    def open_tab(height: int = 860) -> Console:
        context = browser.new_context(viewport={"width": 1366, "height": height}, locale="nl-NL")
        # axe-core comes with every page as an init script: a script tag added to the page would be
        # refused by the console's Content-Security-Policy (no inline scripts).
        context.add_init_script(axe_script)
        contexts.append(context)
        return Console(context.new_page(), site, axe_script)

    yield open_tab
    for context in contexts:
        context.close()
