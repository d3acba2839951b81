"""Micro-projects: the draft's content, its submitted versions, review comments and history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.accounts.models import User
from pb.core.budget import BudgetCategory, BudgetLineSpec, Funding, line_total
from pb.core.drafts import DraftContent, ResultSpec
from pb.core.schedule import TaskSpec
from pb.core.workflow import ProjectState, TaskStatus
from pb.db_types import UTCDateTime, enum_column, utcnow
from pb.diagnosis.models import Need, Pinned, pin_on_plan, project_needs
from pb.editions.models import Edition, Group
from pb.extensions import db

HUNDRED = Decimal(100)


class Project(Pinned, db.Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    need: Mapped[str] = mapped_column(sa.Text, default="")
    beneficiaries: Mapped[str] = mapped_column(sa.String(300), default="")
    beneficiaries_count: Mapped[int | None]
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Written at the end of execution.
    closing_story: Mapped[str] = mapped_column(sa.Text, default="")
    abandon_reason: Mapped[str] = mapped_column(sa.Text, default="")
    state: Mapped[ProjectState] = mapped_column(enum_column(ProjectState),
                                                default=ProjectState.DRAFT)
    # Where on the district plan the project will be carried out (see pb.core.plan).
    map_x: Mapped[int | None]
    map_y: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    group: Mapped[Group] = relationship()
    results: Mapped[list[ResultIndicator]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="ResultIndicator.position",
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="Task.position"
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="BudgetLine.position"
    )
    photos: Mapped[list[ProjectPhoto]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPhoto.position"
    )
    versions: Mapped[list[ProjectVersion]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectVersion.number"
    )
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="ReviewComment.created_at",
    )
    events: Mapped[list[ProjectEvent]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectEvent.at"
    )
    # The needs of the diagnosis this project answers.
    needs: Mapped[list[Need]] = relationship(
        secondary=project_needs, back_populates="projects", order_by=Need.number
    )

    __table_args__ = (pin_on_plan(),)

    def content(self) -> DraftContent:
        """The draft as plain data for the core's checks, versions and printing."""
        return DraftContent(
            title=self.title,
            summary=self.summary,
            need=self.need,
            beneficiaries=self.beneficiaries,
            beneficiaries_count=self.beneficiaries_count,
            place=self.place,
            description=self.description,
            results=[r.spec() for r in self.results],
            tasks=[t.spec() for t in self.tasks],
            budget=[b.spec() for b in self.budget_lines],
        )

    @property
    def requested_grosze(self) -> int:
        return sum(b.total_grosze for b in self.budget_lines if b.funding == Funding.REQUESTED)

    @property
    def own_grosze(self) -> int:
        return sum(b.total_grosze for b in self.budget_lines if b.funding == Funding.OWN)

    @property
    def display_title(self) -> str:
        return self.title or f"#{self.id}"


class ResultIndicator(db.Model):
    __tablename__ = "result_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(40))
    # Hundredths, so targets like 12,5 stay exact without a DECIMAL column.
    target_centi: Mapped[int] = mapped_column(sa.BigInteger)
    # Filled in during execution: what was actually achieved.
    achieved_centi: Mapped[int | None] = mapped_column(sa.BigInteger)
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="results")

    @property
    def target(self) -> Decimal:
        return Decimal(self.target_centi) / HUNDRED

    @property
    def achieved(self) -> Decimal | None:
        return None if self.achieved_centi is None else Decimal(self.achieved_centi) / HUNDRED

    def spec(self) -> ResultSpec:
        return ResultSpec(self.name, self.unit, self.target)


class Task(db.Model):
    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    responsible_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    position: Mapped[int] = mapped_column(default=0)
    # Execution: the plan as voted stays in baseline_*; starts_on/ends_on follow re-planning.
    status: Mapped[TaskStatus] = mapped_column(enum_column(TaskStatus),
                                               default=TaskStatus.PLANNED)
    baseline_starts_on: Mapped[date | None]
    baseline_ends_on: Mapped[date | None]
    actual_start: Mapped[date | None]
    actual_end: Mapped[date | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    added_in_execution: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="tasks")
    responsible: Mapped[User | None] = relationship(foreign_keys=[responsible_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])

    def spec(self) -> TaskSpec:
        return TaskSpec(
            self.title, self.starts_on, self.ends_on,
            self.responsible.name if self.responsible else "", self.position,
        )


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory, 30))
    item: Mapped[str] = mapped_column(sa.String(200))
    quantity_centi: Mapped[int] = mapped_column(sa.BigInteger)
    unit: Mapped[str] = mapped_column(sa.String(40))
    unit_price_grosze: Mapped[int] = mapped_column(sa.BigInteger)
    funding: Mapped[Funding] = mapped_column(enum_column(Funding), default=Funding.REQUESTED)
    position: Mapped[int] = mapped_column(default=0)

    project: Mapped[Project] = relationship(back_populates="budget_lines")

    @property
    def quantity(self) -> Decimal:
        return Decimal(self.quantity_centi) / HUNDRED

    @property
    def total_grosze(self) -> int:
        return line_total(self.quantity, self.unit_price_grosze)

    def spec(self) -> BudgetLineSpec:
        return BudgetLineSpec(
            self.category, self.item, self.quantity, self.unit, self.unit_price_grosze,
            self.funding,
        )


class ProjectPhoto(db.Model):
    __tablename__ = "project_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    byte_size: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="photos")

    # At most two photos, one in each place: the database holds it against uploads racing.
    __table_args__ = (
        sa.UniqueConstraint("project_id", "position"),
        sa.CheckConstraint('"position" IN (0, 1)', name="position"),
    )


class ProjectVersion(db.Model):
    """A copy of the draft as it was submitted; never changed afterwards."""

    __tablename__ = "project_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    snapshot: Mapped[dict] = mapped_column(sa.JSON)

    project: Mapped[Project] = relationship(back_populates="versions")
    submitted_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("project_id", "number"),)


class ReviewComment(db.Model):
    __tablename__ = "review_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # None: the whole draft; otherwise basics, results, schedule or budget.
    section: Mapped[str | None] = mapped_column(sa.String(20))
    body: Mapped[str] = mapped_column(sa.Text)
    version_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class ProjectEvent(db.Model):
    """The project's history: who did what, and when."""

    __tablename__ = "project_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(40))
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    project: Mapped[Project] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
