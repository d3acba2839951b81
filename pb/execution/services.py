"""Carrying out the chosen projects: tasks, money, own contribution, results, the journal.

Every change goes through here, takes the acting user, is refused unless that user is a member
of the project's group or a manager of its edition and the project is in execution, and lands
in the project's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pb import uploads
from pb.accounts.models import User
from pb.core.budget import Funding
from pb.core.workflow import (
    CLOSED_TASK,
    EXECUTING,
    Action,
    Actor,
    IllegalTransition,
    ProjectState,
    TaskStatus,
    task_move_allowed,
    transition,
)
from pb.debate.models import Debate, DebateState
from pb.errors import DomainError
from pb.execution.models import ContributionDelivery, Expense, JournalEntry, JournalPhoto
from pb.extensions import db
from pb.i18n import fmt_date
from pb.ops.audit import record as audit
from pb.permissions import (
    acting_may,
    can_run_debate,
    manages_project,
    project_actors,
    require,
    works_on_project,
)
from pb.projects.models import BudgetLine, Project, ResultIndicator, Task
from pb.projects.services import check_planned_dates, record_event

MAX_JOURNAL_PHOTOS = 3
JOURNAL_PHOTOS = uploads.Kind(folder="journal", field="photos")
RECEIPTS = uploads.Kind(
    folder="receipts", field="receipt", max_bytes=10 * uploads.MB, longest_side=2000,
    accepts_pdf=True,
    too_large=_l("The receipt file is too large: at most 10 MB."),
    not_accepted=_l("The receipt must be a photo (JPEG, PNG, WebP) or a PDF."),
)


def _require(project: Project, acting: User | None) -> None:
    require(acting_may(acting, works_on_project, project))
    if project.state not in EXECUTING:
        raise DomainError(_l("Only a project in execution can be changed here."))


def _actors(acting: User | None, project: Project) -> set[Actor]:
    """Who ``acting`` is to the project, for the workflow; the command line acts as both."""
    return {Actor.MEMBER, Actor.MANAGER} if acting is None else project_actors(acting, project)


# --- starting -------------------------------------------------------------------------------


def start_execution(debate: Debate, selected_positions: list[str], *, acting: User) -> int:
    """After the vote: the chosen projects go into execution, the others are kept, marked not
    chosen. The plan as voted is kept as each task's baseline. Returns how many started."""
    require(acting_may(acting, can_run_debate, debate))
    if debate.state != DebateState.CLOSED:
        raise DomainError(_l("The vote must be closed first."))
    if not any(e.project.state == ProjectState.ACCEPTED for e in debate.entries):
        raise DomainError(_l("Execution has already started."))
    started = 0
    for entry in debate.entries:
        project = entry.project
        if project.state != ProjectState.ACCEPTED:
            continue
        chosen = str(entry.position) in selected_positions
        action = Action.SELECT if chosen else Action.NOT_SELECT
        project.state = transition(project.state, action, _actors(acting, project))
        if chosen:
            started += 1
            for task in project.tasks:
                task.baseline_starts_on, task.baseline_ends_on = task.starts_on, task.ends_on
        record_event(project, acting, "chosen" if chosen else "not_chosen")
    audit("execution_started", f"debate:{debate.id}", actor=acting, chosen=selected_positions)
    return started


# --- tasks -----------------------------------------------------------------------------------


TASK_MOVE_REFUSED = {
    TaskStatus.DONE: _l("A finished task can only be reopened (in progress)."),
    TaskStatus.DROPPED: _l("A dropped task can only be taken up again (planned)."),
}


