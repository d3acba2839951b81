"""Voting: a card looked up, a ballot cast by phone or at the desk, a paper card spoiled.

This is the vote's fast path, and every database detail of it lives here: the statements are
built once with SQLAlchemy Core and run on the driver's cursor (:mod:`pb.direct_sql`); on
PostgreSQL a phone's request runs without BEGIN and COMMIT and the vote is one statement;
on SQLite it is three statements in one transaction. Callers give a code, the marks, the channel
and the key under which a client's wrong codes are counted, and get plain results back — a
:class:`CardLookup`, a receipt, :class:`Counted` — or :class:`CardNotUsable` /
:class:`~pb.errors.DomainError`.

Consuming a card is one conditional UPDATE: it succeeds only while the card is unused and the
voting is open, so two simultaneous uses of one card — two phones, a phone and the desk, two
worker processes — end with exactly one ballot, on SQLite and PostgreSQL alike.

When voting closes, :func:`forget_order_of_voting` has the database files rewritten in key order,
so at rest they no longer keep the order of voting (see the README's design notes).

Where a confirmation's time went, and why it is built this way: ``bench/README.md``.
"""

from __future__ import annotations

import functools
import secrets
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from pb import ratelimit
from pb.accounts.models import User
from pb.core.cardcode import check_card_code, new_card_code, normalize_card_code
from pb.debate.ballot_view import BallotView, ballot_view, kept_ballot_with
from pb.debate.models import (
    Ballot,
    BallotCard,
    BallotMark,
    CardStatus,
    Channel,
    Debate,
    DebateState,
    VoterCategory,
)
from pb.debate.services import card_hash, marking_rule
from pb.direct_sql import DirectStatement
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as record_audit

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SITE_KEY = "site"  # wrong codes of every phone and desk together
MAX_SITE_DELAY = 2.0  # seconds: a wrong code's answer is never later than this
DESK_ALLOWANCE = 6  # a desk may type six times as many wrong codes as a phone


# --- what a lookup answers -------------------------------------------------------------------


class CardState:
    VALID = "valid"
    USED = "used"
    SPOILED = "spoiled"
    VOIDED = "voided"
    UNKNOWN = "unknown"
    TYPO = "typo"
    OTHER_DEBATE = "other_debate"


@dataclass(frozen=True)
class CardInfo:
    """A card as the lookup found it: plain data, read in the same query as its debate's state."""

    id: int
    number: int
    category: VoterCategory
    status: CardStatus
    debate_id: int


@dataclass
class CardLookup:
    state: str
    code: str | None = None
    card: CardInfo | None = None
    debate_state: DebateState | None = None
    debate_opened_at: datetime | None = None
    guesses: dict[str, int] | None = None  # wrong codes counted per key, when asked for
    # The client has typed too many wrong codes lately: whatever the card, it must wait.
    too_many_guesses: bool = False

    @property
    def debate_id(self) -> int | None:
        return self.card.debate_id if self.card is not None else None

    def ballot(self) -> BallotView:
        """What this card's ballot shows (kept per worker once voting is open)."""
        return ballot_view(self.card.debate_id, self.debate_state, self.debate_opened_at)


_CARD_STATES = {
    CardStatus.ISSUED: CardState.VALID,
    CardStatus.USED: CardState.USED,
    CardStatus.SPOILED: CardState.SPOILED,
    CardStatus.VOIDED: CardState.VOIDED,
}


class CardNotUsable(DomainError):
    """The card cannot vote now; ``reason`` says why (used, closed, not_open, unknown)."""

    def __init__(self, reason: str, message) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Counted:
    debate_id: int
    receipt: str


# --- the statements --------------------------------------------------------------------------

# The vote-day statements are built once and run as DirectStatements (see pb.direct_sql): a card
# scan or a confirmation then costs the database work and little else. Building an ORM query per
# request cost several times more, and even a cached statement's way through SQLAlchemy cost
# more than the database's own work. Values given at run time are plain: an enum's ``.value``.
_cards = BallotCard.__table__
_debates = Debate.__table__
_ballots = Ballot.__table__
_marks = BallotMark.__table__
_CARD_COLUMNS = (_cards.c.id, _cards.c.number, _cards.c.category, _cards.c.status,
                 _cards.c.debate_id, _debates.c.state, _debates.c.opened_at)
