"""Dates as people in Poland see them: the calendar day in Europe/Warsaw."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")


def warsaw_today(now: datetime | None = None) -> date:
    """Today's date in Warsaw (the server may run in UTC)."""
    return (now or datetime.now(WARSAW)).astimezone(WARSAW).date()
