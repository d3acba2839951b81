"""The home page, the language switch and the error pages."""

from __future__ import annotations

from flask import abort, current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from pb.accounts.models import Role
from pb.debate.services import desks_of
from pb.editions.services import editions_visible_to, groups_of, public_editions
from pb.extensions import db
from pb.i18n import LANG_COOKIE, LANG_COOKIE_MAX_AGE
from pb.main import bp
from pb.security import is_safe_next


@bp.before_app_request
def refuse_nul_characters():
    """A NUL character has no use in any field, and PostgreSQL refuses it: answer 400 early."""
    if "\x00" in request.path or any(
        "\x00" in value for values in (request.args, request.form)
        for _name, repeated in values.lists()  # type: ignore[attr-defined]
        for value in repeated
    ):
        abort(400)


@bp.app_errorhandler(OverflowError)
@bp.app_errorhandler(DataError)
def database_refused_value(error):
    # A value the database cannot hold (a number beyond its range…): nothing was saved.
    db.session.rollback()
    return bad_request(error)


@bp.app_context_processor
def inject_locale():
    return {"current_locale": lambda: str(get_locale())}


@bp.route("/")
def index():
    signed_in = current_user.is_authenticated
    mine = editions_visible_to(current_user) if signed_in else []
    my_groups = groups_of(current_user) if signed_in else []
    desks = desks_of(current_user) if signed_in and current_user.role == Role.TELLER else []
    return render_template(
        "main/index.html", editions=public_editions(), mine=mine, my_groups=my_groups,
        desks=desks,
    )


@bp.post("/language")
def set_language():
    lang = request.form.get("lang", "")
    target = request.form.get("next", "")
    response = make_response(redirect(target if is_safe_next(target) else url_for("main.index")))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, httponly=True, samesite="Lax"
        )
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    message = _(
        "The form has expired or was sent from elsewhere. Go back, reload the page and try again."
    )
    return render_template("errors/error.html", code=400, message=message), 400


@bp.app_errorhandler(400)
def bad_request(error):
    return render_template(
        "errors/error.html",
        code=400,
        message=_("Something in what was sent was wrong. Go back and try again."),
    ), 400


@bp.app_errorhandler(403)
def forbidden(error):
    return render_template(
        "errors/error.html", code=403, message=_("You do not have access to this page.")
    ), 403


@bp.app_errorhandler(PermissionError)
def permission_refused(error):
    # Services raise PermissionError when the acting user may not do something.
    return forbidden(error)


@bp.app_errorhandler(404)
def not_found(error):
    return render_template(
        "errors/error.html", code=404, message=_("There is no such page.")
    ), 404


@bp.app_errorhandler(405)
def method_not_allowed(error):
    return render_template(
        "errors/error.html", code=405, message=_("This action is not available this way.")
    ), 405


@bp.app_errorhandler(413)
def too_large(error):
    return render_template(
        "errors/error.html", code=413, message=_("The file is too large.")
    ), 413


@bp.app_errorhandler(500)
def server_error(error):
    db.session.rollback()
    return render_template(
        "errors/error.html",
        code=500,
        message=_("Something went wrong on our side. Nothing you saved before was lost."),
    ), 500
