"""Helpers for the tally core tests: small elections written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from pb.core.tally import Ballot, Election, Project

PABULIB_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "pabulib"


def make_election(costs: dict[str, int], ballots: list[tuple[str, ...]], budget, **kwargs):
    """An approval election: ``costs`` in listed order, one ballot per tuple of project ids."""
    projects = [Project(pid, cost, f"Project {pid}") for pid, cost in costs.items()]
    return Election(projects, [Ballot(tuple(b)) for b in ballots], budget, **kwargs)


@pytest.fixture
def pabulib_dir() -> Path:
    """The shared folder of real Pabulib elections beside the checkout (must exist)."""
    if not PABULIB_DIR.is_dir():
        pytest.fail(f"the real elections are missing: expected {PABULIB_DIR}")
    return PABULIB_DIR
