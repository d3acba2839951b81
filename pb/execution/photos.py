"""Pictures of a project for print: the newest journal photo, else the draft's first photo."""

from __future__ import annotations

from pb.execution.services import journal_folder, journal_of
from pb.projects.models import Project
from pb.projects.photos import photo_path


def first_photo(project: Project) -> bytes | None:
    for entry in journal_of(project):
        for photo in entry.photos:
            path = journal_folder(project) / photo.stored_name
            if path.exists():
                return path.read_bytes()
    if project.photos:
        path = photo_path(project.photos[0])
        if path.exists():
            return path.read_bytes()
    return None
