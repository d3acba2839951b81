"""Operations on editions and groups, and who may manage which."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pb.accounts.models import Role, User
from pb.constraints import written
from pb.core.phases import PhaseDates, order_problems
from pb.diagnosis.services import add_default_categories
from pb.editions.models import Edition, Group, GroupMembership
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import (
    acting_may,
    can_configure_edition,
    can_create_edition,
    can_manage_edition,
    is_coordinator,
    require,
)

# The rules the coordinator can already choose for an edition; the tally feature fills in
# their arithmetic and explanations.
VOTING_RULES = ("top", "greedy", "mes")
_SAME_GROUP_NAME = _l("This edition already has a group with this name.")

PHASE_FIELD_LABELS = {
    "drafting_from": _l("Drafting starts"),
    "review_from": _l("Review starts"),
    "debate_on": _l("Debate day"),
    "execution_from": _l("Execution starts"),
    "closed_on": _l("Edition closes"),
}


@dataclass(frozen=True)
class EditionData:
    """What the coordinator fills in for an edition."""

    name: str
    municipality: str
    district: str
    description: str
    pool_grosze: int
    project_cap_grosze: int
    drafting_from: date
    review_from: date
    debate_on: date
    execution_from: date
    closed_on: date
    voting_rule: str
    published: bool


def _check_edition(data: EditionData) -> None:
    if not data.name.strip():
        raise DomainError(_l("Enter the edition's name."), "name")
    if data.pool_grosze <= 0:
        raise DomainError(_l("The amount must be greater than zero."), "pool")
    if data.project_cap_grosze <= 0:
        raise DomainError(_l("The amount must be greater than zero."), "project_cap")
    if data.project_cap_grosze > data.pool_grosze:
        raise DomainError(
            _l("The cap for one project cannot be larger than the whole pool."), "project_cap"
        )
    dates = PhaseDates(
        data.drafting_from, data.review_from, data.debate_on, data.execution_from, data.closed_on
    )
    for field, previous in order_problems(dates):
        raise DomainError(
            _l(
                "“%(this)s” must come after “%(previous)s”.",
                this=PHASE_FIELD_LABELS[field],
                previous=PHASE_FIELD_LABELS[previous],
            ),
            field,
        )
    if data.voting_rule not in VOTING_RULES:
        raise DomainError(_l("Choose one of the listed voting rules."), "voting_rule")


def create_edition(data: EditionData, *, acting: User | None) -> Edition:
    require(acting_may(acting, can_create_edition))
    _check_edition(data)
    edition = Edition(**_edition_values(data))
    db.session.add(edition)
    db.session.flush()
    add_default_categories(edition)
    audit("edition_created", f"edition:{edition.id}", actor=acting, name=edition.name)
    return edition


def update_edition(edition: Edition, data: EditionData, *, acting: User | None) -> None:
    require(acting_may(acting, can_configure_edition, edition))
    _check_edition(data)
    for key, value in _edition_values(data).items():
        setattr(edition, key, value)
    audit("edition_updated", f"edition:{edition.id}", actor=acting,
          phases=[d.isoformat() for _, d in edition.phase_dates.ordered_fields()],
          rule=edition.voting_rule, published=edition.published)


def _edition_values(data: EditionData) -> dict:
    values = dict(data.__dict__)
    for key in ("name", "municipality", "district", "description"):
        values[key] = values[key].strip()
    return values


def set_edition_animators(edition: Edition, animators: list[User], *,
                          acting: User | None) -> None:
    require(acting_may(acting, can_configure_edition, edition))
    for user in animators:
        if user.role != Role.ANIMATOR:
            raise DomainError(_l("Only animators can be assigned to an edition."), "animators")
    edition.animators = list(animators)
    # A group's animator must remain one of the edition's animators.
    for group in edition.groups:
        if group.animator is not None and group.animator not in edition.animators:
            group.animator = None


# --- lists ---------------------------------------------------------------------------------


def editions_visible_to(user: User) -> list[Edition]:
    """Editions a signed-in user works on: all for coordinators, assigned ones for animators,
    those with one of their groups for participants, published ones for everyone else."""
    query = sa.select(Edition).order_by(Edition.drafting_from.desc(), Edition.id.desc())
    if user.role in (Role.COORDINATOR, Role.ANIMATOR):
        return [e for e in db.session.scalars(query) if can_manage_edition(user, e)]
    if user.role == Role.PARTICIPANT:
        ids = sa.select(GroupMembership.edition_id).where(GroupMembership.user_id == user.id)
        return list(db.session.scalars(query.where(Edition.id.in_(ids))))
    return list(db.session.scalars(query.where(Edition.published.is_(True))))


def groups_of(user: User) -> list[Group]:
    return list(
        db.session.scalars(
            sa.select(Group)
            .join(GroupMembership)
            .where(GroupMembership.user_id == user.id)
            .order_by(Group.name)
        )
    )


# --- groups ----------------------------------------------------------------------------------


def _check_group_name(edition: Edition, name: str, *, exclude: Group | None = None) -> str:
    name = name.strip()
    if not name:
        raise DomainError(_l("Enter the group's name."), "name")
    clash = db.session.scalar(
        sa.select(Group).where(
            Group.edition_id == edition.id, sa.func.lower(Group.name) == name.lower()
        )
    )
    if clash is not None and clash is not exclude:
        raise DomainError(_SAME_GROUP_NAME, "name")
    return name


def _check_group_animator(edition: Edition, animator: User | None) -> None:
    if animator is not None and animator not in edition.animators:
        raise DomainError(
            _l("The group's animator must be one of the edition's animators."), "animator"
        )


def create_group(edition: Edition, *, name: str, animator: User | None,
                 acting: User | None) -> Group:
    require(acting_may(acting, can_manage_edition, edition))
    name = _check_group_name(edition, name)
    _check_group_animator(edition, animator)
    group = Group(edition_id=edition.id, name=name, animator=animator)
    if not written(lambda: db.session.add(group)):  # the same name, created a moment ago
        raise DomainError(_SAME_GROUP_NAME, "name")
    db.session.expire(edition, ["groups"])
    audit("group_created", f"group:{group.id}", actor=acting, name=name)
    return group


def update_group(group: Group, *, name: str, animator: User | None,
                 acting: User | None) -> None:
    require(acting_may(acting, can_manage_edition, group.edition))
    name = _check_group_name(group.edition, name, exclude=group)
    _check_group_animator(group.edition, animator)
    group.animator = animator
    if not written(lambda: setattr(group, "name", name)):
        raise DomainError(_SAME_GROUP_NAME, "name")


def add_member(group: Group, user: User, *, acting: User | None) -> GroupMembership:
    """Put a participant into a group. A participant belongs to one group per edition."""
    require(acting_may(acting, can_manage_edition, group.edition))
    if user.role != Role.PARTICIPANT:
        raise DomainError(_l("Only participants can be members of a group."), "user")
    existing = db.session.scalar(
        sa.select(GroupMembership).where(
            GroupMembership.edition_id == group.edition_id, GroupMembership.user_id == user.id
        )
    )
    if existing is not None:
        if existing.group_id == group.id:
            raise DomainError(_l("This person is already in the group."), "user")
        raise DomainError(
            _l("This person is already in the group “%(group)s” of this edition.",
               group=existing.group.name),
            "user",
        )
    membership = GroupMembership(group_id=group.id, edition_id=group.edition_id, user_id=user.id)
    # Added twice at the same moment (two clicks, two coordinators): one membership stays.
    if not written(lambda: db.session.add(membership)):
        raise DomainError(_l("This person has just been put into a group of this edition by "
                             "someone else."), "user")
    db.session.expire(group, ["memberships"])
    audit("member_added", f"group:{group.id}", actor=acting, user=user.login)
    return membership


def remove_member(group: Group, user: User, *, acting: User | None) -> None:
    require(acting_may(acting, can_manage_edition, group.edition))
    for membership in list(group.memberships):
        if membership.user_id == user.id:
            group.memberships.remove(membership)
            db.session.delete(membership)
            audit("member_removed", f"group:{group.id}", actor=acting, user=user.login)
            return
    raise DomainError(_l("This person is not in the group."))


def participants_without_group(edition: Edition, *, acting: User) -> list[User]:
    """Participants who could join a group of ``edition``.

    An animator only sees participants with no group yet or from editions they also manage, so
    the list never shows who belongs to someone else's groups.
    """
    in_edition = sa.select(GroupMembership.user_id).where(GroupMembership.edition_id == edition.id)
    query = (
        sa.select(User)
        .where(
            User.role == Role.PARTICIPANT,
            User.is_active_account.is_(True),
            User.id.not_in(in_edition),
        )
        .order_by(User.name)
    )
    candidates = list(db.session.scalars(query))
    if is_coordinator(acting):
        return candidates
    visible = []
    for user in candidates:
        editions = db.session.scalars(
            sa.select(Edition).join(GroupMembership).where(GroupMembership.user_id == user.id)
        ).all()
        if all(can_manage_edition(acting, e) for e in editions):
            visible.append(user)
    return visible


def public_editions() -> list[Edition]:
    return list(
        db.session.scalars(
            sa.select(Edition)
            .where(Edition.published.is_(True))
            .order_by(Edition.drafting_from.desc(), Edition.id.desc())
        )
    )
