"""Shared helpers for print-ready PDFs (reportlab): fonts with Polish letters, QR codes, and text
that fits its room (one line cut with an ellipsis, wrapped lines, a font size that fits)."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pb.config import REPO_ROOT
from pb.core.qr import qr_matrix

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
_FONTS_DIR = REPO_ROOT / "static" / "fonts"


def register_fonts() -> None:
    """Register the vendored DejaVu fonts once; the PDF core fonts lack ą, ę, ł, ś, ź, ż."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name in (FONT, FONT_BOLD):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(_FONTS_DIR / f"{name}.ttf")))


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw the QR code for ``data`` with its lower-left corner at (x, y), ``size`` points wide.

    The quiet zone is part of the matrix, so nothing else may be drawn inside the square.
    """
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / n
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                canvas.rect(
                    x + start * module,
                    y + size - (row_index + 1) * module,
                    (col - start) * module,
                    module,
                    stroke=0,
                    fill=1,
                )
            else:
                col += 1
    canvas.restoreState()


def draw_cut_marks(
    canvas: Canvas, x: float, y: float, w: float, h: float, length: float = 12
) -> None:
    """Short marks just outside each corner of a card, to guide scissors or a guillotine."""
    gap = 4
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.setStrokeColorRGB(0.3, 0.3, 0.3)
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            canvas.line(cx + sx * gap, cy, cx + sx * (gap + length), cy)
            canvas.line(cx, cy + sy * gap, cx, cy + sy * (gap + length))
    canvas.restoreState()


def clip_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` on one line (white space folded), cut with an ellipsis to fit ``width``."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:mid].rstrip() + "…", font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def wrap_lines(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """``text`` broken into lines that fit ``width``, at most ``max_lines`` of them.

    White space is folded, but a line break in ``text`` starts a new line. When more lines would
    follow, the last one kept is cut with an ellipsis; a word too long for a line is cut too.
    """
    lines: list[str] = []
    for paragraph in text.splitlines():
        lines += [clip_line(line, font, size, width)
                  for line in simpleSplit(" ".join(paragraph.split()), font, size, width)]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    kept[-1] = clip_line(kept[-1] + " " + lines[max_lines] + "…", font, size, width)
    if not kept[-1].endswith("…"):
        kept[-1] = clip_line(kept[-1] + "…", font, size, width)
    return kept


def draw_paragraph(
    canvas: Canvas, text: str, x: float, y: float, width: float, font: str, size: float,
    colour: Color, max_lines: int, leading: float = 1.25,
) -> float:
    """Draw ``text`` wrapped by :func:`wrap_lines`, its first line hanging from ``y`` and the
    lines ``leading`` times the font size apart; return the y below it."""
    canvas.setFillColor(colour)
    canvas.setFont(font, size)
    for line in wrap_lines(text, font, size, width, max_lines):
        y -= size
        canvas.drawString(x, y, line)
        y -= size * (leading - 1)
    return y


def fit_size(text: str, font: str, size: float, smallest: float, width: float,
             step: float = 1) -> float:
    """The font size that puts ``text`` on one line of ``width``: ``size``, made smaller by
    ``step`` while it does not fit, but not below ``smallest``."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= step
    return size


def image_or_none(raw: bytes | None) -> ImageReader | None:
    """A picture to draw, or ``None`` when there is none or it cannot be read: a document with
    a broken photo still prints, without it."""
    if not raw:
        return None
    try:
        reader = ImageReader(io.BytesIO(raw))
        reader.getSize()
    except Exception:
        return None
    return reader


class PagedCanvas(Canvas):
    """A canvas that draws each page's furniture (a header, a footer saying "page 2 of 5") once
    the document is complete and the number of pages known. Subclasses define
    ``_furniture(number, total)``; a platypus document builds with it as its ``canvasmaker``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._furniture(number, total)
            super().showPage()
        super().save()

    def _furniture(self, number: int, total: int) -> None:
        raise NotImplementedError
