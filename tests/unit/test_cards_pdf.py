"""Printed ballot cards: every QR code decodes to its card, the codes and titles are readable."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp

from pb.core.cardcode import card_url, format_card_code, new_card_code
from pb.debate.cards_pdf import CardSheetText, CardToPrint, ballot_cards_pdf
from pb.demo.wodzislaw_2012_projects import PROJECTS
from tests.qr_tools import decode_qr, pdf_pages, pdf_text

PUBLIC_URL = "http://192.168.1.20:5000"
SIX = [project["title"] for project in PROJECTS]
TWELVE = SIX + [
    "Ławki i kosze na śmieci wzdłuż ścieżki rowerowej od szkoły do stawu przy ulicy "
    "Żeromskiego oraz nowe oświetlenie całej trasy",
    "Kącik czytelniczy w świetlicy",
    "Zajęcia taneczne dla seniorów i seniorek z dzielnicy Wilchwy, raz w tygodniu przez cały "
    "rok szkolny, z dojazdem",
    "Mural na ścianie przychodni",
    "Ogródek warzywny przy przedszkolu",
    "Turniej piłkarski o puchar dzielnicy",
]


def sheet_text(projects: list[str] = SIX, category: str = "resident") -> CardSheetText:
    return CardSheetText(
        edition_name="PAL Wilchwy 2012/13",
        debate_name="Debata o mikroprojektach",
        category_label="Mieszkaniec" if category == "resident" else "Urzędnik",
        rule_text="Zaznacz od 1 do 4 projektów",
        scan_line="Zeskanuj kod telefonem i zagłosuj.",
        paper_line="Albo zaznacz krzyżykiem i oddaj kartę komisji.",
        code_label="Kod karty",
        projects=projects,
        footer="Karta jest ważna raz. MOPS Wodzisław Śląski",
        category=category,
    )


def make_cards(count: int) -> list[CardToPrint]:
    cards = []
    for number in range(1, count + 1):
        code = new_card_code()
        cards.append(CardToPrint(code=code, url=card_url(PUBLIC_URL, code), number=number))
    return cards


def page_count(pdf: bytes) -> int:
    return len(pdf_pages(pdf, scale=0.2))


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (4, 1), (5, 2), (8, 2), (9, 3)])
def test_four_cards_a_page(count, pages):
    assert page_count(ballot_cards_pdf(sheet_text(), make_cards(count))) == pages


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (2, 1), (3, 2), (6, 3)])
def test_large_print_and_long_lists_give_two_cards_a_page(count, pages):
    cards = make_cards(count)
    assert page_count(ballot_cards_pdf(sheet_text(), cards, large_print=True)) == pages
    assert page_count(ballot_cards_pdf(sheet_text(TWELVE), cards)) == pages


@pytest.mark.parametrize(
    ("projects", "category", "large_print"),
    [(SIX, "resident", False), (SIX, "official", False), (TWELVE, "official", False),
     (SIX, "resident", True), (TWELVE, "resident", True)],
)
def test_every_qr_code_decodes_to_its_card(projects, category, large_print):
    cards = make_cards(5)
    pdf = ballot_cards_pdf(sheet_text(projects, category), cards, large_print=large_print)
    found = [url for page in pdf_pages(pdf) for url in decode_qr(page)]
    assert sorted(found) == sorted(card.url for card in cards)


def test_qr_codes_decode_page_by_page_in_order():
    cards = make_cards(8)
    pages = pdf_pages(ballot_cards_pdf(sheet_text(), cards))
    assert [sorted(decode_qr(page)) for page in pages] == [
        sorted(card.url for card in cards[:4]),
        sorted(card.url for card in cards[4:]),
    ]


def test_codes_titles_and_polish_letters_are_in_the_text():
    cards = make_cards(3)
    text = sheet_text(TWELVE, "official")
    pdf = ballot_cards_pdf(text, cards)
    extracted = pdf_text(pdf)
    for card in cards:
        assert format_card_code(card.code) in extracted  # one line on two-a-page cards
        assert f"nr {card.number}" in extracted
    for title in TWELVE[:2] + TWELVE[3:]:
        if len(title) < 40:
            assert title in extracted
    for phrase in ("URZĘDNIK", "Zaznacz od 1 do 4 projektów", "Zeskanuj kod telefonem",
                   "oddaj kartę komisji", "KOD KARTY", "Wodzisław Śląski", "Żeromskiego"):
        assert phrase in extracted
    assert "12." in extracted


def test_four_a_page_cards_split_the_code_after_two_groups():
    cards = make_cards(2)
    extracted = pdf_text(ballot_cards_pdf(sheet_text(), cards))
    for card in cards:
        printed = format_card_code(card.code)
        assert printed[:9] in extracted and printed[10:] in extracted
    flowing = " ".join(extracted.split())  # a title may wrap to a second line
    for title in SIX:
        assert title in flowing


def test_long_titles_are_cut_with_an_ellipsis():
    long_title = "Bardzo długi tytuł projektu " * 12
    extracted = pdf_text(ballot_cards_pdf(sheet_text([long_title, *SIX[1:]]), make_cards(1)))
    assert "…" in extracted
    assert long_title.strip() not in " ".join(extracted.split())


def test_categories_differ_beyond_colour():
    resident = pdf_text(ballot_cards_pdf(sheet_text(), make_cards(1)))
    official = pdf_text(ballot_cards_pdf(sheet_text(category="official"), make_cards(1)))
    assert "MIESZKANIEC" in resident and "URZĘDNIK" in official


def test_very_long_lists_fall_back_to_one_card_a_page():
    projects = [f"Projekt numer {i} w dzielnicy" for i in range(1, 31)]
    pdf = ballot_cards_pdf(sheet_text(projects), make_cards(2))
    assert page_count(pdf) == 2
    assert "30." in pdf_text(pdf)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="category"):
        ballot_cards_pdf(replace(sheet_text(), category="mayor"), make_cards(1))
    with pytest.raises(ValueError, match="no cards"):
        ballot_cards_pdf(sheet_text(), [])
    with pytest.raises(ValueError, match="do not fit"):
        ballot_cards_pdf(sheet_text([f"Projekt {i}" for i in range(200)]), make_cards(1))


@pytest.mark.parametrize("large_print", [False, True])
def test_qr_codes_are_at_least_30_mm_wide(large_print):
    scale = 2.0
    mm_per_pixel = 25.4 / (72 * scale)
    page = pdf_pages(ballot_cards_pdf(sheet_text(), make_cards(2), large_print=large_print),
                     scale=scale)[0]
    results = [r for r in zxingcpp.read_barcodes(page) if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(results) == 2
    for result in results:
        corners = result.position
        width = abs(corners.top_right.x - corners.top_left.x) * mm_per_pixel
        assert width >= 30
