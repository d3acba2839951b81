"""Counting failed attempts (wrong ballot codes) per client and for the whole site.

Fixed windows. With ``REDIS_URL`` configured the counters live in Redis; otherwise in the
database. Either way every worker process sees the same counts, so a guesser gains nothing by
spreading requests over workers.
"""

from __future__ import annotations

import functools
import time

import sqlalchemy as sa
from flask import current_app

from pb.extensions import db


def window_of(window_seconds: int, now: float | None = None) -> int:
    """The current window's number, as stored beside each count."""
    return int((now if now is not None else time.time()) // window_seconds)


def _redis():  # noqa: ANN202
    client = current_app.extensions.get("pb_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2)
        current_app.extensions["pb_redis"] = client
    return client


def hit(key: str, window_seconds: int, now: float | None = None) -> int:
    """Count one attempt under ``key`` in the current window; return the window's count."""
    window = window_of(window_seconds, now)
    if current_app.config.get("REDIS_URL"):
        name = f"pb:rl:{key}:{window}"
        pipe = _redis().pipeline()
        pipe.incr(name)
        pipe.expire(name, window_seconds * 2)
        count, _ = pipe.execute()
        return int(count)
    from pb.debate.models import RateLimitHit

    table = RateLimitHit.__table__
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(table).values(key=key, window_start=window, count=1)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key, table.c.window_start],
            set_={"count": table.c.count + 1},
        )
        conn.execute(statement)
        # Old windows are useless; drop them now and then.
        conn.execute(sa.delete(table).where(table.c.window_start < window - 2,
                                            table.c.key == key))
        return conn.execute(
            sa.select(table.c.count).where(table.c.key == key, table.c.window_start == window)
        ).scalar_one()


def counts(keys: list[str], window_seconds: int, now: float | None = None) -> dict[str, int]:
    """Attempts counted under each of ``keys`` in the current window, in one round trip (read
    on the request's own database connection when there is no Redis)."""
    window = window_of(window_seconds, now)
    if current_app.config.get("REDIS_URL"):
        values = _redis().mget([f"pb:rl:{key}:{window}" for key in keys])
        return {key: int(value or 0) for key, value in zip(keys, values, strict=True)}
    found = dict(db.session.connection().execute(
        _counts_statement(), {"keys": keys, "window": window}
    ).tuples().all())
    return {key: found.get(key, 0) for key in keys}


def in_database() -> bool:
    """Whether the counters live in the database (no Redis configured)."""
    return not current_app.config.get("REDIS_URL")


def count_column(key_param: str, window_param: str, label: str) -> sa.Label:
    """The count under the key bound to ``key_param`` in the window bound to ``window_param``,
    as a scalar subquery: a caller reads it in the same statement as its own data."""
    from pb.debate.models import RateLimitHit

    table = RateLimitHit.__table__
    return sa.func.coalesce(
        sa.select(table.c.count).where(table.c.key == sa.bindparam(key_param),
                                       table.c.window_start == sa.bindparam(window_param))
        .scalar_subquery(), 0,
    ).label(label)


@functools.cache
def _counts_statement() -> sa.Select:
    """Built once: it runs on nearly every ballot request."""
    from pb.debate.models import RateLimitHit

    table = RateLimitHit.__table__
    return sa.select(table.c.key, table.c.count).where(
        table.c.key.in_(sa.bindparam("keys", expanding=True)),
        table.c.window_start == sa.bindparam("window"),
    )
