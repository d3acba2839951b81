"""The printable one-page project sheet (PDF) handed out and projected at the debate.

It takes plain, already formatted data (:class:`SheetData`) and knows neither Flask nor the
database, so the web layer formats money and dates in the reader's language and passes them in.
The sheet is always exactly one A4 page: when the content is long, fonts shrink step by step, the
description is cut with an ellipsis and, as a last resort, the middle of a long budget table is
folded into one line (the totals printed are still the caller's exact totals).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from pb.core.gantt import (
    ACTUAL_BAR,
    ACTUAL_COLOUR,
    GRID_COLOUR,
    LATE_COLOUR,
    MUTED_COLOUR,
    PLANNED_BAR,
    PLANNED_BAR_WITH_ACTUAL,
    PLANNED_COLOUR,
    STRIPE_COLOUR,
    TEXT_COLOUR,
    TODAY_COLOUR,
    GanttBar,
    GanttLayout,
    gantt_layout,
    month_captions,
)
from pb.core.schedule import TaskSpec
from pb.printing import (
    FONT,
    FONT_BOLD,
    clip_line,
    draw_paragraph,
    image_or_none,
    register_fonts,
    wrap_lines,
)

# Every heading and column name printed on the sheet, in the reader's language (key → meaning).
SHEET_LABEL_KEYS: dict[str, str] = {
    "group": "prefix of the group's name in the header band, e.g. 'Grupa'",
    "answers": "heading of the diagnosis's needs the project answers, e.g. 'Potrzeby z diagnozy'",
    "need": "heading of the group's words on the need, e.g. 'Jak odpowiada na potrzebę'",
    "beneficiaries": "heading of who benefits, e.g. 'Odbiorcy'",
    "place": "heading of where it happens, e.g. 'Miejsce'",
    "description": "heading of the description, e.g. 'Opis'",
    "results": "heading of the expected results, e.g. 'Oczekiwane rezultaty'",
    "schedule": "heading of the schedule chart, e.g. 'Harmonogram'",
    "budget": "heading of the budget table (money requested), e.g. 'Kosztorys'",
    "category": "budget column: category, e.g. 'Kategoria'",
    "item": "budget column: item, e.g. 'Pozycja'",
    "quantity": "budget column: quantity, e.g. 'Ilość'",
    "unit": "budget column: unit, e.g. 'J.m.'",
    "unit_price": "budget column: unit price, e.g. 'Cena jedn.'",
    "line_total": "budget column: line total, e.g. 'Wartość'",
    "requested_total": "label of the total money requested, e.g. 'Razem wnioskowana kwota'",
    "own": "heading of the own contribution table, e.g. 'Wkład własny'",
    "own_total": "label of the own contribution's total, e.g. 'Razem wkład własny'",
    "more_lines": "folded budget lines, with {count}, e.g. '… i jeszcze {count} pozycji'",
    "empty": "shown in place of an empty section, e.g. '(brak)'",
}

BudgetRow = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class SheetData:
    """Everything printed on the sheet, already formatted in the reader's language."""

    edition_name: str
    group_name: str
    title: str
    summary: str
    need: str
    beneficiaries: str
    place: str
    description: str
    results: list[tuple[str, str]]  # (indicator, target text such as "3 szt.")
    tasks: list[TaskSpec]
    window: tuple[date, date] | None
    budget_rows: list[BudgetRow]  # (category, item, quantity, unit, unit price, line total)
    requested_total: str
    own_rows: list[BudgetRow]
    own_total: str
    cap_note: str  # e.g. "Limit: 5 000,00 zł"
    photo: bytes | None  # a JPEG, optional
    labels: dict[str, str]  # every key of SHEET_LABEL_KEYS
    month_labels: list[str]  # twelve short month names, January first
    format_date: Callable[[date], str]
    footer: str
    # The diagnosis's needs it answers, one line each ("Odpowiada na potrzebę nr 3: … (…)").
    answered_needs: list[str] = field(default_factory=list)


PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 11 * mm
MARGIN_BOTTOM = 10 * mm
FOOTER_H = 8 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

ACCENT = HexColor(PLANNED_COLOUR)
TEXT = HexColor(TEXT_COLOUR)
MUTED = HexColor(MUTED_COLOUR)
GRID = HexColor(GRID_COLOUR)
STRIPE = HexColor(STRIPE_COLOUR)
PANEL = HexColor("#eaf0f6")
WHITE = HexColor("#ffffff")


