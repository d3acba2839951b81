"""The election a tally works on, and the result it gives back.

Everything here is plain data. Money is an ``int`` or a :class:`fractions.Fraction` (exact), never a
float; a ``.pb`` cost such as ``222176.85`` becomes ``Fraction(4443537, 20)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

Money = int | Fraction

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal", "scoring")

# (position counted from 0, ballot length, max_length or None) -> points for that position
ScoringFn = Callable[[int, int, int | None], Money]


class TallyError(ValueError):
    """An election or a rule that cannot be tallied (unknown rule, project, bad option)."""


def borda(position: int, length: int, max_length: int | None) -> int:
    """Borda points for the ranked project at ``position`` (0 = first choice).

    The first of ``L`` possible choices gets ``L`` points, the next ``L - 1`` and so on, where ``L``
    is the ballot's ``max_length`` when the election sets one, else the ballot's own length. This is
    how Kraków 2024 counted (3, 2, 1 points for three choices).
    """
    top = max_length if max_length else length
    return max(top - position, 0)


def to_money(value: Any) -> Money:
    """Convert ``value`` (int, Fraction, Decimal or a decimal string) to exact money.

    Floats are refused: they cannot represent most decimal amounts exactly.
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise TallyError(f"money must be exact, not {type(value).__name__}: {value!r}")
    if isinstance(value, int):
        return value
    try:
        amount = Fraction(str(value).strip()) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError) as exc:
        raise TallyError(f"not an amount of money: {value!r}") from exc
    return amount.numerator if amount.denominator == 1 else amount


