"""The map block of the public pages passes axe and fits a small phone."""

from __future__ import annotations

from tests.a11y.conftest import DESKTOP, PHONE, Auditor
from tests.browser.conftest import ARTIFACTS, too_wide
from tests.web.test_public_map import world


def test_public_pages_with_the_map_block(app, cast, browser, live_server):
    w = world(cast, debate_state="closed")
    auditor = Auditor("public-map")
    for device, options in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(**options)
        page = context.new_page()
        for name, path in (("edition", f"/editions/{cast.edition.id}"),
                           ("debate", f"/debates/{w.debate.id}")):
            page.goto(live_server + path)
            assert page.locator("section.map-block").count() == 1
            auditor.check(page, f"{name}-{device}")
            assert too_wide(page, options["viewport"]["width"]) == [], f"{name} on {device}"
            ARTIFACTS.mkdir(exist_ok=True)
            page.locator("section.map-block").screenshot(
                path=str(ARTIFACTS / f"public-map-{name}-{device}.png"))
        context.close()
    auditor.assert_clean()
