"""Project photos: who may add or remove them, how many a project has, and their rows.

Checking, re-encoding and keeping the files is :mod:`pb.uploads`' job.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pb import uploads
from pb.accounts.models import User
from pb.constraints import written
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
    """Keep ``data`` as the project's next photo, if it is a JPEG, PNG or WebP picture.

    The database holds the limit (one photo per position, positions 0 and 1 only): of several
    uploads at the same moment, two get the places and the others a clear refusal."""
    require_editable(project, acting)
    if len(project.photos) >= MAX_PHOTOS:
        raise DomainError(_l("A project can have at most %(n)d photos; remove one first.",
                             n=MAX_PHOTOS), "photo")
    stored = uploads.store(data, PHOTOS, project.id)
    try:
        photo = _keep_in_free_position(project, stored)
    except BaseException:
        uploads.remove(uploads.path_of(PHOTOS, project.id, stored.name))
        raise
    record_event(project, acting, "photo_added")
    return photo


def _keep_in_free_position(project: Project, stored: uploads.Stored) -> ProjectPhoto:
    taken = {photo.position for photo in project.photos}
    for position in range(MAX_PHOTOS):
        if position in taken:
            continue
        photo = ProjectPhoto(
            project_id=project.id, stored_name=stored.name, width=stored.width,
            height=stored.height, byte_size=stored.byte_size, position=position,
        )
        # Another upload may have taken this place since the photos were read.
        if written(lambda photo=photo: db.session.add(photo)):
            db.session.expire(project, ["photos"])
            return photo
    now = db.session.scalar(sa.select(sa.func.count()).select_from(ProjectPhoto)
                            .where(ProjectPhoto.project_id == project.id))
    raise DomainError(_l("Someone else added a photo at the same moment; the project now has "
                         "%(n)d photos, the most it can have.", n=now), "photo")


def remove_photo(photo: ProjectPhoto, *, acting: User) -> Path:
    """Forget the photo; returns its file, for the caller to remove with ``uploads.remove``
    once the change is saved."""
    project = photo.project
    require_editable(project, acting)
    path = photo_path(photo)
    project.photos.remove(photo)
    # The row goes first: one photo per position, so the other cannot move up before.
    db.session.flush()
    for position, remaining in enumerate(project.photos):
        remaining.position = position
    record_event(project, acting, "photo_removed")
    return path
