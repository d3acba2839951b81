"""„Mapa zasobów i potrzeb”: the diagnosis as an A4 PDF for the MOPS and the city's officials.

A title page (edition, district, date) with the counts — needs by state, by category and by
source, resources by kind; the plan with every pin at its place (on a landscape page when the
plan is wider than tall), drawn with the web map's shapes — a need is a circle, a resource a
square, a project a diamond, each with its number — and a legend; then the needs by category
(what, where, who and how many, evidence and its source, state, support, the public projects
answering it) and the resources by kind (never their contact). Long texts are paragraphs that
wrap and run on to the next page.

:func:`render` takes plain data already in the reader's language and knows no database;
:func:`map_pdf` gathers it for an edition.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from pb.core.plan import COLUMN_LETTERS, GRID_COLUMNS, GRID_ROWS, SCALE
from pb.diagnosis.mapping import MapPin, PinKind
from pb.printing import (
    FONT,
    FONT_BOLD,
    PagedCanvas,
    clip_line,
    fit_size,
    image_or_none,
    register_fonts,
)

# Every heading and phrase printed (key → meaning, example).
LABEL_KEYS: dict[str, str] = {
    "title": "the document's name, e.g. 'Mapa zasobów i potrzeb'",
    "district": "cover: label of the district, e.g. 'Dzielnica'",
    "generated_on": "cover: label of the date, e.g. 'Stan na dzień'",
    "counts": "heading of the counts, e.g. 'W liczbach'",
    "needs_by_state": "table heading, e.g. 'Potrzeby według stanu'",
    "needs_by_category": "table heading, e.g. 'Potrzeby według kategorii'",
    "needs_by_source": "table heading, e.g. 'Potrzeby według źródła'",
    "resources_by_kind": "table heading, e.g. 'Zasoby według rodzaju'",
    "total": "a total row, e.g. 'Razem'",
    "map": "heading of the map page, e.g. 'Plan dzielnicy'",
    "no_plan": "instead of the map, e.g. 'Ta edycja nie ma planu dzielnicy…'",
    "need": "legend: a need, e.g. 'potrzeba'",
    "resource": "legend: a resource, e.g. 'zasób'",
    "project": "legend: a project, e.g. 'projekt'",
    "chosen": "legend: a project chosen in the vote, e.g. 'projekt wybrany w głosowaniu'",
    "not_pinned": "under the map: how many are not on it, {count}",
    "needs": "heading of the needs, e.g. 'Potrzeby'",
    "no_category": "the needs without a category, e.g. 'Bez kategorii'",
    "where": "a need's place, e.g. 'Gdzie'",
    "affected": "who is affected, e.g. 'Kogo dotyczy'",
    "people": "how many, with {count}, e.g. 'ok. {count} osób'",
    "evidence": "a need's evidence, e.g. 'Skąd wiemy'",
    "source": "the source, e.g. 'Źródło'",
    "noted_on": "date noted, e.g. 'Zapisano'",
    "state": "a need's state, e.g. 'Stan'",
    "closing_note": "why it was closed, e.g. 'Powód zamknięcia'",
    "support": "residents who said me too, e.g. 'Poparcie mieszkańców'",
    "answered_by": "projects answering a need, e.g. 'Odpowiadają na nią projekty'",
    "no_project": "no public project answers it, e.g. 'jeszcze żaden projekt'",
    "place_on_plan": "the pin's grid cell, e.g. 'Na planie'",
    "resources": "heading of the resources, e.g. 'Zasoby'",
    "offers": "what a resource offers, e.g. 'Co oferuje'",
    "category": "a category, e.g. 'Kategoria'",
    "none": "an empty list, e.g. '(brak)'",
    "page": "page number with {page} and {pages}, e.g. 'Strona {page} z {pages}'",
}


@dataclass(frozen=True)
class NeedEntry:
    number: int
    title: str
    description: str
    place: str
    affected: str
    affected_count: int | None
    evidence: str
    source: str
    noted_on: str
    state: str
    closing_note: str
    support_count: int
    projects: list[str]  # "2. Title" of each public project answering it
    cell: str = ""


@dataclass(frozen=True)
class ResourceEntry:
    number: int
    name: str
    offers: str
    place: str
    category: str
    cell: str = ""


@dataclass(frozen=True)
class MapData:
    """Everything printed, already in the reader's language; ``labels`` has every LABEL_KEYS."""

    edition_name: str
    district: str
    generated_on: str
    labels: dict[str, str]
    needs_by_category: list[tuple[str, list[NeedEntry]]]
    resources_by_kind: list[tuple[str, list[ResourceEntry]]]
    counts_by_state: list[tuple[str, int]]
    counts_by_category: list[tuple[str, int]]
    counts_by_source: list[tuple[str, int]]
    counts_by_kind: list[tuple[str, int]]
    plan_image: bytes | None = None
    plan_size: tuple[int, int] = (1, 1)
    pins: list[MapPin] = field(default_factory=list)
    not_pinned: int = 0
    footer: str = ""


