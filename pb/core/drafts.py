"""What a micro-project draft holds, whether it is ready to submit, and what changed between
two versions. Plain data in, plain data out; the web layer words the problems."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from pb.core.budget import (
    BudgetCategory,
    BudgetLineSpec,
    Funding,
    line_problems,
    line_total,
    totals,
)
from pb.core.schedule import TaskSpec, ordered, task_problems

MIN_TASKS = 1
MIN_BUDGET_LINES = 1


@dataclass(frozen=True)
class ResultSpec:
    """An expected result: a measurable indicator with its target (``3`` ``szt.``)."""

    name: str
    unit: str
    target: Decimal


@dataclass(frozen=True)
class DraftContent:
    title: str
    summary: str
    need: str
    beneficiaries: str
    beneficiaries_count: int | None
    place: str
    description: str
    results: list[ResultSpec] = field(default_factory=list)
    tasks: list[TaskSpec] = field(default_factory=list)
    budget: list[BudgetLineSpec] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Something that keeps a draft from being submitted.

    ``section`` is ``basics``, ``results``, ``schedule`` or ``budget``; ``code`` names the
    problem; ``index`` is the 1-based row in the section when it concerns one row; ``detail``
    carries numbers for the message (e.g. the total and the cap, in grosze).
    """

    section: str
    code: str
    index: int | None = None
    detail: dict = field(default_factory=dict)


_REQUIRED_TEXT = ("title", "summary", "need", "beneficiaries", "place", "description")


def draft_problems(
    content: DraftContent, *, cap_grosze: int, window: tuple[date, date] | None,
    needs_chosen: int = 0, needs_to_choose: int = 0,
) -> list[Problem]:
    """Everything that keeps ``content`` from being submitted, section by section.

    A draft answers one or more needs of its edition's diagnosis: ``needs_chosen`` is how many
    it names, ``needs_to_choose`` how many the diagnosis offers (its needs not closed). When the
    diagnosis offers none — an edition from before diagnoses, or one whose needs are all
    closed — the group has nothing to pick from, so a missing need does not hold the draft back
    (the basics page says the diagnosis has no needs yet); otherwise a draft naming no need
    gets ``("basics", "missing_needs")``.
    """
    problems: list[Problem] = []
    if needs_to_choose > 0 and needs_chosen == 0:
        problems.append(Problem("basics", "missing_needs"))
    for name in _REQUIRED_TEXT:
        if not getattr(content, name).strip():
            problems.append(Problem("basics", f"missing_{name}"))
    if content.beneficiaries_count is None or content.beneficiaries_count <= 0:
        problems.append(Problem("basics", "missing_beneficiaries_count"))

    if not content.results:
        problems.append(Problem("results", "none"))
    for i, result in enumerate(content.results, start=1):
        if not result.name.strip() or not result.unit.strip() or result.target <= 0:
            problems.append(Problem("results", "invalid", i))

    if len(content.tasks) < MIN_TASKS:
        problems.append(Problem("schedule", "none"))
    for i, task in enumerate(ordered(content.tasks), start=1):
        for code in task_problems(task, window):
            problems.append(Problem("schedule", f"task_{code}", i))
        if not task.responsible.strip():
            problems.append(Problem("schedule", "task_responsible", i))

    requested = [line for line in content.budget if line.funding == Funding.REQUESTED]
    if len(requested) < MIN_BUDGET_LINES:
        problems.append(Problem("budget", "none"))
    for i, line in enumerate(content.budget, start=1):
        for code in line_problems(line):
            problems.append(Problem("budget", f"line_{code}", i))
    requested_total = totals(content.budget).requested_grosze
    if requested_total > cap_grosze:
        problems.append(
            Problem("budget", "over_cap", detail={"total": requested_total, "cap": cap_grosze})
        )
    return problems


# --- versions ------------------------------------------------------------------------------