def update_task(task: Task, *, status: str, actual_start: date | None, actual_end: date | None,
                done_by: User | None, notes: str, acting: User | None) -> None:
    project = task.project
    _require(project, acting)
    try:
        status = TaskStatus(status)
    except ValueError:
        raise DomainError(_l("Choose a status from the list."), "status") from None
    if not task_move_allowed(TaskStatus(task.status), status):
        raise DomainError(TASK_MOVE_REFUSED[TaskStatus(task.status)], "status")
    for day, on in ((actual_start, "actual_start"), (actual_end, "actual_end")):
        if day is not None:
            check_happened_on(project, day, on)
    if actual_start and actual_end and actual_end < actual_start:
        raise DomainError(_l("The task cannot end before it starts."), "actual_end")
    if status == TaskStatus.DONE and not actual_end:
        raise DomainError(_l("Give the day the task was finished."), "actual_end")
    if status == TaskStatus.IN_PROGRESS and not actual_start:
        raise DomainError(_l("Give the day the task started."), "actual_start")
    if done_by is not None and not any(m.user_id == done_by.id for m in project.group.memberships):
        raise DomainError(_l("Choose a member of the group."), "done_by")
    if len(notes) > 2000:
        raise DomainError(_l("Notes can have at most 2000 characters."), "notes")
    before = task.status
    task.status, task.actual_start, task.actual_end = status, actual_start, actual_end
    task.done_by, task.notes = done_by, notes.strip()
    record_event(project, acting, "task_progress", title=task.title, status=status, before=before)


def replan_task(task: Task, *, starts_on: date, ends_on: date, reason: str, acting: User) -> None:
    """Move a task's planned dates; the plan as voted stays visible as the baseline."""
    project = task.project
    _require(project, acting)
    if not reason.strip():
        raise DomainError(_l("Say why the plan changes."), "reason")
    if ends_on < starts_on:
        raise DomainError(_l("The task cannot end before it starts."), "ends_on")
    check_planned_dates(project, starts_on, ends_on)
    old = (task.starts_on.isoformat(), task.ends_on.isoformat())
    task.starts_on, task.ends_on = starts_on, ends_on
    record_event(project, acting, "task_replanned", title=task.title, old=old,
         new=(starts_on.isoformat(), ends_on.isoformat()), reason=reason.strip())


def add_task(project: Project, *, title: str, starts_on: date, ends_on: date,
             responsible: User | None, reason: str, acting: User) -> Task:
    _require(project, acting)
    if not title.strip():
        raise DomainError(_l("Name the task."), "title")
    if not reason.strip():
        raise DomainError(_l("Say why the task is added."), "reason")
    if ends_on < starts_on:
        raise DomainError(_l("The task cannot end before it starts."), "ends_on")
    check_planned_dates(project, starts_on, ends_on)
    task = Task(title=title.strip()[:200], starts_on=starts_on, ends_on=ends_on,
                responsible=responsible, position=len(project.tasks), added_in_execution=True)
    project.tasks.append(task)
    record_event(project, acting, "task_added_in_execution", title=task.title,
                 reason=reason.strip())
    return task


# --- dates -----------------------------------------------------------------------------------

# What happened during execution (a purchase, a delivery, a journal entry, a task's actual start
# or end) is dated from a month before the execution phase (deposits, early preparations) to the
# day the edition closes.
EARLY_DAYS = 31


def happened_window(project: Project) -> tuple[date, date]:
    """The first and last day something done in ``project``'s execution may be dated."""
    edition = project.edition
    return edition.execution_from - timedelta(days=EARLY_DAYS), edition.closed_on


def check_happened_on(project: Project, day: date, on: str) -> None:
    """Refuse, on the form field ``on``, a date outside :func:`happened_window`."""
    start, end = happened_window(project)
    if not start <= day <= end:
        raise DomainError(_l("The date is outside the execution of this edition: from %(start)s "
                             "to %(end)s.", start=fmt_date(start), end=fmt_date(end)), on)


# --- money -----------------------------------------------------------------------------------


def receipt_path(expense: Expense) -> Path:
    return uploads.path_of(RECEIPTS, expense.project_id, expense.receipt_name or "")


def record_expense(project: Project, *, line: BudgetLine, spent_on: date, description: str,
                   amount_grosze: int, supplier: str, document_number: str,
                   receipt: bytes | None, acting: User) -> Expense:
    _require(project, acting)
    if line.project_id != project.id or line.funding != Funding.REQUESTED:
        raise DomainError(_l("Choose a line of this project's budget."), "line")
    if amount_grosze is None or amount_grosze <= 0:
        raise DomainError(_l("The amount must be greater than zero."), "amount")
    if amount_grosze > 100_000_000_00:
        raise DomainError(_l("This amount is far too large; check it."), "amount")
    if not description.strip():
        raise DomainError(_l("Say what was bought."), "description")
    check_happened_on(project, spent_on, "spent_on")
    expense = Expense(project=project, line=line, spent_on=spent_on,
                      description=description.strip()[:300], amount_grosze=amount_grosze,
                      supplier=supplier.strip()[:200],
                      document_number=document_number.strip()[:100],
                      created_by=acting)
    if receipt:
        stored = uploads.store(receipt, RECEIPTS, project.id)
        expense.receipt_name, expense.receipt_type = stored.name, stored.mime_type
    db.session.add(expense)
    db.session.flush()
    record_event(project, acting, "expense_recorded", amount=amount_grosze, line=line.item,
         description=expense.description)
    return expense


