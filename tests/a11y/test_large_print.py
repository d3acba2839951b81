"""Large-print ballot cards, for poor eyesight: fewer cards a page and bigger QR codes (and
both still read by a phone's decoder), measured on the rendered PDF."""

from __future__ import annotations

import math

import zxingcpp

from pb.debate.cards_pdf import ballot_cards_pdf
from tests.qr_tools import pdf_pages
from tests.unit.test_cards_pdf import make_cards, sheet_text


def _qr_codes(pdf: bytes) -> list[list[tuple[str, float]]]:
    """Per page, each QR code's text and its side in pixels (same scale for every PDF)."""
    pages = []
    for image in pdf_pages(pdf, scale=2.0):
        found = []
        for result in zxingcpp.read_barcodes(image):
            if result.format != zxingcpp.BarcodeFormat.QRCode:
                continue
            p = result.position
            side = math.dist((p.top_left.x, p.top_left.y), (p.top_right.x, p.top_right.y))
            found.append((result.text, side))
        pages.append(found)
    return pages


def test_large_print_has_bigger_qr_codes_and_fewer_cards_a_page():
    cards = make_cards(4)
    urls = {card.url for card in cards}
    normal = _qr_codes(ballot_cards_pdf(sheet_text(), cards))
    large = _qr_codes(ballot_cards_pdf(sheet_text(), cards, large_print=True))

    assert [len(page) for page in normal] == [4]
    assert [len(page) for page in large] == [2, 2]
    assert {text for page in large for text, _side in page} == urls
    assert {text for page in normal for text, _side in page} == urls

    normal_side = max(side for page in normal for _text, side in page)
    large_side = min(side for page in large for _text, side in page)
    assert large_side >= 1.3 * normal_side, (normal_side, large_side)
