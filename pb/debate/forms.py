from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from pb.debate.models import VoterCategory
from pb.editions.forms import MultiCheckboxField
from pb.forms_util import BaseForm

CATEGORY_LABELS = {
    VoterCategory.RESIDENT: _l("Resident"),
    VoterCategory.OFFICIAL: _l("Official"),
}

WHOLE = _l("Enter a whole number.")


class DebateForm(BaseForm):
    name = StringField(
        _l("Name of the debate"),
        validators=[DataRequired(_l("Name the debate.")), Length(max=200)],
    )
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date, for example "
                                                                 "2013-03-15."))])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    min_marks = IntegerField(_l("Smallest number of marks on a ballot"),
                             validators=[InputRequired(WHOLE), NumberRange(0, 50)])
    max_marks = IntegerField(_l("Largest number of marks on a ballot"),
                             validators=[InputRequired(WHOLE), NumberRange(1, 50)])
    winners = IntegerField(
        _l("How many projects win (for the “most votes” rule)"),
        validators=[InputRequired(WHOLE), NumberRange(1, 50)],
    )
    officials_vote = BooleanField(_l("City officials vote with their own cards"))
    resident_weight = IntegerField(_l("Weight of a resident's ballot"),
                                   validators=[InputRequired(WHOLE), NumberRange(1, 100)])
    official_weight = IntegerField(_l("Weight of an official's ballot"),
                                   validators=[InputRequired(WHOLE), NumberRange(1, 100)])
    ballot_board = BooleanField(
        _l("Publish the ballot board after closing (every ballot by receipt code)")
    )


class CardsForm(BaseForm):
    count = IntegerField(
        _l("Number of cards"),
        validators=[InputRequired(WHOLE),
                    NumberRange(1, 2000, _l("Print from 1 to %(max)d cards at a time."))],
    )
    category = SelectField(_l("Category"))
    large_print = BooleanField(_l("Large print (two cards a page)"))


class VoidForm(BaseForm):
    number = IntegerField(_l("Number of the lost card"),
                          validators=[InputRequired(WHOLE), NumberRange(1, 1_000_000)])


class TellersForm(BaseForm):
    # The service checks each account (a teller, or a clear message), not the list of choices.
    tellers = MultiCheckboxField(_l("Tellers who count at this debate's desk"), coerce=int,
                                 validate_choice=False)


class CodeForm(BaseForm):
    code = StringField(
        _l("Card code"),
        validators=[DataRequired(_l("Type the code printed under the square code."))],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "inputmode": "text"},
    )
