from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from pb.core.budget import OWN_CATEGORIES, BudgetCategory, parse_quantity
from pb.forms_util import BaseForm, MoneyField

CATEGORY_LABELS = {
    BudgetCategory.MATERIALS: _l("Materials"),
    BudgetCategory.SERVICES: _l("Services"),
    BudgetCategory.TRANSPORT: _l("Transport"),
    BudgetCategory.TICKETS: _l("Tickets and passes"),
    BudgetCategory.FOOD: _l("Food"),
    BudgetCategory.EQUIPMENT: _l("Equipment"),
    BudgetCategory.PROMOTION: _l("Promotion"),
    BudgetCategory.OTHER: _l("Other"),
    BudgetCategory.VOLUNTEER_WORK: _l("Volunteer work"),
    BudgetCategory.DONATED_MATERIALS: _l("Donated materials"),
    BudgetCategory.PARTNER_HELP: _l("Partner's help"),
}

SECTION_LABELS = {
    "basics": _l("Description"),
    "results": _l("Expected results"),
    "schedule": _l("Schedule"),
    "budget": _l("Budget"),
}

DATE_MESSAGE = _l("Enter a date, for example 2013-05-20.")


class NumberField(StringField):
    """A decimal number typed with a comma or a dot, held as ``Decimal`` in ``.data``."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return format(self.data.normalize(), "f").replace(".", ",")
        return ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or valuelist[0] == "":
            return
        if not valuelist[0].strip():  # only spaces: not a number, and not "nothing" either
            raise ValueError(str(_l("Enter a number, for example 3 or 2,5.")))
        try:
            self.data = parse_quantity(valuelist[0])
        except ValueError as exc:
            raise ValueError(str(_l("Enter a number, for example 3 or 2,5."))) from exc


class NeedChoiceField(SelectMultipleField):
    """The ids of the diagnosis's needs ticked on the basics page. Which ids may be named is
    the service's rule (:func:`pb.projects.services.set_project_needs`); here only that each
    is an id at all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        from pb.db_types import parse_id

        ids = [parse_id(value) for value in valuelist]
        if any(i is None for i in ids):
            self.data = []
            raise ValueError(str(_l("Choose the needs from the list.")))
        self.data = list(dict.fromkeys(ids))


class BasicsForm(BaseForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    summary = StringField(
        _l("In one sentence"),
        description=_l("Shown on the ballot card; at most 200 characters."),
        validators=[Length(max=200)],
    )
    needs = NeedChoiceField(_l("Which needs of the district's diagnosis does it answer?"))
    # The group's own words on the need(s) chosen above (the field keeps its old name).
    need = TextAreaField(
        _l("In your own words: how does the project answer the need?"),
        description=_l("What is wrong or missing now, and what will change thanks to the "
                       "project."),
        validators=[Length(max=5000)],
    )
    beneficiaries = StringField(
        _l("Who benefits?"),
        description=_l("For example: children from the district and their parents."),
        validators=[Length(max=300)],
    )
    beneficiaries_count = IntegerField(
        _l("How many people benefit?"),
        validators=[
            Optional(),
            NumberRange(1, 1_000_000, _l("Enter a number from 1 to 1 000 000.")),
        ],
    )
    place = StringField(_l("Where in the district?"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])


class ResultForm(BaseForm):
    name = StringField(
        _l("Result"), description=_l("For example: playgrounds renovated."),
        validators=[DataRequired(_l("Name the result.")), Length(max=200)],
    )
    target = NumberField(_l("Target"), validators=[InputRequired(_l("Enter the target."))])
    unit = StringField(
        _l("Unit"), description=_l("For example: pcs, people."),
        validators=[DataRequired(_l("Give a unit, for example “pcs” or “people”.")),
                    Length(max=40)],
    )


class TaskForm(BaseForm):
    title = StringField(
        _l("Task"), validators=[DataRequired(_l("Name the task.")), Length(max=200)]
    )
    starts_on = DateField(_l("Start"), validators=[DataRequired(DATE_MESSAGE)])
    ends_on = DateField(_l("End"), validators=[DataRequired(DATE_MESSAGE)])
    responsible = SelectField(_l("Responsible"), coerce=int)


def _category_choices(own: bool) -> list[tuple[str, object]]:
    return [
        (c.value, CATEGORY_LABELS[c]) for c in BudgetCategory if (c in OWN_CATEGORIES) == own
    ]


class BudgetLineForm(BaseForm):
    category = SelectField(_l("Category"))
    item = StringField(
        _l("What"), validators=[DataRequired(_l("Say what the line is for.")), Length(max=200)]
    )
    quantity = NumberField(_l("Quantity"), validators=[InputRequired(_l("Enter the quantity."))])
    unit = StringField(
        _l("Unit"),
        validators=[DataRequired(_l("Give a unit, for example “pcs”, “hours” or “tickets”.")),
                    Length(max=40)],
    )
    unit_price = MoneyField(_l("Unit price (PLN)"))

    def __init__(self, *args, own: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = _category_choices(own)
        if own:
            self.unit_price.label.text = str(_l("Value of one unit (PLN)"))

    def validate_unit_price(self, field):
        if field.data is None and not field.errors:
            from wtforms.validators import ValidationError

            raise ValidationError(str(_l("Enter a unit price greater than zero.")))


class PhotoForm(BaseForm):
    photo = FileField(_l("Photo"), validators=[FileRequired(_l("Choose a photo to send."))])


def section_choices() -> list[tuple[str, object]]:
    return [("", _l("The whole project")), *SECTION_LABELS.items()]


class CommentForm(BaseForm):
    section = SelectField(_l("About"), choices=section_choices)
    body = TextAreaField(
        _l("Comment"),
        validators=[DataRequired(_l("Write the comment.")), Length(max=5000)],
    )
