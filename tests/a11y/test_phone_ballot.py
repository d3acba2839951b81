"""The phone ballot on a small, cheap phone: 360 px wide, big tap targets, readable at 200%
zoom, working with JavaScript off, and small enough for a weak mobile connection."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y.conftest import ARTIFACTS, PHONE, open_voting

pytestmark = pytest.mark.browser

BUDGET_BYTES = 50 * 1024
TAP = 44  # px, the smallest comfortable target for a finger

_TARGETS = """() => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary'))
  .filter(e => e.getClientRects().length && !e.closest('.skip-link') && !e.matches('.skip-link'))
  .map(e => { const r = e.getBoundingClientRect();
              return {what: e.tagName.toLowerCase() + ' ' + (e.textContent || e.name || '').trim()
                           .replace(/\\s+/g, ' ').slice(0, 30),
                      w: Math.round(r.width), h: Math.round(r.height)}; })"""


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-ballot-{name}.png"), full_page=True)


def _fits(page, width: int) -> int:
    """The page's scroll width once fonts and styles are in: at most ``width`` when it fits."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => 0)")
    return page.evaluate("document.documentElement.scrollWidth")


def test_ballot_is_small_with_big_targets_on_a_360px_phone(browser, live_server, hall):
    open_voting(hall)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server}/v/{hall.cards[0].code}")
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Twoja karta do głosowania")

    # Bytes transferred for the page, its stylesheet, scripts and icon (headers included);
    # project photos are counted apart: they are lazy, sized, and the only optional part.
    page_bytes, image_bytes = 0, 0
    for response in responses:
        response.finished()
        sizes = response.request.sizes()
        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if response.request.resource_type == "image" and "/photos/" in response.url:
            image_bytes += transferred
        else:
            page_bytes += transferred
    print(f"ballot page: {page_bytes} bytes without photos, {image_bytes} bytes of photos "
          f"({len(responses)} responses)")
    assert page_bytes < BUDGET_BYTES, page_bytes
    images = page.evaluate("""() => Array.from(document.images).map(i =>
        ({lazy: i.loading, w: i.getAttribute('width'), h: i.getAttribute('height')}))""")
    assert images and all(i["lazy"] == "lazy" and i["w"] and i["h"] for i in images), images

    assert _fits(page, 360) <= 360
    small = [t for t in page.evaluate(_TARGETS) if t["w"] < TAP or t["h"] < TAP]
    assert small == [], small
    # The whole card is the target: tapping a project's title ticks its box.
    page.get_by_text("Piknik rodzinny").tap()
    expect(page.get_by_role("checkbox", name="Piknik rodzinny")).to_be_checked()
    _shot(page, "360")
    page.get_by_role("button", name="Dalej: sprawdź wybór").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź swój wybór")
    small = [t for t in page.evaluate(_TARGETS) if t["w"] < TAP or t["h"] < TAP]
    assert small == [], small
    context.close()


def test_ballot_reads_at_200_percent_zoom(browser, live_server, hall):
    """360 px at 200% zoom is a 180 CSS px wide screen: nothing may scroll sideways."""
    open_voting(hall)
    context = browser.new_context(viewport={"width": 180, "height": 640}, locale="pl-PL",
                                  device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server}/v/{hall.cards[0].code}")
    assert _fits(page, 180) <= 180
    _shot(page, "zoom-200")
    page.get_by_role("checkbox", name="Basen dla dzieci").check()
    page.get_by_role("button", name="Dalej: sprawdź wybór").click()
    assert _fits(page, 180) <= 180
    page.get_by_role("button", name="Potwierdzam mój głos").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dziękujemy")
    assert _fits(page, 180) <= 180
    _shot(page, "zoom-200-receipt")
    context.close()


def test_voting_works_with_javascript_off(browser, live_server, hall):
    from pb.debate.models import Ballot
    from pb.extensions import db

    open_voting(hall)
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/v/{hall.cards[1].code}")
    # No script of the page runs: marking, checking, changing and confirming need none.
    page.get_by_role("checkbox", name="Piknik rodzinny").check()
    page.get_by_role("checkbox", name="Basen dla dzieci").check()
    page.get_by_role("button", name="Dalej: sprawdź wybór").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź swój wybór")
    page.get_by_role("button", name="Zmień wybór").click()
    expect(page.get_by_role("checkbox", name="Basen dla dzieci")).to_be_checked()
    page.get_by_role("checkbox", name="Basen dla dzieci").uncheck()
    page.get_by_role("button", name="Dalej: sprawdź wybór").click()
    page.get_by_role("button", name="Potwierdzam mój głos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dziękujemy! Twój głos został policzony.")
    _shot(page, "no-js-receipt")
    db.session.expire_all()
    assert db.session.query(Ballot).count() == 1
    context.close()
