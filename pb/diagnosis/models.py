"""The district's diagnosis: its needs, its resources, the plan they are pinned on, and what
residents report before the debate.

Positions on the plan are integers in ten-thousandths of its width and height (see
:mod:`pb.core.plan`); ``map_x``/``map_y`` are both set or both empty.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.accounts.models import User
from pb.core.plan import Corners, Point
from pb.db_types import UTCDateTime, enum_column, utcnow
from pb.editions.models import Edition
from pb.extensions import db

if TYPE_CHECKING:
    from pb.projects.models import Project


class NeedSource(enum.StrEnum):
    """Where the evidence for a need comes from."""

    SURVEY = "survey"  # a residents' survey
    WALK = "walk"  # a community walk
    MOPS = "mops"  # the social welfare centre's data
    MEETING = "meeting"
    RESIDENT = "resident"  # a resident's report
    OTHER = "other"


class NeedState(enum.StrEnum):
    OPEN = "open"
    ANSWERED = "answered"  # a project answers it
    CLOSED = "closed"  # closed with a note (solved otherwise, out of reach, merged…)


class ResourceKind(enum.StrEnum):
    PLACE = "place"
    ORGANISATION = "organisation"
    SERVICE = "service"
    PERSON = "person"
    GROUP = "group"


class ReportState(enum.StrEnum):
    WAITING = "waiting"
    PUBLISHED = "published"  # became a need of its own
    MERGED = "merged"  # added to an existing need
    REJECTED = "rejected"


# The categories a new edition starts with (the coordinator renames, adds or removes them).
DEFAULT_CATEGORIES = (
    "Dzieci i młodzież",
    "Seniorzy",
    "Rodziny",
    "Zieleń i place zabaw",
    "Bezpieczeństwo",
    "Kultura",
    "Sport",
    "Praca i umiejętności",
)


def pin_on_plan() -> sa.CheckConstraint:
    """Both coordinates or neither, and on the plan (shared with the projects' pins)."""
    return sa.CheckConstraint(
        "(map_x IS NULL AND map_y IS NULL) OR "
        "(map_x BETWEEN 0 AND 10000 AND map_y BETWEEN 0 AND 10000)",
        name="pin_on_plan",
    )


class Pinned:
    """A row with an optional place on the plan."""

    map_x: Mapped[int | None]
    map_y: Mapped[int | None]

    @property
    def point(self) -> Point | None:
        if self.map_x is None or self.map_y is None:
            return None
        return Point(self.map_x, self.map_y)

    @point.setter
    def point(self, value: Point | None) -> None:
        self.map_x = None if value is None else value.x
        self.map_y = None if value is None else value.y


project_needs = sa.Table(
    "project_needs",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class NeedCategory(db.Model):
    __tablename__ = "need_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship()

    __table_args__ = (sa.UniqueConstraint("edition_id", "name"),)


class Need(Pinned, db.Model):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    # Numbered within the edition (1, 2, …): the number on its pin and in every list.
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    # What is wrong or missing.
    description: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    affected: Mapped[str] = mapped_column(sa.String(300), default="")
    affected_count: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(sa.Text, default="")
    source: Mapped[NeedSource] = mapped_column(enum_column(NeedSource), default=NeedSource.OTHER)
    noted_on: Mapped[date]
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("need_categories.id", ondelete="SET NULL")
    )
    state: Mapped[NeedState] = mapped_column(enum_column(NeedState), default=NeedState.OPEN)
    closing_note: Mapped[str] = mapped_column(sa.Text, default="")
    map_x: Mapped[int | None]
    map_y: Mapped[int | None]
    # A photo from the resident's report it came from (a file of the "diagnosis" uploads).
    photo_name: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    edition: Mapped[Edition] = relationship()
    category: Mapped[NeedCategory | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    supports: Mapped[list[NeedSupport]] = relationship(
        back_populates="need", cascade="all, delete-orphan"
    )
    projects: Mapped[list[Project]] = relationship(
        secondary=project_needs, back_populates="needs", order_by="Project.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("edition_id", "number"),
        sa.CheckConstraint("affected_count IS NULL OR affected_count >= 0",
                           name="affected_count"),
        pin_on_plan(),
    )

    @property
    def support_count(self) -> int:
        """Residents who said "me too" (a merged report counts as one)."""
        return len(self.supports)


class NeedSupport(db.Model):
    """One "me too" for a need: once per browser (a random token kept in its cookie, stored
    here only as a hash), or once for each report merged into the need."""

    __tablename__ = "need_supports"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    need: Mapped[Need] = relationship(back_populates="supports")

    __table_args__ = (sa.UniqueConstraint("need_id", "token_hash"),)


class Resource(Pinned, db.Model):
    """Something the district can draw on: a place, organisation, service, person or group."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind))
    offers: Mapped[str] = mapped_column(sa.Text, default="")
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    # How to reach it: seen by those who manage the edition only.
    contact: Mapped[str] = mapped_column(sa.Text, default="")
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("need_categories.id", ondelete="SET NULL")
    )
    map_x: Mapped[int | None]
    map_y: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship()
    category: Mapped[NeedCategory | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("edition_id", "number"),
        pin_on_plan(),
    )


class DistrictPlan(db.Model):
    """The picture of the district the pins are placed on (one per edition)."""

    __tablename__ = "district_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("editions.id", ondelete="CASCADE"), unique=True
    )
    file_name: Mapped[str] = mapped_column(sa.String(64))
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    # Optional: the corners' latitude and longitude, all four or none.
    north: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    west: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    south: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    east: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[Edition] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "(north IS NULL AND west IS NULL AND south IS NULL AND east IS NULL) OR "
            "(north IS NOT NULL AND west IS NOT NULL AND south IS NOT NULL "
            "AND east IS NOT NULL)",
            name="corners_all_or_none",
        ),
        sa.CheckConstraint("width > 0 AND height > 0", name="size"),
    )

    @property
    def corners(self) -> Corners | None:
        if self.north is None or self.west is None or self.south is None or self.east is None:
            return None
        return Corners(self.north, self.west, self.south, self.east)


class NeedReport(Pinned, db.Model):
    """A need a resident reported on the public page, waiting for the animator.

    Nothing of it is public until the animator publishes it as a need or merges it into one.
    ``contact`` is for the animator only and is never shown on a public page or export."""

    __tablename__ = "need_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(sa.Text)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    map_x: Mapped[int | None]
    map_y: Mapped[int | None]
    photo_name: Mapped[str | None] = mapped_column(sa.String(64))
    contact: Mapped[str] = mapped_column(sa.String(200), default="")
    state: Mapped[ReportState] = mapped_column(enum_column(ReportState),
                                               default=ReportState.WAITING)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("needs.id", ondelete="SET NULL"))
    moderation_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    edition: Mapped[Edition] = relationship()
    need: Mapped[Need | None] = relationship()
    moderated_by: Mapped[User | None] = relationship()

    __table_args__ = (pin_on_plan(),)