@dataclass(frozen=True, slots=True)
class Project:
    """A project on the ballot: ``id`` is a string, ``cost`` exact money."""

    id: str
    cost: Money
    name: str = ""
    category: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's ballot.

    ``projects`` lists project ids (best first for ordinal ballots). ``points`` is ``None`` for
    approval and choose-1 ballots (every listed project gets one vote), else one number per project
    (cumulative and scoring ballots). ``category`` is the voter's category (``"resident"``,
    ``"official"``, …), whose weight the election defines.
    """

    projects: tuple[str, ...]
    points: tuple[Money, ...] | None = None
    category: str | None = None


@dataclass(slots=True)
class Election:
    """Projects (in their listed order), ballots, the money available and how ballots count.

    ``category_weights`` gives each voter category's weight (a missing category weighs 1).
    ``scoring_fn`` turns an ordinal ballot position into points (Borda by default).
    ``min_project_score_threshold``: projects with fewer votes are not eligible for greedy rules.
    ``meta`` keeps a ``.pb`` file's META section (``rule`` and friends).
    """

    projects: Sequence[Project]
    ballots: Sequence[Ballot]
    budget: Money
    vote_type: str = "approval"
    category_weights: Mapping[str, Money] = field(default_factory=dict)
    scoring_fn: ScoringFn | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_project_score_threshold: Money | None = None
    meta: dict[str, str] = field(default_factory=dict)
    currency: str = "PLN"

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise TallyError(f"unknown vote type {self.vote_type!r}")
        self.budget = to_money(self.budget)
        if self.budget < 0:
            raise TallyError("the budget cannot be negative")
        seen: set[str] = set()
        for project in self.projects:
            if project.id in seen:
                raise TallyError(f"project {project.id!r} is listed twice")
            seen.add(project.id)
            if not isinstance(project.cost, int | Fraction) or project.cost < 0:
                raise TallyError(f"project {project.id!r} needs an exact, non-negative cost")

    def project(self, project_id: str) -> Project:
        """Return the project with this id (``TallyError`` when there is none)."""
        for project in self.projects:
            if project.id == project_id:
                return project
        raise TallyError(f"no project {project_id!r}")

    def weight(self, ballot: Ballot) -> Money:
        """The weight of a ballot: its voter category's weight, 1 by default."""
        if ballot.category is None:
            return 1
        return self.category_weights.get(ballot.category, 1)

    def ballot_points(self, ballot: Ballot) -> list[tuple[str, Money]]:
        """The (project id, points) pairs a ballot gives, before its category weight.

        Approval and choose-1 ballots give one point to each listed project (a project named twice
        counts once); cumulative and scoring ballots give their points; ordinal ballots give the
        ``scoring_fn`` points of each position (Borda by default).
        """
        if self.vote_type == "ordinal":
            scoring = self.scoring_fn or borda
            length = len(ballot.projects)
            return [
                (pid, scoring(pos, length, self.max_length))
                for pos, pid in enumerate(ballot.projects)
            ]
        if ballot.points is not None:
            return list(zip(ballot.projects, ballot.points, strict=True))
        return [(pid, 1) for pid in dict.fromkeys(ballot.projects)]

    def scores(self) -> dict[str, Money]:
        """Votes (or points) for every project, weighted by voter category, exactly."""
        totals: dict[str, Money] = {p.id: 0 for p in self.projects}
        simple = self.vote_type in ("approval", "choose-1") and not self.category_weights
        for ballot in self.ballots:
            if simple and ballot.points is None:
                for pid in set(ballot.projects):
                    totals[pid] += 1
                continue
            weight = self.weight(ballot)
            for pid, pts in self.ballot_points(ballot):
                totals[pid] += pts * weight
        return totals

    def approvers(self) -> dict[str, Money]:
        """How many voters (weighted) list each project with positive points."""
        totals: dict[str, Money] = {p.id: 0 for p in self.projects}
        for ballot in self.ballots:
            weight = self.weight(ballot)
            for pid, pts in self.ballot_points(ballot):
                if pts > 0:
                    totals[pid] += weight
        return totals


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a tally, as data: ``kind`` says what happened, ``data`` the figures.

    Kinds and their data (money exact, project ids as strings):

    - ``funded``: project, votes, cost, left_before, left_after
    - ``skipped``: project, votes, cost, left (it does not fit)
    - ``stopped``: project, votes, cost, left (greedy-no-skip stops here)
    - ``below_threshold``: project, votes, threshold
    - ``not_in_top``: project, votes, rank, n
    - ``mes_funded``: project, votes, cost, per_voter (max payment of one supporter),
      rho (price per unit of utility), left_after (budget the voters still hold)
    - ``mes_unaffordable``: project, votes, cost, supporters_money
    - ``mes_share``: share (each voter's share for the run that was kept), round
    - ``comparison``: prefer_mes, prefer_greedy, winner ("mes" or "greedy")
    - ``completion_funded``: like ``funded`` (utilitarian greedy completion of the leftover)
    """

    kind: str
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie that decided something: ``projects`` were equal on the rule's main criterion.

    ``decided_by`` names the tie-breaking criterion that separated them, ``order`` the resulting
    order (first preferred), ``context`` where it happened (``"greedy"``, ``"mes round 3"``, …).
    """

    projects: tuple[str, ...]
    decided_by: str
    order: tuple[str, ...]
    context: str


@dataclass(slots=True)
class TallyResult:
    """What a rule decided: selected project ids in order of selection, and why."""

    rule: str
    selected: list[str]
    total_cost: Money
    budget: Money
    steps: list[Step]
    ties: list[Tie]
    tie_breaking: tuple[str, ...]
    seed: int | None = None
    currency: str = "PLN"
    # MES only: project id -> voter group -> money that group paid for it
    payments: dict[str, dict[str, Money]] | None = None

    @property
    def left(self) -> Money:
        """Money of the budget left unspent."""
        return self.budget - self.total_cost

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: money as ints, or as ``"n/d"`` strings when not whole."""
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "total_cost": money_json(self.total_cost),
            "budget": money_json(self.budget),
            "ties": [
                {
                    "projects": list(t.projects),
                    "decided_by": t.decided_by,
                    "order": list(t.order),
                    "context": t.context,
                }
                for t in self.ties
            ],
            "tie_breaking": list(self.tie_breaking),
            "seed": self.seed,
        }


def money_json(amount: Money) -> int | str:
    """Exact money for JSON: an int when whole, else the fraction as a string ``"n/d"``."""
    amount = to_money(amount)
    return amount if isinstance(amount, int) else f"{amount.numerator}/{amount.denominator}"
