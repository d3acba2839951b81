"""The debate's operations: setting it up, printing cards, opening and closing the vote,
turnout and counting. Voting itself — looking a card up, casting, spoiling — is in
:mod:`pb.debate.voting`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from pb.accounts.models import Role, User
from pb.constraints import written
from pb.core.cardcode import card_url, new_card_code
from pb.core.tokens import derive_key, keyed_hash
from pb.core.workflow import ProjectState
from pb.db_types import utcnow
from pb.debate.ballot_view import BallotView
from pb.debate.models import (
    Ballot,
    BallotCard,
    BallotMark,
    CardStatus,
    Channel,
    Debate,
    DebateProject,
    DebateState,
    VoterCategory,
    debate_tellers,
)
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import acting_may, can_run_debate, can_set_up_debate, require
from pb.projects.models import Project

MAX_CARDS_PER_BATCH = 2000


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
    debate = Debate(edition_id=edition.id, **{**data.__dict__, "name": data.name.strip(),
                                              "place": data.place.strip()})
    # Two coordinators may create it at the same moment: one edition, one debate.
    if not written(lambda: db.session.add(debate)):
        raise DomainError(_l("This edition already has its debate: someone else created it a "
                             "moment ago."))
    db.session.expire(edition, ["debate"])
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


def set_debate_tellers(debate: Debate, tellers: list[User], *, acting: User | None) -> None:
    """Assign the tellers who count at this debate's desk (the others lose it), audited."""
    require(acting_may(acting, can_run_debate, debate))
    if any(user.role != Role.TELLER for user in tellers):
        raise DomainError(_l("Only tellers can be assigned to the counting desk."), "tellers")
    before = {user.login for user in debate.tellers}
    after = {user.login for user in tellers}
    if before == after:
        return
    debate.tellers = list(tellers)
    audit("debate_tellers_set", f"debate:{debate.id}", actor=acting,
          added=sorted(after - before), removed=sorted(before - after))


def desks_of(user: User) -> list[Debate]:
    """The open debates whose desk ``user`` was assigned to, newest first."""
    return list(db.session.scalars(
        sa.select(Debate).join(debate_tellers, debate_tellers.c.debate_id == Debate.id)
        .where(debate_tellers.c.user_id == user.id, Debate.state == DebateState.OPEN)
        .order_by(Debate.held_on.desc(), Debate.id.desc())
    ))


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


def _require_setup(debate: Debate, message) -> None:
    if debate.state != DebateState.SETUP:
        raise DomainError(message)


# --- cards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedCard:
    number: int
    category: VoterCategory
    code: str
    url: str


def issue_cards(
    debate: Debate, *, count: int, category: VoterCategory, acting: User | None
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
    # Conditional, as closing is: of two clicks at the same moment, one opens the voting.
    result = db.session.execute(
        sa.update(Debate)
        .where(Debate.id == debate.id, Debate.state == DebateState.SETUP)
        .values(state=DebateState.OPEN, opened_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise DomainError(_l("Voting can be opened only once, before it has started."))
    db.session.refresh(debate)
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
    # The files of the database keep the order of voting until they are rewritten.
    from pb.debate.voting import forget_order_of_voting

    forget_order_of_voting()


# --- the marking rule ------------------------------------------------------------------------


def marking_rule(debate: Debate | BallotView):
    """The rule of marking a ballot, as the voter reads it."""
    if debate.min_marks == debate.max_marks:
        return _l("Mark exactly %(n)d projects.", n=debate.max_marks)
    if debate.min_marks <= 1:
        return _l("Mark from 1 to %(n)d projects.", n=debate.max_marks)
    return _l("Mark from %(a)d to %(b)d projects.", a=debate.min_marks, b=debate.max_marks)


# --- turnout and results ---------------------------------------------------------------------


_cards = BallotCard.__table__
# Counted from a covering index; the projector asks at most once a second per worker.
_TURNOUT = (
    sa.select(_cards.c.category, _cards.c.status, _cards.c.channel, sa.func.count())
    .where(_cards.c.debate_id == sa.bindparam("debate_id"))
    .group_by(_cards.c.category, _cards.c.status, _cards.c.channel)
)


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
