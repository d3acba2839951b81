"""Statements compiled once per database and run straight on the driver's cursor.

For the few statements that every ballot runs (the card lookup and the vote's writes).
SQLAlchemy's execution path around an already compiled statement — execution context, result
object, parameter processing — costs more than the database work for these small statements
(measured: about 10 µs a statement on SQLite, 60 µs on PostgreSQL, against 5 and 35 µs on the
bare cursor). A :class:`DirectStatement` keeps the Core statement as the one description of
the SQL and runs what SQLAlchemy compiled from it:

- The statement runs on the DBAPI connection behind a SQLAlchemy :class:`~sqlalchemy.Connection`,
  inside that connection's transaction: commit and rollback stay with the session.
- The values the statement itself holds (``status == "issued"``) go through their column types
  once, when compiling. Values given at run time must be what the driver takes as they are:
  ``str``, ``int``, ``list`` of ``int`` — an enum's ``.value``, not the enum.
- A SELECT (or a statement with RETURNING) answers its first row as a tuple, each value through
  its column's type (enums, aware datetimes) as SQLAlchemy would return it; and the row count.
- ``before_cursor_execute`` and ``after_cursor_execute`` listeners still see each statement (with
  no execution context); driver errors come out as SQLAlchemy's exceptions.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ClauseElement


class _Compiled:
    __slots__ = ("sql", "names", "defaults", "positional", "returns_rows", "processors")

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql: str = compiled.string
        self.positional = bool(dialect.positional)
        # The parameters in the order the driver wants them (by name for PostgreSQL's driver).
        self.names: tuple[str, ...] = (
            tuple(compiled.positiontup) if self.positional
            else tuple(dict.fromkeys(compiled.bind_names.values())))
        self.defaults: dict[str, Any] = {}
        for bind, name in compiled.bind_names.items():
            if bind.expanding:
                raise ValueError(f"{name}: expanding parameters are not supported here")
            if bind.required:
                continue
            value = bind.effective_value
            if isinstance(value, enum.Enum):
                value = value.value
            process = bind.type.dialect_impl(dialect).bind_processor(dialect)
            self.defaults[name] = process(value) if process is not None else value
        # A SELECT's columns, or what an INSERT, UPDATE or DELETE returns (RETURNING).
        columns = (statement.selected_columns if isinstance(statement, sa.Select)
                   else getattr(statement, "exported_columns", ()))
        self.returns_rows = bool(columns)
        self.processors: tuple[Callable[[Any], Any] | None, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in columns
        )

    def parameters(self, values: Mapping[str, Any]) -> tuple | dict:
        merged = {**self.defaults, **values} if self.defaults else values
        if self.positional:
            return tuple(merged[name] for name in self.names)
        return {name: merged[name] for name in self.names}

    def row(self, raw: tuple | None) -> tuple | None:
        if raw is None or not self.processors:
            return raw
        return tuple(value if process is None else process(value)
                     for process, value in zip(self.processors, raw, strict=True))


class DirectStatement:
    """A Core statement, compiled once per dialect, run on the driver's cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._by_dialect: dict[tuple[str, str], _Compiled] = {}

    def _compiled(self, dialect: Dialect) -> _Compiled:
        key = (dialect.name, dialect.driver)
        compiled = self._by_dialect.get(key)
        if compiled is None:
            compiled = self._by_dialect[key] = _Compiled(self.statement, dialect)
        return compiled

    def sql(self, connection: sa.Connection) -> str:
        """The SQL this statement sends on ``connection``'s database."""
        return self._compiled(connection.dialect).sql

    def execute(self, connection: sa.Connection, values: Mapping[str, Any]) -> Result:
        """Run the statement in ``connection``'s transaction; keep its first row, if any."""
        compiled = self._compiled(connection.dialect)
        parameters = compiled.parameters(values)
        sql = compiled.sql
        cursor = connection.connection.cursor()
        dispatch = connection.dispatch
        for listener in dispatch.before_cursor_execute:
            sql, parameters = listener(connection, cursor, sql, parameters, None, False)
        try:
            cursor.execute(sql, parameters)
            fetched = cursor.fetchone() if compiled.returns_rows else None
            rowcount = cursor.rowcount
        except connection.dialect.loaded_dbapi.Error as error:
            cursor.close()
            gone = connection.dialect.is_disconnect(error, connection.connection, cursor)
            if gone:
                connection.invalidate(error)
            raise sa.exc.DBAPIError.instance(
                sql, parameters, error, connection.dialect.loaded_dbapi.Error,
                connection_invalidated=gone, dialect=connection.dialect,
            ) from error
        cursor.close()
        for listener in dispatch.after_cursor_execute:
            listener(connection, cursor, sql, parameters, None, False)
        return Result(compiled.row(fetched), rowcount)


class Result:
    """What a direct statement answered: its first row (if it returns rows) and the row count."""

    __slots__ = ("first", "rowcount")

    def __init__(self, first: tuple | None, rowcount: int) -> None:
        self.first = first
        self.rowcount = rowcount
