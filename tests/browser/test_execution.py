"""Execution in the browser: a group member records a task and an expense with a receipt photo;
the animator's dashboard changes; the public page shows progress; the report's figures match."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_debate import _sign_in
from tests.qr_tools import pdf_pages, pdf_text
from tests.web.test_execution import chosen  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"execution-{name}.png"), full_page=True)


def test_execution_journey(browser, live_server, cast, chosen, tmp_path):  # noqa: F811
    project = chosen[0]
    receipt = tmp_path / "paragon.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (240, 240, 230)).save(buffer, "JPEG")
    receipt.write_bytes(buffer.getvalue())

    member = browser.new_context(viewport={"width": 1280, "height": 900},
                                 locale="pl-PL").new_page()
    member.set_default_timeout(15_000)
    _sign_in(member, live_server, cast.participant.login)
    member.goto(live_server + f"/projects/{project.id}")
    member.get_by_role("link", name="Realizacja: zadania, pieniądze, rezultaty, dziennik").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Projekt 1")

    member.get_by_role("link", name="Aktualizuj Zakup farby").click()
    member.get_by_label("Stan").select_option("done")
    member.get_by_label("Faktyczny początek").fill("2025-04-10")
    member.get_by_label("Faktyczny koniec").fill("2025-04-19")
    member.get_by_label("Wykonał(a)").select_option(label="Piotr Uczestnik")
    member.get_by_role("button", name="Zapisz").first.click()
    expect(member.get_by_text("Zamknięte zadania: 1 z 1")).to_be_visible()

    money = member.locator("#money")
    money.get_by_label("Pozycja kosztorysu").select_option(index=0)
    money.get_by_label("Data").fill("2025-04-18")
    money.get_by_label("Co kupiono").fill("Farba do metalu, 4 puszki")
    money.get_by_label("Kwota (zł)").fill("380,40")
    money.get_by_label("Dostawca").fill("Sklep Budowlany")
    money.get_by_label("Numer faktury lub paragonu").fill("FV 12/2025")
    money.get_by_label("Zdjęcie lub skan paragonu").set_input_files(str(receipt))
    money.get_by_role("button", name="Zapisz wydatek").click()
    expect(member.get_by_text("Zapisano wydatek.")).to_be_visible()
    expect(member.get_by_text("Wydano 380,40 zł z 400,00 zł").first).to_be_visible()
    _shot(member, "1-group")

    animator = browser.new_context(viewport={"width": 1280, "height": 900},
                                   locale="pl-PL").new_page()
    animator.set_default_timeout(15_000)
    _sign_in(animator, live_server, cast.animator.login)
    animator.goto(live_server + f"/manage/editions/{cast.edition.id}/execution")
    expect(animator.get_by_text("Wydano 380,40 zł z 400,00 zł")).to_be_visible()
    expect(animator.get_by_text("Zamknięte zadania: 1 z 1").first).to_be_visible()
    _shot(animator, "2-dashboard")

    public = browser.new_context(viewport={"width": 390, "height": 800},
                                 locale="pl-PL").new_page()
    public.goto(live_server + f"/editions/{cast.edition.id}/progress")
    expect(public.get_by_text("Wydano 380,40 zł z 400,00 zł").first).to_be_visible()
    _shot(public, "3-public-phone")

    with animator.expect_download() as download:
        animator.get_by_role("link", name="Sprawozdanie końcowe (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = pdf_text(pdf)
    assert "Projekt 1" in text and "380,40 zł" in text and "400,00 zł" in text
    for number, page in enumerate(pdf_pages(pdf, scale=1.0), start=1):
        page.save(ARTIFACTS / f"execution-4-report-page{number}.png")
    for page in (member, animator, public):
        page.context.close()
