"""Shared helpers for print-ready PDFs (reportlab): fonts with Polish letters and QR codes."""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
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


def image_or_none(raw: bytes | None) -> ImageReader | None:
    """A picture to draw, or ``None`` when there is none or it cannot be read: a document with
    a broken photo still prints, without it."""
    if not raw:
        return None
    try:
        reader = ImageReader(io.BytesIO(raw))
        reader.getSize()
    except Exception:  # noqa: BLE001 - any unreadable picture is simply left out
        return None
    return reader
