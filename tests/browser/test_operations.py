"""The API's documentation pages in Chromium: drawn from the package's own files, nothing fetched from
elsewhere, nothing refused by their Content-Security-Policy."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.slow
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def _open(browser: Browser, url: str, drawn: str) -> tuple[list[str], list[str]]:
    """Open ``url`` until ``drawn`` is on the page; the URLs it requested and what its CSP refused."""
    context = browser.new_context()
    try:
        page = context.new_page()
        requested: list[str] = []
        refused: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(url)
        page.wait_for_selector(drawn, timeout=30_000)
        page.wait_for_load_state("networkidle")
        return requested, refused
    finally:
        context.close()


def _elsewhere(site: Any, urls: list[str]) -> list[str]:
    return [u for u in urls if not (u.startswith(site.base + "/") or u.startswith(("data:", "blob:")))]


def test_swagger_ui_draws_every_operation_from_local_files(site, browser: Browser) -> None:
    requested, refused = _open(browser, site.base + "/docs", ".opblock-summary-path")
    assert _elsewhere(site, requested) == []
    assert refused == []
    assert site.base + "/openapi.json" in requested


def test_redoc_draws_the_api_from_local_files(site, browser: Browser) -> None:
    requested, refused = _open(browser, site.base + "/redoc", "h1")
    # ReDoc's sidebar shows Redocly's logo from their CDN: the page's policy refuses it (only images of
    # the service itself) and ReDoc leaves it out when it does not load. Nothing else comes from elsewhere.
    assert _elsewhere(site, requested) == [REDOCLY_LOGO]
    assert len(refused) == 1 and REDOCLY_LOGO in refused[0] and "img-src" in refused[0]
    assert site.base + "/openapi.json" in requested
