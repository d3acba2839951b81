"""Operations: health check, security headers, audit log, backup and restore."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from pb.debate import voting
from pb.debate.models import Channel
from pb.extensions import db
from tests.conftest import login, page_text, post
from tests.test_cli import PB
from tests.web.test_debate import cards, ids, make_debate, open_


def test_health_check(client, cast):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_security_headers_on_every_kind_of_page(client, cast):
    for path in ("/", "/login", "/no-such-page", f"/editions/{cast.edition.id}", "/healthz",
                 "/vote", "/v/ABCD-EFGH-JKLM"):
        headers = client.get(path).headers
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                     "Referrer-Policy", "Permissions-Policy"):
            assert len(headers.getlist(name)) == 1, (path, name)
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(app, cast):
    """What the CSP forbids, the templates never use."""
    root = os.path.join(os.path.dirname(__file__), "..", "templates")
    for folder, _dirs, files in os.walk(root):
        for name in files:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                text = handle.read()
            assert "style=" not in text.replace("stylesheet", ""), name
            assert "<script>" not in text and "onclick=" not in text, name


def test_audit_log_records_changes_but_no_choices(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 2)
    open_(debate, cast)
    voting.cast_ballot(issued[0].code, [ids(debate)[0]], channel=Channel.PHONE)
    teller = app.test_client()
    login(teller, cast.teller.login)
    post(teller, f"/debates/{debate.id}/desk", {"code": issued[1].code, "action": "count",
                                                "project": [str(ids(debate)[1])]})
    coordinator = app.test_client()
    login(coordinator, cast.coordinator.login)
    text = page_text(coordinator.get("/audit"))
    for action in ("edition_created", "debate_created", "cards_issued", "voting_opened",
                   "desk_ballot_entered", "submitted", "accepted"):
        assert action in text, action
    from pb.ops.models import AuditEvent

    for event in db.session.scalars(sa.select(AuditEvent)):
        flat = str(event.detail)
        assert issued[0].code not in flat and issued[1].code not in flat
        assert "project" not in event.detail  # no ballot choices
    for who in ("animator", "teller", "participant"):
        other = app.test_client()
        login(other, getattr(cast, who).login)
        assert other.get("/audit").status_code == 403


def _pb_env(url: str, instance) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PB_")}
    env.update(PB_INSTANCE_PATH=str(instance), PB_DATABASE_URL=url,
               PB_PUBLIC_URL="http://192.168.1.20:8000")
    return env


@pytest.fixture
def two_databases(tmp_path):
    """Two empty databases of the kind under test: where the backup comes from, and goes."""
    base = os.environ.get("PB_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        yield [f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}"]
        return
    names = [f"pb_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield [sa.engine.make_url(base).set(database=n).render_as_string(hide_password=False)
               for n in names]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar()
                    for n in names if n != "alembic_version"}
    finally:
        engine.dispose()


def _rows(url: str, query: str) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(query))]
    finally:
        engine.dispose()


def test_backup_and_restore_keep_everything(tmp_path, two_databases):
    source, target = two_databases
    a, b = tmp_path / "a", tmp_path / "b"
    run = lambda env, *args: subprocess.run([PB, *args], env=env, capture_output=True,  # noqa: E731
                                            text=True, timeout=180)
    env_a, env_b = _pb_env(source, a), _pb_env(target, b)
    assert run(env_a, "db", "upgrade").returncode == 0
    assert run(env_a, "demo").returncode == 0
    backup = tmp_path / "kopia.tar.gz"
    made = run(env_a, "backup", str(backup), "--with-secret")
    assert made.returncode == 0, made.stderr
    assert run(env_b, "db", "upgrade").returncode == 0
    restored = run(env_b, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert _counts(source) == _counts(target)
    assert _counts(target)["ballots"] == 75
    # The demo's district plan: its exact corners and its picture come back too.
    corners = "SELECT north, west, south, east, file_name FROM district_plans"
    assert _rows(target, corners) == _rows(source, corners) and _rows(target, corners)
    assert list((b / "uploads" / "plans").rglob(_rows(target, corners)[0][-1]))
    assert (b / "secret_key").read_text() == (a / "secret_key").read_text()
    # Restoring twice is refused rather than doubling anything.
    again = run(env_b, "restore", str(backup))
    assert again.returncode != 0 and "not empty" in again.stderr
    # The restored instance works: the demo coordinator signs in and new rows get new ids.
    added = subprocess.run([PB, "user", "add", "nowy@example.com", "--role", "teller"],
                           env=env_b, input="bezpieczne-haslo\n", capture_output=True, text=True,
                           timeout=60)
    assert added.returncode == 0, added.stderr
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not a backup")
    refused = run(env_b, "restore", str(broken))
    assert refused.returncode != 0 and "not a pb backup" in refused.stderr


def test_the_kept_session_serializer_follows_a_change_of_secret_key(app, cast):
    """A signed session cookie stops counting when SECRET_KEY changes, and counts again when
    the old key is listed in SECRET_KEY_FALLBACKS (the serializer is kept per set of keys)."""
    client = app.test_client()
    login(client, cast.coordinator.login)
    assert client.get("/manage/").status_code == 200
    signed_with_old_key = client.get_cookie("session").value
    old_key = app.secret_key
    app.secret_key = app.config["SECRET_KEY"] = "another-secret-" + "x" * 50
    assert client.get("/manage/").status_code == 302  # signed with the old key: ignored
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    client.set_cookie("session", signed_with_old_key)
    assert client.get("/manage/").status_code == 200
