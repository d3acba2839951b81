"""Print-ready ballot cards: A4 sheets of cards with a QR code, the typed code and tick boxes.

It takes plain, already translated data and knows neither Flask nor the database. Everything a
card shares with the others of its batch (names, category band, instructions, the numbered list
of projects, cut marks) is drawn once as a PDF form and placed on every card; only the QR code,
the code and the card's number are drawn per card. That keeps 1,000 cards to a few seconds, most
of it spent making the QR codes, and the file small.

Layouts, chosen by what fits:

- four cards a page (2×2, portrait cards) for up to eight projects;
- two cards a page (landscape cards) for more projects or for large print;
- one card a page as a last resort for very long lists.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pb.core.cardcode import format_card_code
from pb.core.qr import qr_matrix
from pb.printing import (
    FONT,
    FONT_BOLD,
    clip_line,
    draw_cut_marks,
    draw_paragraph,
    draw_qr,
    register_fonts,
    wrap_lines,
)

# A PDF standard font: truly monospaced, so the code's groups line up; the code alphabet is ASCII.
CODE_FONT = "Courier-Bold"
CATEGORIES = ("resident", "official")


@dataclass(frozen=True)
class CardSheetText:
    """Everything printed on the cards of one batch, already in the reader's language."""

    edition_name: str
    debate_name: str
    category_label: str  # e.g. "Mieszkaniec"
    rule_text: str  # e.g. "Zaznacz od 1 do 4 projektów"
    scan_line: str  # e.g. "Zeskanuj kod telefonem i zagłosuj."
    paper_line: str  # e.g. "Albo zaznacz krzyżykiem i oddaj kartę komisji."
    code_label: str  # e.g. "Kod karty"
    projects: list[str]  # titles in presentation order, numbered 1..n on the card
    footer: str
    category: str = "resident"  # "resident" or "official": picks the band's look
    number_prefix: str = "nr"  # printed before the card's serial number


@dataclass(frozen=True)
class CardToPrint:
    """One card of the batch."""

    code: str  # canonical
    url: str  # what the QR code carries
    number: int  # the card's serial number, printed small


@dataclass(frozen=True)
class _Palette:
    band: Color
    band_text: Color
    frame: Color | None  # officials' cards get a heavy frame: colour is not the only cue
    marker_square: bool  # officials' band carries a square, residents' a circle


_PALETTES = {
    "resident": _Palette(HexColor("#d3e4f4"), HexColor("#0b3a66"), None, False),
    "official": _Palette(HexColor("#7d1d2e"), HexColor("#ffffff"), HexColor("#7d1d2e"), True),
}
TEXT = HexColor("#1a1a1a")
MUTED = HexColor("#555555")
RULE = HexColor("#c9c9c9")
PANEL = HexColor("#f1f1f1")

PAGE_W, PAGE_H = A4
MARGIN = 7 * mm
GUTTER = 9 * mm
PAD = 5 * mm
CUT_MARK = 7  # points; two marks and their gaps fit in the gutter
FORM_BLEED = 12 * mm  # the card form may draw this far outside the card (cut marks)


@dataclass(frozen=True)
class _Grid:
    cols: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def card_w(self) -> float:
        return (PAGE_W - 2 * MARGIN - (self.cols - 1) * GUTTER) / self.cols

    @property
    def card_h(self) -> float:
        return (PAGE_H - 2 * MARGIN - (self.rows - 1) * GUTTER) / self.rows

    def origins(self) -> list[tuple[float, float]]:
        """Lower-left corners of the cards, reading order (left to right, top to bottom)."""
        return [
            (MARGIN + col * (self.card_w + GUTTER),
             PAGE_H - MARGIN - (row + 1) * self.card_h - row * GUTTER)
            for row in range(self.rows)
            for col in range(self.cols)
        ]


@dataclass(frozen=True)
class _Look:
    """One way to lay the card out: the grid, a text scale and the project list's type."""

    grid: _Grid
    wide: bool  # landscape card: QR column on the left, project list on the right
    scale: float
    title_size: float
    title_lines: int
    qr_symbol: float  # the QR code's side without its quiet zone; at least 30 mm
    code_lines: int  # the typed code on one line, or split after its second group


@dataclass(frozen=True)
class _Slots:
    """Where the per-card parts go, in the card's own coordinates."""

    qr_x: float  # lower-left corner of the QR square, quiet zone included
    qr_y: float
    qr_size: float
    code_x: float  # centre of the code lines
    code_y: float  # baseline of the first code line
    code_size: float
    code_lines: int  # 1, or 2 when the code is split after its second group
    number_x: float  # right edge of the card's number
    number_y: float
    number_size: float
    number_colour: Color


