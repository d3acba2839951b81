"""Rules that go down the list of projects by votes: ``top:N`` and the greedy family."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pb.core.tally.model import Election, Money, Step, TallyError, TallyResult, Tie
from pb.core.tally.ties import TieBreaker


def ranking(
    election: Election, votes: Mapping[str, Money], breaker: TieBreaker
) -> list[str]:
    """Project ids by decreasing votes, ties ordered by the tie-breaking chain."""
    return sorted(
        (p.id for p in election.projects), key=lambda pid: (-votes[pid], breaker.key(pid))
    )


def _ties(
    order: Sequence[str],
    votes: Mapping[str, Money],
    decided: Mapping[str, bool],
    breaker: TieBreaker,
    context: str,
) -> list[Tie]:
    """Ties that mattered: equal votes where some of the tied projects won and some did not."""
    ties: list[Tie] = []
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and votes[order[end + 1]] == votes[order[start]]:
            end += 1
        group = order[start : end + 1]
        fates = {decided.get(pid, False) for pid in group}
        if len(group) > 1 and len(fates) > 1:
            by = {breaker.decided_by(group[i], group[i + 1]) for i in range(len(group) - 1)}
            name = next(n for n in (*breaker.chain, "order") if n in by)
            ties.append(Tie(tuple(sorted(group)), name, tuple(group), context))
        start = end + 1
    return ties


def greedy(
    election: Election,
    breaker: TieBreaker,
    *,
    skip: bool = True,
    threshold: Money | None = None,
    rule: str = "greedy",
    votes: Mapping[str, Money] | None = None,
) -> TallyResult:
    """Fund projects by decreasing votes while they fit in what is left of the budget.

    With ``skip`` a project that does not fit is passed over and the next one tried (``greedy``);
    without, the tally stops at the first project that does not fit (``greedy-no-skip``). Projects
    with fewer than ``threshold`` votes are not eligible (``greedy-threshold``).
    """
    votes = election.scores() if votes is None else votes
    order = ranking(election, votes, breaker)
    costs = {p.id: p.cost for p in election.projects}
    left: Money = election.budget
    selected: list[str] = []
    steps: list[Step] = []
    stopped = False
    for pid in order:
        cost = costs[pid]
        if threshold is not None and votes[pid] < threshold:
            steps.append(Step("below_threshold", {"project": pid, "votes": votes[pid],
                                                  "threshold": threshold}))
            continue
        if stopped:
            continue
        if cost <= left:
            steps.append(Step("funded", {"project": pid, "votes": votes[pid], "cost": cost,
                                         "left_before": left, "left_after": left - cost}))
            left -= cost
            selected.append(pid)
        elif skip:
            steps.append(Step("skipped", {"project": pid, "votes": votes[pid], "cost": cost,
                                          "left": left}))
        else:
            steps.append(Step("stopped", {"project": pid, "votes": votes[pid], "cost": cost,
                                          "left": left}))
            stopped = True
    eligible = [pid for pid in order if threshold is None or votes[pid] >= threshold]
    won = dict.fromkeys(selected, True)
    return TallyResult(
        rule=rule,
        selected=selected,
        total_cost=election.budget - left,
        budget=election.budget,
        steps=steps,
        ties=_ties(eligible, votes, won, breaker, "greedy"),
        tie_breaking=breaker.chain,
        seed=breaker.seed,
        currency=election.currency,
    )


def top_n(
    election: Election,
    breaker: TieBreaker,
    n: int,
    *,
    pool: bool = False,
    rule: str | None = None,
) -> TallyResult:
    """The ``n`` projects with the most votes, whatever they cost (the Wodzisław debate).

    With ``pool`` the money counts too: going down by votes, a project that does not fit in what
    is left is passed over, until ``n`` projects are funded.
    """
    if n < 0:
        raise TallyError("top:N needs N >= 0")
    votes = election.scores()
    order = ranking(election, votes, breaker)
    costs = {p.id: p.cost for p in election.projects}
    left: Money = election.budget
    selected: list[str] = []
    steps: list[Step] = []
    for rank, pid in enumerate(order, start=1):
        cost = costs[pid]
        if len(selected) >= n:
            steps.append(Step("not_in_top", {"project": pid, "votes": votes[pid], "rank": rank,
                                             "n": n}))
        elif pool and cost > left:
            steps.append(Step("skipped", {"project": pid, "votes": votes[pid], "cost": cost,
                                          "left": left}))
        else:
            steps.append(Step("funded", {"project": pid, "votes": votes[pid], "cost": cost,
                                         "left_before": left, "left_after": left - cost}))
            left -= cost
            selected.append(pid)
    total = sum((costs[pid] for pid in selected), 0)
    return TallyResult(
        rule=rule or (f"top:{n}:pool" if pool else f"top:{n}"),
        selected=selected,
        total_cost=total,
        budget=election.budget,
        steps=steps,
        ties=_ties(order, votes, dict.fromkeys(selected, True), breaker, "top"),
        tie_breaking=breaker.chain,
        seed=breaker.seed,
        currency=election.currency,
    )
