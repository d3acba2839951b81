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
import secrets
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf import apply_configuration as apply_pdf_configuration

from pb.errors import DomainError
from pb.private_files import private_folder, write_private

MB = 1024 * 1024
PHOTO_MAX_BYTES = 8 * MB
# Larger pictures are refused rather than decoded. 25 megapixels hold a 24-MP camera's photo
# (6000×4000) and every phone's usual one (12–16 MP; 48–200 MP sensors save 12 MP by default):
# a photo shown at 1600 pixels needs no more.
MAX_PIXELS = 25_000_000
# Decoding takes up to MAX_PIXELS × 4 bytes: a worker decodes this many pictures at a time, the
# rest wait their turn, so concurrent uploads cannot add up to gigabytes.
DECODES_AT_ONCE = 2
# Modes Pillow shrinks well in place; other pictures are converted to RGB first.
RESAMPLED_MODES = frozenset({"L", "LA", "RGB", "RGBA"})
_DECODING = threading.BoundedSemaphore(DECODES_AT_ONCE)
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
    picture = _shrunk_picture(data, kind)
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


def _shrunk_picture(data: bytes, kind: Kind) -> Image.Image:
    """The upright RGB picture in ``data``, no longer than ``kind.longest_side``, after its
    format and pixel count were checked.

    Memory is bounded: a JPEG is decoded at a half, quarter or eighth of its size when that is
    still no smaller than the shrunk picture; anything else is decoded once (at most
    ``MAX_PIXELS`` × 4 bytes, ~100 MB) and shrunk in place before it is turned and converted;
    and at most ``DECODES_AT_ONCE`` pictures are decoded at a time in a worker.
    """
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
        with _DECODING:
            picture = Image.open(io.BytesIO(data))
            longest = max(picture.size)
            if longest > kind.longest_side:
                picture.draft("RGB", tuple(math.ceil(side * kind.longest_side / longest)
                                           for side in picture.size))
            picture.load()
            if picture.mode not in RESAMPLED_MODES:  # palette, 1-bit, 16-bit: no good resampling
                picture = picture.convert("RGB")
            picture.thumbnail((kind.longest_side, kind.longest_side), Image.Resampling.LANCZOS)
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


PDF_MAX_PAGES = 20  # a receipt or an invoice is a page or a few
# Tighter than pypdf's defaults (75 MB): nothing in a 10 MB receipt needs more to be read.
_PDF_LIMITS = {
    "maximum_declared_stream_length": 20 * MB,
    "array_based_stream_maximum_output_length": 20 * MB,
    "zlib_maximum_output_length": 20 * MB,
    "lzw_maximum_output_length": 20 * MB,
    "run_length_maximum_output_length": 20 * MB,
    "brotli_maximum_output_length": 20 * MB,
    "stream_decoding_work_maximum_length": 50 * MB,
    "page_tree_maximum_entries": 1_000,
    "page_tree_maximum_depth": 10,
}


def is_real_pdf(data: bytes) -> bool:
    """Whether pypdf reads ``data`` as a PDF: parsed strictly, within tight limits, not encrypted,
    of 1 to :data:`PDF_MAX_PAGES` pages whose contents decode.

    Strict, because scanner apps and printer drivers write well-formed files: a file that needs
    repairing to be read is refused, which keeps pypdf's recovery paths out of an attacker's
    reach. Anything pypdf cannot read, for whatever reason, is refused.
    """
    if not data.startswith(b"%PDF-"):
        return False
    try:
        with apply_pdf_configuration(**_PDF_LIMITS), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted or not 1 <= len(reader.pages) <= PDF_MAX_PAGES:
                return False
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
    except Exception:  # pypdf raises many kinds (and RecursionError): each means "not read"
        return False
    return True


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
