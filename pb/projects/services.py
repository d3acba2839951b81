"""Operations on micro-projects. Each takes the acting user, checks the rules, records the
history, and raises :class:`DomainError` with a message for the user when a rule says no."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from pb.accounts.models import User
from pb.core.budget import OWN_CATEGORIES, BudgetCategory, BudgetLineSpec, Funding, line_problems
from pb.core.drafts import Problem, draft_problems, snapshot
from pb.core.schedule import TaskSpec, task_problems
from pb.core.workflow import (
    EDITABLE,
    PUBLIC,
    Action,
    Actor,
    IllegalTransition,
    ProjectState,
    transition,
)
from pb.db_types import utcnow
from pb.diagnosis.models import Need, NeedState
from pb.editions.models import Edition, Group
from pb.errors import DomainError
from pb.extensions import db
from pb.ops.audit import record as audit
from pb.permissions import (
    acting_may,
    can_create_project_in,
    project_actors,
    require,
    works_on_project,
)
from pb.projects.models import (
    BudgetLine,
    Project,
    ProjectEvent,
    ProjectVersion,
    ResultIndicator,
    ReviewComment,
    Task,
)

SECTIONS = ("basics", "results", "schedule", "budget")
MAX_RESULTS = 20
MAX_TASKS = 60
MAX_BUDGET_LINES = 100


# --- rules shared by the operations ---------------------------------------------------------


def require_editable(project: Project, acting: User | None) -> None:
    """Refuse a change to the draft's content unless ``acting`` works on it and it is in the
    group's hands."""
    require(acting_may(acting, works_on_project, project))
    if project.state not in EDITABLE:
        raise DomainError(
            _l("The project is locked while it is with the animator; it can be changed again "
               "once it is returned.")
        )


def record_event(project: Project, acting: User | None, action: str, **detail) -> None:
    """Add a line to the project's history (who, when, what) and touch its update time."""
    db.session.add(ProjectEvent(project=project, actor=acting, action=action, detail=detail))
    project.updated_at = utcnow()


# --- the draft itself ------------------------------------------------------------------------


@dataclass(frozen=True)
class BasicsData:
    title: str
    summary: str
    need: str
    beneficiaries: str
    beneficiaries_count: int | None
    place: str
    description: str


def create_project(group: Group, *, acting: User | None, title: str = "") -> Project:
    require(acting_may(acting, can_create_project_in, group))
    project = Project(edition=group.edition, group=group, title=title.strip())
    db.session.add(project)
    db.session.flush()
    record_event(project, acting, "created")
    return project


def update_basics(project: Project, data: BasicsData, *, acting: User) -> None:
    require_editable(project, acting)
    for key, value in data.__dict__.items():
        setattr(project, key, value.strip() if isinstance(value, str) else value)
    record_event(project, acting, "edited", section="basics")


# Needs of the diagnosis the draft answers


def needs_to_choose_from(project: Project) -> list[Need]:
    """The needs a draft may name: its edition's needs that are not closed, and any it already
    names that has since been closed (kept, so the group sees it and may drop it), by number."""
    linked = {need.id for need in project.needs}
    query = (
        sa.select(Need).where(Need.edition_id == project.edition_id)
        .where(sa.or_(Need.state != NeedState.CLOSED, Need.id.in_(linked)))
        .order_by(Need.number)
        .options(selectinload(Need.supports), selectinload(Need.category))
    )
    return list(db.session.scalars(query))


def _open_needs_count(edition_id: int) -> int:
    """How many needs of the edition's diagnosis a draft can pick (those not closed)."""
    return db.session.scalar(
        sa.select(sa.func.count(Need.id))
        .where(Need.edition_id == edition_id, Need.state != NeedState.CLOSED)
    ) or 0


def set_project_needs(project: Project, need_ids: list[int], *, acting: User) -> None:
    """Name the needs of the diagnosis the draft answers (replacing those it named).

    Only needs of the project's own edition, and not closed ones — except a need the draft
    already names, which stays named when it is closed later until the group drops it."""
    require_editable(project, acting)
    wanted = set(need_ids)
    current = {need.id: need for need in project.needs}
    found = {
        need.id: need for need in db.session.scalars(
            sa.select(Need).where(Need.id.in_(wanted), Need.edition_id == project.edition_id)
        )
    } if wanted else {}
    if set(found) != wanted:
        raise DomainError(_l("Choose the needs from this edition's diagnosis."), "needs")
    if any(need.state == NeedState.CLOSED and need.id not in current
           for need in found.values()):
        raise DomainError(_l("A closed need cannot be chosen any more."), "needs")
    if wanted == set(current):
        return
    project.needs = sorted(found.values(), key=lambda need: need.number)
    record_event(project, acting, "needs_set",
                 numbers=[need.number for need in project.needs])