_CARD_BY_HASH = (
    sa.select(*_CARD_COLUMNS)
    .join(_debates, _debates.c.id == _cards.c.debate_id)
    .where(_cards.c.code_hash == sa.bindparam("code_hash"))
)
_CARD_LOOKUP = DirectStatement(_CARD_BY_HASH)


@functools.cache
def _card_with_guesses(n_keys: int) -> DirectStatement:
    """The card lookup that also reads ``n_keys`` wrong-code counters (built once per size)."""
    return DirectStatement(_CARD_BY_HASH.add_columns(
        *(ratelimit.count_column(slot) for slot in range(n_keys))))


def _consume_card(*which: sa.ColumnElement[bool]) -> sa.Update:
    """Mark the card ``which`` selects used, if it is unused and its debate's voting is open."""
    return (
        sa.update(_cards)
        .where(
            *which,
            _cards.c.status == CardStatus.ISSUED.value,
            sa.exists().where(_debates.c.id == sa.bindparam("open_debate_id"),
                              _debates.c.state == DebateState.OPEN.value),
        )
        .values(status=CardStatus.USED.value, channel=sa.bindparam("card_channel"))
    )


_CONSUME_CARD = _consume_card(_cards.c.id == sa.bindparam("card_id"))
_CONSUME_CARD_DIRECT = DirectStatement(_CONSUME_CARD)
_DEBATE_STATE = sa.select(_debates.c.state).where(_debates.c.id == sa.bindparam("debate_id"))
_INSERT_BALLOT = DirectStatement(sa.insert(_ballots).values(
    id=sa.bindparam("ballot_id"), debate_id=sa.bindparam("open_debate_id"),
    category=sa.bindparam("ballot_category"), channel=sa.bindparam("card_channel"),
    receipt=sa.bindparam("ballot_receipt"),
))


@functools.cache
def _insert_marks(n_marks: int) -> DirectStatement:
    """One INSERT of a ballot's ``n_marks`` marks (compiled once per number of marks)."""
    return DirectStatement(sa.insert(_marks).values([
        {"ballot_id": sa.bindparam("ballot_id"), "project_id": sa.bindparam(f"mark_{i}")}
        for i in range(n_marks)
    ]))


def _vote_writes(consume: sa.Update) -> DirectStatement:
    """PostgreSQL: consume the card, write the ballot and its marks in one statement (data-
    modifying CTEs), one round trip instead of three; it answers 1 if the card was consumed."""
    from sqlalchemy.dialects.postgresql import ARRAY

    consumed = consume.returning(_cards.c.category).cte("consumed")
    ballot = (
        sa.insert(_ballots)
        .from_select(["id", "debate_id", "category", "channel", "receipt"], sa.select(
            sa.bindparam("ballot_id", type_=sa.String), sa.bindparam("open_debate_id"),
            consumed.c.category, sa.bindparam("card_channel", type_=sa.String),
            sa.bindparam("ballot_receipt", type_=sa.String)))
        .returning(_ballots.c.id)
        .cte("ballot")
    )
    marks = (
        sa.insert(_marks)
        .from_select(["ballot_id", "project_id"], sa.select(
            ballot.c.id, sa.func.unnest(sa.bindparam("marks", type_=ARRAY(sa.Integer)))))
        .returning(_marks.c.ballot_id)
        .cte("marks")
    )
    return DirectStatement(sa.select(
        sa.select(sa.func.count()).select_from(ballot).scalar_subquery(),
        sa.select(sa.func.count()).select_from(marks).scalar_subquery(),
    ))


@functools.cache
def _vote_in_one_statement() -> DirectStatement:
    """The vote of a card already looked up (by its id)."""
    return _vote_writes(_CONSUME_CARD)


