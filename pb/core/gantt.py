"""The schedule chart (Gantt-like): a layout in plain numbers, and an inline SVG drawn from it.

The layout places every task on a time axis as fractions 0..1, so any renderer (the SVG below, the
reportlab project sheet) draws the same chart at any size. A day is a whole cell: a task from the
1st to the 1st covers one day of the axis, not zero.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

from pb.core.schedule import TaskSpec, ordered

# Colours shared by every renderer (hex, so both SVG and reportlab read them). The planned blue
# has a contrast of about 9:1 on white; planned and actual bars also differ in height, so the
# chart reads in black and white too.
PLANNED_COLOUR = "#1f4e79"
ACTUAL_COLOUR = "#2e7d32"
LATE_COLOUR = "#c55a11"
TODAY_COLOUR = "#b00020"
GRID_COLOUR = "#c3cad3"
STRIPE_COLOUR = "#f2f4f7"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#555555"

# Vertical placement of bars inside a row, as fractions of the row height (from the row's top).
PLANNED_BAR = (0.22, 0.56)  # top, height when the row has no actual bar
PLANNED_BAR_WITH_ACTUAL = (0.14, 0.42)
ACTUAL_BAR = (0.64, 0.2)


@dataclass(frozen=True)
class GanttBar:
    """A bar on the axis: ``start`` and ``end`` are fractions 0..1 of the axis width.

    ``outside`` is true when part of the bar (or all of it) lies outside the axis; the fractions
    are then clipped to the axis, and ``clipped_start``/``clipped_end`` say which side was cut.
    """

    first_day: date
    last_day: date | None  # None: still running (an open-ended actual bar ends at today)
    start: float
    end: float
    clipped_start: bool = False
    clipped_end: bool = False

    @property
    def outside(self) -> bool:
        return self.clipped_start or self.clipped_end


@dataclass(frozen=True)
class GanttRow:
    """One task: its planned bar, and the actual bar when execution has started."""

    index: int
    task: TaskSpec
    planned: GanttBar
    actual: GanttBar | None = None
    late: bool = False  # the actual bar ends (or, still open, runs) after the planned end

    @property
    def outside(self) -> bool:
        return self.planned.outside or (self.actual is not None and self.actual.outside)


@dataclass(frozen=True)
class GanttMonth:
    """A month overlapping the axis: its 1st day and its part of the axis (fractions)."""

    first_day: date
    start: float
    end: float


@dataclass(frozen=True)
class GanttLayout:
    """Everything a renderer needs: the axis, the months, the rows and today's mark."""

    axis_start: date  # first day shown
    axis_end: date  # last day shown (inclusive)
    month_ticks: tuple[date, ...]  # the 1st of each month that falls on the axis
    months: tuple[GanttMonth, ...]
    rows: tuple[GanttRow, ...]
    today: date | None = None
    today_at: float | None = None  # where today's line goes, when today is on the axis

    @property
    def days(self) -> int:
        return (self.axis_end - self.axis_start).days + 1

    @property
    def has_actual(self) -> bool:
        return any(row.actual is not None for row in self.rows)

    @property
    def outside_window(self) -> bool:
        return any(row.outside for row in self.rows)

    def at(self, day: date) -> float:
        """The fraction of the axis where ``day`` begins (not clipped)."""
        return (day - self.axis_start).days / self.days


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_end(day: date) -> date:
    return _next_month(day) - timedelta(days=1)