def _window(edition: Edition) -> tuple[date, date]:
    return edition.execution_from, edition.closed_on - timedelta(days=1)


def execution_window(project: Project) -> tuple[date, date]:
    """The first and last day tasks may be planned on: the edition's execution phase."""
    return _window(project.edition)


def check_planned_dates(project: Project, starts_on: date, ends_on: date) -> None:
    """Refuse a task planned outside the execution phase, on the field that is outside it (when
    drafting, replanning or adding a task in execution alike)."""
    start, end = execution_window(project)
    if start <= starts_on <= end and start <= ends_on <= end:
        return
    from pb.i18n import fmt_date

    message = _l("Plan the task within the execution phase: from %(start)s to %(end)s.",
                 start=fmt_date(start), end=fmt_date(end))
    raise DomainError(message, "starts_on" if not start <= starts_on <= end else "ends_on")


# Results


def _check_result(name: str, unit: str, target: Decimal) -> None:
    if not name.strip():
        raise DomainError(_l("Name the result."), "name")
    if not unit.strip():
        raise DomainError(_l("Give a unit, for example “pcs” or “people”."), "unit")
    if target <= 0 or target > Decimal("1000000") or target.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DomainError(_l("The target is a number greater than zero, at most two decimals."),
                          "target")


def add_result(project: Project, *, name: str, unit: str, target: Decimal, acting: User) -> None:
    require_editable(project, acting)
    if len(project.results) >= MAX_RESULTS:
        raise DomainError(_l("A project can have at most %(n)d results.", n=MAX_RESULTS))
    _check_result(name, unit, target)
    project.results.append(ResultIndicator(
        name=name.strip(), unit=unit.strip(), target_centi=int(target * 100),
        position=len(project.results),
    ))
    record_event(project, acting, "result_added", name=name.strip())


def update_result(result: ResultIndicator, *, name: str, unit: str, target: Decimal,
                  acting: User) -> None:
    require_editable(result.project, acting)
    _check_result(name, unit, target)
    result.name, result.unit, result.target_centi = name.strip(), unit.strip(), int(target * 100)
    record_event(result.project, acting, "result_edited", name=result.name)


def remove_result(result: ResultIndicator, *, acting: User) -> None:
    project = result.project
    require_editable(project, acting)
    project.results.remove(result)
    _renumber(project.results)
    record_event(project, acting, "result_removed", name=result.name)


# Schedule

TASK_MESSAGES = {
    "title": (_l("Name the task."), "title"),
    "order": (_l("The task cannot end before it starts."), "ends_on"),
}


def _check_task(project: Project, title: str, starts_on: date, ends_on: date,
                responsible: User | None) -> None:
    for code in task_problems(TaskSpec(title, starts_on, ends_on), execution_window(project)):
        if code == "window":
            check_planned_dates(project, starts_on, ends_on)
        message, field = TASK_MESSAGES[code]
        raise DomainError(message, field)
    if responsible is not None and not any(
        m.user_id == responsible.id for m in project.group.memberships
    ):
        raise DomainError(_l("The responsible person must be a member of the group."),
                          "responsible")


def add_task(project: Project, *, title: str, starts_on: date, ends_on: date,
             responsible: User | None, acting: User) -> Task:
    require_editable(project, acting)
    if len(project.tasks) >= MAX_TASKS:
        raise DomainError(_l("A schedule can have at most %(n)d tasks.", n=MAX_TASKS))
    _check_task(project, title, starts_on, ends_on, responsible)
    task = Task(title=title.strip(), starts_on=starts_on, ends_on=ends_on,
                responsible=responsible, position=len(project.tasks))
    project.tasks.append(task)
    record_event(project, acting, "task_added", title=task.title)
    return task


def update_task(task: Task, *, title: str, starts_on: date, ends_on: date,
                responsible: User | None, acting: User) -> None:
    require_editable(task.project, acting)
    _check_task(task.project, title, starts_on, ends_on, responsible)
    task.title, task.starts_on, task.ends_on = title.strip(), starts_on, ends_on
    task.responsible = responsible
    record_event(task.project, acting, "task_edited", title=task.title)


def remove_task(task: Task, *, acting: User) -> None:
    project = task.project
    require_editable(project, acting)
    project.tasks.remove(task)
    _renumber(project.tasks)
    record_event(project, acting, "task_removed", title=task.title)


def move_task(task: Task, offset: int, *, acting: User) -> None:
    """Move a task up (-1) or down (+1) in the schedule's order."""
    project = task.project
    require_editable(project, acting)
    tasks = list(project.tasks)
    index = tasks.index(task)
    target = index + offset
    if 0 <= target < len(tasks):
        tasks[index], tasks[target] = tasks[target], tasks[index]
        _renumber(tasks)
        record_event(project, acting, "task_moved", title=task.title)


