"""Execution pages: the group's and animator's work page, the dashboard, public progress, the
final report."""

from __future__ import annotations

from flask import Response, abort, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pb import permissions, uploads
from pb.accounts.models import Role, User
from pb.actions import form_status, run_action, run_form_action
from pb.core.workflow import CHOSEN, EXECUTING
from pb.debate.models import Debate
from pb.debate.results import debate_results
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.execution import bp
from pb.execution import services as execution
from pb.execution.forms import (
    TASK_STATUS_LABELS,
    AbandonForm,
    ContributionForm,
    ExpenseForm,
    JournalForm,
    NewTaskForm,
    ReplanForm,
    StoryForm,
    TaskProgressForm,
)
from pb.execution.models import Expense, JournalPhoto
from pb.extensions import db
from pb.permissions import load, load_within, role_required
from pb.projects.models import BudgetLine, Project, Task
from pb.timeutil import warsaw_today


@bp.app_context_processor
def inject():
    return {"TASK_STATUS_LABELS": TASK_STATUS_LABELS}


def _working(project_id: int) -> Project:
    """A chosen project whose execution the current user works on (403 to others; 404 for a
    project that was not chosen: it has no execution)."""
    project = load(Project, project_id, permissions.works_on_project)
    if not permissions.can_open_execution(current_user, project):
        abort(404)
    return project


def _members(project: Project) -> list[tuple[int, str]]:
    return [(0, "—")] + [(m.id, m.name) for m in project.group.members]


def _forms(project: Project, **given):
    """Every form of the work page, fresh unless one is given back with its errors."""
    from pb.core.budget import Funding

    expense = given.get("expense_form") or ExpenseForm(formdata=None, prefix="exp")
    expense.line.choices = [(line.id, f"{line.item} ({line.total_grosze / 100:.2f} zł)")
                            for line in project.budget_lines if line.funding == Funding.REQUESTED]
    contribution = given.get("contribution_form") or ContributionForm(formdata=None, prefix="own")
    contribution.line.choices = [(line.id, f"{line.item} ({line.unit})")
                                 for line in project.budget_lines if line.funding == Funding.OWN]
    new_task = given.get("task_form") or NewTaskForm(formdata=None, prefix="task")
    new_task.responsible.choices = _members(project)
    return {
        "expense_form": expense,
        "contribution_form": contribution,
        "task_form": new_task,
        "journal_form": given.get("journal_form") or JournalForm(formdata=None, prefix="j"),
        "story_form": given.get("story_form") or StoryForm(formdata=None, prefix="s",
                                                          story=project.closing_story),
        "abandon_form": given.get("abandon_form") or AbandonForm(formdata=None, prefix="ab"),
    }


def _work_page(project: Project, status: int = 200, **given):
    from pb.execution.charts import plan_vs_actual_svg

    today = warsaw_today()
    return render_template(
        "execution/project.html",
        project=project,
        progress=execution.progress(project, today),
        expenses=execution.expenses_of(project),
        contributions=execution.contributions_of(project),
        journal=execution.journal_of(project),
        chart=plan_vs_actual_svg(project, today),
        can_work=project.state in EXECUTING,
        is_manager=permissions.manages_project(current_user, project),
        today=today,
        **_forms(project, **given),
    ), status


@bp.route("/projects/<int:project_id>/execution")
@login_required
def work(project_id: int):
    return _work_page(_working(project_id))


def _work_url(project: Project, anchor: str) -> str:
    return url_for("execution.work", project_id=project.id, _anchor=anchor)


# --- tasks -----------------------------------------------------------------------------------


def _task(project: Project, task_id: int) -> Task:
    return load_within(Task, task_id, project)


@bp.route("/projects/<int:project_id>/execution/tasks/<int:task_id>", methods=["GET", "POST"])
@login_required
def task_page(project_id: int, task_id: int):
    project = _working(project_id)
    task = _task(project, task_id)
    form = TaskProgressForm(obj=task, prefix="p")
    form.done_by.choices = _members(project)
    replan = ReplanForm(prefix="r", obj=task)
    if request.method == "GET":
        form.done_by.data = task.done_by_id or 0
    if request.form.get("form") == "replan":
        form = TaskProgressForm(formdata=None, obj=task, prefix="p")
        form.done_by.choices = _members(project)
        done = run_form_action(
            replan, lambda: execution.replan_task(
                task, starts_on=replan.starts_on.data, ends_on=replan.ends_on.data,
                reason=replan.reason.data, acting=current_user),
            success=_("The plan has been changed."), to=_work_url(project, "tasks"),
        )
    else:
        done = run_form_action(
            form, lambda: execution.update_task(
                task, status=form.status.data, actual_start=form.actual_start.data,
                actual_end=form.actual_end.data,
                done_by=db.session.get(User, form.done_by.data) if form.done_by.data else None,
                notes=form.notes.data or "", acting=current_user),
            success=_("Saved."), to=_work_url(project, "tasks"),
        )
    if done:
        return done
    return render_template("execution/task.html", project=project, task=task, form=form,
                           replan=replan), form_status(form, replan)


