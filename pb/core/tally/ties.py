"""Tie-breaking chains.

A chain is a sequence of criterion names, applied in turn after a rule's main criterion:

- ``votes``: more votes (points) first
- ``cost``: lower cost first
- ``order``: earlier in the election's project list first (Pabulib: the file's PROJECTS order)
- ``id``: smaller project id (string order) first, as pabutools' lexicographic tie-breaking
- ``draw``: a public draw: a random order of the project ids drawn from a recorded seed

Every chain ends with ``order`` implicitly, so the result is always deterministic.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pb.core.tally.model import Money, Project, TallyError

CRITERIA = ("votes", "cost", "order", "id", "draw")

DEFAULT_CHAIN = ("votes", "cost", "draw")
PABULIB_GREEDY_CHAIN = ("order",)
PABULIB_MES_CHAIN = ("cost", "votes", "order")


def parse_chain(text: str | Sequence[str]) -> tuple[str, ...]:
    """Parse ``"votes,cost,draw"`` (or a sequence of names) into a checked chain."""
    names = text.split(",") if isinstance(text, str) else list(text)
    chain = tuple(name.strip() for name in names if name.strip())
    for name in chain:
        if name not in CRITERIA:
            raise TallyError(f"unknown tie-breaking criterion {name!r} (use {', '.join(CRITERIA)})")
    return chain


def draw_order(project_ids: Sequence[str], seed: int) -> dict[str, int]:
    """The public draw: each project's rank in a shuffle of the sorted ids seeded by ``seed``.

    Anyone can repeat it with Python's ``random.Random(seed).shuffle(sorted(ids))``.
    """
    ids = sorted(project_ids)
    random.Random(seed).shuffle(ids)
    return {pid: rank for rank, pid in enumerate(ids)}


def new_seed() -> int:
    """A fresh seed for a public draw (record it with the result)."""
    return secrets.randbits(32)


@dataclass(frozen=True)
class TieBreaker:
    """Keys for ordering projects by a chain; ``key(pid)`` sorts best first."""

    chain: tuple[str, ...]
    keys: Mapping[str, tuple]
    seed: int | None

    @classmethod
    def build(
        cls,
        chain: Sequence[str],
        projects: Sequence[Project],
        votes: Mapping[str, Money],
        seed: int | None = None,
    ) -> TieBreaker:
        """Precompute every project's sort key for ``chain``; a draw gets a seed if none given."""
        chain = parse_chain(chain)
        if "draw" in chain and seed is None:
            seed = new_seed()
        ranks = draw_order([p.id for p in projects], seed) if "draw" in chain else {}
        keys: dict[str, tuple] = {}
        for position, project in enumerate(projects):
            parts: list = []
            for name in chain:
                if name == "votes":
                    parts.append(-votes.get(project.id, 0))
                elif name == "cost":
                    parts.append(project.cost)
                elif name == "order":
                    parts.append(position)
                elif name == "id":
                    parts.append(project.id)
                else:
                    parts.append(ranks[project.id])
            parts.append(position)
            keys[project.id] = tuple(parts)
        return cls(chain, keys, seed if "draw" in chain else None)

    def key(self, project_id: str) -> tuple:
        """The sort key of a project (smaller is preferred)."""
        return self.keys[project_id]

    def decided_by(self, first: str, second: str) -> str:
        """Name the first criterion of the chain that separates two projects."""
        a, b = self.keys[first], self.keys[second]
        for index, name in enumerate(self.chain):
            if a[index] != b[index]:
                return name
        return "order"
