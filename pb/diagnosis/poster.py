"""The A4 poster that invites residents to report needs: a big question, the edition, the dates,
a large QR code to the report page and its address to type, and what happens to a report.

:func:`poster_pdf` draws plain, already translated text and knows neither Flask nor the
database; :func:`report_poster_pdf` gathers that text for an edition in the reader's language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from pb.editions.models import Edition
from pb.printing import (
    FONT,
    FONT_BOLD,
    clip_line,
    draw_paragraph,
    draw_qr,
    fit_size,
    register_fonts,
    wrap_lines,
)

PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
BAND = HexColor("#0b3a66")
BAND_TEXT = HexColor("#ffffff")
TEXT = HexColor("#1a1a1a")
MUTED = HexColor("#444444")
PANEL = HexColor("#eef3f8")
QR_SIZE = 110 * mm


@dataclass(frozen=True)
class PosterText:
    heading: str  # "Co trzeba zmienić w dzielnicy Wilchwy?"
    edition: str  # the edition's name
    where: str  # "Wodzisław Śląski, Wilchwy"
    dates: str  # "Zgłoszenia przyjmujemy do 28 lutego 2025."
    scan: str  # "Zeskanuj kod aparatem telefonu…"
    type_address: str  # "…albo wpisz adres:"
    url: str
    next_heading: str  # "Co dalej z Twoim zgłoszeniem?"
    next_steps: tuple[str, ...]
    footer: str


def poster_pdf(text: PosterText) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4)
    c.setTitle(text.heading)
    c.setAuthor("pb")
    width = PAGE_W - 2 * MARGIN

    # The band with the question.
    heading_size = 34.0
    lines = wrap_lines(text.heading, FONT_BOLD, heading_size, width, 3)
    while len(lines) > 2 and heading_size > 24:
        heading_size -= 2
        lines = wrap_lines(text.heading, FONT_BOLD, heading_size, width, 3)
    band_h = 14 * mm + len(lines) * heading_size * 1.2
    c.setFillColor(BAND)
    c.rect(0, PAGE_H - band_h, PAGE_W, band_h, stroke=0, fill=1)
    y = draw_paragraph(c, text.heading, MARGIN, PAGE_H - 8 * mm, width, FONT_BOLD,
                       heading_size, BAND_TEXT, 3, leading=1.2)

    # The edition, where and until when.
    y = PAGE_H - band_h - 10 * mm
    size = fit_size(text.edition, FONT_BOLD, 20, 12, width)
    c.setFillColor(TEXT)
    c.setFont(FONT_BOLD, size)
    c.drawString(MARGIN, y, clip_line(text.edition, FONT_BOLD, size, width))
    y -= 8 * mm
    c.setFont(FONT, 14)
    c.setFillColor(MUTED)
    c.drawString(MARGIN, y, clip_line(text.where, FONT, 14, width))
    y -= 9 * mm
    y = draw_paragraph(c, text.dates, MARGIN, y + 14, width, FONT_BOLD, 16, TEXT, 2)

    # The QR code, centred, with the address under it.
    y -= 6 * mm
    y = draw_paragraph(c, text.scan, MARGIN, y, width, FONT, 14, TEXT, 2)
    y -= 3 * mm
    qr_x = (PAGE_W - QR_SIZE) / 2
    draw_qr(c, text.url, qr_x, y - QR_SIZE, QR_SIZE)
    y -= QR_SIZE + 6 * mm
    c.setFillColor(MUTED)
    c.setFont(FONT, 12)
    c.drawCentredString(PAGE_W / 2, y, text.type_address)
    y -= 7 * mm
    url_size = fit_size(text.url, FONT_BOLD, 16, 9, width)
    c.setFillColor(TEXT)
    c.setFont(FONT_BOLD, url_size)
    c.drawCentredString(PAGE_W / 2, y, text.url)

    # What happens to a report.
    y -= 8 * mm
    panel_top = y
    inner = width - 12 * mm
    step_lines = [wrap_lines("• " + step, FONT, 12, inner, 3) for step in text.next_steps]
    panel_h = 10 * mm + 16 + sum(len(lines) for lines in step_lines) * 15 + 4 * mm
    c.setFillColor(PANEL)
    c.roundRect(MARGIN, panel_top - panel_h, width, panel_h, 4 * mm, stroke=0, fill=1)
    y = panel_top - 6 * mm
    c.setFillColor(TEXT)
    c.setFont(FONT_BOLD, 14)
    c.drawString(MARGIN + 6 * mm, y - 10, text.next_heading)
    y -= 16 + 3 * mm
    c.setFont(FONT, 12)
    for lines in step_lines:
        for line in lines:
            y -= 12
            c.drawString(MARGIN + 6 * mm, y, line)
            y -= 3

    c.setFillColor(MUTED)
    c.setFont(FONT, 10)
    c.drawCentredString(PAGE_W / 2, 10 * mm, clip_line(text.footer, FONT, 10, width))
    c.showPage()
    c.save()
    return buffer.getvalue()


def report_poster_pdf(edition: Edition, url: str, *, until: date) -> bytes:
    """The poster for ``edition``, its QR code carrying ``url`` (the report page's address)."""
    if edition.district:
        heading = _("What needs to change in the %(district)s district?",
                    district=edition.district)
    else:
        heading = _("What needs to change in your neighbourhood?")
    where = ", ".join(part for part in (edition.municipality, edition.district) if part)
    return poster_pdf(PosterText(
        heading=heading,
        edition=edition.name,
        where=where,
        dates=_("Tell us until %(date)s.", date=format_date(until, "long")),
        scan=_("Point your phone's camera at the code and tell us what is wrong or missing. "
               "No account is needed; you can add a photo."),
        type_address=_("or type this address:"),
        url=url,
        next_heading=_("What happens to your report?"),
        next_steps=(
            _("The animator reads every report. It appears on the district's map only after "
              "that, without your contact details."),
            _("Groups of residents write micro-projects that answer the needs."),
            _("At the public debate residents vote for the projects, and the chosen ones are "
              "carried out."),
        ),
        footer=_("Participatory budget · %(edition)s", edition=edition.name),
    ))