def snapshot(content: DraftContent) -> dict:
    """A JSON-ready copy of the draft, kept with each submitted version."""
    data = asdict(content)
    data["results"] = [
        {"name": r.name, "unit": r.unit, "target": str(r.target)} for r in content.results
    ]
    data["tasks"] = [
        {
            "title": t.title,
            "start": t.start.isoformat(),
            "end": t.end.isoformat(),
            "responsible": t.responsible,
        }
        for t in ordered(content.tasks)
    ]
    data["budget"] = [
        {
            "category": str(b.category),
            "item": b.item,
            "quantity": str(b.quantity),
            "unit": b.unit,
            "unit_price_grosze": b.unit_price_grosze,
            "funding": str(b.funding),
            "total_grosze": line_total(b.quantity, b.unit_price_grosze),
        }
        for b in content.budget
    ]
    return data


def content_from_snapshot(data: dict) -> DraftContent:
    """Rebuild a :class:`DraftContent` from :func:`snapshot`'s output."""
    return DraftContent(
        title=data["title"],
        summary=data["summary"],
        need=data["need"],
        beneficiaries=data["beneficiaries"],
        beneficiaries_count=data["beneficiaries_count"],
        place=data["place"],
        description=data["description"],
        results=[ResultSpec(r["name"], r["unit"], Decimal(r["target"])) for r in data["results"]],
        tasks=[
            TaskSpec(
                t["title"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]),
                t["responsible"], i,
            )
            for i, t in enumerate(data["tasks"])
        ],
        budget=[
            BudgetLineSpec(
                BudgetCategory(b["category"]), b["item"], Decimal(b["quantity"]), b["unit"],
                b["unit_price_grosze"], Funding(b["funding"]),
            )
            for b in data["budget"]
        ],
    )


@dataclass(frozen=True)
class Change:
    """One difference between two versions.

    ``kind`` is ``changed`` (a field), ``added``, ``removed`` or ``edited`` (a row). For a field,
    ``name`` is the field; for a row, ``name`` is the snapshot key (``results``, ``tasks``,
    ``budget``) and ``old``/``new`` are the rows (dicts).
    """

    section: str
    kind: str
    name: str
    old: object = None
    new: object = None


_BASIC_FIELDS = ("title", "summary", "need", "beneficiaries", "beneficiaries_count", "place",
                 "description")
_ROW_SECTIONS = {"results": "results", "tasks": "schedule", "budget": "budget"}


# What names a row, so that a row changed in place reads as "edited" rather than as one row
# removed and another added.
_ROW_IDENTITY = {"results": "name", "tasks": "title", "budget": "item"}


def diff_snapshots(old: dict, new: dict) -> list[Change]:
    """The changes from ``old`` to ``new``: fields that differ; rows removed, added or edited.

    Rows equal in every value are unchanged wherever they moved. Of the rest, a removed and an
    added row with the same name (a task's title, a budget line's item, a result's name) are
    one row edited.
    """
    changes: list[Change] = []
    for name in _BASIC_FIELDS:
        if old.get(name) != new.get(name):
            changes.append(Change("basics", "changed", name, old.get(name), new.get(name)))
    for key, section in _ROW_SECTIONS.items():
        removed = _unmatched(old.get(key, []), new.get(key, []))
        added = _unmatched(new.get(key, []), old.get(key, []))
        identity = _ROW_IDENTITY[key]
        for row in removed:
            partner = next((a for a in added if a.get(identity) == row.get(identity)), None)
            if partner is not None:
                added.remove(partner)
                changes.append(Change(section, "edited", key, old=row, new=partner))
            else:
                changes.append(Change(section, "removed", key, old=row))
        changes.extend(Change(section, "added", key, new=row) for row in added)
    return changes


def _unmatched(rows: list[dict], others: list[dict]) -> list[dict]:
    """Rows of ``rows`` with no equal row left in ``others`` (multiset difference)."""
    pool = [_row_key(r) for r in others]
    out = []
    for row in rows:
        key = _row_key(row)
        if key in pool:
            pool.remove(key)
        else:
            out.append(row)
    return out


def _row_key(row: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in row.items() if k != "total_grosze"))
