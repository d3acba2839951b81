"""The Wilchwy demo micro-projects are consistent with the edition and the core rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pb.core.budget import (
    BudgetCategory,
    BudgetLineSpec,
    Funding,
    line_problems,
    parse_quantity,
    totals,
)
from pb.core.schedule import TaskSpec, task_problems
from pb.demo.wodzislaw_2012 import EDITION, GROUPS
from pb.demo.wodzislaw_2012_projects import PROJECTS

WINDOW = (date(2013, 4, 1), date(2013, 11, 29))
MEMBERS = {g["name"]: set(g["members"]) for g in GROUPS}
KEYS = {"group", "title", "summary", "need", "beneficiaries", "beneficiaries_count", "place",
        "description", "results", "tasks", "budget", "chosen", "answers", "spot"}


def _lines(project: dict) -> list[BudgetLineSpec]:
    return [
        BudgetLineSpec(BudgetCategory(cat), item, parse_quantity(qty), unit, price, Funding(funding))
        for cat, item, qty, unit, price, funding in project["budget"]
    ]


def test_six_projects_four_chosen_two_per_group():
    assert len(PROJECTS) == 6
    assert sum(p["chosen"] for p in PROJECTS) == 4
    assert len({p["title"] for p in PROJECTS}) == 6
    for group in MEMBERS:
        assert sum(p["group"] == group for p in PROJECTS) == 2


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p["title"])
def test_project_shape(project):
    assert set(project) == KEYS
    assert project["group"] in MEMBERS
    assert len(project["summary"]) <= 160
    for key in ("title", "need", "beneficiaries", "place", "description"):
        assert project[key].strip()
    assert isinstance(project["beneficiaries_count"], int) and project["beneficiaries_count"] > 0
    assert project["results"]
    for name, unit, target in project["results"]:
        assert name and unit and Decimal(target) > 0


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p["title"])
def test_tasks_in_window_by_group_members(project):
    assert 4 <= len(project["tasks"]) <= 8
    assert WINDOW[0] >= EDITION["execution_from"] and WINDOW[1] < EDITION["closed_on"]
    for title, start, end, login in project["tasks"]:
        assert task_problems(TaskSpec(title, start, end, login), WINDOW) == []
        assert login in MEMBERS[project["group"]], (title, login)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p["title"])
def test_budget_lines_clean_and_within_cap(project):
    assert 5 <= len(project["budget"]) <= 12
    lines = _lines(project)
    for line in lines:
        assert line_problems(line) == [], line
    assert totals(lines).requested_grosze <= EDITION["project_cap_grosze"]


def test_most_projects_record_own_contribution():
    with_own = [p for p in PROJECTS if totals(_lines(p)).own_grosze > 0]
    assert len(with_own) >= 4


def test_winners_fit_the_pool():
    chosen = [totals(_lines(p)).requested_grosze for p in PROJECTS if p["chosen"]]
    assert sum(chosen) <= EDITION["pool_grosze"]
    titles = " ".join(p["title"] for p in PROJECTS if p["chosen"])
    for word in ("place zabaw", "Piknik", "basenie", "Ustronia"):
        assert word in titles
