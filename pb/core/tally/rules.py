"""Rule names and the one entry point, :func:`tally`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pb.core.tally import greedy as greedy_rules
from pb.core.tally import mes as mes_rules
from pb.core.tally.model import Election, TallyError, TallyResult
from pb.core.tally.ties import (
    DEFAULT_CHAIN,
    PABULIB_GREEDY_CHAIN,
    PABULIB_MES_CHAIN,
    TieBreaker,
    parse_chain,
)

RULES = (
    "top:N",
    "top:N:pool",
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "mes",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1-comparison",
)
"""Rule names :func:`tally` accepts; MES rules also take a ``+greedy`` suffix (completion)."""

_MES_ALIASES = {
    "mes": "equalshares",
    "equalshares": "equalshares",
    "mes/add1": "equalshares/add1",
    "equalshares/add1": "equalshares/add1",
    "mes/add1-comparison": "equalshares/add1-comparison",
    "equalshares/add1-comparison": "equalshares/add1-comparison",
}


@dataclass(frozen=True)
class Rule:
    """A parsed rule name."""

    name: str
    family: str  # "top", "greedy" or "mes"
    n: int = 0
    pool: bool = False
    skip: bool = True
    threshold: bool = False
    add1: bool = False
    comparison: bool = False
    completion: bool = False


def parse_rule(text: str) -> Rule:
    """Parse a rule name such as ``top:4``, ``greedy-no-skip`` or ``equalshares/add1+greedy``."""
    name = text.strip().lower()
    match = re.fullmatch(r"top:(\d+)(:pool)?", name)
    if match:
        return Rule(name, "top", n=int(match.group(1)), pool=bool(match.group(2)))
    if name == "greedy":
        return Rule(name, "greedy")
    if name == "greedy-no-skip":
        return Rule(name, "greedy", skip=False)
    if name == "greedy-threshold":
        return Rule(name, "greedy", threshold=True)
    base, plus, extra = name.partition("+")
    if base in _MES_ALIASES and (not plus or extra == "greedy"):
        canonical = _MES_ALIASES[base]
        return Rule(
            name,
            "mes",
            add1="add1" in canonical,
            comparison=canonical.endswith("comparison"),
            completion=bool(plus),
        )
    raise TallyError(
        f"unsupported rule {text!r}; pb knows: {', '.join(RULES)} (MES rules also with +greedy)"
    )


def rule_of(election: Election) -> str:
    """The rule an election's metadata (a ``.pb`` file's META ``rule``) names."""
    rule = election.meta.get("rule", "").strip()
    if not rule:
        raise TallyError("the election names no rule; choose one")
    return rule


def tally(
    election: Election,
    rule: str | None = None,
    *,
    tie_breaking: str | Sequence[str] | None = None,
    seed: int | None = None,
    pabulib_defaults: bool = False,
    apply_threshold: bool = True,
    integral: bool = True,
) -> TallyResult:
    """Tally an election by a rule and explain every step.

    ``rule`` defaults to the election's own (META ``rule``). Ties follow ``tie_breaking`` (see
    :mod:`pb.core.tally.ties`); without one, the default chain ``votes, cost, draw`` — or, with
    ``pabulib_defaults``, Pabulib's: file order for greedy rules, lower cost then more votes then
    file order for MES. A draw without ``seed`` gets a fresh seed, recorded in the result.

    ``apply_threshold``: greedy rules leave out projects below the election's
    ``min_project_score_threshold`` (``greedy-threshold`` requires one). ``integral``: MES takes
    costs and budget in whole currency units (floored), as Pabulib's ``equalshares`` does.
    """
    parsed = parse_rule(rule if rule is not None else rule_of(election))
    votes = election.scores()
    if tie_breaking is not None:
        chain = parse_chain(tie_breaking)
    elif pabulib_defaults:
        chain = PABULIB_MES_CHAIN if parsed.family == "mes" else PABULIB_GREEDY_CHAIN
    else:
        chain = DEFAULT_CHAIN
    breaker = TieBreaker.build(chain, election.projects, votes, seed)
    if parsed.family == "top":
        return greedy_rules.top_n(election, breaker, parsed.n, pool=parsed.pool,
                                  rule=parsed.name)
    if parsed.family == "greedy":
        threshold = election.min_project_score_threshold if apply_threshold else None
        if parsed.threshold and election.min_project_score_threshold is None:
            raise TallyError("greedy-threshold needs min_project_score_threshold")
        return greedy_rules.greedy(election, breaker, skip=parsed.skip, threshold=threshold,
                                   rule=parsed.name, votes=votes)
    result = mes_rules.equal_shares(election, breaker, add1=parsed.add1, integral=integral,
                                    rule=parsed.name)
    if parsed.comparison:
        if tie_breaking is not None:
            greedy_breaker = breaker
        else:
            greedy_chain = PABULIB_GREEDY_CHAIN if pabulib_defaults else DEFAULT_CHAIN
            greedy_breaker = TieBreaker.build(greedy_chain, election.projects, votes,
                                                   breaker.seed)
        plain = greedy_rules.greedy(election, greedy_breaker, votes=votes)
        result = mes_rules.compare_with_greedy(election, result, plain)
    if parsed.completion:
        result = mes_rules.complete_greedy(election, result, breaker, votes)
    return result
