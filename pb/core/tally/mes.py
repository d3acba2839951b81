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

    The core keeps what every run shares: the voters' budget classes met so far (a class is a
    money ``d + s * share``, or a fixed amount in an untracked run) and the snapshots of the last
    tracked run's rounds, from which the next tracked run resumes.
    """

    def __init__(
        self,
        costs: Sequence[Money],
        groups: Sequence[tuple[tuple[int, ...], Money, str]],
        rank: Sequence[int],
    ) -> None:
        self.costs = [Fraction(c) for c in costs]
        self.cost_parts = [(c.numerator, c.denominator) for c in self.costs]
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
        self._class_ids: dict[tuple, int] = {}
        self.classes: list[tuple] = []
        self.spent_class = self.budget_class(Fraction(0), Fraction(0))
        self.share_class = self.budget_class(Fraction(0), Fraction(1))
        self.rounds: list[_Round] = []

    def budget_class(self, d: Fraction, s: Fraction) -> int:
        """The class of voters holding ``d + s * share`` (created on first use)."""
        return self._class_id((d, s))

    def fixed_class(self, n: int, scale: int) -> int:
        """A class holding ``n / scale`` in an untracked run (its key never meets a tracked one)."""
        return self._class_id(("i", n, scale))

    def _class_id(self, key: tuple) -> int:
        cid = self._class_ids.get(key)
        if cid is None:
            cid = len(self.classes)
            self._class_ids[key] = cid
            self.classes.append(key)
        return cid

    def first_round(self) -> _Round:
        """The first round: every voter holds the share; projects nobody supports are left out."""
        hist: dict[int, dict[int, Money]] = {}
        alive = []
        for p, groups in enumerate(self.approvers):
            if groups:
                hist[p] = {self.share_class: sum(self.weights[g] for g in groups)}
                alive.append(p)
        return _Round([self.share_class] * len(self.groups), hist, alive, [])

    def run(self, share: Money, *, track: bool = False, payments: bool = False) -> MESRun:
        """Run MES with each voter (per unit of weight) holding ``share``.

        With ``track``, also find ``next_share``: the smallest whole share above ``share`` at which
        some decision of this run would differ (``None`` if none ever does); a tracked run resumes
        from the snapshots of the previous tracked run up to the first round that may differ.
        ``payments`` records what each voter category paid for each funded project.
        """
        return _Run(self, share, track=track, payments=payments).rounds()


class _Run:
    """One run of MES at one per-voter share, round after round.

    The voters' money is kept by budget class: ``cls[g]`` is voter group g's class, and
    ``hist[p]`` gives, for each project still in the running, the weight of its supporters in
    each class. Each round finds every project's price ``rho`` (what a supporter pays per unit of
    utility, ``alpha / cost``), funds the affordable project with the smallest, and charges its
    supporters.

    A *tracked* run prices exactly, as affine functions of the share, and notes the first whole
    share at which any comparison of a round would come out differently (the round's breakpoint).
    Otherwise, and from the moment tracking can find no earlier breakpoint, money is counted in
    integers (a class holds ``ival[cid] / scale``) and the projects wait in a heap by price; a
    price is recomputed only when it comes to the top after its supporters have paid for
    something, since paying only raises it.
    """

    def __init__(self, core: MESCore, share: Money, *, track: bool, payments: bool) -> None:
        self.core = core
        self.share = Fraction(share)
        self.with_payments = payments
        self._held: dict[int, Fraction] = {}
        self.scale = 1
        self.ival: dict[int, int] = {}
        self.heap: list[tuple[Fraction, int, int]] = []
        self.priced: dict[int, tuple] = {}
        self.dirty: set[int] = set()
        self.breakpoint: int | None = None  # of the round being decided
        funded = self._start_or_resume(track)
        n = len(funded)
        self.result = MESRun(list(funded), [Fraction(0)] * n, [Fraction(0)] * n,
                             [Fraction(0)] * n, [], [])
        self.money_left = core.total_weight * self.share
        self.next_share = min(
            (kept.breakpoint for kept in core.rounds if kept.breakpoint is not None), default=None
        )
        # Once some round flips at the very next whole share, later rounds cannot find an
        # earlier flip and the next run restarts at or before that round: stop tracking there.
        self.soonest = math.floor(self.share) + 1
        self.tracking = track and self.next_share != self.soonest

    def _start_or_resume(self, track: bool) -> list[int]:
        """Set up the voters' budget classes for the first round this run decides.

        A tracked run after a tracked run resumes from the snapshot of the first round whose
        breakpoint it has reached (else from the last one), dropping the later snapshots; any
        other run starts from the first round. Returns the projects funded before it.
        """
        core = self.core
        rounds = core.rounds
        if track and rounds:
            start = 0
            while start < len(rounds) - 1 and (
                rounds[start].breakpoint is None or rounds[start].breakpoint > self.share
            ):
                start += 1
            state = rounds[start]
            del rounds[start:]
            self.cls = list(state.cls)
            self.hist = {p: dict(h) for p, h in state.hist.items()}
            self.alive = list(state.alive)
            funded = list(state.selected)
        else:
            core.rounds = []
            state = core.first_round()
            self.cls, self.hist, self.alive, funded = (
                state.cls, state.hist, state.alive, state.selected
            )
        self.alive_set = set(self.alive)
        return funded

    def rounds(self) -> MESRun:
        """Fund the cheapest affordable project, round after round, until none is affordable."""
        if not self.tracking:
            self._count_in_integers()
        while True:
            tied: list[int] = []
            if self.tracking:
                best = self._choose_tracked(tied)
            else:
                best = self._choose_lazily(tied)
            if best < 0:
                break
            if tied:
                self.result.ties.append((best, tuple(tied)))
            self._fund(best)
        self.result.next_share = self.next_share
        return self.result

    # --- the voters' money --------------------------------------------------------------------

    def held(self, cid: int) -> Fraction:
        """What a voter of budget class ``cid`` holds at this run's share."""
        v = self._held.get(cid)
        if v is None:
            key = self.core.classes[cid]
            if key[0] == "i":
                v = Fraction(key[1], key[2])
            else:
                d, s = key
                v = d + s * self.share if s else d
            self._held[cid] = v
        return v

    def _count_in_integers(self) -> None:
        """From now on count money in integers and choose lazily from a heap of prices.

        Projects their supporters can no longer afford leave the running here.
        """
        self.heap = heap = []
        self.priced = priced = {}
        self.dirty = set()
        self.ival = ival = {}
        hist = self.hist
        alive = self.alive
        cost_parts = self.core.cost_parts
        rank = self.core.rank
        present = {cid for p in alive for cid in hist[p]}
        scale = 1
        for cid in present:
            scale = math.lcm(scale, self.held(cid).denominator)
        for p in alive:
            scale = math.lcm(scale, cost_parts[p][1])
        self.scale = scale
        for cid in present:
            v = self.held(cid)
            ival[cid] = v.numerator * (scale // v.denominator)
        ival[self.core.spent_class] = 0
        for p in alive:
            found = self._price_in_integers(p)
            if found is not None:
                priced[p] = found
                heapq.heappush(heap, (_int_rho(found), rank[p], p))
        self.alive = [p for p in alive if p in priced]
        self.alive_set = set(self.alive)

    # --- each project's price -----------------------------------------------------------------

    def _price_in_integers(self, p: int) -> tuple | None:
        """p's price counted in integers, or None when p's supporters cannot afford it.

        ``("i", alpha numerator, alpha denominator in units of 1/scale, poor classes, cost,
        scale)``; a poor class holds less than alpha and pays all it has.
        """
        h = self.hist[p]
        num, den = self.core.cost_parts[p]
        scale = self.scale
        cost = num * (scale // den)
        ival = self.ival
        items = [(ival[cid], w, cid) for cid, w in h.items()]
        total = 0
        rem_w = 0
        for n, w, _ in items:
            total += n * w
            rem_w += w
        if total < cost:
            self.result.unaffordable.append((p, Fraction(total, scale)))
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

    def _price_exactly(self, p: int) -> tuple | None:
        """(alpha, its slope in the share, poor classes, supporters' classes) for p, or None
        when p's supporters cannot afford it; notes where affordability would flip."""
        h = self.hist[p]
        cost = self.core.costs[p]
        classes = self.core.classes
        known = self._held
        items = []
        total_v = Fraction(0)
        total_s = Fraction(0)
        for cid, w in h.items():
            v = known.get(cid)
            if v is None:
                v = self.held(cid)
            sl = classes[cid][1]
            total_v += w * v
            if sl:
                total_s += w * sl
            items.append((v, sl, w, cid))
        self._note_flip(total_v - cost, total_s)
        if total_v < cost:
            self.result.unaffordable.append((p, total_v))
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

    # --- choosing the best affordable project ---------------------------------------------------

    def _choose_tracked(self, tied: list[int]) -> int:
        """Snapshot the round, then choose its project exactly and record the round's breakpoint.

        Returns the project with the smallest price (-1 if none is affordable); the projects
        tied with it on price go to ``tied``.
        """
        rounds = self.core.rounds
        alive_set = self.alive_set
        rounds.append(_Round(list(self.cls),
                             {p: dict(h) for p, h in self.hist.items() if p in alive_set},
                             list(self.alive), list(self.result.selected)))
        self.breakpoint = None
        best = self._cheapest_exactly(tied)
        bp = rounds[-1].breakpoint = self.breakpoint
        if bp is not None and (self.next_share is None or bp < self.next_share):
            self.next_share = bp
        priced = self.priced
        self.alive = [p for p in self.alive if p in priced and p != best]
        self.alive_set = set(self.alive)
        self.alive_set.add(best)
        return best

    def _cheapest_exactly(self, tied: list[int]) -> int:
        """Price every project, pick the best, and note where any decision would flip."""
        costs = self.core.costs
        rank = self.core.rank
        self.priced = priced = {}
        best = -1
        best_key = None
        for p in self.alive:
            found = self._price_exactly(p)
            if found is None:
                continue
            priced[p] = found
            key = (_rho(found[0], costs[p]), rank[p])
            if best_key is None or key < best_key:
                best, best_key = p, key
        if best < 0:
            return best
        alpha_v, alpha_s, _, items = priced[best]
        # each supporter of the winner who pays in full (or pays alpha) must stay so
        for v, sl, _, _ in items:
            self._note_flip(v - alpha_v, sl - alpha_s)
        rho_v = _rho(alpha_v, costs[best])
        rho_s = _rho(alpha_s, costs[best])
        for p, found in priced.items():
            if p == best:
                continue
            if _rho(found[0], costs[p]) == rho_v:
                tied.append(p)
            # p stays behind the winner while its supporters, each paying at most
            # cost_p * rho_best(b), raise less than cost_p
            crossing = _catch_up(found[3], costs[p] * rho_v, costs[p] * rho_s, costs[p],
                                 self.share)
            if crossing is not None:
                self._note_breakpoint(crossing)
        return best

    def _note_flip(self, f0: Fraction, f1: Fraction) -> None:
        """A comparison ``f0 + f1*(b - share) >= 0`` was made; note where its sign flips."""
        at = _flip(f0, f1, self.share)
        if at is not None and (self.breakpoint is None or at < self.breakpoint):
            self.breakpoint = at

    def _note_breakpoint(self, at: int) -> None:
        """Some decision of the round comes out differently from the whole share ``at`` on."""
        if (self.breakpoint is None or at < self.breakpoint):
            self.breakpoint = at

    def _choose_lazily(self, tied: list[int]) -> int:
        """The project with the smallest price, recomputing stale prices only when they surface.

        A price only rises as voters spend money, so a stale price is a lower bound.
        """
        heap = self.heap
        dirty = self.dirty
        alive_set = self.alive_set
        while heap:
            rho, _, p = heapq.heappop(heap)
            if p not in alive_set:
                continue
            if p in dirty:
                entry = self._reprice(p)
                if entry is not None:
                    heapq.heappush(heap, entry)
                continue
            # p is the cheapest; collect projects tied with it on price
            back = []
            while heap and heap[0][0] == rho:
                other = heapq.heappop(heap)
                q = other[2]
                if q not in alive_set:
                    continue
                if q in dirty:
                    other = self._reprice(q)
                    if other is None:
                        continue
                if other[0] == rho:
                    tied.append(q)
                back.append(other)
            for item in back:
                heapq.heappush(heap, item)
            return p
        return -1

    def _reprice(self, p: int) -> tuple[Fraction, int, int] | None:
        """p's heap entry at its current price, or None when p has become unaffordable (it
        leaves the running)."""
        self.dirty.discard(p)
        found = self._price_in_integers(p)
        if found is None:
            self.alive_set.discard(p)
            return None
        self.priced[p] = found
        return (_int_rho(found), self.core.rank[p], p)

    # --- funding the chosen project -------------------------------------------------------------

    def _fund(self, best: int) -> None:
        """Fund ``best``: its supporters pay alpha each, or all they hold if that is less."""
        price = self.priced[best]
        if price[0] == "i":
            alpha, rho, new_class, poor, poor_held = self._charges_in_integers(best, price)
        else:
            alpha, rho, new_class, poor, poor_held = self._charges_exactly(best, price)
        payers = self._charge_supporters(best, new_class)
        del self.hist[best]
        if self.tracking and self.next_share == self.soonest:
            self.tracking = False
            self._count_in_integers()
        self._record(best, alpha, rho, payers, poor, poor_held)

    def _charges_in_integers(self, best: int, price: tuple):
        """alpha, rho, each supporter class's class after paying, the poor classes and (with
        payments) what each poor class held, from an integer price."""
        _, rem_v, rem_w, poor_list, _, priced_scale = price
        # a price computed before a later rescaling is still exact; bring it up to date
        rem_v *= self.scale // priced_scale
        alpha = Fraction(rem_v, rem_w * self.scale)
        rho = _int_rho(price)
        poor = set(poor_list)
        g = math.gcd(rem_v, rem_w)
        factor = rem_w // g
        alpha_int = rem_v // g
        ival = self.ival
        if factor != 1:
            self.scale *= factor
            for cid in ival:
                ival[cid] *= factor
        scale = self.scale
        core = self.core
        new_class: dict[int, int] = {}
        for cid in self.hist[best]:
            if cid in poor:
                new_class[cid] = core.spent_class
            else:
                n = ival[cid] - alpha_int
                nid = core.fixed_class(n, scale)
                ival[nid] = n
                new_class[cid] = nid
        poor_held = {cid: Fraction(ival[cid], scale) for cid in poor} \
            if self.with_payments else {}
        return alpha, rho, new_class, poor, poor_held

    def _charges_exactly(self, best: int, price: tuple):
        """Like :meth:`_charges_in_integers`, from an exact price: the classes stay affine."""
        alpha_v, alpha_s, poor_list, _ = price
        core = self.core
        rho = _rho(alpha_v, core.costs[best])
        poor = set(poor_list)
        classes = core.classes
        b0 = self.share
        new_class: dict[int, int] = {}
        for cid in self.hist[best]:
            if cid in poor:
                new_class[cid] = core.spent_class
            else:
                d, sl = classes[cid]
                # money after paying: (d + sl*b) - (alpha_v + alpha_s*(b - b0))
                new_class[cid] = core.budget_class(d - alpha_v + alpha_s * b0, sl - alpha_s)
        poor_held = {cid: self.held(cid) for cid in poor} if self.with_payments else {}
        return alpha_v, rho, new_class, poor, poor_held

    def _charge_supporters(self, best: int, new_class: dict[int, int]) -> dict:
        """Move each supporter group of ``best`` to its class after paying; return the weight
        of each (class before paying, voter category) among the payers (with payments)."""
        core = self.core
        cls = self.cls
        hist = self.hist
        dirty = self.dirty
        weights = core.weights
        groups = core.groups
        categories = core.categories
        with_payments = self.with_payments
        alive_set = self.alive_set
        alive_set.discard(best)
        payers: dict[tuple[int, str], Money] = {}
        for g in core.approvers[best]:
            old = cls[g]
            new = new_class[old]
            w = weights[g]
            if with_payments:
                key = (old, categories[g])
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
        return payers

    def _record(self, best, alpha, rho, payers, poor, poor_held) -> None:
        """Record the round: the project, alpha, rho, what each category paid, money left."""
        result = self.result
        result.selected.append(best)
        result.alphas.append(alpha)
        result.rhos.append(rho)
        if self.with_payments:
            paid: dict[str, Fraction] = {}
            for (old, cat), w in payers.items():
                pay = poor_held[old] if old in poor else alpha
                paid[cat] = paid.get(cat, Fraction(0)) + w * pay
            result.payments[best] = paid
            self.money_left -= sum(paid.values(), Fraction(0))
        result.left_after.append(self.money_left)


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


def _steps(setup: MESSetup, run: MESRun, share: Fraction, add1: bool) -> list[Step]:
    """The run's steps as data: the share (add1), each funded project, then the projects left
    unfunded with what their supporters still held when they fell out."""
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
    return steps


def _ties(setup: MESSetup, run: MESRun, breaker: TieBreaker) -> list[Tie]:
    """The rounds whose smallest price was shared, with the criterion that chose the winner."""
    ids = setup.ids
    ties = []
    for best, others in run.ties:
        group = [ids[best], *(ids[o] for o in others)]
        order = sorted(group, key=breaker.key)
        by = {breaker.decided_by(order[0], o) for o in order[1:]}
        name = next(n for n in (*breaker.chain, "order") if n in by)
        ties.append(Tie(tuple(sorted(group)), name, tuple(order),
                        f"mes round {run.selected.index(best) + 1}"))
    return ties


def _result(
    setup: MESSetup,
    run: MESRun,
    breaker: TieBreaker,
    rule: str,
    share: Fraction,
    add1: bool,
) -> TallyResult:
    election = setup.election
    ids = setup.ids
    payments = {
        ids[p]: {cat: _money(v) for cat, v in paid.items()} for p, paid in run.payments.items()
    }
    return TallyResult(
        rule=rule,
        selected=[ids[p] for p in run.selected],
        total_cost=sum((election.projects[p].cost for p in run.selected), 0),
        budget=election.budget,
        steps=_steps(setup, run, share, add1),
        ties=_ties(setup, run, breaker),
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
    return _result(setup, run, breaker, rule, share, add1)


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
