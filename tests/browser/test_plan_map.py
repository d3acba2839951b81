"""The district plan in a browser: placing a pin by a click and by dragging it (Leaflet), with
the keyboard alone (the square chosen or typed), and with JavaScript off (the SVG and the form);
the map pages pass axe and load with every other host blocked."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from pb.core.plan import Point
from pb.diagnosis import mapping
from pb.diagnosis import services as diagnosis
from pb.diagnosis.models import ResourceKind
from pb.extensions import db
from tests.a11y.conftest import DESKTOP, PHONE, Auditor, sign_in
from tests.a11y.test_offline_hall import OfflineHall
from tests.browser.conftest import ARTIFACTS
from tests.factories import complete_project

pytestmark = pytest.mark.browser


def schematic_plan(size=(1200, 900)) -> bytes:
    """A schematic district: streets, a river, a park, two buildings."""
    width, height = size
    picture = Image.new("RGB", size, (246, 243, 234))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((720, 90, 1000, 330), fill=(200, 228, 190))  # the park
    draw.polygon([(0, 700), (400, 640), (800, 720), (1200, 660), (1200, 760), (800, 820),
                  (400, 740), (0, 800)], fill=(160, 200, 235))  # the river
    for x in (180, 520, 880):
        draw.rectangle((x, 0, x + 26, height), fill=(255, 255, 255), outline=(150, 150, 150))
    for y in (230, 480):
        draw.rectangle((0, y, width, y + 26), fill=(255, 255, 255), outline=(150, 150, 150))
    draw.rectangle((260, 300, 420, 430), fill=(215, 190, 170))  # the school
    draw.rectangle((600, 520, 760, 620), fill=(215, 190, 170))  # the culture house
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def district(app, cast, live_server):
    mapping.store_plan(cast.edition, schematic_plan(), acting=cast.animator)
    need = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Zniszczony plac zabaw"), acting=cast.animator, point=Point(2800, 4000))
    other = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Brak ławek dla seniorów"), acting=cast.animator, point=Point(6500, 2000))
    resource = diagnosis.create_resource(cast.edition, diagnosis.ResourceData(
        name="Dom Kultury", kind=ResourceKind.PLACE), acting=cast.animator,
        point=Point(5700, 6300))
    loose = diagnosis.create_need(cast.edition, diagnosis.NeedData(
        title="Dzieci nie mają co robić w wakacje"), acting=cast.animator)
    project = complete_project(cast, "Ławki przy bloku")
    db.session.commit()
    return {"need": need, "other": other, "resource": resource, "loose": loose,
            "project": project}


def SAVE(page):
    return page.locator("#pin-form button[type=submit]").first


def _map_box(page):
    holder = page.locator(".plan-leaflet")
    expect(holder).to_be_visible()
    expect(page.locator(".plan-svg")).to_be_hidden()
    page.wait_for_function("document.querySelector('img.leaflet-image-layer')?.complete",
                           polling=100, timeout=10_000)
    # The squares' grid is drawn over the picture, as in the SVG.
    expect(page.locator(".plan-grid-layer .plan-grid-label")).to_have_count(20)
    return page.locator("img.leaflet-image-layer").bounding_box()


def _refresh(row):
    db.session.refresh(row)
    return row.point


def test_a_pin_placed_by_a_click_on_the_map(browser, live_server, cast, district):
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, cast.animator.login)
    loose = district["loose"]
    page.goto(f"{live_server}/pins/need/{loose.id}?next=/manage/")
    expect(page.locator("#pin-now")).to_have_text(re.compile("Jeszcze nie ma|Not on the map"))
    box = _map_box(page)
    # The middle of square C4 of the picture (the image is 10 squares across and down).
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.35)
    expect(page.locator(".map-pin-editing")).to_be_visible()
    expect(page.locator("#cell")).to_have_value("C4")
    expect(page.locator("#pin-status")).to_contain_text("C4")
    x = int(page.locator("#pin-x").input_value())
    y = int(page.locator("#pin-y").input_value())
    assert abs(x - 2500) < 80 and abs(y - 3500) < 80
    SAVE(page).click()
    page.wait_for_url(f"{live_server}/manage/")
    expect(page.locator(".flash-success")).to_be_visible()
    assert _refresh(loose) == Point(x, y)
    page.context.close()


def test_a_pin_dragged_to_a_new_place(browser, live_server, cast, district):
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, cast.animator.login)
    need = district["need"]
    page.goto(f"{live_server}/pins/need/{need.id}")
    box = _map_box(page)
    pin = page.locator(".map-pin-editing")
    start = pin.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    target = (box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.85)
    page.mouse.move(*target, steps=12)
    page.mouse.up()
    expect(page.locator("#cell")).to_have_value("H9")
    x = int(page.locator("#pin-x").input_value())
    y = int(page.locator("#pin-y").input_value())
    assert abs(x - 7500) < 100 and abs(y - 8500) < 100
    SAVE(page).click()
    page.wait_for_url(lambda url: "/pins/" not in url)
    assert _refresh(need) == Point(x, y)
    page.context.close()


def test_the_keyboard_alone_chooses_or_types_the_square(browser, live_server, cast, district):
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, cast.animator.login)
    need = district["need"]
    page.goto(f"{live_server}/pins/need/{need.id}")
    _map_box(page)
    # Tab from the top of the page: the map does not hold the focus, the square list is reached.
    page.locator("body").focus()
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        current = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        reached.append(current)
        if current == "cell":
            break
    assert reached[-1] == "cell", reached
    page.keyboard.type("E")  # the first square of column E in the list: E1
    page.keyboard.press("ArrowDown")
    expect(page.locator("#cell")).to_have_value("F1")
    # The pin follows the chosen square; the map's point is dropped so the square counts.
    assert page.locator("#pin-x").input_value() == ""
    for _ in range(5):  # on to the "Save" button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/pins/" not in url)
    assert _refresh(need) == Point(5500, 500)

    page.goto(f"{live_server}/pins/need/{need.id}")
    page.locator("#cell_text").focus()
    page.keyboard.type("b7")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/pins/" not in url)
    assert _refresh(need) == Point(1500, 6500)
    page.context.close()


def test_with_javascript_off_the_svg_and_the_form_work(browser, live_server, cast, district):
    context = browser.new_context(**DESKTOP, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, cast.participant.login)
    project = district["project"]
    page.goto(f"{live_server}/projects/{project.id}/edit")
    page.locator(f"a[href^='/pins/project/{project.id}']").click()
    expect(page.locator(".plan-svg")).to_be_visible()
    expect(page.locator(".plan-leaflet")).to_have_count(0)
    # The pins of the diagnosis are drawn, numbered, each a link.
    expect(page.locator(".plan-svg a.plan-pin")).to_have_count(3)
    page.locator("#cell").select_option("B2")
    SAVE(page).click()
    page.wait_for_url(f"{live_server}/projects/{project.id}/edit")
    assert _refresh(project) == Point(1500, 1500)
    expect(page.locator("#on-the-map + p")).to_contain_text("B2")
    # Removed again.
    page.locator(f"a[href^='/pins/project/{project.id}']").click()
    page.locator("#pin-form button[name=remove]").click()
    page.wait_for_url(lambda url: "/pins/" not in url)
    assert _refresh(project) is None
    context.close()


def test_map_pages_pass_axe_look_finished_and_need_no_internet(browser, live_server, cast,
                                                               district):
    edition, need, project = cast.edition.id, district["need"].id, district["project"].id
    audit = Auditor("plan-map")
    offline = OfflineHall(browser, live_server)
    for name, options in (("desktop", DESKTOP), ("phone", PHONE)):
        page = offline.context(**options).new_page()
        sign_in(page, live_server, cast.animator.login)
        for path, label in ((f"/manage/editions/{edition}/plan", "plan"),
                            (f"/pins/need/{need}", "place-pin")):
            offline.visit(page, path)
            _map_box(page)
            audit.check(page, f"{label}-{name}")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"plan-map-{label}-{name}.png"), full_page=True)
        page.context.close()
    # Without JavaScript: the SVG map, and the project's description with its link.
    page = offline.context(**DESKTOP, java_script_enabled=False).new_page()
    sign_in(page, live_server, cast.participant.login)
    for path in (f"/pins/project/{project}", f"/projects/{project}/edit"):
        offline.visit(page, path)
        expect(page.locator(".plan-svg, #on-the-map").first).to_be_visible()
    page.goto(f"{live_server}/pins/project/{project}")
    page.screenshot(path=str(ARTIFACTS / "plan-map-place-pin-nojs.png"), full_page=True)
    page.context.close()
    # axe needs scripts of its own: the pages' scripts are held back instead, so the SVG map
    # (what a browser without JavaScript shows) is what axe reads.
    context = browser.new_context(**PHONE)
    context.route(re.compile(r".*/(leaflet|plan_map)\.js.*"), lambda route: route.abort())
    page = context.new_page()
    sign_in(page, live_server, cast.participant.login)
    for path, label in ((f"/pins/project/{project}", "place-pin-svg"),
                        (f"/projects/{project}/edit", "project-edit")):
        page.goto(live_server + path)
        audit.check(page, label)
    expect(page.locator(".plan-svg")).to_have_count(0)  # the description: a link, no map
    context.close()
    audit.assert_clean()
    assert offline.visited == 6
    assert "place-pin-svg" in audit.seen
    assert offline.blocked == [], offline.blocked
    assert offline.failed == [], offline.failed
    assert offline.problems == {}, offline.problems
