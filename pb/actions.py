"""Running what a route does when something is posted: one way, with one commit.

A route checks access, builds its form, and hands the rest to ``run_form_action`` (a form with
fields) or ``run_action`` (a button): the service is called, the request commits once, the
success is flashed and the browser is sent on. When a service refuses (``DomainError``), nothing
it did is kept: the session is rolled back, and the refusal is shown next to the field it
concerns (a form, shown again with ``form_status`` 400) or flashed (a button).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Response, flash, redirect
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from pb.errors import DomainError
from pb.extensions import db
from pb.forms_util import apply_domain_error

T = TypeVar("T")

#: A value given directly, or worked out from what the service returned.
Given = str | Callable[[T], str]


def _resolve(value: Given | None, result: T) -> str | None:
    return value(result) if callable(value) else value


def _succeed(result: T, success: Given | None, after_commit: Callable[[T], object] | None) -> None:
    db.session.commit()
    if after_commit is not None:
        after_commit(result)
    message = _resolve(success, result)
    if message:
        flash(message, "success")


def run_form_action(
    form: FlaskForm,
    action: Callable[[], T],
    *,
    success: Given | None = None,
    to: Given | None = None,
    respond: Callable[[T], Response] | None = None,
    after_commit: Callable[[T], object] | None = None,
) -> Response | None:
    """Validate ``form``, call ``action()``, commit, flash ``success`` and redirect ``to``.

    ``success`` and ``to`` are strings or functions of what ``action`` returned. Instead of
    ``to``, ``respond(result)`` may build the response itself (a PDF, say); it runs before the
    commit, so if building it fails nothing is saved. ``after_commit(result)`` runs once the
    commit is done (removing a file the saved change no longer needs).

    Returns ``None`` when the form is to be shown again: it was not submitted, did not validate,
    or the service refused; a refusal is rolled back and put on the field it concerns. The
    route then renders its page with ``form_status(form)``.
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        apply_domain_error(form, error)
        return None
    response = respond(result) if respond is not None else None
    _succeed(result, success, after_commit)
    return response if response is not None else redirect(_resolve(to, result))


def run_action(
    action: Callable[[], T],
    *,
    to: Given,
    success: Given | None = None,
    back: str | None = None,
    on_error: Callable[[DomainError], ResponseReturnValue | None] | None = None,
    after_commit: Callable[[T], object] | None = None,
) -> ResponseReturnValue:
    """Call ``action()`` for a button (a POST without fields), commit, flash, redirect ``to``.

    On a refusal the session is rolled back, the refusal is flashed as an error and the browser
    goes ``back`` (by default to ``to``, which must then be a string). ``on_error(error)`` may
    answer a refusal its own way (another page, another message, a 404); when it returns
    ``None`` the refusal is flashed as usual.
    """
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        answer = on_error(error) if on_error is not None else None
        if answer is not None:
            return answer
        flash(str(error.message), "error")
        return redirect(back if back is not None else to)
    _succeed(result, success, after_commit)
    return redirect(_resolve(to, result))


def form_status(*forms: FlaskForm) -> int:
    """400 when a form on the page was submitted and has errors, otherwise 200."""
    return 400 if any(f.is_submitted() and (f.errors or f.form_errors) for f in forms) else 200
