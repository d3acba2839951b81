"""Places on a district plan: a pin's position, the grid that names it, and its coordinates.

A pin is stored as two integers, ``x`` and ``y``, in ten-thousandths of the plan's width and
height measured from its top-left corner (0 … 10 000), so a position is exact, does not depend on
the size the picture is shown at, and survives replacing the plan by a sharper scan of the same
area. The plan is divided into a grid of lettered columns and numbered rows (``C4``) so that a
place can be chosen or typed without a pointer; a cell reference stands for the cell's centre.

When the coordinator gives the plan's corners (latitude and longitude of the north-west and the
south-east corner), every pin also has coordinates, interpolated linearly — exact enough for a
district drawn north up, where a degree of longitude is the same width across the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

SCALE = 10_000
GRID_COLUMNS = 10
GRID_ROWS = 10
COLUMN_LETTERS = "ABCDEFGHIJ"
assert len(COLUMN_LETTERS) == GRID_COLUMNS

# Six decimal places of a degree are about 11 cm: more than a plan drawn by hand can tell.
DEGREE_PLACES = Decimal("0.000001")

_CELL = re.compile(r"^\s*([A-Za-z])\s*-?\s*(\d{1,2})\s*$")
_CELL_REVERSED = re.compile(r"^\s*(\d{1,2})\s*-?\s*([A-Za-z])\s*$")


@dataclass(frozen=True)
class Point:
    """A place on the plan, in ten-thousandths of its width (``x``) and height (``y``)."""

    x: int
    y: int

    def __post_init__(self) -> None:
        if not (0 <= self.x <= SCALE and 0 <= self.y <= SCALE):
            raise ValueError("a point lies on the plan: 0 ≤ x, y ≤ 10 000")


@dataclass(frozen=True)
class Corners:
    """Latitude and longitude of the plan's north-west (top-left) and south-east corners."""

    north: Decimal
    west: Decimal
    south: Decimal
    east: Decimal


def corner_problems(corners: Corners) -> list[str]:
    """What is wrong with ``corners``, as field names: ``north``/``south`` out of −90…90 or not
    north of each other, ``west``/``east`` out of −180…180 or not west of each other."""
    problems: list[str] = []
    for name in ("north", "south"):
        if not -90 <= getattr(corners, name) <= 90:
            problems.append(name)
    for name in ("west", "east"):
        if not -180 <= getattr(corners, name) <= 180:
            problems.append(name)
    if not problems:
        if corners.south >= corners.north:
            problems.append("south")
        if corners.east <= corners.west:
            problems.append("east")
    return problems


def cell_names() -> list[str]:
    """Every cell of the grid, row by row: A1, B1, … J1, A2, …"""
    return [f"{letter}{row}" for row in range(1, GRID_ROWS + 1) for letter in COLUMN_LETTERS]


def cell_of(point: Point) -> str:
    """The grid cell ``point`` lies in (a point on the right or bottom edge is in the last)."""
    column = min(point.x * GRID_COLUMNS // SCALE, GRID_COLUMNS - 1)
    row = min(point.y * GRID_ROWS // SCALE, GRID_ROWS - 1)
    return f"{COLUMN_LETTERS[column]}{row + 1}"


def parse_cell(text: str) -> Point | None:
    """The centre of the cell ``text`` names ("C4", "c 4", "4C", "C-4"); None if it names none."""
    match = _CELL.match(text or "")
    if match:
        letter, number = match.groups()
    else:
        match = _CELL_REVERSED.match(text or "")
        if not match:
            return None
        number, letter = match.groups()
    column = COLUMN_LETTERS.find(letter.upper())
    row = int(number) - 1
    if column < 0 or not 0 <= row < GRID_ROWS:
        return None
    return Point(
        (2 * column + 1) * SCALE // (2 * GRID_COLUMNS),
        (2 * row + 1) * SCALE // (2 * GRID_ROWS),
    )


def coordinates(point: Point, corners: Corners) -> tuple[Decimal, Decimal]:
    """``(latitude, longitude)`` of ``point``, to six decimal places."""
    fx = Fraction(point.x, SCALE)
    fy = Fraction(point.y, SCALE)
    north, south = Fraction(corners.north), Fraction(corners.south)
    west, east = Fraction(corners.west), Fraction(corners.east)
    latitude = north + (south - north) * fy
    longitude = west + (east - west) * fx
    return _degrees(latitude), _degrees(longitude)


def _degrees(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        DEGREE_PLACES, rounding=ROUND_HALF_EVEN
    )


def percent(value: int) -> str:
    """A coordinate as a CSS percentage ("37.5%"), for placing a pin over the picture."""
    return f"{Fraction(value * 100, SCALE).__float__():.2f}%"
