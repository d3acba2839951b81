"""What a phone ballot shows, read once per worker while the vote is open.

Once voting has opened, the ballot cannot change: the projects presented are fixed
(``set_presented_projects`` refuses outside set-up), a presented project cannot be taken back
for changes (``return_project`` refuses), and accepted projects are not editable. So each worker
builds the ballot's content once from the database — the projects, their photos, groups and
amounts — and keeps it as plain, immutable data, keyed by the debate and the moment its voting
opened. A vote-day request then needs only the card's own row.

During set-up nothing is kept: the list may still change, and the ballot is not shown anyway.
What the web layer renders from a kept ballot, it keeps itself (``pb.debate.routes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from pb.debate.models import Debate, DebateProject, DebateState
from pb.diagnosis.models import Need
from pb.extensions import db
from pb.projects.models import Project

_EXTENSION = "pb_ballot_views"


@dataclass(frozen=True)
class BallotNeed:
    """A need of the diagnosis a presented project answers, as the ballot says it."""

    id: int
    number: int
    title: str
    support_count: int


@dataclass(frozen=True)
class BallotEntry:
    position: int
    project_id: int
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    beneficiaries: str
    place: str
    requested_grosze: int
    group_name: str
    thumb_photo_id: int | None
    # The diagnosis's needs it answers, with their support as this worker first read the
    # ballot (residents support needs before the debate, not during the vote).
    needs: tuple[BallotNeed, ...] = ()


@dataclass(frozen=True)
class BallotView:
    debate_id: int
    name: str
    min_marks: int
    max_marks: int
    entries: tuple[BallotEntry, ...]

    @property
    def presented(self) -> tuple[int, ...]:
        return tuple(e.project_id for e in self.entries)

    def chosen(self, project_ids: list[int]) -> list[BallotEntry]:
        return [e for e in self.entries if e.project_id in project_ids]


def _build(debate_id: int) -> BallotView:
    debate = db.session.scalar(
        sa.select(Debate).where(Debate.id == debate_id).options(
            selectinload(Debate.entries).selectinload(DebateProject.project).options(
                selectinload(Project.photos), selectinload(Project.budget_lines),
                selectinload(Project.group),
                selectinload(Project.needs).selectinload(Need.supports),
            )
        )
    )
    if debate is None:
        raise LookupError(debate_id)
    entries = []
    for entry in debate.entries:
        project = entry.project
        entries.append(BallotEntry(
            position=entry.position,
            project_id=project.id,
            title=project.title,
            summary=project.summary or "",
            paragraphs=tuple(p for p in (project.description or "").split("\n") if p.strip()),
            beneficiaries=project.beneficiaries or "",
            place=project.place or "",
            requested_grosze=project.requested_grosze,
            group_name=project.group.name,
            thumb_photo_id=project.photos[0].id if project.photos else None,
            needs=tuple(BallotNeed(n.id, n.number, n.title, n.support_count)
                        for n in project.needs),
        ))
    return BallotView(debate.id, debate.name, debate.min_marks, debate.max_marks, tuple(entries))


def ballot_view(debate_id: int, state: DebateState, opened_at: datetime | None) -> BallotView:
    """The ballot of the debate, as the card lookup found it (its state and opening time)."""
    if state == DebateState.SETUP or opened_at is None:
        return _build(debate_id)
    cache: dict = current_app.extensions.setdefault(_EXTENSION, {})
    key = (debate_id, opened_at)
    view = cache.get(key)
    if view is None:
        # Two threads may both build it; either copy is the same, and the last one stays.
        view = cache[key] = _build(debate_id)
    return view


def kept_ballot_with(project_ids: list[int]) -> BallotView | None:
    """The ballot this worker keeps that presents every one of ``project_ids``, if exactly one
    does (a project is presented in one debate only). None when no marks or none kept."""
    if not project_ids:
        return None
    wanted = set(project_ids)
    found = [view for view in list(current_app.extensions.get(_EXTENSION, {}).values())
             if wanted <= set(view.presented)]
    return found[0] if len(found) == 1 else None
