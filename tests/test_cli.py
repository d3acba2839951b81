"""The ``pb`` command as an operator runs it: a real process on a fresh instance folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PB = shutil.which("pb", path=str(Path(sys.executable).parent)) or "pb"


def _pb(instance: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PB_")}
    env["PB_INSTANCE_PATH"] = str(instance)
    env["PB_PUBLIC_URL"] = "http://192.168.1.20:8000"
    return subprocess.run(
        [PB, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_upgrade_demo_twice_and_user_add(tmp_path):
    instance = tmp_path / "instance"
    upgrade = _pb(instance, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    database = instance / "pb.sqlite3"
    assert database.exists()
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0  # secret readable by owner only

    first = _pb(instance, "demo")
    assert first.returncode == 0, first.stderr
    assert "koordynator@wilchwy.example" in first.stdout and "wilchwy2012" in first.stdout
    tables = ("users", "editions", "groups", "group_memberships", "projects", "tasks",
              "budget_lines", "project_versions", "debate_tellers", "district_plans", "needs",
              "need_supports", "resources", "need_reports", "project_needs")
    counts = {t: _count(database, t) for t in tables}
    assert counts["users"] == 20 and counts["editions"] == 1 and counts["groups"] == 3
    assert counts["group_memberships"] == 15 and counts["projects"] == 6
    assert counts["project_versions"] == 6  # each submitted once, then accepted
    assert counts["tasks"] >= 6 * 4 and counts["budget_lines"] >= 6 * 5
    with sqlite3.connect(database) as conn:
        states = sorted(row[0] for row in conn.execute("SELECT state FROM projects"))
    # The debate chose 4 of 6 and the four were carried out, as in 2012/13.
    assert states == ["completed"] * 4 + ["not_selected"] * 2
    assert _count(database, "ballots") == 75 and _count(database, "expenses") > 20
    with sqlite3.connect(database) as conn:
        tellers = conn.execute("SELECT users.login FROM debate_tellers JOIN users "
                               "ON users.id = debate_tellers.user_id").fetchall()
    assert tellers == [("komisja@wilchwy.example",)]  # the demo teller counts at the debate
    # The diagnosis of Wilchwy: the plan, needs and resources, and each project answers a need.
    assert counts["district_plans"] == 1 and counts["needs"] >= 7 and counts["resources"] >= 7
    assert counts["need_reports"] >= 3 and counts["need_supports"] > 0
    assert counts["project_needs"] >= 6
    assert "needs of the diagnosis" in first.stdout

    second = _pb(instance, "demo")
    assert second.returncode == 0, second.stderr
    assert "nothing changed" in second.stdout
    assert {t: _count(database, t) for t in counts} == counts

    added = _pb(instance, "user", "add", "ewa@example.com", "--role", "teller",
                "--name", "Ewa Liczy", stdin="bezpieczne-haslo\n")
    assert added.returncode == 0, added.stderr
    assert _count(database, "users") == 21

    duplicate = _pb(instance, "user", "add", "ewa@example.com", "--role", "teller",
                    stdin="bezpieczne-haslo\n")
    assert duplicate.returncode != 0
    assert "already taken" in duplicate.stderr or "zajęty" in duplicate.stderr
    short = _pb(instance, "user", "add", "x@example.com", "--role", "teller", stdin="abc\n")
    assert short.returncode != 0 and "Traceback" not in short.stderr
    bad_role = _pb(instance, "user", "add", "y@example.com", "--role", "king", stdin="abcdefghij\n")
    assert bad_role.returncode == 2 and "king" in bad_role.stderr


def test_the_added_user_can_sign_in(tmp_path, monkeypatch):
    from pb import create_app
    from pb.extensions import db
    from tests.conftest import login

    instance = tmp_path / "instance"
    assert _pb(instance, "db", "upgrade").returncode == 0
    assert _pb(instance, "user", "add", "boss@example.com", "--role", "coordinator",
               stdin="mocne-haslo-123\n").returncode == 0
    monkeypatch.setenv("PB_INSTANCE_PATH", str(instance))
    app = create_app()  # production configuration, from the instance folder
    client = app.test_client()
    login(client, "boss@example.com", "mocne-haslo-123")
    assert client.get("/accounts/").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_weak_secret_is_refused_in_production(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SECRET_KEY = "dev"\n')
    result = _pb(instance, "db", "upgrade")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_operator_commands(tmp_path):
    result = _pb(tmp_path / "instance", "--help")
    assert result.returncode == 0
    for command in ("db", "demo", "user", "serve", "translate", "cards", "tally"):
        assert command in result.stdout


@pytest.mark.parametrize("args", [("serve", "--help"), ("user", "add", "--help")])
def test_subcommand_help(tmp_path, args):
    assert _pb(tmp_path / "instance", *args).returncode == 0


def test_tally_needs_neither_app_nor_database(tmp_path):
    import json

    from tests.pabulib_files import in_repo

    source = in_repo("Poland_Gdynia_2023_Kamienna_Gora__small.pb")
    instance = tmp_path / "never-created"
    result = _pb(instance, "tally", str(source), "--json")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["rule"] and isinstance(outcome["selected"], list)
    assert not instance.exists()  # no instance folder, no database, no secret


def test_cards_command_prints_cards_that_vote(tmp_path, monkeypatch):
    from pb import create_app
    from pb.extensions import db
    from tests.conftest import TEST_SECRET, Cast
    from tests.qr_tools import decode_qr, pdf_pages
    from tests.web.test_debate import make_debate

    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_text(TEST_SECRET)
    assert _pb(instance, "db", "upgrade").returncode == 0
    monkeypatch.setenv("PB_INSTANCE_PATH", str(instance))
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "PUBLIC_URL": "http://x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'pb.sqlite3'}"})
    with app.app_context(), app.test_request_context():
        make_debate(Cast())
        db.engine.dispose()
    out = tmp_path / "karty.pdf"
    result = _pb(instance, "cards", "1", "--count", "5", "--category", "official",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    urls = [u for page in pdf_pages(out.read_bytes()) for u in decode_qr(page)]
    assert len(urls) == 5 and all(u.startswith("http://192.168.1.20:8000/v/") for u in urls)
    assert _count(instance / "pb.sqlite3", "ballot_cards") == 5
    missing = _pb(instance, "cards", "99", "--count", "5", "--out", str(out))
    assert missing.returncode != 0 and "no debate 99" in missing.stderr
    bad = _pb(instance, "cards", "1", "--count", "0", "--out", str(out))
    assert bad.returncode == 2
