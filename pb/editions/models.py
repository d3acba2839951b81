"""Editions (one Local Activity Programme round) and the groups that work in them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.accounts.models import User
from pb.core.phases import Phase, PhaseDates, current_phase
from pb.db_types import UTCDateTime, utcnow
from pb.extensions import db

if TYPE_CHECKING:
    from pb.debate.models import Debate

edition_animators = sa.Table(
    "edition_animators",
    db.metadata,
    sa.Column("edition_id", sa.ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Edition(db.Model):
    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    municipality: Mapped[str] = mapped_column(sa.String(120))
    district: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Money in integer grosze.
    pool_grosze: Mapped[int] = mapped_column(sa.BigInteger)
    project_cap_grosze: Mapped[int] = mapped_column(sa.BigInteger)
    drafting_from: Mapped[date]
    review_from: Mapped[date]
    debate_on: Mapped[date]
    execution_from: Mapped[date]
    closed_on: Mapped[date]
    # Voting settings are filled in by the debate and tally features; until then the rule name
    # is recorded so the coordinator can state it up front.
    voting_rule: Mapped[str] = mapped_column(sa.String(60), default="top")
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    animators: Mapped[list[User]] = relationship(secondary=edition_animators, order_by=User.name)
    groups: Mapped[list[Group]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Group.name"
    )
    # An edition has at most one debate (debates.edition_id is unique).
    debate: Mapped[Debate | None] = relationship(back_populates="edition", uselist=False)

    __table_args__ = (
        sa.CheckConstraint("pool_grosze > 0", name="pool_positive"),
        sa.CheckConstraint(
            "project_cap_grosze > 0 AND project_cap_grosze <= pool_grosze", name="cap_in_pool"
        ),
    )

    @property
    def phase_dates(self) -> PhaseDates:
        return PhaseDates(
            self.drafting_from,
            self.review_from,
            self.debate_on,
            self.execution_from,
            self.closed_on,
        )

    def phase_on(self, today: date) -> Phase:
        return current_phase(self.phase_dates, today)

    def __repr__(self) -> str:
        return f"<Edition {self.id} {self.name!r}>"


class Group(db.Model):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(120))
    animator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="groups")
    animator: Mapped[User | None] = relationship()
    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.UniqueConstraint("edition_id", "name"),)

    @property
    def members(self) -> list[User]:
        return sorted((m.user for m in self.memberships), key=lambda u: u.name.lower())


class GroupMembership(db.Model):
    """A participant's place in a group. One group per participant per edition."""

    __tablename__ = "group_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    # Repeated from the group so the database itself guarantees one group per edition.
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[Group] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("edition_id", "user_id"),)