@bp.post("/projects/<int:project_id>/execution/tasks")
@login_required
def task_add(project_id: int):
    project = _working(project_id)
    form = NewTaskForm(prefix="task")
    form.responsible.choices = _members(project)
    done = run_form_action(
        form, lambda: execution.add_task(
            project, title=form.title.data, starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            responsible=db.session.get(User, form.responsible.data)
            if form.responsible.data else None,
            reason=form.reason.data, acting=current_user),
        success=_("The task has been added."), to=_work_url(project, "tasks"),
    )
    if done:
        return done
    return _work_page(project, 400, task_form=form)


# --- money -----------------------------------------------------------------------------------


@bp.post("/projects/<int:project_id>/execution/expenses")
@login_required
def expense_add(project_id: int):
    project = _working(project_id)
    form = ExpenseForm(prefix="exp")
    _forms(project, expense_form=form)  # fills the choices

    def record() -> None:
        line = db.session.get(BudgetLine, form.line.data)
        receipt = form.receipt.data.read() if form.receipt.data else None
        if line is None:
            raise DomainError(_("Choose a line of this project's budget."), "line")
        execution.record_expense(
            project, line=line, spent_on=form.spent_on.data,
            description=form.description.data, amount_grosze=form.amount.data,
            supplier=form.supplier.data or "", document_number=form.document_number.data or "",
            receipt=receipt, acting=current_user,
        )

    done = run_form_action(form, record, success=_("The expense has been recorded."),
                           to=_work_url(project, "money"))
    if done:
        return done
    return _work_page(project, 400, expense_form=form)


@bp.post("/projects/<int:project_id>/execution/expenses/<int:expense_id>/remove")
@login_required
def expense_remove(project_id: int, expense_id: int):
    project = _working(project_id)
    expense = load_within(Expense, expense_id, project)
    return run_action(
        lambda: execution.remove_expense(expense, acting=current_user),
        success=_("The expense has been removed."), to=_work_url(project, "money"),
        # The receipt goes only once its row is gone for good.
        after_commit=lambda path: uploads.remove(path) if path else None,
    )


@bp.route("/projects/<int:project_id>/execution/expenses/<int:expense_id>/receipt")
@login_required
def receipt(project_id: int, expense_id: int):
    """Receipts may carry personal data: only the group and its managers see them."""
    project = _working(project_id)
    expense = load_within(Expense, expense_id, project)
    if not expense.receipt_name:
        abort(404)
    path = execution.receipt_path(expense)
    if not path.exists():
        abort(404)
    # Always a download: a receipt someone uploaded is never rendered inside pb's pages.
    response = send_file(path, mimetype=expense.receipt_type, max_age=0, as_attachment=True,
                         download_name=f"paragon-{expense.id}{path.suffix}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/projects/<int:project_id>/execution/contributions")
@login_required
def contribution_add(project_id: int):
    project = _working(project_id)
    form = ContributionForm(prefix="own")
    _forms(project, contribution_form=form)

    def record() -> None:
        line = db.session.get(BudgetLine, form.line.data)
        if line is None:
            raise DomainError(_("Choose an own-contribution line of this project."), "line")
        execution.record_contribution(project, line=line, delivered_on=form.delivered_on.data,
                                      quantity=form.quantity.data, note=form.note.data or "",
                                      acting=current_user)

    done = run_form_action(form, record, success=_("The own contribution has been recorded."),
                           to=_work_url(project, "money"))
    if done:
        return done
    return _work_page(project, 400, contribution_form=form)


# --- results, journal, completion ------------------------------------------------------------


@bp.post("/projects/<int:project_id>/execution/results")
@login_required
def results_save(project_id: int):
    from pb.core.budget import parse_quantity

    project = _working(project_id)

    def save() -> None:
        for result in project.results:
            raw = request.form.get(f"achieved-{result.id}", "").strip()
            try:
                value = parse_quantity(raw) if raw else None
            except ValueError:
                raise DomainError(_("“%(name)s”: enter a number, for example 3 or 2,5.",
                                    name=result.name)) from None
            execution.set_achieved(result, value, acting=current_user)

    return run_action(save, success=_("The results have been saved."),
                      to=_work_url(project, "results"))


