"""The whole Wodzisław story in one browser run, each person in their own browser.

The coordinator sets up the edition and the accounts; the animator forms the groups and prints
sign-in cards; participants sign in by scanning them (the QR read from the PDF) and draft their
micro-projects; the animator accepts them; the coordinator prepares the debate and prints ballot
cards; residents vote by phone, an official on paper at the tellers' desk; the vote closes and
the results appear with the edition's rule; the chosen project is carried out and completed; the
public sees it finished; the final report is downloaded. Every step is screenshotted to
test-artifacts/journey-NN-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, too_wide
from tests.conftest import PASSWORD
from tests.qr_tools import decode_qr, pdf_pages, pdf_text

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "pl-PL"}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "pl-PL", "device_scale_factor": 2}

# (group, participant, project title, one-line summary, task, budget item, unit price)
GROUPS = [
    ("Place zabaw", "Anna Kowalczyk", "Trzy place zabaw jak nowe",
     "Malujemy i naprawiamy trzy place zabaw w Wilchwach.", "Malowanie huśtawek",
     "Farba do metalu", "89,00"),
    ("Basen", "Jan Nowak", "Basen dla dzieci latem",
     "Karnety na basen na dwa miesiące dla 75 dzieci.", "Zakup karnetów",
     "Karnet na basen", "40,00"),
    ("Wycieczka", "Ewa Wiśniewska", "Wycieczka do Ustronia",
     "Jednodniowa wycieczka do Ustronia dla 100 mieszkańców.", "Wynajem autokaru",
     "Autokar", "900,00"),
]


class Journey:
    def __init__(self, browser, base: str) -> None:
        self.browser = browser
        self.base = base
        self.step = 0
        self.contexts = []

    def person(self, **options):
        context = self.browser.new_context(**(options or DESKTOP))
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def shot(self, page, name: str) -> None:
        self.step += 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"journey-{self.step:02d}-{name}.png"),
                        full_page=True)

    def sign_in(self, page, login: str) -> None:
        page.goto(self.base + "/login")
        page.get_by_label("E-mail lub login").fill(login)
        page.get_by_label("Hasło").fill(PASSWORD)
        page.get_by_role("button", name="Zaloguj się").click()
        expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def _download(page, click) -> bytes:
    with page.expect_download() as download:
        click()
    return Path(download.value.path()).read_bytes()


def test_the_wodzislaw_journey(browser, live_server, app):
    from pb.accounts.models import Role
    from pb.accounts.services import create_user
    from pb.extensions import db

    app.config["PUBLIC_URL"] = live_server
    create_user(login="koordynator@wilchwy.test", name="Katarzyna Koordynator",
                role=Role.COORDINATOR, password=PASSWORD, acting=None)
    db.session.commit()
    trip = Journey(browser, live_server)

    # 1. The coordinator: the edition, then the accounts of the animator, the teller, an official.
    coordinator = trip.person()
    trip.sign_in(coordinator, "koordynator@wilchwy.test")
    coordinator.goto(live_server + "/manage/editions/new")
    for label, value in [
        ("Nazwa edycji", "PAL Wilchwy 2012/13"), ("Gmina", "Wodzisław Śląski"),
        ("Dzielnica", "Wilchwy"), ("Pula na mikroprojekty (zł)", "20 000"),
        ("Limit na jeden mikroprojekt (zł)", "5 000"),
        ("Początek przygotowania projektów", "2025-01-01"),
        ("Początek oceny projektów", "2025-03-01"), ("Dzień debaty", "2025-04-01"),
        ("Początek realizacji", "2025-04-02"), ("Zakończenie edycji", "2025-12-01"),
    ]:
        coordinator.get_by_label(label, exact=True).fill(value)
    coordinator.get_by_label("Zasada wyboru projektów").select_option("top")
    coordinator.get_by_label("Opublikowana (mieszkańcy widzą tę edycję)").check()
    trip.shot(coordinator, "coordinator-edition-form")
    coordinator.get_by_role("button", name="Zapisz").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("PAL Wilchwy 2012/13")
    edition_url = coordinator.url
    edition_id = int(edition_url.rstrip("/").rsplit("/", 1)[1])
    for name, login, role in [("Agata Animator", "animator@wilchwy.test", "animator"),
                              ("Tomasz Komisja", "komisja@wilchwy.test", "teller"),
                              ("Roman Radny", "radny@wilchwy.test", "official")]:
        coordinator.goto(live_server + "/accounts/new")
        coordinator.get_by_label("Imię i nazwisko").fill(name)
        coordinator.get_by_label("Login (e-mail lub nazwa użytkownika)").fill(login)
        coordinator.get_by_label("Rola").select_option(role)
        coordinator.get_by_label("Hasło", exact=True).fill(PASSWORD)
        coordinator.get_by_role("button", name="Utwórz konto").click()
        expect(coordinator.locator(".flash-success")).to_be_visible()
    coordinator.goto(edition_url)
    coordinator.get_by_label("Agata Animator").check()
    coordinator.get_by_role("button", name="Zapisz animatorów").click()
    for group, *_rest in GROUPS:
        coordinator.goto(edition_url)
        coordinator.get_by_label("Nazwa grupy").fill(group)
        coordinator.get_by_label("Animator", exact=True).select_option(label="Agata Animator")
        coordinator.get_by_role("button", name="Utwórz grupę").click()
        expect(coordinator.locator(".flash-success")).to_be_visible()
    coordinator.goto(edition_url)
    trip.shot(coordinator, "coordinator-edition-ready")

    # 2. The animator adds the participants and prints each a sign-in card.
    animator = trip.person()
    trip.sign_in(animator, "animator@wilchwy.test")
    card_urls = []
    for group, participant, *_rest in GROUPS:
        animator.goto(edition_url)
        animator.get_by_role("link", name=group, exact=True).first.click()
        animator.get_by_label("Imię i nazwisko").fill(participant)
        animator.get_by_role("button", name="Dodaj do grupy").first.click()
        expect(animator.locator(".flash-success")).to_be_visible()
        animator.get_by_role("link", name="drukuj kartę").click()
        pdf = _download(animator, animator.get_by_role("button", name="Drukuj kartę (PDF)").click)
        urls = decode_qr(pdf_pages(pdf)[0])
        assert len(urls) == 1 and urls[0].startswith(live_server + "/k/")
        card_urls.append(urls[0])
    pdf_pages(pdf, scale=1.0)[0].save(ARTIFACTS / "journey-signin-card.png")
    trip.shot(animator, "animator-group")

    # 3. Each participant scans the card with a phone and signs in with one tap, then drafts.
    projects = []
    for (group, participant, title, summary, task, item, price), url in zip(
            GROUPS, card_urls, strict=True):
        page = trip.person(**PHONE)
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Zalogować jako {participant}?")
        if not projects:
            trip.shot(page, "participant-card-signin-phone")
        page.get_by_role("button", name="Zaloguj się").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Dzień dobry, {participant}")
        page.get_by_role("link", name=group).click()
        page.get_by_role("button", name="Rozpocznij nowy projekt").click()
        page.get_by_label("Tytuł").fill(title)
        page.get_by_label("W jednym zdaniu").fill(summary)
        page.get_by_label("Własnymi słowami: jak projekt odpowiada na potrzebę?").fill("Dzieci i rodziny z Wilchw.")
        page.get_by_label("Kto skorzysta?").fill("mieszkańcy Wilchw")
        page.get_by_label("Ile osób skorzysta?").fill("100")
        page.get_by_label("Gdzie w dzielnicy?").fill("Wilchwy")
        page.get_by_label("Opis", exact=True).fill(summary + " Zrobimy to sami.")
        page.get_by_role("button", name="Zapisz i przejdź do rezultatów").click()
        page.get_by_label("Rezultat", exact=True).fill("Zrealizowane działanie")
        page.get_by_label("Wartość docelowa").fill("1")
        page.get_by_label("Jednostka").fill("szt.")
        page.get_by_role("button", name="Dodaj rezultat").click()
        expect(page.get_by_text("Dodano rezultat.")).to_be_visible()
        page.get_by_role("link", name="Przejdź do harmonogramu").click()
        page.get_by_label("Zadanie", exact=True).fill(task)
        page.get_by_label("Początek").fill("2025-05-05")
        page.get_by_label("Koniec").fill("2025-05-30")
        page.get_by_label("Odpowiada").select_option(label=participant)
        page.get_by_role("button", name="Dodaj zadanie").click()
        expect(page.get_by_text("Dodano zadanie.")).to_be_visible()
        page.get_by_role("link", name="Przejdź do kosztorysu").click()
        section = page.locator("#requested")
        section.get_by_label("Kategoria").select_option("materials")
        section.get_by_label("Co", exact=True).fill(item)
        section.get_by_label("Ilość").fill("4")
        section.get_by_label("Jednostka").fill("szt.")
        section.get_by_label("Cena jednostkowa (zł)").fill(price)
        section.get_by_role("button", name="Dodaj pozycję").click()
        expect(page.get_by_text("Dodano pozycję.")).to_be_visible()
        page.get_by_role("link", name="Wróć do podsumowania").click()
        expect(page.get_by_text("Wszystko jest wypełnione.")).to_be_visible()
        if not projects:
            trip.shot(page, "participant-draft-ready-phone")
        page.get_by_role("button", name="Wyślij do animatora").click()
        expect(page.get_by_text("Wersja 1 została wysłana do animatora.")).to_be_visible()
        assert too_wide(page, 360) == []
        projects.append((title, page))

    # 4. The animator reviews and accepts each for the debate.
    for title, _page in projects:
        animator.goto(edition_url)
        animator.get_by_role("link", name=title).click()
        animator.get_by_role("button", name="Przyjmij na debatę").click()
        expect(animator.get_by_text("Projekt przyjęto na debatę.")).to_be_visible()
    trip.shot(animator, "animator-accepted")

    # 5. The coordinator prepares the debate (two of three win) and prints the ballot cards.
    coordinator.goto(edition_url)
    coordinator.get_by_role("link", name="Przygotuj debatę").click()
    coordinator.get_by_label("Największa liczba znaków na karcie").fill("2")
    coordinator.get_by_label("Ile projektów wygrywa").fill("2")
    coordinator.get_by_role("button", name="Zapisz").click()
    expect(coordinator.get_by_text("Zapisano debatę.")).to_be_visible()
    debate_id = int(coordinator.url.split("/debates/")[1].split("/")[0])
    # The teller counts at this debate's desk: the coordinator assigns them on the console.
    coordinator.get_by_role("checkbox", name="Tomasz Komisja").check()
    coordinator.get_by_role("button", name="Zapisz skład komisji").click()
    expect(coordinator.get_by_text("Zapisano skład komisji.")).to_be_visible()

    def print_cards(count: str, category: str) -> list[str]:
        coordinator.get_by_label("Liczba kart").fill(count)
        coordinator.get_by_label("Kategoria").select_option(category)
        pdf = _download(coordinator,
                        coordinator.get_by_role("button", name="Drukuj karty (PDF)").click)
        pages = pdf_pages(pdf)
        pages[0].resize((pages[0].width // 2, pages[0].height // 2)).save(
            ARTIFACTS / f"journey-ballot-cards-{category}.png")
        return [url for image in pages for url in decode_qr(image)]

    residents = print_cards("3", "resident")
    officials = print_cards("1", "official")
    assert len(residents) == 3 and len(officials) == 1
    coordinator.get_by_role("button", name="Otwórz głosowanie").click()
    expect(coordinator.get_by_role("button", name="Zamknij głosowanie")).to_be_visible()
    trip.shot(coordinator, "coordinator-console-open")

    # 6. Residents vote by phone; the official's paper card is counted at the tellers' desk.
    titles = [title for title, _page in projects]
    for number, (url, marks) in enumerate(zip(residents, [
            [titles[0], titles[1]], [titles[0]], [titles[2], titles[1]]], strict=True)):
        phone = trip.person(**PHONE)
        phone.goto(url)
        for title in marks:
            phone.get_by_role("checkbox", name=title).tap()
        if number == 0:
            trip.shot(phone, "resident-ballot-phone")
        phone.get_by_role("button", name="Dalej: sprawdź wybór").tap()
        phone.get_by_role("button", name="Potwierdzam mój głos").tap()
        expect(phone.get_by_text("Dziękujemy! Twój głos został policzony.")).to_be_visible()
        if number == 0:
            trip.shot(phone, "resident-receipt-phone")
    teller = trip.person()
    trip.sign_in(teller, "komisja@wilchwy.test")
    # Their home page leads to the desk of the open debate.
    teller.goto(f"{live_server}/")
    teller.get_by_role("link", name=re.compile("^Stanowisko komisji: ")).click()
    assert teller.url.endswith(f"/debates/{debate_id}/desk")
    field = teller.get_by_label("Zeskanuj kartę albo wpisz jej kod i naciśnij Enter")
    field.fill(officials[0])
    field.press("Enter")
    expect(teller.get_by_role("alert")).to_contain_text("KARTA WAŻNA")
    teller.keyboard.press("1")
    trip.shot(teller, "teller-desk-valid")
    teller.keyboard.press("Enter")
    expect(teller.get_by_text("policzona: 1.")).to_be_visible()
    trip.shot(teller, "teller-desk-counted")

    # 7. The coordinator closes the vote: results with the rule, on the public page.
    coordinator.reload()
    coordinator.get_by_role("button", name="Zamknij głosowanie").click()
    expect(coordinator.get_by_text("Głosowanie zamknięte. Wyniki są publiczne.")).to_be_visible()
    hall = trip.person()
    hall.goto(f"{live_server}/debates/{debate_id}")
    expect(hall.get_by_role("heading", name="Wyniki")).to_be_visible()
    # Trzy place zabaw: 2 residents + 1 official = 3; Basen: 2; Wycieczka: 1 — two win.
    winners = hall.locator(".result-bar.winner")
    expect(winners).to_have_count(2)
    expect(winners.first).to_contain_text(titles[0])
    hall.get_by_text("Jak wybrano zwycięzców, krok po kroku").click()
    expect(hall.locator(".explanation")).to_contain_text("Projekty z największą liczbą głosów")
    trip.shot(hall, "public-results")

    # 8. The coordinator starts the execution of the chosen projects.
    coordinator.reload()
    coordinator.get_by_role("button", name="Rozpocznij realizację wybranych projektów").click()
    expect(coordinator.locator(".flash-success")).to_contain_text("2")
    trip.shot(coordinator, "coordinator-execution-dashboard")

    # 9. The first group records its work: the task done, an expense, the result achieved.
    title, member = projects[0]
    member.set_viewport_size({"width": 1280, "height": 900})
    member.goto(live_server + "/")
    member.get_by_role("link", name=GROUPS[0][0]).click()
    member.get_by_role("link", name=title).click()
    member.get_by_role("link", name="Realizacja: zadania, pieniądze, rezultaty, dziennik").click()
    member.get_by_role("link", name=f"Aktualizuj {GROUPS[0][4]}").click()
    member.get_by_label("Stan").select_option("done")
    member.get_by_label("Faktyczny początek").fill("2025-05-05")
    member.get_by_label("Faktyczny koniec").fill("2025-05-28")
    member.get_by_label("Wykonał(a)").select_option(label=GROUPS[0][1])
    member.get_by_role("button", name="Zapisz").first.click()
    expect(member.get_by_text("Zamknięte zadania: 1 z 1")).to_be_visible()
    money = member.locator("#money")
    money.get_by_label("Pozycja kosztorysu").select_option(index=0)
    money.get_by_label("Data").fill("2025-05-06")
    money.get_by_label("Co kupiono").fill("Farba do metalu, 4 puszki")
    money.get_by_label("Kwota (zł)").fill("349,60")
    money.get_by_role("button", name="Zapisz wydatek").click()
    expect(member.get_by_text("Zapisano wydatek.")).to_be_visible()
    member.get_by_label("Zrealizowane działanie", exact=False).fill("1")
    member.get_by_role("button", name="Zapisz rezultaty").click()
    member.get_by_label("Jak poszło: krótka opowieść dla mieszkańców").fill(
        "Pomalowaliśmy trzy place zabaw. Dzieci pomagały.")
    member.get_by_role("button", name="Zapisz opowieść").click()
    trip.shot(member, "group-execution")

    # ...and the animator marks it completed.
    animator.goto(member.url.split("#")[0])
    animator.get_by_role("button", name="Projekt jest zakończony").click()
    expect(animator.get_by_text("Projekt jest zakończony.").first).to_be_visible()

    # 10. The public sees the finished project.
    hall.goto(f"{live_server}/editions/{edition_id}/progress")
    expect(hall.get_by_text(title).first).to_be_visible()
    expect(hall.get_by_text("zakończony").first).to_be_visible()
    expect(hall.get_by_text("Pomalowaliśmy trzy place zabaw.").first).to_be_visible()
    trip.shot(hall, "public-progress")

    # 11. The coordinator downloads the final report for the funder.
    coordinator.goto(f"{live_server}/manage/editions/{edition_id}/execution")
    pdf = _download(coordinator, coordinator.get_by_role(
        "link", name="Sprawozdanie końcowe (PDF)").click)
    text = pdf_text(pdf)
    assert title in text and "349,60 zł" in text
    pdf_pages(pdf, scale=1.0)[0].save(ARTIFACTS / "journey-final-report-page1.png")
    trip.close()