def _renumber(rows) -> None:
    """Positions follow the list's order, with no gaps."""
    for position, row in enumerate(rows):
        row.position = position


# Budget

LINE_MESSAGES = {
    "item": (_l("Say what the line is for."), "item"),
    "unit": (_l("Give a unit, for example “pcs”, “hours” or “tickets”."), "unit"),
    "quantity": (_l("The quantity is a number greater than zero with at most two decimals, "
                    "and at most 100 000."), "quantity"),
    "price": (_l("Enter a unit price greater than zero."), "unit_price"),
    "total": (_l("This line comes to more than 100 million PLN; check the quantity and price."),
              "unit_price"),
    "category": (_l("Choose a category from the list."), "category"),
}


def _check_line(spec: BudgetLineSpec) -> None:
    problems = line_problems(spec)
    if problems:
        message, field = LINE_MESSAGES[problems[0]]
        raise DomainError(message, field)


def add_budget_line(project: Project, *, category: BudgetCategory, item: str, quantity: Decimal,
                    unit: str, unit_price_grosze: int, acting: User) -> BudgetLine:
    require_editable(project, acting)
    if len(project.budget_lines) >= MAX_BUDGET_LINES:
        raise DomainError(_l("A budget can have at most %(n)d lines.", n=MAX_BUDGET_LINES))
    funding = Funding.OWN if category in OWN_CATEGORIES else Funding.REQUESTED
    spec = BudgetLineSpec(category, item.strip(), quantity, unit.strip(), unit_price_grosze,
                          funding)
    _check_line(spec)
    line = BudgetLine(
        category=category, item=spec.item, quantity_centi=int(quantity * 100), unit=spec.unit,
        unit_price_grosze=unit_price_grosze, funding=funding,
        position=len(project.budget_lines),
    )
    project.budget_lines.append(line)
    record_event(project, acting, "budget_line_added", item=line.item)
    return line


def update_budget_line(line: BudgetLine, *, category: BudgetCategory, item: str, quantity: Decimal,
                       unit: str, unit_price_grosze: int, acting: User) -> None:
    require_editable(line.project, acting)
    funding = Funding.OWN if category in OWN_CATEGORIES else Funding.REQUESTED
    if funding != line.funding:
        raise DomainError(LINE_MESSAGES["category"][0], "category")
    spec = BudgetLineSpec(category, item.strip(), quantity, unit.strip(), unit_price_grosze,
                          funding)
    _check_line(spec)
    line.category, line.item, line.unit = category, spec.item, spec.unit
    line.quantity_centi, line.unit_price_grosze = int(quantity * 100), unit_price_grosze
    record_event(line.project, acting, "budget_line_edited", item=line.item)


def remove_budget_line(line: BudgetLine, *, acting: User) -> None:
    project = line.project
    require_editable(project, acting)
    project.budget_lines.remove(line)
    _renumber(project.budget_lines)
    record_event(project, acting, "budget_line_removed", item=line.item)


# --- review workflow -------------------------------------------------------------------------


def submission_problems(project: Project) -> list[Problem]:
    """What keeps the draft from being sent (see :func:`pb.core.drafts.draft_problems`; a
    draft need not name a need when its edition's diagnosis has none to choose from)."""
    return draft_problems(
        project.content(),
        cap_grosze=project.edition.project_cap_grosze,
        window=execution_window(project),
        needs_chosen=len(project.needs),
        needs_to_choose=_open_needs_count(project.edition_id),
    )


