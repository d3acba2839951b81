"""Helpers shared by the forms of every area."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, StringField
from wtforms.validators import ValidationError

from pb.core.money import MoneyError, grosze_to_input, parse_pln
from pb.errors import DomainError


class BaseForm(FlaskForm):
    """Every pb form. Uploaded files reach only file fields: a file part named like a text
    field is ignored rather than handed to a text validator."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            data = super().wrap_formdata(form, formdata)
            if isinstance(data, CombinedMultiDict) and request.files:
                # wtforms' class, the base of both flask_wtf's FileField and MultipleFileField.
                file_fields = {field.name for field in form if isinstance(field, FileField)}
                files = MultiDict([(key, value) for key, value in request.files.items(multi=True)
                                   if key in file_fields])
                return CombinedMultiDict((files, request.form))
            return data


MONEY_MESSAGES = {
    "empty": _l("Enter an amount in PLN."),
    "format": _l("Enter an amount in PLN, for example 5000 or 5 000,50."),
    "precision": _l("Amounts have at most two decimal places (grosze)."),
    "negative": _l("The amount cannot be negative."),
}


class MoneyField(StringField):
    """A PLN amount typed as text, held as integer grosze in ``.data``."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return grosze_to_input(self.data) if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or valuelist[0] == "":
            return
        try:
            self.data = parse_pln(valuelist[0])
        except MoneyError as exc:
            self.data = None
            raise ValueError(str(MONEY_MESSAGES[exc.reason])) from exc


class PositiveMoney:
    """Validator: the amount is present and greater than zero."""

    def __call__(self, form, field):
        if field.data is None and not field.errors:
            raise ValidationError(str(MONEY_MESSAGES["empty"]))
        if field.data is not None and field.data <= 0:
            raise ValidationError(str(_l("The amount must be greater than zero.")))


def apply_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*list(field.errors), str(error.message)]
    else:
        form.form_errors.append(str(error.message))
