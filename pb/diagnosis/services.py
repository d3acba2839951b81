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


# --- the pages: counts and filters -------------------------------------------------------------


@dataclass(frozen=True)
class DiagnosisCounts:
    open: int
    answered: int
    closed: int
    resources: int
    reports_waiting: int

    @property
    def needs(self) -> int:
        return self.open + self.answered + self.closed


def diagnosis_counts(edition: Edition) -> DiagnosisCounts:
    """How many needs in each state, resources, and residents' reports waiting."""
    from pb.diagnosis.models import NeedReport, ReportState

    by_state = dict(db.session.execute(
        sa.select(Need.state, sa.func.count(Need.id)).where(Need.edition_id == edition.id)
        .group_by(Need.state)
    ).tuples().all())
    resources = db.session.scalar(
        sa.select(sa.func.count(Resource.id)).where(Resource.edition_id == edition.id))
    waiting = db.session.scalar(
        sa.select(sa.func.count(NeedReport.id)).where(
            NeedReport.edition_id == edition.id, NeedReport.state == ReportState.WAITING))
    return DiagnosisCounts(
        open=by_state.get(NeedState.OPEN, 0), answered=by_state.get(NeedState.ANSWERED, 0),
        closed=by_state.get(NeedState.CLOSED, 0), resources=resources or 0,
        reports_waiting=waiting or 0,
    )


NO_CATEGORY = "none"


@dataclass(frozen=True)
class Filters:
    """What the lists show: ``kind`` "" (both), "needs" or "resources"; ``category`` "" (any),
    "none" (without a category) or a category's id; ``state`` "" (any) or a need's state."""

    kind: str = ""
    category: str = ""
    state: str = ""

    @property
    def active(self) -> bool:
        return bool(self.kind or self.category or self.state)

    @property
    def shows_needs(self) -> bool:
        return self.kind in ("", "needs")

    @property
    def shows_resources(self) -> bool:
        # Resources have no state: a filter by state is a filter of needs.
        return self.kind == "resources" or (self.kind == "" and not self.state)

    def _category_fits(self, row: Need | Resource) -> bool:
        if not self.category:
            return True
        if self.category == NO_CATEGORY:
            return row.category_id is None
        return str(row.category_id) == self.category

    def needs(self, needs: list[Need]) -> list[Need]:
        if not self.shows_needs:
            return []
        return [n for n in needs if self._category_fits(n)
                and (not self.state or n.state.value == self.state)]

    def resources(self, resources: list[Resource]) -> list[Resource]:
        if not self.shows_resources:
            return []
        return [r for r in resources if self._category_fits(r)]


def filters_from(args, categories: list[NeedCategory]) -> Filters:
    """The filters a GET form asked for; anything not understood is left out (shows all)."""
    kind = args.get("kind", "")
    category = args.get("category", "")
    state = args.get("state", "")
    ids = {str(c.id) for c in categories}
    return Filters(
        kind=kind if kind in ("needs", "resources") else "",
        category=category if category in ids or category == NO_CATEGORY else "",
        state=state if state in {s.value for s in NeedState} else "",
    )


# --- categories: adding, renaming, ordering, removing ----------------------------------------


def _category_name(edition: Edition, name: str, *, keep: NeedCategory | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(_l("Give the category a name."), "name")
    if len(name) > 80:
        raise DomainError(_l("A category's name has at most 80 characters."), "name")
    for other in categories_of(edition):
        if other is not keep and other.name.casefold() == name.casefold():
            raise DomainError(
                _l("This edition already has a category “%(name)s”. Choose another name.",
                   name=other.name), "name")
    return name


def add_category(edition: Edition, name: str, *, acting: User | None) -> NeedCategory:
    require(acting_may(acting, can_manage_diagnosis, edition))
    name = _category_name(edition, name)
    highest = db.session.scalar(sa.select(sa.func.max(NeedCategory.position))
                                .where(NeedCategory.edition_id == edition.id))
    category = NeedCategory(edition_id=edition.id, name=name,
                            position=(highest if highest is not None else -1) + 1)
    db.session.add(category)
    db.session.flush()
    audit("category_added", f"need_category:{category.id}", actor=acting, edition=edition.id)
    return category


def rename_category(category: NeedCategory, name: str, *, acting: User | None) -> None:
    require(acting_may(acting, can_manage_diagnosis, category.edition))
    category.name = _category_name(category.edition, name, keep=category)
    audit("category_renamed", f"need_category:{category.id}", actor=acting)


def move_category(category: NeedCategory, direction: str, *, acting: User | None) -> bool:
    """One place up or down in the list; False when it is already at that end."""
    require(acting_may(acting, can_manage_diagnosis, category.edition))
    ordered = categories_of(category.edition)
    index = ordered.index(category)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if target is None or not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, row in enumerate(ordered):
        row.position = position
    audit("category_moved", f"need_category:{category.id}", actor=acting, direction=direction)
    return True


def category_use(category: NeedCategory) -> tuple[int, int]:
    """How many needs and resources are in ``category``."""
    needs = db.session.scalar(sa.select(sa.func.count(Need.id))
                              .where(Need.category_id == category.id))
    resources = db.session.scalar(sa.select(sa.func.count(Resource.id))
                                  .where(Resource.category_id == category.id))
    return needs or 0, resources or 0


def remove_category(category: NeedCategory, *, acting: User | None) -> tuple[int, int]:
    """Remove ``category``; its needs and resources are left without one. Returns how many."""
    require(acting_may(acting, can_manage_diagnosis, category.edition))
    used = category_use(category)
    db.session.execute(sa.update(Need).where(Need.category_id == category.id)
                       .values(category_id=None))
    db.session.execute(sa.update(Resource).where(Resource.category_id == category.id)
                       .values(category_id=None))
    audit("category_removed", f"need_category:{category.id}", actor=acting,
          edition=category.edition_id, needs=used[0], resources=used[1])
    db.session.delete(category)
    db.session.flush()
    return used