def _card_by_code_to_consume(guesses_in_sql: bool) -> sa.Update:
    """Consume the card known only by its code: the card of that code, in the debate whose
    ballot the marks were checked against, for a client with no wrong code in the window."""
    which = [_cards.c.code_hash == sa.bindparam("code_hash"),
             _cards.c.debate_id == sa.bindparam("open_debate_id")]
    if guesses_in_sql:
        which.append(ratelimit.count_column(0) == 0)
    return _consume_card(*which)


@functools.cache
def _vote_by_code_statement(guesses_in_sql: bool) -> DirectStatement:
    """PostgreSQL: the whole vote of a card known by its code, in one statement."""
    return _vote_writes(_card_by_code_to_consume(guesses_in_sql))


@functools.cache
def _consume_by_code_statement(guesses_in_sql: bool) -> DirectStatement:
    """SQLite: the card's UPDATE, answering the card's category (the ballot's INSERTs follow)."""
    return DirectStatement(
        _card_by_code_to_consume(guesses_in_sql).returning(_cards.c.category))


def _insert_ballot(conn: sa.Connection, params: dict, category: VoterCategory,
                   marks: list[int]) -> None:
    """SQLite: the ballot's two INSERTs, after its card's UPDATE in the same transaction."""
    _INSERT_BALLOT.execute(conn, {**params, "ballot_category": category.value})
    if marks:
        _insert_marks(len(marks)).execute(conn, {
            "ballot_id": params["ballot_id"], **{f"mark_{i}": pid for i, pid in enumerate(marks)}})


def _new_receipt() -> str:
    """Eight characters of the 32-letter alphabet: 40 random bits, five per character."""
    bits = secrets.randbits(40)
    return "".join(RECEIPT_ALPHABET[(bits >> shift) & 31] for shift in range(0, 40, 5))


def _begin_phone_request() -> None:
    """Before a phone's ballot request touches the database: on PostgreSQL, run its statements
    without BEGIN and COMMIT, each committing itself (autocommit).

    Such a request reads its card with one statement and, to vote, writes with one statement
    (see ``_vote_writes``), each atomic on its own: the explicit transaction only cost
    two round trips, the BEGIN and the COMMIT (or ROLLBACK). SQLite's vote is three statements in
    one transaction, so there nothing changes. It takes effect only at the start of the request's
    transaction; the isolation level is reset when the connection goes back to the pool."""
    session = db.session()
    if session.in_transaction() or session.get_bind().dialect.name != "postgresql":
        return
    session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def _guess_window() -> int:
    return current_app.config["CODE_GUESS_WINDOW"]


# --- looking a card up -----------------------------------------------------------------------


def lookup_card(text: str, debate: Debate | None = None, *,
                guess_keys: Sequence[str] = (), guess_window: int = 600) -> CardLookup:
    """What a typed or scanned code refers to. ``debate``: the debate the desk serves.

    One query reads the card and its debate's state together. With ``guess_keys`` the lookup
    also reads how many wrong codes were counted under each key (see :mod:`pb.ratelimit`) into
    ``lookup.guesses`` — from the same query when the counters are in the database."""
    code = normalize_card_code(text or "")
    well_formed = code is not None and check_card_code(code)
    row = None
    guesses: dict[str, int] | None = None
    if well_formed:
        params = {"code_hash": card_hash(code)}
        conn = db.session.connection()
        if guess_keys and ratelimit.counted_in_sql():
            params.update(ratelimit.count_parameters(guess_keys, guess_window))
            row = _card_with_guesses(len(guess_keys)).execute(conn, params).first
            if row is not None:
                guesses = {key: row[len(_CARD_COLUMNS) + i] for i, key in enumerate(guess_keys)}
        else:
            row = _CARD_LOOKUP.execute(conn, params).first
    if guess_keys and guesses is None:
        guesses = ratelimit.counts(guess_keys, guess_window)
    if code is None:
        return CardLookup(CardState.UNKNOWN, guesses=guesses)
    if row is None:
        return CardLookup(CardState.UNKNOWN if well_formed else CardState.TYPO, code,
                          guesses=guesses)
    card_id, number, category, status, debate_id, debate_state, opened_at = row[:7]
    card = CardInfo(card_id, number, category, status, debate_id)
    if debate is not None and card.debate_id != debate.id:
        return CardLookup(CardState.OTHER_DEBATE, code, card, debate_state, opened_at, guesses)
    return CardLookup(_CARD_STATES[card.status], code, card, debate_state, opened_at, guesses)