class NotReady(DomainError):
    """Submitting failed: ``problems`` lists everything still missing."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_l("The project is not ready to submit yet."))
        self.problems = problems


def _move(project: Project, action: Action, acting: User) -> None:
    try:
        project.state = transition(project.state, action, _actors(acting, project))
    except IllegalTransition as error:
        if error.reason == "actor":
            raise PermissionError from error
        raise DomainError(_l("This cannot be done now: the project is “%(state)s”.",
                             state=STATE_LABELS[project.state])) from error


def _actors(acting: User | None, project: Project) -> set[Actor]:
    """Who ``acting`` is to the project, for the workflow; the command line acts as both."""
    return {Actor.MEMBER, Actor.MANAGER} if acting is None else project_actors(acting, project)


def submit_project(project: Project, *, acting: User) -> ProjectVersion:
    """Send the draft to the animator: check it, keep a copy as a new version, lock it."""
    problems = submission_problems(project)
    if problems:
        raise NotReady(problems)
    _move(project, Action.SUBMIT, acting)
    version = ProjectVersion(
        project=project, number=len(project.versions) + 1, submitted_by=acting,
        snapshot=snapshot(project.content()),
    )
    db.session.add(version)
    record_event(project, acting, "submitted", version=version.number)
    return version


def return_project(project: Project, *, comment: str, section: str | None, acting: User) -> None:
    if not comment.strip():
        raise DomainError(_l("Write what the group should change."), "body")
    if project.state == ProjectState.ACCEPTED:
        _leave_debate(project)
    _move(project, Action.RETURN, acting)
    add_comment(project, body=comment, section=section, acting=acting, log=False)
    record_event(project, acting, "returned")


def _leave_debate(project: Project) -> None:
    """An accepted project taken back for changes leaves its debate's list — but only before
    ballot cards are printed: once they are, what the cards say is what is voted on."""
    from pb.debate import services as debates
    from pb.debate.models import BallotCard, Debate, DebateProject, DebateState

    debate = db.session.scalar(
        sa.select(Debate).join(DebateProject).where(DebateProject.project_id == project.id)
    )
    if debate is None:
        return
    printed = db.session.scalar(sa.select(sa.func.count(BallotCard.id))
                                .where(BallotCard.debate_id == debate.id))
    if debate.state != DebateState.SETUP or printed:
        raise DomainError(_l("This project is on the printed ballot cards; it cannot be taken "
                             "back for changes any more."))
    debates.set_presented_projects(
        debate, [e.project_id for e in debate.entries if e.project_id != project.id],
        acting=None)


def accept_project(project: Project, *, acting: User) -> None:
    """Accept the project for the debate; each open need it answers becomes answered.

    Nothing reopens a need automatically (not a withdrawal, a return for changes or a lost
    vote): another project may answer the same need, and a need once answered has been worked
    on — whether it is open again is the animator's call on the diagnosis page."""
    _move(project, Action.ACCEPT, acting)
    record_event(project, acting, "accepted")
    for need in project.needs:
        if need.state == NeedState.OPEN:
            need.state = NeedState.ANSWERED
            audit("need_answered", f"need:{need.id}", actor=acting, project=project.id)


def withdraw_project(project: Project, *, acting: User) -> None:
    _move(project, Action.WITHDRAW, acting)
    record_event(project, acting, "withdrawn")


def reopen_project(project: Project, *, acting: User) -> None:
    _move(project, Action.REOPEN, acting)
    record_event(project, acting, "reopened")


def add_comment(project: Project, *, body: str, section: str | None, acting: User,
                log: bool = True) -> ReviewComment:
    require(acting_may(acting, works_on_project, project))
    if not body.strip():
        raise DomainError(_l("Write the comment."), "body")
    if len(body) > 5000:
        raise DomainError(_l("A comment can have at most 5000 characters."), "body")
    if section is not None and section not in SECTIONS:
        raise DomainError(_l("Choose a section from the list."), "section")
    comment = ReviewComment(
        project=project, author=acting, section=section, body=body.strip(),
        version_number=project.versions[-1].number if project.versions else None,
    )
    db.session.add(comment)
    if log:
        record_event(project, acting, "commented")
    return comment


STATE_LABELS = {
    ProjectState.DRAFT: _l("draft"),
    ProjectState.SUBMITTED: _l("submitted for review"),
    ProjectState.RETURNED: _l("returned for changes"),
    ProjectState.ACCEPTED: _l("accepted for the debate"),
    ProjectState.WITHDRAWN: _l("withdrawn"),
    ProjectState.NOT_SELECTED: _l("not chosen at the debate"),
    ProjectState.IN_EXECUTION: _l("chosen — being carried out"),
    ProjectState.COMPLETED: _l("completed"),
    ProjectState.ABANDONED: _l("abandoned"),
}


# --- lists -----------------------------------------------------------------------------------


def projects_of_edition(edition: Edition) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project).where(Project.edition_id == edition.id).order_by(Project.id)
    ))


def public_projects(edition: Edition) -> list[Project]:
    return [p for p in projects_of_edition(edition) if p.state in PUBLIC]


def projects_of_group(group: Group) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project).where(Project.group_id == group.id).order_by(Project.id)
    ))


@dataclass(frozen=True)
class EditionProjectsSummary:
    """The edition's projects for the animator's and coordinator's overview."""

    projects: list[Project]
    ready: list[Project]  # accepted for the debate
    requested_total: int
    ready_total: int
    pool: int
    counts: dict[ProjectState, int]


def edition_projects_summary(edition: Edition) -> EditionProjectsSummary:
    items = projects_of_edition(edition)
    active = [p for p in items if p.state != ProjectState.WITHDRAWN]
    ready = [p for p in items if p.state == ProjectState.ACCEPTED]
    counts = {state: sum(1 for p in items if p.state == state) for state in ProjectState}
    return EditionProjectsSummary(
        projects=items,
        ready=ready,
        requested_total=sum(p.requested_grosze for p in active),
        ready_total=sum(p.requested_grosze for p in ready),
        pool=edition.pool_grosze,
        counts=counts,
    )
