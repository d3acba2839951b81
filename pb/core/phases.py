"""The phases of an edition and the dates that separate them.

An edition moves through diagnosis → drafting → review → debate → execution → closed. Each
phase starts on its date and lasts until the next one starts; the dates must therefore be in
order. The diagnosis is everything before drafting starts.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class Phase(enum.StrEnum):
    """A phase of an edition, in the order they happen."""

    DIAGNOSIS = "diagnosis"
    DRAFTING = "drafting"
    REVIEW = "review"
    DEBATE = "debate"
    EXECUTION = "execution"
    CLOSED = "closed"


@dataclass(frozen=True)
class PhaseDates:
    """The first day of each phase; ``closed_on`` is the first day after execution."""

    drafting_from: date
    review_from: date
    debate_on: date
    execution_from: date
    closed_on: date

    def ordered_fields(self) -> list[tuple[str, date]]:
        """The dates by field name, in the order the phases happen."""
        return [
            ("drafting_from", self.drafting_from),
            ("review_from", self.review_from),
            ("debate_on", self.debate_on),
            ("execution_from", self.execution_from),
            ("closed_on", self.closed_on),
        ]


def order_problems(dates: PhaseDates) -> list[tuple[str, str]]:
    """Return ``(field, previous_field)`` for every date that comes before the one it follows.

    An empty list means the dates are in order. Two phases may start on the same day only for the
    debate and execution (a debate day can be the first day of execution); elsewhere the later
    phase must start strictly later, since a phase of zero days cannot be worked in.
    """
    problems: list[tuple[str, str]] = []
    fields = dates.ordered_fields()
    for (prev_name, prev), (name, current) in zip(fields, fields[1:], strict=False):
        same_day_ok = name == "execution_from"
        if current < prev or (current == prev and not same_day_ok):
            problems.append((name, prev_name))
    return problems


def current_phase(dates: PhaseDates, today: date) -> Phase:
    """The phase an edition is in on ``today``."""
    if today < dates.drafting_from:
        return Phase.DIAGNOSIS
    if today < dates.review_from:
        return Phase.DRAFTING
    if today < dates.debate_on:
        return Phase.REVIEW
    if today < dates.execution_from or today == dates.debate_on:
        return Phase.DEBATE
    if today < dates.closed_on:
        return Phase.EXECUTION
    return Phase.CLOSED