# --- look ------------------------------------------------------------------------------------

TEXT = HexColor("#1f2933")
MUTED = HexColor("#52606d")
ACCENT = HexColor("#1d4e89")
GRID = HexColor("#c5cdd6")
PANEL = HexColor("#eaf0f6")
WHITE = HexColor("#ffffff")
# The web map's colours; the shape, not the colour, tells the kind.
PIN_COLOURS = {
    PinKind.NEED: HexColor("#b42318"),
    PinKind.RESOURCE: HexColor("#1a7f37"),
    PinKind.PROJECT: HexColor("#1d4e89"),
}
CHOSEN_RING = HexColor("#b7791f")

MARGIN = 15 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5, textColor=TEXT)
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, textColor=MUTED),
        "h1": ParagraphStyle("h1", base, fontName=FONT_BOLD, fontSize=15, leading=19,
                             textColor=ACCENT, spaceAfter=4),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=12, leading=15,
                             textColor=ACCENT, spaceBefore=8, spaceAfter=3),
        "item": ParagraphStyle("item", base, fontName=FONT_BOLD, fontSize=10.5, leading=13.5,
                               spaceBefore=6, spaceAfter=1),
        "line": ParagraphStyle("line", base, leftIndent=8 * mm, spaceAfter=1),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=10.5),
        "cell_bold": ParagraphStyle("cell_bold", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5),
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _text(value: str) -> str:
    """Escaped for a Paragraph; line breaks kept."""
    return "<br/>".join(escape(" ".join(line.split())) for line in str(value).splitlines()
                        if line.strip())


# --- drawn pieces ----------------------------------------------------------------------------


class _Cover(Flowable):
    """The band at the top of the first page: the document's name, edition, district, date."""

    def __init__(self, data: MapData, width: float) -> None:
        super().__init__()
        self.data, self.width, self.height = data, width, 44 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, d, labels = self.canv, self.data, self.data.labels
        w, h, pad = self.width, self.height, 7 * mm
        c.setFillColor(ACCENT)
        c.roundRect(0, 0, w, h, 2.5 * mm, stroke=0, fill=1)
        c.setFillColor(HexColor("#c9d7e6"))
        c.setFont(FONT_BOLD, 10)
        c.drawString(pad, h - pad - 7, clip_line(labels["title"].upper(), FONT_BOLD, 10,
                                                 w - 2 * pad))
        size = fit_size(d.edition_name, FONT_BOLD, 22, 13, w - 2 * pad)
        c.setFillColor(WHITE)
        c.setFont(FONT_BOLD, size)
        c.drawString(pad, h - pad - 12 - size,
                     clip_line(d.edition_name, FONT_BOLD, size, w - 2 * pad))
        rows = [(labels["district"], d.district), (labels["generated_on"], d.generated_on)]
        label_w = max(stringWidth(k, FONT, 9) for k, _ in rows) + 4 * mm
        y = pad - 1
        for key, value in reversed(rows):
            c.setFillColor(HexColor("#c9d7e6"))
            c.setFont(FONT, 9)
            c.drawString(pad, y, key)
            c.setFillColor(WHITE)
            c.setFont(FONT_BOLD, 10)
            c.drawString(pad + label_w, y,
                         clip_line(value, FONT_BOLD, 10, w - 2 * pad - label_w))
            y += 14


