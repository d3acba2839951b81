from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from pb.core.workflow import TaskStatus
from pb.forms_util import BaseForm, MoneyField, PositiveMoney
from pb.projects.forms import NumberField

DATE = _l("Enter a date, for example 2013-05-20.")

TASK_STATUS_LABELS = {
    TaskStatus.PLANNED: _l("planned"),
    TaskStatus.IN_PROGRESS: _l("in progress"),
    TaskStatus.DONE: _l("done"),
    TaskStatus.DROPPED: _l("dropped"),
}


class TaskProgressForm(BaseForm):
    status = SelectField(_l("Status"), choices=lambda: list(TASK_STATUS_LABELS.items()))
    actual_start = DateField(_l("Actually started"), validators=[Optional()])
    actual_end = DateField(_l("Actually finished"), validators=[Optional()])
    done_by = SelectField(_l("Done by"), coerce=int)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=2000)])


class ReplanForm(BaseForm):
    starts_on = DateField(_l("New start"), validators=[DataRequired(DATE)])
    ends_on = DateField(_l("New end"), validators=[DataRequired(DATE)])
    reason = StringField(_l("Why the plan changes"),
                         validators=[DataRequired(_l("Say why the plan changes.")),
                                     Length(max=300)])


class NewTaskForm(BaseForm):
    title = StringField(_l("Task"), validators=[DataRequired(_l("Name the task.")),
                                                Length(max=200)])
    starts_on = DateField(_l("Start"), validators=[DataRequired(DATE)])
    ends_on = DateField(_l("End"), validators=[DataRequired(DATE)])
    responsible = SelectField(_l("Responsible"), coerce=int)
    reason = StringField(_l("Why the task is added"),
                         validators=[DataRequired(_l("Say why the task is added.")),
                                     Length(max=300)])


class ExpenseForm(BaseForm):
    line = SelectField(_l("Budget line"), coerce=int)
    spent_on = DateField(_l("Date"), validators=[DataRequired(DATE)])
    description = StringField(_l("What was bought"),
                              validators=[DataRequired(_l("Say what was bought.")),
                                          Length(max=300)])
    amount = MoneyField(_l("Amount (PLN)"), validators=[PositiveMoney()])
    supplier = StringField(_l("Supplier"), validators=[Length(max=200)])
    document_number = StringField(_l("Invoice or receipt number"), validators=[Length(max=100)])
    receipt = FileField(_l("Photo or scan of the receipt (JPEG, PNG, WebP or PDF, at most 10 MB)"))


class ContributionForm(BaseForm):
    line = SelectField(_l("Own contribution line"), coerce=int)
    delivered_on = DateField(_l("Date"), validators=[DataRequired(DATE)])
    quantity = NumberField(_l("Quantity delivered"),
                           validators=[DataRequired(_l("Enter the quantity."))])
    note = StringField(_l("Note"), validators=[Length(max=300)])


class JournalForm(BaseForm):
    written_on = DateField(_l("Date"), validators=[DataRequired(DATE)])
    body = TextAreaField(_l("What happened"),
                         validators=[DataRequired(_l("Write what happened.")),
                                     Length(max=5000)])
    photos = MultipleFileField(_l("Photos (up to 3)"))


class StoryForm(BaseForm):
    story = TextAreaField(_l("How it went: a short story for the residents"),
                          validators=[Length(max=5000)])


class AbandonForm(BaseForm):
    reason = TextAreaField(_l("Why the project is abandoned"),
                           validators=[DataRequired(_l("Say why the project is abandoned.")),
                                       Length(max=2000)])
