"""Pilots in Chromium: an ontwerper starts a pilot on the process page, the procesregisseur compares
its versions, the ontwerper ends it; every page passes axe."""

from __future__ import annotations

import pytest

from tests.conftest import PROCESSES
from tests.servers import cli

pytestmark = pytest.mark.slow  # a real server and a real browser

PROCESS = "aanvraag_aanvullen_hersteltermijn"
MODEL = PROCESSES / "1-aanvraag-en-recht" / "aanvraag-aanvullen-hersteltermijn.bpmn"


def test_a_designer_pilots_a_version_and_the_regisseur_compares(site, console, tmp_path) -> None:
    second = tmp_path / MODEL.name
    second.write_text(
        MODEL.read_text().replace('isExecutable="true"', 'isExecutable="true" camunda:versionTag="2"', 1)
    )
    cli(site.db_url, "deploy", "--not-in-use", str(second), env=site.env)
    site.user("olga", "ontwerper", gemeente="")
    site.user("rita", "procesregisseur")
    olga = console()
    olga.sign_in("olga")
    page = olga.open(f"/ui/processen/{PROCESS}#pilots")
    page.select_option("#pilot-versie", "2")
    page.fill("#pilot-aandeel", "25")
    page.fill("#pilot-gemeenten", "woerden")
    page.fill("#pilot-reden", "minder schakels")
    page = olga.submit("Pilot starten")
    assert "De pilot is gestart" in page.inner_text("[role=status]")
    row = page.locator("#pilots ~ .table-wrap tr", has=page.locator("td", has_text="woerden"))
    assert "25 %" in row.inner_text() and "loopt" in row.inner_text()

    rita = console()
    rita.sign_in("rita")
    rita.open(f"/ui/processen/{PROCESS}#pilots")
    compared = rita.follow("Versies vergelijken")
    assert "Versie 2 (pilot)" in compared.inner_text("table")
    assert "minder schakels" in compared.inner_text("dl")

    page = olga.submit("Pilot beëindigen")
    assert "De pilot is beëindigd" in page.inner_text("[role=status]")
    assert "beëindigd" in page.locator("#pilots ~ .table-wrap").inner_text()
