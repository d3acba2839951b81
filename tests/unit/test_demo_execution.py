"""The Wilchwy execution demo agrees with the projects, the groups, the window and the money."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from pb.core.budget import line_total, parse_quantity
from pb.demo.wodzislaw_2012 import EDITION, GROUPS
from pb.demo.wodzislaw_2012_execution import BALLOTS, EXECUTION, VOTES, ballot_marks
from pb.demo.wodzislaw_2012_projects import PROJECTS

WINDOW = (date(2013, 4, 1), date(2013, 11, 29))
ANIMATOR = "animator@wilchwy.example"
MEMBERS = {g["name"]: set(g["members"]) for g in GROUPS}
BY_TITLE = {p["title"]: p for p in PROJECTS}
CHOSEN = {p["title"] for p in PROJECTS if p["chosen"]}
KEYS = {"tasks", "expenses", "own", "results", "journal", "story"}
STATUSES = {"planned", "in_progress", "done", "dropped"}


def _lines(project: dict, funding: str) -> dict[str, int]:
    return {item: line_total(parse_quantity(qty), price)
            for _, item, qty, _, price, f in project["budget"] if f == funding}


def _spent(title: str) -> int:
    return sum(amount for _, _, _, amount, _, _ in EXECUTION[title]["expenses"])


def _in_window(day: date) -> bool:
    return WINDOW[0] <= day <= WINDOW[1]


def test_execution_covers_exactly_the_chosen_projects():
    assert set(EXECUTION) == CHOSEN
    assert len(CHOSEN) == 4
    for data in EXECUTION.values():
        assert set(data) == KEYS


@pytest.mark.parametrize("title", sorted(CHOSEN))
def test_tasks_match_the_schedule_in_order(title):
    project, tasks = BY_TITLE[title], EXECUTION[title]["tasks"]
    assert [t[0] for t in tasks] == [t[0] for t in project["tasks"]]
    for (name, status, start, end, login, note), planned in zip(tasks, project["tasks"],
                                                                strict=True):
        assert status in STATUSES
        assert isinstance(start, date) and isinstance(end, date)
        assert start <= end and _in_window(start) and _in_window(end), name
        assert start >= EDITION["execution_from"]
        assert login in MEMBERS[project["group"]], (name, login)
        assert isinstance(note, str)
        assert abs((start - planned[1]).days) <= 14, name  # carried out about as planned


def test_almost_all_tasks_done_one_late():
    statuses = Counter(t[1] for data in EXECUTION.values() for t in data["tasks"])
    assert statuses["done"] >= sum(statuses.values()) - 1
    late = [
        (title, actual[0])
        for title, data in EXECUTION.items()
        for actual, planned in zip(data["tasks"], BY_TITLE[title]["tasks"], strict=True)
        if actual[3] > planned[2]
    ]
    assert len(late) == 1, late


@pytest.mark.parametrize("title", sorted(CHOSEN))
def test_expenses_match_requested_lines_in_integer_grosze(title):
    project = BY_TITLE[title]
    requested = _lines(project, "requested")
    for item, day, description, amount, supplier, document in EXECUTION[title]["expenses"]:
        assert item in requested, item
        assert type(amount) is int and amount > 0
        assert _in_window(day)
        assert description.strip() and supplier.strip() and document.strip()
    # Every requested line was used, and the project stays within its plan plus 2 %.
    assert {e[0] for e in EXECUTION[title]["expenses"]} == set(requested)
    assert _spent(title) * 100 <= sum(requested.values()) * 102


def test_exactly_one_line_overspent_and_total_within_pool():
    over = []
    for title in CHOSEN:
        requested = _lines(BY_TITLE[title], "requested")
        spent: Counter[str] = Counter()
        for item, _, _, amount, _, _ in EXECUTION[title]["expenses"]:
            spent[item] += amount
        over += [(title, item) for item in spent if spent[item] > requested[item]]
        # close to plan: no line under 85 % of its plan
        assert all(spent[item] * 100 >= requested[item] * 85 for item in requested), title
    assert len(over) == 1, over
    assert sum(_spent(t) for t in CHOSEN) <= EDITION["pool_grosze"]


@pytest.mark.parametrize("title", sorted(CHOSEN))
def test_own_contribution_and_results_match_the_project(title):
    project, data = BY_TITLE[title], EXECUTION[title]
    own = _lines(project, "own")
    assert {o[0] for o in data["own"]} == set(own)
    for _item, quantity, day, note in data["own"]:
        assert Decimal(quantity) > 0 and _in_window(day) and isinstance(note, str)
    targets = {name: Decimal(target) for name, _, target in project["results"]}
    assert [r[0] for r in data["results"]] == list(targets)
    for name, achieved in data["results"]:
        assert Decimal(achieved) >= 0, name


def test_results_are_what_really_happened():
    achieved = {name: Decimal(value) for data in EXECUTION.values()
                for name, value in data["results"]}
    assert achieved["Odnowione place zabaw"] == 3
    assert achieved["Dzieci z karnetem"] == 75
    assert achieved["Uczestnicy wycieczki"] == 100
    assert achieved["Uczestnicy pikniku"] > 0


@pytest.mark.parametrize("title", sorted(CHOSEN))
def test_journal_and_story(title):
    group = BY_TITLE[title]["group"]
    data = EXECUTION[title]
    assert 3 <= len(data["journal"]) <= 5
    for day, login, text in data["journal"]:
        assert _in_window(day)
        assert login in MEMBERS[group] or login == ANIMATOR, login
        assert 2 <= text.count(".") <= 5, text
    assert [d for d, _, _ in data["journal"]] == sorted(d for d, _, _ in data["journal"])
    assert 3 <= data["story"].count(".") <= 5
    assert "ą" in data["story"] + data["journal"][0][2] or "ę" in data["story"]


def test_votes_top_four_are_the_chosen():
    assert set(VOTES) == set(BY_TITLE)
    totals = {title: r + o for title, (r, o) in VOTES.items()}
    ranked = sorted(totals, key=totals.get, reverse=True)
    assert set(ranked[:4]) == CHOSEN
    fourth, fifth = totals[ranked[3]], totals[ranked[4]]
    assert fourth - fifth >= 10  # clearly below
    for residents, officials in VOTES.values():
        assert 0 <= residents <= BALLOTS["resident"] and 0 <= officials <= BALLOTS["official"]


@pytest.mark.parametrize("category", ["resident", "official"])
def test_ballot_marks_reproduce_the_votes(category):
    ballots = ballot_marks(category)
    assert len(ballots) == BALLOTS[category]
    index = 0 if category == "resident" else 1
    counted = Counter(title for marks in ballots for title in marks)
    assert counted == Counter({t: v[index] for t, v in VOTES.items() if v[index]})
    for marks in ballots:
        assert 1 <= len(marks) <= 4 and len(set(marks)) == len(marks)
    assert ballot_marks(category) == ballots  # deterministic
