"""The debate: projects presented, ballot cards, and ballots.

Ballot secrecy is kept by the schema itself: a card records only that it was used and how
(phone or paper), never when; a ballot records its marks, its category and a receipt, never the
card. Ballots have random keys and, on SQLite, no rowid, so not even the storage order links them
to anything. See the README, "Ballot secrecy", for the residual risks.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.accounts.models import User
from pb.db_types import UTCDateTime, enum_column, utcnow
from pb.editions.models import Edition
from pb.extensions import db
from pb.projects.models import Project


class DebateState(enum.StrEnum):
    SETUP = "setup"
    OPEN = "open"
    CLOSED = "closed"


class VoterCategory(enum.StrEnum):
    """Who a ballot card is for; results show both, apart and together."""

    RESIDENT = "resident"
    OFFICIAL = "official"


class CardStatus(enum.StrEnum):
    ISSUED = "issued"
    USED = "used"
    SPOILED = "spoiled"
    VOIDED = "voided"


class Channel(enum.StrEnum):
    PHONE = "phone"
    PAPER = "paper"


# The tellers the coordinator assigned to count at a debate's desk; only they (and the
# coordinator) may enter paper ballots there.
debate_tellers = sa.Table(
    "debate_tellers",
    db.metadata,
    sa.Column("debate_id", sa.ForeignKey("debates.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Debate(db.Model):
    __tablename__ = "debates"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("editions.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    min_marks: Mapped[int] = mapped_column(default=1)
    max_marks: Mapped[int] = mapped_column(default=4)
    # How many winners the top-N rule picks (the Wodzisław debate: 4).
    winners: Mapped[int] = mapped_column(default=4)
    resident_weight: Mapped[int] = mapped_column(default=1)
    official_weight: Mapped[int] = mapped_column(default=1)
    officials_vote: Mapped[bool] = mapped_column(default=True)
    ballot_board: Mapped[bool] = mapped_column(default=True)
    state: Mapped[DebateState] = mapped_column(enum_column(DebateState), default=DebateState.SETUP)
    # The seed of the public draw that breaks remaining ties, fixed when voting closes and
    # published with the results, so anyone can recount to the same winners.
    draw_seed: Mapped[int | None] = mapped_column(sa.BigInteger)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="debate")
    entries: Mapped[list[DebateProject]] = relationship(
        back_populates="debate", cascade="all, delete-orphan", order_by="DebateProject.position"
    )
    tellers: Mapped[list[User]] = relationship(secondary=debate_tellers, order_by=User.name)

    __table_args__ = (
        sa.CheckConstraint("min_marks >= 0 AND max_marks >= 1 AND min_marks <= max_marks",
                           name="marks_range"),
        sa.CheckConstraint("resident_weight >= 1 AND official_weight >= 1", name="weights"),
    )

    def weight(self, category: VoterCategory) -> int:
        return self.official_weight if category == VoterCategory.OFFICIAL else self.resident_weight

    @property
    def categories(self) -> list[VoterCategory]:
        return [VoterCategory.RESIDENT, VoterCategory.OFFICIAL] if self.officials_vote else [
            VoterCategory.RESIDENT
        ]

    @property
    def projects(self) -> list[Project]:
        return [entry.project for entry in self.entries]


class DebateProject(db.Model):
    """A project presented at the debate, at its place in the presentation order (from 1)."""

    __tablename__ = "debate_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(sa.ForeignKey("debates.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    position: Mapped[int]

    debate: Mapped[Debate] = relationship(back_populates="entries")
    project: Mapped[Project] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("debate_id", "project_id"),
        sa.UniqueConstraint("debate_id", "position"),
    )


class BallotCard(db.Model):
    """A printed card. Only a keyed hash of its code is stored: a copy of the database cannot
    vote. No time of use is kept."""

    __tablename__ = "ballot_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(sa.ForeignKey("debates.id", ondelete="CASCADE"))
    number: Mapped[int]
    category: Mapped[VoterCategory] = mapped_column(enum_column(VoterCategory))
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    status: Mapped[CardStatus] = mapped_column(enum_column(CardStatus), default=CardStatus.ISSUED)
    channel: Mapped[Channel | None] = mapped_column(enum_column(Channel))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    debate: Mapped[Debate] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("debate_id", "number"),
        # Turnout is counted from this index alone (it holds every column the count needs).
        sa.Index("ix_ballot_cards_turnout", "debate_id", "category", "status", "channel"),
    )


class Ballot(db.Model):
    """A cast ballot. Nothing here points at the card that cast it."""

    __tablename__ = "ballots"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # random
    debate_id: Mapped[int] = mapped_column(sa.ForeignKey("debates.id", ondelete="CASCADE"),
                                           index=True)
    category: Mapped[VoterCategory] = mapped_column(enum_column(VoterCategory))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    receipt: Mapped[str] = mapped_column(sa.String(16), unique=True)

    marks: Mapped[list[BallotMark]] = relationship(cascade="all, delete-orphan")

    __table_args__ = {"sqlite_with_rowid": False}


class BallotMark(db.Model):
    __tablename__ = "ballot_marks"

    ballot_id: Mapped[str] = mapped_column(
        sa.ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True
    )
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = {"sqlite_with_rowid": False}
