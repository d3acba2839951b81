"""The final report of an edition for the funder: a multi-page A4 PDF built from plain data.

Like the project sheet, it takes already formatted, plain data (:class:`ReportData`) and knows
neither Flask nor the database: the web layer passes labels in the reader's language and a
``money`` function that formats integer grosze. Totals printed are the caller's exact totals;
percentages and differences are computed here in integers.

The report reads in black and white: an overspent amount is marked with a ▲ sign, bold type and
a hatched bar beyond the plan, not by colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from pb.core.gantt import (
    ACTUAL_COLOUR,
    GRID_COLOUR,
    LATE_COLOUR,
    MUTED_COLOUR,
    PLANNED_COLOUR,
    STRIPE_COLOUR,
    TEXT_COLOUR,
)
from pb.printing import (
    FONT,
    FONT_BOLD,
    PagedCanvas,
    clip_line,
    fit_size,
    image_or_none,
    register_fonts,
)

# Every heading, column name and short phrase printed in the report (key → meaning, example).
REPORT_LABEL_KEYS: dict[str, str] = {
    "report": "the report's name on the cover, e.g. 'Sprawozdanie końcowe'",
    "place": "cover: label of the place, e.g. 'Miejsce'",
    "period": "cover: label of the period, e.g. 'Okres realizacji'",
    "generated_on": "cover: label of the date of printing, e.g. 'Wygenerowano'",
    "key_figures": "heading of the key figures, e.g. 'Najważniejsze liczby'",
    "participants": "key figure: participants, e.g. 'Uczestnicy'",
    "groups": "key figure and table heading: groups, e.g. 'Grupy'",
    "members": "column: members of a group, e.g. 'Osoby'",
    "drafted": "funnel: projects drafted, e.g. 'Przygotowane projekty'",
    "presented": "funnel: projects presented at the debate, e.g. 'Przedstawione na debacie'",
    "chosen": "funnel: projects chosen, e.g. 'Wybrane w głosowaniu'",
    "completed": "funnel: projects completed, e.g. 'Zrealizowane'",
    "ballots": "key figure: ballots cast, and the column of ballots, e.g. 'Oddane głosy'",
    "ballots_by_category": "table heading: ballots by voter category, e.g. 'Głosy według kart'",
    "category": "column: category (of ballots or of costs), e.g. 'Kategoria'",
    "money_summary": "heading of the money in brief, e.g. 'Pieniądze: plan i wykonanie'",
    "projects": "heading of the table of projects, e.g. 'Projekty'",
    "project": "column: project, e.g. 'Projekt'",
    "votes": "column: votes a project got, e.g. 'Głosy'",
    "planned": "column: money planned, e.g. 'Plan'",
    "spent": "column: money spent, e.g. 'Wydano'",
    "difference": "column: spent minus planned, e.g. 'Różnica'",
    "percent": "column: spent as a share of the plan, e.g. '% planu'",
    "percent_value": "a percentage with {value}, e.g. '{value} %'",
    "total": "label of a total row, e.g. 'Razem'",
    "overspent": "legend of the ▲ mark, e.g. 'wydano więcej niż planowano'",
    "by_category": "heading of the costs by budget category, e.g. 'Koszty według kategorii'",
    "details": "heading before the sections of chosen projects, e.g. 'Realizacja projektów'",
    "group": "prefix of a project's group, e.g. 'Grupa'",
    "state": "label of a project's state, e.g. 'Stan'",
    "tasks": "label of tasks done of all, e.g. 'Zadania wykonane'",
    "money": "label of money spent of planned, e.g. 'Wydatki'",
    "own_contribution": "label of own contribution delivered of planned, e.g. 'Wkład własny'",
    "of": "joins a part and its whole: '3 z 7', e.g. 'z'",
    "result": "column: result, e.g. 'Rezultat'",
    "target": "column: target, e.g. 'Cel'",
    "achieved": "column: achieved, e.g. 'Osiągnięto'",
    "story": "heading of the group's closing story, e.g. 'Słowo od grupy'",
    "page": "page number with {page} and {pages}, e.g. 'Strona {page} z {pages}'",
    "empty": "shown in place of an empty table or section, e.g. '(brak)'",
}


@dataclass(frozen=True)
class ReportProject:
    """One project as printed: money in integer grosze, texts already in the reader's language.

    Projects with ``chosen`` false (not chosen at the debate) appear in the table of projects
    only, with the money they asked for greyed and no difference; each chosen project also gets
    its own section. ``planned_grosze`` is the money requested (granted, for a chosen project).
    """

    title: str
    group: str
    state_label: str
    votes: int | None
    planned_grosze: int
    spent_grosze: int
    own_planned_grosze: int
    own_delivered_grosze: int
    results: list[tuple[str, str, str]]  # name, target text, achieved text
    tasks_done: int
    tasks_total: int
    story: str
    photo: bytes | None
    chosen: bool = True


@dataclass(frozen=True)
class ReportData:
    """Everything printed in the report; ``labels`` holds every key of REPORT_LABEL_KEYS."""

    edition_name: str
    place: str
    period: str
    generated_on: str
    labels: dict[str, str]
    participants: int
    groups: list[tuple[str, int]]  # group name, members
    drafted: int
    presented: int
    chosen: int
    completed: int
    ballots: int
    ballots_by_category: list[tuple[str, int]]
    projects: list[ReportProject]
    by_category: list[tuple[str, int, int]]  # category label, planned, spent
    planned_total: int
    spent_total: int
    money: Callable[[int], str]
    footer: str


PAGE_W, PAGE_H = A4
MARGIN_X = 15 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

ACCENT = HexColor(PLANNED_COLOUR)
GOOD = HexColor(ACTUAL_COLOUR)
WARN = HexColor(LATE_COLOUR)
TEXT = HexColor(TEXT_COLOUR)
MUTED = HexColor(MUTED_COLOUR)
GRID = HexColor(GRID_COLOUR)
STRIPE = HexColor(STRIPE_COLOUR)
PANEL = HexColor("#eaf0f6")
TRACK = HexColor("#dde3ea")
WHITE = HexColor("#ffffff")
OVER_MARK = "▲"
MINUS = "\u2212"


def final_report_pdf(data: ReportData) -> bytes:
    """The edition's final report as an A4 portrait PDF of as many pages as it needs.

    Raises ``ValueError`` when ``data.labels`` lacks a key of :data:`REPORT_LABEL_KEYS`.
    """
    missing = sorted(set(REPORT_LABEL_KEYS) - set(data.labels))
    if missing:
        raise ValueError(f"missing report labels: {', '.join(missing)}")
    register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{data.labels['report']} — {data.edition_name}",
        subject=data.edition_name,
        author=data.place,
        creator="pb",
    )
    story = _story(data, styles)
    document.build(story, canvasmaker=_canvas_maker(data))
    return buffer.getvalue()


# --- numbers ------------------------------------------------------------------------------------


def percent(spent: int, planned: int) -> int | None:
    """``spent`` as a whole percentage of ``planned``, rounded half up; None without a plan."""
    if planned <= 0:
        return None
    return (spent * 200 + planned) // (planned * 2)


def signed_money(money: Callable[[int], str], grosze: int) -> str:
    """A difference with an explicit sign: ``+9,57 zł``, ``−66,63 zł``, ``0,00 zł``."""
    if grosze == 0:
        return money(0)
    return ("+" if grosze > 0 else MINUS) + money(abs(grosze))


# --- styles -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_right_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    story: ParagraphStyle


def _styles() -> _Styles:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=13, textColor=TEXT)
    cell = ParagraphStyle("cell", base, fontSize=8.5, leading=10.8)
    head = ParagraphStyle("head", cell, fontName=FONT_BOLD, fontSize=8, textColor=ACCENT)
    return _Styles(
        body=base,
        small=ParagraphStyle("small", base, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", base, fontSize=8.5, leading=11, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", cell, fontName=FONT_BOLD),
        cell_right=ParagraphStyle("cell_right", cell, alignment=TA_RIGHT),
        cell_right_bold=ParagraphStyle("cell_right_bold", cell, alignment=TA_RIGHT,
                                       fontName=FONT_BOLD),
        cell_muted=ParagraphStyle("cell_muted", cell, fontSize=7.5, leading=9.5,
                                  textColor=MUTED),
        head=head,
        head_right=ParagraphStyle("head_right", head, alignment=TA_RIGHT),
        h1=ParagraphStyle("h1", base, fontName=FONT_BOLD, fontSize=14, leading=18,
                          textColor=ACCENT, spaceBefore=0, spaceAfter=0),
        h2=ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                          textColor=TEXT),
        story=ParagraphStyle("story", base, fontSize=9.5, leading=14, textColor=TEXT),
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(" ".join(str(text).split())), style)


# --- page furniture -----------------------------------------------------------------------------


def _canvas_maker(data: ReportData) -> type[Canvas]:
    """A canvas that knows the page count when it draws the footer ("page 2 of 5")."""
    labels = data.labels

    class _ReportCanvas(PagedCanvas):
        def _furniture(self, number: int, total: int) -> None:
            x0, x1 = MARGIN_X, PAGE_W - MARGIN_X
            self.saveState()
            y = MARGIN_BOTTOM - 7 * mm
            self.setStrokeColor(GRID)
            self.setLineWidth(0.5)
            self.line(x0, y + 4.5 * mm, x1, y + 4.5 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            page_text = _page_text(labels["page"], number, total)
            page_w = stringWidth(page_text, FONT, 7.5)
            self.drawRightString(x1, y + 1 * mm, page_text)
            self.drawString(x0, y + 1 * mm,
                            clip_line(data.footer, FONT, 7.5, CONTENT_W - page_w - 8 * mm))
            if number > 1:
                # A running head so a loose page still says what it belongs to.
                self.setFont(FONT, 7.5)
                head = f"{labels['report']} · {data.edition_name}"
                self.drawString(x0, PAGE_H - MARGIN_TOP + 5 * mm,
                                clip_line(head, FONT, 7.5, CONTENT_W))
                self.line(x0, PAGE_H - MARGIN_TOP + 3.5 * mm, x1, PAGE_H - MARGIN_TOP + 3.5 * mm)
            self.restoreState()

    return _ReportCanvas


def _page_text(label: str, number: int, total: int) -> str:
    """``'Strona {page} z {pages}'`` filled in; a label without ``{page}`` gets ``3/7`` after it."""
    if "{page}" not in label:
        return f"{label} {number}/{total}".strip()
    return label.replace("{page}", str(number)).replace("{pages}", str(total))


# --- drawn pieces -------------------------------------------------------------------------------


class _Cover(Flowable):
    """The band at the top of the first page: report name, edition, place, period, date."""

    def __init__(self, data: ReportData) -> None:
        super().__init__()
        self.data = data
        self.width = CONTENT_W
        self.height = 46 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, d, labels = self.canv, self.data, self.data.labels
        w, h = self.width, self.height
        c.setFillColor(ACCENT)
        c.roundRect(0, 0, w, h, 2.5 * mm, stroke=0, fill=1)
        pad = 7 * mm
        c.setFillColor(HexColor("#c9d7e6"))
        c.setFont(FONT_BOLD, 9.5)
        c.drawString(pad, h - pad - 6, clip_line(labels["report"].upper(), FONT_BOLD, 9.5,
                                             w - 2 * pad))
        c.setFillColor(WHITE)
        name = d.edition_name
        size = fit_size(name, FONT_BOLD, 22, 13, w - 2 * pad)
        c.setFont(FONT_BOLD, size)
        c.drawString(pad, h - pad - 10 - size, clip_line(name, FONT_BOLD, size, w - 2 * pad))
        rows = [(labels["place"], d.place), (labels["period"], d.period),
                (labels["generated_on"], d.generated_on)]
        label_w = max(stringWidth(k, FONT, 8.5) for k, _ in rows) + 4 * mm
        y = pad - 1
        for key, value in reversed(rows):
            c.setFillColor(HexColor("#c9d7e6"))
            c.setFont(FONT, 8.5)
            c.drawString(pad, y, key)
            c.setFillColor(WHITE)
            c.setFont(FONT_BOLD, 9.5)
            c.drawString(pad + label_w, y, clip_line(value, FONT_BOLD, 9.5, w - 2 * pad - label_w))
            y += 13


class _Bar(Flowable):
    """``value`` against ``plan`` as a bar; past the plan the bar is hatched (``warn``) or green.

    The plan is a tick on the track, so over and under read without colour.
    """

    def __init__(self, value: int, plan: int, width: float, height: float = 6.5,
                 warn: bool = True, colour: Color = ACCENT) -> None:
        super().__init__()
        self.value, self.plan, self.warn, self.colour = value, plan, warn, colour
        self.width, self.height = width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        value, plan = max(self.value, 0), max(self.plan, 0)
        scale = max(value, plan)
        c.setFillColor(TRACK)
        c.rect(0, 0, w, h, stroke=0, fill=1)
        if scale == 0:
            return
        plan_x = w * plan / scale
        done_x = w * min(value, plan) / scale
        c.setFillColor(self.colour)
        c.rect(0, 0, done_x, h, stroke=0, fill=1)
        if value > plan:
            over_x = w * value / scale
            c.setFillColor(WARN if self.warn else GOOD)
            c.rect(plan_x, 0, over_x - plan_x, h, stroke=0, fill=1)
            if self.warn:
                c.saveState()
                path = c.beginPath()
                path.rect(plan_x, 0, over_x - plan_x, h)
                c.clipPath(path, stroke=0, fill=0)
                c.setStrokeColor(WHITE)
                c.setLineWidth(0.9)
                x = plan_x - h
                while x < over_x:
                    c.line(x, 0, x + h, h)
                    x += 2.6
                c.restoreState()
        if 0 < plan_x < w:
            c.setStrokeColor(TEXT)
            c.setLineWidth(1.1)
            c.line(plan_x, -1.5, plan_x, h + 1.5)


class _PercentCell(Flowable):
    """A table cell: a small bar of spent against planned and the percentage beside it."""

    def __init__(self, spent: int, planned: int, text: str, over: bool, width: float) -> None:
        super().__init__()
        self.spent, self.planned, self.text, self.over = spent, planned, text, over
        self.width, self.height = width, 9

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        text_w = 15 * mm
        bar_w = self.width - text_w - 1.5 * mm
        bar = _Bar(self.spent, self.planned, bar_w, 5.5)
        bar.canv = c
        c.saveState()
        c.translate(0, 1.6)
        bar.draw()
        c.restoreState()
        font = FONT_BOLD if self.over else FONT
        c.setFillColor(TEXT)
        c.setFont(font, 8)
        c.drawRightString(self.width, 1.5, self.text)


class _Funnel(Flowable):
    """Projects drafted → presented → chosen → completed, as bars shrinking down the page."""

    def __init__(self, steps: list[tuple[str, int]], width: float) -> None:
        super().__init__()
        self.steps = steps
        self.width = width
        self.row = 15
        self.height = self.row * len(steps)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        # Labels keep their size while they fit in 60 % of the width, then shrink a little.
        room = self.width * 0.6
        longest = max((k for k, _ in self.steps), key=lambda k: stringWidth(k, FONT, 8.5))
        size = fit_size(longest, FONT, 8.5, 7, room - 3 * mm, step=0.25)
        label_w = min(stringWidth(longest, FONT, size) + 3 * mm, room)
        bar_room = self.width - label_w - 12 * mm
        top = max((v for _, v in self.steps), default=0) or 1
        shades = [HexColor("#9db4cc"), HexColor("#5f86ad"), ACCENT, GOOD]
        for i, (label, value) in enumerate(self.steps):
            y = self.height - (i + 1) * self.row + 3
            c.setFillColor(TEXT)
            c.setFont(FONT, size)
            c.drawString(0, y + 1.5, clip_line(label, FONT, size, label_w - 3 * mm))
            w = bar_room * value / top
            if value > 0:
                c.setFillColor(shades[i % len(shades)])
                c.rect(label_w, y, w, 10, stroke=0, fill=1)
            c.setFillColor(TEXT)
            c.setFont(FONT_BOLD, 9.5)
            c.drawString(label_w + w + 2 * mm, y + 1.5, str(value))


class _Tile(Flowable):
    """A key figure: a big number over its label, on a light panel."""

    def __init__(self, value: str, label: str, width: float) -> None:
        super().__init__()
        self.value, self.label = value, label
        self.width, self.height = width, 17 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(PANEL)
        c.roundRect(0, 0, self.width, self.height, 2 * mm, stroke=0, fill=1)
        size = fit_size(self.value, FONT_BOLD, 19, 10, self.width - 6 * mm)
        c.setFillColor(ACCENT)
        c.setFont(FONT_BOLD, size)
        c.drawString(3 * mm, self.height - 3 * mm - size * 0.8, self.value)
        c.setFillColor(TEXT)
        c.setFont(FONT, 8)
        c.drawString(3 * mm, 3.2 * mm, clip_line(self.label, FONT, 8, self.width - 6 * mm))


# --- sections -----------------------------------------------------------------------------------


def _heading(text: str, styles: _Styles) -> list[Flowable]:
    rule = Table([[""]], colWidths=[CONTENT_W], rowHeights=[1])
    rule.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, -1), 1, ACCENT),
                              ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [CondPageBreak(45 * mm), _p(text, styles.h1), Spacer(1, 1.2 * mm), rule,
            Spacer(1, 2.5 * mm)]


def _story(data: ReportData, styles: _Styles) -> list[Flowable]:
    flow: list[Flowable] = [_Cover(data), Spacer(1, 7 * mm)]
    flow += _key_figures(data, styles)
    flow += _projects_table(data, styles)
    flow += _category_table(data, styles)
    chosen = [p for p in data.projects if p.chosen]
    if chosen:
        flow += _heading(data.labels["details"], styles)
        for i, project in enumerate(chosen):
            flow += _project_section(project, data, styles, first=i == 0)
    return flow


def _key_figures(data: ReportData, styles: _Styles) -> list[Flowable]:
    labels = data.labels
    flow = _heading(labels["key_figures"], styles)
    gap = 4 * mm
    tile_w = (CONTENT_W - 2 * gap) / 3
    tiles = Table(
        [[_Tile(str(data.participants), labels["participants"], tile_w),
          _Tile(str(len(data.groups)), labels["groups"], tile_w),
          _Tile(str(data.ballots), labels["ballots"], tile_w)]],
        colWidths=[tile_w + gap, tile_w + gap, tile_w],
    )
    tiles.setStyle(_flat())
    flow += [tiles, Spacer(1, 5 * mm)]

    # The funnel beside the money in brief.
    left_w = CONTENT_W * 0.5
    right_w = CONTENT_W - left_w - 6 * mm
    funnel = _Funnel([(labels["drafted"], data.drafted), (labels["presented"], data.presented),
                      (labels["chosen"], data.chosen), (labels["completed"], data.completed)],
                     left_w)
    money = _money_summary(data, styles, right_w)
    pair = Table([[funnel, money]], colWidths=[left_w + 6 * mm, right_w])
    pair.setStyle(_flat())
    flow += [pair, Spacer(1, 5 * mm)]

    # Groups and ballots by category, side by side.
    half = (CONTENT_W - 6 * mm) / 2
    groups = _simple_table(
        [labels["groups"], labels["members"]],
        [(name, str(count)) for name, count in data.groups],
        [half - 22 * mm, 22 * mm], styles, labels["empty"],
    )
    ballots = _simple_table(
        [labels["ballots_by_category"], labels["ballots"]],
        [(name, str(count)) for name, count in data.ballots_by_category],
        [half - 28 * mm, 28 * mm], styles, labels["empty"],
        total=(labels["total"], str(data.ballots)) if data.ballots_by_category else None,
    )
    tables = Table([[groups, ballots]], colWidths=[half + 6 * mm, half])
    tables.setStyle(_flat())
    flow += [tables, Spacer(1, 4 * mm)]
    return flow


def _money_summary(data: ReportData, styles: _Styles, width: float) -> Table:
    labels, money = data.labels, data.money
    diff = data.spent_total - data.planned_total
    share = percent(data.spent_total, data.planned_total)
    over = diff > 0
    share_text = "—" if share is None else labels["percent_value"].replace("{value}",
                                                                            str(share))
    if over:
        share_text = f"{OVER_MARK} {share_text}"
    value_style = styles.cell_right_bold
    rows = [
        [_p(labels["money_summary"], styles.head), ""],
        [_p(labels["planned"], styles.cell), _p(money(data.planned_total), value_style)],
        [_p(labels["spent"], styles.cell), _p(money(data.spent_total), value_style)],
        [_p(labels["difference"], styles.cell),
         _p(signed_money(money, diff), value_style if over else styles.cell_right)],
        [_Bar(data.spent_total, data.planned_total, width * 0.62 - 4 * mm, 8),
         _p(share_text, value_style)],
    ]
    table = Table(rows, colWidths=[width * 0.62, width * 0.38])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("SPAN", (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 * mm),
        ("TOPPADDING", (0, -1), (-1, -1), 2 * mm),
    ]))
    return table


def _flat() -> TableStyle:
    return TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])


def _simple_table(
    header: list[str], rows: list[tuple[str, str]], widths: list[float], styles: _Styles,
    empty: str, total: tuple[str, str] | None = None,
) -> Table:
    body: list[list] = [[_p(header[0], styles.head), _p(header[1], styles.head_right)]]
    for name, value in rows:
        body.append([_p(name, styles.cell), _p(value, styles.cell_right)])
    if not rows:
        body.append([_p(empty, styles.cell_muted), ""])
    if total:
        body.append([_p(total[0], styles.cell_bold), _p(total[1], styles.cell_right_bold)])
    table = Table(body, colWidths=widths, repeatRows=1)
    commands = _grid_commands(len(body), has_total=bool(total))
    table.setStyle(TableStyle(commands))
    return table


def _grid_commands(n_rows: int, has_total: bool) -> list:
    commands: list = [
        ("BACKGROUND", (0, 0), (-1, 0), PANEL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.8 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
    ]
    last_body = n_rows - (2 if has_total else 1)
    for i in range(2, last_body + 1, 2):
        commands.append(("BACKGROUND", (0, i), (-1, i), STRIPE))
    if has_total:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.9, ACCENT))
    else:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.5, GRID))
    return commands


def _money_columns(
    planned: int, spent: int, data: ReportData, styles: _Styles, pct_w: float, bold: bool = False
) -> list:
    """The planned, spent, difference and percentage cells of one row."""
    money, labels = data.money, data.labels
    diff = spent - planned
    over = diff > 0
    share = percent(spent, planned)
    share_text = "—" if share is None else labels["percent_value"].replace("{value}",
                                                                            str(share))
    diff_text = signed_money(money, diff)
    if over:
        diff_text = f"{OVER_MARK} {diff_text}"
    plain = styles.cell_right_bold if bold else styles.cell_right
    return [
        _p(money(planned), plain),
        _p(money(spent), plain),
        _p(diff_text, styles.cell_right_bold if over or bold else styles.cell_right),
        _PercentCell(spent, planned, f"{OVER_MARK} {share_text}" if over else share_text, over,
                     pct_w),
    ]


def _projects_table(data: ReportData, styles: _Styles) -> list[Flowable]:
    labels = data.labels
    flow = _heading(labels["projects"], styles)
    widths = [0.28, 0.075, 0.155, 0.155, 0.155, 0.18]
    cols = [w * CONTENT_W for w in widths]
    pct_w = cols[5] - 3.6 * mm
    body: list[list] = [[
        _p(labels["project"], styles.head), _p(labels["votes"], styles.head_right),
        _p(labels["planned"], styles.head_right), _p(labels["spent"], styles.head_right),
        _p(labels["difference"], styles.head_right), _p(labels["percent"], styles.head_right),
    ]]
    any_over = data.spent_total > data.planned_total
    for project in data.projects:
        sub = " · ".join(x for x in (project.group, project.state_label) if x)
        title_cell = [_p(project.title, styles.cell_bold)]
        if sub:
            title_cell.append(_p(sub, styles.cell_muted))
        votes = "—" if project.votes is None else str(project.votes)
        if project.chosen:
            money_cells = _money_columns(project.planned_grosze, project.spent_grosze, data,
                                         styles, pct_w)
            any_over = any_over or project.spent_grosze > project.planned_grosze
        else:
            # Not chosen: the money asked for, greyed; nothing was granted, spent or left.
            muted = ParagraphStyle("muted_right", styles.cell_right, textColor=MUTED)
            money_cells = [_p(data.money(project.planned_grosze), muted), _p("—", muted),
                           _p("—", muted), ""]
        body.append([title_cell, _p(votes, styles.cell_right), *money_cells])
    if not data.projects:
        body.append([_p(labels["empty"], styles.cell_muted), "", "", "", "", ""])
    body.append([_p(labels["total"], styles.cell_bold), "",
                 *_money_columns(data.planned_total, data.spent_total, data, styles, pct_w,
                                 bold=True)])
    table = Table(body, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle(_grid_commands(len(body), has_total=True)))
    flow.append(table)
    if any_over:
        flow += [Spacer(1, 1.5 * mm), _p(f"{OVER_MARK} {labels['overspent']}", styles.muted)]
    flow.append(Spacer(1, 5 * mm))
    return flow


def _category_table(data: ReportData, styles: _Styles) -> list[Flowable]:
    labels = data.labels
    widths = [0.34, 0.17, 0.17, 0.14, 0.18]
    cols = [w * CONTENT_W for w in widths]
    pct_w = cols[4] - 3.6 * mm
    body: list[list] = [[
        _p(labels["category"], styles.head), _p(labels["planned"], styles.head_right),
        _p(labels["spent"], styles.head_right), _p(labels["difference"], styles.head_right),
        _p(labels["percent"], styles.head_right),
    ]]
    any_over = False
    for name, planned, spent in data.by_category:
        body.append([_p(name, styles.cell), *_money_columns(planned, spent, data, styles, pct_w)])
        any_over = any_over or spent > planned
    if not data.by_category:
        body.append([_p(labels["empty"], styles.cell_muted), "", "", "", ""])
    else:
        planned = sum(p for _, p, _ in data.by_category)
        spent = sum(s for _, _, s in data.by_category)
        body.append([_p(labels["total"], styles.cell_bold),
                     *_money_columns(planned, spent, data, styles, pct_w, bold=True)])
    table = Table(body, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle(_grid_commands(len(body), has_total=bool(data.by_category))))
    flow = _heading(labels["by_category"], styles)
    flow.append(table)
    if any_over:
        flow += [Spacer(1, 1.5 * mm), _p(f"{OVER_MARK} {labels['overspent']}", styles.muted)]
    flow.append(Spacer(1, 5 * mm))
    return flow


def _project_section(
    project: ReportProject, data: ReportData, styles: _Styles, first: bool
) -> list:
    labels, money = data.labels, data.money
    photo = image_or_none(project.photo)
    photo_w = 52 * mm if photo is not None else 0
    facts_w = CONTENT_W - (photo_w + 6 * mm if photo is not None else 0)

    head = Table(
        [[_p(project.title, styles.h2)],
         [_p(" · ".join(x for x in (
             f"{labels['group']}: {project.group}" if project.group else "",
             f"{labels['state']}: {project.state_label}" if project.state_label else "",
         ) if x), styles.muted)]],
        colWidths=[CONTENT_W],
    )
    head.setStyle(TableStyle([
        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))

    label_w = 30 * mm
    bar_w = min(facts_w - label_w - 66 * mm - 3 * mm, 50 * mm)
    text_w = facts_w - label_w - bar_w - 3 * mm
    over = project.spent_grosze > project.planned_grosze
    money_text = f"{money(project.spent_grosze)} {labels['of']} {money(project.planned_grosze)}"
    share = percent(project.spent_grosze, project.planned_grosze)
    if share is not None:
        money_text += f" ({labels['percent_value'].replace('{value}', str(share))})"
    if over:
        money_text = f"{OVER_MARK} {money_text}"
    rows = [
        [_p(labels["tasks"], styles.cell),
         _Bar(project.tasks_done, project.tasks_total, bar_w, colour=GOOD, warn=False),
         _p(f"{project.tasks_done} {labels['of']} {project.tasks_total}", styles.cell_bold)],
        [_p(labels["money"], styles.cell),
         _Bar(project.spent_grosze, project.planned_grosze, bar_w),
         _p(money_text, styles.cell_bold)],
        [_p(labels["own_contribution"], styles.cell),
         _Bar(project.own_delivered_grosze, project.own_planned_grosze, bar_w, colour=GOOD,
              warn=False),
         _p(f"{money(project.own_delivered_grosze)} {labels['of']} "
            f"{money(project.own_planned_grosze)}", styles.cell_bold)],
    ]
    facts = Table(rows, colWidths=[label_w, bar_w + 3 * mm, text_w])
    facts.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (2, 0), (2, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
    ]))
    results = _results_table(project, labels, styles, facts_w)
    left: list[Flowable] = [facts, Spacer(1, 3 * mm), results]

    if photo is not None:
        iw, ih = photo.getSize()
        ratio = min(photo_w / iw, 52 * mm / ih)
        image = Image(io.BytesIO(project.photo or b""), iw * ratio, ih * ratio)
        body = Table([[left, image]], colWidths=[facts_w + 6 * mm, photo_w])
        body.setStyle(_flat())
        body.setStyle(TableStyle([("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    else:
        body = Table([[left]], colWidths=[CONTENT_W])
        body.setStyle(_flat())

    # The whole section stays on one page when it fits; the heading never stays alone.
    parts: list = [head, Spacer(1, 3 * mm), body]
    if project.story.strip():
        story = Table(
            [[_p(labels["story"], styles.head)], [_p(project.story, styles.story)]],
            colWidths=[CONTENT_W],
        )
        story.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
            ("LINEBEFORE", (0, 0), (0, -1), 2, GOOD),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
        ]))
        parts += [Spacer(1, 3 * mm), story]
    # The gap before a section is dropped at the top of a page (reportlab drops spaceBefore
    # there), so a new page starts at its margin.
    head.spaceBefore = 2 * mm if first else 7 * mm
    return [CondPageBreak(70 * mm), KeepTogether(parts)]


def _results_table(
    project: ReportProject, labels: dict[str, str], styles: _Styles, width: float
) -> Table:
    cols = [width * 0.56, width * 0.22, width * 0.22]
    body: list[list] = [[_p(labels["result"], styles.head), _p(labels["target"],
                                                                 styles.head_right),
                         _p(labels["achieved"], styles.head_right)]]
    for name, target, achieved in project.results:
        body.append([_p(name, styles.cell), _p(target, styles.cell_right),
                     _p(achieved, styles.cell_right_bold)])
    if not project.results:
        body.append([_p(labels["empty"], styles.cell_muted), "", ""])
    table = Table(body, colWidths=cols, repeatRows=1)
    table.setStyle(TableStyle(_grid_commands(len(body), has_total=False)))
    return table
