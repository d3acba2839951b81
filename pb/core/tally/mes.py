"""The Method of Equal Shares (MES) with cost utilities, exactly, and its completions.

Each voter holds a share of the budget. A project costing ``C`` is affordable when its supporters
hold at least ``C`` together; they then pay equally, ``alpha`` each, except that a supporter holding
less than ``alpha`` pays all they have. With cost utilities (a supporter's utility is the cost), the
price per unit of utility is ``rho = alpha / C``; each round funds the affordable project with the
smallest ``rho``, until none is affordable.

All money is exact (``int``/``Fraction``). Voters who approve the same projects are one group, and
voters holding the same money are one *budget class*: per project only a short list of classes
holds its supporters, which keeps a round cheap even with 90,000 voters.

**add1 without thousands of runs.** ``equalshares/add1`` reruns MES with each voter's share raised
by one currency unit at a time. Every quantity of a run is a piecewise affine function of the share
``b``: each class's money is ``d + s*b``. A run at ``b0`` therefore also tells, for every comparison
it made (is the project affordable, does a class pay in full, which ``rho`` is smaller), the first
whole share ``b > b0`` at which that comparison would come out differently. Before the smallest such
``b`` the run makes the same decisions, so its outcome is the same, and the search jumps straight
there; it also restarts from the first round whose comparisons changed, reusing a snapshot of the
earlier rounds. The result equals the unit-by-unit search exactly.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from pb.core.tally.model import Election, Money, Step, TallyResult, Tie
from pb.core.tally.ties import TieBreaker

_NEVER = None


def _flip(f0: Fraction, f1: Fraction, b0: Fraction) -> int | None:
    """The smallest whole ``b > b0`` where ``f0 + f1*(b - b0)`` has another sign than ``f0``."""
    if not f1:
        return None
    if not f0:
        return math.floor(b0) + 1
    if (f0 > 0) == (f1 > 0):
        return None
    return math.ceil(b0 - f0 / f1)


def _money(value: Fraction) -> Money:
    return value.numerator if value.denominator == 1 else value


@dataclass
class _Round:
    """State at the start of a round, kept so a later run can resume from it."""

    cls: list[int]
    hist: dict[int, dict[int, Money]]
    alive: list[int]
    selected: list[int]
    breakpoint: int | None = None


@dataclass
class MESRun:
    """The outcome of one MES run (indices of the core's projects)."""

    selected: list[int]
    alphas: list[Fraction]
    rhos: list[Fraction]
    left_after: list[Fraction]
    unaffordable: list[tuple[int, Fraction]]
    ties: list[tuple[int, tuple[int, ...]]]
    payments: dict[int, dict[str, Fraction]] = field(default_factory=dict)
    next_share: int | None = None


class MESCore:
    """MES on fixed projects and voter groups, runnable for any per-voter share.

    ``costs[i]`` is project i's cost; ``groups`` lists (project indices approved, weight, voter
    category) with identical ballots already merged; ``rank[i]`` orders tied projects (smaller
    wins).
    """

    def __init__(
        self,
        costs: Sequence[Money],
        groups: Sequence[tuple[tuple[int, ...], Money, str]],
        rank: Sequence[int],
    ) -> None:
        self.costs = [Fraction(c) for c in costs]
        self.groups = [g[0] for g in groups]
        self.weights = [g[1] for g in groups]
        self.categories = [g[2] for g in groups]
        self.rank = list(rank)
        self.approvers: list[list[int]] = [[] for _ in costs]
        for gi, projects in enumerate(self.groups):
            for p in projects:
                self.approvers[p].append(gi)
        self.total_weight = sum(self.weights, 0)
        # budget classes: money = d + s * share, as (d, s); class 0 is the initial share
        self._class_ids: dict[tuple[Fraction, Fraction], int] = {}
        self._classes: list[tuple[Fraction, Fraction]] = []
        self._zero = self._class(Fraction(0), Fraction(0))
        self._start = self._class(Fraction(0), Fraction(1))
        self._rounds: list[_Round] = []

    def _class_int(self, n: int, scale: int) -> int:
        """A class holding ``n / scale`` in an untracked run (its key never meets a tracked one)."""
        key = ("i", n, scale)
        cid = self._class_ids.get(key)
        if cid is None:
            cid = len(self._classes)
            self._class_ids[key] = cid
            self._classes.append(key)
        return cid

    def _class(self, d: Fraction, s: Fraction) -> int:
        key = (d, s)
        cid = self._class_ids.get(key)
        if cid is None:
            cid = len(self._classes)
            self._class_ids[key] = cid
            self._classes.append(key)
        return cid

    def _initial_round(self) -> _Round:
        hist: dict[int, dict[int, Money]] = {}
        alive = []
        for p, groups in enumerate(self.approvers):
            if groups:
                hist[p] = {self._start: sum(self.weights[g] for g in groups)}
                alive.append(p)
        return _Round([self._start] * len(self.groups), hist, alive, [])

    def run(self, share: Money, *, track: bool = False, payments: bool = False) -> MESRun:
        """Run MES with each voter (per unit of weight) holding ``share``.

        With ``track``, also find ``next_share``: the smallest whole share above ``share`` at which
        some decision of this run would differ (``None`` if none ever does); a tracked run resumes
        from the snapshots of the previous tracked run up to the first round that may differ.
        ``payments`` records what each voter category paid for each funded project.
        """
        b0 = Fraction(share)
        start = 0
        if track and self._rounds:
            while start < len(self._rounds) - 1 and (
                self._rounds[start].breakpoint is None or self._rounds[start].breakpoint > b0
            ):
                start += 1
            state = self._rounds[start]
            del self._rounds[start:]
            cls = list(state.cls)
            hist = {p: dict(h) for p, h in state.hist.items()}
            alive = list(state.alive)
            chosen = list(state.selected)
        else:
            self._rounds = []
            state = self._initial_round()
            cls, hist, alive, chosen = state.cls, state.hist, state.alive, state.selected
        classes = self._classes
        costs = self.costs
        rank = self.rank
        weights = self.weights
        groups = self.groups
        value_cache: dict[int, Fraction] = {}

        def value(cid: int) -> Fraction:
            v = value_cache.get(cid)
            if v is None:
                key = classes[cid]
                if key[0] == "i":
                    v = Fraction(key[1], key[2])
                else:
                    d, s = key
                    v = d + s * b0 if s else d
                value_cache[cid] = v
            return v

        # Untracked rounds count money in integers: a class holds ival[cid] / scale.
        scale = 1
        ival: dict[int, int] = {}
        cost_parts = [(c.numerator, c.denominator) for c in costs]

        def price_int(p: int) -> tuple | None:
            """("i", alpha numerator and denominator in units of 1/scale, poor classes, cost,
            scale), or None when p's supporters cannot afford it."""
            h = hist[p]
            num, den = cost_parts[p]
            cost = num * (scale // den)
            items = [(ival[cid], w, cid) for cid, w in h.items()]
            total = 0
            rem_w = 0
            for n, w, _ in items:
                total += n * w
                rem_w += w
            if total < cost:
                result.unaffordable.append((p, Fraction(total, scale)))
                return None
            items.sort()
            rem_v = cost
            poor = []
            for n, w, cid in items:
                if n * rem_w >= rem_v:
                    break
                rem_v -= w * n
                rem_w -= w
                poor.append(cid)
            return ("i", rem_v, rem_w, poor, cost, scale)

        def price(p: int) -> tuple | None:
            """(alpha, its slope, poor classes, items, total slope) for p, None if unaffordable."""
            h = hist[p]
            cost = costs[p]
            items = []
            total_v = Fraction(0)
            total_s = Fraction(0)
            for cid, w in h.items():
                v = value(cid)
                sl = classes[cid][1]
                total_v += w * v
                if sl:
                    total_s += w * sl
                items.append((v, sl, w, cid))
            if tracking:
                note(total_v - cost, total_s)
            if total_v < cost:
                result.unaffordable.append((p, total_v))
                return None
            items.sort()
            rem_v = cost
            rem_s = Fraction(0)
            rem_w = sum(w for _, _, w, _ in items)
            poor = []
            for v, sl, w, cid in items:
                if v * rem_w >= rem_v:
                    break
                rem_v -= w * v
                rem_s -= w * sl
                rem_w -= w
                poor.append(cid)
            return rem_v / rem_w, rem_s / rem_w, poor, items

        bp: int | None = None

        def note(f0: Fraction, f1: Fraction) -> None:
            nonlocal bp
            nxt = _flip(f0, f1, b0)
            if nxt is not None and (bp is None or nxt < bp):
                bp = nxt

        def mark(at: int) -> None:
            nonlocal bp
            if bp is None or at < bp:
                bp = at

        result = MESRun(list(chosen), [Fraction(0)] * len(chosen), [Fraction(0)] * len(chosen),
                        [Fraction(0)] * len(chosen), [], [])
        selected = result.selected
        money_left = self.total_weight * b0
        best_next: int | None = None
        for kept in self._rounds:
            if kept.breakpoint is not None and (best_next is None or kept.breakpoint < best_next):
                best_next = kept.breakpoint
        heap: list[tuple[Fraction, int, int]] = []
        priced: dict[int, tuple] = {}
        dirty: set[int] = set()
        # Once some round flips at the very next whole share, later rounds cannot find an
        # earlier flip and the next run restarts at or before that round: stop tracking there.
        soonest = math.floor(b0) + 1
        tracking = track and best_next != soonest

        def start_lazy() -> None:
            nonlocal alive, alive_set, scale
            heap.clear()
            priced.clear()
            dirty.clear()
            ival.clear()
            present = {cid for p in alive for cid in hist[p]}
            scale = 1
            for cid in present:
                scale = math.lcm(scale, value(cid).denominator)
            for p in alive:
                scale = math.lcm(scale, cost_parts[p][1])
            for cid in present:
                v = value(cid)
                ival[cid] = v.numerator * (scale // v.denominator)
            ival[self._zero] = 0
            for p in alive:
                found = price_int(p)
                if found is not None:
                    priced[p] = found
                    heapq.heappush(heap, (_int_rho(found), rank[p], p))
            alive = [p for p in alive if p in priced]
            alive_set = set(alive)

        alive_set = set(alive)
        if not tracking:
            start_lazy()
        while True:
            tied: list[int] = []
            if tracking:
                self._rounds.append(
                    _Round(list(cls), {p: dict(h) for p, h in hist.items() if p in alive_set},
                           list(alive), list(selected))
                )
                bp = None
                best, priced = self._choose_tracked(alive, price, note, mark, b0, tied)
                self._rounds[-1].breakpoint = bp
                if bp is not None and (best_next is None or bp < best_next):
                    best_next = bp
                alive = [p for p in alive if p in priced and p != best]
                alive_set = set(alive)
                alive_set.add(best)
                priced_best = priced.get(best)
            else:
                best = _pop_lazy(heap, priced, dirty, alive_set, price_int, rank, tied)
                priced_best = priced.get(best)
            if best < 0:
                break
            if tied:
                result.ties.append((best, tuple(tied)))
            new_class: dict[int, int] = {}
            if priced_best[0] == "i":
                _, rem_v, rem_w, poor_list, _, priced_scale = priced_best
                # a price computed before a later rescaling is still exact; bring it up to date
                rem_v *= scale // priced_scale
                alpha_v = Fraction(rem_v, rem_w * scale)
                rho_best = _int_rho(priced_best)
                best_poor = set(poor_list)
                g_ = math.gcd(rem_v, rem_w)
                factor = rem_w // g_
                alpha_int = rem_v // g_
                if factor != 1:
                    scale *= factor
                    for cid in ival:
                        ival[cid] *= factor
                for cid in hist[best]:
                    if cid in best_poor:
                        new_class[cid] = self._zero
                    else:
                        n = ival[cid] - alpha_int
                        nid = self._class_int(n, scale)
                        ival[nid] = n
                        new_class[cid] = nid
                poor_value = {cid: Fraction(ival[cid], scale) for cid in best_poor} \
                    if payments else {}
            else:
                alpha_v, alpha_s, poor_list, _ = priced_best
                rho_best = _rho(alpha_v, costs[best])
                best_poor = set(poor_list)
                for cid in hist[best]:
                    if cid in best_poor:
                        new_class[cid] = self._zero
                    else:
                        d, sl = classes[cid]
                        # money after paying: (d + sl*b) - (alpha_v + alpha_s*(b - b0))
                        new_class[cid] = self._class(d - alpha_v + alpha_s * b0, sl - alpha_s)
                poor_value = {cid: value(cid) for cid in best_poor} if payments else {}
            # fund `best`: every supporter pays alpha, or all they hold if that is less
            payers: dict[tuple[int, str], Money] = {}
            alive_set.discard(best)
            for g in self.approvers[best]:
                old = cls[g]
                new = new_class[old]
                w = weights[g]
                if payments:
                    key = (old, self.categories[g])
                    payers[key] = payers.get(key, 0) + w
                if new == old:
                    continue
                cls[g] = new
                for d in groups[g]:
                    if d in alive_set:
                        h = hist[d]
                        left = h[old] - w
                        if left:
                            h[old] = left
                        else:
                            del h[old]
                        h[new] = h.get(new, 0) + w
                        dirty.add(d)
            del hist[best]
            alive = [p for p in alive if p != best]
            if tracking and best_next == soonest:
                tracking = False
                start_lazy()
            selected.append(best)
            result.alphas.append(alpha_v)
            result.rhos.append(rho_best)
            if payments:
                paid: dict[str, Fraction] = {}
                for (old, cat), w in payers.items():
                    pay = poor_value[old] if old in best_poor else alpha_v
                    paid[cat] = paid.get(cat, Fraction(0)) + w * pay
                result.payments[best] = paid
                money_left -= sum(paid.values(), Fraction(0))
            result.left_after.append(money_left)
        result.next_share = best_next
        return result

    def _choose_tracked(self, alive, price, note, mark, b0, tied):
        """Price every project, pick the best, and note where any decision would flip.

        Returns the best project (-1 if none is affordable) and the prices of the affordable ones.
        """
        costs = self.costs
        rank = self.rank
        priced = {}
        best = -1
        best_key = None
        for p in alive:
            found = price(p)
            if found is None:
                continue
            priced[p] = found
            key = (_rho(found[0], costs[p]), rank[p])
            if best_key is None or key < best_key:
                best, best_key = p, key
        if best < 0:
            return best, priced
        alpha_v, alpha_s, _, items = priced[best]
        # each supporter of the winner who pays in full (or pays alpha) must stay so
        for v, sl, _, _ in items:
            note(v - alpha_v, sl - alpha_s)
        rho_v = _rho(alpha_v, costs[best])
        rho_s = _rho(alpha_s, costs[best])
        for p, found in priced.items():
            if p == best:
                continue
            if _rho(found[0], costs[p]) == rho_v:
                tied.append(p)
            # p stays behind the winner while its supporters, each paying at most
            # cost_p * rho_best(b), raise less than cost_p
            crossing = _catch_up(found[3], costs[p] * rho_v, costs[p] * rho_s, costs[p], b0)
            if crossing is not None:
                mark(crossing)
        return best, priced


def _rho(alpha: Fraction, cost: Fraction) -> Fraction:
    return alpha / cost if cost else Fraction(0)


def _int_rho(priced: tuple) -> Fraction:
    """The price per unit of utility from an integer pricing (alpha / cost; 0 when free)."""
    _, rem_v, rem_w, _, cost, _ = priced
    return Fraction(rem_v, rem_w * cost) if cost else Fraction(0)


def _catch_up(items, t0: Fraction, ts: Fraction, cost: Fraction, b0: Fraction) -> int | None:
    """First whole share ``b > b0`` at which a project catches up with the winner, or None.

    ``items`` are the project's supporters' classes (money ``v``, slope ``s``, weight ``w``);
    ``t0 + ts*x`` is what each would pay at the winner's price (``x = b - b0``). The project is
    at least as cheap as the winner once ``G(x) = sum(w * min(v + s*x, t0 + ts*x)) - cost`` reaches
    0. ``G`` is concave and piecewise linear, so walking its pieces from ``x = 0`` finds the root.
    """
    g = -cost
    slope = Fraction(0)
    events = []
    for v, s, w, _ in items:
        d0 = v - t0
        d1 = s - ts
        if d0 > 0 or (d0 == 0 and d1 >= 0):
            g += w * t0
            slope += w * ts
            if d1 < 0:
                events.append((d0 / -d1, w * d1))
        else:
            g += w * v
            slope += w * s
            if d1 > 0:
                events.append((-d0 / d1, -w * d1))
    if g >= 0:
        return math.floor(b0) + 1
    events.sort()
    x = Fraction(0)
    for at, change in events:
        if slope <= 0:
            return None
        root = x - g / slope
        if root <= at:
            return math.ceil(b0 + root)
        g += slope * (at - x)
        x = at
        slope += change
    if slope <= 0:
        return None
    return math.ceil(b0 + x - g / slope)


def _pop_lazy(heap, priced, dirty, alive_set, price, rank, tied) -> int:
    """The project with the smallest price, recomputing stale prices only when they surface.

    A price only rises as voters spend money, so a stale price is a lower bound.
    """
    while heap:
        rho, rk, p = heapq.heappop(heap)
        if p not in alive_set:
            continue
        if p in dirty:
            dirty.discard(p)
            found = price(p)
            if found is None:
                alive_set.discard(p)
                continue
            priced[p] = found
            heapq.heappush(heap, (_int_rho(found), rank[p], p))
            continue
        # p is the cheapest; collect projects tied with it on price
        back = []
        while heap and heap[0][0] == rho:
            other = heapq.heappop(heap)
            q = other[2]
            if q not in alive_set:
                continue
            if q in dirty:
                dirty.discard(q)
                found = price(q)
                if found is None:
                    alive_set.discard(q)
                    continue
                priced[q] = found
                other = (_int_rho(found), rank[q], q)
            if other[0] == rho:
                tied.append(q)
            back.append(other)
        for item in back:
            heapq.heappush(heap, item)
        return p
    return -1


@dataclass
class MESSetup:
    """An election prepared for MES: its projects' indices, costs and merged voter groups."""

    election: Election
    ids: list[str]
    core: MESCore
    budget: Fraction
    votes: dict[str, Money]


def prepare(election: Election, breaker: TieBreaker, *, integral: bool) -> MESSetup:
    """Merge identical ballots into groups and build the MES core for an election.

    With ``integral`` the costs and the budget are taken as whole currency units (floored), as
    Pabulib's ``equalshares`` rules do. A voter supports the projects their ballot gives points.
    """
    ids = [p.id for p in election.projects]
    index = {pid: i for i, pid in enumerate(ids)}
    costs: list[Money] = [
        math.floor(p.cost) if integral else p.cost for p in election.projects
    ]
    merged: dict[tuple[tuple[int, ...], str], Money] = {}
    simple = election.vote_type in ("approval", "choose-1")
    for ballot in election.ballots:
        if simple and ballot.points is None:
            key = tuple(sorted({index[pid] for pid in ballot.projects}))
        else:
            key = tuple(sorted({index[pid] for pid, pts in election.ballot_points(ballot)
                                if pts > 0}))
        cat = ballot.category or "all"
        merged[(key, cat)] = merged.get((key, cat), 0) + election.weight(ballot)
    groups = [(key, w, cat) for (key, cat), w in merged.items() if key]
    empty = [(key, w, cat) for (key, cat), w in merged.items() if not key]
    # voters with an empty ballot still hold a share of the budget
    groups.extend(empty)
    votes = election.approvers()
    order = sorted(ids, key=breaker.key)
    rank = [0] * len(ids)
    for r, pid in enumerate(order):
        rank[index[pid]] = r
    budget = Fraction(math.floor(election.budget) if integral else election.budget)
    return MESSetup(election, ids, MESCore(costs, groups, rank), budget, votes)


def _share(setup: MESSetup) -> Fraction:
    weight = setup.core.total_weight
    return setup.budget / weight if weight else Fraction(0)


def add1_share(setup: MESSetup) -> tuple[Fraction, MESRun]:
    """Find the share kept by ``equalshares/add1`` and the run it gives.

    First the plain share ``budget / voters``; then ``floor(budget / voters) + 1, + 2, …`` whole
    units. The outcome kept is the last whose total cost fits the budget; the search stops at the
    first run whose outcome does not fit (or when the outcome can no longer change).
    """
    core = setup.core
    costs = core.costs
    share = _share(setup)
    kept_share = share
    kept = core.run(share, track=True)
    fundable = sum(1 for a in core.approvers if a)
    while kept.next_share is not None and len(kept.selected) < fundable:
        nxt = Fraction(kept.next_share)
        run = core.run(nxt, track=True)
        if sum((costs[p] for p in run.selected), Fraction(0)) > setup.budget:
            # every share below `nxt` decides as the kept run did: the last one is `nxt - 1`
            kept_share = max(kept_share, nxt - 1)
            break
        kept_share, kept = nxt, run
    return kept_share, kept


def _steps_and_result(
    setup: MESSetup,
    run: MESRun,
    breaker: TieBreaker,
    rule: str,
    share: Fraction,
    add1: bool,
) -> TallyResult:
    election = setup.election
    ids = setup.ids
    steps: list[Step] = []
    if add1:
        steps.append(Step("mes_share", {"share": _money(share),
                                        "plain_share": _money(_share(setup))}))
    for p, alpha, rho, left in zip(run.selected, run.alphas, run.rhos, run.left_after,
                                   strict=True):
        pid = ids[p]
        steps.append(Step("mes_funded", {
            "project": pid, "votes": setup.votes[pid], "cost": election.projects[p].cost,
            "per_voter": _money(alpha), "rho": _money(rho), "left_after": _money(left),
        }))
    for p, money in run.unaffordable:
        pid = ids[p]
        steps.append(Step("mes_unaffordable", {
            "project": pid, "votes": setup.votes[pid], "cost": election.projects[p].cost,
            "supporters_money": _money(money),
        }))
    ties = []
    for best, others in run.ties:
        group = [ids[best], *(ids[o] for o in others)]
        order = sorted(group, key=breaker.key)
        by = {breaker.decided_by(order[0], o) for o in order[1:]}
        name = next(n for n in (*breaker.chain, "order") if n in by)
        ties.append(Tie(tuple(sorted(group)), name, tuple(order),
                        f"mes round {run.selected.index(best) + 1}"))
    selected = [ids[p] for p in run.selected]
    payments = {
        ids[p]: {cat: _money(v) for cat, v in paid.items()} for p, paid in run.payments.items()
    }
    return TallyResult(
        rule=rule,
        selected=selected,
        total_cost=sum((election.projects[p].cost for p in run.selected), 0),
        budget=election.budget,
        steps=steps,
        ties=ties,
        tie_breaking=breaker.chain,
        seed=breaker.seed,
        currency=election.currency,
        payments=payments,
    )


def equal_shares(
    election: Election,
    breaker: TieBreaker,
    *,
    add1: bool = False,
    integral: bool = True,
    rule: str = "mes",
) -> TallyResult:
    """MES with cost utilities; with ``add1`` the ``equalshares/add1`` completion.

    ``payments`` in the result says, for each funded project, how much each voter category paid.
    """
    setup = prepare(election, breaker, integral=integral)
    if add1:
        share, _ = add1_share(setup)
    else:
        share = _share(setup)
    run = setup.core.run(share, payments=True)
    return _steps_and_result(setup, run, breaker, rule, share, add1)


def complete_greedy(
    election: Election,
    result: TallyResult,
    breaker: TieBreaker,
    votes: Mapping[str, Money] | None = None,
) -> TallyResult:
    """Utilitarian greedy completion: fund unselected projects by votes while they fit."""
    votes = election.scores() if votes is None else votes
    chosen = set(result.selected)
    left = election.budget - result.total_cost
    order = sorted((p for p in election.projects if p.id not in chosen),
                   key=lambda p: (-votes[p.id], breaker.key(p.id)))
    for project in order:
        if project.cost <= left:
            result.steps.append(Step("completion_funded", {
                "project": project.id, "votes": votes[project.id], "cost": project.cost,
                "left_before": left, "left_after": left - project.cost,
            }))
            left -= project.cost
            result.selected.append(project.id)
    result.total_cost = election.budget - left
    return result


def compare_with_greedy(
    election: Election, mes: TallyResult, greedy_result: TallyResult
) -> TallyResult:
    """``add1-comparison``: keep MES unless strictly more voters prefer the greedy outcome.

    A voter prefers the outcome that funds more of the projects their ballot supports.
    """
    in_mes = set(mes.selected)
    in_greedy = set(greedy_result.selected)
    prefer_mes = prefer_greedy = 0
    for ballot in election.ballots:
        supported = {pid for pid, pts in election.ballot_points(ballot) if pts > 0}
        a = len(supported & in_mes)
        b = len(supported & in_greedy)
        if a > b:
            prefer_mes += election.weight(ballot)
        elif b > a:
            prefer_greedy += election.weight(ballot)
    winner = greedy_result if prefer_greedy > prefer_mes else mes
    step = Step("comparison", {"prefer_mes": prefer_mes, "prefer_greedy": prefer_greedy,
                               "winner": "greedy" if winner is greedy_result else "mes"})
    return TallyResult(
        rule=mes.rule,
        selected=list(winner.selected),
        total_cost=winner.total_cost,
        budget=election.budget,
        steps=[*winner.steps, step],
        ties=list(winner.ties),
        tie_breaking=winner.tie_breaking,
        seed=winner.seed,
        currency=election.currency,
        payments=winner.payments,
    )