@bp.post("/projects/<int:project_id>/execution/journal")
@login_required
def journal_add(project_id: int):
    project = _working(project_id)
    form = JournalForm(prefix="j")
    done = run_form_action(
        form, lambda: execution.add_journal_entry(
            project, written_on=form.written_on.data, body=form.body.data,
            photos=[f.read() for f in (form.photos.data or []) if f and f.filename],
            acting=current_user),
        success=_("The entry has been added to the journal."), to=_work_url(project, "journal"),
    )
    if done:
        return done
    return _work_page(project, 400, journal_form=form)


@bp.route("/projects/<int:project_id>/journal/photos/<int:photo_id>")
def journal_photo(project_id: int, photo_id: int):
    project = load(Project, project_id, permissions.can_view_project, hidden=True)
    photo = db.get_or_404(JournalPhoto, photo_id)
    if photo.entry.project_id != project.id:
        abort(404)
    path = execution.journal_folder(project) / photo.stored_name
    if not path.exists():
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=3600)


@bp.post("/projects/<int:project_id>/execution/story")
@login_required
def story_save(project_id: int):
    project = _working(project_id)
    form = StoryForm(prefix="s")
    done = run_form_action(
        form, lambda: execution.set_closing_story(project, form.story.data or "",
                                                  acting=current_user),
        success=_("The story has been saved."), to=_work_url(project, "completion"),
    )
    if done:
        return done
    return _work_page(project, 400, story_form=form)


@bp.post("/projects/<int:project_id>/execution/complete")
@login_required
def complete(project_id: int):
    project = _working(project_id)
    return run_action(lambda: execution.complete_project(project, acting=current_user),
                      success=_("The project is completed. Well done!"),
                      to=_work_url(project, "completion"))


@bp.post("/projects/<int:project_id>/execution/abandon")
@login_required
def abandon(project_id: int):
    project = _working(project_id)
    form = AbandonForm(prefix="ab")
    done = run_form_action(
        form, lambda: execution.abandon_project(project, reason=form.reason.data,
                                                acting=current_user),
        success=_("The project has been marked abandoned."), to=_work_url(project, "completion"),
    )
    if done:
        return done
    return _work_page(project, 400, abandon_form=form)


# --- starting execution, dashboard, public progress, report ----------------------------------


@bp.post("/debates/<int:debate_id>/start-execution")
@role_required(Role.COORDINATOR)
def start(debate_id: int):
    debate = load(Debate, debate_id, permissions.can_run_debate)
    results = debate_results(debate, "pl")

    def start_chosen() -> int:
        if results is None:
            raise DomainError(_("The vote must be closed first."))
        return execution.start_execution(debate, results.tally.selected, acting=current_user)

    return run_action(
        start_chosen,
        success=lambda started: _("%(n)d chosen projects are now being carried out.", n=started),
        to=url_for("execution.dashboard", edition_id=debate.edition_id),
        back=url_for("debate.console", debate_id=debate.id),
    )


def _edition_progress(edition: Edition, today):
    import sqlalchemy as sa

    projects = db.session.scalars(
        sa.select(Project).where(Project.edition_id == edition.id,
                                 Project.state.in_(list(CHOSEN))).order_by(Project.id)
    ).all()
    return [execution.progress(p, today) for p in projects]


@bp.route("/manage/editions/<int:edition_id>/execution")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def dashboard(edition_id: int):
    from pb.execution.charts import plan_vs_actual_svg

    edition = load(Edition, edition_id, permissions.can_manage_edition)
    today = warsaw_today()
    rows = _edition_progress(edition, today)
    return render_template(
        "execution/dashboard.html", edition=edition, rows=rows, today=today,
        charts={row.project.id: plan_vs_actual_svg(row.project, today) for row in rows},
        planned=sum(r.planned for r in rows), spent=sum(r.spent for r in rows),
    )


@bp.route("/editions/<int:edition_id>/progress")
def public_progress(edition_id: int):
    edition = load(Edition, edition_id, permissions.edition_is_public, hidden=True)
    today = warsaw_today()
    rows = _edition_progress(edition, today)
    from pb.diagnosis.mapping import public_map

    return render_template("execution/public_edition.html", edition=edition, rows=rows,
                           planned=sum(r.planned for r in rows),
                           spent=sum(r.spent for r in rows),
                           **public_map(edition, label=_("The projects and their state, with "
                                                         "the needs they answer")))


@bp.route("/manage/editions/<int:edition_id>/report.<fmt>")
@role_required(Role.COORDINATOR, Role.ANIMATOR)
def report(edition_id: int, fmt: str):
    from pb.execution.report import report_csv, report_pdf

    edition = load(Edition, edition_id, permissions.can_manage_edition)
    if fmt == "pdf":
        return Response(report_pdf(edition), mimetype="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="raport-{edition.id}.pdf"'})
    if fmt == "csv":
        return Response(report_csv(edition), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="raport-{edition.id}.csv"'})
    abort(404)


