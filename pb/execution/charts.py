"""The plan-against-actual timeline of a project, drawn as server-side SVG."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from pb.core.gantt import gantt_layout, gantt_svg
from pb.core.schedule import TaskSpec
from pb.core.workflow import TaskStatus
from pb.i18n import fmt_date
from pb.projects.models import Project
from pb.projects.presenters import month_labels
from pb.projects.services import execution_window


def plan_vs_actual_svg(project: Project, today: date) -> str:
    """Each task's plan (as voted, or as re-planned) with its actual dates beneath it."""
    tasks = sorted(project.tasks, key=lambda t: (t.position, t.starts_on))
    specs = [
        TaskSpec(t.title, t.baseline_starts_on or t.starts_on, t.baseline_ends_on or t.ends_on,
                 t.responsible.name if t.responsible else "", i)
        for i, t in enumerate(tasks)
    ]
    actual = {
        i: (t.actual_start, t.actual_end if t.status == TaskStatus.DONE else None)
        for i, t in enumerate(tasks)
        if t.actual_start is not None
    }
    layout = gantt_layout(specs, window=execution_window(project), actual=actual, today=today)
    return gantt_svg(layout, month_labels=month_labels(), format_date=fmt_date,
                     title=_("Plan and actual dates of “%(title)s”", title=project.display_title))