@dataclass(frozen=True)
class _Fit:
    """How hard the content is squeezed: a font scale, line limits and the photo's height."""

    scale: float
    description_lines: int
    fact_lines: int
    photo_h: float
    budget_rows: int | None = None  # fold the table beyond this many rows


def _fits() -> list[_Fit]:
    """From roomy to tight; whole texts at a slightly smaller size beat cut texts."""
    return [
        _Fit(1.0, 12, 5, 48 * mm),
        _Fit(0.94, 12, 5, 44 * mm),
        _Fit(0.88, 12, 5, 40 * mm),
        _Fit(0.94, 6, 3, 40 * mm),
        _Fit(0.88, 6, 3, 36 * mm),
        _Fit(0.82, 6, 3, 34 * mm),
        _Fit(0.82, 4, 2, 30 * mm),
        _Fit(0.76, 4, 2, 28 * mm),
        _Fit(0.7, 3, 2, 26 * mm),
        # Tight: the photo goes (it is optional), then the middle of the budget is folded.
        _Fit(0.76, 3, 2, 0),
        _Fit(0.7, 2, 1, 0),
        _Fit(0.66, 2, 1, 0),
        _Fit(0.66, 2, 1, 0, 16),
        _Fit(0.62, 1, 1, 0, 10),
    ]


def project_sheet_pdf(data: SheetData) -> bytes:
    """One A4 portrait page describing the project, for printing and projecting at the debate.

    Raises ``ValueError`` when ``data.labels`` lacks a key of :data:`SHEET_LABEL_KEYS`.
    """
    missing = sorted(set(SHEET_LABEL_KEYS) - set(data.labels))
    if missing:
        raise ValueError(f"missing sheet labels: {', '.join(missing)}")
    register_fonts()
    layout = gantt_layout(data.tasks, window=data.window)
    photo = image_or_none(data.photo)

    chosen = _fits()[-1]
    for fit in _fits():
        # Draw on a scratch canvas to measure; the first setting that fits is drawn for real.
        if _draw(Canvas(io.BytesIO(), pagesize=A4), data, layout, photo, fit) >= 0:
            chosen = fit
            break

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(data.title)
    canvas.setSubject(data.edition_name)
    canvas.setAuthor(data.group_name)
    canvas.setCreator("pb")
    _draw(canvas, data, layout, photo, chosen)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(
    c: Canvas, data: SheetData, layout: GanttLayout, photo: ImageReader | None, fit: _Fit
) -> float:
    """Draw the whole sheet; return the room left above the footer (negative: overflow)."""
    s = fit.scale
    labels = data.labels
    x0, x1 = MARGIN_X, PAGE_W - MARGIN_X

    # Header band: edition on the left, group on the right.
    band_h = 12 * mm
    top = PAGE_H - MARGIN_TOP
    c.setFillColor(ACCENT)
    c.roundRect(x0, top - band_h, CONTENT_W, band_h, 2 * mm, stroke=0, fill=1)
    c.setFillColor(WHITE)
    group_text = f"{labels['group']}: {data.group_name}" if labels["group"] else data.group_name
    c.setFont(FONT_BOLD, 10.5)
    group_w = min(stringWidth(group_text, FONT_BOLD, 10.5), CONTENT_W * 0.55)
    group_text = clip_line(group_text, FONT_BOLD, 10.5, group_w)
    c.drawRightString(x1 - 5 * mm, top - band_h / 2 - 3.6, group_text)
    c.setFont(FONT, 9.5)
    edition_w = CONTENT_W - group_w - 16 * mm
    c.drawString(x0 + 5 * mm, top - band_h / 2 - 3.3, clip_line(data.edition_name, FONT, 9.5,
                                                             edition_w))
    y = top - band_h - 9 * mm

    # Title and summary.
    title_size = 20 * s if len(data.title) < 70 else 17 * s
    y = draw_paragraph(c, data.title, x0, y, CONTENT_W, FONT_BOLD, title_size, TEXT, 2,
                       leading=1.15)
    y -= 1.5 * mm
    y = draw_paragraph(c, data.summary, x0, y, CONTENT_W, FONT, 11 * s, HexColor("#333333"), 3,
                       leading=1.3)
    y -= 2 * mm
    c.setStrokeColor(GRID)
    c.setLineWidth(0.6)
    c.line(x0, y, x1, y)
    y -= 5 * mm

    # Two columns: facts and description on the left; photo and results on the right.
    gap = 6 * mm
    right_w = CONTENT_W * 0.36
    left_w = CONTENT_W - right_w - gap
    right_x = x1 - right_w
    left_y = y
    if data.answered_needs:
        left_y = _fact(c, labels["answers"], "\n".join(data.answered_needs), x0, left_y, left_w,
                       s, min(6, max(fit.fact_lines, 2 * len(data.answered_needs))))
    for key, value in (("need", data.need), ("beneficiaries", data.beneficiaries),
                       ("place", data.place)):
        left_y = _fact(c, labels[key], value, x0, left_y, left_w, s, fit.fact_lines)

    right_y = y + 1 * mm
    if photo is not None and fit.photo_h > 0:
        iw, ih = photo.getSize()
        box_h = min(right_w * 0.7, fit.photo_h)
        ratio = min(right_w / iw, box_h / ih)
        w, h = iw * ratio, ih * ratio
        c.drawImage(photo, right_x + (right_w - w) / 2, right_y - h, w, h)
        right_y -= h + 3 * mm
    right_y = _results_panel(c, data, right_x, right_y, right_w, s, fit.fact_lines > 1)
    y = min(left_y, right_y) - 1 * mm
    y = _fact(c, labels["description"], data.description, x0, y, CONTENT_W, s,
              fit.description_lines)

    # Schedule chart.
    window_text = ""
    if data.tasks or data.window:
        window_text = (f"{data.format_date(layout.axis_start)} – "
                       f"{data.format_date(layout.axis_end)}")
    y = _heading(c, labels["schedule"], window_text, x0, y, s)
    if layout.rows:
        y -= _draw_gantt(c, layout, data.month_labels, x0, y, CONTENT_W, s)
    else:
        y = draw_paragraph(c, labels["empty"], x0, y, CONTENT_W, FONT, 9 * s, MUTED, 1,
                           leading=1.3)
    y -= 4 * mm

    # Budget: money requested, then the own contribution apart.
    y = _heading(c, labels["budget"], data.cap_note, x0, y, s)
    y = _table(c, data.budget_rows, labels, labels["requested_total"], data.requested_total,
               x0, y, s, fit.budget_rows, strong=True)
    if data.own_rows:
        y -= 3 * mm
        y = _heading(c, labels["own"], "", x0, y, s * 0.9)
        y = _table(c, data.own_rows, labels, labels["own_total"], data.own_total, x0, y,
                   s * 0.92, fit.budget_rows, strong=False)

    # Footer.
    c.setStrokeColor(GRID)
    c.setLineWidth(0.5)
    c.line(x0, MARGIN_BOTTOM + 4.5 * mm, x1, MARGIN_BOTTOM + 4.5 * mm)
    c.setFillColor(MUTED)
    c.setFont(FONT, 7.5)
    c.drawString(x0, MARGIN_BOTTOM + 1 * mm, clip_line(data.footer, FONT, 7.5, CONTENT_W))
    return y - (MARGIN_BOTTOM + FOOTER_H)


