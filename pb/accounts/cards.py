"""The printed sign-in card: a big QR code that signs a participant in on a phone."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pb.printing import FONT, FONT_BOLD, draw_cut_marks, draw_qr, register_fonts


@dataclass(frozen=True)
class SigninCardText:
    """Everything printed on the card, already in the reader's language."""

    heading: str
    person: str
    context: str  # edition and group
    steps: list[str]
    url: str
    validity: str
    login_line: str
    footer: str


def signin_card_pdf(text: SigninCardText) -> bytes:
    """An A4 page with one card (A5 landscape-sized) framed by cut marks."""
    register_fonts()
    buffer = io.BytesIO()
    page_w, page_h = A4
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(text.heading)
    canvas.setAuthor("pb")

    card_w, card_h = 180 * mm, 120 * mm
    x0 = (page_w - card_w) / 2
    y0 = page_h - 30 * mm - card_h
    draw_cut_marks(canvas, x0, y0, card_w, card_h)
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x0, y0, card_w, card_h, 4 * mm, stroke=1, fill=0)

    qr_size = 72 * mm
    qr_x = x0 + card_w - qr_size - 8 * mm
    qr_y = y0 + card_h - qr_size - 14 * mm
    draw_qr(canvas, text.url, qr_x, qr_y, qr_size)

    left = x0 + 10 * mm
    text_w = qr_x - left - 6 * mm
    y = y0 + card_h - 16 * mm
    canvas.setFillColorRGB(0.1, 0.33, 0.55)
    canvas.setFont(FONT_BOLD, 12)
    canvas.drawString(left, y, text.heading.upper())
    y -= 12 * mm
    canvas.setFillColorRGB(0, 0, 0)
    y = _wrapped(canvas, text.person, left, y, text_w, FONT_BOLD, 22, 9 * mm)
    y = _wrapped(canvas, text.context, left, y - 1 * mm, text_w, FONT, 11, 5 * mm)
    y -= 5 * mm
    for number, step in enumerate(text.steps, start=1):
        canvas.setFillColorRGB(0.1, 0.33, 0.55)
        canvas.circle(left + 3.2 * mm, y + 1.3 * mm, 3.2 * mm, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(FONT_BOLD, 11)
        canvas.drawCentredString(left + 3.2 * mm, y - 0.4 * mm, str(number))
        canvas.setFillColorRGB(0, 0, 0)
        y = _wrapped(canvas, step, left + 9 * mm, y, text_w - 9 * mm, FONT, 13, 6 * mm) - 2 * mm

    canvas.setFont(FONT, 9)
    canvas.setFillColorRGB(0.25, 0.25, 0.25)
    bottom = y0 + 8 * mm
    canvas.drawString(left, bottom + 10 * mm, text.validity)
    if text.login_line:
        canvas.drawString(left, bottom + 5 * mm, text.login_line)
    canvas.drawString(left, bottom, text.url)
    canvas.drawCentredString(qr_x + qr_size / 2, qr_y - 5 * mm, text.footer)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wrapped(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    font: str,
    size: float,
    leading: float,
) -> float:
    """Draw ``text`` wrapped to ``width``; return the baseline below the last line."""
    from reportlab.lib.utils import simpleSplit

    canvas.setFont(font, size)
    for line in simpleSplit(text, font, size, width):
        canvas.drawString(x, y, line)
        y -= leading
    return y
