"""People who sign in to pb, and the printed cards that sign participants in."""

from __future__ import annotations

import enum
import functools
import secrets
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
    # Named in the session at sign-in (see get_id); a new version ends every earlier session.
    session_version: Mapped[int] = mapped_column(default=0)

    signin_cards: Mapped[list[SigninCard]] = relationship(
        back_populates="user", cascade="all, delete-orphan", foreign_keys="SigninCard.user_id"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=_hash_method())

    def check_password(self, password: str) -> bool:
        if self.password_hash is None:
            return check_no_password(password)
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session keeps to name this account: its id and session version, so a
        session signed in before the version changed names no one (Flask-Login)."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.login} {self.role}>"


def _hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def check_no_password(password: str) -> bool:
    """``False``, after as much work as checking a real password: a sign-in to a missing login
    (or an account without a password) takes as long as one to an existing account."""
    check_password_hash(_dummy_hash(_hash_method()), password)
    return False


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