def draw_pin(c: Canvas, kind: PinKind, x: float, y: float, r: float, number: str = "",
             chosen: bool = False) -> None:
    """One pin centred at (x, y): circle (need), square (resource), diamond (project), its
    number in white inside; a chosen project gets a gold ring."""
    c.saveState()
    if chosen:
        c.setStrokeColor(CHOSEN_RING)
        c.setLineWidth(2.2)
        c.circle(x, y, r * 1.55, stroke=1, fill=0)
    c.setFillColor(PIN_COLOURS[kind])
    c.setStrokeColor(WHITE)
    c.setLineWidth(1)
    if kind == PinKind.NEED:
        c.circle(x, y, r, stroke=1, fill=1)
    elif kind == PinKind.RESOURCE:
        side = r * 1.75
        c.rect(x - side / 2, y - side / 2, side, side, stroke=1, fill=1)
    else:
        d = r * 1.3
        path = c.beginPath()
        path.moveTo(x, y + d)
        path.lineTo(x + d, y)
        path.lineTo(x, y - d)
        path.lineTo(x - d, y)
        path.close()
        c.drawPath(path, stroke=1, fill=1)
    if number:
        size = fit_size(number, FONT_BOLD, r * 1.15, 4, r * 1.7, step=0.25)
        c.setFillColor(WHITE)
        c.setFont(FONT_BOLD, size)
        c.drawCentredString(x, y - size * 0.36, number)
    c.restoreState()


class _Map(Flowable):
    """The plan as large as the frame allows, the pins at their places, a legend under it."""

    LEGEND_H = 12 * mm

    def __init__(self, data: MapData, reader) -> None:
        super().__init__()
        self.data, self.reader = data, reader
        self.width = self.height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        pw, ph = self.data.plan_size
        room_h = avail_height - self.LEGEND_H - 12  # and the grid's letters above
        scale = min((avail_width - 24) / pw, room_h / ph)  # and its numbers at the left
        self.img_w, self.img_h = pw * scale, ph * scale
        # Room for the grid's letters above the picture.
        self.width, self.height = avail_width, self.img_h + self.LEGEND_H + 12
        return self.width, self.height

    def _grid(self, x0: float, y0: float) -> None:
        """The plan's grid (A–J across, 1–10 down), faint, with its letters and numbers
        outside the picture: the cells the lists name ("On the plan: C5")."""
        c, w, h = self.canv, self.img_w, self.img_h
        c.saveState()
        c.setStrokeColor(HexColor("#5a6b7d"))
        c.setStrokeAlpha(0.35)
        c.setLineWidth(0.4)
        c.setDash(2, 2)
        for i in range(1, GRID_COLUMNS):
            c.line(x0 + w * i / GRID_COLUMNS, y0, x0 + w * i / GRID_COLUMNS, y0 + h)
        for i in range(1, GRID_ROWS):
            c.line(x0, y0 + h * i / GRID_ROWS, x0 + w, y0 + h * i / GRID_ROWS)
        c.restoreState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.6)
        c.rect(x0, y0, w, h, stroke=1, fill=0)
        c.setFillColor(MUTED)
        c.setFont(FONT, 7)
        for i, letter in enumerate(COLUMN_LETTERS):
            c.drawCentredString(x0 + w * (i + 0.5) / GRID_COLUMNS, y0 + h + 2, letter)
        for i in range(GRID_ROWS):
            c.drawRightString(x0 - 2.5, y0 + h - h * (i + 0.5) / GRID_ROWS - 2.5, str(i + 1))

    def draw(self) -> None:
        c, labels = self.canv, self.data.labels
        x0 = (self.width - self.img_w) / 2
        y0 = self.LEGEND_H
        c.drawImage(self.reader, x0, y0, self.img_w, self.img_h)
        self._grid(x0, y0)
        r = max(5.5, min(8.5, self.img_w / 90))
        order = {PinKind.RESOURCE: 0, PinKind.NEED: 1, PinKind.PROJECT: 2}
        for pin in sorted(self.data.pins, key=lambda p: order[p.kind]):
            x = x0 + self.img_w * pin.point.x / SCALE
            y = y0 + self.img_h * (1 - pin.point.y / SCALE)
            draw_pin(c, pin.kind, x, y, r, str(pin.number), pin.chosen)
        # The legend: shape, colour and word together.
        items = [(PinKind.NEED, labels["need"], False),
                 (PinKind.RESOURCE, labels["resource"], False),
                 (PinKind.PROJECT, labels["project"], False)]
        if any(p.chosen for p in self.data.pins):
            items.append((PinKind.PROJECT, labels["chosen"], True))
        x, y = x0, self.LEGEND_H / 2 + 1
        c.setFont(FONT, 9)
        for kind, word, chosen in items:
            draw_pin(c, kind, x + 7, y, 5.5, "", chosen)
            c.setFillColor(TEXT)
            c.setFont(FONT, 9)
            c.drawString(x + 17, y - 3, word)
            x += 17 + stringWidth(word, FONT, 9) + 10 * mm
        if self.data.not_pinned:
            c.setFillColor(MUTED)
            c.setFont(FONT, 8)
            c.drawRightString(x0 + self.img_w, y - 3, clip_line(
                labels["not_pinned"].replace("{count}", str(self.data.not_pinned)),
                FONT, 8, max(self.img_w - (x - x0), 40)))


