"""Every rule on small elections whose answers are worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from pb.core.tally import Ballot, Election, Project, TallyError, tally
from pb.core.tally.explain import explain_step, format_money
from tests.core.conftest import make_election


def wodzislaw():
    """Six micro-projects, 20,000 PLN, guests choose 4 (votes 9, 7, 7, 5, 4, 2)."""
    costs = {"1": 6000, "2": 3000, "3": 5000, "4": 7000, "5": 2000, "6": 4000}
    votes = {"1": 9, "2": 7, "3": 7, "4": 5, "5": 4, "6": 2}
    ballots = []
    for pid, n in votes.items():
        ballots.extend([(pid,)] * n)
    return make_election(costs, ballots, 20000)


def test_top_n_ignores_money():
    result = tally(wodzislaw(), "top:4")
    # 2 and 3 tie on 7 votes; both are in the top 4 so the tie decides nothing
    assert result.selected == ["1", "2", "3", "4"]
    assert result.total_cost == 21000 and result.left == -1000
    assert result.ties == []


def test_top_n_limited_by_the_pool():
    result = tally(wodzislaw(), "top:4:pool")
    # 1, 2, 3 cost 14,000; 4 (7,000) does not fit in 6,000; 5 does; the fourth place is 5
    assert result.selected == ["1", "2", "3", "5"]
    assert result.total_cost == 16000


def test_top_n_tie_at_the_boundary_is_reported():
    result = tally(wodzislaw(), "top:2", tie_breaking="cost")
    assert result.selected == ["1", "2"]  # 2 is cheaper than 3
    [tie] = result.ties
    assert tie.projects == ("2", "3") and tie.decided_by == "cost" and tie.order == ("2", "3")


def test_greedy_skips_what_does_not_fit():
    election = make_election(
        {"a": 50, "b": 60, "c": 30, "d": 20},
        [("a", "b"), ("a", "b"), ("a", "c"), ("b",), ("c", "d"), ("d",)],
        100,
    )
    # votes: a 3, b 3, c 2, d 2; a/b tie -> cost -> a; b 60 > 50 left: skip; c/d tie -> cost
    # -> d, then c; both fit, so that tie decides nothing
    result = tally(election, "greedy")
    assert result.selected == ["a", "d", "c"]
    assert [s.kind for s in result.steps] == ["funded", "skipped", "funded", "funded"]
    assert result.total_cost == 100
    [tie] = result.ties
    assert tie.decided_by == "cost" and tie.order == ("a", "b")


def test_greedy_no_skip_stops_at_the_first_misfit():
    election = make_election(
        {"a": 50, "b": 60, "c": 30}, [("a", "b"), ("a", "b"), ("a",), ("c",)], 100
    )
    result = tally(election, "greedy-no-skip")
    assert result.selected == ["a"]
    assert result.steps[1].kind == "stopped"


def test_greedy_threshold_leaves_out_projects_below_it():
    election = make_election(
        {"a": 50, "b": 10, "c": 30}, [("a", "b"), ("a", "b"), ("a",), ("c",)], 100,
        min_project_score_threshold=2,
    )
    assert tally(election, "greedy-threshold").selected == ["a", "b"]
    assert tally(election, "greedy", apply_threshold=False).selected == ["a", "b", "c"]
    no_threshold = make_election({"a": 1}, [("a",)], 1)
    with pytest.raises(TallyError, match="min_project_score_threshold"):
        tally(no_threshold, "greedy-threshold")


def test_money_is_exact():
    # 0.1 + 0.2 fits in 0.3 exactly; with floats it would not
    election = make_election({"a": Fraction("0.1"), "b": Fraction("0.2")}, [("a", "b")],
                             Fraction("0.3"))
    result = tally(election, "greedy")
    assert result.selected == ["a", "b"] and result.left == 0
    with pytest.raises(TallyError, match="exact"):
        Election([Project("a", 1)], [], 0.3)


def test_draw_is_seeded_recorded_and_repeatable():
    election = make_election({p: 10 for p in "abcdef"}, [tuple("abcdef")], 30)
    first = tally(election, "greedy", tie_breaking="draw", seed=7)
    assert first.seed == 7 and len(first.selected) == 3
    assert tally(election, "greedy", tie_breaking="draw", seed=7).selected == first.selected
    orders = {tuple(tally(election, "greedy", tie_breaking="draw", seed=s).selected)
              for s in range(20)}
    assert len(orders) > 1
    fresh = tally(election, "greedy")  # default chain ends with a draw
    assert fresh.seed is not None
    assert tally(election, "greedy", seed=fresh.seed).selected == fresh.selected
    assert fresh.ties and fresh.ties[0].decided_by == "draw"


def test_weighted_voter_categories():
    election = Election(
        [Project("a", 10), Project("b", 10)],
        [Ballot(("a",), category="resident")] * 3 + [Ballot(("b",), category="official")] * 2,
        10,
        category_weights={"official": 2},
    )
    assert election.scores() == {"a": 3, "b": 4}
    assert tally(election, "greedy").selected == ["b"]


def minority():
    """7 voters want a and b, 3 want c; each costs 50, the budget is 100."""
    return make_election(
        {"a": 50, "b": 50, "c": 50}, [("a", "b")] * 7 + [("c",)] * 3, 100
    )


def test_greedy_ignores_the_minority():
    assert set(tally(minority(), "greedy").selected) == {"a", "b"}


def test_mes_plain():
    result = tally(minority(), "mes", tie_breaking="order")
    # shares of 10: a costs 50/7 each (rho 1/7), tied with b -> file order; afterwards the 7
    # hold 20 < 50 for b, and c's 3 supporters hold 30 < 50
    assert result.selected == ["a"]
    funded = result.steps[0]
    assert funded.kind == "mes_funded"
    assert funded.data["per_voter"] == Fraction(50, 7)
    assert funded.data["rho"] == Fraction(1, 7)
    assert result.payments == {"a": {"all": 50}}
    assert [t.order for t in result.ties] == [("a", "b")]


def test_mes_add1_raises_the_share_until_the_outcome_overflows():
    result = tally(minority(), "equalshares/add1", tie_breaking="order")
    # share 14: {a}; 15 and 16: {a, b} (cost 100); 17: c becomes affordable, cost 150 > 100
    assert result.selected == ["a", "b"]
    assert result.steps[0].kind == "mes_share" and result.steps[0].data["share"] == 16


def test_mes_completion_and_comparison():
    election = make_election(
        {"a": 60, "b": 30, "c": 30, "d": 20},
        [("a",)] * 5 + [("b", "c")] * 3 + [("d",)] * 2,
        100,
    )
    # shares of 10: a (5 hold 50 < 60) no; b: 3 hold 30 = 30 yes; then c: 0 left; d: 20 = 20
    plain = tally(election, "mes", tie_breaking="order")
    assert plain.selected == ["b", "d"]
    completed = tally(election, "mes+greedy", tie_breaking="order")
    # 50 left: a (5 votes) is tried first and does not fit, then c (3 votes) does
    assert completed.selected == ["b", "d", "c"]
    assert completed.steps[-1].kind == "completion_funded"
    # greedy: a (5 votes) 60, b 30, c does not fit, d does not fit -> {a, b}
    # 5 voters prefer greedy, 2 prefer MES, the 3 b+c voters are indifferent (1 each)
    compared = tally(election, "equalshares/add1-comparison", tie_breaking="order")
    step = compared.steps[-1]
    assert step.kind == "comparison"
    assert step.data["winner"] == "greedy"
    assert set(compared.selected) == {"a", "b"}


def test_mes_payments_add_up_to_the_costs():
    election = Election(
        [Project("a", 30), Project("b", 45), Project("c", 25)],
        [Ballot(("a", "b"), category="resident")] * 4
        + [Ballot(("b", "c"), category="official")] * 2
        + [Ballot(("c",), category="resident")],
        100,
    )
    result = tally(election, "mes")
    assert result.payments
    for pid, paid in result.payments.items():
        assert sum(paid.values()) == election.project(pid).cost
    assert set(result.payments["b"]) == {"resident", "official"}


def test_unknown_rule():
    with pytest.raises(TallyError, match="unsupported rule"):
        tally(minority(), "borda-count")
    with pytest.raises(TallyError, match="names no rule"):
        tally(minority())


def test_explanations_in_polish_and_english():
    result = tally(make_election({"4": 6500, "5": 5000}, [("4",)] * 212 + [("5",)], 9800),
                   "greedy")
    funded, skipped = result.steps
    assert explain_step(funded, "en") == (
        "project 4 funded: 212 votes, PLN\u00a06,500 fits in the PLN\u00a09,800 left"
    )
    assert explain_step(funded, "pl") == (
        "projekt 4 wybrany: 212 głosów, 6\u00a0500\u00a0zł mieści się w pozostałych "
        "9\u00a0800\u00a0zł"
    )
    assert "1 vote," in explain_step(skipped, "en")
    assert "1 głos," in explain_step(skipped, "pl")
    assert format_money(Fraction("1234.5"), "pl") == "1\u00a0234,50\u00a0zł"
    assert format_money(Fraction(1, 3), "en", "EUR") == "EUR\u00a00.33"
    with pytest.raises(TallyError):
        explain_step(funded, "de")


def test_every_step_kind_renders():
    elections = [minority(), wodzislaw()]
    rules = ["top:2", "greedy", "greedy-no-skip", "mes+greedy", "equalshares/add1-comparison"]
    for election in elections:
        for rule in rules:
            for step in tally(election, rule, seed=1).steps:
                for lang in ("pl", "en"):
                    assert explain_step(step, lang)