def remove_expense(expense: Expense, *, acting: User) -> Path | None:
    project = expense.project
    _require(project, acting)
    path = receipt_path(expense) if expense.receipt_name else None
    record_event(project, acting, "expense_removed", amount=expense.amount_grosze,
         description=expense.description)
    db.session.delete(expense)
    return path


def record_contribution(project: Project, *, line: BudgetLine, delivered_on: date,
                        quantity: Decimal, note: str, acting: User) -> ContributionDelivery:
    _require(project, acting)
    if line.project_id != project.id or line.funding != Funding.OWN:
        raise DomainError(_l("Choose an own-contribution line of this project."), "line")
    if quantity <= 0 or quantity > 100000 or quantity.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DomainError(_l("The quantity is a number greater than zero with at most two "
                             "decimals, and at most 100 000."), "quantity")
    check_happened_on(project, delivered_on, "delivered_on")
    record = ContributionDelivery(project_id=project.id, line=line, delivered_on=delivered_on,
                                  quantity_centi=int(quantity * 100), note=note.strip()[:300],
                                  created_by_id=acting.id)
    db.session.add(record)
    record_event(project, acting, "contribution_recorded", line=line.item, quantity=str(quantity))
    return record


# --- results, journal, completion -------------------------------------------------------------


def set_achieved(result: ResultIndicator, achieved: Decimal | None, *, acting: User) -> None:
    _require(result.project, acting)
    if achieved is not None and (achieved < 0 or achieved > 10_000_000
                                 or achieved.as_tuple().exponent < -2):  # type: ignore[operator]
        raise DomainError(_l("Give a number from 0, with at most two decimals."), "achieved")
    result.achieved_centi = None if achieved is None else int(achieved * 100)
    record_event(result.project, acting, "result_recorded", name=result.name,
         achieved=None if achieved is None else str(achieved))


def add_journal_entry(project: Project, *, written_on: date, body: str,
                      photos: list[bytes], acting: User) -> JournalEntry:
    _require(project, acting)
    if not body.strip():
        raise DomainError(_l("Write what happened."), "body")
    if len(body) > 5000:
        raise DomainError(_l("An entry can have at most 5000 characters."), "body")
    if len(photos) > MAX_JOURNAL_PHOTOS:
        raise DomainError(_l("At most %(n)d photos per entry.", n=MAX_JOURNAL_PHOTOS), "photos")
    check_happened_on(project, written_on, "written_on")
    entry = JournalEntry(project_id=project.id, author=acting, written_on=written_on,
                         body=body.strip())
    for stored in uploads.store_all(photos, JOURNAL_PHOTOS, project.id):
        entry.photos.append(JournalPhoto(stored_name=stored.name, width=stored.width,
                                         height=stored.height))
    db.session.add(entry)
    record_event(project, acting, "journal_entry", written_on=written_on.isoformat())
    return entry


def journal_folder(project: Project) -> Path:
    return uploads.folder_of(JOURNAL_PHOTOS, project.id)


def set_closing_story(project: Project, story: str, *, acting: User | None) -> None:
    require(acting_may(acting, works_on_project, project))
    if project.state not in (ProjectState.IN_EXECUTION, ProjectState.COMPLETED):
        raise DomainError(_l("Only a project in execution can be changed here."))
    if len(story) > 5000:
        raise DomainError(_l("The story can have at most 5000 characters."), "story")
    project.closing_story = story.strip()
    record_event(project, acting, "story_written")


def complete_project(project: Project, *, acting: User | None) -> None:
    require(acting_may(acting, manages_project, project))
    open_tasks = [t.title for t in project.tasks if t.status not in CLOSED_TASK]
    if open_tasks:
        raise DomainError(_l("Close every task first (done or dropped): %(tasks)s.",
                             tasks=", ".join(open_tasks)))
    try:
        project.state = transition(project.state, Action.COMPLETE, _actors(acting, project))
    except IllegalTransition as error:
        raise DomainError(_l("Only a project in execution can be changed here.")) from error
    record_event(project, acting, "completed")