def _fact(
    c: Canvas, label: str, value: str, x: float, y: float, width: float, s: float,
    max_lines: int,
) -> float:
    c.setFillColor(ACCENT)
    c.setFont(FONT_BOLD, 7.5 * s)
    y -= 7.5 * s
    c.drawString(x, y, label.upper())
    y -= 1.2 * mm
    value = value.strip() or "—"
    y = draw_paragraph(c, value, x, y, width, FONT, 9.5 * s, TEXT, max_lines, leading=1.28)
    return y - 2.6 * mm * s


def _results_panel(
    c: Canvas, data: SheetData, x: float, y: float, w: float, s: float, two_lines: bool
) -> float:
    """The expected results on a light panel: each target big, the indicator beside it."""
    pad = 3 * mm
    rows: list[tuple[str, list[str]]] = []
    target_size, name_size = 11 * s, 8.5 * s
    target_w = max((stringWidth(t, FONT_BOLD, target_size) for _, t in data.results),
                   default=0)
    target_w = min(target_w, w * 0.42)
    name_w = w - 2 * pad - target_w - 2.5 * mm
    for name, target in data.results:
        rows.append((clip_line(target, FONT_BOLD, target_size, target_w),
                     wrap_lines(name, FONT, name_size, name_w, 2 if two_lines else 1)))
    heading_h = 7.5 * s + 2.5 * mm
    body_h = sum(max(target_size, len(lines) * name_size * 1.25) + 2 * mm for _, lines in rows)
    if not rows:
        body_h = name_size * 1.4
    panel_h = pad + heading_h + body_h + pad - 2 * mm
    c.setFillColor(PANEL)
    c.roundRect(x, y - panel_h, w, panel_h, 2 * mm, stroke=0, fill=1)
    c.setFillColor(ACCENT)
    c.setFont(FONT_BOLD, 7.5 * s)
    cy = y - pad - 7.5 * s
    c.drawString(x + pad, cy, data.labels["results"].upper())
    cy -= 2.5 * mm
    if not rows:
        draw_paragraph(c, data.labels["empty"], x + pad, cy, w - 2 * pad, FONT, name_size, MUTED,
                       1, leading=1.3)
    for target, lines in rows:
        row_h = max(target_size, len(lines) * name_size * 1.25)
        c.setFillColor(ACCENT)
        c.setFont(FONT_BOLD, target_size)
        c.drawRightString(x + pad + target_w, cy - target_size + 1, target)
        c.setFillColor(TEXT)
        c.setFont(FONT, name_size)
        ly = cy - name_size
        for line in lines:
            c.drawString(x + pad + target_w + 2.5 * mm, ly, line)
            ly -= name_size * 1.25
        cy -= row_h + 2 * mm
    return y - panel_h


