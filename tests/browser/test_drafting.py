"""A group drafts a micro-project in the browser, the animator returns it, the group fixes it,
the animator accepts it. Screenshots of each step land in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pb.core.workflow import ProjectState
from pb.extensions import db
from pb.projects.models import Project
from tests.browser.conftest import ARTIFACTS, too_wide
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


TASKS = [
    ("Spotkanie z zarządcą placu", "2025-04-07", "2025-04-11"),
    ("Zakup farb i narzędzi", "2025-04-14", "2025-04-25"),
    ("Czyszczenie urządzeń", "2025-04-28", "2025-05-09"),
    ("Malowanie huśtawek i ławek", "2025-05-12", "2025-05-30"),
    ("Wymiana piasku", "2025-06-02", "2025-06-06"),
    ("Otwarcie placu dla dzieci", "2025-06-14", "2025-06-14"),
]
BUDGET = [
    ("materials", "Farba do metalu", "6", "puszka", "89,00"),
    ("materials", "Podkład antykorozyjny", "4", "puszka", "69,00"),
    ("materials", "Lakierobejca", "5", "puszka", "79,00"),
    ("materials", "Pędzle i wałki", "1", "kpl.", "120,00"),
    ("materials", "Papier ścierny", "20", "ark.", "2,50"),
    ("materials", "Piasek płukany", "4", "t", "65,00"),
    ("transport", "Dowóz piasku", "2", "kurs", "120,00"),
    ("equipment", "Rękawice robocze", "10", "para", "8,90"),
    ("promotion", "Plakat o otwarciu", "15", "szt.", "3,00"),
    ("food", "Poczęstunek na otwarcie", "1", "kpl.", "250,00"),
]


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"drafting-{name}.png"), full_page=True)


def _sign_in(page, base: str, login: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("E-mail lub login").fill(login)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def test_draft_return_fix_resubmit_accept(browser, live_server, cast):
    group_page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL").new_page()
    group_page.set_default_timeout(10_000)
    _sign_in(group_page, live_server, cast.participant.login)
    group_page.get_by_role("link", name="Place zabaw").click()
    group_page.get_by_role("button", name="Rozpocznij nowy projekt").click()
    expect(group_page.get_by_text("Rozpoczęto nowy projekt.")).to_be_visible()

    # 1. Description
    group_page.get_by_label("Tytuł").fill("Kolorowy plac przy szkole")
    group_page.get_by_label("W jednym zdaniu").fill("Malujemy i naprawiamy plac zabaw przy szkole.")
    group_page.get_by_label("Własnymi słowami: jak projekt odpowiada na potrzebę?").fill("Plac jest zniszczony i niebezpieczny.")
    group_page.get_by_label("Kto skorzysta?").fill("dzieci ze szkoły i z osiedla")
    group_page.get_by_label("Ile osób skorzysta?").fill("120")
    group_page.get_by_label("Gdzie w dzielnicy?").fill("Plac przy Szkole Podstawowej")
    group_page.get_by_label("Opis", exact=True).fill("Sami odnowimy plac w maju i czerwcu.")
    group_page.get_by_role("button", name="Zapisz i przejdź do rezultatów").click()

    # 2. Results
    group_page.get_by_label("Rezultat", exact=True).fill("Odnowiony plac zabaw")
    group_page.get_by_label("Wartość docelowa").fill("1")
    group_page.get_by_label("Jednostka").fill("szt.")
    group_page.get_by_role("button", name="Dodaj rezultat").click()
    expect(group_page.get_by_text("Dodano rezultat.")).to_be_visible()
    group_page.get_by_role("link", name="Przejdź do harmonogramu").click()

    # 3. Schedule: six tasks, one of them first typed with its dates the wrong way round
    group_page.get_by_label("Zadanie", exact=True).fill("Zadanie z błędem")
    group_page.get_by_label("Początek").fill("2025-05-10")
    group_page.get_by_label("Koniec").fill("2025-05-01")
    group_page.get_by_role("button", name="Dodaj zadanie").click()
    expect(group_page.get_by_text("Zadanie nie może się kończyć przed rozpoczęciem.").first).to_be_visible()
    for title, start, end in TASKS:
        group_page.get_by_label("Zadanie", exact=True).fill(title)
        group_page.get_by_label("Początek").fill(start)
        group_page.get_by_label("Koniec").fill(end)
        group_page.get_by_label("Odpowiada").select_option(label="Piotr Uczestnik")
        group_page.get_by_role("button", name="Dodaj zadanie").click()
        expect(group_page.get_by_text("Dodano zadanie.")).to_be_visible()
    expect(group_page.locator(".chart svg")).to_be_visible()
    _shot(group_page, "1-schedule")
    group_page.get_by_role("link", name="Przejdź do kosztorysu").click()

    # 4. Budget: ten lines
    section = group_page.locator("#requested")
    for category, item, quantity, unit, price in BUDGET:
        section.get_by_label("Kategoria").select_option(category)
        section.get_by_label("Co", exact=True).fill(item)
        section.get_by_label("Ilość").fill(quantity)
        section.get_by_label("Jednostka").fill(unit)
        section.get_by_label("Cena jednostkowa (zł)").fill(price)
        section.get_by_role("button", name="Dodaj pozycję").click()
        expect(group_page.get_by_text("Dodano pozycję.")).to_be_visible()
    # 534 + 276 + 395 + 120 + 50 + 260 + 240 + 89 + 45 + 250 = 2 259,00 zł
    expect(section.get_by_text("2 259,00 zł").first).to_be_visible()
    _shot(group_page, "2-budget")

    # 5. Send to the animator
    group_page.get_by_role("link", name="Wróć do podsumowania").click()
    expect(group_page.get_by_text("Wszystko jest wypełnione.")).to_be_visible()
    group_page.get_by_role("button", name="Wyślij do animatora").click()
    expect(group_page.get_by_text("Wersja 1 została wysłana do animatora.")).to_be_visible()
    expect(group_page.get_by_text("wysłany do oceny").first).to_be_visible()

    # 6. The animator returns it with a comment on the budget
    animator = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL").new_page()
    animator.set_default_timeout(10_000)
    _sign_in(animator, live_server, cast.animator.login)
    animator.get_by_role("link", name="PAL Testowo 2025").first.click()
    animator.get_by_role("link", name="Kolorowy plac przy szkole").click()
    animator.get_by_label("Dotyczy").select_option("budget")
    animator.get_by_label("Komentarz").fill("Poczęstunek nie jest potrzebny; za to przyda się więcej piasku.")
    animator.get_by_role("button", name="Zwróć grupie z tym komentarzem").click()
    expect(animator.get_by_text("Projekt zwrócono grupie do poprawy.")).to_be_visible()

    # 7. The group reads the comment, fixes the budget and sends it again
    group_page.reload()
    expect(group_page.get_by_text("Poczęstunek nie jest potrzebny")).to_be_visible()
    expect(group_page.get_by_text("zwrócony do poprawy").first).to_be_visible()
    _shot(group_page, "3-returned")
    group_page.get_by_role("link", name="4. Kosztorys").click()
    group_page.get_by_role("button", name="Usuń Poczęstunek na otwarcie").click()
    group_page.get_by_role("link", name="Edytuj Piasek płukany").click()
    group_page.get_by_label("Ilość").fill("6")
    group_page.get_by_role("button", name="Zapisz").click()
    expect(group_page.get_by_text("2 139,00 zł").first).to_be_visible()
    group_page.get_by_role("link", name="Wróć do podsumowania").click()
    group_page.get_by_role("button", name="Wyślij do animatora").click()
    expect(group_page.get_by_text("Wersja 2 została wysłana do animatora.")).to_be_visible()

    # 8. The animator sees what changed and accepts
    animator.reload()
    animator.get_by_role("link", name="zmiany od wersji 1").click()
    expect(animator.get_by_text("Poczęstunek na otwarcie")).to_be_visible()
    expect(animator.get_by_text("usunięto").first).to_be_visible()
    _shot(animator, "4-changes")
    animator.go_back()
    animator.get_by_role("button", name="Przyjmij na debatę").click()
    expect(animator.get_by_text("Projekt przyjęto na debatę.")).to_be_visible()
    _shot(animator, "5-accepted")

    project = db.session.scalar(db.select(Project))
    db.session.refresh(project)
    assert project.state == ProjectState.ACCEPTED
    assert len(project.tasks) == 6 and len(project.budget_lines) == 9
    assert [v.number for v in project.versions] == [1, 2]
    assert project.requested_grosze == 2_139_00

    # 9. Everyone can now read it, and print its sheet
    public = browser.new_context(viewport={"width": 390, "height": 800}, locale="pl-PL").new_page()
    public.goto(live_server + f"/editions/{cast.edition.id}")
    public.get_by_role("link", name="Kolorowy plac przy szkole").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Kolorowy plac przy szkole")
    assert too_wide(public, 390) == []
    _shot(public, "6-public-phone")
    for context_page in (group_page, animator, public):
        context_page.context.close()


def test_a_draft_cannot_be_sent_without_a_need(browser, live_server, cast):
    """The group sees that the need is missing, picks it from the diagnosis and sends."""
    from pb.diagnosis import services as diagnosis
    from pb.diagnosis.models import NeedState, NeedSupport
    from tests.a11y.conftest import axe_violations
    from tests.factories import complete_project

    project = complete_project(cast, "Kolorowy plac przy szkole")  # no needs yet: none named
    greens = next(c.id for c in diagnosis.categories_of(cast.edition)
                  if c.name == "Zieleń i place zabaw")
    kids = next(c.id for c in diagnosis.categories_of(cast.edition)
                if c.name == "Dzieci i młodzież")
    needs = [
        ("Zniszczony plac zabaw przy szkole", "ul. Szkolna", greens, 12),
        ("Dzieci nie mają co robić w wakacje", "całe osiedle", kids, 22),
        ("Brak miejsca, gdzie starsi mogą usiąść i porozmawiać", "", None, 1),
        ("Dziura w chodniku", "ul. Polna", None, 0),
    ]
    made = []
    for title, place, category, supports in needs:
        need = diagnosis.create_need(cast.edition, diagnosis.NeedData(
            title=title, place=place, category_id=category), acting=cast.animator)
        for i in range(supports):
            db.session.add(NeedSupport(need_id=need.id, token_hash=f"{need.id:08d}{i:056d}"))
        made.append(need)
    diagnosis.set_need_state(made[3], NeedState.CLOSED, note="Naprawiona przez gminę",
                             acting=cast.animator)
    db.session.commit()

    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL").new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, live_server, cast.participant.login)
    page.goto(live_server + f"/projects/{project.id}")
    missing = "Wybierz z diagnozy dzielnicy potrzebę, na którą odpowiada projekt."
    expect(page.get_by_role("link", name=missing)).to_be_visible()
    page.get_by_role("button", name="Wyślij do animatora").click()
    expect(page.get_by_text("Projekt nie jest jeszcze gotowy do wysłania")).to_be_visible()
    expect(page.get_by_role("link", name=missing)).to_be_visible()

    page.get_by_role("link", name=missing).click()
    expect(page.get_by_role("group", name="Na które potrzeby z diagnozy dzielnicy odpowiada "
                                          "projekt?")).to_be_visible()
    expect(page.get_by_text("Dziura w chodniku")).to_have_count(0)  # closed: not offered
    expect(page.get_by_text("Zieleń i place zabaw · ul. Szkolna · poparło 12 mieszkańców"))\
        .to_be_visible()
    page.get_by_label("Nr 1 · Zniszczony plac zabaw przy szkole").check()
    page.get_by_label("Nr 2 · Dzieci nie mają co robić w wakacje").check()
    assert axe_violations(page) == []
    _shot(page, "needs-basics-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    assert too_wide(page, 360) == []
    _shot(page, "needs-basics-360")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_text("Wszystko jest wypełnione.")).to_be_visible()
    expect(page.get_by_text("Odpowiada na potrzebę nr 1: Zniszczony plac zabaw przy szkole "
                            "(poparło 12 mieszkańców)")).to_be_visible()
    expect(page.get_by_text("Odpowiada na potrzebę nr 2: Dzieci nie mają co robić w wakacje "
                            "(poparło 22 mieszkańców)")).to_be_visible()
    page.get_by_role("button", name="Wyślij do animatora").click()
    expect(page.get_by_text("Wersja 1 została wysłana do animatora.")).to_be_visible()
    assert axe_violations(page) == []
    _shot(page, "needs-project-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    assert too_wide(page, 360) == []
    _shot(page, "needs-project-360")
    page.context.close()
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == ProjectState.SUBMITTED
    assert [n.number for n in db.session.get(Project, project.id).needs] == [1, 2]