def look_up_for_phone(text: str, *, client_key: str) -> CardLookup:
    """A phone's ballot request: the card, and whether this client must wait for having typed
    too many wrong codes (``too_many_guesses``); a well-formed code of no card counts as one.
    Call it first in the request, before anything else touches the database.

    The client's count of wrong codes comes with the card (one query). A client over the limit
    waits whatever its code was, so the answer tells a guesser nothing. The site-wide count
    refuses no one: it slows wrong codes down (see :func:`_count_wrong_code`)."""
    _begin_phone_request()
    window = _guess_window()
    lookup = lookup_card(text, guess_keys=(client_key,), guess_window=window)
    if lookup.guesses[client_key] >= current_app.config["CODE_GUESS_CLIENT_LIMIT"]:
        lookup.too_many_guesses = True
    elif lookup.state == CardState.UNKNOWN:
        _count_wrong_code(client_key, window)
    return lookup


def look_up_at_desk(text: str, debate: Debate, *, client_key: str) -> CardLookup:
    """A card typed or scanned at the tellers' desk of ``debate``, counted like a phone's under
    ``client_key`` (the desk's own), with a larger allowance of wrong codes, and in the site's
    count."""
    window = _guess_window()
    lookup = lookup_card(text, debate, guess_keys=(client_key,), guess_window=window)
    if lookup.guesses[client_key] >= current_app.config["CODE_GUESS_CLIENT_LIMIT"] * (
        DESK_ALLOWANCE
    ):
        lookup.too_many_guesses = True
    elif lookup.state == CardState.UNKNOWN:
        _count_wrong_code(client_key, window)
    return lookup


def _count_wrong_code(client_key: str, window: int) -> None:
    """Count a wrong code under its client and the site's total. While the site has counted more
    than ``CODE_GUESS_SITE_LIMIT`` in the window, every wrong code is answered late
    (``CODE_GUESS_SITE_DELAY`` seconds, at most :data:`MAX_SITE_DELAY`): guessing from many
    addresses slows down, and no right code is ever refused for it, so the hall votes on."""
    ratelimit.hit(client_key, window)
    config = current_app.config
    if ratelimit.hit(SITE_KEY, window) > config["CODE_GUESS_SITE_LIMIT"]:
        time.sleep(min(max(float(config["CODE_GUESS_SITE_DELAY"]), 0.0), MAX_SITE_DELAY))


# --- voting ----------------------------------------------------------------------------------


def check_marks(ballot: BallotView, project_ids: list[int]) -> list[int]:
    """The marks in presentation order, if they follow the debate's rule."""
    presented = ballot.presented
    if len(set(project_ids)) != len(project_ids) or not set(project_ids) <= set(presented):
        raise DomainError(_l("Mark only projects from the list."), "marks")
    if not ballot.min_marks <= len(project_ids) <= ballot.max_marks:
        raise DomainError(marking_rule(ballot), "marks")
    return [pid for pid in presented if pid in project_ids]


def _refusal(conn: sa.Connection, debate_id: int) -> CardNotUsable:
    """Why a card that could not be consumed cannot vote."""
    state = conn.execute(_DEBATE_STATE, {"debate_id": debate_id}).scalar_one()
    if state == DebateState.CLOSED:
        return CardNotUsable("closed", _l("Voting is closed."))
    if state == DebateState.SETUP:
        return CardNotUsable("not_open", _l("Voting has not started yet."))
    return CardNotUsable("used", _l("This card has already been used."))


def _require_transaction(conn: sa.Connection) -> None:
    """An audit entry is written with what it records, so never on a phone's connection."""
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        raise RuntimeError("an audited vote needs a transaction; this connection autocommits")


