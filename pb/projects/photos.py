"""Project photos: who may add or remove them, how many a project has, and their rows.

Checking, re-encoding and keeping the files is :mod:`pb.uploads`' job.
"""

from __future__ import annotations

from pathlib import Path

from flask_babel import lazy_gettext as _l

from pb import uploads
from pb.accounts.models import User
from pb.errors import DomainError
from pb.extensions import db
from pb.projects.models import Project, ProjectPhoto
from pb.projects.services import record_event, require_editable

MAX_PHOTOS = 2
# A small copy for the phone ballot, where a cheap phone on a data plan shows 72 px.
PHOTOS = uploads.Kind(folder="projects", field="photo", thumb_side=240)


def photo_path(photo: ProjectPhoto) -> Path:
    return uploads.path_of(PHOTOS, photo.project_id, photo.stored_name)


def add_photo(project: Project, data: bytes, *, acting: User) -> ProjectPhoto:
    """Keep ``data`` as the project's next photo, if it is a JPEG, PNG or WebP picture."""
    require_editable(project, acting)
    if len(project.photos) >= MAX_PHOTOS:
        raise DomainError(_l("A project can have at most %(n)d photos; remove one first.",
                             n=MAX_PHOTOS), "photo")
    stored = uploads.store(data, PHOTOS, project.id)
    photo = ProjectPhoto(
        project=project, stored_name=stored.name, width=stored.width, height=stored.height,
        byte_size=stored.byte_size, position=len(project.photos),
    )
    db.session.add(photo)
    record_event(project, acting, "photo_added")
    return photo


def remove_photo(photo: ProjectPhoto, *, acting: User) -> Path:
    """Forget the photo; returns its file, for the caller to remove with ``uploads.remove``
    once the change is saved."""
    project = photo.project
    require_editable(project, acting)
    path = photo_path(photo)
    project.photos.remove(photo)
    for position, remaining in enumerate(project.photos):
        remaining.position = position
    db.session.delete(photo)
    record_event(project, acting, "photo_removed")
    return path
