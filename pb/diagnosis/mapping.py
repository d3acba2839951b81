"""The district plan and the pins on it: storing the plan, placing a pin, and the pins a page
shows — one list that the map on a page, the PDF and the GeoJSON export all draw from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pb import uploads
from pb.accounts.models import User
from pb.core.plan import Corners, Point, corner_problems
from pb.diagnosis.models import DistrictPlan, Need, NeedState, Pinned, Resource
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import acting_may, can_manage_diagnosis, require

MB = 1024 * 1024
PLANS = uploads.Kind(
    folder="plans", field="plan", max_bytes=16 * MB, longest_side=3000,
    not_accepted=_l("This file is not a picture of a plan. Send a JPEG, PNG or WebP picture."),
    too_large=_l("The plan is too large: at most 16 MB."),
)
# Photos of needs: those residents send with a report (kept by edition).
NEED_PHOTOS = uploads.Kind(folder="diagnosis", field="photo", thumb_side=240)


class PinKind(enum.StrEnum):
    NEED = "need"
    RESOURCE = "resource"
    PROJECT = "project"


@dataclass(frozen=True)
class MapPin:
    """One pin as every map draws it: kind (its shape and colour), number, label and place.

    ``state`` is the need's state or the project's state value; ``chosen`` marks a project
    the vote chose (after the vote); ``answers`` are the numbers of the needs a project answers.
    """

    kind: PinKind
    ident: int
    number: int
    label: str
    point: Point
    state: str = ""
    category: str = ""
    chosen: bool = False
    answers: tuple[int, ...] = ()


# --- the plan --------------------------------------------------------------------------------


def plan_of(edition: Edition) -> DistrictPlan | None:
    return db.session.scalar(sa.select(DistrictPlan).where(DistrictPlan.edition_id == edition.id))


def plan_path(plan: DistrictPlan):
    return uploads.path_of(PLANS, plan.edition_id, plan.file_name)


def store_plan(edition: Edition, data: bytes, *, acting: User | None) -> DistrictPlan:
    """Keep ``data`` as the edition's plan (replacing an earlier one; pins keep their places,
    which are fractions of the plan)."""
    require(acting_may(acting, can_manage_diagnosis, edition))
    stored = uploads.store(data, PLANS, edition.id)
    plan = plan_of(edition)
    old = plan_path(plan) if plan is not None else None
    if plan is None:
        plan = DistrictPlan(edition_id=edition.id)
        db.session.add(plan)
    plan.file_name = stored.name
    plan.width = stored.width or 1
    plan.height = stored.height or 1
    plan.byte_size = stored.byte_size
    db.session.flush()
    if old is not None:
        uploads.remove(old)
    audit("plan_uploaded", f"edition:{edition.id}", actor=acting, width=plan.width,
          height=plan.height)
    return plan


def set_corners(plan: DistrictPlan, corners: Corners | None, *, acting: User | None) -> None:
    """The plan's corners in latitude and longitude, or none."""
    require(acting_may(acting, can_manage_diagnosis, plan.edition))
    if corners is not None:
        problems = corner_problems(corners)
        if problems:
            message = {
                "north": _l("The latitude is between -90 and 90."),
                "south": _l("The south edge lies south of the north edge, between -90 and 90."),
                "west": _l("The longitude is between -180 and 180."),
                "east": _l("The east edge lies east of the west edge, between -180 and 180."),
            }[problems[0]]
            raise DomainError(message, problems[0])
    for name in ("north", "west", "south", "east"):
        setattr(plan, name, None if corners is None else Decimal(getattr(corners, name)))
    audit("plan_corners_set", f"edition:{plan.edition_id}", actor=acting,
          corners=corners is not None)


def set_pin(row: Pinned, point: Point | None, *, acting: User | None,
            allowed: bool | None = None) -> None:
    """Put ``row`` (a need, resource, report or project) at ``point`` on the plan, or take it
    off (None). ``allowed`` is the caller's permission check for a project (whoever may edit
    it); for needs and resources it is the diagnosis's managers."""
    if allowed is None:
        allowed = acting_may(acting, can_manage_diagnosis, row.edition)  # type: ignore[attr-defined]
    require(allowed)
    row.point = point
    audit("pin_placed", f"{type(row).__tablename__}:{row.id}", actor=acting,  # type: ignore[attr-defined]
          x=None if point is None else point.x, y=None if point is None else point.y)


