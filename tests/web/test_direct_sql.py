"""pb.direct_sql: the vote's statements on the driver's cursor give what SQLAlchemy would."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pb.debate.models import Ballot, BallotCard, CardStatus, Debate, DebateState
from pb.direct_sql import DirectStatement
from pb.extensions import db
from tests.web.test_debate import cards, make_debate, open_

debates_table = Debate.__table__
cards_table = BallotCard.__table__


def _card_id(debate: Debate, number: int) -> int:
    return db.session.scalar(sa.select(cards_table.c.id).where(
        cards_table.c.debate_id == debate.id, cards_table.c.number == number))


def test_a_row_comes_back_typed_as_sqlalchemy_returns_it(app, cast):
    debate = make_debate(cast)
    open_(debate, cast)
    statement = (sa.select(debates_table.c.id, debates_table.c.state, debates_table.c.opened_at,
                           debates_table.c.name)
                 .where(debates_table.c.id == sa.bindparam("debate_id")))
    expected = tuple(db.session.execute(statement, {"debate_id": debate.id}).one())
    got = DirectStatement(statement).execute(db.session.connection(), {"debate_id": debate.id})
    assert got.first == expected
    assert got.first[1] is DebateState.OPEN  # the enum, not its text
    assert got.first[2].tzinfo is not None  # an aware UTC datetime, as the column type makes it
    missing = DirectStatement(statement).execute(db.session.connection(), {"debate_id": -1})
    assert missing.first is None


def test_values_written_in_the_statement_go_through_their_column_type(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 3)
    use = DirectStatement(
        sa.update(cards_table)
        .where(cards_table.c.id == sa.bindparam("card_id"),
               cards_table.c.status == CardStatus.ISSUED)  # an enum in the statement
        .values(status=CardStatus.SPOILED)
    )
    first = _card_id(debate, issued[0].number)
    conn = db.session.connection()
    assert use.execute(conn, {"card_id": first}).rowcount == 1
    assert use.execute(conn, {"card_id": first}).rowcount == 0  # no longer issued
    db.session.commit()
    stored = db.session.execute(sa.select(cards_table.c.status).order_by(cards_table.c.id))
    assert [row.status for row in stored] == [CardStatus.SPOILED, CardStatus.ISSUED,
                                              CardStatus.ISSUED]


def test_it_runs_in_the_sessions_transaction(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    spoil = DirectStatement(sa.update(cards_table).where(cards_table.c.id == sa.bindparam("card_id"))
                            .values(status=CardStatus.SPOILED.value))
    card_id = _card_id(debate, issued[0].number)
    spoil.execute(db.session.connection(), {"card_id": card_id})
    db.session.rollback()
    assert db.session.get(BallotCard, card_id).status == CardStatus.ISSUED


def test_a_driver_error_is_sqlalchemys_error_and_the_session_recovers(app, cast):
    debate = make_debate(cast)
    insert = DirectStatement(sa.insert(Ballot.__table__).values(
        id=sa.bindparam("ballot_id"), debate_id=sa.bindparam("debate_id"),
        category="resident", channel="phone", receipt=sa.bindparam("ballot_receipt")))
    conn = db.session.connection()
    insert.execute(conn, {"ballot_id": "a" * 32, "debate_id": debate.id,
                          "ballot_receipt": "AAAAAAAA"})
    with pytest.raises(sa.exc.IntegrityError):  # the same receipt twice
        insert.execute(conn, {"ballot_id": "b" * 32, "debate_id": debate.id,
                              "ballot_receipt": "AAAAAAAA"})
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot.__table__)) == 0
    assert db.session.get(Debate, debate.id).name  # the session goes on working


def test_statement_listeners_see_the_statement(app, cast):
    debate_id = make_debate(cast).id
    conn = db.session.connection()
    seen = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    statement = DirectStatement(sa.select(debates_table.c.name)
                                .where(debates_table.c.id == sa.bindparam("debate_id")))
    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        statement.execute(conn, {"debate_id": debate_id})
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    assert seen == [(statement.sql(conn),
                     (debate_id,) if db.engine.dialect.positional else {"debate_id": debate_id})]


def test_a_list_of_values_in_one_parameter_is_refused_when_compiled(app):
    statement = DirectStatement(sa.select(debates_table.c.id)
                                .where(debates_table.c.id.in_(sa.bindparam("ids", expanding=True))))
    with pytest.raises(ValueError, match="expanding"):
        statement.execute(db.session.connection(), {"ids": [1, 2]})


def test_a_write_with_returning_answers_its_row_typed(app, cast):
    debate = make_debate(cast)
    issued = cards(debate, cast, 1)
    use = DirectStatement(
        sa.update(cards_table).where(cards_table.c.id == sa.bindparam("card_id"))
        .values(status=CardStatus.USED.value).returning(cards_table.c.category,
                                                         cards_table.c.status))
    card_id = _card_id(debate, issued[0].number)
    answered = use.execute(db.session.connection(), {"card_id": card_id})
    assert answered.first == (issued[0].category, CardStatus.USED)
    assert use.execute(db.session.connection(), {"card_id": -1}).first is None
