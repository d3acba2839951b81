"""Project photos: only real images, size-limited, re-encoded small, metadata stripped."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from pb.accounts.models import User
from pb.errors import DomainError
from pb.extensions import db
from pb.projects.models import Project, ProjectPhoto
from pb.projects.services import record_event, require_editable

MAX_PHOTOS = 2
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # larger pictures are refused rather than decoded
LONGEST_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMB_SIDE = 240


def thumb_path_for(path: Path) -> Path:
    return path.with_name("t_" + path.name)


def photo_folder() -> Path:
    return Path(current_app.instance_path) / "uploads" / "projects"


def photo_path(photo: ProjectPhoto) -> Path:
    return photo_folder() / str(photo.project_id) / photo.stored_name


def add_photo(project: Project, data: bytes, *, acting: User) -> ProjectPhoto:
    """Check that ``data`` is a JPEG, PNG or WebP picture, shrink it and keep it as JPEG."""
    require_editable(project, acting)
    if len(project.photos) >= MAX_PHOTOS:
        raise DomainError(_l("A project can have at most %(n)d photos; remove one first.",
                             n=MAX_PHOTOS), "photo")
    if not data:
        raise DomainError(_l("Choose a photo to send."), "photo")
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError(_l("The photo is too large: at most %(mb)d MB.",
                             mb=MAX_UPLOAD_BYTES // (1024 * 1024)), "photo")
    picture = _open_image(data)
    picture = ImageOps.exif_transpose(picture).convert("RGB")
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Saved without the original's EXIF: no GPS position or camera serial leaks out.
    picture.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    stored_name = f"{secrets.token_hex(12)}.jpg"
    photo = ProjectPhoto(
        project=project, stored_name=stored_name, width=picture.width, height=picture.height,
        byte_size=out.tell(), position=len(project.photos),
    )
    path = photo_folder() / str(project.id) / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
    # A small copy for the phone ballot, where a cheap phone on a data plan shows 72 px.
    thumb = picture.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    thumb.save(thumb_path_for(path), "JPEG", quality=80)
    db.session.add(photo)
    record_event(project, acting, "photo_added")
    return photo


def _open_image(data: bytes) -> Image.Image:
    not_an_image = DomainError(
        _l("This file is not a photo. Send a JPEG, PNG or WebP picture."), "photo"
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise DomainError(_l("The picture has too many pixels; send a smaller one."),
                                  "photo")
            probe.verify()
        picture = Image.open(io.BytesIO(data))
        picture.load()
        return picture
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise not_an_image from exc


def remove_photo(photo: ProjectPhoto, *, acting: User) -> Path:
    """Forget the photo; returns its file, for the caller to delete once the change is saved."""
    project = photo.project
    require_editable(project, acting)
    path = photo_path(photo)
    project.photos.remove(photo)
    for position, remaining in enumerate(project.photos):
        remaining.position = position
    db.session.delete(photo)
    record_event(project, acting, "photo_removed")
    thumb_path_for(path).unlink(missing_ok=True)
    return path
