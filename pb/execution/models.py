"""What happens after the debate: money spent, own contribution delivered, the journal."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pb.accounts.models import User
from pb.db_types import UTCDateTime, utcnow
from pb.extensions import db
from pb.projects.models import HUNDRED, BudgetLine, Project


class Expense(db.Model):
    """Money spent against one line of the budget, with its receipt."""

    __tablename__ = "expenses"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    budget_line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_lines.id", ondelete="RESTRICT")
    )
    spent_on: Mapped[date]
    description: Mapped[str] = mapped_column(sa.String(300))
    amount_grosze: Mapped[int] = mapped_column(sa.BigInteger)
    supplier: Mapped[str] = mapped_column(sa.String(200), default="")
    document_number: Mapped[str] = mapped_column(sa.String(100), default="")
    # The receipt's file in the instance folder; never public (it may name people).
    receipt_name: Mapped[str | None] = mapped_column(sa.String(80))
    receipt_type: Mapped[str | None] = mapped_column(sa.String(40))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship()
    line: Mapped[BudgetLine] = relationship()
    created_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.CheckConstraint("amount_grosze > 0", name="amount_positive"),)


class ContributionDelivery(db.Model):
    """Own contribution actually given, against an own-contribution line (hours worked…)."""

    __tablename__ = "contribution_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    budget_line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("budget_lines.id", ondelete="RESTRICT")
    )
    delivered_on: Mapped[date]
    quantity_centi: Mapped[int] = mapped_column(sa.BigInteger)
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    line: Mapped[BudgetLine] = relationship()

    @property
    def quantity(self) -> Decimal:
        return Decimal(self.quantity_centi) / HUNDRED


class JournalEntry(db.Model):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"),
                                            index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    written_on: Mapped[date]
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship()
    photos: Mapped[list[JournalPhoto]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="JournalPhoto.id"
    )


class JournalPhoto(db.Model):
    __tablename__ = "journal_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("journal_entries.id",
                                                        ondelete="CASCADE"))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    width: Mapped[int]
    height: Mapped[int]

    entry: Mapped[JournalEntry] = relationship(back_populates="photos")
