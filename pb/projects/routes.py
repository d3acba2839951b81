"""Micro-project pages: drafting by the group, review by the animator, the public view."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pb import permissions, uploads
from pb.accounts.models import User
from pb.actions import form_status, run_action, run_form_action
from pb.core.budget import BudgetCategory, Funding
from pb.core.drafts import diff_snapshots
from pb.core.workflow import CHOSEN, Action, Actor
from pb.db_types import parse_id
from pb.editions.models import Group
from pb.errors import DomainError
from pb.extensions import db
from pb.permissions import load, load_within
from pb.projects import bp
from pb.projects import photos as photo_service
from pb.projects import services as projects
from pb.projects.forms import (
    CATEGORY_LABELS,
    SECTION_LABELS,
    BasicsForm,
    BudgetLineForm,
    CommentForm,
    PhotoForm,
    ResultForm,
    TaskForm,
)
from pb.projects.models import BudgetLine, Project, ProjectPhoto, ResultIndicator, Task
from pb.projects.presenters import need_label, need_support, problem_messages, schedule_svg


@bp.app_context_processor
def inject_labels():
    return {
        "STATE_LABELS": projects.STATE_LABELS,
        "CATEGORY_LABELS": CATEGORY_LABELS,
        "SECTION_LABELS": SECTION_LABELS,
        "need_label": need_label,
        "need_support": need_support,
    }


def _project(project_id: int) -> Project:
    """A project the current user may see (drafts: 404 to strangers, 403 to outsiders)."""
    return load(Project, project_id, permissions.can_view_project)


def _editable(project_id: int) -> Project:
    """A project the current user works on (its group or its managers), whatever its state."""
    return load(Project, project_id, permissions.works_on_project)


def _row(model, project: Project, row_id: int):
    return load_within(model, row_id, project)


def _members_choices(project: Project) -> list[tuple[int, str]]:
    return [(0, _("— choose —"))] + [(m.id, m.name) for m in project.group.members]


# --- creating and viewing --------------------------------------------------------------------


@bp.post("/groups/<int:group_id>/projects")
@login_required
def project_new(group_id: int):
    group = load(Group, group_id, permissions.can_create_project_in)
    return run_action(
        lambda: projects.create_project(group, acting=current_user),
        success=_("A new project has been started. Begin with its description."),
        to=lambda project: url_for("projects.edit_basics", project_id=project.id),
    )


@bp.route("/projects/<int:project_id>")
def project_page(project_id: int):
    project = _project(project_id)
    actors = permissions.project_actors(current_user, project)
    if not actors:
        extra = {}
        if project.state in CHOSEN:
            from pb.execution import services as execution
            from pb.timeutil import warsaw_today

            extra = {"progress": execution.progress(project, warsaw_today()),
                     "journal": execution.journal_of(project)}
        return render_template("projects/public.html", project=project,
                               schedule_svg=schedule_svg(project), **extra)
    problems = projects.submission_problems(project) if project.state in (
        projects.EDITABLE) else []
    return render_template(
        "projects/project.html",
        project=project,
        actors=actors,
        Actor=Actor,
        Action=Action,
        actions=permissions.project_actions(current_user, project),
        editable=permissions.can_edit_project(current_user, project),
        problems=problem_messages(problems, project),
        schedule_svg=schedule_svg(project),
        comment_form=CommentForm(formdata=None),
    )


# --- the description -------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_basics(project_id: int):
    project = _editable(project_id)
    form = BasicsForm(obj=project)
    if request.method == "GET":
        form.needs.data = [need.id for need in project.needs]

    def save() -> None:
        projects.update_basics(project, projects.BasicsData(
            title=form.title.data or "", summary=form.summary.data or "",
            need=form.need.data or "", beneficiaries=form.beneficiaries.data or "",
            beneficiaries_count=form.beneficiaries_count.data,
            place=form.place.data or "", description=form.description.data or "",
        ), acting=current_user)
        projects.set_project_needs(project, form.needs.data or [], acting=current_user)

    done = run_form_action(
        form, save,
        success=_("Saved."),
        to=url_for("projects.edit_results", project_id=project.id)
        if request.form.get("next") == "results"
        else url_for("projects.project_page", project_id=project.id),
    )
    if done:
        return done
    return _basics_page(project, form, PhotoForm(formdata=None)), form_status(form)


def _basics_page(project: Project, form: BasicsForm, photo_form: PhotoForm) -> str:
    """The description's page, with the diagnosis's needs to tick (those ticked in ``form``)."""
    return render_template("projects/edit_basics.html", project=project, form=form,
                           photo_form=photo_form,
                           need_options=projects.needs_to_choose_from(project),
                           chosen_needs=set(form.needs.data or []))


# --- photos ----------------------------------------------------------------------------------


@bp.post("/projects/<int:project_id>/photos")
@login_required
def photo_add(project_id: int):
    project = _editable(project_id)
    form = PhotoForm()
    done = run_form_action(
        form, lambda: photo_service.add_photo(project, form.photo.data.read(),
                                              acting=current_user),
        success=_("The photo has been added."),
        to=url_for("projects.edit_basics", project_id=project.id),
    )
    if done:
        return done
    basics = BasicsForm(obj=project, formdata=None)
    basics.needs.data = [need.id for need in project.needs]
    return _basics_page(project, basics, form), 400


@bp.post("/projects/<int:project_id>/photos/<int:photo_id>/remove")
@login_required
def photo_remove(project_id: int, photo_id: int):
    project = _editable(project_id)
    photo = _row(ProjectPhoto, project, photo_id)
    return run_action(
        lambda: photo_service.remove_photo(photo, acting=current_user),
        success=_("The photo has been removed."),
        to=url_for("projects.edit_basics", project_id=project.id),
        # The file goes only once its row is gone for good.
        after_commit=uploads.remove,
    )


@bp.route("/projects/<int:project_id>/photos/<int:photo_id>")
def photo_file(project_id: int, photo_id: int):
    project = _project(project_id)
    photo = _row(ProjectPhoto, project, photo_id)
    path = photo_service.photo_path(photo)
    if request.args.get("size") == "thumb" and uploads.thumbnail_path(path).exists():
        path = uploads.thumbnail_path(path)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=3600)
    response.headers["Cache-Control"] = (
        "public, max-age=3600" if permissions.project_is_public(current_user, project)
        else "private, max-age=3600"
    )
    return response


# --- expected results ------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/results", methods=["GET", "POST"])
@login_required
def edit_results(project_id: int):
    project = _editable(project_id)
    form = ResultForm()
    done = run_form_action(
        form, lambda: projects.add_result(project, name=form.name.data, unit=form.unit.data,
                                          target=form.target.data, acting=current_user),
        success=_("The result has been added."),
        to=url_for("projects.edit_results", project_id=project.id),
    )
    if done:
        return done
    return (render_template("projects/edit_results.html", project=project, form=form),
            form_status(form))


@bp.route("/projects/<int:project_id>/results/<int:row_id>", methods=["GET", "POST"])
@login_required
def edit_result(project_id: int, row_id: int):
    project = _editable(project_id)
    result = _row(ResultIndicator, project, row_id)
    form = ResultForm(obj=result)
    if request.method == "GET":
        form.target.data = result.target
    return _edit_row(project, form, "results", "projects.edit_results", lambda: (
        projects.update_result(result, name=form.name.data, unit=form.unit.data,
                               target=form.target.data, acting=current_user)))


def _edit_row(project: Project, form, section: str, endpoint: str, save):
    """The page that changes one row of a section: ``save`` it on a valid POST, otherwise show
    the form (with the service's refusal on the field it concerns)."""
    back = url_for(endpoint, project_id=project.id)
    done = run_form_action(form, save, success=_("Saved."), to=back)
    if done:
        return done
    return render_template("projects/edit_row.html", project=project, form=form,
                           section=section, back=back), form_status(form)


@bp.post("/projects/<int:project_id>/results/<int:row_id>/remove")
@login_required
def remove_result(project_id: int, row_id: int):
    project = _editable(project_id)
    return _remove(project, projects.remove_result, _row(ResultIndicator, project, row_id),
                   "projects.edit_results")


def _remove(project: Project, operation, row, endpoint: str):
    return run_action(lambda: operation(row, acting=current_user), success=_("Removed."),
                      to=url_for(endpoint, project_id=project.id))


# --- schedule --------------------------------------------------------------------------------


@bp.route("/projects/<int:project_id>/schedule", methods=["GET", "POST"])
@login_required
def edit_schedule(project_id: int):
    project = _editable(project_id)
    form = TaskForm()
    form.responsible.choices = _members_choices(project)
    if request.method == "GET" and current_user in project.group.members:
        form.responsible.data = current_user.id
    done = run_form_action(
        form, lambda: projects.add_task(project, title=form.title.data,
                                        starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                                        responsible=_member(form), acting=current_user),
        success=_("The task has been added."),
        to=url_for("projects.edit_schedule", project_id=project.id),
    )
    if done:
        return done
    return render_template(
        "projects/edit_schedule.html", project=project, form=form,
        window=projects.execution_window(project), schedule_svg=schedule_svg(project),
    ), form_status(form)


@bp.route("/projects/<int:project_id>/schedule/<int:row_id>", methods=["GET", "POST"])
@login_required
def edit_task(project_id: int, row_id: int):
    project = _editable(project_id)
    task = _row(Task, project, row_id)
    form = TaskForm(obj=task)
    form.responsible.choices = _members_choices(project)
    if request.method == "GET":
        form.responsible.data = task.responsible_id or 0
    return _edit_row(project, form, "schedule", "projects.edit_schedule", lambda: (
        projects.update_task(task, title=form.title.data, starts_on=form.starts_on.data,
                             ends_on=form.ends_on.data, responsible=_member(form),
                             acting=current_user)))


def _member(form: TaskForm) -> User | None:
    """The person chosen as responsible (0 stands for nobody)."""
    return db.session.get(User, form.responsible.data) if form.responsible.data else None


@bp.post("/projects/<int:project_id>/schedule/<int:row_id>/remove")
@login_required
def remove_task(project_id: int, row_id: int):
    project = _editable(project_id)
    return _remove(project, projects.remove_task, _row(Task, project, row_id),
                   "projects.edit_schedule")


@bp.post("/projects/<int:project_id>/schedule/<int:row_id>/move")
@login_required
def move_task(project_id: int, row_id: int):
    project = _editable(project_id)
    task = _row(Task, project, row_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    return run_action(lambda: projects.move_task(task, offset, acting=current_user),
                      to=url_for("projects.edit_schedule", project_id=project.id))


# --- budget ----------------------------------------------------------------------------------


def _line_values(form: BudgetLineForm) -> dict:
    return {
        "category": BudgetCategory(form.category.data),
        "item": form.item.data,
        "quantity": form.quantity.data,
        "unit": form.unit.data,
        "unit_price_grosze": form.unit_price.data,
    }


@bp.route("/projects/<int:project_id>/budget", methods=["GET", "POST"])
@login_required
def edit_budget(project_id: int):
    """Two forms on one page: a line of money requested, or a line of own contribution."""
    project = _editable(project_id)
    posted = request.method == "POST"
    own = request.form.get("funding") == Funding.OWN.value
    form = BudgetLineForm(own=False, prefix="req", formdata=request.form if posted and not own
                          else None)
    own_form = BudgetLineForm(own=True, prefix="own", formdata=request.form if posted and own
                              else None)
    active = own_form if own else form
    done = run_form_action(
        active, lambda: projects.add_budget_line(project, **_line_values(active),
                                                 acting=current_user),
        success=_("The line has been added."),
        to=url_for("projects.edit_budget", project_id=project.id,
                   _anchor="own" if own else "requested"),
    )
    if done:
        return done
    return render_template("projects/edit_budget.html", project=project, form=form,
                           own_form=own_form), form_status(form, own_form)


@bp.route("/projects/<int:project_id>/budget/<int:row_id>", methods=["GET", "POST"])
@login_required
def edit_budget_line(project_id: int, row_id: int):
    project = _editable(project_id)
    line = _row(BudgetLine, project, row_id)
    form = BudgetLineForm(obj=line, own=line.funding == Funding.OWN)
    if request.method == "GET":
        form.category.data = line.category.value
        form.quantity.data = line.quantity
        form.unit_price.data = line.unit_price_grosze
    return _edit_row(project, form, "budget", "projects.edit_budget", lambda: (
        projects.update_budget_line(line, **_line_values(form), acting=current_user)))


@bp.post("/projects/<int:project_id>/budget/<int:row_id>/remove")
@login_required
def remove_budget_line(project_id: int, row_id: int):
    project = _editable(project_id)
    return _remove(project, projects.remove_budget_line, _row(BudgetLine, project, row_id),
                   "projects.edit_budget")


# --- review workflow -------------------------------------------------------------------------


@bp.post("/projects/<int:project_id>/submit")
@login_required
def submit(project_id: int):
    project = _editable(project_id)

    def not_ready(refusal: DomainError):
        if not isinstance(refusal, projects.NotReady):
            return None  # any other refusal is flashed as it is
        flash(_("The project is not ready to submit yet: see the list of what is missing."),
              "error")
        return redirect(url_for("projects.project_page", project_id=project.id,
                                _anchor="missing"))

    return run_action(
        lambda: projects.submit_project(project, acting=current_user),
        success=lambda version: _("Version %(n)d has been sent to the animator.",
                                  n=version.number),
        to=url_for("projects.project_page", project_id=project.id),
        on_error=not_ready,
    )


def _simple_action(project_id: int, operation, done_message: str):
    project = _editable(project_id)
    return run_action(lambda: operation(project, acting=current_user), success=done_message,
                      to=url_for("projects.project_page", project_id=project.id))


@bp.post("/projects/<int:project_id>/accept")
@login_required
def accept(project_id: int):
    return _simple_action(project_id, projects.accept_project,
                          _("The project has been accepted for the debate."))


@bp.post("/projects/<int:project_id>/withdraw")
@login_required
def withdraw(project_id: int):
    return _simple_action(project_id, projects.withdraw_project,
                          _("The project has been withdrawn."))


@bp.post("/projects/<int:project_id>/reopen")
@login_required
def reopen(project_id: int):
    return _simple_action(project_id, projects.reopen_project,
                          _("The project is a draft again."))


@bp.post("/projects/<int:project_id>/comments")
@login_required
def comment(project_id: int):
    project = _editable(project_id)
    form = CommentForm()
    returning = request.form.get("action") == "return"

    def send() -> None:
        section = form.section.data or None
        if returning:
            projects.return_project(project, comment=form.body.data, section=section,
                                    acting=current_user)
        else:
            projects.add_comment(project, body=form.body.data, section=section,
                                 acting=current_user)

    done = run_form_action(
        form, send,
        success=_("The project has been returned to the group for changes.") if returning
        else _("The comment has been added."),
        to=url_for("projects.project_page", project_id=project.id, _anchor="review"),
    )
    if done:
        return done
    actors = permissions.project_actors(current_user, project)
    problems = projects.submission_problems(project) if project.state in (
        projects.EDITABLE) else []
    return render_template(
        "projects/project.html", project=project, actors=actors, Actor=Actor, Action=Action,
        actions=permissions.project_actions(current_user, project),
        editable=permissions.can_edit_project(current_user, project),
        problems=problem_messages(problems, project), schedule_svg=schedule_svg(project),
        comment_form=form,
    ), 400


# --- versions and the printed sheet ----------------------------------------------------------


@bp.route("/projects/<int:project_id>/versions/<int:old>/<new>")
@login_required
def compare(project_id: int, old: int, new: str):
    """Changes between two submitted versions, or from a version to the current draft."""
    project = _editable(project_id)
    versions = {v.number: v for v in project.versions}
    known_new = new == "current" or parse_id(new) in versions
    if old not in versions or not known_new:
        abort(404)
    from pb.core.drafts import snapshot

    old_snapshot = versions[old].snapshot
    new_snapshot = snapshot(project.content()) if new == "current" else versions[int(new)].snapshot
    return render_template(
        "projects/compare.html", project=project, old=old, new=new,
        changes=diff_snapshots(old_snapshot, new_snapshot),
    )


@bp.route("/projects/<int:project_id>/sheet.pdf")
def sheet(project_id: int):
    project = _project(project_id)
    from pb.projects.presenters import sheet_pdf

    pdf = sheet_pdf(project)
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="projekt-{project.id}.pdf"',
    })
