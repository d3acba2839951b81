"""Who may see and do what: every access rule of pb, as named predicates, in one place.

Each predicate takes the person asking (``user``, possibly anonymous) and the object, and answers
``True`` or ``False``; it never aborts. Routes ask through :func:`load`, which loads an object and
refuses it (403, or 404 where even its existence is private) unless a predicate allows; services
ask through :func:`require`, which raises :class:`PermissionError` (answered 403 by the app).

``acting=None`` in a service means the operator at the server's command line (``pb demo``,
``pb user add``, ``pb cards``): someone with the database in hand, allowed everything.

Roles in short: the coordinator manages every edition; an animator manages the editions assigned
to them; a participant works on the projects of their own group; a teller runs the counting desk
of the debates the coordinator assigned them to; everyone sees what is published.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from pb.accounts.models import Role, User
from pb.core.phases import Phase
from pb.core.workflow import CHOSEN, EDITABLE, PUBLIC, Action, Actor, allowed_actions
from pb.debate.models import Debate
from pb.editions.models import Edition, Group, GroupMembership
from pb.extensions import db
from pb.projects.models import Project
from pb.timeutil import warsaw_today

T = TypeVar("T")
F = TypeVar("F", bound=Callable)

# --- roles -----------------------------------------------------------------------------------


def _signed_in(user: User | None) -> bool:
    return user is not None and bool(user.is_authenticated)


def role_required(*roles: Role) -> Callable[[F], F]:
    """A route for signed-in users with one of ``roles``: others get 403, strangers the sign-in.
    The first gate; the predicates below then decide about the object itself."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_coordinator(user: User | None) -> bool:
    return _signed_in(user) and user.role == Role.COORDINATOR


def can_manage_accounts(user: User | None) -> bool:
    """The account list, creating staff accounts, roles and passwords: coordinators."""
    return is_coordinator(user)


def can_create_account(user: User | None, role: Role) -> bool:
    """Coordinators create any account; an animator creates participants (for their groups)."""
    if is_coordinator(user):
        return True
    return _signed_in(user) and user.role == Role.ANIMATOR and role == Role.PARTICIPANT


def can_set_password(user: User | None, account: User) -> bool:
    """One's own password, or anyone's for a coordinator."""
    return _signed_in(user) and (user.id == account.id or is_coordinator(user))


def can_manage_participant(user: User | None, person: User) -> bool:
    """Sign-in cards of a participant: a coordinator, or an animator of an edition where the
    participant is in a group."""
    if is_coordinator(user):
        return True
    if not _signed_in(user) or user.role != Role.ANIMATOR:
        return False
    editions = db.session.scalars(
        sa.select(Edition).join(GroupMembership, GroupMembership.edition_id == Edition.id)
        .where(GroupMembership.user_id == person.id)
    ).all()
    return any(user in edition.animators for edition in editions)


# --- editions and groups ---------------------------------------------------------------------


def can_manage_edition(user: User | None, edition: Edition) -> bool:
    """Coordinators manage every edition; animators the editions they are assigned to."""
    if not _signed_in(user):
        return False
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.ANIMATOR and user in edition.animators


def can_create_edition(user: User | None) -> bool:
    return is_coordinator(user)


def can_configure_edition(user: User | None, edition: Edition) -> bool:
    """The edition's settings, dates, rule and animators: coordinators only."""
    return is_coordinator(user)


def edition_is_public(user: User | None, edition: Edition) -> bool:
    """Pages for everyone, the same for whoever asks (public progress, exports): published."""
    return edition.published


def can_see_edition(user: User | None, edition: Edition) -> bool:
    """A published edition is public; an unpublished one is seen by those who manage it."""
    return edition.published or can_manage_edition(user, edition)


def is_member(user: User | None, group: Group) -> bool:
    if not _signed_in(user):
        return False
    return any(m.user_id == user.id for m in group.memberships)


def can_view_group(user: User | None, group: Group) -> bool:
    return can_manage_edition(user, group.edition) or is_member(user, group)


def can_manage_group(user: User | None, group: Group) -> bool:
    """Members, names and animators of a group: whoever manages its edition."""
    return can_manage_edition(user, group.edition)


# --- projects --------------------------------------------------------------------------------


def project_actors(user: User | None, project: Project) -> set[Actor]:
    """How ``user`` relates to ``project``: member of its group, manager of its edition, both
    or neither (the actors of :mod:`pb.core.workflow`)."""
    actors: set[Actor] = set()
    if not _signed_in(user):
        return actors
    if can_manage_edition(user, project.edition):
        actors.add(Actor.MANAGER)
    member = db.session.scalar(
        sa.select(GroupMembership.id).where(
            GroupMembership.group_id == project.group_id, GroupMembership.user_id == user.id
        )
    )
    if member:
        actors.add(Actor.MEMBER)
    return actors


def works_on_project(user: User | None, project: Project) -> bool:
    """A member of the project's group or a manager of its edition, whatever the state."""
    return bool(project_actors(user, project))


def manages_project(user: User | None, project: Project) -> bool:
    return Actor.MANAGER in project_actors(user, project)


def project_is_public(user: User | None, project: Project) -> bool:
    """The same for whoever asks: accepted (or further on), in a published edition. Until its
    edition is published, nothing of a project is public — not its page, photos, sheet or
    journal."""
    return project.state in PUBLIC and project.edition.published


def can_view_project(user: User | None, project: Project) -> bool:
    """Drafts are private to the group and its managers; from acceptance on, projects are
    public once their edition is published."""
    return project_is_public(user, project) or works_on_project(user, project)


