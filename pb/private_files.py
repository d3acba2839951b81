"""Files pb keeps at rest are readable by their owner only: folders 0700, files 0600.

The database holds password hashes, the secret key signs sessions and receipts carry names and
addresses. The modes are set explicitly (``chmod`` after creating), so they do not depend on the
umask pb was started with; at start-up :func:`tighten_instance` also narrows what an older pb (or
a restore) left readable by others.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import BinaryIO

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# What SQLite keeps beside its database file (it gives them the database file's mode).
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")

log = logging.getLogger(__name__)


def private_folder(path: Path, base: Path) -> Path:
    """Create ``path`` and every folder between ``base`` and it, each owner-only; return it."""
    current = base
    for part in path.relative_to(base).parts:
        current = current / part
        current.mkdir(mode=FOLDER_MODE, exist_ok=True)
        current.chmod(FOLDER_MODE)
    return path


def open_private(path: Path, *, exclusive: bool = True) -> BinaryIO:
    """A new file (or, not ``exclusive``, one emptied) open for writing, only its owner reads."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through os.open; the umask cuts
    return os.fdopen(fd, "wb")


def write_private(path: Path, data: bytes, *, exclusive: bool = True) -> None:
    """Write ``data`` to a file only its owner reads (see :func:`open_private`)."""
    with open_private(path, exclusive=exclusive) as handle:
        handle.write(data)


def sqlite_file(database_uri: str) -> Path | None:
    """The file of a SQLite database URI; ``None`` for another database or one in memory."""
    from sqlalchemy.engine import make_url

    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def tighten_instance(instance_path: Path, database_uri: str) -> None:
    """Create the instance folder owner-only, and make what it holds (and a SQLite database kept
    elsewhere) readable by the owner only. The SQLite file is created empty here when missing, so
    that SQLite, which copies its mode to the ``-wal`` and ``-shm`` files, starts from 0600."""
    try:
        instance_path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        instance_path.chmod(FOLDER_MODE)
        files = [instance_path / "secret_key", instance_path / "secret_key.before-restore"]
        database = sqlite_file(database_uri)
        if database is not None and database.parent.is_dir():
            if not database.exists():
                write_private(database, b"", exclusive=False)
            files += [database, *(Path(f"{database}{end}") for end in SQLITE_COMPANIONS)]
        for path in files:
            if path.is_file():
                path.chmod(FILE_MODE)
        uploads = instance_path / "uploads"
        for folder, _folders, names in os.walk(uploads):
            Path(folder).chmod(FOLDER_MODE)
            for name in names:
                (Path(folder) / name).chmod(FILE_MODE)
    except PermissionError as error:
        # A folder owned by another account (a packaged install): its owner sets the modes.
        log.warning("could not make the instance files private: %s", error)
