"""The pilots API and command: start, list, promote and end a pilot; cases started over the API and over
the Camunda 7 REST API (/engine-rest) follow the draw; the report compares the versions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from engine import pilots
from tests.api.test_console import csrf, sign_in, with_password
from tests.api.test_engine_rest import ACCEPT
from tests.engine.test_pilots import FASTER, MODEL, PROCESS, START
from tests.servers import cli


def _deploy(client, designer, process_id: str) -> None:
    """Version 1 in use, version 2 deployed not in use: new cases stay on version 1 until the pilot."""
    for model, query in ((MODEL, ""), (FASTER, "?in_use=false")):
        files = {"files": (f"{process_id}.bpmn", model.replace(PROCESS, process_id).encode())}
        deployed = client.post(f"/processes{query}", files=files, headers=designer.headers)
        assert deployed.status_code == 201, deployed.text
    listed = client.get(f"/processes/{process_id}/versions", headers=designer.headers).json()
    assert [v["retired_at"] is None for v in listed] == [True, False]


def _errors(response) -> set[str]:
    assert response.status_code == 422, response.text
    return {e["field"] for e in response.json()["errors"]}


def test_start_list_promote_and_end_a_pilot_over_the_api(client, db, staff, gemeente):
    designer, consulent = staff("ontwerper", gemeenten=[]), staff("inkomensconsulent")
    regisseur = staff("procesregisseur")
    process_id = f"api_pilot_{gemeente.replace('-', '_')}"
    _deploy(client, designer, process_id)
    url = f"/processes/{process_id}/pilots"
    body = {"version": 2, "share": 0.25, "gemeenten": [gemeente], "reason": "sneller besluiten"}

    assert client.post(url, json=body, headers=consulent.headers).status_code == 403
    assert _errors(client.post(url, json={**body, "share": 1.5}, headers=designer.headers)) == {"body.share"}
    assert _errors(client.post(url, json={**body, "version": 9}, headers=designer.headers)) == {"version"}
    assert _errors(client.post(url, json={**body, "version": 1}, headers=designer.headers)) == {"version"}
    unknown = client.post(url, json={**body, "gemeenten": ["atlantis"]}, headers=designer.headers)
    assert _errors(unknown) == {"gemeenten"} and "atlantis" in unknown.text
    empty = client.post(url, json={**body, "gemeenten": []}, headers=designer.headers)
    assert _errors(empty) == {"body.gemeenten"}
    blank = client.post(url, json={**body, "gemeenten": [" "]}, headers=designer.headers)
    assert _errors(blank) == {"gemeenten"}
    missing = client.post("/processes/geen_proces/pilots", json=body, headers=designer.headers)
    assert missing.status_code == 404
    assert client.get(url, headers=consulent.headers).json() == []

    started = client.post(url, json=body, headers=designer.headers)
    assert started.status_code == 201, started.text
    pilot = started.json()
    assert {k: pilot[k] for k in ("version", "share", "gemeenten", "status", "started_by", "ended_at")} == {
        "version": 2,
        "share": 0.25,
        "gemeenten": [gemeente],
        "status": "running",
        "started_by": designer.actor.name,
        "ended_at": None,
    }
    again = client.post(url, json=body, headers=designer.headers)
    assert again.status_code == 409 and gemeente in again.json()["detail"]
    assert [p["id"] for p in client.get(url, headers=consulent.headers).json()] == [pilot["id"]]
    assert client.get(f"{url}/{pilot['id']}", headers=consulent.headers).json() == pilot

    # Cases started over the API follow the draw; the case shows its version.
    versions = {}
    for i in range(40):
        start = {"process_id": process_id, "gemeente": gemeente, "client_ref": f"K-{i}", "data": START}
        case = client.post("/cases", json=start, headers=consulent.headers).json()
        assert case["process_version"] == (2 if pilots.draw(pilot["id"], case["id"]) < 0.25 else 1)
        versions[case["id"]] = case["process_version"]
    assert set(versions.values()) == {1, 2}

    report = client.get(f"/reports/pilots/{pilot['id']}", headers=regisseur.headers)
    assert report.status_code == 200, report.text
    compared = report.json()
    assert compared["pilot"]["id"] == pilot["id"]
    assert [(v["version"], v["pilot"], v["cases"], v["running"]) for v in compared["versions"]] == [
        (n, n == 2, sum(1 for v in versions.values() if v == n), sum(1 for v in versions.values() if v == n))
        for n in (1, 2)
    ]
    assert compared["versions"][1]["norm_seconds"] == 6 * 7 * 86400
    assert client.get(f"/reports/pilots/{pilot['id']}", headers=designer.headers).status_code == 403
    assert client.get("/reports/pilots/999999", headers=regisseur.headers).status_code == 404

    promote = f"{url}/{pilot['id']}/promote"
    assert client.post(promote, headers=consulent.headers).status_code == 403
    promoted = client.post(promote, json={"reason": "beter"}, headers=designer.headers)
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["status"] == "promoted" and promoted.json()["ended_by"] == designer.actor.name
    assert client.post(promote, headers=designer.headers).status_code == 409
    assert client.post(f"{url}/{pilot['id']}/end", headers=designer.headers).status_code == 409
    start = {"process_id": process_id, "gemeente": gemeente, "client_ref": "K-na", "data": START}
    assert client.post("/cases", json=start, headers=consulent.headers).json()["process_version"] == 2
    changes = client.get(f"/processes/{process_id}/changes", headers=consulent.headers).json()
    assert [c["action"] for c in changes] == ["retired", "pilot_started", "pilot_promoted"]
    # Running cases keep their version.
    for case_id, number in versions.items():
        assert client.get(f"/cases/{case_id}", headers=consulent.headers).json()["process_version"] == number


def test_an_ontwerper_of_some_gemeenten_pilots_only_there(client, db, staff, gemeente):
    """A pilot changes which version the new cases of its gemeenten start on: an ontwerper who serves
    gemeenten starts, promotes and ends pilots of those alone; one of the whole deployment (no
    gemeenten) of any."""
    other = f"{gemeente}-buren"
    whole, here, there = (
        staff("ontwerper", gemeenten=[]),
        staff("ontwerper"),
        staff("ontwerper", gemeenten=[other]),
    )
    process_id = f"scoped_pilot_{gemeente.replace('-', '_')}"
    _deploy(client, whole, process_id)
    url = f"/processes/{process_id}/pilots"
    body = {"version": 2, "share": 0.5, "gemeenten": [gemeente]}

    refused = client.post(url, json=body, headers=there.headers)
    assert _errors(refused) == {"gemeenten"} and f"not a gemeente of yours: {gemeente}" in refused.text
    both = client.post(url, json={**body, "gemeenten": [gemeente, other]}, headers=here.headers)
    assert _errors(both) == {"gemeenten"} and other in both.text
    assert client.get(url, headers=here.headers).json() == []

    started = client.post(url, json=body, headers=here.headers)
    assert started.status_code == 201, started.text
    pilot = started.json()["id"]
    for action in ("promote", "end"):
        foreign = client.post(f"{url}/{pilot}/{action}", headers=there.headers)
        assert foreign.status_code == 403 and gemeente in foreign.json()["detail"], foreign.text
    assert client.get(f"{url}/{pilot}", headers=here.headers).json()["status"] == "running"
    ended = client.post(f"{url}/{pilot}/end", headers=whole.headers)
    assert ended.status_code == 200 and ended.json()["status"] == "ended", ended.text


def test_the_camunda_7_rest_api_starts_cases_by_the_draw(client, db, staff, gemeente):
    designer, consulent = staff("ontwerper", gemeenten=[]), staff("inkomensconsulent")
    process_id = f"rest_pilot_{gemeente.replace('-', '_')}"
    _deploy(client, designer, process_id)
    body = {"version": 2, "share": 0.5, "gemeenten": [gemeente]}
    pilot = client.post(f"/processes/{process_id}/pilots", json=body, headers=designer.headers).json()
    headers = {**ACCEPT, "authorization": f"Bearer {consulent.token}"}
    [current] = client.get(
        f"/engine-rest/process-definition?key={process_id}&latestVersion=true", headers=headers
    ).json()
    assert current["version"] == 1
    variables = {k: {"value": v, "type": "String"} for k, v in START.items()}
    seen = set()
    for i in range(16):
        path = (
            f"/engine-rest/process-definition/key/{process_id}/start"
            if i % 3 == 0
            else f"/engine-rest/process-definition/{current['id']}/start"
            if i % 3 == 1
            else f"/engine-rest/process-definition/key/{process_id}/tenant-id/{gemeente}/start"
        )
        started = client.post(path, headers=headers, json={"businessKey": f"K-{i}", "variables": variables})
        assert started.status_code == 200, started.text
        instance = started.json()
        expected = 2 if pilots.draw(pilot["id"], instance["id"]) < 0.5 else 1
        case = client.get(f"/cases/{instance['id']}", headers=consulent.headers).json()
        assert case["process_version"] == expected
        assert instance["definitionId"].startswith(f"{process_id}:{expected}:")
        seen.add(expected)
    assert seen == {1, 2}


@pytest.mark.slow  # runs the command
def test_the_pilots_command(db, staff, gemeente, tmp_path):
    staff("inkomensconsulent")  # makes the gemeente known
    process_id = f"cli_pilot_{gemeente.replace('-', '_')}"
    for n, model in enumerate((MODEL, FASTER), start=1):
        path = tmp_path / f"{process_id}_{n}.bpmn"
        path.write_text(model.replace(PROCESS, process_id))
        cli(db.url, "deploy", str(path), *(["--not-in-use"] if n == 2 else []))
    v1, v2, *_ = cli(db.url, "processes", "versions", process_id).splitlines()
    assert v1.endswith("in use") and "\tretired " in v2
    pilot_id = cli(db.url, "pilots", "start", process_id, "2", "--share", "0.2", "--gemeente", gemeente)
    listed = cli(db.url, "pilots", "list", process_id)
    assert listed.startswith(f"{pilot_id}\tv2\t0.2\t{gemeente}\trunning\t")
    cli(db.url, "pilots", "end", process_id, pilot_id, "--reason", "klaar")
    assert "\tended\t" in cli(db.url, "pilots", "list", process_id)


def test_the_console_starts_promotes_and_ends_pilots_and_compares_versions(client, db, staff, gemeente):
    designer = with_password(db, staff("ontwerper", gemeenten=[]))
    regisseur = with_password(db, staff("procesregisseur"))
    consulent = staff("inkomensconsulent")
    process_id = f"console_pilot_{gemeente.replace('-', '_')}"
    _deploy(client, designer, process_id)
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, designer.actor.name)
        page = web.get(f"/ui/processen/{process_id}")
        assert "Er is nog geen pilot van dit proces." in page.text and "Pilot starten" in page.text
        assert "Versie 2</a> is nieuwer en niet in gebruik genomen." in page.text
        token = csrf(page.text)
        url = f"/ui/processen/{process_id}/pilots"
        form = {
            "csrf_token": token,
            "versie": "2",
            "aandeel": "40",
            "gemeenten": "atlantis",
            "reden": "proef",
        }
        assert "Vul bekende gemeenten in" in web.post(url, data=form).text
        assert "Vul een aandeel in" in web.post(url, data={**form, "aandeel": "100"}).text
        assert "Kies een versie die niet de huidige is" in web.post(url, data={**form, "versie": "1"}).text
        started = web.post(url, data={**form, "gemeenten": f" {gemeente.upper()} "})
        assert (
            "De pilot is gestart" in started.text
            and "Versie 2 invoeren voor alle nieuwe zaken" in started.text
        )
        assert "al een pilot van dit proces" in web.post(url, data={**form, "gemeenten": gemeente}).text
        page = web.get(f"/ui/processen/{process_id}").text
        assert (
            "Nieuwe zaken starten op deze versie." in page
            and "Versie 2</a> is nieuwer en draait als pilot." in page
        )
        assert f'href="/ui/processen/{process_id}?versie=2">Versie 2</a>' in page
        two = web.get(f"/ui/processen/{process_id}?versie=2").text
        assert (
            f'U bekijkt versie 2. Nieuwe zaken starten op <a href="/ui/processen/{process_id}">versie 1</a>.'
            in two
        )
        [pilot] = client.get(f"/processes/{process_id}/pilots", headers=designer.headers).json()
        assert (pilot["share"], pilot["gemeenten"], pilot["reason"]) == (0.4, [gemeente], "proef")
        assert web.get(f"/ui/pilots/{pilot['id']}").status_code == 403  # the comparison is a report

    for i in range(12):
        start = {"process_id": process_id, "gemeente": gemeente, "client_ref": f"K-{i}", "data": START}
        assert client.post("/cases", json=start, headers=consulent.headers).status_code == 201
    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, regisseur.actor.name)
        compared = web.get(f"/ui/pilots/{pilot['id']}")
        assert compared.status_code == 200
        assert "Versie 1 (huidige)" in compared.text and "Versie 2 (pilot)" in compared.text
        report = client.get(f"/reports/pilots/{pilot['id']}", headers=regisseur.headers).json()
        cells = re.findall(r"<th scope=\"row\">Zaken</th>(.*?)</tr>", compared.text)[0]
        assert [int(n) for n in re.findall(r'class="num">(\d+)', cells)] == [
            v["cases"] for v in report["versions"]
        ]
        assert "Versies vergelijken" in web.get(f"/ui/processen/{process_id}").text

    with TestClient(client.app, raise_server_exceptions=False) as web:
        sign_in(web, designer.actor.name)
        token = csrf(web.get(f"/ui/processen/{process_id}").text)
        ended = web.post(f"{url}/{pilot['id']}/beeindigen", data={"csrf_token": token})
        assert "De pilot is beëindigd" in ended.text
        assert "al afgelopen" in web.post(f"{url}/{pilot['id']}/invoeren", data={"csrf_token": token}).text
        again = web.post(url, data={**form, "csrf_token": token, "gemeenten": gemeente})
        assert "De pilot is gestart" in again.text
        [newest, _] = client.get(f"/processes/{process_id}/pilots", headers=designer.headers).json()
        promoted = web.post(f"{url}/{newest['id']}/invoeren", data={"csrf_token": token})
        assert "De pilotversie is ingevoerd" in promoted.text
        assert "Nieuwe zaken starten op <strong>versie 2</strong>" in promoted.text
