"""The Wilchwy demo's diagnosis data and its plan picture, without a database."""

from __future__ import annotations

import io
import math
import re
from datetime import date

import pytest
from PIL import Image

from pb.core.plan import coordinates
from pb.demo.wilchwy_diagnosis import NEEDS, REPORTS, RESOURCES
from pb.demo.wilchwy_plan import CORNERS, HEIGHT, PLACES, WIDTH, draw_plan, pixel_of
from pb.demo.wodzislaw_2012 import EDITION
from pb.demo.wodzislaw_2012_projects import PROJECTS
from pb.diagnosis.models import DEFAULT_CATEGORIES, ResourceKind

# What is drawn over the plan itself: no pin may hide under it.
PANELS = {
    "title": (26, 34, 560, 128),
    "legend": (26, 1012, 316, 1180),
    "to the centre": (1250, 980, 1562, 1080),
    "scale bar": (1326, 1116, 1554, 1168),
    "north arrow": (1468, 152, 1556, 240),
}


@pytest.fixture(scope="module")
def picture() -> tuple[bytes, Image.Image]:
    data = draw_plan()
    return data, Image.open(io.BytesIO(data))


def test_the_plan_is_a_png_of_the_expected_size_drawn_the_same_each_time(picture):
    data, image = picture
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT) == (1600, 1200)
    Image.open(io.BytesIO(data)).verify()
    assert draw_plan() == data


def test_the_plan_is_drawn_not_blank(picture):
    _, image = picture
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200  # streets, water, green, text…


def test_the_corners_frame_about_a_kilometre_and_a_half_around_wilchwy():
    middle = (float(CORNERS.north + CORNERS.south) / 2, float(CORNERS.west + CORNERS.east) / 2)
    assert abs(middle[0] - 50.01) < 0.02 and abs(middle[1] - 18.42) < 0.02
    width_km = float(CORNERS.east - CORNERS.west) * 111.32 * math.cos(math.radians(middle[0]))
    height_km = float(CORNERS.north - CORNERS.south) * 111.2
    assert 1.3 < width_km < 1.7
    # North up with square metres: the picture's proportions are the ground's.
    assert height_km / width_km == pytest.approx(HEIGHT / WIDTH, rel=0.03)


def test_every_place_is_on_the_drawing_and_not_under_a_panel():
    for name, point in PLACES.items():
        x, y = pixel_of(point)
        assert 20 <= x <= WIDTH - 20 and 30 <= y <= HEIGHT - 30, name
        for panel, (left, top, right, bottom) in PANELS.items():
            assert not (left - 12 <= x <= right + 12 and top - 12 <= y <= bottom + 12), (
                f"{name} is under the {panel}")
        lat, lon = coordinates(point, CORNERS)
        assert CORNERS.south <= lat <= CORNERS.north and CORNERS.west <= lon <= CORNERS.east


def test_every_need_resource_report_and_project_stands_on_a_named_place():
    for row in [*NEEDS, *RESOURCES, *REPORTS, *PROJECTS]:
        assert row["spot"] in PLACES


DRAFTING = EDITION["drafting_from"]


@pytest.mark.parametrize("need", NEEDS, ids=lambda n: n["key"])
def test_need_is_complete_and_dated_in_the_diagnosis(need):
    for key in ("title", "description", "place", "affected", "evidence"):
        assert need[key].strip(), key
    assert need["affected_count"] > 0 and need["supports"] >= 0
    assert date(2012, 1, 1) <= need["noted_on"] < DRAFTING
    assert need["category"] in DEFAULT_CATEGORIES


def test_the_needs_of_the_seeds_are_there():
    titles = " ".join(n["title"].lower() for n in NEEDS)
    assert sum("plac zabaw" in n["title"].lower() for n in NEEDS) == 3  # three playgrounds
    for words in ("wakacje", "usiąść i porozmawiać", "rodziny", "naprawę"):
        assert words in titles
    assert len({n["key"] for n in NEEDS}) == len({n["title"] for n in NEEDS}) == len(NEEDS)
    sources = {n["source"].value for n in NEEDS}
    assert {"survey", "walk", "mops", "meeting"} <= sources


def test_the_resources_of_the_seeds_are_there_with_made_up_contacts():
    names = " ".join(r["name"] for r in RESOURCES)
    for words in ("Dom Kultury w Wilchwach", "Szkoła", "Parafia", "Klub sportowy", "MOPS",
                  "CRIS", "wolna w soboty"):
        assert words in names
    assert {r["kind"] for r in RESOURCES} == set(ResourceKind)
    for resource in RESOURCES:
        assert resource["offers"].strip() and resource["contact"].strip()
        assert resource["category"] in DEFAULT_CATEGORIES
        # No real phone number or address: 000 000 … numbers and .example domains only.
        for phone in re.findall(r"\d[\d ]{6,}\d", resource["contact"]):
            assert phone.startswith("000 000"), phone
        for domain in re.findall(r"@([\w.]+)", resource["contact"]):
            assert domain.endswith(".example"), domain


def test_reports_wait_with_one_naming_a_person_and_one_with_a_contact():
    assert len(REPORTS) >= 3
    assert all(r["sent"].date() < DRAFTING for r in REPORTS)
    assert sum(bool(r["contact"]) for r in REPORTS) == 1
    assert any(re.search(r"\bPani? [A-ZŁŚŻ]\w+ [A-ZŁŚŻ]\w+", r["what"]) for r in REPORTS)


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p["title"])
def test_each_project_answers_needs_and_stands_near_one(project):
    keys = {n["key"]: n for n in NEEDS}
    assert project["answers"] and set(project["answers"]) <= set(keys)
    assert all("closed" not in keys[k] for k in project["answers"])
    here = pixel_of(PLACES[project["spot"]])
    nearest = min(math.dist(here, pixel_of(PLACES[keys[k]["spot"]])) for k in project["answers"])
    assert nearest < WIDTH / 4
