"""Column types shared by the models."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, stored as naive UTC and returned as an aware UTC datetime.

    SQLite has no time zones; storing UTC everywhere and converting to Europe/Warsaw only for
    display keeps SQLite and PostgreSQL identical.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current moment, aware, in UTC."""
    return datetime.now(UTC)


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    """An enum stored as its values in a plain string column (no database enum type, so adding
    a member needs no migration, and SQLite and PostgreSQL store the same)."""
    return sa.Enum(
        enum_cls, native_enum=False, length=length,
        values_callable=lambda e: [m.value for m in e],
    )