def _looks(n_projects: int, large_print: bool) -> list[_Look]:
    """From preferred to last resort; the first whose project list fits is used."""
    four, two, one = _Grid(2, 2), _Grid(1, 2), _Grid(1, 1)
    looks: list[_Look] = []
    if large_print:
        looks += [_Look(two, True, 1.3, size, 2, 46 * mm, 2) for size in (14, 13, 12)]
        looks += [_Look(one, True, 1.3, size, 2, 56 * mm, 2) for size in (16, 15, 14, 13, 12)]
        looks += [_Look(one, True, 1.3, size, 1, 56 * mm, 2) for size in (12, 11, 10)]
        return looks
    if n_projects <= 8:
        looks += [_Look(four, False, 1.0, size, 2, 31 * mm, 2)
                  for size in (10.5, 10, 9.5, 9, 8.5, 8)]
        looks.append(_Look(four, False, 1.0, 8, 1, 31 * mm, 2))
    looks += [_Look(two, True, 1.0, size, 2, 42 * mm, 1) for size in (11, 10.5, 10, 9.5, 9, 8.5)]
    looks += [_Look(one, True, 1.0, size, 2, 50 * mm, 1) for size in (12, 11, 10, 9, 8)]
    looks += [_Look(one, True, 1.0, size, 1, 50 * mm, 1) for size in (8, 7)]
    return looks


