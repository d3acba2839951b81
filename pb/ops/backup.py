"""Backups that move between databases: every table as JSON, plus the uploaded files.

``pb backup FILE`` writes a .tar.gz; ``pb restore FILE`` loads it into an empty database at the
same schema revision (run ``pb db upgrade`` first). Because the data is stored as plain values,
a backup taken on SQLite restores onto PostgreSQL and back.
"""

from __future__ import annotations

import enum
import io
import json
import tarfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from pb.extensions import db
from pb.private_files import open_private, tighten_instance

FORMAT = 1
DATA_NAME = "pb-backup.json"


class BackupError(RuntimeError):
    """The backup cannot be written or restored; the message says why."""


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):  # exact, as text (a plan's corners: Numeric degrees)
        return str(value)
    return value


def _revision(conn: sa.Connection) -> str | None:
    try:
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None


def _order(table: sa.Table) -> list[sa.Column]:
    """Rows in the order of a key, never in the order they were stored: that would be the
    order of voting for ballots (ballot secrecy), which are listed by receipt."""
    return [table.c.receipt] if table.name == "ballots" else list(table.primary_key.columns)


def write_backup(out: Path, instance_path: Path, *, with_secret: bool = False) -> dict[str, int]:
    """Write everything to ``out``; return the number of rows per table."""
    counts: dict[str, int] = {}
    tables: dict[str, list[dict]] = {}
    with db.engine.connect() as conn:
        revision = _revision(conn)
        for table in db.metadata.sorted_tables:
            rows = [{k: _plain(v) for k, v in row._mapping.items()}
                    for row in conn.execute(table.select().order_by(*_order(table)))]
            tables[table.name] = rows
            counts[table.name] = len(rows)
    payload = json.dumps({"format": FORMAT, "revision": revision, "tables": tables},
                         ensure_ascii=False).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Owner-only, like the database it copies (password hashes, and the secret key if asked).
    with (open_private(out, exclusive=False) as raw,
          tarfile.open(fileobj=raw, mode="w:gz") as archive):
        info = tarfile.TarInfo(DATA_NAME)
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        uploads = instance_path / "uploads"
        if uploads.exists():
            archive.add(uploads, arcname="uploads")
        if with_secret and (instance_path / "secret_key").exists():
            archive.add(instance_path / "secret_key", arcname="secret_key")
    return counts


def _typed(table: sa.Table, row: dict) -> dict:
    """Turn the stored plain values back into what each column takes."""
    out = {}
    for key, value in row.items():
        column = table.c.get(key)
        if column is None:
            raise BackupError(f"table {table.name} has no column {key}")
        kind = column.type
        if isinstance(kind, sa.types.TypeDecorator):
            kind = kind.impl_instance
        if value is not None and isinstance(kind, sa.DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, sa.Date):
            value = date.fromisoformat(value)
        elif value is not None and isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
            value = Decimal(value)
        out[key] = value
    return out


def restore_backup(source: Path, instance_path: Path) -> dict[str, int]:
    """Load a backup into the (empty) configured database and the instance folder."""
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} is not a pb backup: {error}") from error
    with archive:
        try:
            member = archive.getmember(DATA_NAME)
        except KeyError as error:
            raise BackupError(f"{source} is not a pb backup (no {DATA_NAME})") from error
        data = json.loads(archive.extractfile(member).read())  # type: ignore[union-attr]
        if data.get("format") != FORMAT:
            raise BackupError("this backup was written by another version of pb")
        counts: dict[str, int] = {}
        with db.engine.begin() as conn:
            revision = _revision(conn)
            if revision != data.get("revision"):
                raise BackupError(
                    f"the database is at schema {revision}, the backup at {data.get('revision')}:"
                    " run 'pb db upgrade' on an empty database of the backup's version first"
                )
            for table in db.metadata.sorted_tables:
                if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                    raise BackupError(f"the database is not empty (table {table.name})")
            for table in db.metadata.sorted_tables:
                rows = [_typed(table, row) for row in data["tables"].get(table.name, [])]
                if rows:
                    conn.execute(table.insert(), rows)
                counts[table.name] = len(rows)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
        safe_members = [
            m for m in archive.getmembers()
            if (m.name.startswith("uploads/") or m.name == "secret_key")
            and not m.issym() and not m.islnk() and ".." not in Path(m.name).parts
        ]
        secret = [m for m in safe_members if m.name == "secret_key"]
        if secret:
            # The data's card hashes are keyed to the backed-up secret: it must come along.
            # The instance's own key is kept beside it, in case it is still wanted.
            current = instance_path / "secret_key"
            if current.exists():
                current.replace(instance_path / "secret_key.before-restore")
            archive.extractall(instance_path, members=secret, filter="data")
        archive.extractall(instance_path, members=[m for m in safe_members
                                                   if m.name != "secret_key"], filter="data")
        # The archive's modes may be an older pb's (0644): the files at rest are owner-only.
        tighten_instance(instance_path, str(db.engine.url))
    return counts


def _reset_sequences(conn: sa.Connection) -> None:
    """After inserting explicit ids, make PostgreSQL's id sequences continue past them."""
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, sa.Integer) and column.autoincrement in (True, "auto"):
                # Names come from pb's own metadata, never from the backup file.
                top = conn.execute(sa.select(sa.func.max(column))).scalar() or 0
                conn.execute(
                    sa.text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, false)"),
                    {"t": table.name, "c": column.name, "v": top + 1},
                )