def can_edit_project(user: User | None, project: Project) -> bool:
    """Change the draft's content: while it is in the group's hands."""
    return project.state in EDITABLE and works_on_project(user, project)


def can_create_project_in(user: User | None, group: Group) -> bool:
    return can_manage_edition(user, group.edition) or is_member(user, group)


def project_actions(user: User | None, project: Project) -> list[Action]:
    """The workflow moves ``user`` may make on ``project`` now."""
    return allowed_actions(project.state, project_actors(user, project))


def can_open_execution(user: User | None, project: Project) -> bool:
    """The execution work page of a chosen project: its group and managers."""
    return project.state in CHOSEN and works_on_project(user, project)


# --- the debate ------------------------------------------------------------------------------


def debate_is_public(user: User | None, debate: Debate) -> bool:
    """The debate's public exports and live turnout: its edition is published."""
    return debate.edition.published


def can_see_debate(user: User | None, debate: Debate) -> bool:
    """The debate's public page, guide, slide and receipts: its edition is published, or the
    user manages it."""
    return can_see_edition(user, debate.edition)


def can_set_up_debate(user: User | None, edition: Edition) -> bool:
    """Create the edition's debate: the coordinator."""
    return is_coordinator(user) and can_manage_edition(user, edition)


def can_run_debate(user: User | None, debate: Debate) -> bool:
    """Set-up, cards, opening and closing, starting execution: the coordinator."""
    return is_coordinator(user) and can_manage_edition(user, debate.edition)


def is_teller_of(user: User | None, debate: Debate) -> bool:
    """A teller the coordinator assigned to count at this debate."""
    return _signed_in(user) and user.role == Role.TELLER and user in debate.tellers


def can_run_desk(user: User | None, debate: Debate) -> bool:
    """The tellers' desk: the tellers assigned to this debate, and the coordinator who runs
    it. Other tellers are refused (403): each counts only where they were sent."""
    return is_teller_of(user, debate) or can_run_debate(user, debate)


# --- the diagnosis: needs, resources, the plan, residents' reports -----------------------------


def can_manage_diagnosis(user: User | None, edition: Edition) -> bool:
    """Needs, resources, categories and the plan; moderating residents' reports: whoever
    manages the edition."""
    return can_manage_edition(user, edition)


def can_see_diagnosis(user: User | None, edition: Edition) -> bool:
    """The map and lists of needs and resources (never contacts): everyone once the edition is
    published; before, its managers and the participants of its groups, who draft from it."""
    return can_see_edition(user, edition) or in_edition_group(user, edition)


def can_see_contacts(user: User | None, edition: Edition) -> bool:
    """How to reach a resource, a reporting resident's contact: the edition's managers."""
    return can_manage_edition(user, edition)


def in_edition_group(user: User | None, edition: Edition) -> bool:
    """A participant in one of the edition's groups."""
    if not _signed_in(user):
        return False
    return db.session.scalar(
        sa.select(GroupMembership.id).where(
            GroupMembership.edition_id == edition.id, GroupMembership.user_id == user.id
        )
    ) is not None


def can_add_need(user: User | None, edition: Edition) -> bool:
    """Write a need straight into the diagnosis (a group on a community walk, from a phone):
    the edition's managers and the participants of its groups."""
    return can_manage_edition(user, edition) or in_edition_group(user, edition)


def reports_are_open(user: User | None, edition: Edition) -> bool:
    """Residents report needs and say "me too" on the public page: a published edition, in
    its diagnosis or drafting phase (Warsaw's calendar)."""
    return edition.published and edition.phase_on(warsaw_today()) in (
        Phase.DIAGNOSIS, Phase.DRAFTING
    )


# --- the district plan: placing pins (map) ----------------------------------------------------


def can_place_project_pin(user: User | None, project: Project) -> bool:
    """Put a project on the district plan: whoever may edit it (its group, while it is in
    their hands) or manages it (its edition's managers, at any state)."""
    return can_edit_project(user, project) or manages_project(user, project)


def can_place_pin(user: User | None, row: object) -> bool:
    """Place or move the pin of a need, resource or resident's report (the diagnosis's
    managers) or of a project (see :func:`can_place_project_pin`)."""
    if isinstance(row, Project):
        return can_place_project_pin(user, row)
    return can_manage_diagnosis(user, row.edition)  # type: ignore[attr-defined]


# --- asking ----------------------------------------------------------------------------------


def require(allowed: bool) -> None:
    """In a service: go on only if ``allowed``; otherwise the acting user may not (403)."""
    if not allowed:
        raise PermissionError


def acting_may(acting: User | None, predicate: Callable[..., bool], *args: object) -> bool:
    """A service's check: the command line (``acting`` None) may; anyone else as the predicate
    says."""
    return acting is None or predicate(acting, *args)


def load(model: type[T], ident: object, predicate: Callable[[User, T], bool] | None = None, *,
         hidden: bool = False) -> T:
    """The ``model`` row ``ident`` for the current user, or a refusal.

    404 when it does not exist. When ``predicate`` says no: 404 if ``hidden`` (even its
    existence is private) or to someone not signed in, otherwise 403."""
    row = db.get_or_404(model, ident)
    if predicate is not None and not predicate(current_user, row):
        abort(404 if hidden or not current_user.is_authenticated else 403)
    return row


def load_within(model: type[T], ident: object, parent: object, key: str = "project_id") -> T:
    """A row that must belong to ``parent`` (a task of this project, …): 404 otherwise, so an
    id from elsewhere under this parent's address reaches nothing."""
    row = db.get_or_404(model, ident)
    if getattr(row, key) != parent.id:  # type: ignore[attr-defined]
        abort(404)
    return row
