"""The schema comes from Alembic migrations: empty → head works, and matches the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from pb import create_app
from pb.extensions import db
from tests.conftest import TEST_SECRET


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A brand-new, empty database of the kind under test."""
    base = os.environ.get("PB_TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"pb_migration_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_upgrade_from_empty_to_head_matches_the_models(empty_database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET,
                      "SQLALCHEMY_DATABASE_URI": empty_database_url, "PUBLIC_URL": "http://x"})
    with app.app_context():
        assert _tables(db.engine) == set()
        upgrade()
        assert {t.name for t in db.metadata.sorted_tables} <= _tables(db.engine)
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"

        downgrade(revision="base")
        assert _tables(db.engine) <= {"alembic_version"}
        upgrade()
        assert "users" in _tables(db.engine)
        db.engine.dispose()


def test_editions_made_before_the_diagnosis_get_its_default_categories(empty_database_url):
    """Upgrading an install whose editions predate the diagnosis gives each of them the
    categories a new edition starts with, so their needs can be sorted at once."""
    from pb.diagnosis.models import DEFAULT_CATEGORIES

    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET,
                      "SQLALCHEMY_DATABASE_URI": empty_database_url, "PUBLIC_URL": "http://x"})
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO editions (id, name, municipality, district, description, "
                "pool_grosze, project_cap_grosze, drafting_from, review_from, debate_on, "
                "execution_from, closed_on, voting_rule, published, created_at) VALUES "
                "(7, 'PAL 2012', 'Wodzisław Śląski', 'Wilchwy', '', 1000000, 200000, "
                "'2012-10-01', '2013-02-01', '2013-03-15', '2013-04-01', '2013-11-30', "
                "'top', true, '2012-09-01 10:00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            names = conn.execute(sa.text(
                "SELECT name FROM need_categories WHERE edition_id = 7 ORDER BY position"
            )).scalars().all()
        assert names == list(DEFAULT_CATEGORIES)
        db.engine.dispose()
