"""Signing in to the console through an OpenID Connect provider, in a real browser: a real
`procesregie serve` and the test provider (tests/oidc_provider.py) each on their own uvicorn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import GEMEENTE, Console, Site
from tests.oidc_provider import AUDIENCE, CLIENT_ID, CLIENT_SECRET, IdentityProvider, running_provider
from tests.servers import serving

pytestmark = pytest.mark.slow  # real servers and a real browser


@pytest.fixture(scope="module")
def provider() -> Iterator[IdentityProvider]:
    with running_provider() as idp:
        yield idp


@pytest.fixture(scope="module")
def oidc_site(provider: IdentityProvider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("oidc-console")
    url = f"sqlite:///{folder / 'console.sqlite3'}"
    env = {
        "PROCESREGIE_HOME": str(folder),
        "PROCESREGIE_OIDC_ISSUER": provider.issuer,
        "PROCESREGIE_OIDC_AUDIENCE": AUDIENCE,
        "PROCESREGIE_OIDC_CLIENT_ID": CLIENT_ID,
        "PROCESREGIE_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "PROCESREGIE_OIDC_ROLES_CLAIM": "realm_access.roles",
        "PROCESREGIE_OIDC_NAME": "Gemeente-account",
    }
    with serving(url, 1, folder / "serve.log", "--no-timers", env=env) as (port, _pid):
        yield Site(url, f"http://127.0.0.1:{port}", env)


def test_a_werkcoach_signs_in_through_the_provider(
    browser: Browser, oidc_site: Site, provider: IdentityProvider, axe_script: str, tmp_path: Path
) -> None:
    provider.user = {
        "sub": "4f1c",
        "preferred_username": "w.de.vries",
        "realm_access": {"roles": ["werkcoach", "offline_access"]},
        "gemeenten": [GEMEENTE],
    }
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="nl-NL")
    context.add_init_script(axe_script)
    try:
        tab = Console(context.new_page(), oidc_site, axe_script)
        page = tab.open("/ui/werkvoorraad")
        assert "/ui/login" in page.url  # not signed in: the sign-in page, which offers the provider
        page.screenshot(path=str(tmp_path / "login.png"))
        page.get_by_role("link", name="Aanmelden via Gemeente-account").click()
        page.wait_for_load_state("networkidle")
        assert page.url == oidc_site.base + "/ui/werkvoorraad"  # back where the user wanted to go
        tab.accessible()
        assert "w.de.vries" in page.locator("header").inner_text()
        cookies = {c["name"]: c for c in context.cookies()}
        assert (
            cookies["procesregie_sessie"]["httpOnly"] and cookies["procesregie_sessie"]["sameSite"] == "Lax"
        )
        assert "procesregie_oidc" not in cookies  # the flow's state is gone once used
        page.screenshot(path=str(tmp_path / "werkvoorraad.png"))
    finally:
        context.close()


def test_a_refusal_of_the_provider_is_shown_on_the_sign_in_page(
    browser: Browser, oidc_site: Site, provider: IdentityProvider, axe_script: str
) -> None:
    provider.user = None  # the user cancels at the provider
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(axe_script)
    try:
        tab = Console(context.new_page(), oidc_site, axe_script)
        page = tab.open("/ui/login")
        page.get_by_role("link", name="Aanmelden via Gemeente-account").click()
        page.wait_for_load_state("networkidle")
        tab.accessible()
        assert "Gemeente-account meldde: access_denied" in page.locator(".error-summary").inner_text()
    finally:
        context.close()


def test_a_beheerder_from_the_provider_sees_a_provider_user(
    browser: Browser, oidc_site: Site, provider: IdentityProvider, axe_script: str, tmp_path: Path
) -> None:
    # A provider user of this test's own (under xdist another worker may run the werkcoach's test).
    provider.user = {
        "sub": "7d3b",
        "preferred_username": "j.jansen",
        "realm_access": {"roles": ["jobcoach"]},
        "gemeenten": [GEMEENTE],
    }
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(axe_script)
    try:
        Console(context.new_page(), oidc_site, axe_script).open("/ui/login/oidc")
    finally:
        context.close()
    provider.user = {
        "sub": "9a2e",
        "preferred_username": "b.bakker",
        "realm_access": {"roles": ["beheerder"]},
        "gemeenten": [GEMEENTE],
    }
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="nl-NL")
    context.add_init_script(axe_script)
    try:
        tab = Console(context.new_page(), oidc_site, axe_script)
        page = tab.open("/ui/login?volgende=/ui/beheer")
        page.get_by_role("link", name="Aanmelden via Gemeente-account").click()
        page.wait_for_load_state("networkidle")
        assert page.url == oidc_site.base + "/ui/beheer"
        page.get_by_role("link", name="j.jansen").click()
        page.wait_for_load_state("networkidle")
        tab.accessible()
        assert "via OpenID Connect" in page.locator("main").inner_text()
        assert page.get_by_role("button", name="Nieuw token").count() == 0
        page.screenshot(path=str(tmp_path / "beheer.png"), full_page=True)
    finally:
        context.close()
