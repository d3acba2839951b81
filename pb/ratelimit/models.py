"""Where the counters live when no Redis is configured."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db


class RateLimitHit(db.Model):
    """Counters for the rate limits when no Redis is configured: shared by every worker."""

    __tablename__ = "rate_limit_hits"

    key: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    window_start: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
