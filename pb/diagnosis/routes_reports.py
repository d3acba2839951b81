"""Residents' voice: the public report page, its moderation, "me too", photos of needs, and
the poster that leads residents to the report page."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pb import permissions, uploads
from pb.actions import form_status, run_form_action
from pb.core.moderation import PersonHint, person_warnings
from pb.core.plan import cell_of, parse_cell
from pb.diagnosis import bp, services
from pb.diagnosis import reports as voice
from pb.diagnosis.forms import (
    MergeReportForm,
    PublishReportForm,
    RejectReportForm,
    ReportForm,
    SupportForm,
)
from pb.diagnosis.mapping import plan_of
from pb.diagnosis.models import Need, NeedReport
from pb.diagnosis.poster import report_poster_pdf
from pb.editions.models import Edition
from pb.errors import DomainError
from pb.extensions import db
from pb.permissions import load


def _client() -> str:
    return request.remote_addr or ""


def _too_many(template: str, status: int = 429, **context) -> tuple[str, int]:
    return render_template(template, too_many=True, **context), status


# --- reporting a need (public) ----------------------------------------------------------------


@bp.route("/editions/<int:edition_id>/report", methods=["GET", "POST"])
def report_need(edition_id: int):
    edition = load(Edition, edition_id, permissions.edition_is_public, hidden=True)
    if not permissions.reports_are_open(current_user, edition):
        return render_template("diagnosis/report_closed.html", edition=edition,
                               until=voice.reporting_until(edition))
    form = ReportForm()
    plan = plan_of(edition)
    plan_url = url_for("diagnosis.plan_image", edition_id=edition.id) if plan else None
    page = {"edition": edition, "form": form, "plan": plan, "plan_url": plan_url,
            "until": voice.reporting_until(edition)}
    if form.validate_on_submit():
        upload = form.photo.data
        photo = upload.read() if upload is not None and getattr(upload, "filename", "") else None
        data = voice.ReportData(
            what=form.what.data or "", place=form.place.data or "",
            point=parse_cell(form.cell.data) if plan is not None and form.cell.data else None,
            contact=form.contact.data or "", photo=photo or None,
        )
        try:
            voice.submit_report(edition, data, client=_client())
        except voice.TooMany:
            db.session.rollback()
            return _too_many("diagnosis/report.html", **page)
        except DomainError as error:
            db.session.rollback()
            from pb.forms_util import apply_domain_error

            apply_domain_error(form, error)
            return render_template("diagnosis/report.html", **page), 400
        db.session.commit()
        return redirect(url_for("diagnosis.report_thanks", edition_id=edition.id))
    return render_template("diagnosis/report.html", **page), form_status(form)


@bp.route("/editions/<int:edition_id>/report/thanks")
def report_thanks(edition_id: int):
    edition = load(Edition, edition_id, permissions.edition_is_public, hidden=True)
    return render_template("diagnosis/report_thanks.html", edition=edition)


# --- moderation (the edition's managers) -------------------------------------------------------


def _managed_edition(edition_id: int) -> Edition:
    return load(Edition, edition_id, permissions.can_moderate_reports)


def _managed_report(report_id: int) -> NeedReport:
    return load(NeedReport, report_id, lambda user, report: permissions.can_moderate_reports(
        user, report.edition))


def _publish_form(report: NeedReport, formdata=None) -> PublishReportForm:
    form = PublishReportForm(formdata=formdata, prefix=f"p{report.id}",
                             title=voice.proposed_title(report), description=report.what)
    form.category_id.choices = [(0, _("No category"))] + [
        (c.id, c.name) for c in services.categories_of(report.edition)]
    return form


def _merge_form(report: NeedReport, needs: list[Need], formdata=None) -> MergeReportForm:
    form = MergeReportForm(formdata=formdata, prefix=f"m{report.id}")
    form.need_id.choices = [(n.id, f"{n.number}. {n.title}") for n in needs]
    return form


def _reject_form(report: NeedReport, formdata=None) -> RejectReportForm:
    return RejectReportForm(formdata=formdata, prefix=f"r{report.id}")


WARNINGS = {
    PersonHint.HONORIFIC: lambda: _("“Mr” or “Mrs” with a name"),
    PersonHint.NAME: lambda: _("what looks like a first name and surname"),
    PersonHint.PHONE: lambda: _("a phone number"),
    PersonHint.EMAIL: lambda: _("an e-mail address"),
}


def _moderation_page(edition: Edition, replaced: dict | None = None, status: int = 200):
    """The queue: every waiting report with its three forms; ``replaced`` holds a form that was
    sent with errors, keyed by (report id, kind), to show it as sent."""
    replaced = replaced or {}
    needs = services.needs_of(edition)
    items = []
    for report in voice.waiting_reports(edition):
        items.append({
            "report": report,
            "cell": cell_of(report.point) if report.point is not None else "",
            "warnings": [WARNINGS[hint]() for hint in person_warnings(
                f"{report.what}\n{report.place}")],
            "publish": replaced.get((report.id, "publish")) or _publish_form(report),
            "merge": replaced.get((report.id, "merge")) or _merge_form(report, needs),
            "reject": replaced.get((report.id, "reject")) or _reject_form(report),
        })
    return render_template(
        "diagnosis/moderation.html", edition=edition, items=items, needs=needs,
        moderated=voice.moderated_reports(edition), until=voice.reporting_until(edition),
        is_open=permissions.reports_are_open(current_user, edition),
        report_url=current_app.config["PUBLIC_URL"] + url_for(
            "diagnosis.report_need", edition_id=edition.id),
    ), status


@bp.route("/manage/editions/<int:edition_id>/reports")
@login_required
def reports(edition_id: int):
    return _moderation_page(_managed_edition(edition_id))


def _queue(report: NeedReport) -> str:
    return url_for("diagnosis.reports", edition_id=report.edition_id)


def _already_moderated(report: NeedReport):
    if report.state.value != "waiting":
        flash(_("This report was already moderated."), "error")
        return redirect(_queue(report))
    return None


@bp.post("/manage/reports/<int:report_id>/publish")
@login_required
def report_publish(report_id: int):
    report = _managed_report(report_id)
    if answer := _already_moderated(report):
        return answer
    form = _publish_form(report, request.form)
    done = run_form_action(
        form, lambda: voice.publish_report(
            report, title=form.title.data or "", description=form.description.data or "",
            category_id=form.category_id.data or None, acting=current_user),
        success=lambda need: _("The report is published as need %(n)d.", n=need.number),
        to=_queue(report),
    )
    if done:
        return done
    if answer := _already_moderated(db.session.get(NeedReport, report_id)):
        return answer
    return _moderation_page(report.edition, {(report.id, "publish"): form}, 400)


@bp.post("/manage/reports/<int:report_id>/merge")
@login_required
def report_merge(report_id: int):
    report = _managed_report(report_id)
    if answer := _already_moderated(report):
        return answer
    form = _merge_form(report, services.needs_of(report.edition), request.form)

    def merge():
        need = db.session.get(Need, form.need_id.data or 0)
        if need is None:
            raise DomainError(_("Choose one of this edition's needs."), "need_id")
        return voice.merge_report(report, need, acting=current_user)

    done = run_form_action(
        form, merge,
        success=lambda need: _("The report is added to need %(n)d.", n=need.number),
        to=_queue(report),
    )
    if done:
        return done
    if answer := _already_moderated(db.session.get(NeedReport, report_id)):
        return answer
    return _moderation_page(report.edition, {(report.id, "merge"): form}, 400)


@bp.post("/manage/reports/<int:report_id>/reject")
@login_required
def report_reject(report_id: int):
    report = _managed_report(report_id)
    if answer := _already_moderated(report):
        return answer
    form = _reject_form(report, request.form)
    done = run_form_action(
        form, lambda: voice.reject_report(report, note=form.note.data or "",
                                          acting=current_user),
        success=_("The report is rejected."),
        to=_queue(report),
        after_commit=lambda path: uploads.remove(path) if path is not None else None,
    )
    if done:
        return done
    if answer := _already_moderated(db.session.get(NeedReport, report_id)):
        return answer
    return _moderation_page(report.edition, {(report.id, "reject"): form}, 400)


@bp.route("/manage/reports/<int:report_id>/photo")
@login_required
def report_photo(report_id: int):
    report = _managed_report(report_id)
    if not report.photo_name:
        abort(404)
    return _photo_file(voice.photo_path(report.edition_id, report.photo_name), public=False)


@bp.route("/manage/editions/<int:edition_id>/poster.pdf")
@login_required
def poster(edition_id: int):
    edition = _managed_edition(edition_id)
    url = current_app.config["PUBLIC_URL"] + url_for("diagnosis.report_need",
                                                     edition_id=edition.id)
    pdf = report_poster_pdf(edition, url, until=voice.reporting_until(edition))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="plakat-zgloszenia-{edition.id}.pdf"',
        "Cache-Control": "no-store",
    })


# --- "me too" and photos of needs (public) ------------------------------------------------------


def _need_url(need: Need) -> str:
    """The need's own page."""
    return url_for("diagnosis.need_page", need_id=need.id)


