"""A resident reports a need from a phone, the animator publishes it, and it appears on the
public need page, where another resident says "me too". Screenshots land in test-artifacts/.

The last part uses ``diagnosis.need_page`` (built with the public map, in the "needs" part):
until that page exists in the app, the test stops there as an expected failure.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from pb.diagnosis.models import Need, NeedReport, NeedSource, ReportState
from pb.extensions import db
from pb.timeutil import warsaw_today
from tests.a11y.conftest import axe_violations
from tests.browser.conftest import ARTIFACTS, too_wide
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WHAT = "Huśtawka na placu przy Szkolnej jest połamana, dzieci nie mają gdzie się bawić."
CONTACT = "mieszkanka.szkolna@przyklad.pl"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"voice-{name}.png"), full_page=True)


def _context(browser, base: str, **options):
    context = browser.new_context(locale="pl-PL", **options)
    # English labels: the test does not depend on the Polish catalogue's wording.
    context.add_cookies([{"name": "pb_lang", "value": "en", "url": base}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def _open_reporting(edition) -> None:
    today = warsaw_today()
    edition.district = "Wilchwy"
    edition.drafting_from = today + timedelta(days=10)
    edition.review_from = today + timedelta(days=40)
    edition.debate_on = today + timedelta(days=50)
    edition.execution_from = today + timedelta(days=51)
    edition.closed_on = today + timedelta(days=200)
    db.session.commit()


def test_a_residents_report_goes_through_moderation_to_the_public(browser, live_server, app,
                                                                   cast):
    edition = cast.edition
    _open_reporting(edition)

    # 1. A resident on a small phone, no account.
    phone = _context(browser, live_server, viewport={"width": 360, "height": 640},
                     is_mobile=True, has_touch=True, device_scale_factor=2)
    phone.goto(f"{live_server}/editions/{edition.id}/report")
    assert too_wide(phone, 360) == []
    assert axe_violations(phone) == []
    _shot(phone, "report-360")
    phone.locator("#what").fill(WHAT)
    phone.locator("#place").fill("plac zabaw przy ul. Szkolnej 5")
    phone.locator("#contact").fill(CONTACT)
    phone.locator("form.report-form button[type=submit]").click()
    expect(phone.locator("h1")).to_contain_text("Thank you")
    assert axe_violations(phone) == []
    _shot(phone, "thanks-360")
    [report] = db.session.scalars(sa.select(NeedReport)).all()
    assert report.state == ReportState.WAITING and report.contact == CONTACT

    # 2. The animator publishes it, with a shorter title.
    desk = _context(browser, live_server, viewport={"width": 1280, "height": 900})
    desk.goto(live_server + "/login")
    desk.locator("#login").fill(cast.animator.login)
    desk.locator("#password").fill(PASSWORD)
    desk.locator("form button[type=submit]").last.click()
    desk.goto(f"{live_server}/manage/editions/{edition.id}/reports")
    item = desk.locator(f"#report-{report.id}")
    expect(item).to_contain_text(CONTACT)
    assert axe_violations(desk) == []
    _shot(desk, "moderation-1280")
    item.locator(f"#p{report.id}-title").fill("Połamana huśtawka przy Szkolnej")
    item.get_by_role("button", name="Publish").click()
    expect(desk.locator(".flash-success")).to_contain_text("published as need 1")
    need = db.session.scalar(sa.select(Need))
    assert need.title == "Połamana huśtawka przy Szkolnej"
    assert need.source == NeedSource.RESIDENT and need.description == WHAT

    # 3. It is public now, without the contact; another resident says "me too".
    if "diagnosis.need_page" not in app.view_functions:
        pytest.xfail("diagnosis.need_page comes with the 'needs' part: merge it to go on")
    phone.goto(f"{live_server}/needs/{need.id}")
    expect(phone.locator("body")).to_contain_text("Połamana huśtawka przy Szkolnej")
    assert CONTACT not in phone.content()
    phone.locator("form.support-form button[type=submit]").click()
    expect(phone.locator(".flash-success")).to_be_visible()
    phone.locator("form.support-form button[type=submit]").click()
    expect(phone.locator(".flash-warning")).to_contain_text("already support")
    _shot(phone, "need-360")
    db.session.expire_all()
    assert db.session.get(Need, need.id).support_count == 1
