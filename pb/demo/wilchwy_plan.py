"""A schematic plan of Wilchwy, drawn by pb itself for the demo edition (nothing downloaded).

The plan is a picture, north up, of a made-up but plausible layout of the district: the main road
towards Wodzisław's centre, a few streets with generic names, the stream, the school, Dom Kultury
w Wilchwach, the parish church, the sports club's field, the three playgrounds, green areas, the
blocks and the miners' houses by the former 1 Maja colliery. The street names are generic (the
seeds name none in Wilchwy); only the MOPS address (ul. Kubsza 28, in the town centre, off the
plan) comes from the seeds.

:data:`PLACES` names the spots the demo's pins stand on, as :class:`~pb.core.plan.Point`, so a pin
is always where its place is drawn. :func:`draw_plan` returns PNG bytes, the same on every run.
"""

from __future__ import annotations

import io
import math
import random
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from pb.config import REPO_ROOT
from pb.core.plan import SCALE, Corners, Point

WIDTH, HEIGHT = 1600, 1200

# About 1.5 km west to east and 1.1 km north to south around 50.01 N, 18.42 E (a degree of
# longitude is about 71.5 km there, a degree of latitude 111.2 km).
CORNERS = Corners(north=Decimal("50.015060"), west=Decimal("18.409500"),
                  south=Decimal("50.004940"), east=Decimal("18.430500"))
METRES_PER_PIXEL = 1500 / WIDTH

_FONTS = REPO_ROOT / "static" / "fonts"

# --- colours ---------------------------------------------------------------------------------
LAND = (246, 242, 232)
MEADOW = (226, 238, 208)
GREEN = (200, 228, 180)
GREEN_EDGE = (150, 196, 128)
TREE = (150, 196, 128)
WATER = (120, 180, 226)
WATER_EDGE = (84, 146, 204)
MAIN_ROAD = (255, 226, 150)
MAIN_CASING = (214, 170, 80)
STREET = (255, 255, 255)
STREET_CASING = (196, 188, 170)
HOUSE = (222, 214, 200)
HOUSE_EDGE = (178, 166, 146)
BLOCK = (206, 196, 182)
TEXT = (44, 44, 44)
MUTED = (120, 112, 100)
HALO = (255, 255, 255)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(_FONTS / name), size)


# --- the layout, in pixels of the 1600 × 1200 picture ----------------------------------------

STREAM = [(330, 0), (352, 90), (318, 190), (300, 290), (340, 380), (392, 462), (450, 560),
          (540, 640), (640, 700), (700, 800), (680, 900), (700, 1000), (760, 1100), (800, 1200)]

MAIN_ROAD_LINE = [(0, 420), (200, 440), (420, 470), (640, 505), (860, 545), (1060, 590),
                  (1220, 660), (1380, 770), (1600, 930)]

STREETS: dict[str, list[tuple[int, int]]] = {
    "ul. Szkolna": [(660, 508), (650, 360), (640, 200), (650, 60)],
    "ul. Kościelna": [(1010, 580), (1000, 420), (1010, 250), (1040, 130)],
    "ul. Górnicza": [(1220, 660), (1300, 540), (1420, 400), (1600, 250)],
    "ul. Sportowa": [(240, 445), (250, 600), (270, 760)],
    "ul. Lipowa": [(860, 545), (880, 700), (900, 900), (920, 1200)],
    "ul. Ogrodowa": [(880, 720), (1080, 740), (1330, 735)],
    "ul. Polna": [(705, 905), (900, 900), (1150, 890), (1500, 870)],
    "ul. Łąkowa": [(100, 430), (110, 260), (150, 100)],
    "ul. Parkowa": [(1000, 420), (1150, 430), (1300, 540)],
    "ul. Słoneczna": [(912, 1040), (1100, 1035), (1240, 1024)],
}
# A footpath over the stream from ul. Polna to the sports field (with the footbridge).
FOOTPATH = [(705, 905), (560, 920), (440, 900), (380, 880)]

