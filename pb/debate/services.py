"""The debate's operations: setting it up, printing cards, voting, counting.

Consuming a card is one conditional UPDATE: it succeeds only while the card is unused and the
voting is open, so two simultaneous uses of one card — two phones, a phone and the desk, two
worker processes — end with exactly one ballot, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import functools
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from pb import ratelimit
from pb.accounts.models import User
from pb.core.cardcode import (
    card_url,
    check_card_code,
    new_card_code,
    normalize_card_code,
)
from pb.core.tokens import derive_key, keyed_hash
from pb.core.workflow import ProjectState
from pb.db_types import utcnow
from pb.debate.ballot_view import BallotView, ballot_view, kept_ballot_with
from pb.debate.models import (
    Ballot,
    BallotCard,
    BallotMark,
    CardStatus,
    Category,
    Channel,
    Debate,
    DebateProject,
    DebateState,
)
from pb.direct_sql import DirectStatement
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import acting_may, can_run_debate, can_set_up_debate, require
from pb.projects.models import Project

MAX_CARDS_PER_BATCH = 2000
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _card_key() -> bytes:
    return derive_key(current_app.config["SECRET_KEY"], "ballot-card")


def card_hash(code: str) -> str:
    return keyed_hash(_card_key(), code)


# --- setting up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DebateData:
    name: str
    held_on: date
    place: str
    min_marks: int
    max_marks: int
    winners: int
    resident_weight: int
    official_weight: int
    officials_vote: bool
    ballot_board: bool


def _check_data(data: DebateData) -> None:
    if not data.name.strip():
        raise DomainError(_l("Name the debate."), "name")
    if data.min_marks < 0:
        raise DomainError(_l("The smallest number of marks cannot be negative."), "min_marks")
    if data.max_marks < 1:
        raise DomainError(_l("A ballot must allow at least one mark."), "max_marks")
    if data.min_marks > data.max_marks:
        raise DomainError(
            _l("The smallest number of marks cannot be larger than the largest."), "min_marks"
        )
    if data.winners < 1:
        raise DomainError(_l("At least one project wins."), "winners")
    for name in ("resident_weight", "official_weight"):
        if not 1 <= getattr(data, name) <= 100:
            raise DomainError(_l("A weight is a whole number from 1 to 100."), name)


def create_debate(edition: Edition, data: DebateData, *, acting: User | None) -> Debate:
    require(acting_may(acting, can_set_up_debate, edition))
    if edition.debate is not None:
        raise DomainError(_l("This edition already has its debate."))
    _check_data(data)
    debate = Debate(edition=edition, **{**data.__dict__, "name": data.name.strip(),
                                         "place": data.place.strip()})
    db.session.add(debate)
    db.session.flush()
    set_presented_projects(debate, [p.id for p in accepted_projects(edition)], acting=acting)
    audit("debate_created", f"debate:{debate.id}", actor=acting)
    return debate


def update_debate(debate: Debate, data: DebateData, *, acting: User | None) -> None:
    require(acting_may(acting, can_run_debate, debate))
    _require_setup(debate, _l("The voting rules cannot change once voting has opened."))
    _check_data(data)
    if data.max_marks > max(len(debate.entries), 1):
        raise DomainError(
            _l("A ballot cannot allow more marks than there are projects (%(n)d).",
               n=len(debate.entries)), "max_marks")
    for key, value in data.__dict__.items():
        setattr(debate, key, value.strip() if isinstance(value, str) else value)
    audit("debate_updated", f"debate:{debate.id}", actor=acting, min_marks=data.min_marks,
          max_marks=data.max_marks, winners=data.winners)


def accepted_projects(edition: Edition) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project)
        .where(Project.edition_id == edition.id, Project.state == ProjectState.ACCEPTED)
        .order_by(Project.id)
    ))


def set_presented_projects(debate: Debate, project_ids: list[int], *,
                           acting: User | None) -> None:
    """The projects presented, in presentation order; only accepted projects may be.
    ``acting`` None: the command line, or a consequence of another permitted change (a project
    returned to its group leaves the list)."""
    require(acting_may(acting, can_run_debate, debate))
    _require_setup(debate, _l("The projects cannot change once voting has opened."))
    allowed = {p.id for p in accepted_projects(debate.edition)}
    if len(set(project_ids)) != len(project_ids) or not set(project_ids) <= allowed:
        raise DomainError(_l("Only projects accepted for the debate can be presented."))
    if db.session.scalar(sa.select(sa.func.count(BallotCard.id))
                         .where(BallotCard.debate_id == debate.id)):
        raise DomainError(_l("Cards have been printed with this list of projects; it cannot "
                             "change any more."))
    debate.entries.clear()
    db.session.flush()
    for position, project_id in enumerate(project_ids, start=1):
        debate.entries.append(DebateProject(project_id=project_id, position=position))


def move_presented_project(debate: Debate, project_id: int, offset: int, *,
                           acting: User | None) -> None:
    require(acting_may(acting, can_run_debate, debate))
    ids = [e.project_id for e in debate.entries]
    if project_id not in ids:
        raise DomainError(_l("This project is not presented."))
    i = ids.index(project_id)
    j = i + offset
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
        set_presented_projects(debate, ids, acting=acting)


def _require_setup(debate: Debate, message) -> None:  # noqa: ANN001
    if debate.state != DebateState.SETUP:
        raise DomainError(message)


# --- cards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedCard:
    number: int
    category: Category
    code: str
    url: str


def issue_cards(
    debate: Debate, *, count: int, category: Category, acting: User | None
) -> list[IssuedCard]:
    """Make ``count`` new cards. Their codes exist only in what is returned (to be printed):
    the database keeps keyed hashes."""
    require(acting_may(acting, can_run_debate, debate))
    if not 1 <= count <= MAX_CARDS_PER_BATCH:
        raise DomainError(_l("Print from 1 to %(n)d cards at a time.", n=MAX_CARDS_PER_BATCH),
                          "count")
    if category not in debate.categories:
        raise DomainError(_l("Officials do not vote in this debate."), "category")
    if debate.state == DebateState.CLOSED:
        raise DomainError(_l("Voting is closed; no more cards can be printed."))
    if not debate.entries:
        raise DomainError(_l("Choose the projects presented before printing cards."))
    last = db.session.scalar(
        sa.select(sa.func.max(BallotCard.number)).where(BallotCard.debate_id == debate.id)
    ) or 0
    base = current_app.config["PUBLIC_URL"]
    issued = []
    for number in range(last + 1, last + count + 1):
        code = new_card_code()
        db.session.add(BallotCard(debate_id=debate.id, number=number, category=category,
                                  code_hash=card_hash(code)))
        issued.append(IssuedCard(number, category, code, card_url(base, code)))
    db.session.flush()
    audit("cards_issued", f"debate:{debate.id}", actor=acting, count=count,
          category=category.value, numbers=f"{last + 1}-{last + count}")
    return issued


def void_card(debate: Debate, number: int, *, acting: User | None) -> BallotCard:
    """Cancel a lost card by its printed number, so nobody who finds it can vote with it."""
    require(acting_may(acting, can_run_debate, debate))
    card = db.session.scalar(
        sa.select(BallotCard).where(BallotCard.debate_id == debate.id, BallotCard.number == number)
    )
    if card is None:
        raise DomainError(_l("There is no card with this number."), "number")
    result = db.session.execute(
        sa.update(BallotCard)
        .where(BallotCard.id == card.id, BallotCard.status == CardStatus.ISSUED)
        .values(status=CardStatus.VOIDED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DomainError(_l("This card has already been used, spoiled or cancelled."), "number")
    db.session.refresh(card)
    audit("card_voided", f"debate:{debate.id}", actor=acting, number=number)
    return card


# --- opening and closing ---------------------------------------------------------------------


def open_voting(debate: Debate, *, acting: User | None) -> None:
    require(acting_may(acting, can_run_debate, debate))
    if debate.state != DebateState.SETUP:
        raise DomainError(_l("Voting can be opened only once, before it has started."))
    if not debate.entries:
        raise DomainError(_l("Choose the projects presented before opening the vote."))
    debate.state = DebateState.OPEN
    debate.opened_at = utcnow()
    audit("voting_opened", f"debate:{debate.id}", actor=acting)


def close_voting(debate: Debate, *, acting: User | None) -> None:
    require(acting_may(acting, can_run_debate, debate))
    # Conditional, so a vote racing the close either lands before it or is refused.
    result = db.session.execute(
        sa.update(Debate)
        .where(Debate.id == debate.id, Debate.state == DebateState.OPEN)
        .values(state=DebateState.CLOSED, closed_at=utcnow(),
                draw_seed=secrets.randbelow(10**9))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DomainError(_l("Voting is not open."))
    db.session.refresh(debate)
    audit("voting_closed", f"debate:{debate.id}", actor=acting, draw_seed=debate.draw_seed)


# --- looking a card up -----------------------------------------------------------------------


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
    category: Category
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
_TURNOUT = (
    sa.select(_cards.c.category, _cards.c.status, _cards.c.channel, sa.func.count())
    .where(_cards.c.debate_id == sa.bindparam("debate_id"))
    .group_by(_cards.c.category, _cards.c.status, _cards.c.channel)
)


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


def _card_by_code_to_consume(guesses_in_database: bool) -> sa.Update:
    """Consume the card known only by its code: the card of that code, in the debate whose
    ballot the marks were checked against, for a client with no wrong code in the window."""
    which = [_cards.c.code_hash == sa.bindparam("code_hash"),
             _cards.c.debate_id == sa.bindparam("open_debate_id")]
    if guesses_in_database:
        which.append(ratelimit.count_column("guess_key_0", "guess_window", "guesses") == 0)
    return _consume_card(*which)


@functools.cache
def _vote_by_code_statement(guesses_in_database: bool) -> DirectStatement:
    """PostgreSQL: the whole vote of a card known by its code, in one statement."""
    return _vote_writes(_card_by_code_to_consume(guesses_in_database))


@functools.cache
def _consume_by_code_statement(guesses_in_database: bool) -> DirectStatement:
    """SQLite: the card's UPDATE, answering the card's category (the ballot's INSERTs follow)."""
    return DirectStatement(
        _card_by_code_to_consume(guesses_in_database).returning(_cards.c.category))


def begin_phone_request() -> None:
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


def lookup_card(text: str, debate: Debate | None = None, *,
                guess_keys: tuple[str, ...] = (), guess_window: int = 600) -> CardLookup:
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
        if guess_keys and ratelimit.in_database():
            params["guess_window"] = ratelimit.window_of(guess_window)
            params.update({f"guess_key_{i}": key for i, key in enumerate(guess_keys)})
            row = _card_with_guesses(len(guess_keys)).execute(conn, params).first
            if row is not None:
                guesses = {key: row[len(_CARD_COLUMNS) + i] for i, key in enumerate(guess_keys)}
        else:
            row = _CARD_LOOKUP.execute(conn, params).first
    if guess_keys and guesses is None:
        guesses = ratelimit.counts(list(guess_keys), guess_window)
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


_CARD_LOOKUP = DirectStatement(_CARD_BY_HASH)


@functools.cache
def _card_with_guesses(n_keys: int) -> DirectStatement:
    """The card lookup that also reads ``n_keys`` rate-limit counters (built once per size)."""
    return DirectStatement(_CARD_BY_HASH.add_columns(*(
        ratelimit.count_column(f"guess_key_{i}", "guess_window", f"guesses_{i}")
        for i in range(n_keys)
    )))


# --- voting ----------------------------------------------------------------------------------


class CardNotUsable(DomainError):
    """The card cannot vote now; ``reason`` says why (used, closed, not_open, unknown)."""

    def __init__(self, reason: str, message) -> None:  # noqa: ANN001
        super().__init__(message)
        self.reason = reason


def check_marks(ballot: BallotView, project_ids: list[int]) -> list[int]:
    """The marks in presentation order, if they follow the debate's rule."""
    presented = ballot.presented
    if len(set(project_ids)) != len(project_ids) or not set(project_ids) <= set(presented):
        raise DomainError(_l("Mark only projects from the list."), "marks")
    if not ballot.min_marks <= len(project_ids) <= ballot.max_marks:
        raise DomainError(marking_rule(ballot), "marks")
    return [pid for pid in presented if pid in project_ids]


def marking_rule(debate: Debate | BallotView):  # noqa: ANN201
    if debate.min_marks == debate.max_marks:
        return _l("Mark exactly %(n)d projects.", n=debate.max_marks)
    if debate.min_marks <= 1:
        return _l("Mark from 1 to %(n)d projects.", n=debate.max_marks)
    return _l("Mark from %(a)d to %(b)d projects.", a=debate.min_marks, b=debate.max_marks)


def prepare_worker() -> None:
    """Before a server worker's first request: prepare the card lookup and keep the ballots of
    the debates voting now (a worker restarted in the middle of a vote is ready at once)."""
    lookup_card(new_card_code(), guess_keys=("client:warm-up", "site"))
    open_debates = db.session.execute(
        sa.select(_debates.c.id, _debates.c.state, _debates.c.opened_at)
        .where(_debates.c.state == DebateState.OPEN.value)
    ).all()
    for row in open_debates:
        ballot_view(row.id, row.state, row.opened_at)
    db.session.rollback()


def _new_receipt() -> str:
    """Eight characters of the 32-letter alphabet: 40 random bits, five per character."""
    bits = secrets.randbits(40)
    return "".join(RECEIPT_ALPHABET[(bits >> shift) & 31] for shift in range(0, 40, 5))


def _insert_ballot(conn: sa.Connection, params: dict, category: Category,
                   marks: list[int]) -> None:
    """SQLite: the ballot's two INSERTs, after its card's UPDATE in the same transaction."""
    _INSERT_BALLOT.execute(conn, {**params, "ballot_category": category.value})
    if marks:
        _insert_marks(len(marks)).execute(conn, {
            "ballot_id": params["ballot_id"], **{f"mark_{i}": pid for i, pid in enumerate(marks)}})


def cast_ballot(code: str, project_ids: list[int], *, channel: Channel,
                lookup: CardLookup | None = None) -> str:
    """Count a ballot for the card with ``code``; return the receipt. One atomic step,
    committed here (with whatever else the session holds; callers hold nothing pending).

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
        if conn.dialect.name == "postgresql":
            counted, _ = _vote_in_one_statement().execute(conn, {**params, "marks": marks}).first
        else:
            counted = _CONSUME_CARD_DIRECT.execute(conn, params).rowcount
            if counted == 1:
                _insert_ballot(conn, params, category, marks)
        if counted != 1:
            state = conn.execute(_DEBATE_STATE, {"debate_id": debate_id}).scalar_one()
            if state == DebateState.CLOSED:
                raise CardNotUsable("closed", _l("Voting is closed."))
            if state == DebateState.SETUP:
                raise CardNotUsable("not_open", _l("Voting has not started yet."))
            raise CardNotUsable("used", _l("This card has already been used."))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return receipt


@dataclass(frozen=True)
class Counted:
    debate_id: int
    receipt: str


def vote_by_code(text: str, project_ids: list[int], *, channel: Channel, client_key: str,
                 guess_window: int) -> Counted | None:
    """A phone's confirmation without a look-up first (one statement on PostgreSQL), when it can
    simply be counted.

    It counts the ballot only if the code is a card's, unused, of a debate open for voting whose
    ballot this worker keeps and which the marks follow, and the client has typed no wrong code
    lately. Otherwise it writes nothing and answers None: the caller then takes the usual way
    (look the card up, say why it cannot vote, or count it), so every refusal reads as before.
    On SQLite it is the card's UPDATE and the ballot's two INSERTs in one transaction, with no
    separate look-up before them."""
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
    in_database = ratelimit.in_database()
    if not in_database and ratelimit.counts([client_key], guess_window)[client_key]:
        return None
    receipt, ballot_id = _new_receipt(), secrets.token_hex(16)
    params = {"code_hash": card_hash(code), "open_debate_id": ballot.debate_id,
              "card_channel": channel.value, "ballot_id": ballot_id, "ballot_receipt": receipt}
    if in_database:
        params.update(guess_key_0=client_key, guess_window=ratelimit.window_of(guess_window))
    conn = db.session.connection()
    try:
        if dialect == "postgresql":
            counted, _ = _vote_by_code_statement(in_database).execute(
                conn, {**params, "marks": marks}).first
        else:  # the same three statements as cast_ballot, the card found by its code
            consumed = _consume_by_code_statement(in_database).execute(conn, params).first
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


def spoil_card(code: str, *, debate: Debate) -> None:
    """A paper card the tellers cannot count (unreadable, too many marks): used up, no ballot."""
    lookup = lookup_card(code, debate)
    if lookup.card is None or lookup.state == CardState.OTHER_DEBATE:
        raise CardNotUsable("unknown", _l("This card is not known."))
    result = db.session.execute(
        sa.update(BallotCard)
        .where(BallotCard.id == lookup.card.id, BallotCard.status == CardStatus.ISSUED,
               sa.exists().where(Debate.id == debate.id, Debate.state == DebateState.OPEN))
        .values(status=CardStatus.SPOILED, channel=Channel.PAPER)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CardNotUsable("used", _l("This card has already been used."))


# --- turnout and results ---------------------------------------------------------------------


@dataclass
class Turnout:
    issued: int = 0
    phone: int = 0
    paper: int = 0
    spoiled: int = 0
    voided: int = 0

    @property
    def cast(self) -> int:
        return self.phone + self.paper

    @property
    def unused(self) -> int:
        return self.issued - self.cast - self.spoiled - self.voided


def turnout(debate: Debate) -> dict[str, Turnout]:
    """Per category and ``all``: cards issued, cast by phone, cast on paper, spoiled."""
    rows = db.session.connection().execute(_TURNOUT, {"debate_id": debate.id}).all()
    out = {c.value: Turnout() for c in debate.categories} | {"all": Turnout()}
    for category, status, channel, n in rows:
        for key in (category.value, "all"):
            t = out.setdefault(key, Turnout())
            t.issued += n
            if status == CardStatus.USED:
                if channel == Channel.PHONE:
                    t.phone += n
                else:
                    t.paper += n
            elif status == CardStatus.SPOILED:
                t.spoiled += n
            elif status == CardStatus.VOIDED:
                t.voided += n
    return out


@dataclass
class ProjectResult:
    project: Project
    position: int
    votes: dict[str, int] = field(default_factory=dict)  # per category
    weighted: int = 0
    selected: bool = False


def vote_counts(debate: Debate) -> list[ProjectResult]:
    """Marks per project and category, and the weighted total, in presentation order."""
    rows = db.session.execute(
        sa.select(BallotMark.project_id, Ballot.category, sa.func.count())
        .join(Ballot, Ballot.id == BallotMark.ballot_id)
        .where(Ballot.debate_id == debate.id)
        .group_by(BallotMark.project_id, Ballot.category)
    ).all()
    results = {
        e.project_id: ProjectResult(e.project, e.position, {c.value: 0 for c in debate.categories})
        for e in debate.entries
    }
    for project_id, category, n in rows:
        if project_id in results:
            results[project_id].votes[category.value] = n
            results[project_id].weighted += n * debate.weight(category)
    return list(results.values())


def ballots_board(debate: Debate) -> list[tuple[str, str, list[int]]]:
    """Every ballot by receipt: (receipt, category, the presentation numbers marked), sorted by
    receipt so the order says nothing about when a ballot was cast."""
    numbers = {e.project_id: e.position for e in debate.entries}
    ballots = db.session.scalars(
        sa.select(Ballot).where(Ballot.debate_id == debate.id).order_by(Ballot.receipt)
    ).all()
    return [
        (b.receipt, b.category.value, sorted(numbers[m.project_id] for m in b.marks
                                             if m.project_id in numbers))
        for b in ballots
    ]
