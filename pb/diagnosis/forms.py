"""Forms of the diagnosis."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from pb.core.plan import SCALE, Corners, Point, cell_names, parse_cell
from pb.diagnosis.labels import NEED_SOURCE_LABELS, NEED_STATE_LABELS, RESOURCE_KIND_LABELS
from pb.diagnosis.models import NeedSource, ResourceKind
from pb.forms_util import BaseForm
from pb.projects.forms import NumberField

# --- needs, resources and categories (the managers' forms and the groups' need form) ----------

DATE_MESSAGE = _l("Enter a date, for example 2012-09-01.")


class DayField(DateField):
    """A date; one typed but not understood is said so in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(DATE_MESSAGE)) from exc


def category_choices(categories) -> list[tuple[int, str]]:
    """The choices of a category select: none (0), then the edition's categories."""
    return [(0, str(_l("— no category —")))] + [(c.id, c.name) for c in categories]


class NeedForm(BaseForm):
    title = StringField(
        _l("What is the need? (a short title)"),
        description=_l("For example: The playground on Szkolna Street is broken."),
        validators=[DataRequired(_l("Give the need a title.")), Length(max=200)],
    )
    description = TextAreaField(_l("What is wrong or missing?"), validators=[Length(max=5000)])
    place = StringField(
        _l("Where?"), description=_l("A street, a building, a yard."),
        validators=[Length(max=200)],
    )
    affected = StringField(
        _l("Who is affected?"), description=_l("For example: children from the blocks, seniors."),
        validators=[Length(max=300)],
    )
    affected_count = IntegerField(
        _l("Roughly how many people?"),
        validators=[Optional(), NumberRange(0, 1_000_000,
                                            _l("Enter a number from 0 to 1 000 000."))],
        render_kw={"inputmode": "numeric"},
    )
    evidence = TextAreaField(
        _l("Evidence"),
        description=_l("What shows the need: numbers, photos, what residents said."),
        validators=[Length(max=5000)],
    )
    source = SelectField(
        _l("Source of the evidence"),
        choices=lambda: [(s.value, label) for s, label in NEED_SOURCE_LABELS.items()],
        default=NeedSource.OTHER.value,
    )
    noted_on = DayField(
        _l("Date noted"), description=_l("Leave empty for today."),
        validators=[Optional()],
    )
    category = SelectField(_l("Category"), coerce=int, default=0)



class NeedEditForm(NeedForm):
    state = SelectField(
        _l("State"), choices=lambda: [(s.value, label) for s, label in NEED_STATE_LABELS.items()],
    )
    closing_note = TextAreaField(
        _l("Why is it closed?"), description=_l("Needed when the need is closed."),
        validators=[Length(max=2000)],
    )


class ResourceForm(BaseForm):
    name = StringField(
        _l("Name of the resource"),
        description=_l("For example: the culture house's hall, the sports club."),
        validators=[DataRequired(_l("Give the resource a name.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Kind"), choices=lambda: [(k.value, label) for k, label in RESOURCE_KIND_LABELS.items()],
        default=ResourceKind.PLACE.value,
    )
    offers = TextAreaField(
        _l("What does it offer?"), description=_l("For example: a hall free on Saturdays."),
        validators=[Length(max=5000)],
    )
    place = StringField(_l("Where?"), validators=[Length(max=200)])
    contact = TextAreaField(
        _l("How to reach it"),
        description=_l("A person, a phone, an e-mail. Only the edition's managers see it."),
        validators=[Length(max=2000)],
    )
    category = SelectField(_l("Category"), coerce=int, default=0)


class CategoryForm(BaseForm):
    name = StringField(
        _l("Name of the category"),
        validators=[DataRequired(_l("Give the category a name.")), Length(max=80)],
    )


# --- residents' voice: a report, its moderation, "me too" (voice) ------------------------------


def _cell_choices() -> list[tuple[str, object]]:
    return [("", _l("I don't know")), *((c, c) for c in cell_names())]


def _contact_check(form, field) -> None:
    text = (field.data or "").strip()
    if not text:
        return
    is_email = re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) is not None
    is_phone = 9 <= len(re.sub(r"\D", "", text)) <= 15 and re.fullmatch(r"[\d +()\-./]+", text)
    if not (is_email or is_phone):
        raise ValidationError(_l("Give a phone number (e.g. 500 600 700) or an e-mail address, "
                                 "or leave this empty."))


def _cell_check(form, field) -> None:
    if (field.data or "").strip() and parse_cell(field.data) is None:
        raise ValidationError(_l("Choose a square of the plan, from A1 to J10."))


class ReportForm(BaseForm):
    """A resident's report of a need, on the public page (no account)."""

    what = TextAreaField(
        _l("What is wrong or missing?"),
        validators=[DataRequired(_l("Write what is wrong or missing.")), Length(max=3000)],
        description=_l("In your own words. Please do not name other people."),
    )
    place = StringField(
        _l("Where?"), validators=[Length(max=200)],
        description=_l("A street, a yard, a building, e.g. \"the playground by Szkolna 5\"."),
    )
    cell = SelectField(
        _l("Square on the plan"), choices=_cell_choices, validate_choice=False,
        validators=[_cell_check],
        description=_l("Optional. Find the place on the plan above: a letter across the top, "
                       "a number down the side."),
    )
    photo = FileField(
        _l("Photo (optional)"),
        description=_l("A JPEG, PNG or WebP picture, at most 8 MB."),
    )
    contact = StringField(
        _l("Your phone or e-mail (optional)"), validators=[Length(max=200), _contact_check],
        description=_l("Only the animator sees it, in case they want to ask you something. "
                       "It is never shown on the website."),
    )


def _optional_id(value) -> int | None:
    if value in (None, "", "0", 0):
        return None
    return int(value)


class PublishReportForm(BaseForm):
    title = StringField(
        _l("Title of the need"),
        validators=[DataRequired(_l("Give the need a title.")), Length(max=200)],
    )
    description = TextAreaField(
        _l("What is wrong or missing"), validators=[Length(max=3000)],
        description=_l("Published as written here: remove names of people and contacts."),
    )
    category_id = SelectField(_l("Category"), coerce=_optional_id, validate_choice=False)


class MergeReportForm(BaseForm):
    need_id = SelectField(_l("Existing need"), coerce=_optional_id, validate_choice=False)


class RejectReportForm(BaseForm):
    note = StringField(_l("Note (optional, not shown to anyone outside)"),
                       validators=[Length(max=500)])


class SupportForm(BaseForm):
    """The "me too" button: a POST with its CSRF token only."""


# --- the district plan and pins (map) ---------------------------------------------------------

# --- the district plan and placing pins (map) -------------------------------------------------

CORNER_NAMES = ("north", "south", "west", "east")


class DegreesField(NumberField):
    """A latitude or longitude typed with a dot or a Polish comma, held as ``Decimal``; shown
    again as the drafts' number fields show theirs, only read more strictly (at most three
    whole digits and six decimal places)."""

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
