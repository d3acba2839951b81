"""Budget (kosztorys) arithmetic: line totals and project totals, exact to the grosz.

A line is quantity × unit price. Quantities may have up to two decimal places (2,5 h, 12,75 m²),
prices are integer grosze, and a line's total is rounded half up to the grosz once, on the line;
project totals are sums of line totals, so what the table shows always adds up.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_QUANTITY = Decimal("100000")
MAX_LINE_TOTAL_GROSZE = 100_000_000_00  # a hundred million PLN: anything above is a typo


class Funding(enum.StrEnum):
    """Whether a line asks for the programme's money or is the group's own contribution."""

    REQUESTED = "requested"
    OWN = "own"


class BudgetCategory(enum.StrEnum):
    """What a line buys. The last three are kinds of own contribution."""

    MATERIALS = "materials"
    SERVICES = "services"
    TRANSPORT = "transport"
    TICKETS = "tickets"
    FOOD = "food"
    EQUIPMENT = "equipment"
    PROMOTION = "promotion"
    OTHER = "other"
    VOLUNTEER_WORK = "volunteer_work"
    DONATED_MATERIALS = "donated_materials"
    PARTNER_HELP = "partner_help"


OWN_CATEGORIES = frozenset(
    {BudgetCategory.VOLUNTEER_WORK, BudgetCategory.DONATED_MATERIALS, BudgetCategory.PARTNER_HELP}
)


@dataclass(frozen=True)
class BudgetLineSpec:
    """One line of a budget as plain data."""

    category: BudgetCategory
    item: str
    quantity: Decimal
    unit: str
    unit_price_grosze: int
    funding: Funding = Funding.REQUESTED


def line_total(quantity: Decimal, unit_price_grosze: int) -> int:
    """Quantity × unit price in grosze, rounded half up to the grosz."""
    exact = Decimal(quantity) * unit_price_grosze
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class BudgetTotals:
    requested_grosze: int
    own_grosze: int
    by_category: dict[BudgetCategory, int]

    @property
    def whole_grosze(self) -> int:
        """Requested money plus the value of the own contribution."""
        return self.requested_grosze + self.own_grosze


def totals(lines: Iterable[BudgetLineSpec]) -> BudgetTotals:
    """The money requested, the own contribution, and the requested money by category."""
    requested = own = 0
    by_category: dict[BudgetCategory, int] = {}
    for line in lines:
        amount = line_total(line.quantity, line.unit_price_grosze)
        if line.funding == Funding.OWN:
            own += amount
        else:
            requested += amount
            by_category[line.category] = by_category.get(line.category, 0) + amount
    return BudgetTotals(requested, own, by_category)


def line_problems(line: BudgetLineSpec) -> list[str]:
    """Codes of what is wrong with one line; empty when it is fine.

    ``item``, ``unit``: missing text; ``quantity``: not positive, more than two decimals or
    absurdly large; ``price``: negative, or zero on requested money; ``total``: absurd;
    ``category``: an own-contribution category on requested money or the other way round.
    """
    problems: list[str] = []
    if not line.item.strip():
        problems.append("item")
    if not line.unit.strip():
        problems.append("unit")
    quantity = Decimal(line.quantity)
    if (
        quantity <= 0
        or quantity > MAX_QUANTITY
        or quantity.as_tuple().exponent < -2  # type: ignore[operator]
    ):
        problems.append("quantity")
    if line.unit_price_grosze < 0 or (
        line.funding == Funding.REQUESTED and line.unit_price_grosze == 0
    ):
        problems.append("price")
    elif "quantity" not in problems and line_total(quantity, line.unit_price_grosze) > (
        MAX_LINE_TOTAL_GROSZE
    ):
        problems.append("total")
    if (line.funding == Funding.OWN) != (line.category in OWN_CATEGORIES):
        problems.append("category")
    return problems


def parse_quantity(text: str) -> Decimal:
    """Read a quantity typed with a comma or a dot (``2,5``); raise ``ValueError`` if unreadable."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        raise ValueError("format")
    try:
        value = Decimal(cleaned)
    except ArithmeticError as exc:
        raise ValueError("format") from exc
    if not value.is_finite():
        raise ValueError("format")
    return value
