"""Turning a project into what pages and printouts show: problems in words, the schedule chart,
the one-page sheet."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import get_month_names
from flask import url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pb.core.budget import Funding
from pb.core.drafts import Problem
from pb.core.gantt import gantt_layout, gantt_svg
from pb.core.schedule import ordered
from pb.i18n import fmt_date, money
from pb.projects.models import Project
from pb.projects.services import execution_window

_MESSAGES = {
    ("basics", "missing_title"): _l("Give the project a title."),
    ("basics", "missing_summary"): _l("Describe the project in one sentence."),
    ("basics", "missing_needs"): _l(
        "Choose the need from the district's diagnosis that the project answers."
    ),
    ("basics", "missing_need"): _l("Say in your own words how the project answers the need."),
    ("basics", "missing_beneficiaries"): _l("Say who benefits from the project."),
    ("basics", "missing_beneficiaries_count"): _l("Say how many people benefit."),
    ("basics", "missing_place"): _l("Say where in the district it happens."),
    ("basics", "missing_description"): _l("Describe the project."),
    ("results", "none"): _l("Add at least one expected result with a target."),
    ("results", "invalid"): _l("Result %(index)d needs a name, a unit and a target above zero."),
    ("schedule", "none"): _l("Add the tasks of the schedule."),
    ("schedule", "task_title"): _l("Task %(index)d has no name."),
    ("schedule", "task_order"): _l("Task %(index)d ends before it starts."),
    ("schedule", "task_window"): _l(
        "Task %(index)d lies outside the execution phase (%(start)s – %(end)s)."
    ),
    ("schedule", "task_responsible"): _l("Task %(index)d has nobody responsible for it."),
    ("budget", "none"): _l("Add the lines of the budget: what the money will buy."),
    ("budget", "line_item"): _l("Budget line %(index)d does not say what it is for."),
    ("budget", "line_unit"): _l("Budget line %(index)d has no unit."),
    ("budget", "line_quantity"): _l("Budget line %(index)d has a wrong quantity."),
    ("budget", "line_price"): _l("Budget line %(index)d has no price."),
    ("budget", "line_total"): _l("Budget line %(index)d is far too large."),
    ("budget", "line_category"): _l("Budget line %(index)d has a wrong category."),
    ("budget", "over_cap"): _l(
        "The money requested, %(total)s, is more than the limit for one project, %(cap)s."
    ),
}

_SECTION_ENDPOINTS = {
    "basics": "projects.edit_basics",
    "results": "projects.edit_results",
    "schedule": "projects.edit_schedule",
    "budget": "projects.edit_budget",
}


# Problems fixed in one part of a section's page: the link goes straight there.
_PROBLEM_ANCHORS = {"missing_needs": "needs"}


@dataclass(frozen=True)
class ProblemMessage:
    section: str
    text: str
    link: str


def problem_messages(problems: list[Problem], project: Project) -> list[ProblemMessage]:
    """Each problem as a sentence the group understands, with a link to where it is fixed."""
    start, end = execution_window(project)
    out = []
    for problem in problems:
        params = {"index": problem.index or 0, "start": fmt_date(start), "end": fmt_date(end)}
        if problem.code == "over_cap":
            params.update(total=money(problem.detail["total"]), cap=money(problem.detail["cap"]))
        template = _MESSAGES.get((problem.section, problem.code))
        text = _format(template, params) if template is not None else problem.code
        anchor = _PROBLEM_ANCHORS.get(problem.code)
        out.append(ProblemMessage(
            problem.section, text,
            url_for(_SECTION_ENDPOINTS[problem.section], project_id=project.id, _anchor=anchor),
        ))
    return out


def _format(template, params: dict) -> str:
    text = str(template)
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return text


# --- the needs a project answers -------------------------------------------------------------


def need_label(need) -> str:
    """"Answers need no. 3: Broken playground" for a need (or anything with its number and
    title, such as a ballot's kept copy)."""
    return _("Answers need no. %(number)d: %(title)s", number=need.number, title=need.title)


def need_support(count: int) -> str:
    """How many residents supported a need, in words with the right plural form."""
    if count <= 0:
        return _("no residents' support yet")
    return ngettext("supported by %(num)d resident", "supported by %(num)d residents", count)


def need_line(need) -> str:
    """The need with its support, as one line: "… (supported by 12 residents)"."""
    return f"{need_label(need)} ({need_support(need.support_count)})"


def month_labels() -> list[str]:
    names = get_month_names("abbreviated", context="stand-alone", locale=get_locale())
    return [names[i] for i in range(1, 13)]


def schedule_svg(project: Project, *, today=None) -> str:
    """The schedule as an inline SVG chart, in the user's language."""
    tasks = ordered([t.spec() for t in project.tasks])
    layout = gantt_layout(tasks, window=execution_window(project), today=today)
    return gantt_svg(
        layout,
        month_labels=month_labels(),
        format_date=fmt_date,
        title=_("Schedule of “%(title)s”", title=project.display_title),
    )


def sheet_pdf(project: Project) -> bytes:
    """The printable one-page sheet for the debate."""
    from pb.projects.forms import CATEGORY_LABELS
    from pb.projects.photos import photo_path
    from pb.projects.sheet import SheetData, project_sheet_pdf

    def rows(funding: Funding) -> list[tuple[str, str, str, str, str, str]]:
        return [
            (
                str(CATEGORY_LABELS[line.category]), line.item,
                format(line.quantity.normalize(), "f").replace(".", ","), line.unit,
                money(line.unit_price_grosze), money(line.total_grosze),
            )
            for line in project.budget_lines if line.funding == funding
        ]

    photo = None
    if project.photos:
        path = photo_path(project.photos[0])
        if path.exists():
            photo = path.read_bytes()
    data = SheetData(
        edition_name=project.edition.name,
        group_name=project.group.name,
        title=project.display_title,
        summary=project.summary,
        need=project.need,
        answered_needs=[need_line(need) for need in project.needs],
        beneficiaries=(
            f"{project.beneficiaries} ({project.beneficiaries_count})"
            if project.beneficiaries_count else project.beneficiaries
        ),
        place=project.place,
        description=project.description,
        results=[(r.name, f"{format(r.target.normalize(), 'f').replace('.', ',')} {r.unit}")
                 for r in project.results],
        tasks=[t.spec() for t in project.tasks],
        window=execution_window(project),
        budget_rows=rows(Funding.REQUESTED),
        requested_total=money(project.requested_grosze),
        own_rows=rows(Funding.OWN),
        own_total=money(project.own_grosze),
        cap_note=_("Limit for one project: %(cap)s", cap=money(project.edition.project_cap_grosze)),
        photo=photo,
        labels=sheet_labels(),
        month_labels=month_labels(),
        format_date=fmt_date,
        footer=_("%(edition)s · %(group)s · pb", edition=project.edition.name,
                 group=project.group.name),
    )
    return project_sheet_pdf(data)


def sheet_labels() -> dict[str, str]:
    """The sheet's headings and column names in the user's language."""
    return {
        "group": _("Group"),
        "answers": _("Needs of the diagnosis"),
        "need": _("How it answers the need"),
        "beneficiaries": _("Who benefits"),
        "place": _("Place"),
        "description": _("Description"),
        "results": _("Expected results"),
        "schedule": _("Schedule"),
        "budget": _("Budget"),
        "category": _("Category"),
        "item": _("What"),
        "quantity": _("Quantity"),
        "unit": _("Unit"),
        "unit_price": _("Unit price"),
        "line_total": _("Total"),
        "requested_total": _("Money requested"),
        "own": _("Own contribution"),
        "own_total": _("Own contribution in total"),
        # {count} is filled in by the sheet when it folds a long budget.
        "more_lines": _("… and {count} more lines"),
        "empty": _("(none)"),
    }