def gantt_layout(
    tasks: list[TaskSpec],
    *,
    window: tuple[date, date] | None = None,
    actual: dict[int, tuple[date, date | None]] | None = None,
    today: date | None = None,
) -> GanttLayout:
    """Lay out ``tasks`` (in :func:`~pb.core.schedule.ordered` order) on a time axis.

    The axis is ``window`` (first and last day, inclusive) when given; otherwise the span of the
    tasks (and of the actual dates) padded to whole months. ``actual`` maps a row's index in the
    ordered list to the actual first day and last day, or ``None`` for a task still running, which
    then ends at ``today``. Bars beyond the axis are clipped and flagged. Without tasks and window
    the axis is the month of ``today`` (or of the current date).
    """
    rows_tasks = ordered(tasks)
    actual = actual or {}
    reference = today or date.today()

    def actual_end(first: date, last: date | None) -> date:
        return last if last is not None else max(reference, first)

    if window is not None:
        axis_start, axis_end = window
        if axis_end < axis_start:
            axis_start, axis_end = axis_end, axis_start
    else:
        days: list[date] = [d for t in rows_tasks for d in (t.start, t.end)]
        for index, (first, last) in actual.items():
            if 0 <= index < len(rows_tasks):
                days += [first, actual_end(first, last)]
        if not days:
            days = [reference]
        axis_start = _month_start(min(days))
        axis_end = _month_end(max(days))

    total = (axis_end - axis_start).days + 1

    def bar(first: date, last: date | None, end_day: date) -> GanttBar:
        if end_day < first:
            end_day = first
        raw_start = (first - axis_start).days / total
        raw_end = ((end_day - axis_start).days + 1) / total
        return GanttBar(
            first_day=first,
            last_day=last,
            start=min(max(raw_start, 0.0), 1.0),
            end=min(max(raw_end, 0.0), 1.0),
            clipped_start=first < axis_start,
            clipped_end=end_day > axis_end,
        )

    rows: list[GanttRow] = []
    for index, task in enumerate(rows_tasks):
        planned = bar(task.start, task.end, task.end)
        actual_bar = None
        late = False
        if index in actual:
            first, last = actual[index]
            end_day = actual_end(first, last)
            actual_bar = bar(first, last, end_day)
            late = end_day > task.end
        rows.append(GanttRow(index, task, planned, actual_bar, late))

    months: list[GanttMonth] = []
    month = _month_start(axis_start)
    while month <= axis_end:
        following = _next_month(month)
        months.append(
            GanttMonth(
                first_day=month,
                start=max((month - axis_start).days, 0) / total,
                end=min((following - axis_start).days, total) / total,
            )
        )
        month = following
    ticks = tuple(m.first_day for m in months if m.first_day >= axis_start)

    today_at = None
    if today is not None and axis_start <= today <= axis_end:
        # The middle of today's cell: the line stands inside the day, not at its edge.
        today_at = ((today - axis_start).days + 0.5) / total

    return GanttLayout(
        axis_start=axis_start,
        axis_end=axis_end,
        month_ticks=ticks,
        months=tuple(months),
        rows=tuple(rows),
        today=today,
        today_at=today_at,
    )


def month_caption(month_labels: list[str], first_day: date, with_year: bool) -> str:
    """The caption of a month column: ``"kwi"``, or ``"kwi 2013"`` where the year changes."""
    name = month_labels[first_day.month - 1] if len(month_labels) >= 12 else str(first_day.month)
    return f"{name} {first_day.year}" if with_year else name


def month_captions(layout: GanttLayout, month_labels: list[str]) -> list[str]:
    """Captions for ``layout.months``; the first month and every January carry the year."""
    captions: list[str] = []
    previous_year: int | None = None
    for month in layout.months:
        year = month.first_day.year
        captions.append(month_caption(month_labels, month.first_day, year != previous_year))
        previous_year = year
    return captions