# Landmark buildings and grounds: (left, top, right, bottom).
SCHOOL = (690, 200, 830, 290)
SCHOOL_FIELD = (700, 310, 880, 420)
CULTURE_HOUSE = (880, 610, 990, 680)
CULTURE_GREEN = (760, 580, 870, 690)
CHURCH = (1050, 280, 1130, 350)
SPORTS_FIELD = (120, 770, 420, 960)
CLUB_HOUSE = (430, 800, 490, 850)
PARK = [(470, 600), (560, 660), (640, 720), (690, 800), (670, 880), (560, 870), (480, 780),
        (430, 680)]
MEADOWS = [(0, 30), (300, 30), (280, 150), (250, 300), (180, 380), (0, 380)]
COLLIERY = [(1330, 30), (1600, 30), (1600, 220), (1480, 260), (1380, 200)]
CHURCH_GREEN = (1040, 360, 1150, 420)
CEMETERY = (1130, 110, 1300, 220)
ALLOTMENTS = (380, 1000, 640, 1140)
# The miners' terraced houses (familoki) along ul. Górnicza: (centre, angle in degrees).
FAMILOKI = [((1294, 486), -49.4), ((1336, 437), -49.4), ((1378, 388), -49.4),
            ((1448, 324), -39.8), ((1506, 276), -39.8)]
HEADFRAME = (1395, 112)
BLOCKS = [(1350, 560, 1430, 590), (1460, 580, 1540, 610), (1350, 640, 1430, 670),
          (1470, 660, 1550, 690)]
PLAYGROUNDS = {
    "playground_school": (852, 240),
    "playground_blocks": (1445, 628),
    "playground_square": (560, 760),
}
BUS_STOP = (780, 514)
BRIDGE = (688, 908)

# The spots the demo's pins stand on (pixels; turned into points below).
_SPOTS: dict[str, tuple[int, int]] = {
    # needs
    **PLAYGROUNDS,
    "blocks_yard": (1480, 740),
    "culture_green": (790, 612),
    "centre": (905, 470),
    "miners_houses": (1322, 456),
    "footbridge": BRIDGE,
    "szkolna_pavement": (645, 420),
    "colliery": (1440, 170),
    # resources
    "school": (760, 245),
    "culture_house": (910, 645),
    "culture_hall": (962, 645),
    "culture_meeting": (1018, 640),
    "culture_desk": (1060, 690),
    "church": (1090, 315),
    "parish_hall": (1095, 390),
    "club_house": (460, 825),
    "mops_arrow": (1545, 900),
    "miners_group": (1462, 316),
    # projects
    "playgrounds_project": (612, 742),
    "culture_green_project": (845, 640),
    "school_field": (790, 365),
    "repair_corner": (962, 596),
    "towards_centre": (1470, 858),
    "coach_stop": (880, 515),
    # residents' reports
    "footbridge_report": (640, 950),
    "lipowa_south": (880, 1112),
    "bus_stop": BUS_STOP,
    "school_field_report": (740, 398),
}


def point_of(x: int, y: int) -> Point:
    """The plan's point for pixel ``(x, y)`` of the picture."""
    return Point(round(x * SCALE / WIDTH), round(y * SCALE / HEIGHT))


def pixel_of(point: Point) -> tuple[int, int]:
    return round(point.x * WIDTH / SCALE), round(point.y * HEIGHT / SCALE)


PLACES: dict[str, Point] = {name: point_of(*xy) for name, xy in _SPOTS.items()}


# --- geometry helpers ------------------------------------------------------------------------


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _distance_to_line(p, line) -> float:
    return min(_distance_to_segment(p, a, b) for a, b in zip(line, line[1:], strict=False))


def _inside(p, box, margin: int = 0) -> bool:
    left, top, right, bottom = box
    return left - margin <= p[0] <= right + margin and top - margin <= p[1] <= bottom + margin


