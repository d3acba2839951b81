"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when
``PB_TEST_DATABASE_URL`` says so), an app per test, clients, and one account per role.

Every test starts from empty tables; the schema is built once per run by the real Alembic
migrations, so the tests also prove that the migrations produce what the models expect.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from pb import create_app
from pb.extensions import db

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
PUBLIC_URL = "http://pb.test:8000"
PASSWORD = "correct horse battery"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_report_header(config):
    return f"pb database under test: {_database_kind()}"


def _database_kind() -> str:
    url = os.environ.get("PB_TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("PB_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'pb-test.sqlite3'}"
    else:
        _empty_postgres(url)
    app = create_app(_config(url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def _empty_postgres(url: str) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    except sa.exc.OperationalError as error:
        pytest.exit(f"PostgreSQL is not reachable at {url}: {error}", returncode=3)
    finally:
        engine.dispose()


def _config(url: str) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "PUBLIC_URL": PUBLIC_URL,
        # A cheap hash keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Wrong codes are answered at once; tests/security/test_code_guessing.py sets a delay.
        "CODE_GUESS_SITE_DELAY": 0,
    }
    if url.startswith("postgresql"):
        # The suite does not test durability (tests/system does, with production settings):
        # not waiting for each commit to reach the disk makes it several times faster.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": "-c synchronous_commit=off"}
        }
    return config


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    Tests hold an app context to use the database directly; without this, requests would share
    it, and with it ``g`` (the signed-in user) and the database session.
    """

    def open(self, *args, **kwargs):
        # A fresh app context on top: the request adopts it, then it is popped (and its
        # database session removed) while the test's own context stays as it was.
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url: str, tmp_path, monkeypatch) -> Iterator[Flask]:
    # Uploads and any generated files go to a fresh instance folder, never the checkout's.
    monkeypatch.setenv("PB_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(_config(database_url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        _truncate_all()
        db.engine.dispose()


def _truncate_all() -> None:
    # DELETE, not TRUNCATE: for a handful of rows per test it is much cheaper on PostgreSQL.
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# --- acting as a user ------------------------------------------------------------------------

_META_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """Read the CSRF token the way a browser gets it: from a page."""
    page = client.get(path).get_data(as_text=True)
    match = _META_CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post(client: FlaskClient, path: str, data: dict | None = None, **kwargs):
    """POST a form with a valid CSRF token, as the browser would after loading a page."""
    payload = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(path, data=payload, **kwargs)


def login(client: FlaskClient, user_login: str, password: str = PASSWORD):
    response = post(client, "/login", {"login": user_login, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response


def page_text(response) -> str:
    """The visible text of an HTML response, whitespace collapsed, tags removed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(text)).strip()


# --- the cast: one account per role, an edition with two groups ------------------------------


class Cast:
    """Accounts and objects most tests need, created through the services."""

    def __init__(self) -> None:
        from pb.accounts.models import Role
        from pb.accounts.services import create_user
        from pb.editions.services import EditionData, add_member, create_edition, create_group

        def user(login: str, role: Role, name: str):
            return create_user(login=login, name=name, role=role, password=PASSWORD,
                               acting=None)

        self.coordinator = user("coord@pb.test", Role.COORDINATOR, "Celina Koordynator")
        self.animator = user("anim@pb.test", Role.ANIMATOR, "Adam Animator")
        self.other_animator = user("other.anim@pb.test", Role.ANIMATOR, "Olga Obca")
        self.participant = user("piotr", Role.PARTICIPANT, "Piotr Uczestnik")
        self.other_participant = user("zofia", Role.PARTICIPANT, "Zofia Zgrupy")
        self.loose_participant = user("leon", Role.PARTICIPANT, "Leon Bezgrupy")
        self.foreign_participant = user("fryderyk", Role.PARTICIPANT, "Fryderyk Zinnej")
        self.official = user("radny@pb.test", Role.OFFICIAL, "Roman Radny")
        self.teller = user("teller@pb.test", Role.TELLER, "Tadeusz Liczący")
        self.edition = create_edition(
            EditionData(
                name="PAL Testowo 2025",
                municipality="Testowo",
                district="Centrum",
                description="",
                pool_grosze=20_000_00,
                project_cap_grosze=5_000_00,
                drafting_from=date(2025, 1, 1),
                review_from=date(2025, 3, 1),
                debate_on=date(2025, 4, 1),
                execution_from=date(2025, 4, 2),
                closed_on=date(2025, 12, 1),
                voting_rule="top",
                published=True,
            ),
            acting=self.coordinator,
        )
        self.edition.animators = [self.animator]
        self.other_edition = create_edition(
            EditionData(
                name="PAL Inne 2025",
                municipality="Inne",
                district="Zachód",
                description="",
                pool_grosze=10_000_00,
                project_cap_grosze=2_000_00,
                drafting_from=date(2025, 1, 1),
                review_from=date(2025, 3, 1),
                debate_on=date(2025, 4, 1),
                execution_from=date(2025, 4, 2),
                closed_on=date(2025, 12, 1),
                voting_rule="greedy",
                published=False,
            ),
            acting=self.coordinator,
        )
        self.other_edition.animators = [self.other_animator]
        self.group = create_group(
            self.edition, name="Place zabaw", animator=self.animator, acting=self.coordinator
        )
        self.other_group = create_group(
            self.edition, name="Piknik", animator=self.animator, acting=self.coordinator
        )
        self.foreign_group = create_group(
            self.other_edition, name="Obca grupa", animator=self.other_animator,
            acting=self.coordinator,
        )
        add_member(self.group, self.participant, acting=self.animator)
        add_member(self.other_group, self.other_participant, acting=self.animator)
        add_member(self.foreign_group, self.foreign_participant, acting=self.other_animator)
        db.session.commit()


@pytest.fixture
def cast(app: Flask) -> Cast:
    return Cast()