def truncate(text: str, max_chars: int) -> str:
    """``text`` on one line, cut to ``max_chars`` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    return flat[: max(max_chars - 1, 0)].rstrip() + "…"


# Characters XML 1.0 forbids even when escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    return escape(_XML_FORBIDDEN.sub("", text), {'"': "&quot;"})


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def gantt_svg(
    layout: GanttLayout,
    *,
    month_labels: list[str],
    format_date: Callable[[date], str],
    title: str,
    width: int = 760,
    row_height: int = 28,
    label_width: int = 220,
) -> str:
    """A standalone inline SVG of ``layout``: no scripts, links, stylesheets or external files.

    ``month_labels`` are twelve short month names in the reader's language (January first),
    ``format_date`` renders a date for the accessible description, ``title`` names the chart for
    screen readers. Every text is XML-escaped.
    """
    header = 26
    right_pad = 12
    chart_x = label_width
    chart_w = max(width - label_width - right_pad, 10)
    rows_h = max(len(layout.rows), 1) * row_height
    height = header + rows_h + 8
    # A stable id, distinct per chart, so several charts can share one page.
    digest = hashlib.sha1(repr((title, layout)).encode(), usedforsecurity=False).hexdigest()[:8]
    title_id, desc_id = f"gantt-{digest}-title", f"gantt-{digest}-desc"

    def x_of(fraction: float) -> float:
        return chart_x + fraction * chart_w

    descriptions = [
        f"{row.index + 1}. {row.task.title}: "
        f"{format_date(row.task.start)} – {format_date(row.task.end)}"
        + (f" ({row.task.responsible})" if row.task.responsible else "")
        for row in layout.rows
    ]

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" font-family="DejaVu Sans, Verdana, Arial, sans-serif">',
        f'<title id="{title_id}">{_x(title)}</title>',
        f'<desc id="{desc_id}">{_x("; ".join(descriptions))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]

    # Row stripes first, so grid lines and bars sit on top of them.
    for i in range(len(layout.rows)):
        if i % 2 == 0:
            y = header + i * row_height
            out.append(
                f'<rect x="0" y="{y}" width="{width}" height="{row_height}" '
                f'fill="{STRIPE_COLOUR}"/>'
            )

    captions = month_captions(layout, month_labels)
    for month, caption in zip(layout.months, captions, strict=True):
        x0, x1 = x_of(month.start), x_of(month.end)
        if month.first_day >= layout.axis_start:
            out.append(
                f'<line x1="{_n(x0)}" y1="{header - 8}" x2="{_n(x0)}" y2="{header + rows_h}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
        # Only label a month whose column is wide enough for its caption.
        if x1 - x0 >= 6.5 * min(len(caption), 4) + 4:
            shown = caption if x1 - x0 >= 6.5 * len(caption) + 4 else truncate(caption, 3)
            out.append(
                f'<text x="{_n(x0 + 4)}" y="{header - 10}" font-size="11" '
                f'fill="{MUTED_COLOUR}">{_x(shown)}</text>'
            )
    out.append(
        f'<line x1="{_n(x_of(1.0))}" y1="{header - 8}" x2="{_n(x_of(1.0))}" '
        f'y2="{header + rows_h}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    out.append(
        f'<line x1="0" y1="{header}" x2="{width}" y2="{header}" '
        f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )

    max_chars = max(int((label_width - 16) / 6.6), 4)
    for i, row in enumerate(layout.rows):
        top = header + i * row_height
        full = f"{row.task.title} ({format_date(row.task.start)} – {format_date(row.task.end)})"
        out.append(f"<g><title>{_x(full)}</title>")
        out.append(
            f'<text x="8" y="{_n(top + row_height / 2 + 4)}" font-size="12" '
            f'fill="{TEXT_COLOUR}">{_x(truncate(row.task.title, max_chars))}</text>'
        )
        planned_top, planned_h = PLANNED_BAR_WITH_ACTUAL if layout.has_actual else PLANNED_BAR
        out.append(_svg_bar(row.planned, top + planned_top * row_height,
                            planned_h * row_height, x_of, PLANNED_COLOUR))
        if row.actual is not None:
            colour = LATE_COLOUR if row.late else ACTUAL_COLOUR
            out.append(_svg_bar(row.actual, top + ACTUAL_BAR[0] * row_height,
                                ACTUAL_BAR[1] * row_height, x_of, colour))
        out.append("</g>")

    if layout.today_at is not None:
        tx = _n(x_of(layout.today_at))
        out.append(
            f'<line x1="{tx}" y1="{header - 4}" x2="{tx}" y2="{header + rows_h}" '
            f'stroke="{TODAY_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _svg_bar(
    bar: GanttBar, y: float, h: float, x_of: Callable[[float], float], colour: str
) -> str:
    """One bar, at least 4 px wide so a one-day task stays visible; an arrow marks a cut side."""
    x0, x1 = x_of(bar.start), x_of(bar.end)
    if x1 - x0 < 4:
        x0, x1 = (x0 + x1) / 2 - 2, (x0 + x1) / 2 + 2
    parts = [
        f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(x1 - x0)}" height="{_n(h)}" rx="2" '
        f'fill="{colour}"/>'
    ]
    mid, half = y + h / 2, max(h / 2, 3)
    if bar.clipped_start:
        parts.append(
            f'<polygon points="{_n(x0 - 6)},{_n(mid)} {_n(x0)},{_n(mid - half)} '
            f'{_n(x0)},{_n(mid + half)}" fill="{colour}"/>'
        )
    if bar.clipped_end:
        parts.append(
            f'<polygon points="{_n(x1 + 6)},{_n(mid)} {_n(x1)},{_n(mid - half)} '
            f'{_n(x1)},{_n(mid + half)}" fill="{colour}"/>'
        )
    return "".join(parts)
