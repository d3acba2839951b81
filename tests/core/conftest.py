"""Helpers for the tally core tests: small elections written by hand.

Real elections come from :mod:`tests.pabulib_files`.
"""

from __future__ import annotations

from pb.core.tally import Ballot, Election, Project


def make_election(costs: dict[str, int], ballots: list[tuple[str, ...]], budget, **kwargs):
    """An approval election: ``costs`` in listed order, one ballot per tuple of project ids."""
    projects = [Project(pid, cost, f"Project {pid}") for pid, cost in costs.items()]
    return Election(projects, [Ballot(tuple(b)) for b in ballots], budget, **kwargs)
