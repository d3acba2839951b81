"""Forms of the diagnosis."""

from __future__ import annotations

# --- the district plan and placing pins (map) -------------------------------------------------
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Length

from pb.core.plan import SCALE, Corners, Point, cell_names, parse_cell
from pb.forms_util import BaseForm

CORNER_NAMES = ("north", "south", "west", "east")


class DegreesField(StringField):
    """A latitude or longitude typed with a dot or a Polish comma, held as ``Decimal``."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return format(self.data.normalize(), "f").replace(".", ",")
        return ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not str(valuelist[0]).strip():
            return
        text = str(valuelist[0]).strip().replace(" ", "").replace(",", ".")
        if text.startswith("+"):
            text = text[1:]
        body = text[1:] if text.startswith("-") else text
        whole, _dot, fraction = body.partition(".")
        try:
            if not (whole.isascii() and whole.isdigit() and len(whole) <= 3
                    and (not fraction or (fraction.isascii() and fraction.isdigit()))
                    and len(fraction) <= 6):
                raise InvalidOperation
            self.data = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(str(_l(
                "Enter degrees as a decimal number with at most six decimal places, "
                "for example 50,012345."))) from exc


class PlanForm(BaseForm):
    plan = FileField(
        _l("Picture of the plan"),
        description=_l("A JPEG, PNG or WebP picture, at most 16 MB. North at the top."),
    )
    north = DegreesField(_l("Latitude of the top (north) edge"),
                         description=_l("For example 50,012345."))
    south = DegreesField(_l("Latitude of the bottom (south) edge"),
                         description=_l("Smaller than the top edge's."))
    west = DegreesField(_l("Longitude of the left (west) edge"),
                        description=_l("For example 18,456789."))
    east = DegreesField(_l("Longitude of the right (east) edge"),
                        description=_l("Larger than the left edge's."))

    def corners(self) -> Corners | None:
        """The four corners, or None when all four are empty (check :meth:`validate_corners`
        first)."""
        values = [getattr(self, name).data for name in CORNER_NAMES]
        if all(v is None for v in values):
            return None
        return Corners(north=self.north.data, west=self.west.data, south=self.south.data,
                       east=self.east.data)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid:
            return False
        given = [name for name in CORNER_NAMES if getattr(self, name).data is not None]
        if given and len(given) < len(CORNER_NAMES):
            for name in CORNER_NAMES:
                if name not in given:
                    getattr(self, name).errors = [str(_l(
                        "Give all four edges, or leave all four empty."))]
            return False
        return True


def _cell_choices() -> list[tuple[str, str]]:
    return [("", _l("— choose a square —"))] + [(name, name) for name in cell_names()]


class PinForm(BaseForm):
    """Where a pin goes: a point clicked on the map (hidden ``x``/``y``, set by the script), a
    square of the grid chosen from the list, or a square typed; or nowhere (``remove``)."""

    x = HiddenField()
    y = HiddenField()
    cell = SelectField(_l("Square of the grid"), choices=_cell_choices, validate_choice=False)
    cell_text = StringField(
        _l("…or type the square"),
        description=_l("A letter from A to J and a number from 1 to 10, for example C4."),
        validators=[Length(max=10)],
    )
    next = HiddenField()
    # The "Remove from the map" button (name="remove"): no place needed then.
    remove = StringField()

    point: Point | None = None

    def validate(self, extra_validators=None) -> bool:
        """Work out :attr:`point` (typed square, then the map's point, then the chosen
        square); removing needs no place."""
        valid = super().validate(extra_validators)
        if not valid:
            return False
        if self.remove.data:
            return True
        typed = (self.cell_text.data or "").strip()
        if typed:
            self.point = parse_cell(typed)
            if self.point is None:
                self.cell_text.errors = [str(_l(
                    "There is no such square on the plan. Type a letter from A to J and a number "
                    "from 1 to 10, for example C4."))]
                return False
            return True
        x, y = (self.x.data or "").strip(), (self.y.data or "").strip()
        if x or y:
            if not (x.isascii() and x.isdigit() and y.isascii() and y.isdigit()
                    and len(x) <= 5 and len(y) <= 5
                    and int(x) <= SCALE and int(y) <= SCALE):
                self.form_errors.append(str(_l(
                    "The place clicked on the map is not on the plan. Click on the map again "
                    "or choose a square.")))
                return False
            self.point = Point(int(x), int(y))
            return True
        chosen = self.cell.data or ""
        if chosen:
            self.point = parse_cell(chosen) if chosen in cell_names() else None
            if self.point is None:
                self.cell.errors = [str(_l("Choose a square from the list."))]
                return False
            return True
        self.cell.errors = [str(_l(
            "Choose a place: click on the map, choose a square from the list or type it."))]
        return False
