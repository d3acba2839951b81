from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from pb.core.phases import Phase
from pb.forms_util import BaseForm, MoneyField, PositiveMoney

PHASE_LABELS = {
    Phase.DIAGNOSIS: _l("Diagnosis"),
    Phase.DRAFTING: _l("Drafting"),
    Phase.REVIEW: _l("Review"),
    Phase.DEBATE: _l("Debate"),
    Phase.EXECUTION: _l("Execution"),
    Phase.CLOSED: _l("Closed"),
}

RULE_LABELS = {
    "top": _l("The projects with the most votes; how many is set for the debate (Wodzisław: 4)"),
    "greedy": _l("Most votes first, while the money lasts (as in Polish city budgets)"),
    "mes": _l("Method of Equal Shares (fair to smaller groups of voters)"),
}

DATE_MESSAGE = _l("Enter a date, for example 2012-09-01.")


def _date(label):
    return DateField(label, validators=[DataRequired(DATE_MESSAGE)])


class EditionForm(BaseForm):
    name = StringField(
        _l("Edition name"),
        validators=[DataRequired(_l("Enter the edition's name.")), Length(max=200)],
    )
    municipality = StringField(
        _l("Municipality"),
        validators=[DataRequired(_l("Enter the municipality.")), Length(max=120)],
    )
    district = StringField(
        _l("District"), validators=[DataRequired(_l("Enter the district.")), Length(max=120)]
    )
    description = TextAreaField(_l("Description for the public"), validators=[Length(max=5000)])
    pool = MoneyField(
        _l("Money for micro-projects (PLN)"), validators=[PositiveMoney()]
    )
    project_cap = MoneyField(_l("Cap for one micro-project (PLN)"), validators=[PositiveMoney()])
    drafting_from = _date(_l("Drafting starts"))
    review_from = _date(_l("Review starts"))
    debate_on = _date(_l("Debate day"))
    execution_from = _date(_l("Execution starts"))
    closed_on = _date(_l("Edition closes"))
    voting_rule = SelectField(
        _l("Voting rule"), choices=lambda: list(RULE_LABELS.items())
    )
    published = BooleanField(_l("Published (the public can see this edition)"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AnimatorsForm(BaseForm):
    animators = MultiCheckboxField(_l("Animators of this edition"), coerce=int)


class GroupForm(BaseForm):
    name = StringField(
        _l("Group name"), validators=[DataRequired(_l("Enter the group's name.")), Length(max=120)]
    )
    animator = SelectField(_l("Animator"), coerce=int)


class AddMemberForm(BaseForm):
    user = SelectField(_l("Participant"), coerce=int)


class NewParticipantForm(BaseForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)]
    )
    login = StringField(
        _l("Login (optional)"),
        description=_l("Leave empty to make one from the name."),
        validators=[Optional(), Length(max=120)],
        render_kw={"autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password (optional)"),
        description=_l("Without a password the participant signs in with a printed card."),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
