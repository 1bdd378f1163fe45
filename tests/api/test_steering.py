"""/reports/kpis and /reports/benchmark through the API, and their console pages: cases driven
through the real processes, answered as JSON and CSV, scoped to the reader's gemeenten."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.api.test_console import sign_in, with_password
from tests.engine.test_steering import EVERYONE, meldingen


@pytest.fixture
def web(client: TestClient) -> Iterator[TestClient]:
    with TestClient(client.app, raise_server_exceptions=False) as browser:
        yield browser


def _meldingen(db, staff, gemeente, routes):
    meldingen(db, staff(*EVERYONE).actor, gemeente, routes)


def test_kpis_and_benchmark_as_json_and_csv(db, client, staff, gemeente):
    _meldingen(db, staff, gemeente, ["voorliggende_voorziening", "bijstand_aanvragen"])
    regisseur = staff("procesregisseur")
    answer = client.get(
        "/reports/kpis", params={"month": "2026-03", "stuurlijn": "voorkomen"}, headers=regisseur.headers
    )
    assert answer.status_code == 200, answer.text
    got = {v["key"]: v for v in answer.json()["values"]}
    assert got["meldingen"]["value"] == 2 and got["meldingen_zonder_aanvraag"]["value"] == 0.5
    assert (
        got["meldingen_zonder_aanvraag"]["numerator"] == 1
        and got["meldingen_zonder_aanvraag"]["denominator"] == 2
    )
    assert {v["stuurlijn"] for v in answer.json()["values"]} == {"voorkomen"}

    missing = client.get("/reports/kpis", params={"month": "2026-03"}, headers=regisseur.headers).json()
    [signalen] = [v for v in missing["values"] if v["key"] == "signalen_binnen_norm"]
    assert signalen["status"] == "missing" and signalen["value"] is None and signalen["reason"]

    table = client.get(
        "/reports/benchmark", params={"month": "2026-03", "format": "csv"}, headers=regisseur.headers
    )
    assert table.status_code == 200
    assert table.headers["content-type"] == "text/csv; charset=utf-8"
    assert table.headers["content-disposition"] == 'attachment; filename="benchmark-gemeente-2026-03.csv"'
    rows = list(csv.DictReader(io.StringIO(table.text)))
    meldingen = next(r for r in rows if r["kpi"] == "meldingen")
    assert (meldingen["maand"], meldingen[gemeente]) == ("2026-03", "2")
    assert next(r for r in rows if r["kpi"] == "signalen_binnen_norm")[gemeente] == "missing"

    by_variant = client.get(
        "/reports/benchmark", params={"month": "2026-03", "by": "variant"}, headers=regisseur.headers
    ).json()
    assert by_variant["columns"] == ["taakgericht", "regiegericht"]
    assert by_variant["variants"] == [{"gemeente": gemeente, "month": "2026-03", "variant": "geen"}]


def test_bad_filters_are_refused_naming_the_field(client, staff):
    regisseur, coach = staff("procesregisseur"), staff("werkcoach")
    for params, field in (
        ({"month": "2026-13"}, "query.month"),
        ({"month": "maart"}, "query.month"),
        ({"stuurlijn": "sneller"}, "query.stuurlijn"),
    ):
        answer = client.get("/reports/kpis", params=params, headers=regisseur.headers)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field, answer.text
    for params, field in (({"format": "xlsx"}, "query.format"), ({"by": "provincie"}, "query.by")):
        answer = client.get("/reports/benchmark", params=params, headers=regisseur.headers)
        assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == field, answer.text
    assert client.get("/reports/kpis", headers=coach.headers).status_code == 403
    assert client.get("/reports/benchmark", headers=coach.headers).status_code == 403


def test_the_console_shows_kpis_and_benchmark_in_dutch(db, web, staff, gemeente):
    _meldingen(db, staff, gemeente, ["voorliggende_voorziening", "bijstand_aanvragen"])
    regisseur = with_password(db, staff("procesregisseur"))
    sign_in(web, regisseur.actor.name)
    page = web.get("/ui/regie/kpis", params={"maand": "2026-03"})
    assert page.status_code == 200, page.text
    assert "Meldingen afgerond zonder aanvraag" in page.text and "50 %" in page.text
    assert "ontbreekt" in page.text and "Wat de processen nog niet vastleggen" in page.text
    assert "geen signaalproces heeft een normdoorlooptijd" in page.text  # why, in Dutch
    assert "no signal process" not in page.text
    assert '<th scope="col" class="num">mrt 2026</th>' in page.text  # the month's column, in Dutch
    wrong = web.get("/ui/regie/kpis", params={"maand": "maart"})
    assert wrong.status_code == 422 and "vul een maand in als jjjj-mm" in wrong.text
    bench = web.get("/ui/regie/benchmark", params={"maand": "2026-03", "indeling": "variant"})
    assert bench.status_code == 200 and "taakgericht" in bench.text and "regiegericht" in bench.text
    assert "KPI (mrt 2026)" in bench.text
    download = web.get("/ui/regie/benchmark.csv", params={"maand": "2026-03"})
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert f"eenheid,{gemeente}" in download.text.splitlines()[0]
    assert "/ui/regie/kpis" in web.get("/ui/regie").text