def _smooth(line, steps: int = 8):
    """A Catmull-Rom curve through ``line`` (the stream's meanders)."""
    points = [line[0], *line, line[-1]]
    out = []
    for i in range(1, len(points) - 2):
        p0, p1, p2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        for s in range(steps):
            t = s / steps
            out.append(tuple(
                0.5 * (2 * p1[k] + (-p0[k] + p2[k]) * t
                       + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t * t
                       + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t * t * t)
                for k in range(2)))
    out.append(line[-1])
    return out


# --- drawing ---------------------------------------------------------------------------------


def _line(draw: ImageDraw.ImageDraw, line, colour, width: int) -> None:
    draw.line(line, fill=colour, width=width, joint="curve")
    r = width / 2 - 0.5
    for x, y in (line[0], line[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


def _label(image: Image.Image, text: str, centre, *, size: int = 18, bold: bool = False,
           colour=TEXT, angle: float = 0.0, italic_blue: bool = False) -> None:
    """``text`` centred on ``centre``, turned by ``angle`` degrees, with a white halo."""
    font = _font(size, bold)
    box = font.getbbox(text, stroke_width=3)
    w, h = box[2] - box[0] + 8, box[3] - box[1] + 8
    tile = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text((4 - box[0], 4 - box[1]), text, font=font, fill=colour,
                              stroke_width=3, stroke_fill=HALO)
    if angle:
        tile = tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    x, y = centre
    image.alpha_composite(tile, (round(x - tile.width / 2), round(y - tile.height / 2)))


def _along(line, fraction: float):
    """The point ``fraction`` of the way along ``line`` and the angle of the line there."""
    lengths = [math.dist(a, b) for a, b in zip(line, line[1:], strict=False)]
    target = sum(lengths) * fraction
    for (a, b), length in zip(zip(line, line[1:], strict=False), lengths, strict=True):
        if target <= length or length == lengths[-1]:
            t = 0 if length == 0 else min(1.0, target / length)
            angle = -math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])), angle
        target -= length
    return line[-1], 0.0


def _house(draw: ImageDraw.ImageDraw, centre, angle: float, w: int, h: int,
           fill=HOUSE, edge=HOUSE_EDGE) -> None:
    c, s = math.cos(angle), math.sin(angle)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    draw.polygon([(centre[0] + x * c - y * s, centre[1] + x * s + y * c) for x, y in corners],
                 fill=fill, outline=edge)


