"""The add1 shortcut must give exactly what raising the share one unit at a time gives."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from pb.core import pabulib
from pb.core.tally import mes, ties
from tests.core.conftest import make_election
from tests.pabulib_files import in_repo


def naive_add1(setup: mes.MESSetup) -> tuple[Fraction, list[int], bool]:
    """The definition, unit by unit: the last outcome that fits before the first that does not.

    Also says whether the search ended on an outcome that does not fit.
    """
    core = setup.core
    share = setup.budget / core.total_weight
    kept_share, kept = share, core.run(share).selected
    fundable = sum(1 for a in core.approvers if a)
    b = math.floor(share)
    while len(kept) < fundable:
        b += 1
        outcome = core.run(b).selected
        if sum((core.costs[p] for p in outcome), Fraction(0)) > setup.budget:
            return kept_share, kept, True
        kept_share, kept = Fraction(b), outcome
        if b > setup.budget:  # every supporter alone could pay for anything by now
            break
    return kept_share, kept, False


def shortcut(setup):
    share, run = mes.add1_share(setup)
    return share, run.selected


def setup_for(election, chain=ties.PABULIB_MES_CHAIN):
    breaker = ties.TieBreaker.build(chain, election.projects, election.approvers())
    return mes.prepare(election, breaker, integral=True)


def random_election(rng: random.Random):
    n_projects = rng.randint(2, 7)
    costs = {f"p{i}": rng.choice([rng.randint(1, 60), 10 * rng.randint(1, 9)])
             for i in range(n_projects)}
    ids = list(costs)
    ballots = []
    for _ in range(rng.randint(2, 14)):
        ballots.append(tuple(rng.sample(ids, rng.randint(1, n_projects))))
    budget = rng.randint(20, 200)
    return make_election(costs, ballots, budget)


def test_shortcut_equals_unit_steps_on_random_elections():
    rng = random.Random(2024)
    overflows = 0
    for _ in range(300):
        election = random_election(rng)
        setup_a = setup_for(election)
        setup_b = setup_for(election)
        expected_share, expected, overflowed = naive_add1(setup_a)
        share, got = shortcut(setup_b)
        assert got == expected, pabulib.dumps(election)
        if overflowed:
            assert share == expected_share
            overflows += 1
    assert overflows > 100


def test_shortcut_equals_unit_steps_on_assen():
    election = pabulib.read(in_repo("Netherlands_Assen_2024.pb"))
    expected_share, expected, overflowed = naive_add1(setup_for(election))
    assert overflowed
    share, got = shortcut(setup_for(election))
    assert got == expected
    assert share == expected_share