def abandon_project(project: Project, *, reason: str, acting: User | None) -> None:
    require(acting_may(acting, manages_project, project))
    if not reason.strip():
        raise DomainError(_l("Say why the project is abandoned."), "reason")
    try:
        project.state = transition(project.state, Action.ABANDON, _actors(acting, project))
    except IllegalTransition as error:
        raise DomainError(_l("Only a project in execution can be changed here.")) from error
    project.abandon_reason = reason.strip()
    record_event(project, acting, "abandoned", reason=reason.strip())


# --- progress --------------------------------------------------------------------------------


@dataclass
class LineProgress:
    line: BudgetLine
    planned: int
    spent: int

    @property
    def left(self) -> int:
        return self.planned - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.planned


@dataclass
class ProjectProgress:
    project: Project
    lines: list[LineProgress] = field(default_factory=list)
    planned: int = 0
    spent: int = 0
    own_planned: int = 0
    own_delivered: int = 0
    tasks_done: int = 0
    tasks_total: int = 0
    late: list[Task] = field(default_factory=list)
    results: list[tuple[ResultIndicator, int | None]] = field(default_factory=list)

    @property
    def overspent(self) -> list[LineProgress]:
        return [row for row in self.lines if row.over]

    @property
    def spent_pct(self) -> int:
        return int(self.spent * 100 / self.planned) if self.planned else 0

    @property
    def tasks_pct(self) -> int:
        return int(self.tasks_done * 100 / self.tasks_total) if self.tasks_total else 0


def progress(project: Project, today: date) -> ProjectProgress:
    """Plan against actual for one project, as of ``today``."""
    from pb.core.budget import line_total

    spent_by_line: dict[int, int] = dict(db.session.execute(
        sa.select(Expense.budget_line_id, sa.func.sum(Expense.amount_grosze))
        .where(Expense.project_id == project.id).group_by(Expense.budget_line_id)
    ).all())
    delivered_by_line: dict[int, int] = dict(db.session.execute(
        sa.select(ContributionDelivery.budget_line_id,
                  sa.func.sum(ContributionDelivery.quantity_centi))
        .where(ContributionDelivery.project_id == project.id)
        .group_by(ContributionDelivery.budget_line_id)
    ).all())
    out = ProjectProgress(project)
    for line in project.budget_lines:
        if line.funding == Funding.REQUESTED:
            row = LineProgress(line, line.total_grosze, int(spent_by_line.get(line.id, 0)))
            out.lines.append(row)
            out.planned += row.planned
            out.spent += row.spent
        else:
            out.own_planned += line.total_grosze
            quantity = Decimal(int(delivered_by_line.get(line.id, 0))) / 100
            out.own_delivered += line_total(quantity, line.unit_price_grosze)
    for task in project.tasks:
        out.tasks_total += 1
        if task.status in CLOSED_TASK:
            out.tasks_done += 1
        if task.status not in CLOSED_TASK and task.ends_on < today:
            out.late.append(task)
        elif task.status == TaskStatus.DONE and task.actual_end and task.actual_end > task.ends_on:
            out.late.append(task)
    for result in project.results:
        pct = None
        if result.achieved_centi is not None and result.target_centi:
            pct = int(result.achieved_centi * 100 / result.target_centi)
        out.results.append((result, pct))
    return out


def expenses_of(project: Project) -> list[Expense]:
    return list(db.session.scalars(
        sa.select(Expense).where(Expense.project_id == project.id)
        .order_by(Expense.spent_on, Expense.id)
    ))


def journal_of(project: Project) -> list[JournalEntry]:
    return list(db.session.scalars(
        sa.select(JournalEntry).where(JournalEntry.project_id == project.id)
        .order_by(JournalEntry.written_on.desc(), JournalEntry.id.desc())
    ))


def contributions_of(project: Project) -> list[ContributionDelivery]:
    return list(db.session.scalars(
        sa.select(ContributionDelivery).where(ContributionDelivery.project_id == project.id)
        .order_by(ContributionDelivery.delivered_on)
    ))
