"""The error log never carries a card code: a code next to a time says which card voted when,
which the database itself never keeps."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from pb.core.cardcode import format_card_code
from pb.extensions import db
from tests.conftest import csrf_token
from tests.web.test_debate import cards, ids, make_debate, open_


def _refuse_inserts(table: str) -> tuple[list[str], list[str]]:
    """Statements creating, and those dropping, a real trigger making the database under test
    refuse every insert into ``table``."""
    if db.engine.dialect.name == "postgresql":
        return [
            "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'insert refused'; END $$",
            f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION refuse_insert()",
        ], [f"DROP TRIGGER refuse_insert ON {table}", "DROP FUNCTION refuse_insert()"]
    return [
        f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'insert refused'); END",
    ], ["DROP TRIGGER refuse_insert"]


@pytest.fixture
def failing_ballots(app):
    """Every ballot insert fails in the database, and an unhandled error answers 500 (as in
    production) instead of reaching the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    create, drop = _refuse_inserts("ballots")
    for statement in create:
        db.session.execute(sa.text(statement))
    db.session.commit()
    yield
    db.session.rollback()
    for statement in drop:
        db.session.execute(sa.text(statement))
    db.session.commit()


def _codes_in(text: str, code: str) -> list[str]:
    return [form for form in (code, format_card_code(code), code.lower()) if form in text]


def test_a_failing_phone_vote_logs_no_card_code(app, cast, failing_ballots, caplog):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    open_(debate, cast)
    code = issued[0].code
    phone = app.test_client()
    phone.get(f"/v/{code}")
    with caplog.at_level(logging.INFO):
        answer = phone.post(f"/v/{code}/cast", data={
            "csrf_token": csrf_token(phone), "project": [str(ids(debate)[0])]})
    assert answer.status_code == 500
    assert "insert refused" in caplog.text  # the failure is logged, with its traceback…
    assert "/v/…/cast" in caplog.text
    assert _codes_in(caplog.text, code) == []  # …but not the card it happened to


@pytest.mark.parametrize("logger", ["gunicorn.access", "gunicorn.error", "werkzeug"])
def test_server_logs_of_paths_with_codes_are_scrubbed(app, caplog, logger):
    """gunicorn and the development server write each request line to their own loggers; pb
    filters them from start-up on."""
    code = "K7M2Q9XH4RTP3WZ5"
    with caplog.at_level(logging.INFO, logger=logger):
        for path in (f"/v/{code}", f"/v/{code}/cast", f"/k/{code.lower()}",
                     f"/debates/1/desk?code={format_card_code(code)}"):
            logging.getLogger(logger).info('%s "%s" %s', "10.0.0.7", f"GET {path} HTTP/1.1", 200)
        logging.getLogger(logger).info("Error handling request %s", f"/v/{code}/cast")
    assert len(caplog.records) == 5
    assert _codes_in(caplog.text, code) == []