def cast_ballot(code: str, project_ids: list[int], *, channel: Channel,
                lookup: CardLookup | None = None, audit: str | None = None,
                acting: User | None = None) -> str:
    """Count a ballot for the card with ``code``; return the receipt. One atomic step,
    committed here (with whatever else the session holds; callers hold nothing pending).

    ``audit``: the name of an audit event to record in the same transaction (the desk's
    ``desk_ballot_entered``), by ``acting``: the ballot and its audit entry are saved together
    or not at all.

    The card is marked used by a conditional UPDATE that is the first write of the transaction:
    it succeeds only while the card is unused and the voting open, so of two simultaneous uses
    exactly one goes on. On SQLite the reads before it take no lock (the driver begins the
    transaction at the first write), so the UPDATE asks for the write lock straight away and
    waits its turn; on PostgreSQL the UPDATE re-checks the card's row under its lock. The
    ballot, which names no card, is written in the same transaction.
    """
    # A caller that has just looked the card up passes it on; the UPDATE below re-checks anyway.
    lookup = lookup if lookup is not None and lookup.code == code else lookup_card(code)
    if lookup.card is None:
        raise CardNotUsable("unknown", _l("This card is not known."))
    marks = check_marks(lookup.ballot(), project_ids)
    category, card_id, debate_id = lookup.card.category, lookup.card.id, lookup.card.debate_id
    receipt = _new_receipt()
    ballot_id = secrets.token_hex(16)
    conn = db.session.connection()
    params = {"card_id": card_id, "open_debate_id": debate_id, "card_channel": channel.value,
              "ballot_id": ballot_id, "ballot_receipt": receipt}
    try:
        if audit is not None:
            _require_transaction(conn)
        if conn.dialect.name == "postgresql":
            counted, _ = _vote_in_one_statement().execute(conn, {**params, "marks": marks}).first
        else:
            counted = _CONSUME_CARD_DIRECT.execute(conn, params).rowcount
            if counted == 1:
                _insert_ballot(conn, params, category, marks)
        if counted != 1:
            raise _refusal(conn, debate_id)
        if audit is not None:
            record_audit(audit, f"debate:{debate_id}", actor=acting)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return receipt


def vote_by_code(text: str, project_ids: list[int], *, channel: Channel,
                 client_key: str) -> Counted | None:
    """A phone's confirmation without a look-up first (one statement on PostgreSQL), when it can
    simply be counted. Call it first in the request, before anything else touches the database.

    It counts the ballot only if the code is a card's, unused, of a debate open for voting whose
    ballot this worker keeps and which the marks follow, and the client (``client_key``) has
    typed no wrong code lately. Otherwise it writes nothing and answers None: the caller then
    takes the usual way (:func:`look_up_for_phone`, then say why the card cannot vote or
    :func:`cast_ballot`), so every refusal reads as before. On SQLite it is the card's UPDATE
    and the ballot's two INSERTs in one transaction, with no separate look-up before them."""
    _begin_phone_request()
    dialect = db.session().get_bind().dialect.name
    if dialect == "sqlite" and sqlite3.sqlite_version_info < (3, 35):  # no RETURNING before
        return None
    code = normalize_card_code(text or "")
    ballot = kept_ballot_with(project_ids)
    if code is None or ballot is None or not check_card_code(code):
        return None
    try:
        marks = check_marks(ballot, project_ids)
    except DomainError:
        return None
    guesses_in_sql = ratelimit.counted_in_sql()
    if not guesses_in_sql and ratelimit.counts([client_key], _guess_window())[client_key]:
        return None
    receipt, ballot_id = _new_receipt(), secrets.token_hex(16)
    params = {"code_hash": card_hash(code), "open_debate_id": ballot.debate_id,
              "card_channel": channel.value, "ballot_id": ballot_id, "ballot_receipt": receipt}
    if guesses_in_sql:
        params.update(ratelimit.count_parameters((client_key,), _guess_window()))
    conn = db.session.connection()
    try:
        if dialect == "postgresql":
            counted, _ = _vote_by_code_statement(guesses_in_sql).execute(
                conn, {**params, "marks": marks}).first
        else:  # the same three statements as cast_ballot, the card found by its code
            consumed = _consume_by_code_statement(guesses_in_sql).execute(conn, params).first
            counted = 0 if consumed is None else 1
            if consumed is not None:
                _insert_ballot(conn, params, consumed[0], marks)
        if counted != 1:
            db.session.rollback()
            return None
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return Counted(ballot.debate_id, receipt)


