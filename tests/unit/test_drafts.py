"""The pure rules of drafting: budget arithmetic, schedule checks, completeness, the state
machine, versions and their differences."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pb.core.budget import (
    BudgetCategory,
    BudgetLineSpec,
    Funding,
    line_problems,
    line_total,
    parse_quantity,
    totals,
)
from pb.core.drafts import (
    DraftContent,
    ResultSpec,
    content_from_snapshot,
    diff_snapshots,
    draft_problems,
    snapshot,
)
from pb.core.schedule import TaskSpec, task_problems
from pb.core.workflow import (
    Action,
    Actor,
    IllegalTransition,
    ProjectState,
    allowed_actions,
    transition,
)

WINDOW = (date(2013, 4, 1), date(2013, 11, 29))

quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
prices = st.integers(min_value=1, max_value=10_000_000)


def line(category=BudgetCategory.MATERIALS, item="Farba", quantity="4", unit="szt.",
         price=18_900, funding=Funding.REQUESTED):
    return BudgetLineSpec(category, item, Decimal(quantity), unit, price, funding)


# --- budget arithmetic -----------------------------------------------------------------------


def test_line_total_rounds_half_up_to_the_grosz():
    assert line_total(Decimal("2.5"), 3333) == 8333  # 8332.5 → 8333
    assert line_total(Decimal("0.5"), 1) == 1  # 0.5 grosz → 1
    assert line_total(Decimal("3"), 18_900) == 56_700


@given(quantity=quantities, price=prices)
def test_line_total_is_within_half_a_grosz_of_the_exact_product(quantity, price):
    total = line_total(quantity, price)
    assert isinstance(total, int)
    assert abs(Decimal(total) - quantity * price) <= Decimal("0.5")


@given(st.lists(st.tuples(quantities, prices, st.booleans()), max_size=30))
def test_totals_are_the_sums_of_the_line_totals(rows):
    lines = [
        line(BudgetCategory.VOLUNTEER_WORK if own else BudgetCategory.MATERIALS, quantity=str(q), price=p,
             funding=Funding.OWN if own else Funding.REQUESTED)
        for q, p, own in rows
    ]
    result = totals(lines)
    requested = sum(line_total(q, p) for q, p, own in rows if not own)
    own = sum(line_total(q, p) for q, p, own in rows if own)
    assert (result.requested_grosze, result.own_grosze) == (requested, own)
    assert result.whole_grosze == requested + own
    assert sum(result.by_category.values()) == requested


@given(st.lists(st.tuples(quantities, prices), min_size=1, max_size=20), st.randoms())
def test_totals_do_not_depend_on_the_order_of_lines(rows, rnd):
    lines = [line(quantity=str(q), price=p) for q, p in rows]
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    assert totals(lines) == totals(shuffled)


@pytest.mark.parametrize(
    ("spec", "problems"),
    [
        (line(), []),
        (line(item=" "), ["item"]),
        (line(unit=""), ["unit"]),
        (line(quantity="0"), ["quantity"]),
        (line(quantity="-1"), ["quantity"]),
        (line(quantity="1.255"), ["quantity"]),
        (line(quantity="100000.01"), ["quantity"]),
        (line(price=0), ["price"]),
        (line(price=-5), ["price"]),
        (line(quantity="100000", price=200_000_00), ["total"]),
        (line(BudgetCategory.VOLUNTEER_WORK), ["category"]),
        (line(BudgetCategory.MATERIALS, funding=Funding.OWN, price=0), ["category"]),
        (line(BudgetCategory.VOLUNTEER_WORK, funding=Funding.OWN, price=0), []),
    ],
)
def test_line_problems(spec, problems):
    assert line_problems(spec) == problems


@pytest.mark.parametrize(("text", "value"), [("2,5", "2.5"), (" 1 000 ", "1000"), ("3", "3")])
def test_parse_quantity(text, value):
    assert parse_quantity(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "dwa", "1,2,3", "NaN", "Infinity", "1e3x"])
def test_parse_quantity_refuses(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


# --- schedule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "problems"),
    [
        (TaskSpec("Zakup", date(2013, 4, 1), date(2013, 4, 1)), []),
        (TaskSpec("Zakup", date(2013, 11, 29), date(2013, 11, 29)), []),
        (TaskSpec("", date(2013, 5, 1), date(2013, 5, 2)), ["title"]),
        (TaskSpec("Zakup", date(2013, 5, 2), date(2013, 5, 1)), ["order"]),
        (TaskSpec("Zakup", date(2013, 3, 31), date(2013, 4, 2)), ["window"]),
        (TaskSpec("Zakup", date(2013, 11, 1), date(2013, 11, 30)), ["window"]),
    ],
)
def test_task_problems(task, problems):
    assert task_problems(task, WINDOW) == problems


@given(st.dates(min_value=date(2012, 1, 1), max_value=date(2014, 12, 31)),
       st.dates(min_value=date(2012, 1, 1), max_value=date(2014, 12, 31)))
def test_a_task_inside_the_window_in_order_has_no_problems(start, end):
    problems = task_problems(TaskSpec("T", start, end), WINDOW)
    inside = WINDOW[0] <= start and end <= WINDOW[1]
    assert ("order" in problems) == (end < start)
    assert ("window" in problems) == (not inside)


# --- completeness ----------------------------------------------------------------------------


def complete() -> DraftContent:
    return DraftContent(
        title="Place zabaw", summary="Odnawiamy", need="Zniszczone", beneficiaries="dzieci",
        beneficiaries_count=150, place="Wilchwy", description="Opis",
        results=[ResultSpec("Place", "szt.", Decimal(3))],
        tasks=[TaskSpec("Malowanie", date(2013, 5, 1), date(2013, 5, 10), "Anna", 0)],
        budget=[line()],
    )


def test_a_complete_draft_has_no_problems():
    assert draft_problems(complete(), cap_grosze=5_000_00, window=WINDOW) == []


def test_a_draft_names_a_need_when_the_diagnosis_has_needs_to_choose():
    def codes(chosen: int, to_choose: int) -> list[str]:
        return [p.code for p in draft_problems(complete(), cap_grosze=5_000_00, window=WINDOW,
                                               needs_chosen=chosen, needs_to_choose=to_choose)]

    assert codes(0, 3) == ["missing_needs"]
    assert codes(1, 3) == [] and codes(2, 3) == []
    # A diagnosis with nothing to choose (an old edition, or every need closed) holds no one back.
    assert codes(0, 0) == []


def test_an_empty_draft_lists_everything_missing():
    empty = DraftContent("", "", "", "", None, "", "")
    codes = {(p.section, p.code) for p in draft_problems(empty, cap_grosze=1, window=WINDOW)}
    assert codes == {
        ("basics", "missing_title"), ("basics", "missing_summary"), ("basics", "missing_need"),
        ("basics", "missing_beneficiaries"), ("basics", "missing_beneficiaries_count"),
        ("basics", "missing_place"), ("basics", "missing_description"),
        ("results", "none"), ("schedule", "none"), ("budget", "none"),
    }


def test_the_cap_counts_only_requested_money():
    content = complete()
    own = line(BudgetCategory.VOLUNTEER_WORK, quantity="1000", price=10_00, funding=Funding.OWN)
    at_cap = DraftContent(**{**content.__dict__, "budget": [line(quantity="1", price=5_000_00), own]})
    assert draft_problems(at_cap, cap_grosze=5_000_00, window=WINDOW) == []
    over = DraftContent(**{**content.__dict__, "budget": [line(quantity="1", price=5_000_01)]})
    problems = draft_problems(over, cap_grosze=5_000_00, window=WINDOW)
    assert [(p.code, p.detail) for p in problems] == [
        ("over_cap", {"total": 5_000_01, "cap": 5_000_00})
    ]


def test_problems_point_at_the_row():
    content = complete()
    bad = DraftContent(**{**content.__dict__, "tasks": [
        content.tasks[0], TaskSpec("Zła", date(2013, 6, 2), date(2013, 6, 1), "", 1),
    ]})
    problems = draft_problems(bad, cap_grosze=5_000_00, window=WINDOW)
    assert [(p.code, p.index) for p in problems] == [("task_order", 2), ("task_responsible", 2)]


# --- the state machine -----------------------------------------------------------------------


def test_the_review_cycle():
    member, manager = {Actor.MEMBER}, {Actor.MANAGER}
    state = transition(ProjectState.DRAFT, Action.SUBMIT, member)
    state = transition(state, Action.RETURN, manager)
    assert state == ProjectState.RETURNED
    state = transition(state, Action.SUBMIT, member)
    assert transition(state, Action.ACCEPT, manager) == ProjectState.ACCEPTED


@pytest.mark.parametrize(
    ("state", "action", "actors", "reason"),
    [
        (ProjectState.SUBMITTED, Action.ACCEPT, {Actor.MEMBER}, "actor"),
        (ProjectState.SUBMITTED, Action.RETURN, {Actor.MEMBER}, "actor"),
        (ProjectState.DRAFT, Action.ACCEPT, {Actor.MANAGER}, "state"),
        (ProjectState.ACCEPTED, Action.SUBMIT, {Actor.MEMBER, Actor.MANAGER}, "state"),
        (ProjectState.WITHDRAWN, Action.SUBMIT, {Actor.MEMBER}, "state"),
        (ProjectState.DRAFT, Action.SUBMIT, set(), "actor"),
    ],
)
def test_illegal_moves_are_refused(state, action, actors, reason):
    with pytest.raises(IllegalTransition) as error:
        transition(state, action, actors)
    assert error.value.reason == reason


def test_allowed_actions_by_role():
    assert allowed_actions(ProjectState.SUBMITTED, {Actor.MEMBER}) == [Action.WITHDRAW]
    assert allowed_actions(ProjectState.SUBMITTED, {Actor.MANAGER}) == [
        Action.RETURN, Action.ACCEPT, Action.WITHDRAW,
    ]
    assert allowed_actions(ProjectState.DRAFT, set()) == []


# --- versions --------------------------------------------------------------------------------


def test_snapshot_round_trips():
    content = complete()
    assert content_from_snapshot(snapshot(content)) == content


def test_diff_reports_fields_and_rows():
    old = complete()
    new = DraftContent(**{
        **old.__dict__,
        "title": "Trzy place zabaw",
        "budget": [line(quantity="6"), line(item="Piasek", price=6_500)],
        "tasks": [],
    })
    changes = diff_snapshots(snapshot(old), snapshot(new))
    summary = [(c.section, c.kind, c.name) for c in changes]
    assert summary == [
        ("basics", "changed", "title"),
        ("schedule", "removed", "tasks"),
        ("budget", "edited", "budget"),
        ("budget", "added", "budget"),
    ]
    edited = changes[2]
    assert (edited.old["quantity"], edited.new["quantity"]) == ("4", "6")
    assert diff_snapshots(snapshot(old), snapshot(old)) == []


def test_moving_a_row_is_not_a_change():
    content = complete()
    two = DraftContent(**{**content.__dict__, "budget": [line(), line(item="Piasek")]})
    swapped = DraftContent(**{**content.__dict__, "budget": [line(item="Piasek"), line()]})
    assert diff_snapshots(snapshot(two), snapshot(swapped)) == []
