"""Writes the database may refuse: a unique or check constraint holds a rule that a
check-then-write in Python cannot hold alone, since two requests may both check before either
writes (two uploads both see room for a photo, two clicks both see no debate yet).

A service checks first as usual (for the clear message in the common case), then writes with
:func:`written`: if a constraint refuses the write, only that write is undone (a savepoint), the
session goes on, and the service answers with a clear refusal instead of a 500.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from pb.extensions import db


def _begin_at_database() -> None:
    """Make sure the database transaction has begun before a savepoint is taken.

    SQLite's driver begins a transaction only before a write; a SAVEPOINT taken first would begin
    one itself, and releasing it would commit everything at once. ``BEGIN IMMEDIATE`` takes the
    write lock now (waiting its turn, as any write does), so the checks that follow see the latest
    committed rows."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite" and not conn.connection.dbapi_connection.in_transaction:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def written(change: Callable[[], object]) -> bool:
    """Make ``change`` (add a row, set a name) and write it now, in a savepoint.

    True if the database took it. False if a unique or check constraint refused it — someone else
    wrote the same a moment ago: only this change is undone (its objects expired or dropped from
    the session) and the session goes on. What was pending before is written first, outside."""
    _begin_at_database()
    try:
        with db.session.begin_nested():
            change()
    except IntegrityError:
        return False
    return True
