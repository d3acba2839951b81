"""Places on the district plan: the grid that names them without a pointer, and coordinates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pb.core.plan import (
    SCALE,
    Corners,
    Point,
    cell_names,
    cell_of,
    coordinates,
    corner_problems,
    parse_cell,
)


@pytest.mark.parametrize("text", ["C4", "c4", " C 4 ", "C-4", "4C", "4 c"])
def test_a_typed_cell_names_its_centre(text):
    assert parse_cell(text) == Point(2500, 3500)


@pytest.mark.parametrize("text", ["", "K1", "A0", "A11", "AA1", "C", "4", "C4x", "Ż3", "C 44"])
def test_what_names_no_cell_is_refused(text):
    assert parse_cell(text) is None


def test_every_cell_round_trips_through_its_centre():
    names = cell_names()
    assert len(names) == 100 and names[0] == "A1" and names[9] == "J1" and names[-1] == "J10"
    for name in names:
        assert cell_of(parse_cell(name)) == name


def test_the_edges_belong_to_the_last_cell():
    assert cell_of(Point(0, 0)) == "A1"
    assert cell_of(Point(SCALE, SCALE)) == "J10"
    assert cell_of(Point(999, 1000)) == "A2"


def test_a_point_off_the_plan_cannot_be_made():
    with pytest.raises(ValueError):
        Point(-1, 0)
    with pytest.raises(ValueError):
        Point(0, SCALE + 1)


WILCHWY = Corners(north=Decimal("50.020000"), west=Decimal("18.410000"),
                  south=Decimal("50.010000"), east=Decimal("18.430000"))


def test_coordinates_are_interpolated_from_the_corners_exactly():
    assert coordinates(Point(0, 0), WILCHWY) == (Decimal("50.020000"), Decimal("18.410000"))
    assert coordinates(Point(SCALE, SCALE), WILCHWY) == (Decimal("50.010000"),
                                                         Decimal("18.430000"))
    # The middle of the plan is the middle of the box, to the last decimal place.
    assert coordinates(Point(5000, 5000), WILCHWY) == (Decimal("50.015000"), Decimal("18.420000"))
    # A third of the way: rounded to six places, half to even.
    lat, lon = coordinates(Point(3333, 3333), WILCHWY)
    assert lat == Decimal("50.016667") and lon == Decimal("18.416666")


def test_corners_that_make_no_box_are_named():
    assert corner_problems(WILCHWY) == []
    upside_down = Corners(north=Decimal(50), west=Decimal(18), south=Decimal(51), east=Decimal(19))
    assert corner_problems(upside_down) == ["south"]
    mirrored = Corners(north=Decimal(51), west=Decimal(19), south=Decimal(50), east=Decimal(18))
    assert corner_problems(mirrored) == ["east"]
    beyond = Corners(north=Decimal(91), west=Decimal(-181), south=Decimal(0), east=Decimal(0))
    assert corner_problems(beyond) == ["north", "west"]
