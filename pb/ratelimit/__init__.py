"""Counting failed attempts (wrong ballot codes, failed sign-ins) per client, login or site.

Fixed windows. With ``REDIS_URL`` configured the counters live in Redis; otherwise in the
database (:class:`pb.ratelimit.models.RateLimitHit`). Either way every worker process sees the
same counts, so a guesser gains nothing by spreading requests over workers.

:func:`hit` counts, :func:`counts` reads, :func:`clear` forgets a key's count (an unlocked
sign-in) and :func:`seconds_left` says when the current window ends. A caller whose own SQL
statement runs on every request (the card lookup of :mod:`pb.debate.voting`) may read the
counts inside that statement instead, saving a round trip, when :func:`counted_in_sql` says
they are in the database: it adds :func:`count_column` to its statement and binds
:func:`count_parameters` with its own.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app

from pb.extensions import db
from pb.ratelimit.models import RateLimitHit

_table = RateLimitHit.__table__


def _window_of(window_seconds: int, now: float | None = None) -> int:
    """The current window's number, as stored beside each count."""
    return int((now if now is not None else time.time()) // window_seconds)


def _redis():
    client = current_app.extensions.get("pb_redis")
    if client is None:
        import redis

        client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2)
        current_app.extensions["pb_redis"] = client
    return client


def hit(key: str, window_seconds: int, now: float | None = None) -> int:
    """Count one attempt under ``key`` in the current window; return the window's count."""
    window = _window_of(window_seconds, now)
    if current_app.config.get("REDIS_URL"):
        name = f"pb:rl:{key}:{window}"
        pipe = _redis().pipeline()
        pipe.incr(name)
        pipe.expire(name, window_seconds * 2)
        count, _ = pipe.execute()
        return int(count)
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(_table).values(key=key, window_start=window, count=1)
        statement = statement.on_conflict_do_update(
            index_elements=[_table.c.key, _table.c.window_start],
            set_={"count": _table.c.count + 1},
        )
        conn.execute(statement)
        # Old windows are useless; drop them now and then.
        conn.execute(sa.delete(_table).where(_table.c.window_start < window - 2,
                                             _table.c.key == key))
        return conn.execute(
            sa.select(_table.c.count).where(_table.c.key == key, _table.c.window_start == window)
        ).scalar_one()


def counts(keys: Sequence[str], window_seconds: int, now: float | None = None) -> dict[str, int]:
    """Attempts counted under each of ``keys`` in the current window, in one round trip (read
    on the request's own database connection when there is no Redis)."""
    window = _window_of(window_seconds, now)
    if current_app.config.get("REDIS_URL"):
        values = _redis().mget([f"pb:rl:{key}:{window}" for key in keys])
        return {key: int(value or 0) for key, value in zip(keys, values, strict=True)}
    found = dict(db.session.connection().execute(
        _counts_statement(), {"keys": list(keys), "window": window}
    ).tuples().all())
    return {key: found.get(key, 0) for key in keys}


def clear(key: str, window_seconds: int, now: float | None = None) -> None:
    """Forget what was counted under ``key`` in the current window."""
    if current_app.config.get("REDIS_URL"):
        _redis().delete(f"pb:rl:{key}:{_window_of(window_seconds, now)}")
        return
    with db.engine.begin() as conn:
        conn.execute(sa.delete(_table).where(_table.c.key == key))


def seconds_left(window_seconds: int, now: float | None = None) -> int:
    """Whole seconds (at least 1) until the current window ends and its counts no longer
    apply: when a client over a limit may try again."""
    now = now if now is not None else time.time()
    return max(1, math.ceil((_window_of(window_seconds, now) + 1) * window_seconds - now))


# --- reading counts inside a caller's own statement ----------------------------------------


def counted_in_sql() -> bool:
    """Whether the counts can be read inside a SQL statement: they are in the database (no
    Redis configured). Otherwise read them with :func:`counts`."""
    return not current_app.config.get("REDIS_URL")


@functools.cache
def count_column(slot: int) -> sa.Label:
    """The count under the ``slot``-th key given to :func:`count_parameters`, 0 if none, as a
    scalar subquery labelled ``rate_limit_count_<slot>``: a caller adds it to its own statement
    (built once; it is the same for every request)."""
    return sa.func.coalesce(
        sa.select(_table.c.count).where(_table.c.key == sa.bindparam(f"rate_limit_key_{slot}"),
                                        _table.c.window_start == sa.bindparam("rate_limit_window"))
        .scalar_subquery(), 0,
    ).label(f"rate_limit_count_{slot}")


@functools.cache
def _key_names(n_keys: int) -> tuple[str, ...]:
    return tuple(f"rate_limit_key_{slot}" for slot in range(n_keys))


def count_parameters(keys: Sequence[str], window_seconds: int,
                     now: float | None = None) -> dict[str, str | int]:
    """The values to bind for :func:`count_column` ``(0 … len(keys) - 1)``: each key in its
    slot, and the current window."""
    return {"rate_limit_window": _window_of(window_seconds, now),
            **dict(zip(_key_names(len(keys)), keys, strict=True))}


@functools.cache
def _counts_statement() -> sa.Select:
    """Built once: it runs on nearly every ballot request."""
    return sa.select(_table.c.key, _table.c.count).where(
        _table.c.key.in_(sa.bindparam("keys", expanding=True)),
        _table.c.window_start == sa.bindparam("window"),
    )
