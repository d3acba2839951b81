"""The schedule (harmonogram): tasks with dates, a responsible member and an order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TaskSpec:
    """One task of a schedule as plain data. ``responsible`` is the member's display name."""

    title: str
    start: date
    end: date
    responsible: str = ""
    position: int = 0


def task_problems(task: TaskSpec, window: tuple[date, date] | None = None) -> list[str]:
    """Codes of what is wrong with one task; empty when it is fine.

    ``title``: missing; ``order``: ends before it starts; ``window``: starts before or ends after
    the edition's execution window (``window`` is the first day and the last day, inclusive).
    """
    problems: list[str] = []
    if not task.title.strip():
        problems.append("title")
    if task.end < task.start:
        problems.append("order")
    if window is not None and (task.start < window[0] or task.end > window[1]):
        problems.append("window")
    return problems


def schedule_span(tasks: list[TaskSpec]) -> tuple[date, date] | None:
    """The first start and the last end of the tasks, or ``None`` without tasks."""
    if not tasks:
        return None
    return min(t.start for t in tasks), max(t.end for t in tasks)


def ordered(tasks: list[TaskSpec]) -> list[TaskSpec]:
    """Tasks in the order the group set, then by start date."""
    return sorted(tasks, key=lambda t: (t.position, t.start, t.end, t.title))