def _houses(draw: ImageDraw.ImageDraw, stream) -> None:
    """Family houses along the streets, wherever nothing else is drawn."""
    rng = random.Random(2012)
    reserved = [SCHOOL, SCHOOL_FIELD, CULTURE_HOUSE, CULTURE_GREEN, CHURCH, CHURCH_GREEN,
                SPORTS_FIELD, CLUB_HOUSE, (1320, 540, 1570, 720), (0, 0, 600, 34),
                (0, 1010, 330, 1200), (1300, 960, 1600, 1200), (1360, 0, 1600, 270),
                (1500, 20, 1600, 150), CEMETERY, ALLOTMENTS]
    reserved += [(x - 34, y - 34, x + 34, y + 34) for (x, y), _ in FAMILOKI]
    reserved += [(x - 40, y - 36, x + 40, y + 36) for x, y in PLAYGROUNDS.values()]
    roads = [MAIN_ROAD_LINE, *STREETS.values(), FOOTPATH]
    placed: list[tuple[float, float]] = []
    for line in STREETS.values():
        for a, b in zip(line, line[1:], strict=False):
            length = math.dist(a, b)
            angle = math.atan2(b[1] - a[1], b[0] - a[0])
            nx, ny = -math.sin(angle), math.cos(angle)
            for k in range(int(length // 40)):
                t = (k + 0.5) * 40 / length
                base = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
                for side in (1, -1):
                    offset = 30 + rng.randint(-3, 4)
                    centre = (base[0] + side * nx * offset, base[1] + side * ny * offset)
                    if not (12 < centre[0] < WIDTH - 12 and 40 < centre[1] < HEIGHT - 12):
                        continue
                    if any(_inside(centre, box, 16) for box in reserved):
                        continue
                    if min(_distance_to_line(centre, r) for r in roads) < 22:
                        continue
                    if _distance_to_line(centre, stream) < 34:
                        continue
                    if _point_in_polygon(centre, PARK) or _point_in_polygon(centre, MEADOWS):
                        continue
                    if any(math.dist(centre, other) < 30 for other in placed):
                        continue
                    placed.append(centre)
                    _house(draw, centre, angle, 24 + rng.randint(0, 6), 18 + rng.randint(0, 4))


def _point_in_polygon(p, polygon) -> bool:
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _trees(draw: ImageDraw.ImageDraw, polygon, count: int, seed: int) -> None:
    rng = random.Random(seed)
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    planted = 0
    while planted < count:
        p = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if _point_in_polygon(p, polygon):
            r = rng.randint(7, 11)
            draw.ellipse((p[0] - r, p[1] - r, p[0] + r, p[1] + r), fill=TREE,
                         outline=(120, 170, 100))
            planted += 1


def _playground(draw: ImageDraw.ImageDraw, centre) -> None:
    x, y = centre
    draw.rounded_rectangle((x - 30, y - 24, x + 30, y + 24), radius=8, fill=(250, 222, 150),
                           outline=(206, 160, 70), width=2)
    # A swing: the frame and two seats.
    draw.line((x - 18, y + 14, x - 10, y - 14, x + 10, y - 14, x + 18, y + 14),
              fill=(150, 100, 40), width=3)
    draw.line((x - 5, y - 14, x - 5, y + 4), fill=(150, 100, 40), width=2)
    draw.line((x + 5, y - 14, x + 5, y + 4), fill=(150, 100, 40), width=2)
    draw.rectangle((x - 8, y + 4, x - 2, y + 7), fill=(150, 100, 40))
    draw.rectangle((x + 2, y + 4, x + 8, y + 7), fill=(150, 100, 40))


def _pitch(draw: ImageDraw.ImageDraw, box) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, fill=(134, 196, 120), outline=(96, 160, 84), width=3)
    white = (250, 252, 246)
    inner = (left + 10, top + 10, right - 10, bottom - 10)
    draw.rectangle(inner, outline=white, width=2)
    mid = (left + right) / 2
    draw.line((mid, inner[1], mid, inner[3]), fill=white, width=2)
    cy = (top + bottom) / 2
    r = (bottom - top) / 6
    draw.ellipse((mid - r, cy - r, mid + r, cy + r), outline=white, width=2)
    depth = (right - left) / 9
    for x0, x1 in ((inner[0], inner[0] + depth), (inner[2] - depth, inner[2])):
        draw.rectangle((x0, cy - r * 1.6, x1, cy + r * 1.6), outline=white, width=2)


def _road_arrow(draw: ImageDraw.ImageDraw, start, end) -> None:
    """A white arrow along the main road, towards the town centre."""
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    draw.line((start, end), fill=(255, 255, 255), width=5)
    for turn in (2.6, -2.6):
        tip = (end[0] + 16 * math.cos(angle + turn), end[1] + 16 * math.sin(angle + turn))
        draw.line((end, tip), fill=(255, 255, 255), width=5)


def _headframe(draw: ImageDraw.ImageDraw, top) -> None:
    """The colliery's old shaft tower: two legs, a strut and the wheel."""
    x, y = top
    ink = (110, 100, 86)
    draw.line((x - 22, y + 56, x, y), fill=ink, width=4)
    draw.line((x + 22, y + 56, x, y), fill=ink, width=4)
    draw.line((x + 22, y + 56, x + 40, y + 56), fill=ink, width=4)
    draw.line((x - 12, y + 28, x + 12, y + 28), fill=ink, width=3)
    draw.ellipse((x - 11, y - 11, x + 11, y + 11), fill=LAND, outline=ink, width=3)
    draw.rectangle((x + 26, y + 40, x + 48, y + 56), fill=(200, 190, 174), outline=ink)


def _cemetery(draw: ImageDraw.ImageDraw, box) -> None:
    draw.rectangle(box, fill=(214, 226, 204), outline=(150, 170, 140), width=2)
    left, top, right, bottom = box
    for row in range(top + 22, bottom - 8, 26):
        for col in range(left + 18, right - 8, 26):
            draw.line((col, row - 7, col, row + 7), fill=(110, 120, 100), width=2)
            draw.line((col - 5, row - 3, col + 5, row - 3), fill=(110, 120, 100), width=2)


def _allotments(draw: ImageDraw.ImageDraw, box) -> None:
    draw.rectangle(box, fill=(214, 234, 196), outline=GREEN_EDGE, width=2)
    left, top, right, bottom = box
    rng = random.Random(1)
    for y in range(top + 8, bottom - 30, 36):
        for x in range(left + 8, right - 40, 50):
            shade = rng.choice([(196, 222, 170), (226, 238, 200), (204, 226, 184)])
            draw.rectangle((x, y, x + 42, y + 28), fill=shade, outline=(170, 196, 150))


def _north_arrow(image: Image.Image, draw: ImageDraw.ImageDraw, centre) -> None:
    x, y = centre
    draw.ellipse((x - 44, y - 44, x + 44, y + 44), fill=(255, 255, 255), outline=MUTED, width=2)
    draw.polygon([(x, y - 34), (x + 14, y + 18), (x, y + 8)], fill=TEXT)
    draw.polygon([(x, y - 34), (x - 14, y + 18), (x, y + 8)], fill=(255, 255, 255), outline=TEXT)
    _label(image, "N", (x, y + 30), size=16, bold=True)


def _scale_bar(image: Image.Image, draw: ImageDraw.ImageDraw, right: int, bottom: int) -> None:
    metres = 200
    length = round(metres / METRES_PER_PIXEL)
    left = right - length
    draw.rounded_rectangle((left - 14, bottom - 44, right + 14, bottom + 8), radius=6,
                           fill=(255, 255, 255), outline=(210, 204, 190))
    draw.rectangle((left, bottom - 12, left + length // 2, bottom - 4), fill=TEXT)
    draw.rectangle((left + length // 2, bottom - 12, right, bottom - 4),
                   fill=(255, 255, 255), outline=TEXT)
    _label(image, "0", (left, bottom - 26), size=14)
    _label(image, f"ok. {metres} m", (right - 26, bottom - 26), size=14)


def _grid(image: Image.Image) -> None:
    """Faint grid lines and the letters and numbers pb's place-by-grid uses (A–J, 1–10)."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for i in range(1, 10):
        x = i * WIDTH // 10
        y = i * HEIGHT // 10
        draw.line((x, 0, x, HEIGHT), fill=(90, 80, 60, 34), width=1)
        draw.line((0, y, WIDTH, y), fill=(90, 80, 60, 34), width=1)
    image.alpha_composite(layer)
    for i, letter in enumerate("ABCDEFGHIJ"):
        x = (2 * i + 1) * WIDTH // 20
        _label(image, letter, (x, 13), size=14, colour=MUTED)
        _label(image, letter, (x, HEIGHT - 13), size=14, colour=MUTED)
    for j in range(10):
        y = (2 * j + 1) * HEIGHT // 20
        _label(image, str(j + 1), (12, y), size=14, colour=MUTED)
        _label(image, str(j + 1), (WIDTH - 14, y), size=14, colour=MUTED)


def _panel(image: Image.Image, box, lines) -> None:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).rounded_rectangle(box, radius=10, fill=(255, 255, 255, 235),
                                            outline=(200, 192, 176, 255), width=2)
    image.alpha_composite(layer)
    draw = ImageDraw.Draw(image)
    x, y = box[0] + 18, box[1] + 14
    for text, size, bold, colour in lines:
        draw.text((x, y), text, font=_font(size, bold), fill=colour)
        y += round(size * 1.45)


def _legend(image: Image.Image, draw: ImageDraw.ImageDraw, left: int, top: int) -> None:
    box = (left, top, left + 290, top + 168)
    draw.rounded_rectangle(box, radius=10, fill=(255, 255, 255), outline=(200, 192, 176),
                           width=2)
    font = _font(15)
    rows = [
        ("main", "ulica główna"),
        ("street", "ulica"),
        ("water", "potok"),
        ("green", "zieleń, park"),
        ("house", "budynki"),
        ("play", "plac zabaw"),
    ]
    y = top + 16
    for kind, text in rows:
        x0, cy = left + 16, y + 9
        if kind == "main":
            draw.line((x0, cy, x0 + 44, cy), fill=MAIN_CASING, width=14)
            draw.line((x0, cy, x0 + 44, cy), fill=MAIN_ROAD, width=9)
        elif kind == "street":
            draw.line((x0, cy, x0 + 44, cy), fill=STREET_CASING, width=10)
            draw.line((x0, cy, x0 + 44, cy), fill=STREET, width=6)
        elif kind == "water":
            draw.line((x0, cy, x0 + 44, cy), fill=WATER, width=8)
        elif kind == "green":
            draw.rectangle((x0, cy - 8, x0 + 44, cy + 8), fill=GREEN, outline=GREEN_EDGE)
        elif kind == "house":
            draw.rectangle((x0 + 8, cy - 8, x0 + 36, cy + 8), fill=HOUSE, outline=HOUSE_EDGE)
        else:
            draw.rounded_rectangle((x0 + 8, cy - 9, x0 + 36, cy + 9), radius=4,
                                   fill=(250, 222, 150), outline=(206, 160, 70), width=2)
        draw.text((x0 + 60, cy), text, font=font, fill=TEXT, anchor="lm")
        y += 24


def _hatch(image: Image.Image, polygon, colour) -> None:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(polygon, fill=255)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.polygon(polygon, fill=(226, 220, 208, 255))
    for k in range(-HEIGHT, WIDTH, 16):
        draw.line((k, HEIGHT, k + HEIGHT, 0), fill=colour, width=2)
    image.paste(layer, (0, 0), mask)
    ImageDraw.Draw(image).polygon(polygon, outline=(170, 160, 144))


def draw_plan() -> bytes:
    """The plan as PNG bytes (1600 × 1200, north up)."""
    image = Image.new("RGBA", (WIDTH, HEIGHT), LAND + (255,))
    draw = ImageDraw.Draw(image)

    # Green areas first: meadows, the park by the stream, the colliery's old ground.
    draw.polygon(MEADOWS, fill=MEADOW, outline=GREEN_EDGE)
    _hatch(image, COLLIERY, (196, 186, 168, 255))
    draw.polygon(PARK, fill=GREEN, outline=GREEN_EDGE)
    _trees(draw, PARK, 16, 7)
    _trees(draw, MEADOWS, 10, 8)
    draw.rectangle(CULTURE_GREEN, fill=GREEN, outline=GREEN_EDGE)
    draw.rectangle(CHURCH_GREEN, fill=GREEN, outline=GREEN_EDGE)
    _trees(draw, [(1046, 366), (1144, 366), (1144, 414), (1046, 414)], 4, 9)

    # The stream, with green banks.
    stream = _smooth(STREAM)
    _line(draw, stream, (214, 234, 200), 46)
    _line(draw, stream, WATER_EDGE, 16)
    _line(draw, stream, WATER, 12)

    # Streets, then the main road over them.
    for line in [*STREETS.values()]:
        _line(draw, line, STREET_CASING, 20)
    for line in [*STREETS.values()]:
        _line(draw, line, STREET, 15)
    draw.line(FOOTPATH, fill=(170, 150, 120), width=3, joint="curve")
    for a, b in zip(FOOTPATH, FOOTPATH[1:], strict=False):
        steps = int(math.dist(a, b) // 12)
        for k in range(steps):
            if k % 2:
                t0, t1 = k / steps, (k + 1) / steps
                draw.line((a[0] + t0 * (b[0] - a[0]), a[1] + t0 * (b[1] - a[1]),
                           a[0] + t1 * (b[0] - a[0]), a[1] + t1 * (b[1] - a[1])),
                          fill=LAND, width=3)
    _line(draw, MAIN_ROAD_LINE, MAIN_CASING, 30)
    _line(draw, MAIN_ROAD_LINE, MAIN_ROAD, 24)
    # Bridges where the main road and the footpath cross the stream.
    (bx, by), _ = _along(MAIN_ROAD_LINE[1:3], (392 - 200) / 220)
    slope = (470 - 440) / 220
    for side in (-19, 19):
        draw.line((bx - 24, by - 24 * slope + side, bx + 24, by + 24 * slope + side),
                  fill=(110, 100, 86), width=4)
    _cemetery(draw, CEMETERY)
    _headframe(draw, HEADFRAME)
    _allotments(draw, ALLOTMENTS)
    fx, fy = BRIDGE
    draw.rectangle((fx - 16, fy - 6, fx + 16, fy + 6), fill=(196, 168, 120),
                   outline=(140, 110, 70))

    _houses(draw, stream)

    # The blocks and the miners' houses.
    for box in BLOCKS:
        draw.rectangle(box, fill=BLOCK, outline=HOUSE_EDGE, width=2)
    for centre, angle in FAMILOKI:
        _house(draw, centre, math.radians(angle), 50, 22, fill=(214, 182, 160),
               edge=(170, 130, 104))

    # Landmarks.
    draw.rectangle(SCHOOL, fill=(236, 164, 124), outline=(180, 110, 74), width=2)
    draw.rectangle((SCHOOL[0], SCHOOL[1], SCHOOL[0] + 40, SCHOOL[3] + 20), fill=(236, 164, 124),
                   outline=(180, 110, 74), width=2)
    _pitch(draw, SCHOOL_FIELD)
    draw.rectangle(CULTURE_HOUSE, fill=(176, 156, 220), outline=(120, 100, 170), width=2)
    draw.rectangle(CHURCH, fill=(230, 200, 130), outline=(170, 136, 70), width=2)
    cx = (CHURCH[0] + CHURCH[2]) // 2
    draw.rectangle((cx - 14, CHURCH[1] - 26, cx + 14, CHURCH[1] + 4), fill=(230, 200, 130),
                   outline=(170, 136, 70), width=2)
    draw.line((cx, CHURCH[1] - 48, cx, CHURCH[1] - 26), fill=(120, 90, 40), width=4)
    draw.line((cx - 9, CHURCH[1] - 40, cx + 9, CHURCH[1] - 40), fill=(120, 90, 40), width=4)
    _pitch(draw, SPORTS_FIELD)
    draw.rectangle(CLUB_HOUSE, fill=(170, 200, 220), outline=(100, 140, 170), width=2)
    for centre in PLAYGROUNDS.values():
        _playground(draw, centre)
    # Bus stop: a small shelter with a sign.
    sx, sy = BUS_STOP
    draw.rounded_rectangle((sx - 13, sy - 38, sx + 13, sy - 16), radius=4, fill=(40, 110, 170))
    _label(image, "A", (sx, sy - 27), size=14, bold=True, colour=(255, 255, 255))

    # Names of the streets, the stream and the places.
    _label(image, "ul. Główna", (170, 426), size=19, bold=True, angle=-5)
    _label(image, "ul. Główna", (1130, 618), size=19, bold=True, angle=-22)
    for name, line in STREETS.items():
        fraction = {"ul. Szkolna": 0.62, "ul. Kościelna": 0.78, "ul. Górnicza": 0.8,
                    "ul. Sportowa": 0.45, "ul. Lipowa": 0.72, "ul. Ogrodowa": 0.55,
                    "ul. Polna": 0.62, "ul. Łąkowa": 0.55, "ul. Parkowa": 0.32,
                    "ul. Słoneczna": 0.5}[name]
        (x, y), angle = _along(line, fraction)
        _label(image, name, (x, y), size=15, angle=angle, colour=(70, 64, 56))
    _label(image, "potok", (332, 250), size=17, colour=(40, 100, 170), angle=80)
    _label(image, "potok", (735, 1060), size=17, colour=(40, 100, 170), angle=-62)
    _label(image, "ścieżka i kładka", (520, 946), size=14, colour=(110, 94, 70), angle=2)

    _label(image, "Szkoła Podstawowa", (760, 180), size=17, bold=True)
    _label(image, "boisko szkolne", (790, 436), size=14, colour=MUTED)
    _label(image, "Dom Kultury", (935, 700), size=17, bold=True)
    _label(image, "w Wilchwach", (935, 721), size=15)
    _label(image, "skwer", (815, 660), size=13, colour=(70, 110, 60))
    _label(image, "kościół", (1178, 300), size=16, bold=True)
    _label(image, "parafialny", (1190, 320), size=16, bold=True)
    _label(image, "cmentarz", (1215, 238), size=13, colour=MUTED)
    _label(image, "ogródki działkowe", (510, 1157), size=14, colour=(70, 110, 60))
    _label(image, "boisko klubu sportowego", (270, 990), size=16, bold=True)
    _label(image, "klub", (460, 866), size=13, colour=MUTED)
    _label(image, "park nad potokiem", (585, 690), size=14, colour=(70, 110, 60), angle=-30)
    _label(image, "bloki", (1445, 545), size=15, bold=True)
    _label(image, "familoki", (1310, 416), size=15, bold=True, angle=49)
    _label(image, "teren dawnej", (1490, 98), size=15, colour=(96, 88, 76))
    _label(image, "kopalni 1 Maja", (1490, 118), size=15, colour=(96, 88, 76))
    _label(image, "łąki", (200, 310), size=16, colour=(90, 130, 70))
    _label(image, "przystanek", (780, 468), size=13, colour=(40, 110, 170))
    _label(image, "plac zabaw", PLAYGROUNDS["playground_school"][0:1]
           + (PLAYGROUNDS["playground_school"][1] + 38,), size=13, colour=(150, 100, 40))
    _label(image, "plac zabaw", (1445, 666), size=13, colour=(150, 100, 40))
    _label(image, "plac zabaw", (560, 798), size=13, colour=(150, 100, 40))

    # Towards the town centre, where the MOPS office is.
    draw = ImageDraw.Draw(image)
    _road_arrow(draw, (1500, 858), (1590, 924))
    _panel(image, (1250, 980, 1562, 1080), [
        ("↘ do centrum Wodzisławia Śl.", 16, True, TEXT),
        ("MOPS, ul. Kubsza 28", 15, False, TEXT),
        ("(poza planem)", 13, False, MUTED),
    ])

    _grid(image)
    _panel(image, (26, 34, 560, 128), [
        ("Wilchwy — plan dzielnicy", 26, True, TEXT),
        ("Wodzisław Śląski · plan poglądowy do diagnozy dzielnicy, 2012", 15, False, MUTED),
    ])
    draw = ImageDraw.Draw(image)
    _north_arrow(image, draw, (1512, 196))
    _legend(image, draw, 26, 1012)
    _scale_bar(image, draw, 1540, 1160)

    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
