"""Tally rules: who wins, in what order, and why.

Pure Python, exact money. Use :func:`tally` with an :class:`Election`; render the explanation of
each :class:`Step` with :func:`explain_step`.
"""

from pb.core.tally.explain import explain_step, format_money
from pb.core.tally.model import (
    Ballot,
    Election,
    Money,
    Project,
    Step,
    TallyError,
    TallyResult,
    Tie,
    borda,
)
from pb.core.tally.rules import RULES, parse_rule, rule_of, tally

__all__ = [
    "RULES",
    "Ballot",
    "Election",
    "Money",
    "Project",
    "Step",
    "TallyError",
    "TallyResult",
    "Tie",
    "borda",
    "explain_step",
    "format_money",
    "parse_rule",
    "rule_of",
    "tally",
]
