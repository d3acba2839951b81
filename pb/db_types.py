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


# The largest id every supported database's INTEGER column holds (PostgreSQL's is 32-bit).
MAX_ID = 2**31 - 1


def parse_id(text: str) -> int | None:
    """An id typed into a form or a URL: ASCII digits only (``str.isdigit`` also accepts "²",
    which ``int`` refuses), no more than :data:`MAX_ID`; ``None`` for anything else."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


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
