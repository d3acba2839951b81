"""Uploaded files: the one place that checks them, re-encodes pictures and keeps them on disk.

Every upload is refused unless it is what its kind accepts: a JPEG, PNG or WebP picture of at most
``max_bytes`` and ``MAX_PIXELS`` (or, for receipts, a PDF). Pictures are never kept as sent: they
are turned upright, converted to RGB, shrunk and saved as JPEG without the original's metadata, so
no GPS position or camera serial leaks out. Files live under the instance folder, in
``uploads/<kind>/<owner id>/<random name>``, so a name never says who sent what, and only pb's
own account can read them (folders 0700, files 0600).

The areas say what each kind accepts (a :class:`Kind`) and keep the returned :class:`Stored` facts
in their own rows; this module knows no area's models.
"""

from __future__ import annotations

import io
import math
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from pb.errors import DomainError
from pb.private_files import private_folder, write_private

MB = 1024 * 1024
PHOTO_MAX_BYTES = 8 * MB
MAX_PIXELS = 40_000_000  # larger pictures are refused rather than decoded
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 85
THUMB_QUALITY = 80
THUMB_PREFIX = "t_"


@dataclass(frozen=True)
class Kind:
    """What one kind of upload accepts, where it is kept and which form field it answers on.

    The messages default to a photo's; a kind that is not a photo (a receipt) gives its own.
    """

    folder: str
    field: str
    max_bytes: int = PHOTO_MAX_BYTES
    longest_side: int = 1600
    thumb_side: int | None = None  # a small copy beside the picture, e.g. for the phone ballot
    accepts_pdf: bool = False  # a real PDF is kept as it was sent
    too_large: object | None = None  # None: the photo's message, with ``max_bytes`` in MB
    not_accepted: object | None = None  # None: the photo's message


@dataclass(frozen=True)
class Stored:
    """What was written: the file's name in its folder and what the area keeps in its row."""

    name: str
    width: int | None  # None for a PDF
    height: int | None
    byte_size: int
    mime_type: str


def store(data: bytes, kind: Kind, owner_id: int) -> Stored:
    """Check ``data`` against ``kind``, re-encode a picture and write it under the owner's folder.

    Raises :class:`DomainError` on ``kind.field`` when the upload is empty, too large, has too
    many pixels or is not something the kind accepts; nothing is written then.
    """
    if not data:
        raise DomainError(_l("Choose a photo to send."), kind.field)
    if len(data) > kind.max_bytes:
        too_large = kind.too_large
        if too_large is None:
            too_large = _l("The photo is too large: at most %(mb)d MB.", mb=kind.max_bytes // MB)
        raise DomainError(too_large, kind.field)
    folder = folder_of(kind, owner_id)
    token = secrets.token_hex(12)
    if kind.accepts_pdf and data.startswith(b"%PDF"):
        if not is_real_pdf(data):
            raise DomainError(_not_accepted(kind), kind.field)
        private_folder(folder, Path(current_app.instance_path))
        write_private(folder / f"{token}.pdf", data)
        return Stored(f"{token}.pdf", None, None, len(data), "application/pdf")
    picture = _reencodable_picture(data, kind)
    picture.thumbnail((kind.longest_side, kind.longest_side), Image.Resampling.LANCZOS)
    encoded = _jpeg(picture, JPEG_QUALITY)
    name = f"{token}.jpg"
    private_folder(folder, Path(current_app.instance_path))
    write_private(folder / name, encoded)
    if kind.thumb_side:
        thumb = picture.copy()
        thumb.thumbnail((kind.thumb_side, kind.thumb_side), Image.Resampling.LANCZOS)
        write_private(thumbnail_path(folder / name), _jpeg(thumb, THUMB_QUALITY))
    return Stored(name, picture.width, picture.height, len(encoded), "image/jpeg")


def store_all(items: list[bytes], kind: Kind, owner_id: int) -> list[Stored]:
    """:func:`store` each of ``items``, or none: when one is refused, those kept are removed."""
    stored: list[Stored] = []
    try:
        for data in items:
            stored.append(store(data, kind, owner_id))
    except DomainError:
        for kept in stored:
            remove(path_of(kind, owner_id, kept.name))
        raise
    return stored


def _reencodable_picture(data: bytes, kind: Kind) -> Image.Image:
    """The upright RGB picture in ``data``, after its format and pixel count were checked."""
    not_accepted = DomainError(_not_accepted(kind), kind.field)
    too_many_pixels = DomainError(
        _l("The picture has too many pixels; send a smaller one."), kind.field
    )
    try:
        # Only the header is read here; Pillow's own bomb warning is ours to answer, below.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_accepted
            if probe.width * probe.height > MAX_PIXELS:
                raise too_many_pixels
            probe.verify()
        picture = Image.open(io.BytesIO(data))
        # A JPEG can be decoded at a half, quarter or eighth of its size, as long as that is
        # still no smaller than the shrunk picture: a 40-megapixel photo then costs far less.
        longest = max(picture.size)
        if longest > kind.longest_side:
            picture.draft("RGB", tuple(math.ceil(side * kind.longest_side / longest)
                                       for side in picture.size))
        picture = ImageOps.exif_transpose(picture).convert("RGB")
    except Image.DecompressionBombError as exc:
        raise too_many_pixels from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise not_accepted from exc
    # Saved without the original's EXIF, XMP or ICC data: no GPS position or serial leaks out.
    picture.info.clear()
    return picture


def _not_accepted(kind: Kind) -> object:
    if kind.not_accepted is not None:
        return kind.not_accepted
    return _l("This file is not a photo. Send a JPEG, PNG or WebP picture.")


def _jpeg(picture: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_TAIL = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*\Z")
_PDF_XREF = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)")


def is_real_pdf(data: bytes) -> bool:
    """Whether ``data`` has a PDF's frame: the header, and at its end ``startxref`` pointing at a
    cross-reference table (or stream object) inside the file, then ``%%EOF``.

    Not a full parse (the file is kept, never rendered here), but text or noise behind a ``%PDF``
    header is refused.
    """
    if not _PDF_HEADER.match(data):
        return False
    tail = _PDF_TAIL.search(data[-2048:])
    if tail is None:
        return False
    offset = int(tail.group(1))
    return 0 < offset < len(data) and _PDF_XREF.match(data, offset) is not None


# --- where files are kept --------------------------------------------------------------------


def root() -> Path:
    """The folder all uploads live under: ``uploads`` in the instance folder."""
    return Path(current_app.instance_path) / "uploads"


def folder_of(kind: Kind, owner_id: int) -> Path:
    return root() / kind.folder / str(owner_id)


def path_of(kind: Kind, owner_id: int, name: str) -> Path:
    return folder_of(kind, owner_id) / name


def thumbnail_path(path: Path) -> Path:
    """Where the small copy of the picture at ``path`` is kept (it may not exist)."""
    return path.with_name(THUMB_PREFIX + path.name)


def remove(path: Path) -> None:
    """Delete a stored file and its small copy; a file already gone is no error."""
    path.unlink(missing_ok=True)
    thumbnail_path(path).unlink(missing_ok=True)
