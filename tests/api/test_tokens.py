"""Bearer tokens: stored as HMAC under the token key, expire, are rotated and revoked (ADR 17); a token
stored as unsalted SHA-256 before migration 0010 works until it expires and is re-stored as HMAC."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys

import pytest
import time_machine
from sqlalchemy import select, update

from engine import users
from engine.config import get_settings
from engine.models import User, utcnow

MINUTE = dt.timedelta(minutes=1)
EXPIRED = "token expired on {:%Y-%m-%d %H:%M} UTC; ask for a new one"


def _stored(db, name: str) -> tuple[str, dt.datetime | None]:
    with db.tx() as session:
        user = session.scalar(select(User).where(User.name == name))
        return user.token_hash, user.token_expires_at


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_works_until_it_expires_and_me_shows_when(client, db, staff):
    coach = staff("werkcoach")
    stored, expires = _stored(db, coach.actor.name)
    assert expires is not None
    assert expires - utcnow() == pytest.approx(dt.timedelta(days=get_settings().token_days), abs=MINUTE)
    me = client.get("/me", headers=coach.headers)
    assert me.status_code == 200
    assert dt.datetime.fromisoformat(me.json()["token_expires_at"]) == expires

    with time_machine.travel(expires - dt.timedelta(seconds=1), tick=False):
        assert client.get("/me", headers=coach.headers).status_code == 200
    with time_machine.travel(expires, tick=False):
        response = client.get("/tasks", headers=coach.headers)
    assert response.status_code == 401
    assert response.json() == {"detail": EXPIRED.format(expires)}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_the_stored_value_is_an_hmac_under_the_token_key_not_a_sha256(db, staff):
    coach = staff("werkcoach")
    stored, _ = _stored(db, coach.actor.name)
    assert stored == users.token_digest(coach.token)
    assert stored != hashlib.sha256(coach.token.encode()).hexdigest()
    assert stored not in (users.legacy_digest(coach.token), coach.token)
    # keyed: the same token under another installation's key hashes otherwise
    assert users._token_key("een andere sleutel van 32 tekens of meer") != users._token_key(
        get_settings().bsn_key
    )


def test_a_new_token_ends_the_old_one(client, db, staff):
    coach = staff("werkcoach")
    with db.tx() as session:
        _, token = users.rotate_token(session, coach.actor.name, token_days=7)
    assert client.get("/me", headers=coach.headers).json() == {"detail": "unknown or revoked token"}
    me = client.get("/me", headers=_bearer(token))
    assert me.status_code == 200
    expires = dt.datetime.fromisoformat(me.json()["token_expires_at"])
    assert expires - utcnow() == pytest.approx(dt.timedelta(days=7), abs=MINUTE)


def test_a_revoked_token_stops_but_the_console_sign_in_goes_on(client, db, staff):
    coach = staff("werkcoach")
    with db.tx() as session:
        users.set_password(session, coach.actor.name, "een lang wachtwoord")
        secret = users.sign_in(session, coach.actor.name, "een lang wachtwoord", dt.timedelta(hours=1))
    assert secret is not None
    with db.tx() as session:
        users.revoke_token(session, coach.actor.name)
    response = client.get("/me", headers=coach.headers)
    assert (response.status_code, response.json()) == (401, {"detail": "unknown or revoked token"})
    assert _stored(db, coach.actor.name)[1] is None
    with db.tx() as session:
        assert users.signed_in(session, secret) is not None
        assert users.get_user(session, coach.actor.name).disabled_at is None
        _, token = users.rotate_token(session, coach.actor.name)  # a new token after a revocation works
    assert client.get("/me", headers=_bearer(token)).status_code == 200


def test_a_token_stored_as_sha256_before_the_upgrade_works_once_and_is_then_stored_as_hmac(client, db, staff):
    coach = staff("werkcoach")
    with db.tx() as session:
        session.execute(
            update(User)
            .where(User.name == coach.actor.name)
            .values(token_hash=users.legacy_digest(coach.token))
        )
    assert client.get("/me", headers=coach.headers).status_code == 200
    assert _stored(db, coach.actor.name)[0] == users.token_digest(coach.token)
    assert client.get("/me", headers=coach.headers).status_code == 200


def test_an_old_format_token_expires_too(client, db, staff):
    coach = staff("werkcoach")
    ended = utcnow() - dt.timedelta(minutes=1)
    with db.tx() as session:
        session.execute(
            update(User)
            .where(User.name == coach.actor.name)
            .values(token_hash=users.legacy_digest(coach.token), token_expires_at=ended)
        )
    response = client.get("/me", headers=coach.headers)
    assert (response.status_code, response.json()) == (401, {"detail": EXPIRED.format(ended)})
    assert _stored(db, coach.actor.name)[0] == users.legacy_digest(coach.token)


def test_a_disabled_users_valid_token_is_refused(client, db, staff):
    coach = staff("werkcoach")
    with db.tx() as session:
        users.set_disabled(session, coach.actor.name, True)
    assert client.get("/me", headers=coach.headers).status_code == 401


def test_a_beheerder_chooses_the_days_of_a_new_users_token(client, staff, gemeente):
    admin = staff("beheerder")
    body = {"name": f"kort-{gemeente}", "roles": ["jobcoach"], "gemeenten": [gemeente], "token_days": 5}
    response = client.post("/users", headers=admin.headers, json=body)
    assert response.status_code == 201
    expires = dt.datetime.fromisoformat(response.json()["token_expires_at"])
    assert expires - utcnow() == pytest.approx(dt.timedelta(days=5), abs=MINUTE)
    for days in (0, 3651, "veel"):
        response = client.post("/users", headers=admin.headers, json=body | {"token_days": days})
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["body.token_days"]


@pytest.mark.slow
def test_the_command_line_prints_the_expiry_rotates_and_revokes(db, gemeente):
    name = f"cli-{gemeente}"

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "api.cli", "--database-url", db.url, "user", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.returncode, done.stdout.strip(), done.stderr

    code, token, err = run("add", name, "--role", "werkcoach", "--gemeente", gemeente, "--days", "3")
    _, expires = _stored(db, name)
    assert code == 0 and expires is not None
    assert f"token expires {expires:%Y-%m-%d %H:%M} UTC" in err
    assert expires - utcnow() == pytest.approx(dt.timedelta(days=3), abs=MINUTE)
    assert _stored(db, name)[0] == users.token_digest(token)

    code, new_token, err = run("token", name, "--days", "30")
    _, expires = _stored(db, name)
    assert code == 0 and new_token != token
    assert f"new token for {name}, expires {expires:%Y-%m-%d %H:%M} UTC" in err
    assert _stored(db, name)[0] == users.token_digest(new_token)

    code, _, err = run("token", name, "--days", "0")
    assert code == 2 and "error: token_days: give a number of days from 1 to 3650" in err
    code, _, err = run("revoke", name)
    assert code == 0 and f"token of {name} revoked" in err
    assert _stored(db, name)[1] is None
    code, listing, _ = run("list")
    # name, roles, gemeenten, organisation (none: -), the token
    assert f"{name}\twerkcoach\t{gemeente}\t-\trevoked" in listing.splitlines()
