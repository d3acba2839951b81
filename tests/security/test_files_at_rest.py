"""Files at rest are the owner's only: the instance folder, the SQLite database and its -wal and
-shm, the secret key, every upload and its folders, and backups — whatever the umask."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from reportlab.pdfgen import canvas

from pb import create_app, uploads
from pb.execution.services import RECEIPTS
from pb.extensions import db
from pb.projects.photos import PHOTOS
from tests.conftest import _config


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """pb started by an account whose umask lets everyone read what it creates."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _sqlite_app(instance: Path, monkeypatch):
    monkeypatch.setenv("PB_INSTANCE_PATH", str(instance))
    config = _config(f"sqlite:///{instance / 'pb.sqlite3'}")
    del config["SECRET_KEY"]  # generated into the instance folder
    return create_app(config)


def test_a_fresh_instance_is_created_owner_only(tmp_path, monkeypatch, open_umask):
    instance = tmp_path / "instance"
    app = _sqlite_app(instance, monkeypatch)
    with app.app_context():
        with db.engine.connect() as conn:
            conn.execute(sa.text("CREATE TABLE t (x INTEGER)"))
            conn.execute(sa.text("INSERT INTO t VALUES (1)"))
            conn.commit()
            names = {p.name: _mode(p) for p in instance.iterdir()}
        db.engine.dispose()
    assert {"pb.sqlite3", "pb.sqlite3-wal", "pb.sqlite3-shm", "secret_key"} <= set(names)
    assert names == dict.fromkeys(names, 0o600)
    assert _mode(instance) == 0o700


def test_an_existing_instance_is_tightened_at_start_up(tmp_path, monkeypatch, open_umask):
    instance = tmp_path / "instance"
    receipts = instance / "uploads" / "receipts" / "3"
    receipts.mkdir(parents=True, mode=0o755)
    for path in (instance, instance / "uploads", instance / "uploads" / "receipts", receipts):
        path.chmod(0o755)
    for name in ("pb.sqlite3", "pb.sqlite3-wal", "pb.sqlite3-shm", "secret_key"):
        (instance / name).write_bytes(b"")
        (instance / name).chmod(0o644)
    (instance / "secret_key").write_text("k" * 64)
    (receipts / "a.pdf").write_bytes(b"%PDF")
    (receipts / "a.pdf").chmod(0o644)
    _sqlite_app(instance, monkeypatch)
    assert all(_mode(p) == 0o700 for p in (instance, *instance.rglob("*")) if p.is_dir())
    files = [p for p in instance.rglob("*") if p.is_file()]
    assert len(files) == 5 and all(_mode(p) == 0o600 for p in files)


def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Paragon")
    page.save()
    return buffer.getvalue()


def test_uploads_and_their_folders_are_owner_only(app, open_umask):
    photo = uploads.store(_picture(), PHOTOS, 7)
    receipt = uploads.store(_pdf(), RECEIPTS, 8)
    kept = uploads.path_of(PHOTOS, 7, photo.name)
    files = [kept, uploads.thumbnail_path(kept), uploads.path_of(RECEIPTS, 8, receipt.name)]
    assert [_mode(p) for p in files] == [0o600] * 3
    folders = [p for p in uploads.root().rglob("*") if p.is_dir()] + [uploads.root()]
    assert len(folders) == 5 and {_mode(p) for p in folders} == {0o700}


def test_a_backup_is_owner_only(app, runner, tmp_path, open_umask):
    out = tmp_path / "kopia.tar.gz"
    result = runner.invoke(args=["backup", str(out)])
    assert result.exit_code == 0, result.output
    assert _mode(out) == 0o600