# --- the pins a page shows --------------------------------------------------------------------


def need_pins(edition: Edition, needs: list[Need] | None = None) -> list[MapPin]:
    rows = needs if needs is not None else list(db.session.scalars(
        sa.select(Need).where(Need.edition_id == edition.id).order_by(Need.number)))
    return [
        MapPin(PinKind.NEED, n.id, n.number, n.title, n.point, state=n.state.value,
               category=n.category.name if n.category else "")
        for n in rows if n.point is not None
    ]


def resource_pins(edition: Edition, resources: list[Resource] | None = None) -> list[MapPin]:
    rows = resources if resources is not None else list(db.session.scalars(
        sa.select(Resource).where(Resource.edition_id == edition.id).order_by(Resource.number)))
    return [
        MapPin(PinKind.RESOURCE, r.id, r.number, r.name, r.point, state=r.kind.value,
               category=r.category.name if r.category else "")
        for r in rows if r.point is not None
    ]


def project_pins(projects: list, *, chosen_ids: frozenset[int] = frozenset()) -> list[MapPin]:
    """Pins of ``projects`` (numbered 1, 2, … in the order given; a project without a place is
    skipped but keeps its number, so the numbers match the list beside the map)."""
    pins = []
    for number, project in enumerate(projects, start=1):
        if project.point is None:
            continue
        pins.append(MapPin(
            PinKind.PROJECT, project.id, number, project.display_title, project.point,
            state=project.state.value, chosen=project.id in chosen_ids,
            answers=tuple(n.number for n in project.needs),
        ))
    return pins


OPEN_STATES = (NeedState.OPEN, NeedState.ANSWERED)


# --- the pins of the public pages (the edition, the debate, the progress page) ---------------


def public_pins(edition: Edition, *, chosen_ids: frozenset[int] = frozenset(),
                projects: list | None = None) -> list[MapPin]:
    """What the public sees on the map: the edition's needs (residents' reports never: only
    what the animator published as a need), its resources (a name and a place, never a
    contact), and the projects that are public (:func:`pb.permissions.project_is_public`:
    accepted or further on, in a published edition), each with the numbers of the needs it
    answers. ``chosen_ids`` marks the winners after the vote. ``projects`` gives the projects
    and their order (the debate's running order); by default the public projects by id, so
    their numbers match the edition page's list. Nothing at all while the edition is not
    published: its pins are not public."""
    if not edition.published:
        return []
    from sqlalchemy.orm import selectinload

    from pb.permissions import project_is_public
    from pb.projects.models import Project

    needs = list(db.session.scalars(
        sa.select(Need).where(Need.edition_id == edition.id)
        .options(selectinload(Need.category)).order_by(Need.number)))
    resources = list(db.session.scalars(
        sa.select(Resource).where(Resource.edition_id == edition.id)
        .options(selectinload(Resource.category)).order_by(Resource.number)))
    if projects is None:
        projects = list(db.session.scalars(
            sa.select(Project).where(Project.edition_id == edition.id)
            .options(selectinload(Project.needs)).order_by(Project.id)))
    shown = [p for p in projects if project_is_public(None, p)]
    return (need_pins(edition, needs) + resource_pins(edition, resources)
            + project_pins(shown, chosen_ids=chosen_ids))


def public_map(edition: Edition, *, label: str = "", chosen_ids: frozenset[int] | None = None,
               projects: list | None = None) -> dict:
    """The context of a public page's map block (templates/diagnosis/_map_block.html): the plan
    and :func:`public_pins`, or no plan — nothing to draw — when the edition has none or is
    not published. Without ``chosen_ids`` the projects the vote chose are known by their
    state (carried out, completed or abandoned)."""
    plan = plan_of(edition)
    if plan is None or not edition.published:
        return {"plan": None, "pins": []}
    if chosen_ids is None:
        from dataclasses import replace

        from pb.core.workflow import CHOSEN

        pins = [replace(pin, chosen=pin.kind == PinKind.PROJECT and pin.state in CHOSEN)
                for pin in public_pins(edition, projects=projects)]
    else:
        pins = public_pins(edition, chosen_ids=chosen_ids, projects=projects)
    return {"plan": plan, "pins": pins, "map_label": label, "exports": True}