def _heading(c: Canvas, text: str, note: str, x: float, y: float, s: float) -> float:
    """A section heading with an accent rule; ``note`` sits at the right, muted."""
    size = 11 * s
    y -= size
    c.setFillColor(ACCENT)
    c.setFont(FONT_BOLD, size)
    c.drawString(x, y, text)
    if note:
        c.setFillColor(MUTED)
        c.setFont(FONT, 8.5 * s)
        room = CONTENT_W - stringWidth(text, FONT_BOLD, size) - 6 * mm
        c.drawRightString(x + CONTENT_W, y, clip_line(note, FONT, 8.5 * s, room))
    y -= 1.6 * mm
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1)
    c.line(x, y, x + CONTENT_W, y)
    return y - 2 * mm


def _draw_gantt(
    c: Canvas, layout: GanttLayout, month_labels: list[str], x: float, y: float, width: float,
    s: float,
) -> float:
    """The schedule chart, the same as the SVG one; return its height."""
    label_w = width * 0.34
    chart_x, chart_w = x + label_w, width - label_w - 3 * mm
    header = 11 * s
    row_h = 13.5 * s
    rows_h = row_h * len(layout.rows)
    top = y - header

    def x_of(fraction: float) -> float:
        return chart_x + fraction * chart_w

    c.setFillColor(STRIPE)
    for i in range(0, len(layout.rows), 2):
        c.rect(x, top - (i + 1) * row_h, width, row_h, stroke=0, fill=1)
    c.setStrokeColor(GRID)
    c.setLineWidth(0.5)
    c.setFont(FONT, 7 * s)
    for month, caption in zip(layout.months, month_captions(layout, month_labels), strict=True):
        x0, x1 = x_of(month.start), x_of(month.end)
        if month.first_day >= layout.axis_start:
            c.line(x0, top + header * 0.75, x0, top - rows_h)
        if stringWidth(caption, FONT, 7 * s) + 3 <= x1 - x0:
            c.setFillColor(MUTED)
            c.drawString(x0 + 2, top + 3 * s, caption)
    c.line(x_of(1.0), top + header * 0.75, x_of(1.0), top - rows_h)
    c.line(x, top, x + width, top)

    planned_top, planned_h = PLANNED_BAR_WITH_ACTUAL if layout.has_actual else PLANNED_BAR
    for i, row in enumerate(layout.rows):
        row_top = top - i * row_h
        c.setFillColor(TEXT)
        c.setFont(FONT, 7.8 * s)
        c.drawString(x + 2 * mm, row_top - row_h / 2 - 2.7 * s,
                     clip_line(row.task.title, FONT, 7.8 * s, label_w - 4 * mm))
        _pdf_bar(c, row.planned, row_top - (planned_top + planned_h) * row_h,
                 planned_h * row_h, x_of, PLANNED_COLOUR)
        if row.actual is not None:
            _pdf_bar(c, row.actual, row_top - (ACTUAL_BAR[0] + ACTUAL_BAR[1]) * row_h,
                     ACTUAL_BAR[1] * row_h, x_of, LATE_COLOUR if row.late else ACTUAL_COLOUR)
    if layout.today_at is not None:
        c.setStrokeColor(HexColor(TODAY_COLOUR))
        c.setLineWidth(1)
        c.setDash(3, 2)
        tx = x_of(layout.today_at)
        c.line(tx, top + 2, tx, top - rows_h)
        c.setDash()
    return header + rows_h


