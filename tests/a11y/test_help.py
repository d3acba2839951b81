"""Help for the hall: the tellers' guide and the "how to vote" slide, in Polish and English,
each printing on exactly one page, reached from the coordinator's console."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y.conftest import ARTIFACTS, DESKTOP, Auditor, sign_in
from tests.qr_tools import decode_qr, pdf_pages, pdf_text

pytestmark = pytest.mark.browser

TEXTS = {
    "pl": {"guide": "Przewodnik dla komisji skrutacyjnej", "slide": "Jak głosować",
           "rule": "Zaznacz od 1 do 2 projektów."},
    "en": {"guide": "Guide for the tellers", "slide": "How to vote",
           "rule": "Mark from 1 to 2 projects."},
}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_guide_and_slide_print_on_one_page(browser, live_server, hall, lang):
    audit = Auditor(f"help-{lang}")
    context = browser.new_context(**DESKTOP)
    context.add_cookies([{"name": "pb_lang", "value": lang, "url": live_server}])
    page = context.new_page()
    base = f"{live_server}/debates/{hall.debate.id}"
    words = TEXTS[lang]
    for kind in ("guide", "slide"):
        page.goto(f"{base}/{kind}")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(words[kind])
        expect(page.get_by_text(words["rule"]).first).to_be_visible()
        for project in hall.projects:
            expect(page.get_by_text(project.title).first).to_be_visible()
        audit.check(page, kind)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"help-{kind}-{lang}.png"), full_page=True)
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        pages = pdf_pages(pdf, scale=1.5)
        assert len(pages) == 1, f"{kind} prints on {len(pages)} pages"
        pages[0].save(ARTIFACTS / f"help-{kind}-{lang}-print.png")
        width, height = pages[0].size
        assert (width > height) == (kind == "slide")  # the slide is landscape, the guide not
        assert words[kind] in pdf_text(pdf)
        if kind == "slide":
            # The debate's page, readable by a phone from the printed (or projected) slide.
            assert decode_qr(pages[0]) == [f"{live_server}/debates/{hall.debate.id}"]
    context.close()
    audit.assert_clean()


def test_console_links_to_the_help(browser, live_server, hall):
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, hall.cast.coordinator.login)
    page.goto(f"{live_server}/debates/{hall.debate.id}/console")
    page.get_by_role("link", name="Przewodnik dla komisji skrutacyjnej").click()
    expect(page).to_have_url(f"{live_server}/debates/{hall.debate.id}/guide")
    page.go_back()
    page.get_by_role("link", name="Slajd: jak głosować").click()
    expect(page).to_have_url(f"{live_server}/debates/{hall.debate.id}/slide")
    page.context.close()


def test_help_of_an_unpublished_edition_is_private(app, client, hall):
    from pb.extensions import db

    hall.cast.edition.published = False
    db.session.commit()
    for kind in ("guide", "slide"):
        assert client.get(f"/debates/{hall.debate.id}/{kind}").status_code == 404
