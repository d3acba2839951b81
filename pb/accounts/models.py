"""People who sign in to pb, and the printed cards that sign participants in."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from pb.db_types import UTCDateTime, enum_column, utcnow
from pb.extensions import db


class Role(enum.StrEnum):
    """What a person does in pb. One role per account; see docs/brief.md, "Who uses it"."""

    COORDINATOR = "coordinator"
    ANIMATOR = "animator"
    PARTICIPANT = "participant"
    OFFICIAL = "official"
    TELLER = "teller"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The name typed at sign-in: an e-mail address or a simple user name (participants often
    # have no e-mail). Stored lower-case so sign-in is case-insensitive.
    login: Mapped[str] = mapped_column(sa.String(120), unique=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    signin_cards: Mapped[list[SigninCard]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="SigninCard.user_id"
    )

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.login} {self.role}>"


class SigninCard(db.Model):
    """A printed card whose QR code signs a participant in on a phone.

    Only a keyed hash of the card's code is stored. A card is single use or reusable until it
    expires, and can be revoked at any time.
    """

    __tablename__ = "signin_cards"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    single_use: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="signin_cards", foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def state(self, now: datetime) -> str:
        """``active``, ``used``, ``revoked`` or ``expired``."""
        if self.revoked_at is not None:
            return "revoked"
        if self.single_use and self.used_at is not None:
            return "used"
        if self.expires_at <= now:
            return "expired"
        return "active"
