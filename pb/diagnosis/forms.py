"""Forms of the diagnosis."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from pb.core.plan import cell_names, parse_cell
from pb.forms_util import BaseForm

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