def spoil_card(code: str, *, debate: Debate, audit: str | None = None,
               acting: User | None = None) -> None:
    """A paper card the tellers cannot count (unreadable, too many marks): used up, no ballot.
    One atomic step, committed here; ``audit`` and ``acting`` as for :func:`cast_ballot`."""
    lookup = lookup_card(code, debate)
    if lookup.card is None or lookup.state == CardState.OTHER_DEBATE:
        raise CardNotUsable("unknown", _l("This card is not known."))
    try:
        if audit is not None:
            _require_transaction(db.session.connection())
        result = db.session.execute(
            sa.update(BallotCard)
            .where(BallotCard.id == lookup.card.id, BallotCard.status == CardStatus.ISSUED,
                   sa.exists().where(Debate.id == debate.id, Debate.state == DebateState.OPEN))
            .values(status=CardStatus.SPOILED, channel=Channel.PAPER)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            raise CardNotUsable("used", _l("This card has already been used."))
        if audit is not None:
            record_audit(audit, f"debate:{debate.id}", actor=acting)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


# --- the close: the files forget the order of voting -----------------------------------------

# The tables whose storage kept the order of voting, each rewritten in the order of a key that
# says nothing about time: cards by number, ballots by receipt, marks by ballot. The cards come
# first, as in a vote's statement, so a vote in flight and the close take their locks in the
# same order (on PostgreSQL a vote locks all three tables when its statement starts).
_REWRITTEN_IN_KEY_ORDER = (
    ("ballot_cards", "uq_ballot_cards_debate_id_number"),
    ("ballots", "uq_ballots_receipt"),
    ("ballot_marks", "pk_ballot_marks"),
)
_REWRITE_AFTER_COMMIT = "pb.debate.rewrite_after_commit"


def forget_order_of_voting() -> None:
    """Make the database files at rest hold no trace of the order in which votes came.

    PostgreSQL: the heap keeps rows where they arrived (and a card's new version where it was
    used), so the three tables are rewritten in key order here, in the closing transaction:
    a vote racing the close waits for it and is then refused, or was in before it. SQLite
    cannot VACUUM inside a transaction, so the file is rewritten once the close is committed
    (:func:`_rewrite_sqlite_file`)."""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        for table, index in _REWRITTEN_IN_KEY_ORDER:
            # Names from this module, never from a request.
            conn.exec_driver_sql(f"CLUSTER {table} USING {index}")
    elif conn.dialect.name == "sqlite":
        db.session.info[_REWRITE_AFTER_COMMIT] = True


def _rewrite_sqlite_file() -> None:
    """Rewrite the whole SQLite file in key order (VACUUM copies every table in the order of
    its key) and empty the write-ahead log into it, so neither holds a vote's commit or the
    order in which cells were written. If other connections keep the log busy past the busy
    timeout, the log is left as it is and a warning says so."""
    with db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("VACUUM")
        busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if busy:
        current_app.logger.warning(
            "voting closed; the write-ahead log could not be emptied (the database is busy): "
            "it may still pair cards with ballots until the next checkpoint")


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _after_commit(session: sa.orm.Session) -> None:
    if session.info.pop(_REWRITE_AFTER_COMMIT, False):
        _rewrite_sqlite_file()


@sa.event.listens_for(sa.orm.Session, "after_soft_rollback")
def _after_rollback(session: sa.orm.Session, _previous) -> None:
    session.info.pop(_REWRITE_AFTER_COMMIT, None)


# --- a worker's start ------------------------------------------------------------------------


def prepare_worker() -> None:
    """Before a server worker's first request: prepare the card lookup and keep the ballots of
    the debates voting now (a worker restarted in the middle of a vote is ready at once)."""
    lookup_card(new_card_code(), guess_keys=("client:warm-up",))
    open_debates = db.session.execute(
        sa.select(_debates.c.id, _debates.c.state, _debates.c.opened_at)
        .where(_debates.c.state == DebateState.OPEN.value)
    ).all()
    for row in open_debates:
        ballot_view(row.id, row.state, row.opened_at)
    db.session.rollback()