def ballot_cards_pdf(
    text: CardSheetText, cards: list[CardToPrint], *, large_print: bool = False
) -> bytes:
    """A4 portrait pages of ballot cards with cut marks, several cards a page.

    Raises ``ValueError`` for an unknown category, an empty batch, or a project list too long
    for even a whole page.
    """
    if text.category not in CATEGORIES:
        raise ValueError(f"unknown card category: {text.category!r}")
    if not cards:
        raise ValueError("no cards to print")
    register_fonts()
    modules = len(qr_matrix(cards[0].url))  # cards of a batch carry URLs of one length

    chosen: tuple[_Look, _Slots] | None = None
    for look in _looks(len(text.projects), large_print):
        scratch = Canvas(io.BytesIO(), pagesize=A4)
        slots, room = _draw_face(scratch, text, look, modules)
        if room >= 0:
            chosen = look, slots
            break
    if chosen is None:
        raise ValueError(f"{len(text.projects)} projects do not fit on a ballot card")
    look, slots = chosen
    grid = look.grid

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{text.debate_name} — {text.category_label}")
    canvas.setSubject(text.edition_name)
    canvas.setAuthor("pb")
    canvas.setCreator("pb")
    canvas.beginForm(
        "card", -FORM_BLEED, -FORM_BLEED, grid.card_w + FORM_BLEED, grid.card_h + FORM_BLEED
    )
    _draw_face(canvas, text, look, modules)
    canvas.endForm()

    origins = grid.origins()
    for start in range(0, len(cards), grid.per_page):
        for (x, y), card in zip(origins, cards[start : start + grid.per_page], strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm("card")
            _draw_card_parts(canvas, text, card, slots)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_card_parts(canvas: Canvas, text: CardSheetText, card: CardToPrint, s: _Slots) -> None:
    """What differs from card to card: the QR code, the typed code and the serial number."""
    draw_qr(canvas, card.url, s.qr_x, s.qr_y, s.qr_size)
    printed = format_card_code(card.code)
    lines = [printed] if s.code_lines == 1 else [printed[:9], printed[10:]]
    canvas.setFillColor(TEXT)
    canvas.setFont(CODE_FONT, s.code_size)
    y = s.code_y
    for line in lines:
        canvas.drawCentredString(s.code_x, y, line)
        y -= s.code_size * 1.12
    canvas.setFillColor(s.number_colour)
    canvas.setFont(FONT, s.number_size)
    canvas.drawRightString(s.number_x, s.number_y, f"{text.number_prefix} {card.number}")


def _draw_face(
    c: Canvas, text: CardSheetText, look: _Look, modules: int
) -> tuple[_Slots, float]:
    """Draw what all cards share, in card coordinates; return the per-card slots and the room
    left under the project list (negative: it does not fit)."""
    w, h = look.grid.card_w, look.grid.card_h
    k = look.scale
    palette = _PALETTES[text.category]
    left, right, top = PAD, w - PAD, h - PAD

    draw_cut_marks(c, 0, 0, w, h, CUT_MARK)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.3)
    c.rect(0, 0, w, h, stroke=1, fill=0)  # a hairline on the cut line, for scissors
    if palette.frame is not None:
        c.setStrokeColor(palette.frame)
        c.setLineWidth(2.4)
        c.roundRect(2 * mm, 2 * mm, w - 4 * mm, h - 4 * mm, 2.5 * mm, stroke=1, fill=0)
        # Inside the frame, with the QR code's quiet zone clear of it.
        left, right, top = left + 2.5 * mm, right - 2.5 * mm, top - 1.5 * mm
    bottom = PAD + (1.5 * mm if palette.frame is not None else 0)
    clear_x = 3.2 * mm if palette.frame is not None else 1 * mm  # the quiet zone's left limit

    # The category band: the word, a shape, and a light or dark fill.
    band_h = 9 * mm * k
    c.setFillColor(palette.band)
    c.roundRect(left, top - band_h, right - left, band_h, 1.6 * mm, stroke=0, fill=1)
    c.setFillColor(palette.band_text)
    marker = 2.6 * mm * k
    mx, my = left + 3.5 * mm, top - band_h / 2 - marker / 2
    if palette.marker_square:
        c.rect(mx, my, marker, marker, stroke=0, fill=1)
    else:
        c.circle(mx + marker / 2, my + marker / 2, marker / 2, stroke=0, fill=1)
    label_size = 12 * k
    c.setFont(FONT_BOLD, label_size)
    label_x = mx + marker + 2.5 * mm
    number_room = stringWidth(f"{text.number_prefix} 00000", FONT, 8.5 * k) + 4 * mm
    c.drawString(label_x, top - band_h / 2 - label_size * 0.36,
                 clip_line(text.category_label.upper(), FONT_BOLD, label_size,
                       right - label_x - number_room))
    number_y = top - band_h / 2 - 8.5 * k * 0.36
    y = top - band_h - 3.2 * mm

    # Edition and debate names across the card.
    y = draw_paragraph(c, text.edition_name, left, y, right - left, FONT, 7.5 * k, MUTED, 1)
    y -= 0.8 * mm
    y = draw_paragraph(c, text.debate_name, left, y, right - left, FONT_BOLD, 10.5 * k, TEXT, 2)

    code_size = (17 if look.wide else 16.5) * k
    symbol = look.qr_symbol
    quiet = 4 * symbol / (modules - 8)
    if look.wide:
        # Left column: QR, the scan line, the code. Right column: paper line, rule, projects.
        code_lines = look.code_lines
        col_w = max(symbol, _code_width(code_size, code_lines)) + 2 * mm
        col_x = left
        symbol_x = max(col_x + (col_w - symbol) / 2, clear_x + quiet)
        col_w = max(col_w, symbol_x + symbol - col_x)
        symbol_top = y - max(quiet, 4 * mm)
        qr = (symbol_x - quiet, symbol_top - symbol - quiet, symbol + 2 * quiet)
        cy = symbol_top - symbol - quiet
        cy = _instruction(c, text.scan_line, "phone", col_x, cy, col_w, 9 * k)
        cy -= 2.5 * mm
        code_top = cy
        code_y = _code_block(c, text.code_label, col_x, cy, col_w, code_size, code_lines, k)
        list_x = max(col_x + col_w, symbol_x + symbol + quiet) + 7 * mm
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(list_x - 3.5 * mm, y - 2 * mm, list_x - 3.5 * mm, bottom + 8 * mm * k)
        ly = y - 3 * mm
        room_left = code_top - code_lines * code_size * 1.12 - 6 * mm - bottom
    else:
        # Top: QR on the left, the scan line and the code beside it. Below: the projects.
        symbol_x = max(left, clear_x + quiet)
        symbol_top = y - max(quiet, 3.5 * mm)
        qr = (symbol_x - quiet, symbol_top - symbol - quiet, symbol + 2 * quiet)
        col_x = symbol_x + symbol + 5 * mm
        col_w = right - col_x
        cy = _instruction(c, text.scan_line, "phone", col_x, symbol_top + 1.2 * mm, col_w,
                          8.5 * k)
        code_lines = look.code_lines
        block_h = 7.5 * k + 1.5 * mm + code_lines * code_size * 1.12
        code_top = symbol_top - symbol + block_h - 1 * mm
        code_y = _code_block(c, text.code_label, col_x, code_top, col_w, code_size,
                             code_lines, k)
        room_left = cy - code_top - 1 * mm  # negative when the scan line runs into the code
        list_x = left
        ly = symbol_top - symbol - quiet - 0.5 * mm
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(left, ly, right, ly)
        ly -= 2 * mm

    # The paper way: the line, the rule, then the numbered projects with their boxes.
    list_w = right - list_x
    line_size = (9 if look.wide else 8.5) * k
    ly = _instruction(c, text.paper_line, "box", list_x, ly, list_w, line_size)
    ly -= 1.2 * mm
    ly = draw_paragraph(c, text.rule_text, list_x, ly, list_w, FONT_BOLD, line_size + 1 * k, TEXT,
                        2)
    ly -= 1.8 * mm
    footer_size = 6.5 * k
    footer = wrap_lines(text.footer, FONT, footer_size, right - left, 2)
    list_bottom = bottom + len(footer) * footer_size * 1.25 + 2 * mm
    ly = _project_list(c, text.projects, list_x, ly, list_w, look)
    room = min(ly - list_bottom, room_left)

    c.setFillColor(MUTED)
    c.setFont(FONT, footer_size)
    for index, line in enumerate(reversed(footer)):
        c.drawString(left, bottom + index * footer_size * 1.25, line)

    slots = _Slots(
        qr_x=qr[0], qr_y=qr[1], qr_size=qr[2],
        code_x=col_x + col_w / 2, code_y=code_y, code_size=code_size, code_lines=code_lines,
        number_x=right - 3 * mm, number_y=number_y, number_size=8.5 * k,
        number_colour=palette.band_text,
    )
    return slots, room


