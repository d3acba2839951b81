"""Public edition pages, and editions and groups as the coordinator and animators manage them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pb import permissions
from pb.accounts import services as accounts
from pb.accounts.models import Role, User
from pb.actions import form_status, run_action, run_form_action
from pb.core.names import login_from_name
from pb.db_types import utcnow
from pb.editions import bp
from pb.editions import services as editions
from pb.editions.forms import (
    PHASE_LABELS,
    RULE_LABELS,
    AddMemberForm,
    AnimatorsForm,
    EditionForm,
    GroupForm,
    NewParticipantForm,
)
from pb.editions.models import Edition, Group
from pb.errors import DomainError
from pb.extensions import db
from pb.permissions import load, role_required
from pb.timeutil import warsaw_today


@bp.app_context_processor
def inject_rules():
    return {"RULE_LABELS": RULE_LABELS, "PHASE_LABELS": PHASE_LABELS}


def _edition_to_manage(edition_id: int) -> Edition:
    return load(Edition, edition_id, permissions.can_manage_edition)


def _group_to_manage(group_id: int) -> Group:
    return load(Group, group_id, permissions.can_manage_group)


# --- public ----------------------------------------------------------------------------------


@bp.route("/editions/")
def public_list():
    return render_template("editions/public_list.html", editions=editions.public_editions())


@bp.route("/editions/<int:edition_id>")
def public_edition(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_see_edition, hidden=True)
    from pb.diagnosis.mapping import public_map
    from pb.projects.services import public_projects

    return render_template(
        "editions/public_edition.html",
        edition=edition,
        phase=edition.phase_on(warsaw_today()),
        projects=public_projects(edition),
        debate=edition.debate,
        **public_map(edition, label=_("Needs, resources and projects of %(edition)s",
                                      edition=edition.name)),
    )


# --- editions --------------------------------------------------------------------------------


@bp.route("/manage/")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def manage_list():
    return render_template(
        "editions/manage_list.html",
        editions=editions.editions_visible_to(current_user),
        today=warsaw_today(),
    )


def _edition_data(form: EditionForm) -> editions.EditionData:
    return editions.EditionData(
        name=form.name.data,
        municipality=form.municipality.data,
        district=form.district.data,
        description=form.description.data or "",
        pool_grosze=form.pool.data,
        project_cap_grosze=form.project_cap.data,
        drafting_from=form.drafting_from.data,
        review_from=form.review_from.data,
        debate_on=form.debate_on.data,
        execution_from=form.execution_from.data,
        closed_on=form.closed_on.data,
        voting_rule=form.voting_rule.data,
        published=form.published.data,
    )




@bp.route("/manage/editions/new", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edition_new():
    form = EditionForm()
    done = run_form_action(
        form, lambda: editions.create_edition(_edition_data(form), acting=current_user),
        success=lambda edition: _("Edition “%(name)s” created.", name=edition.name),
        to=lambda edition: url_for("editions.edition_overview", edition_id=edition.id),
    )
    if done:
        return done
    return (render_template("editions/edition_form.html", form=form, edition=None),
            form_status(form))


@bp.route("/manage/editions/<int:edition_id>/edit", methods=["GET", "POST"])
@role_required(Role.COORDINATOR)
def edition_edit(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_configure_edition)
    form = EditionForm(obj=edition)
    if request.method == "GET":
        form.pool.data = edition.pool_grosze
        form.project_cap.data = edition.project_cap_grosze
    done = run_form_action(
        form, lambda: editions.update_edition(edition, _edition_data(form), acting=current_user),
        success=_("Changes saved."),
        to=url_for("editions.edition_overview", edition_id=edition.id),
    )
    if done:
        return done
    return (render_template("editions/edition_form.html", form=form, edition=edition),
            form_status(form))


def _animators_form(edition: Edition, formdata=None) -> AnimatorsForm:
    form = AnimatorsForm(formdata=formdata)
    all_animators = db.session.scalars(
        sa.select(User).where(User.role == Role.ANIMATOR).order_by(User.name)
    ).all()
    form.animators.choices = [(u.id, u.name) for u in all_animators]
    if formdata is None:
        form.animators.data = [u.id for u in edition.animators]
    return form


def _group_form(edition: Edition, group: Group | None = None, formdata=None) -> GroupForm:
    form = GroupForm(formdata=formdata, obj=group)
    form.animator.choices = [(0, _("— none —"))] + [(u.id, u.name) for u in edition.animators]
    if formdata is None:
        if group is not None:
            form.animator.data = group.animator_id or 0
        elif current_user.role == Role.ANIMATOR:
            form.animator.data = current_user.id
    return form


def _overview(edition: Edition, *, animators_form=None, group_form=None, status=200):
    from pb.projects.services import edition_projects_summary

    return render_template(
        "editions/overview.html",
        edition=edition,
        phase=edition.phase_on(warsaw_today()),
        animators_form=animators_form or _animators_form(edition),
        group_form=group_form or _group_form(edition),
        summary=edition_projects_summary(edition),
        debate=edition.debate,
    ), status



@bp.route("/manage/editions/<int:edition_id>")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def edition_overview(edition_id: int):
    return _overview(_edition_to_manage(edition_id))


@bp.post("/manage/editions/<int:edition_id>/animators")
@role_required(Role.COORDINATOR)
def edition_animators(edition_id: int):
    edition = load(Edition, edition_id, permissions.can_configure_edition)
    form = _animators_form(edition, formdata=request.form)
    done = run_form_action(
        form, lambda: editions.set_edition_animators(
            edition, accounts.users_with_ids(form.animators.data), acting=current_user),
        success=_("Animators saved."),
        to=url_for("editions.edition_overview", edition_id=edition.id),
    )
    if done:
        return done
    return _overview(edition, animators_form=form, status=400)


@bp.post("/manage/editions/<int:edition_id>/groups")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def group_new(edition_id: int):
    edition = _edition_to_manage(edition_id)
    form = _group_form(edition, formdata=request.form)
    done = run_form_action(
        form, lambda: editions.create_group(edition, name=form.name.data,
                                            animator=_animator(form), acting=current_user),
        success=lambda group: _("Group “%(name)s” created.", name=group.name),
        to=lambda group: url_for("editions.group_page", group_id=group.id),
    )
    if done:
        return done
    return _overview(edition, group_form=form, status=400)


def _animator(form: GroupForm) -> User | None:
    """The animator chosen for a group (0 stands for none)."""
    return db.session.get(User, form.animator.data) if form.animator.data else None


# --- groups ----------------------------------------------------------------------------------


def _group_page(group: Group, *, add_form=None, new_form=None, edit_form=None, status=200):
    manage = permissions.can_manage_group(current_user, group)
    if manage:
        if add_form is None:
            add_form = AddMemberForm(formdata=None)
        add_form.user.choices = [
            (u.id, f"{u.name} ({u.login})")
            for u in editions.participants_without_group(group.edition, acting=current_user)
        ]
        new_form = new_form or NewParticipantForm(formdata=None)
        edit_form = edit_form or _group_form(group.edition, group)
    now = utcnow()
    cards = {
        m.user_id: sum(1 for c in m.user.signin_cards if c.state(now) == "active")
        for m in group.memberships
    }
    from pb.projects.services import projects_of_group

    return render_template(
        "editions/group.html",
        group=group,
        projects=projects_of_group(group),
        can_create_project=permissions.can_create_project_in(current_user, group),
        manage=manage,
        add_form=add_form,
        new_form=new_form,
        edit_form=edit_form,
        active_cards=cards,
    ), status


@bp.route("/groups/<int:group_id>")
@role_required(*Role)
def group_page(group_id: int):
    return _group_page(load(Group, group_id, permissions.can_view_group))


@bp.post("/groups/<int:group_id>/edit")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def group_edit(group_id: int):
    group = _group_to_manage(group_id)
    form = _group_form(group.edition, group, formdata=request.form)
    done = run_form_action(
        form, lambda: editions.update_group(group, name=form.name.data,
                                            animator=_animator(form), acting=current_user),
        success=_("Changes saved."), to=url_for("editions.group_page", group_id=group.id),
    )
    if done:
        return done
    return _group_page(group, edit_form=form, status=400)


@bp.post("/groups/<int:group_id>/members")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def member_add(group_id: int):
    group = _group_to_manage(group_id)
    form = AddMemberForm(formdata=request.form)
    form.user.choices = [
        (u.id, u.name)
        for u in editions.participants_without_group(group.edition, acting=current_user)
    ]

    def add() -> User:
        user = db.session.get(User, form.user.data)
        if user is None:
            raise DomainError(_("Choose a participant from the list."), "user")
        editions.add_member(group, user, acting=current_user)
        return user

    done = run_form_action(
        form, add, success=lambda user: _("%(name)s joined the group.", name=user.name),
        to=url_for("editions.group_page", group_id=group.id),
    )
    if done:
        return done
    return _group_page(group, add_form=form, status=400)


@bp.post("/groups/<int:group_id>/members/new")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def member_new(group_id: int):
    group = _group_to_manage(group_id)
    form = NewParticipantForm(formdata=request.form)

    def enrol() -> User:
        login = form.login.data or login_from_name(
            form.name.data, lambda c: accounts.find_user_by_login(c) is not None
        )
        user = accounts.create_user(
            login=login,
            name=form.name.data,
            role=Role.PARTICIPANT,
            password=form.password.data or None,
            acting=current_user,
        )
        editions.add_member(group, user, acting=current_user)
        return user

    done = run_form_action(
        form, enrol,
        success=lambda user: _("%(name)s joined the group with the login %(login)s.",
                               name=user.name, login=user.login),
        to=url_for("editions.group_page", group_id=group.id),
    )
    if done:
        return done
    return _group_page(group, new_form=form, status=400)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/remove")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def member_remove(group_id: int, user_id: int):
    group = _group_to_manage(group_id)
    user = db.get_or_404(User, user_id)
    return run_action(
        lambda: editions.remove_member(group, user, acting=current_user),
        success=_("%(name)s left the group.", name=user.name),
        to=url_for("editions.group_page", group_id=group.id),
        on_error=lambda _refusal: abort(404),  # not a member of this group: no such page
    )
