"""Operations on the diagnosis: categories, needs, resources and their places on the plan.

Each takes the acting user (``None``: the command line) and checks it through
:mod:`pb.permissions`; each records what it changed in the audit log. The request commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pb.accounts.models import User
from pb.core.plan import Point
from pb.diagnosis.models import (
    DEFAULT_CATEGORIES,
    Need,
    NeedCategory,
    NeedSource,
    NeedState,
    Resource,
    ResourceKind,
)
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import acting_may, can_add_need, can_manage_diagnosis, require
from pb.timeutil import warsaw_today


@dataclass(frozen=True)
class NeedData:
    title: str
    description: str = ""
    place: str = ""
    affected: str = ""
    affected_count: int | None = None
    evidence: str = ""
    source: NeedSource = NeedSource.OTHER
    noted_on: date | None = None
    category_id: int | None = None


@dataclass(frozen=True)
class ResourceData:
    name: str
    kind: ResourceKind
    offers: str = ""
    place: str = ""
    contact: str = ""
    category_id: int | None = None


# --- categories ------------------------------------------------------------------------------


def add_default_categories(edition: Edition) -> None:
    """Give a new edition the default categories (called as the edition is created)."""
    for position, name in enumerate(DEFAULT_CATEGORIES):
        db.session.add(NeedCategory(edition_id=edition.id, name=name, position=position))


def categories_of(edition: Edition) -> list[NeedCategory]:
    return list(db.session.scalars(
        sa.select(NeedCategory).where(NeedCategory.edition_id == edition.id)
        .order_by(NeedCategory.position, NeedCategory.id)
    ))


def _check_category(edition: Edition, category_id: int | None) -> None:
    if category_id is None:
        return
    category = db.session.get(NeedCategory, category_id)
    if category is None or category.edition_id != edition.id:
        raise DomainError(_l("Choose one of this edition's categories."), "category_id")


# --- needs -----------------------------------------------------------------------------------


def _next_number(model: type[Need] | type[Resource], edition: Edition) -> int:
    highest = db.session.scalar(
        sa.select(sa.func.max(model.number)).where(model.edition_id == edition.id)
    )
    return (highest or 0) + 1


def _check_need(edition: Edition, data: NeedData) -> None:
    if not data.title.strip():
        raise DomainError(_l("Give the need a title."), "title")
    if data.affected_count is not None and data.affected_count < 0:
        raise DomainError(_l("The number of people cannot be negative."), "affected_count")
    _check_category(edition, data.category_id)


def _need_values(data: NeedData) -> dict:
    values = dict(data.__dict__)
    for key in ("title", "description", "place", "affected", "evidence"):
        values[key] = values[key].strip()
    return values


def create_need(edition: Edition, data: NeedData, *, acting: User | None,
                point: Point | None = None) -> Need:
    """A need written into the diagnosis by its managers or a group of the edition."""
    require(acting_may(acting, can_add_need, edition))
    _check_need(edition, data)
    values = _need_values(data)
    values["noted_on"] = values["noted_on"] or warsaw_today()
    need = Need(edition_id=edition.id, number=_next_number(Need, edition),
                created_by=acting, **values)
    need.point = point
    db.session.add(need)
    db.session.flush()
    audit("need_created", f"need:{need.id}", actor=acting, edition=edition.id,
          number=need.number)
    return need


def update_need(need: Need, data: NeedData, *, acting: User | None) -> None:
    require(acting_may(acting, can_manage_diagnosis, need.edition))
    _check_need(need.edition, data)
    values = _need_values(data)
    values["noted_on"] = values["noted_on"] or need.noted_on
    for key, value in values.items():
        setattr(need, key, value)
    audit("need_updated", f"need:{need.id}", actor=acting)


def set_need_state(need: Need, state: NeedState, *, note: str = "",
                   acting: User | None) -> None:
    """Open, answered or closed; closing needs a note saying why."""
    require(acting_may(acting, can_manage_diagnosis, need.edition))
    note = note.strip()
    if state == NeedState.CLOSED and not note:
        raise DomainError(_l("Say why the need is closed."), "closing_note")
    need.state = state
    need.closing_note = note if state == NeedState.CLOSED else ""
    audit("need_state_set", f"need:{need.id}", actor=acting, state=state.value)


# --- resources -------------------------------------------------------------------------------


def _check_resource(edition: Edition, data: ResourceData) -> None:
    if not data.name.strip():
        raise DomainError(_l("Give the resource a name."), "name")
    _check_category(edition, data.category_id)


def _resource_values(data: ResourceData) -> dict:
    values = dict(data.__dict__)
    for key in ("name", "offers", "place", "contact"):
        values[key] = values[key].strip()
    return values


def create_resource(edition: Edition, data: ResourceData, *, acting: User | None,
                    point: Point | None = None) -> Resource:
    require(acting_may(acting, can_manage_diagnosis, edition))
    _check_resource(edition, data)
    resource = Resource(edition_id=edition.id, number=_next_number(Resource, edition),
                        **_resource_values(data))
    resource.point = point
    db.session.add(resource)
    db.session.flush()
    audit("resource_created", f"resource:{resource.id}", actor=acting, edition=edition.id)
    return resource


def update_resource(resource: Resource, data: ResourceData, *, acting: User | None) -> None:
    require(acting_may(acting, can_manage_diagnosis, resource.edition))
    _check_resource(resource.edition, data)
    for key, value in _resource_values(data).items():
        setattr(resource, key, value)
    audit("resource_updated", f"resource:{resource.id}", actor=acting)


# --- reading ---------------------------------------------------------------------------------


def needs_of(edition: Edition) -> list[Need]:
    return list(db.session.scalars(
        sa.select(Need).where(Need.edition_id == edition.id).order_by(Need.number)
    ))


def resources_of(edition: Edition) -> list[Resource]:
    return list(db.session.scalars(
        sa.select(Resource).where(Resource.edition_id == edition.id).order_by(Resource.number)
    ))
