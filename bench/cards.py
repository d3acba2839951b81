"""Time printing ballot cards: ``.venv/bin/python bench/cards.py [--count 1000] [--out FILE]``.

Generates ``--count`` cards (resident, the six Wilchwy projects) to one PDF with
``ballot_cards_pdf`` and, for comparison, the bare time of making as many QR images with
``qrcode`` (to PIL images) and of as many ``qr_matrix`` calls, the matrices the PDF draws.
Prints a table: what, seconds, milliseconds per card. Every step is a bounded loop, so it ends
by itself; nothing is left behind unless ``--out`` names a file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import qrcode
import qrcode.constants

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pb.core.cardcode import card_url, new_card_code  # noqa: E402
from pb.core.qr import qr_matrix  # noqa: E402
from pb.debate.cards_pdf import CardSheetText, CardToPrint, ballot_cards_pdf  # noqa: E402
from pb.demo.wodzislaw_2012_projects import PROJECTS  # noqa: E402

PUBLIC_URL = "http://192.168.1.20:5000"


def sheet_text() -> CardSheetText:
    return CardSheetText(
        edition_name="PAL Wilchwy 2012/13",
        debate_name="Debata o mikroprojektach w Wilchwach",
        category_label="Mieszkaniec",
        rule_text="Zaznacz od 1 do 4 projektów",
        scan_line="Zeskanuj kod telefonem i zagłosuj.",
        paper_line="Albo zaznacz krzyżykiem i oddaj kartę komisji.",
        code_label="Kod karty",
        projects=[project["title"] for project in PROJECTS],
        footer="Karta jest ważna raz. Głos jest tajny.",
    )


def qr_image(url: str) -> object:
    """A QR code as a PIL image, as a web page or a naive PDF would embed it."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().get_image()


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="cards to make (default 1000)")
    parser.add_argument("--out", type=Path, help="keep the PDF in this file")
    args = parser.parse_args()
    count = args.count

    codes = [new_card_code() for _ in range(count)]
    cards = [CardToPrint(code, card_url(PUBLIC_URL, code), n) for n, code in enumerate(codes, 1)]
    text = sheet_text()
    ballot_cards_pdf(text, cards[:4])  # fonts registered and modules imported before timing

    pdf = b""

    def make_pdf() -> None:
        nonlocal pdf
        pdf = ballot_cards_pdf(text, cards)

    rows = [
        (f"ballot_cards_pdf, {count} cards", timed(make_pdf)),
        (f"qrcode -> PIL image, {count}x", timed(lambda: [qr_image(c.url) for c in cards])),
        (f"qr_matrix, {count}x", timed(lambda: [qr_matrix(c.url) for c in cards])),
    ]
    if args.out:
        args.out.write_bytes(pdf)

    print(f"{'what':36} {'seconds':>8} {'ms/card':>8}")
    print("-" * 54)
    for what, seconds in rows:
        print(f"{what:36} {seconds:8.2f} {seconds / count * 1000:8.2f}")
    print(f"\nPDF: {len(pdf) / 1e6:.2f} MB" + (f", written to {args.out}" if args.out else ""))


if __name__ == "__main__":
    main()
