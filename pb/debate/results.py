"""Turning the ballots into a result by the edition's rule, with the steps explained."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa

from pb.core.tally import Ballot as TallyBallot
from pb.core.tally import Election, TallyResult, explain_step, tally
from pb.core.tally import Project as TallyProject
from pb.debate.models import Ballot, Debate, DebateState
from pb.debate.services import ProjectResult, vote_counts
from pb.extensions import db


def effective_rule(debate: Debate) -> str:
    """The tally rule: the edition's choice; "most votes" takes its N from the debate."""
    rule = debate.edition.voting_rule
    if rule.startswith("top"):
        return f"top:{debate.winners}"
    return rule


def election_of(debate: Debate) -> Election:
    """The debate as an election for the tally core: costs and pool in PLN (exact fractions),
    project ids are the numbers on the ballot card."""
    numbers = {e.project_id: str(e.position) for e in debate.entries}
    projects = [
        TallyProject(str(e.position), Fraction(e.project.requested_grosze, 100), e.project.title)
        for e in debate.entries
    ]
    ballots = []
    for ballot in db.session.scalars(
        sa.select(Ballot).where(Ballot.debate_id == debate.id).order_by(Ballot.receipt)
    ):
        marked = tuple(sorted((numbers[m.project_id] for m in ballot.marks
                               if m.project_id in numbers), key=int))
        ballots.append(TallyBallot(marked, category=ballot.category.value))
    return Election(
        projects=projects,
        ballots=ballots,
        budget=Fraction(debate.edition.pool_grosze, 100),
        category_weights={"resident": debate.resident_weight, "official": debate.official_weight},
        min_length=debate.min_marks,
        max_length=debate.max_marks,
        meta={"description": debate.name, "unit": debate.edition.district,
              "rule": effective_rule(debate)},
    )


def payments_table(debate: Debate, result: TallyResult) -> list[tuple[str, dict[str, int]]]:
    """For MES: each funded project's title and what each voter category paid, in grosze."""
    if not result.payments:
        return []
    titles = {str(e.position): e.project.title for e in debate.entries}
    rows = []
    for pid in result.selected:
        paid = result.payments.get(pid, {})
        rows.append((f"{pid}. {titles.get(pid, pid)}", _to_grosze(paid)))
    return rows


def _to_grosze(shares: dict[str, object]) -> dict[str, int]:
    """Exact shares as grosze that still add up to the (rounded) whole: largest remainders."""
    exact = {key: Fraction(value) * 100 for key, value in shares.items()}
    floors = {key: int(value // 1) for key, value in exact.items()}
    total = int(sum(exact.values()) + Fraction(1, 2))  # the whole, rounded half up
    missing = total - sum(floors.values())
    by_remainder = sorted(exact, key=lambda k: (exact[k] - floors[k], k), reverse=True)
    for key in by_remainder[:max(0, missing)]:
        floors[key] += 1
    return floors


@dataclass
class DebateResults:
    counts: list[ProjectResult]
    tally: TallyResult
    explanation: list[str]
    rule: str
    ties: list[str]
    payments: list[tuple[str, dict[str, int]]]
    used_grosze: int
    left_grosze: int


def _tie_text(tie, names: dict[str, str]) -> str:
    from flask_babel import gettext as _

    criteria = {
        "votes": _("more votes"),
        "cost": _("lower cost"),
        "draw": _("the public draw"),
        "order": _("the order on the ballot"),
        "id": _("the project number"),
    }
    projects = ", ".join(f"{pid} „{names.get(pid, pid)}”" for pid in tie.projects)
    return _("Tie between %(projects)s: decided by %(rule)s, in the order %(order)s.",
             projects=projects, rule=criteria.get(tie.decided_by, tie.decided_by),
             order=" → ".join(tie.order))


def debate_results(debate: Debate, lang: str) -> DebateResults | None:
    """Winners and the explanation; ``None`` until voting has closed."""
    if debate.state != DebateState.CLOSED:
        return None
    counts = vote_counts(debate)
    election = election_of(debate)
    rule = effective_rule(debate)
    result = tally(election, rule, seed=debate.draw_seed, integral=False)
    selected = set(result.selected)
    for row in counts:
        row.selected = str(row.position) in selected
    names = {p.id: p.name for p in election.projects}
    return DebateResults(
        counts=counts,
        tally=result,
        explanation=[explain_step(step, lang, names=names) for step in result.steps],
        rule=rule,
        ties=[_tie_text(tie, names) for tie in result.ties],
        payments=payments_table(debate, result),
        used_grosze=int(Fraction(result.total_cost) * 100),
        left_grosze=int(Fraction(result.budget - result.total_cost) * 100),
    )