def _counts_table(title: str, rows: list[tuple[str, int]], labels: dict[str, str],
                  styles: dict, width: float) -> Flowable:
    body = [[Paragraph(_text(title), styles["cell_bold"]), ""]]
    for label, count in rows:
        body.append([Paragraph(_text(label), styles["cell"]), str(count)])
    if not rows:
        body.append([Paragraph(_text(labels["none"]), styles["cell"]), ""])
    body.append([Paragraph(_text(labels["total"]), styles["cell_bold"]),
                 str(sum(count for _, count in rows))])
    table = Table(body, colWidths=[width - 16 * mm, 16 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("FONT", (1, -1), (1, -1), FONT_BOLD, 8.5),
        ("SPAN", (0, 0), (1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), PANEL),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    return table


# --- the document ----------------------------------------------------------------------------


def _page_text(label: str, number: int, total: int) -> str:
    if "{page}" not in label:
        return f"{label} {number}/{total}".strip()
    return label.replace("{page}", str(number)).replace("{pages}", str(total))


def _canvas_maker(data: MapData) -> type[Canvas]:
    """A canvas that knows the page count when it draws the footer ("Strona 2 z 5")."""

    class _MapCanvas(PagedCanvas):
        def _furniture(self, number: int, total: int) -> None:
            page_w, page_h = self._pagesize
            x0, x1 = MARGIN, page_w - MARGIN
            width = x1 - x0
            self.saveState()
            y = MARGIN_BOTTOM - 7 * mm
            self.setStrokeColor(GRID)
            self.setLineWidth(0.5)
            self.line(x0, y + 4.5 * mm, x1, y + 4.5 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            page_text = _page_text(data.labels["page"], number, total)
            self.drawRightString(x1, y + 1 * mm, page_text)
            self.drawString(x0, y + 1 * mm, clip_line(
                data.footer, FONT, 7.5, width - stringWidth(page_text, FONT, 7.5) - 8 * mm))
            if number > 1:
                head = f"{data.labels['title']} · {data.edition_name}"
                self.drawString(x0, page_h - MARGIN_TOP + 5 * mm,
                                clip_line(head, FONT, 7.5, width))
                self.line(x0, page_h - MARGIN_TOP + 3.5 * mm, x1,
                          page_h - MARGIN_TOP + 3.5 * mm)
            self.restoreState()

    return _MapCanvas


def _frame(size: tuple[float, float], name: str) -> Frame:
    w, h = size
    return Frame(MARGIN, MARGIN_BOTTOM, w - 2 * MARGIN, h - MARGIN_TOP - MARGIN_BOTTOM,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name)


def render(data: MapData) -> bytes:
    """The PDF. Raises ``ValueError`` when ``data.labels`` lacks a key of LABEL_KEYS."""
    missing = sorted(set(LABEL_KEYS) - set(data.labels))
    if missing:
        raise ValueError(f"missing labels: {', '.join(missing)}")
    register_fonts()
    styles = _styles()
    labels = data.labels
    portrait, wide = A4, landscape(A4)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=portrait, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=f"{labels['title']} — {data.edition_name}", subject=data.district,
        author=data.edition_name, creator="pb",
    )
    document.addPageTemplates([
        PageTemplate(id="portrait", frames=[_frame(portrait, "p")], pagesize=portrait),
        PageTemplate(id="landscape", frames=[_frame(wide, "l")], pagesize=wide),
    ])
    width = portrait[0] - 2 * MARGIN
    story: list[Flowable] = [_Cover(data, width), Spacer(1, 7 * mm),
                             Paragraph(_text(labels["counts"]), styles["h1"])]

    # Counts: two tables side by side, twice.
    half = (width - 6 * mm) / 2
    pairs = [
        (_counts_table(labels["needs_by_state"], data.counts_by_state, labels, styles, half),
         _counts_table(labels["needs_by_source"], data.counts_by_source, labels, styles, half)),
        (_counts_table(labels["needs_by_category"], data.counts_by_category, labels, styles,
                       half),
         _counts_table(labels["resources_by_kind"], data.counts_by_kind, labels, styles, half)),
    ]
    for left, right in pairs:
        grid = Table([[left, right]], colWidths=[half + 6 * mm, half])
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story += [grid, Spacer(1, 5 * mm)]

    # The map.
    reader = image_or_none(data.plan_image)
    if reader is not None:
        pw, ph = data.plan_size
        story += [NextPageTemplate("landscape" if pw > ph else "portrait"), PageBreak(),
                  Paragraph(_text(labels["map"]), styles["h1"]), _Map(data, reader),
                  NextPageTemplate("portrait"), PageBreak()]
    else:
        story += [Paragraph(_text(labels["map"]), styles["h2"]),
                  Paragraph(_text(labels["no_plan"]), styles["body"]),
                  Spacer(1, 4 * mm), CondPageBreak(60 * mm)]

    # The needs by category.
    story.append(Paragraph(_text(labels["needs"]), styles["h1"]))
    if not data.needs_by_category:
        story.append(Paragraph(_text(labels["none"]), styles["body"]))
    for category, needs in data.needs_by_category:
        story.append(CondPageBreak(40 * mm))
        story.append(Paragraph(_text(f"{category} ({len(needs)})"), styles["h2"]))
        for need in needs:
            story += _need_flowables(need, labels, styles)

    # The resources by kind.
    story += [CondPageBreak(60 * mm), Spacer(1, 4 * mm),
              Paragraph(_text(labels["resources"]), styles["h1"])]
    if not data.resources_by_kind:
        story.append(Paragraph(_text(labels["none"]), styles["body"]))
    for kind, resources in data.resources_by_kind:
        story.append(CondPageBreak(30 * mm))
        story.append(Paragraph(_text(f"{_capital(kind)} ({len(resources)})"), styles["h2"]))
        for resource in resources:
            lines = [(labels["offers"], resource.offers), (labels["where"], resource.place),
                     (labels["category"], resource.category),
                     (labels["place_on_plan"], resource.cell)]
            story += _entry(f"{resource.number}. {resource.name}", lines, styles)

    document.build(story, canvasmaker=_canvas_maker(data))
    return buffer.getvalue()


def _entry(heading: str, lines: list[tuple[str, str]], styles: dict,
           lead: str = "") -> list[Flowable]:
    """A heading, an optional ``lead`` paragraph and "label: text" paragraphs (empty ones left
    out). The heading keeps with the first of them; the rest may run on to the next page."""
    paragraphs = [Paragraph(_text(lead), styles["line"])] if lead.strip() else []
    paragraphs += [Paragraph(f'<font name="{FONT_BOLD}">{escape(label)}:</font> {_text(value)}',
                             styles["line"])
                   for label, value in lines if value and str(value).strip()]
    head = Paragraph(_text(heading), styles["item"])
    if paragraphs:
        return [KeepTogether([head, paragraphs[0]]), *paragraphs[1:]]
    return [head]


def _need_flowables(need: NeedEntry, labels: dict[str, str], styles: dict) -> list[Flowable]:
    affected = need.affected
    if need.affected_count is not None:
        count = labels["people"].replace("{count}", str(need.affected_count))
        affected = f"{affected} ({count})" if affected else count
    if need.evidence.strip():
        evidence = (labels["evidence"], f"{need.evidence} ({labels['source'].lower()}: "
                                        f"{need.source})" if need.source else need.evidence)
    else:
        evidence = (labels["source"], need.source)
    lines = [
        (labels["where"], need.place),
        (labels["affected"], affected),
        evidence,
        (labels["state"], need.state),
        (labels["closing_note"], need.closing_note),
        (labels["support"], str(need.support_count)),
        (labels["answered_by"], "; ".join(need.projects) or labels["no_project"]),
        (labels["noted_on"], need.noted_on),
        (labels["place_on_plan"], need.cell),
    ]
    return _entry(f"{need.number}. {need.title}", lines, styles, lead=need.description)


# --- gathering the data ----------------------------------------------------------------------


def map_pdf(edition, *, read_plan: Callable[[object], bytes | None] | None = None) -> bytes:
    """The PDF of ``edition``'s diagnosis in the current request's language."""
    from flask_babel import gettext as _

    from pb.core.plan import cell_of
    from pb.diagnosis.exports import (
        NEED_SOURCE_LABELS,
        NEED_STATE_LABELS,
        RESOURCE_KIND_LABELS,
        diagnosis_of,
        generated_on,
    )
    from pb.diagnosis.mapping import plan_path
    from pb.diagnosis.services import categories_of
    from pb.i18n import fmt_date

    d = diagnosis_of(edition)
    labels = map_labels()
    no_category = labels["no_category"]
    by_category: dict[str, list[NeedEntry]] = {}
    order = [c.name for c in categories_of(edition)]
    for need in d.needs:
        name = need.category.name if need.category else no_category
        by_category.setdefault(name, []).append(NeedEntry(
            number=need.number, title=need.title, description=need.description,
            place=need.place, affected=need.affected, affected_count=need.affected_count,
            evidence=need.evidence, source=str(NEED_SOURCE_LABELS[need.source]),
            noted_on=fmt_date(need.noted_on, "long"), state=str(NEED_STATE_LABELS[need.state]),
            closing_note=need.closing_note, support_count=need.support_count,
            projects=[f"{_('project')} {p.number}. {p.title}"
                      for p in d.answering.get(need.id, [])],
            cell=cell_of(need.point) if need.point is not None and d.plan else "",
        ))
    order += [name for name in by_category if name not in order]
    needs_by_category = [(name, by_category[name]) for name in order if name in by_category]
    by_kind: dict[str, list[ResourceEntry]] = {}
    for kind in RESOURCE_KIND_LABELS:
        for resource in d.resources:
            if resource.kind == kind:
                by_kind.setdefault(str(RESOURCE_KIND_LABELS[kind]), []).append(ResourceEntry(
                    number=resource.number, name=resource.name, offers=resource.offers,
                    place=resource.place,
                    category=resource.category.name if resource.category else "",
                    cell=(cell_of(resource.point)
                          if resource.point is not None and d.plan else ""),
                ))
    image = None
    if d.plan is not None:
        if read_plan is not None:
            image = read_plan(d.plan)
        else:
            try:
                image = plan_path(d.plan).read_bytes()
            except OSError:
                image = None
    pinned = sum(1 for p in d.pins if p.kind != PinKind.PROJECT)
    data = MapData(
        edition_name=edition.name,
        district=f"{edition.municipality}, {edition.district}",
        generated_on=generated_on(),
        labels=labels,
        needs_by_category=needs_by_category,
        resources_by_kind=list(by_kind.items()),
        counts_by_state=[(str(label), sum(1 for n in d.needs if n.state == state))
                         for state, label in NEED_STATE_LABELS.items()],
        counts_by_category=[(name, len(entries)) for name, entries in needs_by_category],
        counts_by_source=[(str(label), n) for source, label in NEED_SOURCE_LABELS.items()
                          if (n := sum(1 for x in d.needs if x.source == source))],
        counts_by_kind=[(kind, len(entries)) for kind, entries in by_kind.items()],
        plan_image=image,
        plan_size=(d.plan.width, d.plan.height) if d.plan else (1, 1),
        pins=d.pins,
        not_pinned=len(d.needs) + len(d.resources) - pinned,
        footer=f"{edition.name} · {edition.municipality}, {edition.district} · pb",
    )
    return render(data)


def map_labels() -> dict[str, str]:
    from flask_babel import gettext as _

    words = {
        "title": _("Map of resources and needs"),
        "district": _("District"),
        "generated_on": _("As of"),
        "counts": _("In numbers"),
        "needs_by_state": _("Needs by state"),
        "needs_by_category": _("Needs by category"),
        "needs_by_source": _("Needs by source of evidence"),
        "resources_by_kind": _("Resources by kind"),
        "total": _("In total"),
        "map": _("Plan of the district"),
        "no_plan": _("This edition has no plan of the district yet, so there is no map; "
                     "the needs and resources are listed below."),
        "need": _("need"),
        "resource": _("resource"),
        "project": _("project"),
        "chosen": _("project chosen in the vote"),
        "not_pinned": _("Not on the plan: {count} (see the lists)"),
        "needs": _("Needs"),
        "no_category": _("No category"),
        "where": _("Where"),
        "affected": _("Who is affected"),
        "people": _("about {count} people"),
        "evidence": _("How we know"),
        "source": _("Source"),
        "noted_on": _("Noted on"),
        "state": _("State"),
        "closing_note": _("Why it was closed"),
        "support": _("Residents who said \"me too\""),
        "answered_by": _("Projects answering it"),
        "no_project": _("no project yet"),
        "place_on_plan": _("On the plan"),
        "resources": _("Resources"),
        "offers": _("What it offers"),
        "category": _("Category"),
        "none": _("(none)"),
        "page": _("Page {page} of {pages}"),
    }
    return {key: words[key] for key in LABEL_KEYS}
