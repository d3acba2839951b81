"""A debate played end to end in the browser: cards printed and their QR codes read from the
PDF, voting opened, phones and the counting desk voting, used cards refused, results."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pb.core.cardcode import format_card_code
from tests.browser.conftest import ARTIFACTS, too_wide
from tests.conftest import PASSWORD
from tests.factories import accepted_project
from tests.qr_tools import decode_qr, pdf_pages

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"debate-{name}.png"), full_page=True)


def _sign_in(page, base: str, login: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail lub login").fill(login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()


def _print(page, count: str, category: str) -> list[str]:
    page.get_by_label("Liczba kart").fill(count)
    page.get_by_label("Kategoria").select_option(category)
    with page.expect_download() as download:
        page.get_by_role("button", name="Drukuj karty (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    return [url for image in pdf_pages(pdf) for url in decode_qr(image)]


def test_a_whole_debate(browser, live_server, cast, app):
    app.config["PUBLIC_URL"] = live_server
    for title in ("Place zabaw", "Piknik rodzinny", "Basen dla dzieci"):
        accepted_project(cast, title)
    coordinator = browser.new_context(viewport={"width": 1280, "height": 900},
                                      locale="pl-PL").new_page()
    coordinator.set_default_timeout(15_000)
    _sign_in(coordinator, live_server, cast.coordinator.login)

    # Set up the debate: 1 to 2 marks, 2 winners.
    coordinator.goto(live_server + f"/manage/editions/{cast.edition.id}")
    coordinator.get_by_role("link", name="Przygotuj debatę").click()
    coordinator.get_by_label("Największa liczba znaków na karcie").fill("2")
    coordinator.get_by_label("Ile projektów wygrywa").fill("2")
    coordinator.get_by_role("button", name="Zapisz").click()
    expect(coordinator.get_by_text("Zapisano debatę.")).to_be_visible()
    # The teller who counts at this debate's desk.
    coordinator.get_by_role("checkbox", name=cast.teller.name).check()
    coordinator.get_by_role("button", name="Zapisz skład komisji").click()
    expect(coordinator.get_by_text("Zapisano skład komisji.")).to_be_visible()

    residents = _print(coordinator, "4", "resident")
    officials = _print(coordinator, "2", "official")
    assert len(residents) == 4 and len(officials) == 2
    assert all(url.startswith(live_server + "/v/") for url in residents + officials)

    # A phone scanning a card before the vote opens is asked to wait.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                has_touch=True, locale="pl-PL").new_page()
    phone.set_default_timeout(15_000)
    phone.goto(residents[0])
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Głosowanie jeszcze się nie zaczęło")

    coordinator.reload()
    coordinator.get_by_role("button", name="Otwórz głosowanie").click()
    expect(coordinator.get_by_role("button", name="Zamknij głosowanie")).to_be_visible()
    _shot(coordinator, "1-console-open")

    # Phones vote: scan, mark, check, confirm, receipt.
    def vote_by_phone(url: str, titles: list[str]) -> None:
        phone.goto(url)
        for title in titles:
            phone.get_by_role("checkbox", name=title).check()
        phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Sprawdź swój wybór")
        phone.get_by_role("button", name="Potwierdzam mój głos").click()
        expect(phone.get_by_text("Dziękujemy! Twój głos został policzony.")).to_be_visible()

    phone.goto(residents[0])
    expect(phone.get_by_role("heading", level=1)).to_have_text("Twoja karta do głosowania")
    assert too_wide(phone, 360) == []
    _shot(phone, "2-phone-ballot")
    # Three marks break the rule: the phone says so and counts nothing.
    for title in ("Place zabaw", "Piknik rodzinny", "Basen dla dzieci"):
        phone.get_by_role("checkbox", name=title).check()
    phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
    expect(phone.get_by_role("alert")).to_contain_text("Zaznacz od 1 do 2 projektów.")
    phone.get_by_role("checkbox", name="Piknik rodzinny").uncheck()
    phone.get_by_role("button", name="Dalej: sprawdź wybór").click()
    _shot(phone, "3-phone-confirm")
    phone.get_by_role("button", name="Potwierdzam mój głos").click()
    expect(phone.get_by_text("Dziękujemy! Twój głos został policzony.")).to_be_visible()
    _shot(phone, "4-phone-receipt")
    vote_by_phone(residents[1], ["Basen dla dzieci"])
    vote_by_phone(officials[0], ["Basen dla dzieci", "Piknik rodzinny"])

    # A used card, scanned again on a phone, is refused without a word about the choices.
    phone.goto(residents[0])
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ta karta została już użyta")

    # The desk counts paper cards: a scanner types the URL and Enter, digits mark, Enter saves.
    teller = browser.new_context(viewport={"width": 1280, "height": 900},
                                 locale="pl-PL").new_page()
    teller.set_default_timeout(15_000)
    _sign_in(teller, live_server, cast.teller.login)
    debate_id = coordinator.url.split("/debates/")[1].split("/")[0]
    teller.goto(live_server + f"/debates/{debate_id}/desk")
    code_field = teller.get_by_label("Zeskanuj kartę albo wpisz jej kod i naciśnij Enter")
    expect(code_field).to_be_focused()
    code_field.fill(residents[2])
    code_field.press("Enter")
    expect(teller.get_by_role("alert")).to_contain_text("KARTA WAŻNA")
    _shot(teller, "5-desk-valid")
    teller.keyboard.press("2")
    teller.keyboard.press("Enter")
    expect(teller.get_by_text("policzona: 2")).to_be_visible()
    expect(code_field).to_be_focused()
    # The card used by phone, brought to the desk: refused at once.
    code_field.fill(format_card_code(residents[0].rsplit("/", 1)[1]).lower())
    code_field.press("Enter")
    expect(teller.get_by_role("alert")).to_contain_text("JUŻ UŻYTA")
    _shot(teller, "6-desk-used")
    # A spoiled paper card.
    code_field = teller.get_by_label("Zeskanuj kartę albo wpisz jej kod i naciśnij Enter")
    code_field.fill(officials[1])
    code_field.press("Enter")
    teller.get_by_role("button", name="Karta nieważna").click()
    expect(teller.get_by_text("zapisana jako nieważna")).to_be_visible()

    # Live turnout on the public page, without reloading.
    hall = browser.new_context(viewport={"width": 1280, "height": 900},
                               locale="pl-PL").new_page()
    hall.goto(live_server + f"/debates/{debate_id}")
    all_cast = hall.locator('[data-t="all.cast"]')
    expect(all_cast).to_have_text("4")
    vote_by_phone(residents[3], ["Place zabaw"])
    expect(all_cast).to_have_text("5", timeout=15_000)

    coordinator.get_by_role("button", name="Zamknij głosowanie").click()
    expect(coordinator.get_by_text("Głosowanie zamknięte. Wyniki są publiczne.")).to_be_visible()
    phone.goto(residents[3])
    expect(phone.get_by_role("heading", level=1)).not_to_have_text("Twoja karta do głosowania")

    hall.goto(live_server + f"/debates/{debate_id}")
    expect(hall.get_by_role("heading", name="Wyniki")).to_be_visible()
    # Basen 2 (1 resident + 1 official), Place zabaw 2, Piknik 2 (1 + 1): all tie on votes;
    # the published rule breaks the tie, and the page says how.
    winners = hall.locator(".result-bar.winner")
    expect(winners).to_have_count(2)
    hall.get_by_text("Jak wybrano zwycięzców, krok po kroku").click()
    expect(hall.get_by_text("Remis między projektami")).to_be_visible()
    _shot(hall, "7-results")