@bp.post("/needs/<int:need_id>/support")
def support_need(need_id: int):
    need = load(Need, need_id, permissions.need_is_public, hidden=True)
    form = SupportForm()
    if not form.validate_on_submit():
        abort(400)
    if not permissions.can_support_need(current_user, need):
        flash(_("Support for needs is closed in this edition."), "error")
        return redirect(_need_url(need))
    token, new = voice.support_token(request.cookies.get(voice.SUPPORT_COOKIE))
    try:
        counted = voice.support_need(need, token, client=_client())
    except voice.TooMany:
        db.session.rollback()
        return render_template("diagnosis/support_limited.html", need=need,
                               back=_need_url(need)), 429
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_need_url(need))
    db.session.commit()
    if counted:
        flash(_("Thank you: your support is counted."), "success")
    else:
        flash(_("You already support this need."), "warning")
    response = redirect(_need_url(need))
    if new:
        response.set_cookie(
            voice.SUPPORT_COOKIE, token, max_age=voice.SUPPORT_COOKIE_DAYS * 24 * 3600,
            httponly=True, samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


@bp.route("/needs/<int:need_id>/photo")
def need_photo(need_id: int):
    need = load(Need, need_id, permissions.can_see_need, hidden=True)
    if not need.photo_name:
        abort(404)
    return _photo_file(voice.photo_path(need.edition_id, need.photo_name),
                       public=permissions.edition_is_public(current_user, need.edition))


def _photo_file(path, *, public: bool):
    if request.args.get("size") == "thumb" and uploads.thumbnail_path(path).exists():
        path = uploads.thumbnail_path(path)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=3600)
    response.headers["Cache-Control"] = ("public" if public else "private") + ", max-age=3600"
    return response


@bp.app_context_processor
def _voice_helpers():
    return {"support_open": lambda need: permissions.can_support_need(current_user, need),
            "reporting_open": lambda edition: permissions.reports_are_open(current_user,
                                                                           edition)}
