"""Keyboard only: the skip link comes first and works, focus is always visible, the order
follows the page, and Tab never gets stuck — on the login, the phone ballot and the desk."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.a11y.conftest import DESKTOP, open_voting, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# What has focus, where it is, and whether a sighted keyboard user can see that it has.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const all = Array.from(document.querySelectorAll('*'));
  return {
    what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' '
          + (e.getAttribute('aria-label') || e.textContent || e.value || e.name || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 40),
    index: all.indexOf(e),
    visible: outline || shadow,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
              && r.left < innerWidth,
  };
}"""


def _clear_focus(page) -> None:
    """Start as a keyboard user does on a page freshly opened: from the very top.

    A focus point that Tab skips (tabindex -1) is put before everything and focused, so the
    next Tab goes to the page's first stop, whatever had focus (autofocus) before."""
    page.evaluate("""() => {
        let start = document.getElementById('test-start');
        if (!start) {
            start = document.createElement('span');
            start.id = 'test-start';
            start.tabIndex = -1;
            document.body.prepend(start);
        }
        start.focus();
        window.scrollTo(0, 0);
    }""")


def tab_through(page, limit: int = 60) -> list[dict]:
    """Press Tab until focus leaves the page (back to the browser) or comes round again."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused is None or (stops and focused["index"] == stops[0]["index"]):
            return stops
        stops.append(focused)
    raise AssertionError(f"focus did not leave the page after {limit} Tabs (a trap?): "
                         f"{[s['what'] for s in stops[-5:]]}")


def assert_good_order(stops: list[dict]) -> None:
    assert stops, "nothing can be reached with Tab"
    assert stops[0]["what"].startswith("a ") and "Przejdź do treści" in stops[0]["what"], \
        f"the skip link is not first: {stops[0]['what']}"
    hidden = [s["what"] for s in stops if not s["visible"]]
    assert hidden == [], f"focus not visible on: {hidden}"
    off = [s["what"] for s in stops if not s["onScreen"]]
    assert off == [], f"focused but off screen: {off}"
    indexes = [s["index"] for s in stops]
    assert indexes == sorted(indexes), \
        f"focus order differs from the page's order: {[s['what'] for s in stops]}"


def _skip(page) -> None:
    """The skip link, first Tab on the page, takes focus to the main content."""
    _clear_focus(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_login_by_keyboard(browser, live_server, cast):
    page = browser.new_context(**DESKTOP).new_page()
    page.goto(live_server + "/login")
    expect(page.locator("#login")).to_be_focused()  # ready to type at once
    _clear_focus(page)
    stops = tab_through(page)
    assert_good_order(stops)
    names = [s["what"] for s in stops]
    login = next(i for i, n in enumerate(names) if n.startswith("input#login"))
    password = next(i for i, n in enumerate(names) if n.startswith("input#password"))
    assert login < password < next(i for i, n in enumerate(names) if n.startswith("button")
                                   and "Zaloguj się" in n and i > password)
    _skip(page)
    page.keyboard.press("Tab")
    expect(page.locator("#login")).to_be_focused()
    page.keyboard.type(cast.participant.login)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Zaloguj się")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dzień dobry, Piotr Uczestnik")
    page.context.close()


def test_phone_ballot_by_keyboard(browser, live_server, hall):
    open_voting(hall)
    page = browser.new_context(**DESKTOP).new_page()
    page.goto(f"{live_server}/v/{hall.cards[0].code}")
    _clear_focus(page)
    stops = tab_through(page)
    assert_good_order(stops)
    # Each project's box, then its details, in the ballot's order; the button after them.
    boxes = [s for s in stops if s["what"].startswith("input#p")]
    assert len(boxes) == 3
    _skip(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Place zabaw przy szkole")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the project's details
    page.keyboard.press("Enter")
    expect(page.locator(".ballot-details").first).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(page.get_by_role("checkbox", name="Piknik rodzinny")).to_be_focused()
    page.keyboard.press("Space")
    while not page.get_by_role("button", name="Dalej: sprawdź wybór").evaluate(
            "e => e === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź swój wybór")
    _clear_focus(page)
    assert_good_order(tab_through(page))
    _skip(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Potwierdzam mój głos")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dziękujemy! Twój głos został policzony.")
    page.context.close()


def test_desk_by_keyboard(browser, live_server, hall):
    open_voting(hall)
    page = browser.new_context(**DESKTOP).new_page()
    sign_in(page, live_server, hall.cast.teller.login)
    page.goto(f"{live_server}/debates/{hall.debate.id}/desk")
    field = page.locator("#code")
    expect(field).to_be_focused()
    page.keyboard.type(hall.cards[3].code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("KARTA WAŻNA")
    first_box = page.get_by_role("checkbox").first
    expect(first_box).to_be_focused()  # the marks are next, at once
    _clear_focus(page)
    stops = tab_through(page)
    assert_good_order(stops)
    names = [s["what"] for s in stops]
    code = next(i for i, n in enumerate(names) if n.startswith("input#code"))
    marks = [i for i, n in enumerate(names) if n.startswith("input ")]
    save = next(i for i, n in enumerate(names) if "Zapisz znaki" in n)
    assert code < min(marks) and max(marks) < save
    # Marks by Tab and Space alone (no number keys), Enter saves, focus back on the code field.
    first_box.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_text("policzona: 1, 2.")).to_be_visible()
    expect(field).to_be_focused()
    _clear_focus(page)
    assert_good_order(tab_through(page))
    page.context.close()
