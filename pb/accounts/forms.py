from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from pb.accounts.models import Role
from pb.forms_util import BaseForm

ROLE_LABELS = {
    Role.COORDINATOR: _l("Coordinator"),
    Role.ANIMATOR: _l("Animator"),
    Role.PARTICIPANT: _l("Participant"),
    Role.OFFICIAL: _l("Official"),
    Role.TELLER: _l("Teller"),
}


def role_choices() -> list[tuple[str, object]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class LoginForm(BaseForm):
    login = StringField(
        _l("E-mail or login"),
        validators=[DataRequired(_l("Enter your e-mail or login.")), Length(max=254)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class UserCreateForm(BaseForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)]
    )
    login = StringField(
        _l("Login (e-mail or user name)"),
        validators=[DataRequired(_l("Enter a login.")), Length(max=120)],
        render_kw={"autocapitalize": "none"},
    )
    email = StringField(
        _l("E-mail (optional)"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=role_choices)
    password = PasswordField(
        _l("Password"),
        description=_l("At least 8 characters. Participants may also sign in with a printed card."),
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )


class UserEditForm(BaseForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)]
    )
    email = StringField(
        _l("E-mail (optional)"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=role_choices)
    active = BooleanField(_l("Account active (may sign in)"))


class PasswordSetForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter the new password.")), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class OwnPasswordForm(PasswordSetForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class SigninCardForm(BaseForm):
    single_use = BooleanField(_l("Single use (the card stops working after the first sign-in)"),
                              default=True)
    valid_days = IntegerField(
        _l("Valid for (days)"),
        default=14,
        validators=[
            InputRequired(_l("Enter for how many days the card is valid.")),
            NumberRange(1, 90, _l("Enter a number of days from 1 to 90.")),
        ],
    )
