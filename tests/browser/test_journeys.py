"""Journeys through pb in a real browser: signing in, switching language, a sign-in card."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import too_wide
from tests.conftest import PASSWORD, PUBLIC_URL
from tests.qr_tools import decode_qr, pdf_pages

pytestmark = pytest.mark.browser


def test_sign_in_and_out(page, live_server, cast):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Zaloguj się").click()
    expect(page).to_have_url(live_server + "/login")
    # The login field has focus, so a keyboard user can type at once.
    expect(page.get_by_label("E-mail lub login")).to_be_focused()
    page.get_by_label("E-mail lub login").fill(cast.animator.login)
    page.get_by_label("Hasło").fill("wrong password")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("alert")).to_contain_text("Nieprawidłowy login lub hasło.")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_label("Hasło").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Adam Animator")
    expect(page.get_by_text("Witaj, Adam Animator.")).to_be_visible()
    page.get_by_role("link", name="PAL Testowo 2025").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PAL Testowo 2025")
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_text("Wylogowano.")).to_be_visible()
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()


def test_protected_page_returns_after_sign_in(page, live_server, cast):
    page.goto(live_server + f"/groups/{cast.group.id}")
    expect(page).to_have_url(live_server + f"/login?next=%2Fgroups%2F{cast.group.id}")
    page.get_by_label("E-mail lub login").fill(cast.participant.login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page).to_have_url(live_server + f"/groups/{cast.group.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grupa „Place zabaw”")


def test_language_switch_is_remembered(page, live_server, cast):
    page.goto(live_server + f"/editions/{cast.edition.id}")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_text("Pula na mikroprojekty")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(live_server + f"/editions/{cast.edition.id}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Money for micro-projects", exact=True)).to_be_visible()
    expect(page.get_by_text("PLN 20,000.00")).to_be_visible()
    # Another page, and a fresh tab in the same browser, keep English.
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    other = page.context.new_page()
    other.goto(live_server + "/")
    expect(other.locator("html")).to_have_attribute("lang", "en")
    other.close()
    page.get_by_role("button", name="Polski").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zaloguj się")


def test_sign_in_card_on_a_phone(page, phone, live_server, cast, app):
    # The animator prints the card...
    app.config["PUBLIC_URL"] = live_server
    page.goto(live_server + "/login")
    page.get_by_label("E-mail lub login").fill(cast.animator.login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.goto(live_server + f"/groups/{cast.group.id}")
    page.get_by_role("link", name="drukuj kartę").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Drukuj kartę (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    urls = decode_qr(pdf_pages(pdf)[0])
    assert len(urls) == 1 and urls[0].startswith(live_server + "/k/")

    # ...the participant scans it with a phone and taps one big button.
    phone.goto(urls[0])
    expect(phone.get_by_role("heading", level=1)).to_have_text("Zalogować jako Piotr Uczestnik?")
    button = phone.get_by_role("button", name="Zaloguj się")
    box = button.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 200  # easy to tap
    button.tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Piotr Uczestnik")
    expect(phone.get_by_role("link", name="Place zabaw")).to_be_visible()
    # Nothing on the phone page is wider than the screen.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert PUBLIC_URL not in urls[0]


def test_pages_fit_a_small_phone_screen(phone, live_server, cast, app):
    """No page a manager or participant uses on a phone scrolls sideways."""
    from pb.accounts.services import issue_signin_card
    from pb.extensions import db

    issue_signin_card(cast.participant, acting=cast.animator, single_use=True, valid_days=3)
    db.session.commit()
    phone.goto(live_server + "/login")
    phone.get_by_label("E-mail lub login").fill(cast.coordinator.login)
    phone.get_by_label("Hasło").fill(PASSWORD)
    phone.get_by_role("button", name="Zaloguj się").click()
    paths = [
        "/",
        "/accounts/",
        "/accounts/new",
        "/manage/",
        f"/manage/editions/{cast.edition.id}",
        f"/manage/editions/{cast.edition.id}/edit",
        f"/groups/{cast.group.id}",
        f"/groups/{cast.group.id}/members/{cast.participant.id}/card",
        f"/editions/{cast.edition.id}",
    ]
    overflowing = {}
    for path in paths:
        phone.goto(live_server + path)
        if found := too_wide(phone, 360):
            overflowing[path] = found
    assert overflowing == {}


def test_pages_satisfy_the_content_security_policy(page, live_server, cast):
    """The browser reports no CSP violation: the pages use only pb's own scripts and styles."""
    from tests.factories import accepted_project

    project = accepted_project(cast, "Plac zabaw")
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server + "/login")
    page.get_by_label("E-mail lub login").fill(cast.coordinator.login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    for path in ("/", f"/manage/editions/{cast.edition.id}", f"/projects/{project.id}",
                 f"/projects/{project.id}/edit", f"/editions/{cast.edition.id}", "/accounts/",
                 "/audit"):
        page.goto(live_server + path)
        page.wait_for_load_state("load")
    assert violations == []