def _code_width(size: float, lines: int) -> float:
    return stringWidth("K7M2-Q9XH-4RTP-3WZ5" if lines == 1 else "K7M2-Q9XH", CODE_FONT, size)


def _code_block(
    c: Canvas, label: str, x: float, y: float, w: float, size: float, lines: int, k: float
) -> float:
    """The code's label and a light panel behind the code lines; return the first baseline."""
    label_size = 7.5 * k
    c.setFillColor(MUTED)
    c.setFont(FONT_BOLD, label_size)
    c.drawCentredString(x + w / 2, y - label_size,
                        clip_line(label.upper(), FONT_BOLD, label_size, w))
    y -= label_size + 1.5 * mm
    panel_h = lines * size * 1.12 + 1.6 * mm
    panel_w = min(w, _code_width(size, lines) + 5 * mm)
    c.setFillColor(PANEL)
    c.roundRect(x + (w - panel_w) / 2, y - panel_h, panel_w, panel_h, 1.2 * mm, stroke=0, fill=1)
    return y - 0.8 * mm - size * 0.78


def _instruction(
    c: Canvas, line: str, icon: str, x: float, y: float, w: float, size: float
) -> float:
    """A plain instruction with a small drawn icon before it; return the y below it."""
    icon_w = size * 1.3
    _icon(c, icon, x, y - size * (1.55 if icon == "phone" else 1.15), size)
    return draw_paragraph(c, line, x + icon_w + 1.5 * mm, y, w - icon_w - 1.5 * mm, FONT, size,
                          TEXT, 3)


def _icon(c: Canvas, kind: str, x: float, y: float, size: float) -> None:
    """A phone or a ticked box, ``size`` points tall, lower-left corner at (x, y)."""
    c.saveState()
    c.setStrokeColor(TEXT)
    c.setFillColor(TEXT)
    c.setLineWidth(max(0.8, size * 0.09))
    if kind == "phone":
        pw, ph = size * 0.9, size * 1.55
        px = x + (size * 1.3 - pw) / 2
        c.roundRect(px, y, pw, ph, size * 0.16, stroke=1, fill=0)
        c.line(px, y + ph * 0.83, px + pw, y + ph * 0.83)
        c.line(px, y + ph * 0.17, px + pw, y + ph * 0.17)
    else:
        side = size * 1.05
        c.rect(x, y + size * 0.1, side, side, stroke=1, fill=0)
        inset = side * 0.22
        c.line(x + inset, y + size * 0.1 + inset, x + side - inset, y + size * 0.1 + side - inset)
        c.line(x + inset, y + size * 0.1 + side - inset, x + side - inset, y + size * 0.1 + inset)
    c.restoreState()


def _project_list(
    c: Canvas, titles: list[str], x: float, y: float, w: float, look: _Look
) -> float:
    """The numbered projects, each with a box to tick; return the y below the list."""
    size = look.title_size
    lead = size * 1.2
    box = size * 1.4
    number_w = stringWidth(f"{max(len(titles), 1)}.", FONT_BOLD, size) + 0.5 * mm
    title_x = x + box + 2.2 * mm + number_w + 1.6 * mm
    title_w = x + w - title_x
    gap = size * 0.4
    for index, title in enumerate(titles, start=1):
        lines = wrap_lines(title, FONT, size, title_w, look.title_lines)
        first = y - box / 2 - size * 0.36
        c.setStrokeColor(TEXT)
        c.setLineWidth(1.1 if look.scale == 1 else 1.4)
        c.rect(x + 0.4, y - box, box, box, stroke=1, fill=0)
        c.setFillColor(TEXT)
        c.setFont(FONT_BOLD, size)
        c.drawRightString(title_x - 1.6 * mm, first, f"{index}.")
        c.setFont(FONT, size)
        baseline = first
        for line in lines:
            c.drawString(title_x, baseline, line)
            baseline -= lead
        row_h = max(box, (first - y) * -1 + (len(lines) - 1) * lead + size * 0.3)
        y -= row_h + gap
        if index < len(titles):
            c.setStrokeColor(RULE)
            c.setLineWidth(0.4)
            c.line(title_x, y + gap / 2, x + w, y + gap / 2)
    return y