def _pdf_bar(
    c: Canvas, bar: GanttBar, y: float, h: float, x_of: Callable[[float], float], colour: str
) -> None:
    """One bar (y is its bottom), at least 3 pt wide; a triangle marks a side cut by the axis."""
    x0, x1 = x_of(bar.start), x_of(bar.end)
    if x1 - x0 < 3:
        x0, x1 = (x0 + x1) / 2 - 1.5, (x0 + x1) / 2 + 1.5
    c.setFillColor(HexColor(colour))
    c.roundRect(x0, y, x1 - x0, h, min(1.5, h / 2), stroke=0, fill=1)
    mid, half = y + h / 2, max(h / 2, 2)
    for cut, edge, tip in ((bar.clipped_start, x0, x0 - 4), (bar.clipped_end, x1, x1 + 4)):
        if cut:
            path = c.beginPath()
            path.moveTo(tip, mid)
            path.lineTo(edge, mid + half)
            path.lineTo(edge, mid - half)
            path.close()
            c.drawPath(path, stroke=0, fill=1)


def _table(
    c: Canvas, rows: list[BudgetRow], labels: dict[str, str], total_label: str, total: str,
    x: float, y: float, s: float, max_rows: int | None, *, strong: bool,
) -> float:
    """A budget table with right-aligned money and a bold total row; return the y below it."""
    size = 7.8 * s
    row_h = 11.5 * s
    widths = [0.18, 0.38, 0.08, 0.08, 0.13, 0.15]
    cols = [w * CONTENT_W for w in widths]
    starts = [x + sum(cols[:i]) for i in range(len(cols))]
    right_aligned = {2, 4, 5}
    pad = 1.6 * mm

    shown: list[BudgetRow | None] = list(rows)
    folded = 0
    if max_rows is not None and len(rows) > max_rows:
        head = max(max_rows - 3, 1)  # the first lines, one folded line, the last two lines
        folded = len(rows) - head - 2
        shown = [*rows[:head], None, *rows[len(rows) - 2:]]

    def cells(values: tuple[str, ...] | list[str], font: str, colour: HexColor) -> None:
        c.setFillColor(colour)
        c.setFont(font, size)
        baseline = y - row_h + (row_h - size) / 2 + 1.3 * s
        for i, value in enumerate(values):
            text = clip_line(value, font, size, cols[i] - 2 * pad)
            if i in right_aligned:
                c.drawRightString(starts[i] + cols[i] - pad, baseline, text)
            else:
                c.drawString(starts[i] + pad, baseline, text)

    header = [labels[k] for k in ("category", "item", "quantity", "unit", "unit_price",
                                  "line_total")]
    c.setFillColor(PANEL if strong else STRIPE)
    c.rect(x, y - row_h, CONTENT_W, row_h, stroke=0, fill=1)
    cells(header, FONT_BOLD, ACCENT if strong else MUTED)
    y -= row_h
    if not rows:
        cells(["", labels["empty"], "", "", "", ""], FONT, MUTED)
        y -= row_h
    for i, row in enumerate(shown):
        if i % 2 == 1:
            c.setFillColor(STRIPE)
            c.rect(x, y - row_h, CONTENT_W, row_h, stroke=0, fill=1)
        if row is None:
            text = labels["more_lines"].replace("{count}", str(folded))
            cells(["", text, "", "", "", ""], FONT, MUTED)
        else:
            cells(row, FONT, TEXT)
        y -= row_h
    c.setStrokeColor(ACCENT if strong else MUTED)
    c.setLineWidth(0.9 if strong else 0.6)
    c.line(x, y, x + CONTENT_W, y)
    total_size = (9.5 if strong else 8.5) * s
    y -= total_size + 1.8 * mm
    c.setFillColor(TEXT)
    c.setFont(FONT_BOLD, total_size)
    c.drawRightString(x + CONTENT_W - pad, y, total)
    label_right = min(starts[5] - pad,
                      x + CONTENT_W - pad - stringWidth(total, FONT_BOLD, total_size) - 4 * mm)
    c.drawRightString(label_right, y,
                      clip_line(total_label, FONT_BOLD, total_size, label_right - x - pad))
    return y - 1.5 * mm
